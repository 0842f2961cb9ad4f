//! `build --positions FILE` and `--sightings FILE`: the time layers, written as GeoJSON,
//! FlatGeobuf or a GeoPackage as FILE's extension says, each with the QGIS style that sets
//! the temporal controller on its times. Naming the `-o` GeoPackage puts them in it as
//! layers; `--positions` and `--sightings` may also share a GeoPackage of their own.

use std::path::Path;

use super::build::Args;
use corridor::credits::{Credit, credits};
use corridor::crs::{self, CrsRef, Transform};
use corridor::error::{Error, Result};
use corridor::places::Place;
use corridor::plan::PlannedLeg;
use corridor::quote::quoted;
use corridor::writers::atomic::Batch;
use corridor::writers::fgb::{Layer, write_fgb_points};
use corridor::writers::gpkg::{Srs, add_time_gpkg};
use corridor::writers::positions::{
    TimeLayer, TimeLayerKind, TimedPoint, points_collection, positions, sightings,
};
use corridor::writers::qgis_style::{modes_of, positions_qml, sidecar_path, sightings_qml};

/// The file format of a time layer, from its file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TimeFormat {
    Geojson,
    Fgb,
    Gpkg,
}

/// The time layers asked for: each kind with its file.
fn asked(args: &Args) -> Vec<(TimeLayerKind, &Path)> {
    let positions = args
        .positions
        .as_deref()
        .map(|p| (TimeLayerKind::Positions, p));
    let sightings = args
        .sightings
        .as_deref()
        .map(|p| (TimeLayerKind::Sightings, p));
    positions.into_iter().chain(sightings).collect()
}

/// The format of `path`, given to `--positions` or `--sightings`.
fn format_of(kind: TimeLayerKind, path: &Path) -> Result<TimeFormat> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "geojson" | "json" => Ok(TimeFormat::Geojson),
        "fgb" => Ok(TimeFormat::Fgb),
        "gpkg" => Ok(TimeFormat::Gpkg),
        _ => Err(Error::usage(format!(
            "cannot tell the format of --{} {}: give it a .geojson, .fgb or .gpkg name",
            kind.table(),
            quoted(&path.display().to_string())
        ))),
    }
}

/// Checks the time layers' files before anything is read: a format each, and no file
/// written twice, except GeoPackages that take several layers (`-o` among them when it is
/// one).
pub(super) fn check_time_outputs(args: &Args, output_is_gpkg: bool) -> Result<()> {
    let asked = asked(args);
    for (i, (kind, path)) in asked.iter().enumerate() {
        let gpkg = format_of(*kind, path)? == TimeFormat::Gpkg;
        let others = asked[..i].iter().map(|(k, p)| (k.table(), *p, gpkg));
        let output = args
            .output
            .as_deref()
            .map(|p| ("-o", p, gpkg && output_is_gpkg));
        let places = args.places.as_deref().map(|p| ("--places", p, false));
        for (other, p, shared) in others.chain(output).chain(places) {
            if !shared && same_file(path, p) {
                return Err(Error::usage(format!(
                    "--{} and {} both name {}; give each its own file, or name one GeoPackage (.gpkg) for both",
                    kind.table(),
                    flag(other),
                    path.display()
                )));
            }
        }
    }
    Ok(())
}

/// `positions` → `--positions`; flags stay as they are.
fn flag(name: &str) -> String {
    if name.starts_with('-') {
        name.to_string()
    } else {
        format!("--{name}")
    }
}

/// Whether two names lead to one file (`./x` and `x`).
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    let resolve = |p: &Path| {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
        let dir = dir.map_or_else(|| std::path::PathBuf::from("."), |d| d.to_path_buf());
        (
            dir.canonicalize().unwrap_or(dir),
            p.file_name().map(|f| f.to_owned()),
        )
    };
    resolve(a) == resolve(b)
}

/// Adds the time layers' files (and their styles) to `batch`, and returns the layers that
/// go into the `-o` GeoPackage, in the output's CRS.
pub(super) fn add_time_layers(
    args: &Args,
    (legs, places): (&[PlannedLeg], &[Place]),
    output_is_gpkg: bool,
    batch: &mut Batch,
) -> Result<Vec<TimeLayer>> {
    let credits = credits(legs, places);
    let target = projected_target(args)?;
    let mut into_output = Vec::new();
    let mut gpkgs: Vec<(&Path, Vec<TimeLayer>)> = Vec::new();
    for (kind, path) in asked(args) {
        let format = format_of(kind, path)?;
        let mut layer = time_layer(kind, (legs, &credits), args.every);
        if let Some(target) = target.as_ref().filter(|_| format != TimeFormat::Geojson) {
            reproject(&mut layer.points, target)?;
        }
        let to_output =
            output_is_gpkg && args.output.as_deref().is_some_and(|o| same_file(o, path));
        match format {
            _ if to_output => into_output.push(layer),
            TimeFormat::Gpkg => match gpkgs.iter_mut().find(|(p, _)| same_file(p, path)) {
                Some((_, layers)) => layers.push(layer),
                None => gpkgs.push((path, vec![layer])),
            },
            TimeFormat::Geojson | TimeFormat::Fgb => {
                add_file(args, (path, format), &layer, target.as_ref(), batch)?
            }
        }
    }
    for (path, layers) in gpkgs {
        add_time_gpkg(batch, path, &layers, &credits, &srs(target.as_ref())?)?;
    }
    Ok(into_output)
}

/// The layer of `kind` for `legs`, in WGS84, with its style.
fn time_layer(
    kind: TimeLayerKind,
    (legs, credits): (&[PlannedLeg], &[Credit]),
    every: i64,
) -> TimeLayer {
    let (points, style) = match kind {
        TimeLayerKind::Positions => (
            positions(legs, every),
            positions_qml(&modes_of(legs), every, credits),
        ),
        // The fixes are the analyst's own: no data to credit.
        TimeLayerKind::Sightings => (sightings(legs), sightings_qml(&[])),
    };
    TimeLayer {
        kind,
        points,
        style,
    }
}

/// Adds a time layer's GeoJSON or FlatGeobuf file, and its style beside it unless that
/// would be the `-o` output's or the places' style (theirs win).
fn add_file(
    args: &Args,
    (path, format): (&Path, TimeFormat),
    layer: &TimeLayer,
    target: Option<&CrsRef>,
    batch: &mut Batch,
) -> Result<()> {
    let name = format!("{} {}", args.name, layer.kind.table());
    if format == TimeFormat::Geojson {
        batch.add(path, points_collection(&name, &layer.points).as_bytes())?;
    } else {
        let srs = srs(target)?;
        let fgb = Layer {
            name: &name,
            columns: layer.kind.columns(),
            srs: &srs,
        };
        batch.add_written(path, |w| write_fgb_points(w, &fgb, &layer.points))?;
    }
    let style = sidecar_path(path);
    let taken = [args.output.as_deref(), args.places.as_deref()]
        .into_iter()
        .flatten()
        .any(|p| same_file(&sidecar_path(p), &style) || same_file(p, &style));
    if !taken {
        batch.add(&style, layer.style.as_bytes())?;
    }
    Ok(())
}

/// `--crs`, when it names a system other than WGS84 (the time layers' GeoJSON stays WGS84,
/// as RFC 7946 wants; their FlatGeobuf and GeoPackage follow the legs).
fn projected_target(args: &Args) -> Result<Option<CrsRef>> {
    let Some(crs) = &args.crs else {
        return Ok(None);
    };
    let target = CrsRef::known(crs).map_err(Error::usage)?;
    Ok((!target.is_wgs84()).then_some(target))
}

/// The system the points are stored in.
fn srs(target: Option<&CrsRef>) -> Result<Srs> {
    target.map_or_else(|| Ok(Srs::wgs84()), |t| Srs::of(t).map_err(Error::usage))
}

/// Moves the points from WGS84 into `target`.
fn reproject(points: &mut [TimedPoint], target: &CrsRef) -> Result<()> {
    let t = Transform::from_wgs84(target).map_err(Error::usage)?;
    let geographic = crs::is_geographic(target).map_err(Error::usage)?;
    let lonlat = vec![points.iter().map(|(at, _)| *at).collect()];
    let moved = crs::reproject_parts(&t, &lonlat, geographic).map_err(Error::usage)?;
    for ((at, _), xy) in points.iter_mut().zip(moved.into_iter().flatten()) {
        *at = xy;
    }
    Ok(())
}
