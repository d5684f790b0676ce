//! The command line: every command, flag and argument, declared with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod log;
mod trust;

pub(crate) use log::{
    LogCommand, LogFormat, MonitorArgs, ProveArgs, ServeArgs, VerifyProofArgs, WitnessArgs,
};

pub(crate) use trust::{
    AttestArgs, KeyAlgorithmChoice, KeyCommand, SignArgs, StatementSigning, VerifyArgs,
    VerifyFormat,
};

const EXIT_STATUS_HELP: &str = "\
Exit status:
  0  Success
  1  Findings at or above the failure threshold (`steward scan --fail-on`), or artifacts that
     do not verify (`steward verify`)
  2  Error: invalid arguments or configuration, or an input that could not be read in full
     (reports are still written)

Data goes to standard output; progress, warnings and errors go to standard error.";

/// Know, track and verify the open source you run.
#[derive(Debug, Parser)]
#[command(name = "steward", version, about, after_help = EXIT_STATUS_HELP)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalOptions,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct GlobalOptions {
    /// When to use colors on the terminal.
    ///
    /// `auto` uses colors when writing to a terminal, unless `NO_COLOR` is set.
    #[arg(long, value_enum, global = true, value_name = "WHEN")]
    pub(crate) color: Option<ColorChoice>,

    /// Print only data and errors: no warnings, no progress.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,

    /// Print more about what steward does; repeat for even more.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,

    /// Read the configuration from this file instead of looking for `steward.toml` from the
    /// working directory upwards.
    #[arg(long, global = true, value_name = "FILE", env = crate::environment::STEWARD_CONFIG)]
    pub(crate) config: Option<PathBuf>,

    /// Read no configuration file.
    #[arg(long, global = true, conflicts_with = "config")]
    pub(crate) no_config: bool,
}

/// When to color output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ColorChoice {
    /// Color when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List every package a project declares, from its lockfiles and manifests.
    ///
    /// Walks each directory (in parallel, honouring `.gitignore`, skipping `node_modules`,
    /// `vendor`, `target` and `.git`), reads every file whose name it recognises, and lists the
    /// packages with their version, scope, source and where they were found. Nothing is
    /// executed and nothing is fetched. A file that cannot be read, or only in part, is
    /// reported on standard error and the exit status is 2; every other file is still read and
    /// the report is still written. `docs/formats.md` lists the formats.
    Inventory(InventoryArgs),

    /// Write an SBOM of a project, root filesystem or image: CycloneDX or SPDX.
    ///
    /// Takes the same inputs as `steward inventory`. The subject (the directory, root or
    /// image, with its digest) is the root component; every package is listed with its purl,
    /// version, scope, hashes, licences where the input records them and the files it was
    /// found in, with the dependency graph wherever the inputs record edges. The same inputs
    /// give the same bytes: identifiers are derived from the content, and the creation time is
    /// taken from `SOURCE_DATE_EPOCH` when it is set. A file that cannot be read, or only in
    /// part, is reported on standard error and the exit status is 2; the SBOM is still written.
    Sbom(SbomArgs),

    /// Find known vulnerabilities in a project, root filesystem or image, with the fix.
    ///
    /// Takes the same inputs as `steward inventory` and matches every package with an exact
    /// version against the advisory database (`steward db`), with the ecosystem's own version
    /// rules. Records about one vulnerability (a RUSTSEC, GHSA and CVE id) are one finding. For
    /// each vulnerable package it gives the smallest version that fixes every vulnerability on
    /// it (one in the same major version where there is one) and, for a transitive package, the
    /// direct dependencies that bring it in. Suppressions are read from `steward.toml`. Every
    /// report names the database snapshot by its digest. With no database, it says so, still
    /// reports the inventory, and exits 2.
    Scan(ScanArgs),

    /// Manage the advisory database: download or import OSV records, show what it holds.
    #[command(subcommand)]
    Db(DbCommand),

    /// Make and inspect signing keys; vouch for keys and revoke them.
    #[command(subcommand)]
    Key(KeyCommand),

    /// Sign files: an in-toto statement about them, in a DSSE envelope.
    ///
    /// Every file is a subject with its SHA-256 and SHA-512; the envelope's one signature is
    /// over exactly its pre-authentication encoding. `docs/verify.md` describes the format.
    Sign(SignArgs),

    /// Record a decision — author, review, test, release, suppress, revoke — as a signed
    /// in-toto statement: who (the key), in which role, about what, when and why.
    ///
    /// The predicate (`https://steward.dev/decision/v1`) is described in `docs/decisions.md`.
    /// With `--log`, the statement is also appended to a steward transparency log and its
    /// inclusion proof kept beside it.
    Attest(AttestArgs),

    /// Verify artifacts against attestations, Sigstore bundles, detached or OpenPGP signatures,
    /// or an in-toto layout, entirely offline.
    ///
    /// With `--attestation`, each envelope's signatures are checked with the `--key` keys over
    /// exactly the signed bytes, the statement's subjects against each artifact's digests, and
    /// at least `--threshold` distinct keys must have signed. With `--bundle`, the Sigstore
    /// bundle is verified against the trusted root (the certificate chain at signing time,
    /// SCTs, the transparency-log proofs and timestamps) for the certificate identity and
    /// issuer given, or for `--key`. `--signature` and `--cleartext` check detached (OpenSSH,
    /// minisign, OpenPGP) and cleartext-signed (OpenPGP) files; `--layout` an in-toto supply
    /// chain, without running any command. Given no key and no identity, the `[trust]` policy of
    /// `steward.toml` decides: its signers, their validity and revocation, its rules and the
    /// keys its signers vouch for. Every signature that did not count is listed with why.
    /// Exit status 0 when every artifact verifies, 1 when one does not.
    Verify(VerifyArgs),

    /// Transparency logs: keep, serve, witness and monitor one; make and check its proofs
    /// offline.
    #[command(subcommand)]
    Log(LogCommand),

    /// Check package URLs and print their canonical form.
    ///
    /// Reads the package URLs given as arguments, or one per line from standard input when
    /// there are none (or the argument is `-`). Each valid one is printed in canonical form; each
    /// invalid one is reported on standard error with the reason, and the exit status is 2.
    Purl(PurlArgs),

    /// Compare and sort versions by an ecosystem's own rules.
    #[command(subcommand)]
    Version(VersionCommand),

    /// Print a shell completion script.
    ///
    /// For example: `steward completions bash > ~/.local/share/bash-completion/completions/steward`.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum VersionCommand {
    /// Compare two versions; print `<`, `=` or `>`.
    ///
    /// With no versions, reads one pair per line (separated by whitespace) from standard input
    /// and prints one answer per line; a line that cannot be compared prints `!` and is
    /// reported on standard error with its line number (exit status 2).
    Compare {
        /// The ecosystem (`PyPI`, `npm`, `Debian:12`, `cargo`, …) or version scheme (`semver`,
        /// `pep440`, `maven`, `debian`, `rpm`, …) whose rules to use.
        ecosystem: String,
        /// The first version.
        #[arg(requires = "right")]
        left: Option<String>,
        /// The second version.
        right: Option<String>,
    },

    /// Sort versions read from standard input, one per line, oldest first.
    ///
    /// Lines that are not versions of the scheme are reported on standard error with their
    /// line number and left out (exit status 2).
    Sort {
        /// The ecosystem or version scheme whose rules to use.
        ecosystem: String,
        /// Newest first.
        #[arg(short, long)]
        reverse: bool,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum DbCommand {
    /// Import OSV records: directories of JSON or YAML records at any depth, zip archives in
    /// the OSV layout (`<ecosystem>/all.zip`), git checkouts of advisory repositories.
    ///
    /// The records are added to a new snapshot of the database, which becomes current only once
    /// it is complete and on disk: an import that fails or is interrupted leaves the previous
    /// snapshot as it was. A record that cannot be read is reported with its file and the reason
    /// and skipped (exit status 2); every other record is imported. A record already present is
    /// replaced only by a version modified later.
    Import {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Directories, zip archives or record files to import.
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
    },

    /// Download advisories: OSV's per-ecosystem archives, or a mirror with the same layout.
    ///
    /// The first update of an ecosystem downloads its `all.zip` (an interrupted download is
    /// resumed by the next update); later ones fetch only the records listed as modified since
    /// in the mirror's `modified_id.csv`. Without `--ecosystem`, the ecosystems downloaded before
    /// are updated, and into an empty database the language ecosystems steward reads lockfiles
    /// of. The new snapshot becomes current only once complete: a failed or interrupted update
    /// leaves the previous one as it was. An ecosystem no mirror can give keeps its previous
    /// records, and the exit status is 2.
    Update {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        download: DownloadArgs,
        /// The OSV ecosystem to update (`crates.io`, `PyPI`, `Debian`, ...); repeat for more.
        #[arg(long = "ecosystem", value_name = "NAME")]
        ecosystems: Vec<String>,
        /// Download whole archives even where only a few records changed.
        #[arg(long)]
        full: bool,
    },

    /// Check the current snapshot against its digest: every record against the hash it was
    /// stored with, the lookup index against the records, and the digest over them against the
    /// snapshot's name. Exit status 2 when anything differs, each difference named.
    Verify {
        #[command(flatten)]
        database: DatabaseArgs,
    },

    /// Show the current snapshot: its digest, age, sources and records per ecosystem.
    ///
    /// Warns when the database was last imported or updated more than seven days ago.
    Status {
        #[command(flatten)]
        database: DatabaseArgs,
        /// How to print the status.
        #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
        format: StatusFormat,
    },
}

/// Where the advisory database is.
#[derive(Debug, Args)]
pub(crate) struct DatabaseArgs {
    /// The advisory database directory (by default `$STEWARD_HOME/db`, else
    /// `$XDG_DATA_HOME/steward/db`, else `~/.local/share/steward/db`).
    #[arg(long, value_name = "DIR", env = crate::environment::STEWARD_DB)]
    pub(crate) db: Option<PathBuf>,
}

/// Where advisories are downloaded from.
#[derive(Debug, Args)]
pub(crate) struct DownloadArgs {
    /// A mirror of OSV's per-ecosystem export (`<ecosystem>/all.zip`, `modified_id.csv`,
    /// `<id>.json`), over https; repeat (or separate with commas) to fall back from one to the
    /// next. By default OSV's own, <https://osv-vulnerabilities.storage.googleapis.com>.
    #[arg(long = "mirror", value_name = "URL", env = crate::environment::STEWARD_DB_MIRROR, value_delimiter = ',')]
    pub(crate) mirrors: Vec<String>,
}

/// Output formats of `steward db status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum StatusFormat {
    /// Lines for people.
    Table,
    /// The snapshot's description as JSON.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    #[command(flatten)]
    pub(crate) inputs: InputArgs,

    #[command(flatten)]
    pub(crate) database: DatabaseArgs,

    /// How to report the findings.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = report_formats())]
    pub(crate) format: String,

    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Exit with status 1 when a vulnerability at or above this severity is found and not
    /// suppressed. A vulnerability no one has rated, and a record steward could not evaluate
    /// for a package (undetermined), count at every threshold; informational advisories
    /// (unmaintained, unsound) never do.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = FailOn::Low)]
    pub(crate) fail_on: FailOn,

    /// Show only findings of these severities (comma-separated or repeated); a record no one
    /// has rated is `unrated`. What is left out is counted in the summary, and only what is
    /// shown decides the exit status.
    #[arg(long, value_enum, value_name = "SEVERITY", value_delimiter = ',')]
    pub(crate) severity: Vec<SeverityChoice>,

    /// Leave out vulnerabilities that no version fixes yet (counted in the summary).
    #[arg(long)]
    pub(crate) ignore_unfixed: bool,

    /// Also check every package's licence against the `[licenses]` policy of `steward.toml`:
    /// exit with status 1 when a package does not meet it.
    #[arg(long)]
    pub(crate) licenses: bool,

    /// Never go to the network: scan with the database as it is. Without it, a scan with no
    /// database yet first downloads the advisories of the ecosystems it found.
    #[arg(long)]
    pub(crate) offline: bool,

    #[command(flatten)]
    pub(crate) download: DownloadArgs,
}

fn report_formats() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        steward_report::RENDERERS.iter().map(|renderer| {
            clap::builder::PossibleValue::new(renderer.id).help(renderer.description)
        }),
    )
}

/// A severity `--severity` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SeverityChoice {
    /// CVSS 9.0–10.0.
    Critical,
    /// CVSS 7.0–8.9.
    High,
    /// CVSS 4.0–6.9.
    Medium,
    /// CVSS 0.1–3.9.
    Low,
    /// No severity given (Trivy's `unknown`).
    #[value(alias = "unknown")]
    Unrated,
}

impl SeverityChoice {
    /// The level, `None` for unrated.
    pub(crate) fn level(self) -> Option<steward_osv::Level> {
        use steward_osv::Level;
        match self {
            Self::Critical => Some(Level::Critical),
            Self::High => Some(Level::High),
            Self::Medium => Some(Level::Medium),
            Self::Low => Some(Level::Low),
            Self::Unrated => None,
        }
    }

    /// The name `--severity` takes.
    pub(crate) fn name(self) -> &'static str {
        self.level().map_or("unrated", steward_osv::Level::as_str)
    }
}

/// The failure threshold of `steward scan`.
///
/// A vulnerability without a severity (unrated) and a record steward could not evaluate for a
/// package (undetermined) are not ruled out, so they reach every threshold; suppress them by id
/// to accept them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Any vulnerability, unrated or undetermined.
    Low,
    /// Medium, high, critical, unrated or undetermined.
    Medium,
    /// High, critical, unrated or undetermined.
    High,
    /// Critical, unrated or undetermined.
    Critical,
    /// Never exit 1 for findings.
    Never,
}

#[derive(Debug, Args)]
pub(crate) struct InventoryArgs {
    #[command(flatten)]
    pub(crate) inputs: InputArgs,

    /// How to print the inventory.
    #[arg(long, value_enum, default_value_t = InventoryFormat::Table)]
    pub(crate) format: InventoryFormat,

    /// Write the inventory to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct SbomArgs {
    #[command(flatten)]
    pub(crate) inputs: InputArgs,

    /// The SBOM format.
    #[arg(long, value_name = "FORMAT", default_value = "cyclonedx-json", value_parser = sbom_formats())]
    pub(crate) format: String,

    /// Write the SBOM to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// The name of what the SBOM describes (by default the directory's or image's name).
    #[arg(long, value_name = "NAME")]
    pub(crate) subject_name: Option<String>,

    /// The version of what the SBOM describes (by default the project's own, when it is one
    /// package).
    #[arg(long, value_name = "VERSION")]
    pub(crate) subject_version: Option<String>,

    /// Who supplies what the SBOM describes; the project's own packages (workspace members,
    /// path dependencies) are taken to come from them too. The NTIA minimum elements ask for a
    /// supplier of every component.
    #[arg(long, value_name = "NAME")]
    pub(crate) subject_supplier: Option<String>,
}

fn sbom_formats() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        steward_sbom::WRITERS
            .iter()
            .map(|writer| clap::builder::PossibleValue::new(writer.id).help(writer.standard)),
    )
}

/// What to take the inventory of: the inputs `steward inventory` and `steward sbom` share.
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// Directories to walk and files to read (lockfiles, manifests, Go and Rust binaries, Java
    /// archives); the working directory when nothing is given.
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// Read a file as the given format, whatever its name (`requirements.txt:ci/deps.in`).
    ///
    /// FORMAT is a format id (`requirements-txt`) or the format's usual file name
    /// (`requirements.txt`). Repeatable.
    #[arg(long = "as", value_name = "FORMAT:PATH", value_parser = parse_as)]
    pub(crate) read_as: Vec<ReadAs>,

    /// Read an SBOM, told by its content: CycloneDX 1.2–1.7 (JSON or XML), SPDX 2 (JSON or
    /// tag-value) or SPDX 3 (JSON-LD). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub(crate) sbom: Vec<PathBuf>,

    /// Read what is installed in a root filesystem: OS packages, language packages, Java
    /// archives, Go and Rust binaries. Repeatable.
    #[arg(long, value_name = "DIR")]
    pub(crate) root: Vec<PathBuf>,

    /// Read a container image: an OCI image layout directory, an OCI archive, or a `docker
    /// save` archive; `PATH:TAG` picks one of several images in it. Repeatable.
    #[arg(long, value_name = "PATH")]
    pub(crate) image: Vec<String>,

    /// Also walk `node_modules`, `vendor`, `target` and what `.gitignore` excludes.
    #[arg(long)]
    pub(crate) scan_all: bool,

    /// Leave out files and directories the walk finds that match this glob, in `.gitignore`
    /// syntax relative to each directory walked (`test/**`, `**/fixtures`); added to
    /// `[scan] exclude` of `steward.toml`. Files named on the command line are read whatever
    /// they match. Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub(crate) exclude: Vec<String>,

    /// Keep only the packages of this ecosystem (`npm`, `PyPI`, `Debian`, …). Repeatable.
    #[arg(long = "ecosystem", value_name = "ECOSYSTEM")]
    pub(crate) ecosystems: Vec<String>,

    /// Treat notes — what steward knows it could not know, such as a parent POM outside the
    /// scan or a companion file it refused to read — as errors (exit status 2).
    #[arg(long)]
    pub(crate) strict: bool,

    /// The largest single file read into memory from a root, image or archive.
    #[arg(long, value_name = "BYTES", default_value_t = steward_installed::Limits::default().max_file_bytes, help_heading = "Limits on roots, images and archives")]
    pub(crate) max_file_bytes: u64,

    /// The most bytes decompressed from one image layer or one archive.
    #[arg(long, value_name = "BYTES", default_value_t = steward_installed::Limits::default().max_unpacked_bytes, help_heading = "Limits on roots, images and archives")]
    pub(crate) max_unpacked_bytes: u64,

    /// How deep archives may nest in archives.
    #[arg(long, value_name = "DEPTH", default_value_t = steward_installed::Limits::default().max_nesting, help_heading = "Limits on roots, images and archives")]
    pub(crate) max_nesting: usize,

    /// The most entries in one image layer or archive.
    #[arg(long, value_name = "COUNT", default_value_t = steward_installed::Limits::default().max_entries, help_heading = "Limits on roots, images and archives")]
    pub(crate) max_entries: u64,
}

impl InputArgs {
    /// Whether no input was named (the working directory is read then).
    pub(crate) fn is_empty(&self) -> bool {
        self.paths.is_empty()
            && self.read_as.is_empty()
            && self.sbom.is_empty()
            && self.root.is_empty()
            && self.image.is_empty()
    }
}

/// A file to read as a named format (`--as`).
#[derive(Clone, Debug)]
pub(crate) struct ReadAs {
    pub(crate) format: &'static steward_inventory::Format,
    pub(crate) path: PathBuf,
}

fn parse_as(value: &str) -> Result<ReadAs, String> {
    let (name, path) = value
        .split_once(':')
        .filter(|(name, path)| !name.is_empty() && !path.is_empty())
        .ok_or_else(|| "expected FORMAT:PATH, such as `requirements.txt:ci/deps.in`".to_owned())?;
    let format = steward_inventory::format_by_name(name).ok_or_else(|| {
        let known: Vec<&str> = steward_inventory::FORMATS
            .iter()
            .map(|format| format.id)
            .collect();
        format!(
            "unknown format `{name}`; known formats: {}",
            known.join(", ")
        )
    })?;
    Ok(ReadAs {
        format,
        path: PathBuf::from(path),
    })
}

/// Output formats of `steward inventory`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum InventoryFormat {
    /// A table for people.
    Table,
    /// The versioned JSON document described in `docs/inventory-json.md`.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct PurlArgs {
    /// Package URLs to check; `-` or none reads them from standard input, one per line.
    #[arg(value_name = "PURL")]
    pub(crate) purls: Vec<String>,

    /// How to print the result.
    #[arg(long, value_enum, default_value_t = PurlFormat::Text)]
    pub(crate) format: PurlFormat,

    /// Also accept upper-case qualifier keys, as some tools write them, and lower-case them.
    #[arg(long)]
    pub(crate) lenient: bool,
}

/// Output formats of `steward purl`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum PurlFormat {
    /// One canonical package URL per line.
    Text,
    /// A JSON array with each package URL's components and OSV identity.
    Json,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
