//! A log's settings, `.steward/log.toml` inside its directory: its origin, where its signing
//! key is, and whether identical entries are logged once. The key itself is never kept in the
//! directory, which may be served as it is.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Settings files are small.
const CONFIG_LIMIT: u64 = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: steward_fs::ReadError,
    },
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The checkpoint origin, which is also the name the log signs under.
    pub origin: String,
    /// The log's note verifier key, `ORIGIN+HASH+BASE64`, which its checkpoints verify with.
    pub verifier_key: String,
    /// The signing key's file (absolute).
    pub key: PathBuf,
    /// Log an entry already in the log once: an append of it answers its first index.
    #[serde(default)]
    pub deduplicate: bool,
}

impl Config {
    pub fn path(log: &Path) -> PathBuf {
        log.join(".steward").join("log.toml")
    }

    pub fn read(log: &Path) -> Result<Self, ConfigError> {
        let path = Self::path(log);
        let bytes =
            steward_fs::read_file(&path, CONFIG_LIMIT).map_err(|source| ConfigError::Read {
                path: path.display().to_string(),
                source,
            })?;
        let invalid = |reason: String| ConfigError::Invalid {
            path: path.display().to_string(),
            reason,
        };
        let text = String::from_utf8(bytes).map_err(|_| invalid("not UTF-8".to_owned()))?;
        toml::from_str(&text).map_err(|error| invalid(error.to_string()))
    }

    pub fn to_text(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}
