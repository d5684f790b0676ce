//! YAML lockfiles (`pnpm-lock.yaml`, Yarn Berry's `yarn.lock`, `pubspec.lock`), read fast.
//!
//! Package managers write a small, regular part of YAML: block mappings and sequences indented
//! by spaces, one-line scalars, and one-line flow collections of scalars. [`subset`] reads
//! exactly that part, several times faster than a full YAML parser, and declines anything
//! else — anchors, tags, block scalars, multi-line scalars, duplicate keys, and any scalar
//! whose type a full parser would decide differently (numbers). [`from_str`] tries it first
//! and hands what it declines to serde-saphyr, so a document reads the same either way and
//! every error comes from the full parser, with its position.

mod block;
mod node;
mod scalar;

use serde::Deserialize;

/// A document serde-saphyr could not read as the type asked for.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    /// The first line of serde-saphyr's message.
    pub message: String,
    /// Where, when known: line and column, from 1.
    pub position: Option<(u32, u32)>,
}

/// Reads `text` as a `T`: with the subset reader when it can, else with serde-saphyr.
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, YamlError> {
    match subset(text) {
        Some(value) => Ok(value),
        None => serde_saphyr(text),
    }
}

/// Reads `text` as a `T` with the subset reader alone; `None` when the text or a scalar's type
/// is outside the subset, or the text does not fit `T`.
pub fn subset<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    let node = block::parse(text)?;
    T::deserialize(&node).ok()
}

/// Reads `text` as a `T` with serde-saphyr alone, under limits sized for large lockfiles
/// rather than configuration files (the input size is bounded by the caller).
pub fn serde_saphyr<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, YamlError> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 200_000_000,
            max_nodes: 100_000_000,
            max_total_scalar_bytes: 1 << 30,
        },
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|error| {
        let message = error.to_string();
        YamlError {
            message: message.lines().next().unwrap_or_default().to_owned(),
            position: error.location().map(|location| {
                (
                    u32::try_from(location.line()).unwrap_or(u32::MAX),
                    u32::try_from(location.column()).unwrap_or(u32::MAX),
                )
            }),
        }
    })
}
