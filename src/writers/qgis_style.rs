//! QGIS layer styles (QML documents) for the layers corridor writes, so that QGIS opens them
//! styled: legs categorised by mode in the colours of [`mode_colour`] (as `render` draws
//! them), wider with more trips, with the temporal controller set on `start_date` and
//! `end_date`; places and routes labelled. The GeoPackage carries them in its
//! `layer_styles` table; a GeoJSON output gets a `.qml` file beside it, which QGIS loads as
//! the layer's default style. The credits go into the layer's notes (QGIS shows them from
//! the layers panel).
//!
//! The documents use QGIS 3.22's style format, which later versions read too; the bytes are
//! fixed for given modes and credits.
//!
//! ```
//! use corridor::credits::Credit;
//! use corridor::routes::Mode;
//! use corridor::writers::qgis_style::{legs_qml, sidecar_path};
//!
//! let qml = legs_qml(&[Mode::Air, Mode::Rail], &[Credit::OpenStreetMap]);
//! assert!(qml.contains(r#"type="categorizedSymbol" attr="mode""#));
//! assert!(qml.contains(r#"<category symbol="1" value="rail" label="rail" render="true"/>"#));
//! assert!(qml.contains(r#"startField="start_date""#));
//! assert!(qml.contains("OpenStreetMap contributors"));
//! assert_eq!(sidecar_path("out/legs.geojson".as_ref()), std::path::Path::new("out/legs.qml"));
//! ```

use std::fmt::Write;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::xml::escape;
use crate::credits::Credit;
use crate::features::mode_colour;
use crate::plan::PlannedLeg;
use crate::routes::Mode;

/// The style QGIS loads by default for a file layer: the file's name with `.qml` (for
/// GeoJSON now, FlatGeobuf and the like later).
pub fn sidecar_path(output: &Path) -> PathBuf {
    output.with_extension("qml")
}

/// A leg's line width in mm, from its trips: 0.5 mm for one trip, growing with the logarithm
/// as `render`'s widths do, at most 2.5 mm.
const TRIPS_WIDTH: &str = r#"min(0.5 + 0.45 * ln(max(coalesce("trips", 1), 1)), 2.5)"#;

/// Style of the `legs` layer: one category per mode in `modes` (the modes present).
pub fn legs_qml(modes: &[Mode], credits: &[Credit]) -> String {
    let mut categories = String::new();
    let mut symbols = String::new();
    for (i, mode) in modes.iter().enumerate() {
        let m = mode.as_str();
        let _ = writeln!(
            categories,
            r#"      <category symbol="{i}" value="{m}" label="{m}" render="true"/>"#
        );
        symbols.push_str(&line_symbol(
            &i.to_string(),
            mode_colour(*mode),
            "0.5",
            true,
        ));
    }
    let renderer = format!(
        "  <renderer-v2 type=\"categorizedSymbol\" attr=\"mode\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">\n    <categories>\n{categories}    </categories>\n    <symbols>\n{symbols}    </symbols>\n  </renderer-v2>\n"
    );
    let temporal = Temporal::Range {
        start: "start_date",
        end: "end_date",
    };
    document(LINE, &(temporal.xml() + &renderer), None, credits)
}

/// Style of the `places` layer: dark points labelled by `name`.
pub fn places_qml(credits: &[Credit]) -> String {
    let symbol = marker_symbol("0", "circle", ("34,34,34,255", "255,255,255,255"), "2");
    let labels = labeling("name", false, AROUND_POINT);
    document(POINT, &single_symbol(&symbol), Some(&labels), credits)
}

/// Style of the GeoPackage's `routes` layer: a thin dark line under the legs, labelled by
/// the route's title (its id when it has none).
pub fn routes_qml(credits: &[Credit]) -> String {
    let symbol = line_symbol("0", "#333333", "0.3", false);
    let labels = labeling(r#"coalesce("route_title", "route_id")"#, true, ALONG_LINE);
    document(LINE, &single_symbol(&symbol), Some(&labels), credits)
}

/// Style of a `positions` layer written every `every` seconds: for QGIS's temporal
/// controller, each position is an instant at `time` shown until the next one, so each
/// frame of that step shows every leg under way once. Points are categorised by mode (in the legs'
/// colours) and by `observed`: filled where observed, hollow where inferred.
pub fn positions_qml(modes: &[Mode], every: i64, credits: &[Credit]) -> String {
    let mut categories = String::new();
    let mut symbols = String::new();
    for (i, mode) in modes.iter().enumerate() {
        for (j, (part, fill)) in [("observed", true), ("inferred", false)].iter().enumerate() {
            let value = format!("{} {part}", mode.as_str());
            let name = (2 * i + j).to_string();
            let _ = writeln!(
                categories,
                r#"      <category symbol="{name}" value="{value}" label="{value}" render="true"/>"#
            );
            let colour = rgba(mode_colour(*mode));
            let inside = if *fill { &colour } else { "255,255,255,255" };
            symbols.push_str(&marker_symbol(&name, "circle", (inside, &colour), "2.4"));
        }
    }
    let by = escape(r#""mode" || ' ' || if("observed" = 1, 'observed', 'inferred')"#);
    let renderer = format!(
        "  <renderer-v2 type=\"categorizedSymbol\" attr=\"{by}\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">\n    <categories>\n{categories}    </categories>\n    <symbols>\n{symbols}    </symbols>\n  </renderer-v2>\n"
    );
    // Shown for one second less than the step: a GeoPackage stores `time` as text with
    // milliseconds (…T06:00:00.000Z) and QGIS compiles the frame's filter ("time" > start -
    // duration) into a text comparison there, in which the position exactly one step
    // before the frame counts as later and would show in two frames.
    let temporal = Temporal::Instant {
        field: "time",
        seconds: (every - 1).max(1),
    };
    document(POINT, &(temporal.xml() + &renderer), None, credits)
}

/// Style of a `sightings` layer: dark diamonds, each shown in QGIS's temporal controller
/// from its `earliest` to its `latest` time (a whole day for a fix dated by its day).
pub fn sightings_qml(credits: &[Credit]) -> String {
    let symbol = marker_symbol("0", "diamond", ("178,24,43,255", "255,255,255,255"), "3");
    let temporal = Temporal::Range {
        start: "earliest",
        end: "latest",
    };
    let labels = labeling("kind", false, AROUND_POINT);
    let body = temporal.xml() + &single_symbol(&symbol);
    document(POINT, &body, Some(&labels), credits)
}

/// The modes of `legs`, in [`Mode::ALL`]'s order: the categories of [`legs_qml`].
pub fn modes_of(legs: &[PlannedLeg]) -> Vec<Mode> {
    Mode::ALL
        .into_iter()
        .filter(|m| legs.iter().any(|l| l.leg.mode == *m))
        .collect()
}

/// A GeoPackage's styles, as QGIS and GDAL store them: the `layer_styles` table (registered
/// as an attributes table) with one row per `(layer, style)`, each the layer's default, so
/// that QGIS applies it on opening. `update_time` is given, for byte-identical files.
pub(crate) fn write_layer_styles(
    db: &Connection,
    styles: &[(&str, String)],
    update_time: &str,
) -> rusqlite::Result<()> {
    db.execute_batch(
        "CREATE TABLE \"layer_styles\" ( \"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \"f_table_catalog\" TEXT(256), \"f_table_schema\" TEXT(256), \"f_table_name\" TEXT(256), \"f_geometry_column\" TEXT(256), \"styleName\" TEXT(30), \"styleQML\" TEXT, \"styleSLD\" TEXT, \"useAsDefault\" BOOLEAN, \"description\" TEXT, \"owner\" TEXT(30), \"ui\" TEXT(30), \"update_time\" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))",
    )?;
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) VALUES ('layer_styles', 'attributes', 'layer_styles', '', ?1, 0)",
        [update_time],
    )?;
    let mut insert = db.prepare(
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) VALUES ('', '', ?1, 'geom', ?1, ?2, '', 1, 'corridor: default style', '', NULL, ?3)",
    )?;
    for (table, qml) in styles {
        insert.execute(rusqlite::params![table, qml, update_time])?;
    }
    Ok(())
}

/// `layerGeometryType` of point and line layers.
const POINT: u8 = 0;
const LINE: u8 = 1;

/// QgsPalLayerSettings placements: around a point (cartographic, ordered positions) and
/// along a line.
const AROUND_POINT: u8 = 6;
const ALONG_LINE: u8 = 2;

/// How a layer's features are placed in time (QgsVectorLayerTemporalProperties).
enum Temporal<'a> {
    /// Mode 1, ModeFeatureDateTimeInstantFromField: the instant in `field`, shown for
    /// `seconds`; limitMode 0 excludes the end.
    Instant { field: &'a str, seconds: i64 },
    /// Mode 2, ModeFeatureDateTimeStartAndEndFromFields; limitMode 1 includes the end, so a
    /// feature whose start and end are one instant is shown.
    Range { start: &'a str, end: &'a str },
}

impl Temporal<'_> {
    fn xml(&self) -> String {
        let (mode, start, end, (duration, unit), limit) = match *self {
            Temporal::Instant { field, seconds } => (1, field, "", (seconds, "s"), 0),
            Temporal::Range { start, end } => (2, start, end, (0, "min"), 1),
        };
        format!(
            "  <temporal enabled=\"1\" mode=\"{mode}\" startField=\"{start}\" endField=\"{end}\" startExpression=\"\" endExpression=\"\" durationField=\"\" durationUnit=\"{unit}\" fixedDuration=\"{duration}\" accumulate=\"0\" limitMode=\"{limit}\">\n    <fixedRange>\n      <start></start>\n      <end></end>\n    </fixedRange>\n  </temporal>\n"
        )
    }
}

/// A whole style document around `body` (temporal settings and renderer), with labels.
fn document(geometry: u8, body: &str, labels: Option<&str>, credits: &[Credit]) -> String {
    let mut out = format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"AllStyleCategories\" labelsEnabled=\"{}\" hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" maxScale=\"0\">\n",
        u8::from(labels.is_some())
    );
    out.push_str(body);
    out.push_str(labels.unwrap_or(""));
    out.push_str(&notes(credits));
    let _ = write!(
        out,
        "  <layerGeometryType>{geometry}</layerGeometryType>\n</qgis>\n"
    );
    out
}

/// The credits as the layer's notes (QGIS keeps them in the custom property `userNotes`).
fn notes(credits: &[Credit]) -> String {
    if credits.is_empty() {
        return "  <customproperties/>\n".into();
    }
    let items: String = credits
        .iter()
        .map(|c| format!("<li>{}</li>", escape(&c.full_text())))
        .collect();
    let html = format!("<p>Credits:</p><ul>{items}</ul>");
    format!(
        "  <customproperties>\n    <Option type=\"Map\">\n      <Option type=\"QString\" name=\"userNotes\" value=\"{}\"/>\n    </Option>\n  </customproperties>\n",
        escape(&html)
    )
}

fn single_symbol(symbol: &str) -> String {
    format!(
        "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">\n    <symbols>\n{symbol}    </symbols>\n  </renderer-v2>\n"
    )
}

/// `<prop>` elements, the symbol layer properties every QGIS 3 reads.
fn props(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("          <prop k=\"{k}\" v=\"{}\"/>\n", escape(v)))
        .collect()
}

/// A simple line symbol named `name` in `colour` (`#rrggbb`), `width` mm wide, or as wide as
/// the leg's trips make it.
fn line_symbol(name: &str, colour: &str, width: &str, by_trips: bool) -> String {
    let layer_props = props(&[
        ("line_color", &rgba(colour)),
        ("line_width", width),
        ("line_width_unit", "MM"),
        ("line_style", "solid"),
        ("capstyle", "round"),
        ("joinstyle", "round"),
    ]);
    let data_defined = if by_trips {
        format!(
            "          <data_defined_properties>\n            <Option type=\"Map\">\n              <Option type=\"QString\" name=\"name\" value=\"\"/>\n              <Option type=\"Map\" name=\"properties\">\n                <Option type=\"Map\" name=\"outlineWidth\">\n                  <Option type=\"bool\" name=\"active\" value=\"true\"/>\n                  <Option type=\"QString\" name=\"expression\" value=\"{}\"/>\n                  <Option type=\"int\" name=\"type\" value=\"3\"/>\n                </Option>\n              </Option>\n              <Option type=\"QString\" name=\"type\" value=\"collection\"/>\n            </Option>\n          </data_defined_properties>\n",
            escape(TRIPS_WIDTH)
        )
    } else {
        String::new()
    };
    format!(
        "      <symbol type=\"line\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n        <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n{layer_props}{data_defined}        </layer>\n      </symbol>\n"
    )
}

/// A simple marker symbol named `name`: a `shape` (circle, diamond…) `size` mm across,
/// filled and outlined in the given QGIS colours (`r,g,b,a`).
fn marker_symbol(name: &str, shape: &str, (fill, outline): (&str, &str), size: &str) -> String {
    format!(
        "      <symbol type=\"marker\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n        <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n{}        </layer>\n      </symbol>\n",
        props(&[
            ("name", shape),
            ("color", fill),
            ("outline_color", outline),
            ("outline_width", "0.3"),
            ("size", size),
            ("size_unit", "MM"),
        ])
    )
}

/// `#rrggbb` as QGIS's `r,g,b,a`.
fn rgba(hex: &str) -> String {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or(0);
    format!("{},{},{},255", byte(0), byte(2), byte(4))
}

/// Simple labelling by `text` (a field name, or an expression), dark on a white buffer.
fn labeling(text: &str, is_expression: bool, placement: u8) -> String {
    format!(
        r#"  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="{}" isExpression="{}" fontFamily="DejaVu Sans" fontSize="8" fontSizeUnit="Point" textColor="34,34,34,255" textOpacity="1">
        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.85"/>
      </text-style>
      <placement placement="{placement}" dist="1" distUnits="MM"/>
      <rendering obstacle="1" scaleVisibility="0" fontLimitPixelSize="0"/>
    </settings>
  </labeling>
"#,
        escape(text),
        u8::from(is_expression)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_qgis_rgba() {
        assert_eq!(rgba("#0072B2"), "0,114,178,255");
    }

    #[test]
    fn styles_are_well_formed_xml() {
        let credits = [Credit::OpenStreetMap, Credit::GeoNames];
        for qml in [
            legs_qml(&Mode::ALL, &credits),
            places_qml(&credits),
            routes_qml(&[]),
        ] {
            roxmltree::Document::parse_with_options(
                &qml,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                },
            )
            .expect("well-formed");
        }
    }
}
