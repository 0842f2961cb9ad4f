//! Coordinate reference systems through PROJ: reprojecting output and reading places given
//! in other CRSs (Pulkovo 1942, UTM, Gauss–Krüger, …).
//!
//! Everything inside corridor is WGS84 longitude/latitude (EPSG:4326, lon first). PROJ's
//! axis order is normalised for visualisation, so every pair here is (x/lon, y/lat).
//!
//! Built without the cargo feature `proj`, only WGS84 itself is known and every other CRS is
//! an error saying how to get it.

use engine::Proj;

use crate::quote::quoted;

/// The bundled PROJ.
#[cfg(feature = "proj")]
mod engine {
    pub use proj::Proj;
    pub use proj::wkt::WktVersion;
}

/// Stands in for PROJ when the library is built without it: every CRS is refused.
#[cfg(not(feature = "proj"))]
mod engine {
    pub const NO_PROJ: &str = "corridor was built without PROJ (cargo feature `proj`); rebuild with default features for CRSs other than WGS84";

    #[allow(non_camel_case_types)] // PROJ's name
    pub enum WktVersion {
        Wkt1_Gdal,
    }

    pub struct Info {
        pub description: Option<String>,
    }

    pub struct Proj;

    impl Proj {
        pub fn new_known_crs(_: &str, _: &str, _: Option<()>) -> Result<Proj, &'static str> {
            Err(NO_PROJ)
        }
        pub fn new(_: &str) -> Result<Proj, &'static str> {
            Err(NO_PROJ)
        }
        pub fn convert(&self, _: (f64, f64)) -> Result<(f64, f64), &'static str> {
            Err(NO_PROJ)
        }
        pub fn as_wkt(&self, _: Option<WktVersion>, _: Option<()>) -> Result<String, &'static str> {
            Err(NO_PROJ)
        }
        pub fn to_projjson(
            &self,
            _: Option<bool>,
            _: Option<usize>,
            _: Option<&str>,
        ) -> Result<String, &'static str> {
            Err(NO_PROJ)
        }
        pub fn proj_info(&self) -> Info {
            Info { description: None }
        }
    }
}

/// A parsed CRS reference such as `EPSG:3857`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrsRef {
    pub authority: String,
    pub code: i32,
}

impl CrsRef {
    /// Parses `AUTHORITY:CODE` (e.g. `EPSG:3576`).
    pub fn parse(s: &str) -> Result<CrsRef, String> {
        let (auth, code) = s.trim().split_once(':').ok_or_else(|| {
            format!(
                "CRS {}: write it as AUTHORITY:CODE, e.g. EPSG:3857",
                quoted(s)
            )
        })?;
        let code: i32 = code.trim().parse().map_err(|_| {
            format!(
                "CRS {}: the code after ':' must be a number, e.g. EPSG:3857",
                quoted(s)
            )
        })?;
        Ok(CrsRef {
            authority: auth.trim().to_ascii_uppercase(),
            code,
        })
    }

    /// Parses `AUTHORITY:CODE` and checks that PROJ knows the CRS.
    ///
    /// ```
    /// use corridor::crs::CrsRef;
    /// assert_eq!(CrsRef::known("EPSG:3857").unwrap().code, 3857);
    /// # #[cfg(feature = "proj")]
    /// assert!(CrsRef::known("EPSG:99999").unwrap_err().starts_with("unknown CRS 'EPSG:99999'"));
    /// ```
    pub fn known(s: &str) -> Result<CrsRef, String> {
        let crs = CrsRef::parse(s)?;
        if !crs.is_wgs84() {
            Proj::new(&crs.to_string()).map_err(|_| unknown(&crs))?;
        }
        Ok(crs)
    }

    pub fn is_wgs84(&self) -> bool {
        self.authority == "EPSG" && self.code == 4326 || self.authority == "OGC" && self.code == 84
    }
}

impl std::fmt::Display for CrsRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.authority, self.code)
    }
}

/// Why PROJ could not make something of a CRS: it does not know the code (PROJ's own
/// message, "Unknown error (code 4096)", says nothing a user can act on).
fn unknown(crs: &CrsRef) -> String {
    #[cfg(not(feature = "proj"))]
    return format!("CRS {crs}: {}", engine::NO_PROJ);
    #[cfg(feature = "proj")]
    format!(
        "unknown CRS '{crs}': PROJ has no such CRS; give an EPSG code it knows, such as EPSG:3857 (web maps) or EPSG:3576 (North Pole LAEA Russia)"
    )
}

/// Drops PROJ_DATA/PROJ_LIB so the bundled PROJ uses its own embedded database: a foreign
/// PROJ installation's data (QGIS, conda, Debian) is a different version and breaks it.
/// PROJ_DEBUG=0 keeps PROJ from printing its own errors ("proj_create: crs not found") on
/// standard error: corridor reports each problem once, in its own words.
/// Call at the start of `main`, before any thread exists.
pub fn isolate_from_system_proj() {
    // SAFETY: called at start-up while the process is single-threaded.
    unsafe {
        std::env::remove_var("PROJ_DATA");
        std::env::remove_var("PROJ_LIB");
        std::env::set_var("PROJ_DEBUG", "0");
    }
}

/// A transformation between WGS84 lon/lat and another CRS.
pub struct Transform {
    proj: Proj,
    pub target: CrsRef,
}

impl Transform {
    /// From WGS84 lon/lat to `target`.
    pub fn from_wgs84(target: &CrsRef) -> Result<Transform, String> {
        let proj = Proj::new_known_crs("EPSG:4326", &target.to_string(), None)
            .map_err(|_| unknown(target))?;
        Ok(Transform {
            proj,
            target: target.clone(),
        })
    }

    /// From WGS84 lon/lat to a CRS given as a PROJ string (e.g. `+proj=laea +lat_0=55 …`).
    pub fn from_wgs84_def(def: &str) -> Result<Transform, String> {
        let proj = Proj::new_known_crs("EPSG:4326", def, None)
            .map_err(|e| format!("projection {}: {e}", quoted(def)))?;
        Ok(Transform {
            proj,
            target: CrsRef {
                authority: "PROJ".into(),
                code: 0,
            },
        })
    }

    /// From `source` to WGS84 lon/lat.
    pub fn to_wgs84(source: &CrsRef) -> Result<Transform, String> {
        let proj = Proj::new_known_crs(&source.to_string(), "EPSG:4326", None)
            .map_err(|_| unknown(source))?;
        Ok(Transform {
            proj,
            target: CrsRef {
                authority: "EPSG".into(),
                code: 4326,
            },
        })
    }

    /// Transforms one (x/lon, y/lat) pair.
    pub fn apply(&self, p: (f64, f64)) -> Result<(f64, f64), String> {
        let out = self
            .proj
            .convert(p)
            .map_err(|e| format!("{e} at ({}, {})", p.0, p.1))?;
        if out.0.is_finite() && out.1.is_finite() {
            Ok(out)
        } else {
            Err(format!(
                "({}, {}) has no position in {}",
                p.0, p.1, self.target
            ))
        }
    }
}

/// The CRS's definition as WKT (GDAL's WKT1 flavour, what GeoPackage readers expect).
pub fn wkt(crs: &CrsRef) -> Result<String, String> {
    described(crs, |p| p.as_wkt(Some(engine::WktVersion::Wkt1_Gdal), None))
}

/// The CRS's definition as PROJJSON on one line (GeoParquet's `crs`).
pub fn projjson(crs: &CrsRef) -> Result<String, String> {
    described(crs, |p| p.to_projjson(Some(false), None, None))
}

/// What `describe` says of the CRS, PROJ's error named with the CRS.
fn described<E: std::fmt::Display>(
    crs: &CrsRef,
    describe: impl FnOnce(&Proj) -> Result<String, E>,
) -> Result<String, String> {
    let p = Proj::new(&crs.to_string()).map_err(|_| unknown(crs))?;
    describe(&p).map_err(|e| format!("CRS {crs}: {e}"))
}

/// The CRS's name as PROJ's database gives it.
pub fn name(crs: &CrsRef) -> Result<String, String> {
    let p = Proj::new(&crs.to_string()).map_err(|_| unknown(crs))?;
    Ok(p.proj_info().description.unwrap_or_else(|| crs.to_string()))
}

/// Converts a place given in `crs` to WGS84 (lat, lon). For geographic CRSs the pair is
/// (lon, lat); for projected ones (easting, northing).
pub fn place_to_wgs84(crs: &str, x: f64, y: f64) -> Result<(f64, f64), String> {
    let c = CrsRef::parse(crs)?;
    if c.is_wgs84() {
        return Ok((y, x));
    }
    let (lon, lat) = Transform::to_wgs84(&c)?.apply((x, y))?;
    Ok((lat, lon))
}

/// A gazetteer row's pair in `crs` to WGS84 (lat, lon). A pair from `lat`/`lon` columns is in
/// degrees, so a projected `crs` (metres) is a contradiction, refused rather than read as
/// metres (Minsk would land in the Gulf of Guinea).
pub fn table_place_to_wgs84(
    crs: &str,
    a: f64,
    b: f64,
    axes: crate::places::table::Axes,
) -> Result<(f64, f64), String> {
    if axes == crate::places::table::Axes::LonLat && !is_geographic(&CrsRef::parse(crs)?)? {
        return Err(format!(
            "crs {crs} is projected (metres) but the row gives lat and lon; put its easting and northing in x and y columns, or drop the crs for WGS84 lat/lon"
        ));
    }
    place_to_wgs84(crs, a, b)
}

/// Reprojects lon/lat line parts, rounding to millimetres (projected) or 1e-6° (geographic).
pub fn reproject_parts(
    t: &Transform,
    parts: &[Vec<[f64; 2]>],
    geographic: bool,
) -> Result<Vec<Vec<[f64; 2]>>, String> {
    let decimals = if geographic { 6 } else { 3 };
    parts
        .iter()
        .map(|part| {
            part.iter()
                .map(|p| {
                    let (x, y) = t.apply((p[0], p[1]))?;
                    Ok([
                        crate::units::round_to(x, decimals),
                        crate::units::round_to(y, decimals),
                    ])
                })
                .collect()
        })
        .collect()
}

/// The CRS's area of use from PROJ's registry, as [west, south, east, north] in degrees
/// (west > east when it spans ±180); `None` where PROJ records none.
#[cfg(feature = "proj")]
pub fn area_of_use(crs: &CrsRef) -> Option<[f64; 4]> {
    let (area, _) = Proj::new(&crs.to_string()).ok()?.area_of_use().ok()?;
    area.map(|a| [a.west, a.south, a.east, a.north])
}

/// Whether a CRS is geographic (degrees) rather than projected (metres).
pub fn is_geographic(crs: &CrsRef) -> Result<bool, String> {
    if crs.is_wgs84() {
        return Ok(true);
    }
    Ok(wkt(crs)?.starts_with("GEOGCS"))
}
