//! A self-contained offline HTML page (no CDN, no tiles) showing the legs over the bundled
//! basemap with Leaflet: a popup per leg, layers to toggle by mode, a scale bar, and a list of
//! routes to show or hide. The page itself is `preview.html`; this fills in Leaflet (vendored
//! in `assets/leaflet/` by `scripts/vendor_leaflet.sh`) and the data.

use serde_json::{Value, json};

use crate::features::{Antimeridian, Feature};
use crate::places::Place;
use crate::render::basemap::{self, Scale};
use crate::writers::geojson::{legs_collection, places_collection};

static TEMPLATE: &str = include_str!("preview.html");
static LEAFLET_JS: &str = include_str!("../../assets/leaflet/leaflet.js");
static LEAFLET_CSS: &str = include_str!("../../assets/leaflet/leaflet.css");
/// Leaflet's last line names a source map the page does not carry: left out.
const SOURCE_MAP: &str = "//# sourceMappingURL=leaflet.js.map";
/// The markers the page is filled at, in the order they appear in it.
const MARKERS: [&str; 3] = [
    "/*CORRIDOR_LEAFLET_CSS*/",
    "/*CORRIDOR_LEAFLET_JS*/",
    "/*CORRIDOR_DATA*/null",
];

/// The basemap's credit, for the page's attribution control.
pub const BASEMAP_CREDIT: &str =
    "Basemap: Natural Earth (public domain), de facto borders (Crimea drawn inside Russia)";

/// The HTML page with Leaflet, the legs, places and the 1:110m basemap embedded; `credits`
/// (plain text, one entry each) are listed in the map's attribution control after Leaflet's.
///
/// With `legs`, `features` and `places` built as in the [module example](super):
///
/// ```
/// # use corridor::{features::*, places::Gazetteer, plan::*, routes::toml_file};
/// # let toml = "id = 'minsk-moscow'\ntitle = 'Minsk to Moscow'\n[[legs]]\nmode = 'air'\nfrom = 'minsk-national-airport'\nto = 'sheremetyevo'\ntrips = 2\nquantity = { value = 40, unit = 't' }";
/// # let routes = [toml_file::parse("minsk-moscow.toml", toml).unwrap()];
/// # let legs = plan(&routes, &Gazetteer::bundled(), &PlanOptions::default()).unwrap().legs;
/// # let features: Vec<Feature> = legs.iter().map(|l| leg_feature(l, Antimeridian::Cut, Style::None)).collect();
/// # let places = places_used(&legs);
/// use corridor::writers::preview::{BASEMAP_CREDIT, preview_html};
///
/// let html = preview_html("corridor", &features, &places, &[BASEMAP_CREDIT.to_string()]);
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("minsk-moscow/1") && !html.contains("/*CORRIDOR_DATA*/"));
/// ```
pub fn preview_html(
    name: &str,
    features: &[Feature],
    places: &[Place],
    credits: &[String],
) -> String {
    let data = page_data(name, features, places, credits);
    // Inside <script>, "</script>" in a string would end the script: escape every '<'.
    let text = serde_json::to_string(&data)
        .expect("JSON")
        .replace('<', "\\u003c");
    let js = LEAFLET_JS.replacen(SOURCE_MAP, "", 1);
    fill(TEMPLATE, &MARKERS, &[LEAFLET_CSS, &js, &text])
}

/// The page's data: legs and places as GeoJSON, the credits and the basemap.
fn page_data(name: &str, features: &[Feature], places: &[Place], credits: &[String]) -> Value {
    let legs: Value = serde_json::from_str(&legs_collection(name, features, Antimeridian::Cut))
        .expect("our own JSON");
    let places: Value = serde_json::from_str(&places_collection(&format!("{name} places"), places))
        .expect("our own JSON");
    json!({
        "name": name,
        "legs": legs,
        "places": places,
        "credits": credits,
        "seen": seen_data(features),
        "basemap": { "land": basemap::land(Scale::OneTen), "borders": basemap::borders(Scale::OneTen) },
    })
}

/// The sightings of the legs that have any, by leg id: observed parts and fixes.
fn seen_data(features: &[Feature]) -> Value {
    let by_id = features.iter().filter_map(|f| {
        let seen = f.seen.as_ref()?;
        let fixes: Vec<Value> = seen
            .fixes
            .iter()
            .map(|d| json!({"lon": d.lon, "lat": d.lat, "time": d.time, "source": d.source, "kind": d.kind}))
            .collect();
        Some((f.id.clone(), json!({"observed": seen.observed, "fixes": fixes})))
    });
    Value::Object(by_id.collect())
}

/// `template` with each marker, found in order, replaced by its text. Each marker is looked
/// for only after the previous one's replacement, so no inserted text is ever searched.
fn fill(template: &str, markers: &[&str], texts: &[&str]) -> String {
    let mut out =
        String::with_capacity(template.len() + texts.iter().map(|t| t.len()).sum::<usize>());
    let mut rest = template;
    for (marker, text) in markers.iter().zip(texts) {
        let (head, tail) = rest.split_once(marker).expect("marker in the page");
        out.push_str(head);
        out.push_str(text);
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_filled_in_order_and_inserted_text_is_left_alone() {
        let page = fill("a/*1*/b/*2*/c", &["/*1*/", "/*2*/"], &["/*2*/", "X"]);
        assert_eq!(page, "a/*2*/bXc");
    }

    #[test]
    fn leaflet_is_inlined_without_its_source_map() {
        let html = preview_html("t", &[], &[], &["Test credit".to_string()]);
        assert!(html.contains("t.version=\"1.9.4\"") && html.contains(".leaflet-pane"));
        assert!(!html.contains("sourceMappingURL") && html.contains("\"Test credit\""));
        assert!(MARKERS.iter().all(|m| !html.contains(m)));
    }
}
