//! The `corridor` command line: parses arguments and hands over to the subcommand's file
//! in `cmd/`, a thin layer over the `corridor` library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod allocator;
mod cmd;

#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator;

/// Map supply corridors: resolve places, turn route definitions into geodesic legs,
/// write GeoJSON and list distances and aggregates.
#[derive(Parser)]
#[command(name = "corridor", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build(cmd::build::Args),
    Distances(cmd::distances::Args),
    Aggregate(cmd::aggregate::Args),
    Check(cmd::check::Args),
    #[cfg(feature = "render")]
    Render(cmd::render::Args),
    Preview(cmd::preview::Args),
    /// Search or show gazetteer places
    #[command(subcommand)]
    Places(cmd::places::Command),
    Passages(cmd::passages::Args),
    Where(cmd::where_::Args),
}

fn main() -> ExitCode {
    corridor::crs::isolate_from_system_proj();
    let cli = Cli::parse();
    corridor::writers::atomic::before_first_temporary(remove_temporaries_on_signals);
    let result = match &cli.command {
        Command::Build(a) => cmd::build::run(a),
        Command::Distances(a) => cmd::distances::run(a),
        Command::Aggregate(a) => cmd::aggregate::run(a),
        Command::Check(a) => cmd::check::run(a),
        #[cfg(feature = "render")]
        Command::Render(a) => cmd::render::run(a),
        Command::Preview(a) => cmd::preview::run(a),
        Command::Places(c) => cmd::places::run(c),
        Command::Passages(a) => cmd::passages::run(a),
        Command::Where(a) => cmd::where_::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) if cmd::STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) => {
            ExitCode::FAILURE
        }
        Err(e) => {
            // `file:line:col: message`, one line per problem.
            for d in e.diagnostics() {
                if d.file.is_empty() {
                    cmd::to_stderr(&format!("error: {d}\n"));
                } else {
                    cmd::to_stderr(&format!("{d}\n"));
                }
            }
            // Misuse of the command line exits 2, as clap's own errors do; bad input 1.
            if e.is_usage() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// On SIGINT (Ctrl-C) or SIGTERM, removes the temporary files of the writes under way and
/// dies of the same signal, as if it had not been caught: the shell sees 130 or 143, and a
/// script's loop stops on Ctrl-C as it would for an uncaught signal (a plain `exit(130)`
/// would let bash carry on). Installed before the first temporary file is made: until then
/// there is nothing to remove and the default action is the same, and a run that writes to
/// standard output only spends no thread on it. SIGHUP is left alone: `nohup` sets it
/// ignored, and a handler would undo that. Without signal support, the default action
/// applies and a temporary file may stay; the next write of that target removes it (see
/// `writers::atomic`).
#[cfg(unix)]
fn remove_temporaries_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            corridor::writers::atomic::remove_temporaries_then(|| {
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal)
            });
        }
    });
}

#[cfg(not(unix))]
fn remove_temporaries_on_signals() {}
