//! What the command tests share.

use std::path::Path;

use assert_cmd::Command;

/// `steward` run in `directory`, with no configuration, log filter or colors inherited.
pub(crate) fn steward(directory: &Path) -> Command {
    let mut command = Command::cargo_bin("steward").expect("the steward binary is built");
    command
        .current_dir(directory)
        .env_remove("STEWARD_CONFIG")
        .env_remove("STEWARD_LOG")
        .env("NO_COLOR", "1")
        .arg("--no-config");
    command
}
