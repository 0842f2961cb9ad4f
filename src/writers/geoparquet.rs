//! GeoParquet 1.1: one row per leg, written with Apache Parquet's own crate (`parquet`,
//! its low-level writer, without Arrow).
//!
//! - Columns [`LEG_ID`](super::cells::LEG_ID) and the schema's leg columns, typed (text as
//!   UTF-8 `STRING`, integers `INT32`, reals `DOUBLE`, dates `INT32` with the `DATE` logical
//!   type), `REQUIRED` or `OPTIONAL` as the schema's nullability says.
//! - `geometry`: the leg as WKB, always a MultiLineString.
//! - `bbox`: the 1.1 covering column, a group of `xmin`, `ymin`, `xmax`, `ymax` per row.
//! - The `geo` file metadata: version, primary column, encoding, geometry types, the file's
//!   bbox, the covering, and the CRS as PROJJSON (left out for WGS84 longitude/latitude,
//!   the default OGC:CRS84).
//!
//! Rows go in groups of [`ROWS_PER_GROUP`], so a large output is never held in memory.

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::column::writer::{ColumnCloseResult, get_column_writer, get_typed_column_writer_mut};
use parquet::data_type::{ByteArray, ByteArrayType, DataType, DoubleType, Int32Type, Int64Type};
use parquet::errors::{ParquetError, Result as PResult};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::properties::WriterPropertiesPtr;
use parquet::file::writer::{SerializedFileWriter, SerializedPageWriter, TrackedWrite};
use parquet::schema::types::{ColumnDescPtr, SchemaDescriptor, Type, TypePtr};
use serde_json::{Value, json};

use super::cells::{Cell, cell, table_columns};
use super::geojson::Extent;
use super::parallel::{chunks_of, in_order_ahead, with_early_writeback};
use super::wkb::put_multilinestring;
use crate::features::{Feature, Parts};
use crate::routes::date::Date;
use crate::schema::{Column, ColumnType};

/// Rows per row group: a few megabytes of geometry, and the unit readers skip by bbox.
pub const ROWS_PER_GROUP: usize = 8192;

/// The fields of the bbox covering column, in the order the specification requires.
const CORNERS: [&str; 4] = ["xmin", "ymin", "xmax", "ymax"];

/// What the `geo` metadata says beyond the columns.
pub struct GeoMeta {
    /// The CRS as PROJJSON; `None` for WGS84 longitude/latitude (OGC:CRS84).
    pub crs: Option<Value>,
    /// Whether boxes may cross ±180 (west > east, RFC 7946 §5), as in GeoJSON: WGS84 lines
    /// cut at the antimeridian.
    pub wrap: bool,
}

/// Writes the legs with the leg `columns` to the file `path` (a temporary made by
/// [`super::atomic::Batch::add_with`]) and flushes it to disk.
pub fn write_geoparquet(
    path: &Path,
    columns: &[Column],
    meta: &GeoMeta,
    features: impl Iterator<Item = Feature>,
) -> Result<(), String> {
    let write = || -> PResult<()> {
        let file = OpenOptions::new().write(true).truncate(true).open(path)?;
        let out = BufWriter::with_capacity(1 << 16, file);
        let file = with_early_writeback(path, || write_to(out, columns, meta, features))?;
        let file = file
            .into_inner()
            .map_err(|e| ParquetError::External(e.into()))?;
        Ok(file.sync_all()?)
    };
    write().map_err(|e| format!("cannot write: {e}"))
}

/// Writes the file to `out` and gives `out` back.
fn write_to<W: Write + Send>(
    out: W,
    columns: &[Column],
    meta: &GeoMeta,
    features: impl Iterator<Item = Feature>,
) -> PResult<W> {
    let table = table_columns(columns);
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let (schema, properties) = (schema(&table)?, Arc::new(properties));
    let descr = SchemaDescriptor::new(schema.clone());
    let mut w = SerializedFileWriter::new(out, schema, properties.clone())?;
    let mut extent = DistinctExtent::new(meta.wrap);
    // Each row group is made and encoded on another core (one per core in memory at once),
    // then appended here, in order.
    let encode = |_: &mut (), (_, rows): (usize, Vec<Feature>)| {
        let group = Group::new(&table, &rows, meta.wrap);
        drop(rows);
        group.encoded(&descr, &properties)
    };
    let append = |group: PResult<Encoded>| {
        let group = group?;
        group.parts.iter().for_each(|p| extent.add(p));
        let mut rg = w.next_row_group()?;
        for (bytes, close) in group.chunks {
            rg.append_column(&bytes, close)?;
        }
        rg.close().map(drop)
    };
    let groups = chunks_of(features, ROWS_PER_GROUP);
    in_order_ahead(groups, 1, || (), encode, append)?;
    let geo = geo_metadata(meta.crs.as_ref(), extent.bbox());
    w.append_key_value_metadata(KeyValue::new("geo".into(), geo.to_string()));
    w.into_inner()
}

/// The file's box, from each distinct line once: a line several legs share is read at its
/// first leg (the box of a set of points does not depend on how often each comes).
struct DistinctExtent {
    extent: Extent,
    /// The shared lines seen, kept so that their addresses stay theirs.
    seen: HashMap<*const Parts, Arc<Parts>>,
}

impl DistinctExtent {
    fn new(wrap: bool) -> DistinctExtent {
        DistinctExtent {
            extent: Extent::new(wrap),
            seen: HashMap::new(),
        }
    }

    fn add(&mut self, parts: &Arc<Parts>) {
        if Arc::strong_count(parts) > 1 {
            if self.seen.contains_key(&Arc::as_ptr(parts)) {
                return;
            }
            self.seen.insert(Arc::as_ptr(parts), parts.clone());
        }
        parts.iter().flatten().for_each(|p| self.extent.add(*p));
    }

    fn bbox(self) -> Option<[f64; 4]> {
        self.extent.bbox()
    }
}

/// The Parquet schema: the table's columns, `geometry` and the `bbox` group.
fn schema(table: &[Column]) -> PResult<TypePtr> {
    let mut fields = table.iter().map(field).collect::<PResult<Vec<_>>>()?;
    fields.push(primitive("geometry", Physical::BYTE_ARRAY, None, false)?);
    let corners = CORNERS.map(|n| primitive(n, Physical::DOUBLE, None, false));
    let bbox = Type::group_type_builder("bbox")
        .with_repetition(Repetition::REQUIRED)
        .with_fields(corners.into_iter().collect::<PResult<Vec<_>>>()?)
        .build()?;
    fields.push(Arc::new(bbox));
    let root = Type::group_type_builder("schema").with_fields(fields);
    Ok(Arc::new(root.build()?))
}

/// The Parquet field of a schema column.
fn field(c: &Column) -> PResult<TypePtr> {
    let (physical, logical) = match c.ty {
        ColumnType::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
        ColumnType::Integer => (Physical::INT32, None),
        ColumnType::Real => (Physical::DOUBLE, None),
        ColumnType::Date => (Physical::INT32, Some(LogicalType::Date)),
        ColumnType::DateTime => (
            Physical::INT64,
            Some(LogicalType::timestamp(true, TimeUnit::MILLIS)),
        ),
    };
    primitive(c.name, physical, logical, c.nullable)
}

fn primitive(
    name: &str,
    physical: Physical,
    logical: Option<LogicalType>,
    nullable: bool,
) -> PResult<TypePtr> {
    let repetition = if nullable {
        Repetition::OPTIONAL
    } else {
        Repetition::REQUIRED
    };
    let t = Type::primitive_type_builder(name, physical)
        .with_repetition(repetition)
        .with_logical_type(logical)
        .build()?;
    Ok(Arc::new(t))
}

/// A row group's values, made ready to write (on any thread).
struct Group {
    /// Each table column's values that are not null, with its definition levels when the
    /// column is nullable.
    columns: Vec<(Values, Option<Vec<i16>>)>,
    /// The geometries as WKB.
    wkb: Vec<ByteArray>,
    /// The rows' boxes, a list per corner.
    corners: [Vec<f64>; 4],
    /// The rows' lines, for the file's bbox.
    parts: Vec<Arc<Parts>>,
}

/// A column's values in Parquet's type.
enum Values {
    Text(Vec<ByteArray>),
    Int(Vec<i32>),
    /// Instants, in milliseconds since 1970.
    Long(Vec<i64>),
    Real(Vec<f64>),
}

impl Group {
    fn new(table: &[Column], rows: &[Feature], wrap: bool) -> Group {
        let columns = table.iter().enumerate().map(|(k, c)| {
            let cells: Vec<Cell> = rows.iter().map(|f| cell(f, table, k)).collect();
            column_values(c, &cells)
        });
        // A buffer each: one for the group would be tens of megabytes, fresh pages from the
        // system every group, where rows' buffers reuse the memory the last group freed.
        let wkb = rows.iter().map(|f| {
            let points: usize = f.parts.iter().map(Vec::len).sum();
            let mut b = Vec::with_capacity(9 + 9 * f.parts.len() + 16 * points);
            put_multilinestring(&mut b, &f.parts);
            ByteArray::from(b)
        });
        let boxes: Vec<[f64; 4]> = rows.iter().map(|f| row_bbox(f, wrap)).collect();
        Group {
            columns: columns.collect(),
            wkb: wkb.collect(),
            corners: std::array::from_fn(|i| boxes.iter().map(|b| b[i]).collect()),
            parts: rows.iter().map(|f| f.parts.clone()).collect(),
        }
    }

    /// The group's column chunks encoded (in schema order), each in a buffer of its own.
    fn encoded(
        self,
        descr: &SchemaDescriptor,
        properties: &WriterPropertiesPtr,
    ) -> PResult<Encoded> {
        let mut chunks = Vec::with_capacity(descr.num_columns());
        let mut encode = |values: &Values, defs: Option<&[i16]>| {
            let column = (descr.column(chunks.len()), properties.clone());
            chunks.push(match values {
                Values::Text(v) => encode::<ByteArrayType>(column, v, defs)?,
                Values::Int(v) => encode::<Int32Type>(column, v, defs)?,
                Values::Long(v) => encode::<Int64Type>(column, v, defs)?,
                Values::Real(v) => encode::<DoubleType>(column, v, defs)?,
            });
            Ok::<_, ParquetError>(())
        };
        for (values, defs) in &self.columns {
            encode(values, defs.as_deref())?;
        }
        encode(&Values::Text(self.wkb), None)?;
        for corner in self.corners {
            encode(&Values::Real(corner), None)?;
        }
        Ok(Encoded {
            chunks,
            parts: self.parts,
        })
    }
}

/// A row group encoded: its column chunks, and its rows' lines for the file's bbox.
struct Encoded {
    chunks: Vec<(Bytes, ColumnCloseResult)>,
    parts: Vec<Arc<Parts>>,
}

/// One column chunk of `values` encoded into a buffer, as the file writer would write it;
/// the file writer then appends it, moving its offsets to where it lands.
fn encode<T: DataType>(
    (descr, properties): (ColumnDescPtr, WriterPropertiesPtr),
    values: &[T::T],
    defs: Option<&[i16]>,
) -> PResult<(Bytes, ColumnCloseResult)> {
    let mut sink = TrackedWrite::new(Vec::new());
    let mut writer = get_column_writer(
        descr,
        properties,
        Box::new(SerializedPageWriter::new(&mut sink)),
    );
    get_typed_column_writer_mut::<T>(&mut writer).write_batch(values, defs, None)?;
    let close = writer.close()?;
    Ok((Bytes::from(sink.into_inner()?), close))
}

/// A leg's box, as the file's is made.
fn row_bbox(f: &Feature, wrap: bool) -> [f64; 4] {
    let extent = |wrap| {
        let mut extent = Extent::new(wrap);
        f.parts.iter().flatten().for_each(|p| extent.add(*p));
        extent.bbox().unwrap_or([f64::NAN; 4])
    };
    let plain = extent(false);
    if wrap && !spans_no_gap_but_the_back(plain) {
        return extent(true);
    }
    plain
}

/// Whether a box, west to east not wrapping, is also the wrapping box of its points (the
/// box that leaves out the widest empty arc between them), so that the longitudes need no
/// sorting: when they span well under half the globe the widest arc is the one around the
/// back. Not for a box on ±180 (which the wrapping box turns round), nor one ending at 0
/// (where -0.0 and 0.0 may both be), nor one with a NaN.
fn spans_no_gap_but_the_back([west, _, east, _]: [f64; 4]) -> bool {
    east - west < 179.0 && west != 180.0 && east != -180.0 && east != 0.0
}

/// One schema column's cells as Parquet stores them: the values that are not null, and for
/// a nullable column the definition levels that say which are.
fn column_values(c: &Column, cells: &[Cell]) -> (Values, Option<Vec<i16>>) {
    let defs = c
        .nullable
        .then(|| cells.iter().map(|v| i16::from(*v != Cell::Null)).collect());
    let values = match c.ty {
        ColumnType::Text => Values::Text(texts(cells)),
        ColumnType::Integer | ColumnType::Date => Values::Int(typed(cells, |v| match v {
            Cell::Integer(n) => Some(*n),
            Cell::Date(s) => days_since_epoch(s),
            _ => None,
        })),
        ColumnType::DateTime => Values::Long(typed(cells, |v| match v {
            Cell::DateTime(s) => millis_since_epoch(s),
            _ => None,
        })),
        ColumnType::Real => Values::Real(typed(cells, |v| match v {
            Cell::Real(x) => Some(*x),
            _ => None,
        })),
    };
    (values, defs)
}

/// The texts of the cells that hold one, as slices of one buffer (one allocation rather
/// than one each).
fn texts(cells: &[Cell]) -> Vec<ByteArray> {
    let texts: Vec<&str> = cells
        .iter()
        .filter_map(|c| match *c {
            Cell::Text(s) => Some(s),
            _ => None,
        })
        .collect();
    let buffer = Bytes::from(texts.concat().into_bytes());
    let mut start = 0;
    let slice = |t: &&str| {
        let b = buffer.slice(start..start + t.len());
        start += t.len();
        ByteArray::from(b)
    };
    texts.iter().map(slice).collect()
}

/// The values of the cells that hold one, in Parquet's type.
fn typed<T>(cells: &[Cell], value: impl Fn(&Cell) -> Option<T>) -> Vec<T> {
    cells.iter().filter_map(value).collect()
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (Parquet's `DATE`).
fn days_since_epoch(s: &str) -> Option<i32> {
    let d: Date = s.parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

/// Milliseconds since 1970-01-01T00:00:00Z of a `YYYY-MM-DDTHH:MM:SSZ` instant (Parquet's
/// `TIMESTAMP(MILLIS, UTC)`).
fn millis_since_epoch(s: &str) -> Option<i64> {
    let (day, time) = s.strip_suffix('Z')?.split_once('T')?;
    let mut hms = time.split(':').map(|n| n.parse::<i64>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    let ok = hms.next().is_none() && h < 24 && m < 60 && sec < 60;
    let seconds = i64::from(days_since_epoch(day)?) * 86_400 + h * 3_600 + m * 60 + sec;
    ok.then_some(seconds * 1_000)
}

/// The `geo` metadata (GeoParquet 1.1.0).
fn geo_metadata(crs: Option<&Value>, bbox: Option<[f64; 4]>) -> Value {
    let mut column = json!({"encoding": "WKB", "geometry_types": ["MultiLineString"]});
    if let Some(crs) = crs {
        column["crs"] = crs.clone();
    }
    if let Some(b) = bbox {
        column["bbox"] = json!(b);
    }
    let covering: serde_json::Map<String, Value> = CORNERS
        .iter()
        .map(|c| (c.to_string(), json!(["bbox", c])))
        .collect();
    column["covering"] = json!({ "bbox": covering });
    json!({
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": { "geometry": column },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(days_since_epoch("1970-01-01"), Some(0));
        assert_eq!(days_since_epoch("2000-03-01"), Some(11_017));
        assert_eq!(days_since_epoch("1969-12-31"), Some(-1));
        assert_eq!(days_since_epoch("2024-02-29"), Some(19_782));
        assert_eq!(days_since_epoch("2024-02-30"), None);
    }

    #[test]
    fn instants_count_milliseconds_from_1970() {
        // 2024-02-06T10:00:00Z: `date -u -d 2024-02-06T10:00:00Z +%s` gives 1707213600.
        assert_eq!(
            millis_since_epoch("2024-02-06T10:00:00Z"),
            Some(1_707_213_600_000)
        );
        assert_eq!(millis_since_epoch("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(millis_since_epoch("2024-02-06T24:00:00Z"), None);
        assert_eq!(millis_since_epoch("2024-02-06 10:00:00"), None);
    }
}
