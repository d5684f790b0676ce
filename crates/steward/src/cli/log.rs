//! `steward log`: transparency logs.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub(crate) enum LogCommand {
    /// Check an inclusion proof (a C2SP tlog-proof file) offline: the checkpoint must be signed
    /// by the log's key, and the proof must lead from the entry to the checkpoint's root.
    ///
    /// Exit status 0 when the entry is included, 1 when the proof does not hold (a bad
    /// signature, another log, an entry not in the tree), 2 when an input cannot be read.
    VerifyProof {
        /// The proof file (`.tlog-proof`).
        proof: PathBuf,
        /// The log's note verifier key, `NAME+HASH+BASE64`, or a file holding it.
        #[arg(long, value_name = "VKEY")]
        key: String,
        /// The logged entry; its RFC 6962 leaf hash is what the proof is for.
        #[arg(long, value_name = "FILE")]
        entry: PathBuf,
        /// The origin the checkpoint must name (the log's identity).
        #[arg(long, value_name = "ORIGIN")]
        origin: Option<String>,
        /// How to report.
        #[arg(long, value_enum, default_value_t = LogFormat::Table)]
        format: LogFormat,
    },
}

/// Output formats of `steward log verify-proof`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum LogFormat {
    /// One line for people.
    Table,
    /// The outcome as JSON: `included`, `index`, `origin`, `tree_size`, `signed_by` or `reason`.
    Json,
}
