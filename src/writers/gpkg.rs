//! OGC GeoPackage 1.3 (SQLite, bundled; 1.3 rather than 1.4 so that GDAL 3.6 reads it without warnings): layers `legs` (lines), `places` (points) and
//! `routes` (one multi-line per route with totals), EPSG:4326, typed columns, R-tree
//! spatial indexes. Written to a temporary file and renamed into place.

use std::path::Path;

use rusqlite::{Connection, params_from_iter, types::Value as Sql};
use serde_json::{Map, Value};

use super::atomic::Batch;
use super::geojson::place_properties;
use super::qgis_style;
use super::xml::escape;
use crate::credits::{Credit, credits, places_credits};
use crate::error::Diagnostic;
use crate::features::Feature;
use crate::places::Place;
use crate::plan::PlannedLeg;
use crate::units::round_to;

/// `gpkg_contents.last_change` is fixed so that identical input gives an identical file.
const LAST_CHANGE: &str = "2000-01-01T00:00:00.000Z";

const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

/// The spatial reference system of the stored coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Srs {
    /// `srs_id` in the GeoPackage: the EPSG code.
    pub id: i32,
    pub name: String,
    pub organization: String,
    pub definition: String,
}

impl Srs {
    /// WGS 84 longitude/latitude, the default.
    pub fn wgs84() -> Srs {
        Srs {
            id: 4326,
            name: "WGS 84 geodetic".into(),
            organization: "EPSG".into(),
            definition: WGS84_WKT.into(),
        }
    }
}

/// A geometry to store: points or lines, in the layer's CRS.
enum Geom<'a> {
    Point([f64; 2]),
    Lines(&'a [Vec<[f64; 2]>], bool),
}

impl Geom<'_> {
    fn coords(&self) -> Vec<[f64; 2]> {
        match self {
            Geom::Point(p) => vec![*p],
            Geom::Lines(parts, _) => parts.iter().flatten().copied().collect(),
        }
    }

    /// GeoPackageBinary: header with envelope [minx, maxx, miny, maxy], then little-endian WKB.
    fn blob(&self, srs_id: i32) -> Vec<u8> {
        let c = self.coords();
        let env = envelope(&c);
        let mut b = vec![b'G', b'P', 0, 0b0000_0011];
        b.extend_from_slice(&srs_id.to_le_bytes());
        for v in [env[0], env[2], env[1], env[3]] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        let put_line = |b: &mut Vec<u8>, part: &[[f64; 2]]| {
            b.push(1);
            b.extend_from_slice(&2u32.to_le_bytes());
            b.extend_from_slice(&(part.len() as u32).to_le_bytes());
            for p in part {
                b.extend_from_slice(&p[0].to_le_bytes());
                b.extend_from_slice(&p[1].to_le_bytes());
            }
        };
        match self {
            Geom::Point(p) => {
                b.push(1);
                b.extend_from_slice(&1u32.to_le_bytes());
                b.extend_from_slice(&p[0].to_le_bytes());
                b.extend_from_slice(&p[1].to_le_bytes());
            }
            Geom::Lines(parts, multi) if parts.len() == 1 && !multi => put_line(&mut b, &parts[0]),
            Geom::Lines(parts, _) => {
                b.push(1);
                b.extend_from_slice(&5u32.to_le_bytes());
                b.extend_from_slice(&(parts.len() as u32).to_le_bytes());
                for part in parts.iter() {
                    put_line(&mut b, part);
                }
            }
        }
        b
    }
}

/// [min_x, min_y, max_x, max_y]
fn envelope(c: &[[f64; 2]]) -> [f64; 4] {
    c.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |e, p| {
            [
                e[0].min(p[0]),
                e[1].min(p[1]),
                e[2].max(p[0]),
                e[3].max(p[1]),
            ]
        },
    )
}

/// Whether a JSON number fits the GeoPackage's 32-bit MEDIUMINT.
fn fits_i32(v: &Value) -> bool {
    v.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
}

/// SQL column type for a property: dates as DATE; integers as MEDIUMINT, the GeoPackage's
/// 32-bit integer, which GDAL and QGIS read as Integer like the GeoJSON's (INTEGER is 64-bit,
/// read as Integer64), or INTEGER if a value needs it; other numbers as REAL; else TEXT.
fn column_type(key: &str, rows: &[&Map<String, Value>]) -> &'static str {
    if key == "start_date" || key == "end_date" {
        return "DATE";
    }
    let vals: Vec<&Value> = rows
        .iter()
        .filter_map(|r| r.get(key))
        .filter(|v| !v.is_null())
        .collect();
    if !vals.is_empty() && vals.iter().all(|v| fits_i32(v)) {
        "MEDIUMINT"
    } else if !vals.is_empty() && vals.iter().all(|v| v.is_i64() || v.is_u64()) {
        "INTEGER"
    } else if !vals.is_empty() && vals.iter().all(|v| v.is_number()) {
        "REAL"
    } else {
        "TEXT"
    }
}

fn sql_value(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) if n.is_f64() => Sql::Real(n.as_f64().unwrap_or(0.0)),
        Value::Number(n) => Sql::Integer(n.as_i64().unwrap_or(0)),
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// A layer's rows: properties (the same keys in each) and geometry.
type Rows<'a> = Vec<(Map<String, Value>, Geom<'a>)>;

/// One layer to write: a table of features with a geometry column.
struct Layer<'a> {
    table: &'static str,
    geometry_type: &'static str,
    description: &'static str,
    rows: Rows<'a>,
}

/// One layer: a table of features with a geometry column, registered and indexed.
fn write_layer(db: &Connection, srs_id: i32, layer: &Layer) -> rusqlite::Result<()> {
    let props: Vec<&Map<String, Value>> = layer.rows.iter().map(|r| &r.0).collect();
    let keys: Vec<String> = props
        .first()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    create_table(db, layer, &keys, &props)?;
    register_layer(db, srs_id, layer)?;
    insert_rows(db, srs_id, layer, &keys)?;
    create_rtree(db, layer)
}

/// The layer's table: a feature id, the geometry, then a typed column per property key.
fn create_table(
    db: &Connection,
    layer: &Layer,
    keys: &[String],
    props: &[&Map<String, Value>],
) -> rusqlite::Result<()> {
    let mut ddl = format!(
        "CREATE TABLE {} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {}",
        quote(layer.table),
        layer.geometry_type
    );
    for k in keys {
        ddl.push_str(", ");
        ddl.push_str(&format!("{} {}", quote(k), column_type(k, props)));
    }
    ddl.push(')');
    db.execute(&ddl, [])?;
    Ok(())
}

/// Registers the table as a features layer (with its extent) and its geometry column.
fn register_layer(db: &Connection, srs_id: i32, layer: &Layer) -> rusqlite::Result<()> {
    let Layer {
        table,
        geometry_type,
        description,
        ref rows,
    } = *layer;
    let all: Vec<[f64; 2]> = rows.iter().flat_map(|r| r.1.coords()).collect();
    let env = envelope(&all);
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![table, description, LAST_CHANGE, env[0], env[1], env[2], env[3], srs_id],
    )?;
    db.execute(
        "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?1, 'geom', ?2, ?3, 0, 0)",
        rusqlite::params![table, geometry_type, srs_id],
    )?;
    Ok(())
}

/// The features, in order (their fids count from 1), each property under its key.
fn insert_rows(
    db: &Connection,
    srs_id: i32,
    layer: &Layer,
    keys: &[String],
) -> rusqlite::Result<()> {
    let placeholders: Vec<String> = (0..keys.len() + 1).map(|i| format!("?{}", i + 1)).collect();
    let insert = format!(
        "INSERT INTO {} (geom{}) VALUES ({})",
        quote(layer.table),
        keys.iter()
            .map(|k| format!(", {}", quote(k)))
            .collect::<String>(),
        placeholders.join(", ")
    );
    let mut stmt = db.prepare(&insert)?;
    for (p, g) in &layer.rows {
        let mut vals = vec![Sql::Blob(g.blob(srs_id))];
        vals.extend(
            keys.iter()
                .map(|k| sql_value(p.get(k).unwrap_or(&Value::Null))),
        );
        stmt.execute(params_from_iter(vals))?;
    }
    Ok(())
}

/// R-tree spatial index (GeoPackage extension gpkg_rtree_index), filled directly; the
/// triggers keep it in step if someone edits the layer later in QGIS.
fn create_rtree(db: &Connection, layer: &Layer) -> rusqlite::Result<()> {
    let table = layer.table;
    let rtree = format!("rtree_{table}_geom");
    db.execute_batch(&format!(
        "CREATE VIRTUAL TABLE {rt} USING rtree(id, minx, maxx, miny, maxy);
         INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope)
           VALUES ('{table}', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
         CREATE TRIGGER {rt}_insert AFTER INSERT ON {t} WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
           BEGIN INSERT OR REPLACE INTO {rt} VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;
         CREATE TRIGGER {rt}_update1 AFTER UPDATE OF geom ON {t} WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
           BEGIN INSERT OR REPLACE INTO {rt} VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;
         CREATE TRIGGER {rt}_update2 AFTER UPDATE OF geom ON {t} WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
           BEGIN DELETE FROM {rt} WHERE id = OLD.fid; END;
         CREATE TRIGGER {rt}_update3 AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
           BEGIN DELETE FROM {rt} WHERE id = OLD.fid; INSERT OR REPLACE INTO {rt} VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;
         CREATE TRIGGER {rt}_update4 AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
           BEGIN DELETE FROM {rt} WHERE id IN (OLD.fid, NEW.fid); END;
         CREATE TRIGGER {rt}_delete AFTER DELETE ON {t} WHEN old.geom NOT NULL
           BEGIN DELETE FROM {rt} WHERE id = OLD.fid; END;",
        // Layer names are fixed ASCII words, so the index and trigger names need no quoting.
        rt = rtree,
        t = table,
    ))?;
    let mut fill = db.prepare(&format!(
        "INSERT INTO {} VALUES (?1, ?2, ?3, ?4, ?5)",
        quote(&rtree)
    ))?;
    for (i, (_, g)) in layer.rows.iter().enumerate() {
        let e = envelope(&g.coords());
        fill.execute(rusqlite::params![i as i64 + 1, e[0], e[2], e[1], e[3]])?;
    }
    Ok(())
}

fn create_core_tables(db: &Connection, srs: &Srs) -> rusqlite::Result<()> {
    db.execute_batch(&format!(
        "PRAGMA application_id = 1196444487;
         PRAGMA user_version = 10300;
         CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
           organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
         INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
         INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{WGS84_WKT}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
         CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
           description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
           min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
           CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
           srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
           CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
           CONSTRAINT uk_gc_table_name UNIQUE (table_name),
           CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
           CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
         CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
           scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));"
    ))?;
    if srs.id != 4326 {
        db.execute(
            "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, ?3, ?2, ?4, ?5)",
            rusqlite::params![
                srs.name,
                srs.id,
                srs.organization,
                srs.definition,
                format!("{} (from PROJ)", srs.name)
            ],
        )?;
    }
    Ok(())
}

/// A layer row built before writing: properties and line parts.
type RouteRow = (Map<String, Value>, Vec<Vec<[f64; 2]>>);

/// Per-route totals with the route's legs as one multi-line.
fn route_rows(legs: &[PlannedLeg], features: &[Feature]) -> Vec<RouteRow> {
    let mut out: Vec<RouteRow> = Vec::new();
    for (l, f) in legs.iter().zip(features) {
        let route = l.route;
        if out
            .last()
            .is_none_or(|r| r.0["route_id"] != Value::String(route.id.clone()))
        {
            let mut m = Map::new();
            m.insert("route_id".into(), route.id.clone().into());
            m.insert("route_title".into(), route.title.clone().into());
            m.insert(
                "corridor".into(),
                route.corridor.clone().map_or(Value::Null, Value::String),
            );
            m.insert(
                "confidence".into(),
                route.confidence.clone().map_or(Value::Null, Value::String),
            );
            for k in ["legs", "trips"] {
                m.insert(k.into(), Value::from(0u64));
            }
            for k in ["distance_km", "trip_km"] {
                m.insert(k.into(), Value::from(0.0));
            }
            m.insert("tonnes".into(), Value::Null);
            m.insert("tonne_km".into(), Value::Null);
            out.push((m, Vec::new()));
        }
        let (m, parts) = out.last_mut().expect("pushed above");
        let add_u = |m: &mut Map<String, Value>, k: &str, x: u64| {
            let v = m[k].as_u64().unwrap_or(0) + x;
            m.insert(k.into(), v.into());
        };
        let add_f = |m: &mut Map<String, Value>, k: &str, x: f64| {
            let v = m[k].as_f64().unwrap_or(0.0) + x;
            m.insert(k.into(), Value::from(round_to(v, 3)));
        };
        add_u(m, "legs", 1);
        add_u(m, "trips", u64::from(l.leg.trips));
        add_f(m, "distance_km", l.distance.km());
        add_f(m, "trip_km", l.trip_distance().km());
        if let Some(t) = l.leg.quantity.and_then(|q| q.tonnes()) {
            add_f(m, "tonnes", t);
            add_f(m, "tonne_km", t * l.distance.km());
        }
        parts.extend(f.parts.iter().cloned());
    }
    out
}

/// Adds the GeoPackage of the three layers, to be written to `path` with the batch's other
/// files (atomically). Feature parts and `place_points` are in `srs`; `places` gives the
/// points' attributes.
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
/// use corridor::writers::atomic::Batch;
/// use corridor::writers::gpkg::{Srs, add_gpkg};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("corridor.gpkg");
/// let points: Vec<[f64; 2]> = places.iter().map(|p| [p.lon, p.lat]).collect();
/// let mut batch = Batch::new();
/// add_gpkg(&mut batch, &path, &legs, &features, &places, &points, &Srs::wgs84()).unwrap();
/// batch.commit().unwrap();
/// let db = rusqlite::Connection::open(&path).unwrap();
/// let count = |t: &str| -> i64 {
///     db.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap()
/// };
/// assert_eq!((count("legs"), count("places"), count("routes")), (1, 2, 1));
/// ```
pub fn add_gpkg(
    batch: &mut Batch,
    path: &Path,
    legs: &[PlannedLeg],
    features: &[Feature],
    places: &[Place],
    place_points: &[[f64; 2]],
    srs: &Srs,
) -> Result<(), Diagnostic> {
    batch.add_with(path, |tmp| {
        fill_gpkg(tmp, legs, features, places, place_points, srs)
            .map_err(|e| format!("cannot write GeoPackage: {e}"))
    })
}

/// Writes the GeoPackage into the empty file `tmp`.
fn fill_gpkg(
    tmp: &Path,
    legs: &[PlannedLeg],
    features: &[Feature],
    places: &[Place],
    place_points: &[[f64; 2]],
    srs: &Srs,
) -> rusqlite::Result<()> {
    let mut db = Connection::open(tmp)?;
    // The file is a temporary until it is complete: no rollback journal beside it for an
    // interruption to leave behind.
    db.pragma_update(None, "journal_mode", "MEMORY")?;
    let tx = db.transaction()?;
    create_core_tables(&tx, srs)?;
    let routes = route_rows(legs, features);
    for layer in layers(features, places, place_points, &routes) {
        write_layer(&tx, srs.id, &layer)?;
    }
    write_styles_and_credits(&tx, legs, places)?;
    tx.commit()?;
    db.execute_batch("VACUUM")?;
    Ok(())
}

/// The layers' QGIS styles (`layer_styles`) and the credits (in `gpkg_metadata`, which GDAL
/// shows as the dataset's `CREDITS` and QGIS in the layers' notes through the styles).
fn write_styles_and_credits(
    db: &Connection,
    legs: &[PlannedLeg],
    places: &[Place],
) -> rusqlite::Result<()> {
    let all = credits(legs, places);
    let styles = [
        (
            "legs",
            qgis_style::legs_qml(&qgis_style::modes_of(legs), &all),
        ),
        ("places", qgis_style::places_qml(&places_credits(places))),
        ("routes", qgis_style::routes_qml(&all)),
    ];
    qgis_style::write_layer_styles(db, &styles, LAST_CHANGE)?;
    write_credits(db, &all)
}

/// The credits as the GeoPackage's metadata (extension gpkg_metadata), in GDAL's form: a
/// `CREDITS` item of the whole GeoPackage, which `ogrinfo` prints.
fn write_credits(db: &Connection, credits: &[Credit]) -> rusqlite::Result<()> {
    if credits.is_empty() {
        return Ok(());
    }
    let text: Vec<String> = credits.iter().map(|c| c.full_text()).collect();
    let xml = format!(
        "<GDALMultiDomainMetadata>\n  <Metadata>\n    <MDI key=\"CREDITS\">{}</MDI>\n  </Metadata>\n</GDALMultiDomainMetadata>\n",
        escape(&text.join("; "))
    );
    db.execute_batch(
        "CREATE TABLE gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL,md_scope TEXT NOT NULL DEFAULT 'dataset',md_standard_uri TEXT NOT NULL,mime_type TEXT NOT NULL DEFAULT 'text/xml',metadata TEXT NOT NULL DEFAULT '');
         CREATE TABLE gpkg_metadata_reference (reference_scope TEXT NOT NULL,table_name TEXT,column_name TEXT,row_id_value INTEGER,timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),md_file_id INTEGER NOT NULL,md_parent_id INTEGER,CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
         INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES ('gpkg_metadata', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', 'read-write');
         INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES ('gpkg_metadata_reference', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', 'read-write');",
    )?;
    db.execute(
        "INSERT INTO gpkg_metadata (id, md_scope, md_standard_uri, mime_type, metadata) VALUES (1, 'dataset', 'http://gdal.org', 'text/xml', ?1)",
        [xml],
    )?;
    db.execute(
        "INSERT INTO gpkg_metadata_reference (reference_scope, timestamp, md_file_id) VALUES ('geopackage', ?1, 1)",
        [LAST_CHANGE],
    )?;
    Ok(())
}

/// The layers `legs`, `places` and `routes`, in the order they are written.
fn layers<'a>(
    features: &'a [Feature],
    places: &[Place],
    place_points: &[[f64; 2]],
    routes: &'a [RouteRow],
) -> [Layer<'a>; 3] {
    // One geometry type for the layer: if any leg is cut, every leg is a multi-line.
    let multi = features.iter().any(|f| f.parts.len() > 1);
    let leg_rows = features
        .iter()
        .map(|f| {
            let mut m = Map::new();
            m.insert("leg_id".into(), Value::String(f.id.clone()));
            m.extend(f.properties.clone());
            (m, Geom::Lines(&f.parts, multi))
        })
        .collect();
    let place_rows = places
        .iter()
        .zip(place_points)
        .map(|(p, pt)| (place_properties(p), Geom::Point(*pt)))
        .collect();
    let route_rows = routes
        .iter()
        .map(|(m, parts)| (m.clone(), Geom::Lines(parts, true)))
        .collect();
    [
        Layer {
            table: "legs",
            geometry_type: if multi {
                "MULTILINESTRING"
            } else {
                "LINESTRING"
            },
            description: "one feature per leg",
            rows: leg_rows,
        },
        Layer {
            table: "places",
            geometry_type: "POINT",
            description: "the places the legs use",
            rows: place_rows,
        },
        Layer {
            table: "routes",
            geometry_type: "MULTILINESTRING",
            description: "one feature per route, with totals",
            rows: route_rows,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn types(values: &[Value]) -> &'static str {
        let rows: Vec<Map<String, Value>> = values
            .iter()
            .map(|v| json!({ "n": v }).as_object().cloned().unwrap())
            .collect();
        column_type("n", &rows.iter().collect::<Vec<_>>())
    }

    #[test]
    fn integers_are_32_bit_unless_a_value_needs_64() {
        assert_eq!(
            types(&[json!(1), Value::Null, json!(i32::MAX)]),
            "MEDIUMINT"
        );
        assert_eq!(types(&[json!(i32::MIN)]), "MEDIUMINT");
        assert_eq!(
            types(&[json!(1), json!(i64::from(i32::MAX) + 1)]),
            "INTEGER"
        );
        assert_eq!(types(&[json!(1), json!(2.5)]), "REAL");
        assert_eq!(types(&[Value::Null]), "TEXT");
    }
}
