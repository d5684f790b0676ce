//! Everything steward tells people on standard error: errors, warnings, and (with `-v`) log
//! lines. Standard output carries only data.

use std::fmt::Display;

use anstyle::{AnsiColor, Style};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const NOTE: Style = AnsiColor::Cyan.on_default().bold();
/// How long work runs before a spinner shows that it is still going.
const SPINNER_DELAY: std::time::Duration = std::time::Duration::from_secs(1);

/// Work going on, shown by [`Printer::spinner`] while it lasts.
pub(crate) struct Spinner {
    bar: indicatif::ProgressBar,
    shown: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        // The thread that would show it has nothing left to do; it ends within its delay.
        drop(self.shown.take());
    }
}

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

    /// A progress bar counting bytes up to `length` (when known), drawn on standard error when
    /// it is a terminal and not `--quiet`.
    pub(crate) fn progress(self, length: Option<u64>, message: String) -> indicatif::ProgressBar {
        if self.quiet {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            length,
            indicatif::ProgressDrawTarget::stderr(),
        );
        let template = if length.is_some() {
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}"
        } else {
            "{msg} {bytes} {bytes_per_sec}"
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.with_message(message)
    }

    /// A spinner with `message` and the time taken, drawn on standard error once the work has
    /// taken a second, when standard error is a terminal and not `--quiet`; it clears itself
    /// when dropped.
    pub(crate) fn spinner(self, message: &'static str) -> Spinner {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
            bar.set_style(style);
        }
        bar.set_message(message);
        let shown = (!self.quiet).then(|| {
            let bar = bar.clone();
            std::thread::spawn(move || {
                std::thread::sleep(SPINNER_DELAY);
                if !bar.is_finished() {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(std::time::Duration::from_millis(120));
                }
            })
        });
        Spinner { bar, shown }
    }

    /// Reports a warning, unless `--quiet`.
    pub(crate) fn warning(self, message: impl Display) {
        if !self.quiet {
            anstream::eprintln!("{WARNING}warning{WARNING:#}: {message}");
        }
    }

    /// Reports a note — something steward knows it could not know — unless `--quiet`.
    pub(crate) fn note(self, message: impl Display) {
        if !self.quiet {
            anstream::eprintln!("{NOTE}note{NOTE:#}: {message}");
        }
    }
}
