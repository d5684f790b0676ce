//! Transparency logs, free of I/O.
//!
//! - [`note`]: signed notes (C2SP signed-note) and their Ed25519 verifier keys.
//! - [`signer`]: signing notes and cosigning checkpoints with an Ed25519 key.
//! - [`checkpoint`]: a log's checkpoint (C2SP tlog-checkpoint), verified for a log key.
//! - [`cosignature`]: witnesses' cosignatures on checkpoints (C2SP tlog-cosignature).
//! - [`witness`]: a witness's judgement of a checkpoint submitted for cosigning.
//! - [`witness_policy`]: which witnesses must have cosigned (Sigsum's policy format).
//! - [`tile`]: tile and entry bundle paths and contents (C2SP tlog-tiles).
//! - [`edge`]: the right edge of a growing log: what an append writes, and the new root.
//! - [`proof`]: offline inclusion proofs (C2SP tlog-proof) and their verification.
//! - [`prover`]: inclusion and consistency proofs from tiles read from anywhere.
//! - [`consistency`]: consistency proofs, as a tlog-witness `add-checkpoint` body.
//!
//! The Merkle tree math (RFC 6962) and note signatures are Cloudflare azul's `tlog_tiles` and
//! `signed_note`, ports of Go's `sumdb/tlog` and `sumdb/note`; this crate decides what is
//! asked of them and bounds what hostile input can make them do. Signing and cosignature
//! verification are steward-trust's (aws-lc-rs).

pub mod checkpoint;
pub mod consistency;
pub mod cosignature;
pub mod edge;
pub mod note;
pub mod proof;
pub mod prover;
pub mod signer;
pub mod tile;
pub mod witness;
pub mod witness_policy;

pub use tlog_tiles::{Hash, record_hash};
