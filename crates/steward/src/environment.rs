//! Every environment variable steward reads, in one place.

/// The configuration file to read instead of looking for `steward.toml` (as `--config`).
pub(crate) const STEWARD_CONFIG: &str = "STEWARD_CONFIG";

/// A `tracing` filter for log lines on standard error (as `-v`, but finer), for example
/// `steward=debug`.
pub(crate) const STEWARD_LOG: &str = "STEWARD_LOG";

/// When set to a non-empty value, no colors unless `--color always` (<https://no-color.org>).
pub(crate) const NO_COLOR: &str = "NO_COLOR";

/// Seconds since 1970 to use as the creation time of SBOMs, for reproducible builds
/// (<https://reproducible-builds.org/specs/source-date-epoch/>).
pub(crate) const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";
