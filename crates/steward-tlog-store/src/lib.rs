//! A steward transparency log kept in a directory, which any static web server can serve as it
//! is (C2SP tlog-tiles):
//!
//! ```text
//! checkpoint                      the latest signed checkpoint
//! tile/<L>/<N>[.p/<W>]            Merkle tree tiles
//! tile/entries/<N>[.p/<W>]        entry bundles
//! .steward/log.toml               origin, verifier key, signing key's path, deduplication
//! .steward/checkpoints            every checkpoint the log signed, each ended by a NUL byte
//! .steward/digests                SHA-256 and index of each entry, when deduplicating
//! .steward/lock                   held by the one process appending
//! ```
//!
//! - [`config`]: the log's settings.
//! - [`store`]: opening a log, reading its checkpoint, tiles and entries, proving.
//! - [`append`]: durable, batched appends under the lock.
//! - [`sequencer`]: one writer thread batching concurrent appends by count and time.
//! - [`audit`]: recomputing every hash from the entries and checking every kept checkpoint.
//! - [`durable`]: writing files that survive a crash.

pub mod append;
pub mod audit;
pub mod config;
pub mod durable;
pub mod sequencer;
pub mod store;
