//! Rust: `Cargo.lock` and `Cargo.toml`.

pub(crate) mod cargo_lock;
pub(crate) mod cargo_toml;
