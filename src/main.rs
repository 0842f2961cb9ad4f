//! The `corridor` command line: parses arguments and hands over to the subcommand's file
//! in `cmd/`, a thin layer over the `corridor` library.

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
    /// Write a map of the routes' legs: GeoJSON by default, or GeoJSONSeq, CSV, flow CSVs,
    /// KML, GeoPackage, FlatGeobuf or GeoParquet.
    Build(Deferred<cmd::build::Args>),
    /// List each leg's distance along its geometry, trips and trip distance, then route totals.
    Distances(Deferred<cmd::distances::Args>),
    /// Sum legs, trips, kilometres, tonnes and tonne-kilometres per group, with a total row.
    Aggregate(Deferred<cmd::aggregate::Args>),
    /// Validate route files: unknown places, legs that do not connect, dates out of order,
    /// bad coordinates, modes and units. Prints `file:line:col: message` per problem.
    Check(Deferred<cmd::check::Args>),
    #[cfg(feature = "render")]
    /// Draw the routes on a map: land and borders, legs by mode, labelled places, legend,
    /// scale bar, title. The output format follows the extension of -o (.svg or .png).
    Render(Deferred<cmd::render::Args>),
    /// Write a self-contained HTML map (no internet needed): legs over the basemap (Leaflet), a
    /// popup per leg, layers by mode, and a list of routes to show or hide.
    Preview(Deferred<cmd::preview::Args>),
    /// Search or show gazetteer places
    #[command(subcommand)]
    Places(cmd::places::Command),
    /// List every passage: slug (for avoid/allow/require), name, default, routing allowance,
    /// the passage it needs to lead anywhere, what it connects, and whether a leg must name it
    /// to pass it when it could go round.
    Passages(Deferred<cmd::passages::Args>),
    /// Show where each leg under way at an instant is estimated to be: position interpolated at
    /// constant speed along its line between the times known (sightings, start and end), and
    /// whether that part of the line was observed or inferred.
    Where(Deferred<cmd::where_::Args>),
}

/// A subcommand's arguments, defined when that subcommand runs (or shows its help), not every
/// subcommand's at every run (measured: a few hundredths of a millisecond a process). Each
/// subcommand's description is on its variant of [`Command`], as the list of subcommands
/// shows them all.
struct Deferred<T>(T);

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
}

impl<T: clap::Args> clap::Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args_for_update))
    }
}

/// `augment` applied to `cmd`, which keeps its description: the arguments' own (a flattened
/// struct's documentation) would replace it.
fn keeping_about(cmd: clap::Command, augment: fn(clap::Command) -> clap::Command) -> clap::Command {
    let (about, long) = (cmd.get_about().cloned(), cmd.get_long_about().cloned());
    let cmd = augment(cmd);
    let cmd = match about {
        Some(about) => cmd.about(about),
        None => cmd.about(None::<&str>),
    };
    match long {
        Some(long) => cmd.long_about(long),
        None => cmd.long_about(None::<&str>),
    }
}

fn main() {
    corridor::crs::isolate_from_system_proj();
    let cli = Cli::parse();
    corridor::writers::atomic::before_first_temporary(remove_temporaries_on_signals);
    let result = match &cli.command {
        Command::Build(a) => cmd::build::run(&a.0),
        Command::Distances(a) => cmd::distances::run(&a.0),
        Command::Aggregate(a) => cmd::aggregate::run(&a.0),
        Command::Check(a) => cmd::check::run(&a.0),
        #[cfg(feature = "render")]
        Command::Render(a) => cmd::render::run(&a.0),
        Command::Preview(a) => cmd::preview::run(&a.0),
        Command::Places(c) => cmd::places::run(c),
        Command::Passages(a) => cmd::passages::run(&a.0),
        Command::Where(a) => cmd::where_::run(&a.0),
    };
    let code: u8 = match result {
        Ok(()) => 0,
        Err(_) if cmd::STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) => 1,
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
            if e.is_usage() { 2 } else { 1 }
        }
    };
    exit_now(code)
}

/// Ends the process with `code` once standard output is flushed, skipping what `exit` runs
/// first: the destructors of PROJ's static objects and of every thread's search arrays
/// (unmapping them one by one), which the kernel's teardown makes redundant. Everything the
/// command writes is written by now (files are renamed into place before `run` returns,
/// standard error is unbuffered). Measured: 0.05 to 0.1 ms of a run.
fn exit_now(code: u8) -> ! {
    use std::io::Write;
    // A failed flush was reported by `cmd::print` already, or the reader is gone.
    let _ = std::io::stdout().flush();
    // SAFETY: `_exit` ends the process; nothing after it runs.
    unsafe { libc::_exit(i32::from(code)) }
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
