//! `corridor build`: routes → GeoJSON FeatureCollection of legs (and optionally places).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::build_time::{add_time_layers, check_time_outputs, same_file};
use super::{Inputs, emit_written, plan_legs};
use corridor::credits::{Credit, credits, places_credits};
use corridor::crs::{self, CrsRef, Transform};
use corridor::error::{Diagnostic, Error, Kind, Result};
use corridor::features::{
    Antimeridian, Feature, Parts, Style, feature_with_parts, frame_of, leg_parts,
};
use corridor::geometry::antimeridian;
use corridor::places::Place;
use corridor::plan::{PlannedLeg, places_used};
use corridor::quote::quoted;
use corridor::routes::sighting::parse_duration;
use corridor::schema::{Column, leg_columns};
use corridor::units::round_to;
use corridor::writers::atomic::Batch;
use corridor::writers::csv::{csvt, flows_csv, locations_csv, write_legs_csv};
use corridor::writers::fgb::{Layer, write_fgb};
use corridor::writers::geojson::{Extent, Head, places_collection, write_legs_collection};
use corridor::writers::geojsonseq::{RS, write_records};
use corridor::writers::geoparquet::{GeoMeta, write_geoparquet};
use corridor::writers::gpkg::{Srs, add_gpkg};
use corridor::writers::kml::write_kml;
use corridor::writers::parallel::made_ahead;
use corridor::writers::positions::TimeLayer;
use corridor::writers::qgis_style::{legs_qml, modes_of, places_qml, sidecar_path};
use corridor::writers::trips::trips_collection;

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
    /// RFC 8142 GeoJSON text sequence, one RS-prefixed feature per record (.geojsons)
    Geojsonseq,
    /// Newline-delimited GeoJSON, one feature per line, no separators (.geojsonl, .ndjson)
    Geojsonl,
    /// One row per leg: the GeoJSON properties plus WKT geometry (.csv)
    Csv,
    /// kepler.gl / flowmap.blue: locations.csv and flows.csv in the folder given by -o
    CsvFlows,
    /// Google Earth KML 2.2 (.kml)
    Kml,
    /// OGC GeoPackage with layers legs, places and routes (.gpkg)
    Gpkg,
    /// FlatGeobuf legs layer with a packed Hilbert R-tree index (.fgb)
    Fgb,
    /// GeoParquet 1.1, one row per leg, WKB geometry and a bbox column (.parquet)
    #[value(alias = "geoparquet")]
    Parquet,
    /// kepler.gl Trip layer: LineStrings of [lon, lat, 0, unix_seconds] (.json; by --format only)
    Trips,
}

impl Format {
    /// The format an output file name implies.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "geojson" | "json" => Some(Format::Geojson),
            "geojsons" | "geojsonseq" => Some(Format::Geojsonseq),
            "geojsonl" | "ndjson" | "jsonl" => Some(Format::Geojsonl),
            "csv" => Some(Format::Csv),
            "kml" => Some(Format::Kml),
            "gpkg" => Some(Format::Gpkg),
            "fgb" => Some(Format::Fgb),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
}

// Described on its variant of `Command` in main.rs, which lists every subcommand's (see
// `Deferred` there).
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
    /// Reproject output coordinates through PROJ, e.g. EPSG:3857 or EPSG:3576 (GeoPackage,
    /// FlatGeobuf, GeoParquet and CSV; GeoJSON only with --allow-non-rfc7946)
    #[arg(long, value_name = "AUTHORITY:CODE")]
    pub crs: Option<String>,
    /// Allow --crs with GeoJSON: writes a legacy `crs` member, which RFC 7946 does not allow
    #[arg(long)]
    pub allow_non_rfc7946: bool,
    /// Also write each leg's estimated position every --every hours, as points with a `time`
    /// for QGIS's temporal controller: FILE.geojson, FILE.fgb or FILE.gpkg (the -o
    /// GeoPackage itself adds a `positions` layer to it)
    #[arg(long, value_name = "FILE")]
    pub positions: Option<PathBuf>,
    /// The interval of --positions, e.g. 6h, 30 min or 1d
    #[arg(long, value_name = "DURATION", default_value = "6h", value_parser = parse_every)]
    pub every: i64,
    /// Also write every sighting (fix) with its time, source and kind, as points:
    /// FILE.geojson, FILE.fgb or FILE.gpkg (the -o GeoPackage adds a `sightings` layer)
    #[arg(long, value_name = "FILE")]
    pub sightings: Option<PathBuf>,
}

/// `--every`: a positive duration, in seconds.
fn parse_every(s: &str) -> std::result::Result<i64, String> {
    match parse_duration(s)? {
        secs if secs > 0 => Ok(secs),
        _ => Err("the interval must be longer than 0 s".into()),
    }
}

impl Args {
    /// The format asked for, or the one the output's extension implies, or GeoJSON.
    fn format(&self) -> Result<Format> {
        match (self.format, self.output.as_deref()) {
            (Some(f), _) => Ok(f),
            (None, Some(path)) if path.extension().is_some() => Format::from_extension(path)
                .ok_or_else(|| {
                    Error::usage(format!(
                        "cannot tell the output format from {}: corridor writes .geojson, .geojsons, .geojsonl, .csv, .kml, .gpkg, .fgb and .parquet; give one of those extensions or --format",
                        quoted(&path.display().to_string())
                    ))
                }),
            _ => Ok(Format::Geojson),
        }
    }

    /// `--places` and `-o` must not name one file: the second write would replace the first.
    fn distinct_outputs(&self) -> Result<()> {
        let (Some(places), Some(output)) = (&self.places, &self.output) else {
            return Ok(());
        };
        // Compare where the names lead, not how they are spelt (`./x` and `x`).
        if same_file(places, output) {
            return Err(Error::usage(format!(
                "--places and -o both name {}; give the places their own file, such as places.geojson",
                output.display()
            )));
        }
        Ok(())
    }

    /// The target CRS, when it is not WGS84 and the format can carry it.
    fn target_crs(&self, format: Format) -> Result<Option<CrsRef>> {
        let Some(crs) = &self.crs else {
            return Ok(None);
        };
        let target = CrsRef::known(crs).map_err(Error::usage)?;
        if target.is_wgs84() {
            return Ok(None);
        }
        match format {
            Format::Geojson | Format::Geojsonseq | Format::Geojsonl if !self.allow_non_rfc7946 => {
                Err(Error::usage(format!(
                    "GeoJSON (RFC 7946) is always WGS84 longitude/latitude; write --format gpkg or csv for {target}, or add --allow-non-rfc7946 for a GeoJSON with a legacy crs member"
                )))
            }
            Format::Trips => Err(Error::usage(
                "kepler.gl trips are WGS84 longitude/latitude; --crs applies to gpkg, csv and (non-RFC) GeoJSON",
            )),
            Format::Kml | Format::CsvFlows => Err(Error::usage(
                "KML and the flow CSVs are WGS84 longitude/latitude by definition; --crs applies to gpkg, csv and (non-RFC) GeoJSON",
            )),
            _ => Ok(Some(target)),
        }
    }
}

/// The legs' features, made one at a time as a writer takes them, so that a large output
/// never holds every feature's properties at once. A line that several legs share (a course
/// planned once) is cut, rounded and reprojected once.
struct Features<'a> {
    legs: &'a [PlannedLeg<'a>],
    am: Antimeridian,
    /// The frame of `Antimeridian::Unwrap`.
    centre: f64,
    style: Style,
    /// The parts of lines shared by several legs, by the line's address.
    shared: Mutex<HashMap<usize, Arc<Parts>>>,
    /// Every leg's parts in the output CRS, when it is not WGS84.
    reprojected: Option<Vec<Arc<Parts>>>,
}

impl<'a> Features<'a> {
    fn new(legs: &'a [PlannedLeg<'a>], am: Antimeridian, centre: f64, style: Style) -> Self {
        Features {
            legs,
            am,
            centre,
            style,
            shared: Mutex::default(),
            reprojected: None,
        }
    }

    /// Leg `i`'s parts in the output CRS.
    fn parts(&self, i: usize) -> Arc<Parts> {
        if let Some(parts) = &self.reprojected {
            return parts[i].clone();
        }
        let leg = &self.legs[i];
        let make = || Arc::new(leg_parts(leg, self.am, self.centre));
        if Arc::strong_count(&leg.line) == 1 {
            return make();
        }
        let key = Arc::as_ptr(&leg.line).cast::<()>() as usize;
        self.shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_insert_with(make)
            .clone()
    }

    /// Each distinct line's parts once, in the legs' order of first use.
    fn distinct_parts(&self) -> impl Iterator<Item = Arc<Parts>> + '_ {
        let mut seen = HashSet::new();
        (0..self.legs.len())
            .map(|i| self.parts(i))
            .filter(move |p| Arc::strong_count(p) == 1 || seen.insert(Arc::as_ptr(p)))
    }

    /// Whether a box of the lines may cross ±180 (west > east, RFC 7946): WGS84 lines cut
    /// there.
    fn wraps(&self) -> bool {
        self.am == Antimeridian::Cut && self.reprojected.is_none()
    }

    /// The features' columns.
    fn columns(&self) -> &'static [Column] {
        leg_columns(self.style == Style::Simplestyle)
    }

    /// The feature of leg `i`.
    fn feature(&self, i: usize) -> Feature {
        feature_with_parts(&self.legs[i], self.parts(i), self.style)
    }

    /// Runs `write` on the features in the legs' order, made ahead on the other cores.
    fn write_each<R>(&self, write: impl FnOnce(&mut dyn Iterator<Item = Feature>) -> R) -> R {
        made_ahead(self.legs.len(), |i| self.feature(i), write)
    }

    /// The collection's head: its bounding box and line type, from a first pass over the
    /// distinct lines alone.
    fn head<'h>(&self, name: &'h str, crs: Option<&'h str>, credits: &'h [Credit]) -> Head<'h> {
        let mut extent = Extent::new(self.am == Antimeridian::Cut && crs.is_none());
        let mut multi = false;
        for parts in self.distinct_parts() {
            multi |= parts.len() > 1;
            parts.iter().flatten().for_each(|p| extent.add(*p));
        }
        Head {
            name,
            crs,
            bbox: extent.bbox(),
            multi,
            credits,
        }
    }

    /// Moves every leg's line into `target`, each distinct line once.
    fn reproject(&mut self, target: &CrsRef) -> Result<Srs> {
        let t = Transform::from_wgs84(target).map_err(Error::usage)?;
        let geographic = crs::is_geographic(target).map_err(Error::usage)?;
        let mut done: HashMap<*const Parts, Arc<Parts>> = HashMap::new();
        let mut reprojected = Vec::with_capacity(self.legs.len());
        for i in 0..self.legs.len() {
            let parts = self.parts(i);
            // Only a shared line is kept (in `shared`) while the others are moved: the address
            // of a leg's own line, dropped after its move, may be the next leg's line's.
            let key = (Arc::strong_count(&parts) > 1).then_some(Arc::as_ptr(&parts));
            let moved = match key.and_then(|k| done.get(&k)) {
                Some(moved) => moved.clone(),
                None => {
                    let moved = crs::reproject_parts(&t, &parts, geographic);
                    let moved = Arc::new(moved.map_err(Error::usage)?);
                    if let Some(k) = key {
                        done.insert(k, moved.clone());
                    }
                    moved
                }
            };
            reprojected.push(moved);
        }
        self.reprojected = Some(reprojected);
        Srs::of(target).map_err(Error::usage)
    }
}

/// What is written: leg features and place points, in the output CRS.
struct Output<'a> {
    features: Features<'a>,
    places: Vec<Place>,
    place_points: Vec<[f64; 2]>,
    /// The time layers that go into the GeoPackage output, in its CRS.
    time: Vec<TimeLayer>,
    srs: Srs,
    credits: Vec<Credit>,
}

impl Output<'_> {
    /// Moves every coordinate into `target`.
    fn reproject(&mut self, target: &CrsRef) -> Result<()> {
        self.srs = self.features.reproject(target)?;
        let t = Transform::from_wgs84(target).map_err(Error::usage)?;
        let geographic = crs::is_geographic(target).map_err(Error::usage)?;
        let parts = crs::reproject_parts(&t, std::slice::from_ref(&self.place_points), geographic)
            .map_err(Error::usage)?;
        self.place_points = parts.into_iter().next().unwrap_or_default();
        Ok(())
    }
}

pub fn run(args: &Args) -> Result<()> {
    // The command line is checked before any input is read.
    let format = args.format()?;
    let target = args.target_crs(format)?;
    args.distinct_outputs()?;
    check_time_outputs(args, format == Format::Gpkg)?;
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
    let places = places_used(&legs);
    // Every file of the command is written before any is renamed into place.
    let mut batch = Batch::new();
    if let Some(path) = &args.places {
        let collection = places_collection(&format!("{} places", args.name), &places);
        batch.add(path, collection.as_bytes())?;
    }
    add_styles(args, format, &legs, &places, &mut batch)?;
    let time = add_time_layers(args, (&legs, &places), format == Format::Gpkg, &mut batch)?;
    // Only `--antimeridian unwrap` draws in one frame; finding it reads every point.
    let centre = match am {
        Antimeridian::Unwrap => frame_of(&legs),
        Antimeridian::Cut => 0.0,
    };
    let mut out = Output {
        features: Features::new(&legs, am, centre, style),
        place_points: place_points(&places, am, centre),
        credits: credits(&legs, &places),
        places,
        time,
        srs: Srs::wgs84(),
    };
    if let Some(target) = target {
        out.reproject(&target)?;
    }
    write(args, format, &legs, &out, &mut batch)?;
    Ok(batch.commit()?)
}

/// The QGIS style beside `output`, unless the output is not a plain file (a FIFO, a device:
/// `-o /dev/stdout`) or the style would be the output itself.
fn style_beside(output: &Path) -> Option<PathBuf> {
    let sidecar = sidecar_path(output);
    let plain = std::fs::metadata(output).map_or(true, |m| m.is_file());
    (plain && sidecar != output).then_some(sidecar)
}

/// Adds the `.qml` styles QGIS loads beside a GeoJSON or FlatGeobuf output and the `--places`
/// file (the legs' one wins when both would have one name).
fn add_styles(
    args: &Args,
    format: Format,
    legs: &[PlannedLeg],
    places: &[Place],
    batch: &mut Batch,
) -> Result<()> {
    let legs_style = args
        .output
        .as_deref()
        .filter(|_| matches!(format, Format::Geojson | Format::Fgb))
        .and_then(style_beside);
    if let Some(path) = &legs_style {
        let qml = legs_qml(&modes_of(legs), &credits(legs, places));
        batch.add(path, qml.as_bytes())?;
    }
    let places_style = args.places.as_deref().and_then(style_beside);
    if let Some(path) = places_style.filter(|p| Some(p) != legs_style.as_ref()) {
        batch.add(&path, places_qml(&places_credits(places)).as_bytes())?;
    }
    Ok(())
}

/// The places' points; unwrapped, in the legs' frame so that a leg ends on its place.
fn place_points(places: &[Place], am: Antimeridian, centre: f64) -> Vec<[f64; 2]> {
    let lon = |p: &Place| match am {
        Antimeridian::Cut => p.lon,
        Antimeridian::Unwrap => antimeridian::into_frame(p.lon, centre),
    };
    places
        .iter()
        .map(|p| [round_to(lon(p), 6), round_to(p.lat, 6)])
        .collect()
}

/// Adds the output in `format` to `batch`, or prints it.
fn write(
    args: &Args,
    format: Format,
    legs: &[PlannedLeg],
    out: &Output,
    batch: &mut Batch,
) -> Result<()> {
    let output = args.output.as_deref();
    let features = &out.features;
    let srs = &out.srs;
    let crs_member =
        (srs.id != 4326).then(|| format!("urn:ogc:def:crs:{}::{}", srs.organization, srs.id));
    match format {
        Format::Geojson => {
            let head = features.head(&args.name, crs_member.as_deref(), &out.credits);
            emit_written(output, batch, |w| {
                features.write_each(|each| write_legs_collection(w, &head, each))
            })
        }
        Format::Geojsonseq | Format::Geojsonl => {
            let separator = if format == Format::Geojsonseq { RS } else { "" };
            let multi = features.head(&args.name, None, &[]).multi;
            emit_written(output, batch, |w| {
                features.write_each(|each| write_records(w, separator, multi, each))
            })
        }
        Format::Csv => write_csv(output, features, srs, batch),
        Format::Kml => emit_written(output, batch, |w| {
            let layer = (args.name.as_str(), features.columns());
            features.write_each(|each| write_kml(w, layer, each, &out.places, &out.credits))
        }),
        Format::Gpkg | Format::Fgb | Format::Parquet => {
            let path = binary_output(output, format)?;
            write_binary(path, (args, format), legs, out, batch)
        }
        Format::CsvFlows => write_flows(output, legs, &out.places, batch),
        Format::Trips => write_trips(output, &args.name, legs, batch),
    }
}

/// The file a binary output (GeoPackage, FlatGeobuf, GeoParquet) goes to: it needs one.
fn binary_output(output: Option<&Path>, format: Format) -> Result<&Path> {
    let (what, ext) = match format {
        Format::Fgb => ("a FlatGeobuf", "fgb"),
        Format::Parquet => ("a GeoParquet file", "parquet"),
        _ => ("a GeoPackage", "gpkg"),
    };
    output.ok_or_else(|| {
        Error::usage(format!(
            "{what} is a binary file: give it a name with -o FILE.{ext}"
        ))
    })
}

/// Adds the binary output in `format` to `batch`.
fn write_binary(
    path: &Path,
    (args, format): (&Args, Format),
    legs: &[PlannedLeg],
    out: &Output,
    batch: &mut Batch,
) -> Result<()> {
    let features = &out.features;
    match format {
        Format::Fgb => {
            let layer = Layer {
                name: &args.name,
                columns: features.columns(),
                srs: &out.srs,
            };
            batch.add_written(path, |w| {
                write_fgb(w, &layer, legs.len(), |i| features.feature(i))
            })?
        }
        Format::Parquet => {
            let meta = GeoMeta {
                crs: geoparquet_crs(args.target_crs(format)?)?,
                wrap: features.wraps(),
            };
            batch.add_with(path, |tmp| {
                let columns = features.columns();
                features.write_each(|each| write_geoparquet(tmp, columns, &meta, each))
            })?
        }
        _ => features.write_each(|each| {
            add_gpkg(
                batch,
                path,
                legs,
                (features.columns(), each),
                (&out.places, &out.place_points),
                &out.time,
                &out.srs,
            )
        })?,
    }
    Ok(())
}

/// GeoParquet's `crs`: the target's PROJJSON, or none for WGS84 (OGC:CRS84, the default).
fn geoparquet_crs(target: Option<CrsRef>) -> Result<Option<serde_json::Value>> {
    let Some(target) = target else {
        return Ok(None);
    };
    let json = crs::projjson(&target).map_err(Error::usage)?;
    let value = serde_json::from_str(&json)
        .map_err(|e| Error::usage(format!("PROJJSON of {target}: {e}")))?;
    Ok(Some(value))
}

/// The legs CSV, with GDAL's sidecars beside a file: the columns' types and the coordinates'
/// CRS.
fn write_csv(
    output: Option<&std::path::Path>,
    features: &Features,
    srs: &Srs,
    batch: &mut Batch,
) -> Result<()> {
    let multi = features.head("", None, &[]).multi;
    if let Some(path) = output {
        let types = csvt(features.columns());
        batch.add(&path.with_extension("csvt"), types.as_bytes())?;
        batch.add(&path.with_extension("prj"), srs.definition.as_bytes())?;
    }
    emit_written(output, batch, |w| {
        features.write_each(|each| write_legs_csv(w, (features.columns(), multi), each))
    })
}

/// `locations.csv` and `flows.csv` in the folder `output`.
fn write_flows(
    output: Option<&std::path::Path>,
    legs: &[PlannedLeg],
    places: &[Place],
    batch: &mut Batch,
) -> Result<()> {
    let dir = output
        .ok_or_else(|| Error::usage("csv-flows writes two files: give a folder with -o DIR"))?;
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::file(
            dir.display().to_string(),
            format!("cannot create folder: {e}"),
        )
        .with_kind(Kind::Write)
    })?;
    batch.add(&dir.join("locations.csv"), locations_csv(places).as_bytes())?;
    Ok(batch.add(&dir.join("flows.csv"), flows_csv(legs).as_bytes())?)
}

/// kepler.gl's Trip layer input; the legs left out for having no times are counted on
/// standard error.
fn write_trips(
    output: Option<&Path>,
    name: &str,
    legs: &[PlannedLeg],
    batch: &mut Batch,
) -> Result<()> {
    let (collection, untimed) = trips_collection(name, legs);
    if untimed > 0 {
        super::to_stderr(&format!(
            "note: {untimed} of {} legs left out of the trips: no times (no sightings, nor both a start and an end)\n",
            legs.len()
        ));
    }
    emit_written(output, batch, |w| w.write_all(collection.as_bytes()))
}
