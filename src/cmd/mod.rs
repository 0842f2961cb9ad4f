//! The subcommands, one file each. Each has its clap `Args` and a `run` function; `main.rs`
//! only dispatches.

pub mod aggregate;
pub mod build;
mod build_time;
pub mod check;
pub mod distances;
pub mod passages;
pub mod places;
pub mod preview;
#[cfg(feature = "render")]
pub mod render;
pub mod where_;

use std::io::Write;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use corridor::credits::{Credit, credits};
use corridor::error::{Diagnostic, Error, Kind, Result};
use corridor::features::{Antimeridian, Feature, Style, leg_features};
use corridor::networks::rail::RailNetwork;
use corridor::networks::sea::SeaNetwork;
use corridor::places::{Gazetteer, Place};
use corridor::plan::{Plan, PlanOptions, PlannedLeg, places_used, plan};
use corridor::quote::quoted;
use corridor::report::table::TableFormat;
use corridor::routes::{PassagePolicy, RailPolicy, Route};
use corridor::writers::atomic::Batch;

/// Extra gazetteer files, shared by every subcommand that resolves places.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GazetteerArgs {
    /// Add places from FILE (corridor TSV/CSV, GeoNames dump or OurAirports airports.csv);
    /// repeatable, a later file's place with the same id wins.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteer: Vec<PathBuf>,
}

impl GazetteerArgs {
    /// The bundled gazetteer with the user's files layered on top.
    pub fn load(&self) -> Result<Gazetteer> {
        self.load_with(&[])
    }

    /// The bundled gazetteer, then `beside` (the files that go with the routes, see
    /// [`corridor::routes::project`]), then the command line's files.
    pub fn load_with(&self, beside: &[PathBuf]) -> Result<Gazetteer> {
        let mut gaz = Gazetteer::bundled();
        for f in beside.iter().chain(&self.gazetteer) {
            gaz.add(corridor::places::load::load_file(f)?);
        }
        Ok(gaz)
    }
}

/// Route files or folders plus gazetteer files and what-if switches.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Inputs {
    /// Route files (*.toml, *.csv) or folders holding them [default: routes]
    #[arg(value_name = "ROUTES")]
    pub routes: Vec<PathBuf>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// Sea legs avoid this passage (e.g. suez, bosporus, malacca); repeatable
    #[arg(long, value_name = "PASSAGE")]
    pub avoid: Vec<String>,
    /// Sea legs may use this passage avoided by default (e.g. northern-sea-route), or one that
    /// must be named to be used (e.g. suez; see `corridor passages`); repeatable
    #[arg(long, value_name = "PASSAGE")]
    pub allow: Vec<String>,
    /// Sea legs must pass this passage; repeatable
    #[arg(long, value_name = "PASSAGE")]
    pub require: Vec<String>,
    /// Rail legs may not use this named segment (e.g. severomuysky-tunnel) or the station
    /// nearest to LON,LAT; repeatable
    #[arg(long, value_name = "NAME|LON,LAT")]
    pub close: Vec<String>,
    /// Rail legs may not enter this country (ISO 3166-1 alpha-2, e.g. LT); repeatable
    #[arg(long, value_name = "CC")]
    pub avoid_country: Vec<String>,
    /// Routing cost of a gauge change (1520 ↔ 1435 mm) in km of track, for every rail leg
    /// (default 1000: about a day of transshipment); reported distances never include it
    #[arg(long, value_name = "KM", value_parser = cost_km)]
    pub gauge_change_km: Option<f64>,
    /// Routing cost of a border crossing in km of track, for every rail leg (default 100);
    /// reported distances never include it
    #[arg(long, value_name = "KM", value_parser = cost_km)]
    pub border_crossing_km: Option<f64>,
    /// Report problems that change the answer (a sea connector over 50 km or over land, a
    /// sea path over land) as warnings instead of errors
    #[arg(long)]
    pub lenient: bool,
}

fn cost_km(s: &str) -> std::result::Result<f64, String> {
    let km: f64 = s
        .parse()
        .map_err(|_| format!("{} is not a number of km", quoted(s)))?;
    RailPolicy::check_cost("the cost", km)
}

impl Inputs {
    /// Reads the gazetteer and every route; all problems are reported together.
    ///
    /// The routes are never freed: the process ends after one command, and the system takes
    /// back the pages faster than 100,000 routes are dropped one string at a time.
    pub fn read(&self) -> Result<(Gazetteer, ManuallyDrop<Vec<Route>>)> {
        self.check_switches()?;
        let args = if self.routes.is_empty() {
            vec![PathBuf::from("routes")]
        } else {
            self.routes.clone()
        };
        let beside = corridor::routes::project::gazetteers_for(&args)?;
        let gaz = self.gazetteer.load_with(&beside)?;
        let files = corridor::routes::load::expand(&args).map_err(Error)?;
        crate::allocator::for_inputs(&files);
        let routes = corridor::routes::load::read_listed(&files).map_err(Error)?;
        Ok((gaz, ManuallyDrop::new(routes)))
    }
}

impl Inputs {
    /// The what-if switches name passages, segments and countries the bundled networks know,
    /// and no passage is both avoided and allowed or required: checked before any input is
    /// read, whether or not a leg would use them.
    fn check_switches(&self) -> Result<()> {
        let mut problems = Vec::new();
        let passages = [
            ("--avoid", &self.avoid),
            ("--allow", &self.allow),
            ("--require", &self.require),
        ];
        // The networks are opened only when a switch names something in them.
        let named = |v: &[String]| !v.is_empty();
        if passages.iter().any(|(_, v)| named(v))
            && let Some(sea) = SeaNetwork::bundled()
        {
            for (flag, slugs) in passages {
                let unknown = slugs.iter().filter_map(|s| sea.check_passage(s).err());
                problems.extend(unknown.map(|e| Diagnostic::usage(format!("{flag}: {e}"))));
            }
        }
        for slug in &self.avoid {
            if let Some((flag, _)) = passages[1..].iter().find(|(_, v)| v.contains(slug)) {
                problems.push(Diagnostic::usage(format!(
                    "--avoid {0} and {flag} {0} contradict each other; give one of them",
                    quoted(slug)
                )));
            }
        }
        if (named(&self.close) || named(&self.avoid_country))
            && let Some(net) = RailNetwork::bundled()
        {
            let closures = RailPolicy {
                close: self.close.clone(),
                ..RailPolicy::default()
            };
            let countries = RailPolicy {
                avoid_countries: self.avoid_country.clone(),
                ..RailPolicy::default()
            };
            for (flag, policy) in [("--close", closures), ("--avoid-country", countries)] {
                if let Err(e) = net.constraints(&policy) {
                    problems.push(Diagnostic::usage(format!("{flag}: {e}")));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error(problems))
        }
    }
}

/// What a map shows: one feature per leg and the places the legs use.
#[cfg_attr(not(feature = "render"), allow(dead_code))] // the counts title static maps
pub struct Drawn {
    pub routes: Vec<Route>,
    pub legs: usize,
    pub features: Vec<Feature>,
    pub places: Vec<Place>,
    /// What the legs and places are made from, to credit.
    pub credits: Vec<Credit>,
}

impl Inputs {
    /// Reads and plans the routes and turns the legs into features, for the map outputs.
    pub fn draw(&self, antimeridian: Antimeridian) -> Result<Drawn> {
        let (gaz, routes) = self.read()?;
        let legs = plan_legs(&routes, &gaz, &self.options())?;
        let (features, places) = (
            leg_features(&legs, antimeridian, Style::None),
            places_used(&legs),
        );
        let credits = credits(&legs, &places);
        let legs = legs.len();
        Ok(Drawn {
            routes: ManuallyDrop::into_inner(routes),
            legs,
            features,
            places,
            credits,
        })
    }

    /// Options for the commands that print numbers only: no lines drawn.
    pub fn numbers_options(&self) -> PlanOptions {
        PlanOptions {
            numbers_only: true,
            ..self.options()
        }
    }

    /// The command line's what-if switches.
    pub fn options(&self) -> PlanOptions {
        PlanOptions {
            passages: PassagePolicy {
                avoid: self.avoid.clone(),
                allow: self.allow.clone(),
                require: self.require.clone(),
            },
            rail: RailPolicy {
                close: self.close.clone(),
                avoid_countries: self.avoid_country.clone(),
                gauge_change_km: self.gauge_change_km,
                border_crossing_km: self.border_crossing_km,
            },
            tolerate_no_path: false,
            numbers_only: false,
            skip_place_countries: false,
            skip_resolutions: true,
            named: Vec::new(),
            lenient: self.lenient,
        }
    }
}

/// Plans the routes; prints warnings to standard error and fails on problems.
pub fn plan_legs<'r>(
    routes: &'r [Route],
    gaz: &Gazetteer,
    options: &PlanOptions,
) -> Result<ManuallyDrop<Vec<PlannedLeg<'r>>>> {
    let plan = ManuallyDrop::into_inner(plan_all(routes, gaz, options)?);
    Ok(ManuallyDrop::new(plan.legs))
}

/// [`plan_legs`], keeping the whole plan (how places resolved, too). Never freed, as the
/// routes are not ([`Inputs::read`]).
pub fn plan_all<'r>(
    routes: &'r [Route],
    gaz: &Gazetteer,
    options: &PlanOptions,
) -> Result<ManuallyDrop<Plan<'r>>> {
    let plan = plan(routes, gaz, options).map_err(|mut p| {
        p.sort();
        Error(p)
    })?;
    // One write for all of them: thousands of legs may each have a warning.
    let warnings: String = plan.warnings.iter().map(|w| format!("{w}\n")).collect();
    to_stderr(&warnings);
    Ok(ManuallyDrop::new(plan))
}

/// Decimals of a numbers table: the text table shows one, CSV and JSON three (metres for km),
/// rounded so that the rows still add up to the totals either way.
pub fn table_decimals(format: TableFormat) -> i32 {
    if format == TableFormat::Table { 1 } else { 3 }
}

/// Adds what `produce` writes to be written to `output` with the command's other files
/// (streamed into its temporary), or prints it.
pub fn emit_written(
    output: Option<&Path>,
    batch: &mut Batch,
    produce: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    match output {
        Some(path) => Ok(batch.add_written(path, produce)?),
        None => {
            let mut text = Vec::new();
            produce(&mut text).expect("in-memory write");
            print(&String::from_utf8(text).expect("the writers write UTF-8"))
        }
    }
}

/// Set when standard output's reader went away (`corridor … | head`): `main` then exits 1
/// without a message.
pub static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Prints to standard output. Output that did not all arrive is a failure, exit 1, so that
/// `set -o pipefail` scripts see it; when the reader closed the pipe (`| head`), that was
/// its choice and nothing is printed about it (ripgrep exits 0 there, claiming a success
/// nobody can check; a process killed by SIGPIPE, as `cat` is, reports 141: we keep
/// corridor's one failure status).
pub fn print(text: &str) -> Result<()> {
    match write_stdout(text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) => {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                STDOUT_CLOSED.store(true, Ordering::Relaxed);
            }
            Err(
                Diagnostic::usage(format!("cannot write to standard output: {e}"))
                    .with_kind(Kind::Write)
                    .into(),
            )
        }
    }
}

/// Writes to standard output through a duplicate of its descriptor: Rust's own handle
/// reports success when the descriptor is closed (`corridor … >&-`), losing the output.
#[cfg(unix)]
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    use std::os::fd::AsFd;
    let fd = std::io::stdout().as_fd().try_clone_to_owned()?;
    std::fs::File::from(fd).write_all(bytes)
}

#[cfg(not(unix))]
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|_| out.flush())
}

/// Writes to standard error. When it is full or closed there is nowhere to say so: the
/// exit status still tells, and a failed message never turns into a panic (exit 101).
pub fn to_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
