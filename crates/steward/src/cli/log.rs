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
    /// Ask the witnesses of a policy (those with a URL) to cosign the log's current checkpoint
    /// (C2SP tlog-witness), and add the cosignatures that verify to it.
    ///
    /// Exit status 0 when every witness asked cosigned, 1 otherwise (each refusal is named).
    Cosign {
        /// The log's directory.
        dir: PathBuf,
        /// The witnesses (Sigsum's policy format; `witness NAME HEXKEY URL`).
        #[arg(long, value_name = "FILE")]
        witness_policy: PathBuf,
    },
    /// Serve the log over HTTP: the checkpoint and tiles read-only, as C2SP tlog-tiles lays
    /// them out (full tiles marked immutable), and `POST /add` for bearer-token holders.
    Serve(ServeArgs),
    /// Run a witness (C2SP tlog-witness): `POST /add-checkpoint` cosigns a checkpoint of a
    /// known log only after a valid consistency proof from the latest one it cosigned.
    Witness(WitnessArgs),
    /// Follow a log (a URL or a directory) and verify every new entry: each new checkpoint must
    /// be signed (and witnessed, with a policy) and extend the last one verified.
    ///
    /// Exit status 0 when all is consistent, 1 on a fork, rewrite, rollback or bad signature
    /// (named), 2 when the log cannot be read.
    Monitor(MonitorArgs),
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

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The log's directory.
    pub(crate) dir: PathBuf,
    /// The address to listen on, e.g. `127.0.0.1:8080` (port 0: any free port, printed).
    #[arg(long, value_name = "ADDR")]
    pub(crate) listen: std::net::SocketAddr,
    /// Bearer tokens that may `POST /add`, one per line (at least 16 characters each); without
    /// it the log takes no writes.
    #[arg(long, value_name = "FILE")]
    pub(crate) tokens: Option<PathBuf>,
    /// The signing key, if not the one `init` was given.
    #[arg(long, value_name = "FILE")]
    pub(crate) key: Option<PathBuf>,
    /// The largest request body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 65_535)]
    pub(crate) max_body: usize,
    /// Appends per second each token may make.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub(crate) rate: u32,
    /// The most entries per batch.
    #[arg(long, value_name = "N", default_value_t = 4096)]
    pub(crate) batch_size: usize,
    /// How long a batch waits for more entries, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 10)]
    pub(crate) batch_ms: u64,
    /// Witnesses (Sigsum's policy format, with URLs) asked to cosign each new checkpoint; the
    /// checkpoint served carries the cosignatures that verify.
    #[arg(long, value_name = "FILE")]
    pub(crate) witness_policy: Option<PathBuf>,
    /// How often to look for a new checkpoint to have cosigned, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub(crate) cosign_every: f64,
}

#[derive(Debug, Args)]
pub(crate) struct WitnessArgs {
    /// The address to listen on (port 0: any free port, printed).
    #[arg(long, value_name = "ADDR")]
    pub(crate) listen: std::net::SocketAddr,
    /// The witness's name (its cosignatures' key name).
    #[arg(long, value_name = "NAME")]
    pub(crate) name: String,
    /// The witness's Ed25519 key: a steward key or a signed-note private key.
    #[arg(long, value_name = "FILE")]
    pub(crate) key: PathBuf,
    /// A log it witnesses: its note verifier key (named as its origin), or a file holding it.
    #[arg(long, value_name = "VKEY", required = true)]
    pub(crate) log: Vec<String>,
    /// Where it keeps the latest checkpoint it cosigned for each log.
    #[arg(long, value_name = "DIR")]
    pub(crate) state: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct MonitorArgs {
    /// The log: its URL prefix (`https://...`, or `http://` on this machine) or its directory.
    pub(crate) log: String,
    /// The log's note verifier key, `NAME+HASH+BASE64`, or a file holding it.
    #[arg(long, value_name = "VKEY")]
    pub(crate) key: String,
    /// Where the monitor keeps what it verified (its last checkpoint and tree edge).
    #[arg(long, value_name = "DIR")]
    pub(crate) state: PathBuf,
    /// The origin the checkpoints must name.
    #[arg(long, value_name = "ORIGIN")]
    pub(crate) origin: Option<String>,
    /// Witnesses whose cosignatures every checkpoint must carry.
    #[arg(long, value_name = "FILE")]
    pub(crate) witness_policy: Option<PathBuf>,
    /// Keep following, looking again every SECONDS.
    #[arg(long, value_name = "SECONDS")]
    pub(crate) follow: Option<f64>,
}

/// Output formats of `steward log verify-proof` and `audit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum LogFormat {
    /// Lines for people.
    Table,
    /// The outcome as JSON.
    Json,
}
