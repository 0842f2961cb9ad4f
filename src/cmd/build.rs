//! `corridor build`: routes → GeoJSON FeatureCollection of legs (and optionally places).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Inputs, emit, plan_legs};
use crate::error::Result;
use crate::features::{Antimeridian, Style, leg_feature};
use crate::places::Place;
use crate::plan::PlannedLeg;
use crate::writers::atomic::write_atomic;
use crate::writers::geojson::{legs_collection, places_collection};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum AntimeridianArg {
    /// Cut lines at ±180 into MultiLineStrings (RFC 7946)
    #[default]
    Cut,
    /// Keep longitudes continuous past ±180 (Pacific-centred web maps; not RFC 7946)
    Unwrap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum StyleArg {
    /// Data properties only
    #[default]
    None,
    /// Add stroke, stroke-width and title for geojson.io and GitHub
    Simplestyle,
}

/// Write a GeoJSON map of the routes' legs.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Write to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the places the legs use, as a Point FeatureCollection
    #[arg(long, value_name = "FILE")]
    pub places: Option<PathBuf>,
    /// How lines crossing ±180 are written
    #[arg(long, value_enum, default_value_t)]
    pub antimeridian: AntimeridianArg,
    /// Presentation properties
    #[arg(long, value_enum, default_value_t)]
    pub style: StyleArg,
    /// The collection's `name` (the layer name in QGIS)
    #[arg(long, default_value = "corridor")]
    pub name: String,
}

/// The places used by the legs, each once, sorted by id.
pub fn places_used(legs: &[PlannedLeg]) -> Vec<Place> {
    let mut by_id: BTreeMap<String, Place> = BTreeMap::new();
    for l in legs {
        for p in std::iter::once(&l.from)
            .chain(&l.via)
            .chain(std::iter::once(&l.to))
        {
            by_id.entry(p.id.clone()).or_insert_with(|| p.clone());
        }
    }
    by_id.into_values().collect()
}

pub fn run(args: &Args) -> Result<()> {
    let (gaz, routes) = args.inputs.read()?;
    let legs = plan_legs(&routes, &gaz, &args.inputs.options())?;
    let am = match args.antimeridian {
        AntimeridianArg::Cut => Antimeridian::Cut,
        AntimeridianArg::Unwrap => Antimeridian::Unwrap,
    };
    let style = match args.style {
        StyleArg::None => Style::None,
        StyleArg::Simplestyle => Style::Simplestyle,
    };
    let features: Vec<_> = legs.iter().map(|l| leg_feature(l, am, style)).collect();
    let text = legs_collection(&args.name, &features, am);
    if let Some(path) = &args.places {
        let places = places_collection(&format!("{} places", args.name), &places_used(&legs));
        write_atomic(path, places.as_bytes())?;
    }
    emit(&text, args.output.as_deref())
}
