//! `corridor render`: a static map (SVG or PNG) for reports.

use std::path::PathBuf;

use super::Inputs;
use corridor::crs::CrsRef;
use corridor::error::{Diagnostic, Error, Kind, Result};
use corridor::features::Antimeridian;
use corridor::quote::quoted;
use corridor::render::svg::{MapOptions, Weight, map_svg};
use corridor::render::svg_to_png;
use corridor::writers::atomic::write_atomic;

// Described on its variant of `Command` in main.rs, which lists every subcommand's (see
// `Deferred` there).
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Output file, map.svg or map.png
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Projection (AUTHORITY:CODE, e.g. EPSG:3576) [default: equal-area centred on the routes]
    #[arg(long, value_name = "AUTHORITY:CODE")]
    pub crs: Option<String>,
    /// Title printed on the map [default: the routes' titles]
    #[arg(long)]
    pub title: Option<String>,
    /// Image width in pixels, 300 to 8000
    #[arg(long, default_value_t = 1600.0, value_parser = width_px)]
    pub width: f64,
    /// What sets a leg's line width
    #[arg(long, value_enum, default_value_t)]
    pub weight: Weight,
    /// Draw meridians and parallels every DEGREES (1 to 90), e.g. 30
    #[arg(long, value_name = "DEGREES", value_parser = graticule_step)]
    pub graticule: Option<f64>,
}

/// A width in pixels: a number from 300 to 8000 (NaN and infinities are not widths).
fn width_px(s: &str) -> std::result::Result<f64, String> {
    number_in(s, 300.0..=8000.0, "a width from 300 to 8000 pixels")
}

/// A graticule step: degrees from 1 to 90.
fn graticule_step(s: &str) -> std::result::Result<f64, String> {
    number_in(s, 1.0..=90.0, "a step from 1 to 90 degrees")
}

/// `s` as a number within `range`, else the message "… is not `what`".
fn number_in(
    s: &str,
    range: std::ops::RangeInclusive<f64>,
    what: &str,
) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if range.contains(&v) => Ok(v),
        _ => Err(format!("{} is not {what}", quoted(s))),
    }
}

/// Whether the map is PNG (else SVG), from the output's extension.
fn is_png(output: &std::path::Path) -> Result<bool> {
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("svg") => Ok(false),
        Some("png") => Ok(true),
        _ => Err(Error::usage(format!(
            "{}: name the map .svg or .png",
            output.display()
        ))),
    }
}

pub fn run(args: &Args) -> Result<()> {
    // The command line is checked before any input is read.
    let png = is_png(&args.output)?;
    if let Some(crs) = &args.crs {
        CrsRef::known(crs).map_err(Error::usage)?;
    }
    // Unwrapped lines: the projection, not the data, decides where the map is cut.
    let drawn = args.inputs.draw(Antimeridian::Unwrap)?;
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| match drawn.routes.as_slice() {
            [one] => one.title.clone(),
            _ => format!(
                "Supply corridors: {} routes, {} legs",
                drawn.routes.len(),
                drawn.legs
            ),
        });
    let opts = MapOptions {
        title,
        width: args.width,
        crs: args.crs.clone(),
        weight: args.weight,
        credits: drawn.credits.clone(),
        graticule: args.graticule,
    };
    let svg = map_svg(&drawn.features, &drawn.places, &opts).map_err(Error::usage)?;
    let bytes = if png {
        svg_to_png(&svg).map_err(|e| {
            Error::one(
                Diagnostic::file(args.output.display().to_string(), e).with_kind(Kind::Write),
            )
        })?
    } else {
        svg.into_bytes()
    };
    Ok(write_atomic(&args.output, &bytes)?)
}
