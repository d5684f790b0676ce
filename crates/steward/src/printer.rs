//! Everything steward tells people on standard error: errors, warnings, and (with `-v`) log
//! lines. Standard output carries only data.

use std::fmt::Display;

use anstyle::{AnsiColor, Style};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();

/// Writes diagnostics to standard error, honouring `--quiet` and the color choice.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Printer {
    quiet: bool,
}

impl Printer {
    pub(crate) fn new(quiet: bool) -> Self {
        Self { quiet }
    }

    /// Reports an error. Errors are printed even with `--quiet`.
    #[expect(
        clippy::unused_self,
        reason = "every diagnostic goes through the printer"
    )]
    pub(crate) fn error(self, message: impl Display) {
        anstream::eprintln!("{ERROR}error{ERROR:#}: {message}");
    }

    /// Reports an error with each of its causes on its own line.
    pub(crate) fn error_chain(self, error: &anyhow::Error) {
        self.error(error);
        for cause in error.chain().skip(1) {
            anstream::eprintln!("  caused by: {cause}");
        }
    }

    /// Adds an indented line to the message before, unless `--quiet`.
    pub(crate) fn detail(self, message: impl Display) {
        if !self.quiet {
            anstream::eprintln!("  {message}");
        }
    }

    /// Reports what was done (a summary), unless `--quiet`.
    pub(crate) fn status(self, message: impl Display) {
        if !self.quiet {
            anstream::eprintln!("{message}");
        }
    }

    /// Reports a warning, unless `--quiet`.
    pub(crate) fn warning(self, message: impl Display) {
        if !self.quiet {
            anstream::eprintln!("{WARNING}warning{WARNING:#}: {message}");
        }
    }
}
