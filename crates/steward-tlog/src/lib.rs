//! Transparency logs, free of I/O.
//!
//! - [`note`]: signed notes (C2SP signed-note) and their Ed25519 verifier keys.
//! - [`checkpoint`]: a log's checkpoint (C2SP tlog-checkpoint), verified for a log key.
//! - [`proof`]: offline inclusion proofs (C2SP tlog-proof) and their verification.
//!
//! The Merkle tree math (RFC 6962) and note signatures are Cloudflare azul's `tlog_tiles` and
//! `signed_note`, ports of Go's `sumdb/tlog` and `sumdb/note`; this crate decides what is
//! asked of them and bounds what hostile input can make them do.

pub mod checkpoint;
pub mod note;
pub mod proof;

pub use tlog_tiles::{Hash, record_hash};
