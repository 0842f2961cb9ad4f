//! Output formats, and writing them safely.
//!
//! The writers take the features of planned legs and the places the legs use, built as
//! `corridor build` builds them:
//!
//! ```
//! use corridor::plan::places_used;
//! use corridor::features::{Antimeridian, Style, leg_feature};
//! use corridor::places::Gazetteer;
//! use corridor::plan::{PlanOptions, plan};
//! use corridor::routes::toml_file;
//!
//! let toml = r#"
//! id = "minsk-moscow"
//! title = "Minsk to Moscow"
//! [[legs]]
//! mode = "air"
//! from = "minsk-national-airport"
//! to = "sheremetyevo"
//! trips = 2
//! quantity = { value = 40, unit = "t" }
//! "#;
//! let routes = [toml_file::parse("minsk-moscow.toml", toml).unwrap()];
//! let legs = plan(&routes, &Gazetteer::bundled(), &PlanOptions::default())
//!     .unwrap()
//!     .legs;
//! let features: Vec<_> = legs
//!     .iter()
//!     .map(|l| leg_feature(l, Antimeridian::Cut, Style::None))
//!     .collect();
//! let places = places_used(&legs);
//! assert_eq!((features.len(), places.len()), (1, 2));
//! ```

pub mod atomic;
pub mod cells;
pub mod csv;
pub mod fgb;
pub mod geojson;
pub mod geojsonseq;
pub mod geoparquet;
pub mod gpkg;
pub mod kml;
pub mod number;
pub mod parallel;
pub mod positions;
pub mod preview;
pub mod qgis_style;
mod shared_text;
pub mod trips;
pub mod wkb;
pub mod wkt;
pub mod xml;
