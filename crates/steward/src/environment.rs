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

/// The advisory database directory (as `--db`).
pub(crate) const STEWARD_DB: &str = "STEWARD_DB";

/// Mirrors of OSV's per-ecosystem export to download advisories from, separated by commas (as
/// `--mirror`).
pub(crate) const STEWARD_DB_MIRROR: &str = "STEWARD_DB_MIRROR";

/// Seconds a download may wait to connect, and for each read, before it gives up (default 60).
pub(crate) const STEWARD_DOWNLOAD_TIMEOUT: &str = "STEWARD_DOWNLOAD_TIMEOUT";

/// The download timeout `STEWARD_DOWNLOAD_TIMEOUT` sets, when it is a whole number of seconds
/// above zero.
pub(crate) fn download_timeout() -> Option<std::time::Duration> {
    let seconds: u64 = std::env::var(STEWARD_DOWNLOAD_TIMEOUT)
        .ok()?
        .trim()
        .parse()
        .ok()?;
    (seconds > 0).then(|| std::time::Duration::from_secs(seconds))
}

/// The password of private keys: `steward key generate` encrypts the new key under it, and
/// steward decrypts an encrypted key with it. Without it, steward asks at a terminal.
pub(crate) const STEWARD_KEY_PASSWORD: &str = "STEWARD_KEY_PASSWORD";

/// steward's own data directory; the advisory database is `$STEWARD_HOME/db`.
pub(crate) const STEWARD_HOME: &str = "STEWARD_HOME";

/// The XDG base directory for user data; without `STEWARD_HOME`, the advisory database is
/// `$XDG_DATA_HOME/steward/db` (by default `~/.local/share/steward/db`).
pub(crate) const XDG_DATA_HOME: &str = "XDG_DATA_HOME";

/// The directory the advisory database is in when neither `--db` nor `STEWARD_DB` says.
pub(crate) fn default_database_dir() -> Option<std::path::PathBuf> {
    let non_empty = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    if let Some(home) = non_empty(STEWARD_HOME) {
        return Some(std::path::PathBuf::from(home).join("db"));
    }
    let data = non_empty(XDG_DATA_HOME)
        .map(std::path::PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| std::env::home_dir().map(|home| home.join(".local").join("share")))?;
    Some(data.join("steward").join("db"))
}

/// The width of the terminal in columns, for tables written to a pipe; a terminal's own width
/// is asked of the terminal.
pub(crate) const COLUMNS: &str = "COLUMNS";

/// The width tables for people fit in: the terminal's when standard output is one, else
/// `COLUMNS`, else none (a file or pipe gets whole lines).
pub(crate) fn output_width() -> Option<usize> {
    if std::io::IsTerminal::is_terminal(&std::io::stdout())
        && let Some((terminal_size::Width(width), _)) = terminal_size::terminal_size()
    {
        return Some(usize::from(width));
    }
    std::env::var(COLUMNS)
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|width: &usize| *width >= 40)
}
