//! `steward log`: transparency logs.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub(crate) enum LogCommand {
    /// Make a new transparency log in a directory (C2SP tlog-tiles), with a signed checkpoint
    /// of the empty tree, and print the log's verifier key.
    ///
    /// The directory can be served as it is by any static web server; the signing key stays
    /// where it is and only its path is kept (`.steward/log.toml`).
    Init {
        /// The directory (absent or empty).
        dir: PathBuf,
        /// The log's origin: its identity and the name its checkpoints are signed under,
        /// conventionally the URL prefix it is served at without the scheme.
        #[arg(long, value_name = "NAME")]
        origin: String,
        /// The log's Ed25519 signing key: a steward key (PKCS#8 PEM, encrypted or not) or a
        /// signed-note private key (`PRIVATE+KEY+NAME+HASH+BASE64`, named as the origin).
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// Log an entry already in the log once: appending it again answers its first index.
        #[arg(long)]
        deduplicate: bool,
    },
    /// Append entries and print each one's index once it is durable: its tiles, its entry
    /// bundle and the new checkpoint are written and synced to disk. Appenders in several
    /// processes take turns under the log's lock.
    Append {
        /// The log's directory.
        dir: PathBuf,
        /// The entries, one per file (at most 65,535 bytes each); none reads one from
        /// standard input.
        files: Vec<PathBuf>,
        /// The signing key, if not the one `init` was given.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        /// The most entries per batch (one checkpoint per batch).
        #[arg(long, value_name = "N", default_value_t = 4096)]
        batch_size: usize,
    },
    /// Write a proof, self-contained and checkable offline: an inclusion proof (C2SP
    /// tlog-proof) of an entry, or with `--consistency` a consistency proof (the body of a
    /// C2SP tlog-witness `add-checkpoint` request).
    Prove(ProveArgs),
    /// Check a proof offline, with nothing but the proof, the log's key and the entry (or the
    /// older checkpoint): an inclusion proof (C2SP tlog-proof) or a consistency proof.
    ///
    /// Exit status 0 when the proof holds, 1 when it does not (a bad signature, another log,
    /// an entry not in the tree, a fork, too few witnesses), 2 when an input cannot be read.
    VerifyProof(VerifyProofArgs),
    /// Recompute every hash of a log from its entries, compare every tile and the root with
    /// what is stored, and check every checkpoint the log kept.
    ///
    /// Exit status 0 when all agree, 1 when anything differs (each difference is named).
    Audit {
        /// The log's directory.
        dir: PathBuf,
        /// How to report.
        #[arg(long, value_enum, default_value_t = LogFormat::Table)]
        format: LogFormat,
    },
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true))]
pub(crate) struct ProveArgs {
    /// The log's directory.
    pub(crate) dir: PathBuf,
    /// The entry's index.
    #[arg(long, value_name = "N", group = "what")]
    pub(crate) index: Option<u64>,
    /// The entry, found by its content (its first index).
    #[arg(long, value_name = "FILE", group = "what")]
    pub(crate) entry: Option<PathBuf>,
    /// A consistency proof from the log's first `OLD_SIZE` entries instead.
    #[arg(long, value_name = "OLD_SIZE", group = "what")]
    pub(crate) consistency: Option<u64>,
    /// The checkpoint to prove against (one the log signed), instead of the current one.
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// Where to write the proof (standard output if not given).
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyProofArgs {
    /// The proof file (`.tlog-proof`, or a consistency proof).
    pub(crate) proof: PathBuf,
    /// The log's note verifier key, `NAME+HASH+BASE64`, or a file holding it.
    #[arg(long, value_name = "VKEY")]
    pub(crate) key: String,
    /// For an inclusion proof: the logged entry, whose RFC 6962 leaf hash the proof is for.
    #[arg(long, value_name = "FILE")]
    pub(crate) entry: Option<PathBuf>,
    /// For a consistency proof: the older checkpoint, which the proof's must extend.
    #[arg(long, value_name = "FILE")]
    pub(crate) old_checkpoint: Option<PathBuf>,
    /// The origin the checkpoint must name (the log's identity).
    #[arg(long, value_name = "ORIGIN")]
    pub(crate) origin: Option<String>,
    /// Witnesses whose cosignatures the checkpoint must carry (Sigsum's policy format:
    /// `witness NAME HEXKEY`, `group NAME K|all|any MEMBER...`, `quorum NAME`).
    #[arg(long, value_name = "FILE")]
    pub(crate) witness_policy: Option<PathBuf>,
    /// How to report.
    #[arg(long, value_enum, default_value_t = LogFormat::Table)]
    pub(crate) format: LogFormat,
}

/// Output formats of `steward log verify-proof` and `audit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum LogFormat {
    /// Lines for people.
    Table,
    /// The outcome as JSON.
    Json,
}
