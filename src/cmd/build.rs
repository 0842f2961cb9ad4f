//! `corridor build`: routes → GeoJSON FeatureCollection of legs (and optionally places).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Inputs, emit, plan_legs};
use crate::error::{Error, Result};
use crate::features::{Antimeridian, Style, leg_feature};
use crate::places::Place;
use crate::plan::PlannedLeg;
use crate::writers::atomic::write_atomic;
use crate::writers::csv::{flows_csv, legs_csv, locations_csv};
use crate::writers::geojson::{legs_collection, places_collection};
use crate::writers::geojsonseq::legs_sequence;
use crate::writers::gpkg::write_gpkg;
use crate::writers::kml::kml;

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

/// Output formats of `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// RFC 7946 FeatureCollection (.geojson, .json)
    Geojson,
    /// RFC 8142 GeoJSON text sequence, one feature per record (.geojsons, .geojsonl)
    Geojsonseq,
    /// One row per leg: the GeoJSON properties plus WKT geometry (.csv)
    Csv,
    /// kepler.gl / flowmap.blue: locations.csv and flows.csv in the folder given by -o
    CsvFlows,
    /// Google Earth KML 2.2 (.kml)
    Kml,
    /// OGC GeoPackage with layers legs, places and routes (.gpkg)
    Gpkg,
}

impl Format {
    /// The format an output file name implies.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "geojson" | "json" => Some(Format::Geojson),
            "geojsons" | "geojsonl" | "geojsonseq" => Some(Format::Geojsonseq),
            "csv" => Some(Format::Csv),
            "kml" => Some(Format::Kml),
            "gpkg" => Some(Format::Gpkg),
            _ => None,
        }
    }
}

/// Write a map of the routes' legs: GeoJSON by default, or GeoJSONSeq, CSV, flow CSVs,
/// KML or GeoPackage.
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
    /// Output format [default: from the -o extension, else geojson]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
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
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_extension))
        .unwrap_or(Format::Geojson);
    if let Some(path) = &args.places {
        let places = places_collection(&format!("{} places", args.name), &places_used(&legs));
        write_atomic(path, places.as_bytes())?;
    }
    let output = args.output.as_deref();
    match format {
        Format::Geojson => emit(&legs_collection(&args.name, &features, am), output),
        Format::Geojsonseq => emit(&legs_sequence(&features), output),
        Format::Csv => emit(&legs_csv(&features), output),
        Format::Kml => emit(&kml(&args.name, &features, &places_used(&legs)), output),
        Format::Gpkg => {
            let path = output.ok_or_else(|| {
                Error::usage("a GeoPackage is a binary file: give it a name with -o FILE.gpkg")
            })?;
            Ok(write_gpkg(path, &legs, &features, &places_used(&legs))?)
        }
        Format::CsvFlows => {
            let dir = output.ok_or_else(|| {
                Error::usage("csv-flows writes two files: give a folder with -o DIR")
            })?;
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::usage(format!("{}: cannot create folder: {e}", dir.display()))
            })?;
            write_atomic(
                &dir.join("locations.csv"),
                locations_csv(&places_used(&legs)).as_bytes(),
            )?;
            Ok(write_atomic(
                &dir.join("flows.csv"),
                flows_csv(&legs).as_bytes(),
            )?)
        }
    }
}
