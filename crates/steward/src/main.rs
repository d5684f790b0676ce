//! The `steward` command: parses the command line, loads the configuration, runs the command
//! and turns the outcome into an exit status. Everything else lives in the library crates.

/// mimalloc: inventories allocate many small strings, and glibc's allocator spent a fifth of
/// a corpus-wide run in page faults and consolidation.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
mod commands;
mod config;
mod download;
mod environment;
mod exit_status;
mod password;
mod printer;

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, ColorChoice, Command, GlobalOptions};
use crate::exit_status::ExitStatus;
use crate::printer::Printer;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version go to standard output with status 0; usage errors to standard error
        // with status 2.
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let printer = Printer::new(cli.global.quiet);
    match run(cli, printer) {
        Ok(status) => status.into(),
        // `steward … | head` closing the pipe early is not a failure.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            printer.error_chain(&error);
            ExitStatus::Error.into()
        }
    }
}

fn run(cli: Cli, printer: Printer) -> anyhow::Result<ExitStatus> {
    let loaded = if cli.global.no_config {
        config::LoadedConfig::default()
    } else {
        let working_directory = std::env::current_dir()?;
        match config::load(cli.global.config.as_deref(), &working_directory) {
            Ok(loaded) => loaded,
            Err(error) => {
                // Colors are not settled yet; report plainly.
                anstream::ColorChoice::write_global(color_choice(&cli.global, None));
                return Err(error.into());
            }
        }
    };
    anstream::ColorChoice::write_global(color_choice(&cli.global, loaded.config.output.color));
    init_logging(&cli.global);
    if let Some(path) = &loaded.path {
        tracing::info!("configuration from `{}`", path.display());
    }

    match cli.command {
        Command::Inventory(args) => commands::inventory::run(&args, &loaded.config, printer),
        Command::Purl(args) => commands::purl::run(&args, printer),
        Command::Key(command) => commands::key::run(&command),
        Command::Sign(args) => commands::sign::run(&args),
        Command::Attest(args) => commands::attest::run(&args),
        Command::Verify(args) => commands::verify::run(&args, &loaded),
        Command::Log(command) => commands::log::run(&command),
        Command::Sbom(args) => commands::sbom::run(&args, &loaded.config, printer),
        Command::Scan(args) => commands::scan::run(&args, &loaded.config, printer),
        Command::Db(command) => commands::db::run(&command, printer),
        Command::Version(command) => commands::version::run(&command, printer),
        Command::Completions { shell } => commands::completions::run(shell),
    }
}

/// The color choice: the `--color` flag, else `NO_COLOR`, else the configuration, else auto.
fn color_choice(global: &GlobalOptions, configured: Option<ColorChoice>) -> anstream::ColorChoice {
    let no_color = std::env::var_os(environment::NO_COLOR).is_some_and(|value| !value.is_empty());
    let choice = match (global.color, configured) {
        (Some(flag), _) => flag,
        (None, Some(configured)) if !no_color => configured,
        _ => ColorChoice::Auto,
    };
    match choice {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    }
}

/// Log lines on standard error: `-v` for information, `-vv` for debugging, `-vvv` for tracing;
/// `STEWARD_LOG` sets a finer filter.
fn init_logging(global: &GlobalOptions) {
    let level = match (global.quiet, global.verbose) {
        (true, _) => "off",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        (false, _) => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env(environment::STEWARD_LOG)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let colored = !matches!(
        anstream::ColorChoice::global(),
        anstream::ColorChoice::Never
    ) && anstream::AutoStream::choice(&std::io::stderr())
        != anstream::ColorChoice::Never;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colored)
        .without_time()
        .with_target(false)
        .try_init();
}

/// Whether an error comes from writing to a pipe whose reader has gone away.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
    })
}
