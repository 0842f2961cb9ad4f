//! A self-contained offline HTML page (no CDN, no tiles) showing the legs over the bundled
//! basemap, with a popup per leg and a list of routes to toggle. The page itself is
//! `preview.html`; this fills in its data.

use serde_json::{Value, json};

use crate::features::Feature;
use crate::places::Place;
use crate::render::basemap::{self, Scale};
use crate::writers::geojson::{legs_collection, places_collection};

static TEMPLATE: &str = include_str!("preview.html");
const PLACEHOLDER: &str = "/*CORRIDOR_DATA*/null";

/// The HTML page with the legs, places and the 1:110m basemap embedded.
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
/// use corridor::writers::preview::preview_html;
///
/// let html = preview_html("corridor", &features, &places);
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("minsk-moscow/1") && !html.contains("/*CORRIDOR_DATA*/"));
/// ```
pub fn preview_html(name: &str, features: &[Feature], places: &[Place]) -> String {
    let legs: Value = serde_json::from_str(&legs_collection(
        name,
        features,
        crate::features::Antimeridian::Cut,
    ))
    .expect("our own JSON");
    let places: Value = serde_json::from_str(&places_collection(&format!("{name} places"), places))
        .expect("our own JSON");
    let data = json!({
        "name": name,
        "legs": legs,
        "places": places,
        "basemap": { "land": basemap::land(Scale::OneTen), "borders": basemap::borders(Scale::OneTen) },
    });
    // Inside <script>, "</script>" in a string would end the script: escape every '<'.
    let text = serde_json::to_string(&data)
        .expect("JSON")
        .replace('<', "\\u003c");
    TEMPLATE.replacen(PLACEHOLDER, &text, 1)
}
