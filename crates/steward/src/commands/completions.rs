//! `steward completions <SHELL>`: a shell completion script on standard output.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit_status::ExitStatus;

pub(crate) fn run(shell: clap_complete::Shell) -> anyhow::Result<ExitStatus> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "steward", &mut script);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&script)?;
    stdout.flush()?;
    Ok(ExitStatus::Success)
}
