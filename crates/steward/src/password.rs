//! Passwords for private keys: from `STEWARD_KEY_PASSWORD`, or typed at a terminal with echo
//! off. Never from anywhere else, never printed, never logged.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use anyhow::{Context as _, bail};
use rustix::termios::{self, LocalModes, OptionalActions};
use steward_trust::encrypted_key::Zeroizing;

use crate::environment::STEWARD_KEY_PASSWORD;

/// The password `STEWARD_KEY_PASSWORD` gives, if it is set; an empty one is an error.
fn from_environment() -> anyhow::Result<Option<Zeroizing<Vec<u8>>>> {
    let Some(value) = std::env::var_os(STEWARD_KEY_PASSWORD) else {
        return Ok(None);
    };
    if value.is_empty() {
        bail!("{STEWARD_KEY_PASSWORD} is set but empty");
    }
    Ok(Some(Zeroizing::new(value.into_encoded_bytes())))
}

/// Whether a person can be asked: standard input and standard error are a terminal.
fn can_prompt() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// A password for a new key: from the environment, or typed twice at a terminal (empty for
/// none). `None` means the key is written unencrypted.
pub(crate) fn for_new_key(name: &str) -> anyhow::Result<Option<Zeroizing<Vec<u8>>>> {
    if let Some(password) = from_environment()? {
        return Ok(Some(password));
    }
    if !can_prompt() {
        return Ok(None);
    }
    let first = prompt(&format!("password for {name} (empty for none): "))?;
    if first.is_empty() {
        return Ok(None);
    }
    let second = prompt("the same password again: ")?;
    if first != second {
        bail!("the two passwords differ");
    }
    Ok(Some(first))
}

/// The password of the encrypted key `name`: from the environment, or typed at a terminal.
pub(crate) fn for_existing_key(name: &str) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    if let Some(password) = from_environment()? {
        return Ok(password);
    }
    if !can_prompt() {
        bail!("{name} is encrypted: give its password through {STEWARD_KEY_PASSWORD}");
    }
    prompt(&format!("password for {name}: "))
}

/// Asks on standard error and reads a line from standard input with the terminal's echo off.
fn prompt(question: &str) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let stdin = std::io::stdin();
    let mut stderr = std::io::stderr();
    write!(stderr, "{question}")?;
    stderr.flush()?;
    let saved = termios::tcgetattr(&stdin).context("cannot read the terminal's settings")?;
    let mut quiet = saved.clone();
    quiet.local_modes.remove(LocalModes::ECHO);
    termios::tcsetattr(&stdin, OptionalActions::Flush, &quiet)
        .context("cannot turn the terminal's echo off")?;
    let mut line = Zeroizing::new(Vec::new());
    let read = stdin.lock().read_until(b'\n', &mut line);
    let restored = termios::tcsetattr(&stdin, OptionalActions::Flush, &saved);
    writeln!(stderr)?;
    read.context("cannot read the password")?;
    restored.context("cannot turn the terminal's echo back on")?;
    while line
        .last()
        .is_some_and(|byte| matches!(byte, b'\n' | b'\r'))
    {
        line.pop();
    }
    Ok(line)
}
