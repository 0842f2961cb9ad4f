//! OGC GeoPackage 1.3 (SQLite, bundled; 1.3 rather than 1.4 so that GDAL 3.6 reads it
//! without warnings): layers `legs` (lines), `places` (points) and `routes` (one multi-line
//! per route with totals), and on request the time layers `positions` and `sightings`
//! (points); typed columns, R-tree spatial indexes, a default QGIS style per layer. Written
//! to a temporary file and renamed into place.

use std::path::Path;
use std::sync::mpsc;

use rusqlite::{Connection, params_from_iter, types::Value as Sql};
use serde_json::Value;

use super::atomic::Batch;
use super::geojson::place_properties;
use super::parallel::{feature_chunks, in_order, with_early_writeback};
use super::positions::{TimeLayer, TimeLayerKind};
use super::qgis_style;
use super::wkb;
use super::xml::escape;
use crate::credits::{Credit, credits, places_credits};
use crate::crs::{self, CrsRef};
use crate::error::Diagnostic;
use crate::features::Feature;
use crate::places::Place;
use crate::plan::PlannedLeg;
use crate::schema::{Column, ColumnType, PLACE_COLUMNS, ROUTE_COLUMNS};
use crate::units::round_to;

/// SQLite's page cache, in KiB (its default is 2 MiB): a large output's pages stay longer in
/// memory, and fewer are written out early and again as the B-trees grow.
const CACHE_KIB: i64 = 64 << 10;

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

    /// The system of `target`, named and defined by PROJ.
    pub fn of(target: &CrsRef) -> Result<Srs, String> {
        Ok(Srs {
            id: target.code,
            name: crs::name(target)?,
            organization: target.authority.clone(),
            definition: crs::wkt(target)?,
        })
    }
}

/// A geometry to store: a point or line parts, in the layer's CRS.
enum Geom<'a> {
    Point([f64; 2]),
    Lines(&'a [Vec<[f64; 2]>]),
}

impl Geom<'_> {
    /// [min_x, min_y, max_x, max_y]
    fn envelope(&self) -> [f64; 4] {
        match self {
            Geom::Point(p) => [p[0], p[1], p[0], p[1]],
            Geom::Lines(parts) => envelope(parts.iter().flatten()),
        }
    }

    /// The geometry's GeoPackageBinary. Lines are always a MULTILINESTRING, so that every
    /// run appends to another.
    fn blob(&self, srs_id: i32, env: [f64; 4]) -> Vec<u8> {
        blob(srs_id, env, |b| match self {
            Geom::Point(p) => wkb::put_point(b, *p),
            Geom::Lines(parts) => wkb::put_multilinestring(b, parts),
        })
    }
}

/// The bytes of a GeoPackageBinary before its WKB: magic, version, flags, srs_id, envelope.
const BLOB_HEADER: usize = 8 + 32;

/// GeoPackageBinary: header with envelope [minx, maxx, miny, maxy], then the little-endian
/// WKB `put_wkb` appends.
fn blob(srs_id: i32, env: [f64; 4], put_wkb: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut b = blob_header(srs_id, env).to_vec();
    put_wkb(&mut b);
    b
}

/// A GeoPackageBinary's header: magic, version, flags, srs_id, envelope [minx, maxx, miny,
/// maxy].
fn blob_header(srs_id: i32, env: [f64; 4]) -> [u8; BLOB_HEADER] {
    let mut h = [0; BLOB_HEADER];
    h[..4].copy_from_slice(&[b'G', b'P', 0, 0b0000_0011]);
    h[4..8].copy_from_slice(&srs_id.to_le_bytes());
    for (k, v) in [env[0], env[2], env[1], env[3]].into_iter().enumerate() {
        h[8 + 8 * k..16 + 8 * k].copy_from_slice(&v.to_le_bytes());
    }
    h
}

/// A MultiLineString's GeoPackageBinary made of other lines' LineStrings as they come (each
/// copied once, into place).
struct JoinedLines {
    /// The blob so far: its header and part count are set at the end.
    blob: Vec<u8>,
    count: u32,
    envelope: [f64; 4],
}

impl JoinedLines {
    fn new() -> JoinedLines {
        JoinedLines {
            blob: blob(0, EMPTY, |b| wkb::put_multilinestring(b, &[])),
            count: 0,
            envelope: EMPTY,
        }
    }

    /// Adds the lines of `row`'s geometry, a MultiLineString.
    fn add(&mut self, row: &Row) {
        let (count, lines) = wkb::multilinestring_parts(row.wkb());
        self.count += count;
        self.blob.extend_from_slice(lines);
        // The envelopes' union is the envelope of all their points.
        self.envelope = union(self.envelope, row.envelope);
    }

    /// The blob, in `srs_id`, and its envelope.
    fn finish(mut self, srs_id: i32) -> (Vec<u8>, [f64; 4]) {
        self.blob[..BLOB_HEADER].copy_from_slice(&blob_header(srs_id, self.envelope));
        wkb::set_multilinestring_count(&mut self.blob[BLOB_HEADER..], self.count);
        (self.blob, self.envelope)
    }
}

/// [min_x, min_y, max_x, max_y] of the points.
fn envelope<'a>(points: impl IntoIterator<Item = &'a [f64; 2]>) -> [f64; 4] {
    points.into_iter().fold(EMPTY, |e, p| {
        [
            e[0].min(p[0]),
            e[1].min(p[1]),
            e[2].max(p[0]),
            e[3].max(p[1]),
        ]
    })
}

/// The envelope of nothing, which any point widens.
const EMPTY: [f64; 4] = [
    f64::INFINITY,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NEG_INFINITY,
];

/// Two envelopes' union.
fn union(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// The SQL type of a column: dates as DATE, instants as DATETIME; integers as MEDIUMINT, the GeoPackage's 32-bit
/// integer, which GDAL and QGIS read as Integer like the GeoJSON's (INTEGER is 64-bit, read
/// as Integer64); reals as REAL; text as TEXT.
fn sql_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Text => "TEXT",
        ColumnType::Integer => "MEDIUMINT",
        ColumnType::Real => "REAL",
        ColumnType::Date => "DATE",
        ColumnType::DateTime => "DATETIME",
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

/// One layer: a table of features with a geometry column and a fixed schema.
struct Layer {
    table: &'static str,
    geometry_type: &'static str,
    description: &'static str,
    /// The text column before the schema's (the legs' `leg_id`), if any.
    id_column: Option<&'static str>,
    columns: &'static [Column],
}

/// The legs layer: `leg_id`, then the features' columns.
fn legs_layer(columns: &'static [Column]) -> Layer {
    Layer {
        table: "legs",
        geometry_type: "MULTILINESTRING",
        description: "one feature per leg",
        id_column: Some("leg_id"),
        columns,
    }
}

const PLACES: Layer = Layer {
    table: "places",
    geometry_type: "POINT",
    description: "the places the legs use",
    id_column: None,
    columns: &PLACE_COLUMNS,
};

const ROUTES: Layer = Layer {
    table: "routes",
    geometry_type: "MULTILINESTRING",
    description: "one feature per route, with totals",
    id_column: None,
    columns: &ROUTE_COLUMNS,
};

/// The layer of a time layer's points.
fn time_layer(kind: TimeLayerKind) -> Layer {
    Layer {
        table: kind.table(),
        geometry_type: "POINT",
        description: kind.description(),
        id_column: None,
        columns: kind.columns(),
    }
}

impl Layer {
    /// The column names after the geometry, in order.
    fn names(&self) -> Vec<&'static str> {
        self.id_column
            .into_iter()
            .chain(self.columns.iter().map(|c| c.name))
            .collect()
    }

    /// The layer's table: a feature id, the geometry, then a typed column per schema column.
    fn create(&self, db: &Connection) -> rusqlite::Result<()> {
        let mut ddl = format!(
            "CREATE TABLE {} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {}",
            quote(self.table),
            self.geometry_type
        );
        if let Some(id) = self.id_column {
            ddl.push_str(&format!(", {} TEXT NOT NULL", quote(id)));
        }
        for c in self.columns {
            let null = if c.nullable { "" } else { " NOT NULL" };
            ddl.push_str(&format!(", {} {}{null}", quote(c.name), sql_type(c.ty)));
        }
        ddl.push(')');
        db.execute(&ddl, [])?;
        Ok(())
    }

    /// Registers the table as a features layer with its extent, and its geometry column.
    fn register(&self, db: &Connection, srs_id: i32, env: [f64; 4]) -> rusqlite::Result<()> {
        db.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![self.table, self.description, LAST_CHANGE, env[0], env[1], env[2], env[3], srs_id],
        )?;
        db.execute(
            "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?1, 'geom', ?2, ?3, 0, 0)",
            rusqlite::params![self.table, self.geometry_type, srs_id],
        )?;
        Ok(())
    }
}

/// Inserts a layer's rows as they come, keeping each row's envelope for the R-tree.
struct Rows<'c, 'l> {
    layer: &'l Layer,
    insert: rusqlite::Statement<'c>,
    srs_id: i32,
    envelopes: Vec<[f64; 4]>,
    /// The R-tree being filled on another thread, if it is.
    aside: Option<RtreeAside>,
}

impl<'c, 'l> Rows<'c, 'l> {
    fn new(db: &'c Connection, layer: &'l Layer, srs_id: i32) -> rusqlite::Result<Self> {
        let names = layer.names();
        let insert = format!(
            "INSERT INTO {} (geom{}) VALUES (?1{})",
            quote(layer.table),
            names
                .iter()
                .map(|k| format!(", {}", quote(k)))
                .collect::<String>(),
            (2..names.len() + 2)
                .map(|i| format!(", ?{i}"))
                .collect::<String>(),
        );
        Ok(Rows {
            layer,
            insert: db.prepare(&insert)?,
            srs_id,
            envelopes: Vec::new(),
            aside: None,
        })
    }

    /// These rows with their R-tree filled on another thread as they come.
    fn indexed_aside(self) -> Self {
        let aside = RtreeAside::start(rtree_name(self.layer.table));
        Rows {
            aside: Some(aside),
            ..self
        }
    }

    /// One feature (its fid counts from 1): its geometry, then the values in column order.
    fn add<'v>(
        &mut self,
        geom: Geom,
        values: impl IntoIterator<Item = &'v Value>,
    ) -> rusqlite::Result<()> {
        self.insert_row(&Row::new(geom, values, self.srs_id))
    }

    /// Inserts a row made beforehand (on any thread).
    fn insert_row(&mut self, row: &Row) -> rusqlite::Result<()> {
        self.insert.execute(params_from_iter(&row.values))?;
        self.envelopes.push(row.envelope);
        if let Some(aside) = &mut self.aside {
            aside.send(&self.envelopes, RtreeAside::BATCH);
        }
        Ok(())
    }

    /// Registers the layer with its extent and fills its R-tree.
    fn finish(self, db: &Connection) -> rusqlite::Result<()> {
        let extent = self.envelopes.iter().copied().fold(EMPTY, union);
        self.layer.register(db, self.srs_id, extent)?;
        let rtree = create_rtree(db, self.layer.table)?;
        match self.aside {
            Some(aside) => copy_rtree(&aside.finish(&self.envelopes)?, db, &rtree),
            None => fill_rtree(db, &rtree, self.envelopes),
        }
    }
}

/// An R-tree filled on another thread, in a database of its own in memory, while the rows
/// go in; its shadow tables (nodes, rowids, parents) are then copied into the GeoPackage's:
/// the same rows as filling it there, as its node size (1228 bytes) does not depend on
/// the database's page size.
struct RtreeAside {
    envelopes: mpsc::Sender<Vec<[f64; 4]>>,
    /// How many envelopes were sent.
    sent: usize,
    built: std::thread::JoinHandle<rusqlite::Result<Connection>>,
}

impl RtreeAside {
    /// Envelopes sent at a time (one at a time, waking the builder costs more than it does).
    const BATCH: usize = 1024;

    /// Starts the R-tree `rtree`, filled with the envelopes sent, in order.
    fn start(rtree: String) -> RtreeAside {
        let (envelopes, received) = mpsc::channel();
        let built = std::thread::spawn(move || {
            let db = Connection::open_in_memory()?;
            db.execute_batch(&rtree_ddl(&rtree))?;
            let tx = db.unchecked_transaction()?;
            fill_rtree(&tx, &rtree, received.into_iter().flatten())?;
            tx.commit()?;
            Ok(db)
        });
        RtreeAside {
            envelopes,
            sent: 0,
            built,
        }
    }

    /// Sends the envelopes not sent yet when there are at least `batch` of them.
    fn send(&mut self, envelopes: &[[f64; 4]], batch: usize) {
        if envelopes.len() - self.sent >= batch.max(1) {
            // A send fails only when the builder has failed: its join reports why.
            let _ = self.envelopes.send(envelopes[self.sent..].to_vec());
            self.sent = envelopes.len();
        }
    }

    /// The database of the R-tree filled with `envelopes` (the ones sent, then the rest).
    fn finish(mut self, envelopes: &[[f64; 4]]) -> rusqlite::Result<Connection> {
        self.send(envelopes, 1);
        drop(self.envelopes);
        self.built
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
    }
}

/// Copies the shadow tables of the R-tree `rtree` in `from` over the empty one's in `to`.
fn copy_rtree(from: &Connection, to: &Connection, rtree: &str) -> rusqlite::Result<()> {
    for shadow in ["node", "rowid", "parent"] {
        let table = quote(&format!("{rtree}_{shadow}"));
        let mut read = from.prepare(&format!("SELECT * FROM {table} ORDER BY 1"))?;
        let mut write = to.prepare(&format!("INSERT OR REPLACE INTO {table} VALUES (?1, ?2)"))?;
        let mut rows = read.query([])?;
        while let Some(row) = rows.next()? {
            write.execute([row.get::<_, Sql>(0)?, row.get::<_, Sql>(1)?])?;
        }
    }
    Ok(())
}

/// A row ready to insert: the geometry's blob, then the values in column order; and the
/// geometry's envelope for the R-tree.
struct Row {
    values: Vec<Sql>,
    envelope: [f64; 4],
}

impl Row {
    fn new<'v>(geom: Geom, values: impl IntoIterator<Item = &'v Value>, srs_id: i32) -> Row {
        let envelope = geom.envelope();
        Row::of_blob(geom.blob(srs_id, envelope), envelope, values)
    }

    /// A row of a geometry's blob (with its envelope) and the values.
    fn of_blob<'v>(
        blob: Vec<u8>,
        envelope: [f64; 4],
        values: impl IntoIterator<Item = &'v Value>,
    ) -> Row {
        let mut row = vec![Sql::Blob(blob)];
        row.extend(values.into_iter().map(sql_value));
        Row {
            values: row,
            envelope,
        }
    }

    /// The WKB of the row's geometry (after its GeoPackageBinary header).
    fn wkb(&self) -> &[u8] {
        match &self.values[0] {
            Sql::Blob(b) => &b[BLOB_HEADER..],
            _ => unreachable!("a row starts with its geometry"),
        }
    }

    /// A leg's row: its `leg_id`, then its properties.
    fn of_leg(f: &Feature, srs_id: i32) -> Row {
        let id = Value::String(f.id.clone());
        let values = std::iter::once(&id).chain(f.properties.values());
        Row::new(Geom::Lines(&f.parts), values, srs_id)
    }
}

/// The name of a layer's R-tree.
fn rtree_name(table: &str) -> String {
    format!("rtree_{table}_geom")
}

/// The statement that creates the R-tree `rtree`.
fn rtree_ddl(rtree: &str) -> String {
    format!("CREATE VIRTUAL TABLE {rtree} USING rtree(id, minx, maxx, miny, maxy);")
}

/// R-tree spatial index (GeoPackage extension gpkg_rtree_index), empty, named as
/// [`rtree_name`] gives; the triggers keep it in step if someone edits the layer later in
/// QGIS.
fn create_rtree(db: &Connection, table: &str) -> rusqlite::Result<String> {
    let rtree = rtree_name(table);
    db.execute_batch(&format!(
        "{ddl}
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
        ddl = rtree_ddl(&rtree),
        rt = rtree,
        t = table,
    ))?;
    Ok(rtree)
}

/// Fills the R-tree `rtree` with the envelopes, the first the feature 1's.
fn fill_rtree(
    db: &Connection,
    rtree: &str,
    envelopes: impl IntoIterator<Item = [f64; 4]>,
) -> rusqlite::Result<()> {
    let mut fill = db.prepare(&format!(
        "INSERT INTO {} VALUES (?1, ?2, ?3, ?4, ?5)",
        quote(rtree)
    ))?;
    for (i, e) in envelopes.into_iter().enumerate() {
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

/// A route's totals and line, summed over its legs as they come.
struct RouteTotals {
    legs: u64,
    trips: u64,
    distance_km: f64,
    trip_km: f64,
    tonnes: Option<f64>,
    tonne_km: f64,
    /// The legs' lines.
    lines: JoinedLines,
}

/// The `routes` layer's rows, one per run of consecutive legs of one route.
struct RouteRows<'c, 'l> {
    rows: Rows<'c, 'l>,
    current: Option<(usize, RouteTotals)>,
}

impl RouteRows<'_, '_> {
    /// Adds leg `i` (with its row, whose lines the route's take as they are) to its route's
    /// totals, writing the previous route when this leg starts another.
    fn add(&mut self, legs: &[PlannedLeg], i: usize, row: &Row) -> rusqlite::Result<()> {
        let l = &legs[i];
        if self
            .current
            .as_ref()
            .is_some_and(|(first, _)| legs[*first].route.id != l.route.id)
        {
            self.flush(legs)?;
        }
        let (_, t) = self
            .current
            .get_or_insert_with(|| (i, RouteTotals::default()));
        t.legs += 1;
        t.trips += u64::from(l.leg.trips);
        t.distance_km += l.distance.km();
        t.trip_km += l.trip_distance().km();
        if let Some(tonnes) = l.leg.quantity.and_then(|q| q.tonnes()) {
            *t.tonnes.get_or_insert(0.0) += tonnes;
            t.tonne_km += tonnes * l.distance.km();
        }
        t.lines.add(row);
        Ok(())
    }

    /// Writes the route being summed, if any.
    fn flush(&mut self, legs: &[PlannedLeg]) -> rusqlite::Result<()> {
        let Some((first, t)) = self.current.take() else {
            return Ok(());
        };
        let route = legs[first].route;
        let opt = |s: &Option<String>| s.clone().map_or(Value::Null, Value::String);
        let km = |x: f64| Value::from(round_to(x, 3));
        let values = [
            Value::String(route.id.clone()),
            Value::String(route.title.clone()),
            opt(&route.corridor),
            opt(&route.confidence),
            Value::from(t.legs),
            Value::from(t.trips),
            km(t.distance_km),
            km(t.trip_km),
            t.tonnes.map_or(Value::Null, km),
            t.tonnes.map_or(Value::Null, |_| km(t.tonne_km)),
        ];
        let (blob, envelope) = t.lines.finish(self.rows.srs_id);
        self.rows.insert_row(&Row::of_blob(blob, envelope, &values))
    }
}

impl Default for RouteTotals {
    fn default() -> Self {
        RouteTotals {
            legs: 0,
            trips: 0,
            distance_km: 0.0,
            trip_km: 0.0,
            tonnes: None,
            tonne_km: 0.0,
            lines: JoinedLines::new(),
        }
    }
}

/// Adds the GeoPackage of the three layers and the `time` layers, to be written to `path`
/// with the batch's other files (atomically). `features` are the legs' (in order, as they
/// come: they are written one at a time); feature parts, `place_points` and the time
/// layers' points are in `srs`; `places` gives the points' attributes.
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
/// use corridor::schema::leg_columns;
/// use corridor::writers::atomic::Batch;
/// use corridor::writers::gpkg::{Srs, add_gpkg};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("corridor.gpkg");
/// let points: Vec<[f64; 2]> = places.iter().map(|p| [p.lon, p.lat]).collect();
/// let mut batch = Batch::new();
/// let columns = leg_columns(false);
/// add_gpkg(&mut batch, &path, &legs, (columns, features), (&places, &points), &[], &Srs::wgs84()).unwrap();
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
    (columns, features): (&'static [Column], impl IntoIterator<Item = Feature>),
    (places, place_points): (&[Place], &[[f64; 2]]),
    time: &[TimeLayer],
    srs: &Srs,
) -> Result<(), Diagnostic> {
    let mut features = Some(features);
    batch.add_with(path, |tmp| {
        let features = features.take().into_iter().flatten();
        let layer = legs_layer(columns);
        let fill = || {
            let legs = (legs, &layer, features);
            fill_gpkg(tmp, legs, (places, place_points), time, srs)
        };
        with_early_writeback(tmp, fill).map_err(|e| format!("cannot write GeoPackage: {e}"))
    })
}

/// Adds a GeoPackage of time layers alone (`--positions FILE.gpkg`, `--sightings
/// FILE.gpkg`), their points in `srs`, with `credits` as its metadata.
pub fn add_time_gpkg(
    batch: &mut Batch,
    path: &Path,
    time: &[TimeLayer],
    credits: &[Credit],
    srs: &Srs,
) -> Result<(), Diagnostic> {
    batch.add_with(path, |tmp| {
        let fill = || {
            let mut db = open_temporary(tmp)?;
            let tx = db.transaction()?;
            create_core_tables(&tx, srs)?;
            write_time_layers(&tx, time, srs.id)?;
            let styles: Vec<(&str, String)> = time_styles(time).collect();
            qgis_style::write_layer_styles(&tx, &styles, LAST_CHANGE)?;
            write_credits(&tx, credits)?;
            tx.commit()
        };
        fill().map_err(|e| format!("cannot write GeoPackage: {e}"))
    })
}

/// The empty file `tmp` as a database being written.
fn open_temporary(tmp: &Path) -> rusqlite::Result<Connection> {
    let db = Connection::open(tmp)?;
    // The file is a temporary until it is complete: no rollback journal beside it for an
    // interruption to leave behind.
    db.pragma_update(None, "page_size", 65536)?;
    db.pragma_update(None, "journal_mode", "OFF")?;
    db.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    // Fewer pages spilled early and written again as the B-trees grow.
    db.pragma_update(None, "cache_size", -CACHE_KIB)?;
    Ok(db)
}

/// Creates and fills each time layer's table, with its extent and R-tree.
fn write_time_layers(tx: &Connection, time: &[TimeLayer], srs_id: i32) -> rusqlite::Result<()> {
    for t in time {
        let layer = time_layer(t.kind);
        layer.create(tx)?;
        let mut rows = Rows::new(tx, &layer, srs_id)?;
        for (at, p) in &t.points {
            let values: Vec<Value> = p.values().iter().zip(layer.columns).map(in_gpkg).collect();
            rows.add(Geom::Point(*at), &values)?;
        }
        rows.finish(tx)?;
    }
    Ok(())
}

/// A value as the GeoPackage stores it: an instant with its milliseconds
/// (`YYYY-MM-DDTHH:MM:SS.SSSZ`, the form the specification gives for DATETIME).
fn in_gpkg((v, c): (&Value, &Column)) -> Value {
    match v.as_str() {
        Some(s) if c.ty == ColumnType::DateTime && s.len() == 20 && s.ends_with('Z') => {
            Value::String(format!("{}.000Z", &s[..19]))
        }
        _ => v.clone(),
    }
}

/// The time layers' default styles, by table.
fn time_styles(time: &[TimeLayer]) -> impl Iterator<Item = (&'static str, String)> + '_ {
    time.iter().map(|t| (t.kind.table(), t.style.clone()))
}

/// Writes the GeoPackage into the empty file `tmp`.
fn fill_gpkg(
    tmp: &Path,
    (legs, legs_layer, features): (&[PlannedLeg], &Layer, impl Iterator<Item = Feature>),
    (places, place_points): (&[Place], &[[f64; 2]]),
    time: &[TimeLayer],
    srs: &Srs,
) -> rusqlite::Result<()> {
    let mut db = open_temporary(tmp)?;
    let tx = db.transaction()?;
    create_core_tables(&tx, srs)?;
    for layer in [legs_layer, &PLACES, &ROUTES] {
        layer.create(&tx)?;
    }
    write_layers(
        &tx,
        (legs, legs_layer, features),
        places,
        place_points,
        srs.id,
    )?;
    write_time_layers(&tx, time, srs.id)?;
    write_styles_and_credits(&tx, legs, places, time)?;
    tx.commit()
}

/// The layers' QGIS styles (`layer_styles`) and the credits (in `gpkg_metadata`, which GDAL
/// shows as the dataset's `CREDITS` and QGIS in the layers' notes through the styles).
fn write_styles_and_credits(
    db: &Connection,
    legs: &[PlannedLeg],
    places: &[Place],
    time: &[TimeLayer],
) -> rusqlite::Result<()> {
    let all = credits(legs, places);
    let mut styles = vec![
        (
            "legs",
            qgis_style::legs_qml(&qgis_style::modes_of(legs), &all),
        ),
        ("places", qgis_style::places_qml(&places_credits(places))),
        ("routes", qgis_style::routes_qml(&all)),
    ];
    styles.extend(time_styles(time));
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

/// The three layers' rows, extents and R-trees.
fn write_layers(
    tx: &Connection,
    (legs, legs_layer, features): (&[PlannedLeg], &Layer, impl Iterator<Item = Feature>),
    places: &[Place],
    place_points: &[[f64; 2]],
    srs_id: i32,
) -> rusqlite::Result<()> {
    let mut leg_rows = Rows::new(tx, legs_layer, srs_id)?.indexed_aside();
    let mut routes = RouteRows {
        rows: Rows::new(tx, &ROUTES, srs_id)?.indexed_aside(),
        current: None,
    };
    // The legs' rows are made on the other cores; SQLite inserts them here, in order.
    let rows = |_: &mut (), (first, chunk): (usize, Vec<Feature>)| {
        let rows = chunk.iter().map(|f| Row::of_leg(f, srs_id));
        (first, rows.collect::<Vec<_>>())
    };
    let insert = |(first, rows): (usize, Vec<Row>)| {
        for (k, row) in rows.iter().enumerate() {
            leg_rows.insert_row(row)?;
            routes.add(legs, first + k, row)?;
        }
        Ok::<_, rusqlite::Error>(())
    };
    in_order(feature_chunks(features), || (), rows, insert)?;
    routes.flush(legs)?;
    let mut place_rows = Rows::new(tx, &PLACES, srs_id)?;
    for (p, pt) in places.iter().zip(place_points) {
        place_rows.add(Geom::Point(*pt), place_properties(p).values())?;
    }
    leg_rows.finish(tx)?;
    place_rows.finish(tx)?;
    routes.rows.finish(tx)
}
