//! The leg columns: one name, one type and one nullability in every output format.
//!
//! [`leg_columns`] is the schema; the README's property table mirrors it row for row (a test
//! compares them). Every writer takes its columns from here, never from the data, so two runs
//! on different routes write the same schema and append to each other cleanly.

use std::ops::Index;

use serde_json::{Map, Value};

/// A column's type, as each format spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    Text,
    /// A whole number that fits 32 bits (GDAL's and QGIS's `Integer`).
    Integer,
    /// A 64-bit float.
    Real,
    /// A calendar date, written `YYYY-MM-DD`.
    Date,
    /// An instant in UTC, written ISO 8601 `YYYY-MM-DDTHH:MM:SSZ` (QGIS's temporal
    /// controller animates a layer on such a column).
    DateTime,
}

impl ColumnType {
    /// The name in the README's table.
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Integer => "integer",
            ColumnType::Real => "real",
            ColumnType::Date => "date",
            ColumnType::DateTime => "datetime",
        }
    }

    /// Whether `v` is a value of this type (null aside).
    pub fn admits(self, v: &Value) -> bool {
        match self {
            ColumnType::Text | ColumnType::Date | ColumnType::DateTime => v.is_string(),
            ColumnType::Integer => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            ColumnType::Real => v.is_f64(),
        }
    }
}

/// One column of the leg layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColumnType,
    /// Whether the value may be unknown (null; an empty cell in CSV).
    pub nullable: bool,
}

const fn col(name: &'static str, ty: ColumnType, nullable: bool) -> Column {
    Column { name, ty, nullable }
}

use ColumnType::{Date, DateTime, Integer, Real, Text};

/// The leg columns in their order; the last three only with `--style simplestyle`
/// ([`leg_columns`]).
const ALL_LEG_COLUMNS: [Column; 51] = [
    col("route_id", Text, false),
    col("route_title", Text, false),
    col("corridor", Text, true),
    col("leg", Integer, false),
    col("mode", Text, false),
    col("from_id", Text, false),
    col("from_name", Text, false),
    col("from_country", Text, false),
    col("to_id", Text, false),
    col("to_name", Text, false),
    col("to_country", Text, false),
    col("via", Text, true),
    col("start_date", Date, true),
    col("end_date", Date, true),
    col("trips", Integer, false),
    col("vehicle_kind", Text, true),
    col("vehicle_name", Text, true),
    col("registration", Text, true),
    col("icao24", Text, true),
    col("imo", Text, true),
    col("mmsi", Text, true),
    col("flag", Text, true),
    col("vehicle_type", Text, true),
    col("operator", Text, true),
    col("flights", Text, true),
    col("cargo", Text, true),
    col("quantity", Real, true),
    col("unit", Text, true),
    col("distance_km", Real, false),
    col("distance_nmi", Real, false),
    col("trip_km", Real, false),
    col("confidence", Text, true),
    col("sources", Text, true),
    col("source_url", Text, true),
    col("notes", Text, true),
    col("geometry_model", Text, false),
    col("snap_from_km", Real, true),
    col("snap_to_km", Real, true),
    col("passages", Text, true),
    col("gauge_breaks", Integer, true),
    col("countries", Text, true),
    col("border_crossings", Integer, true),
    col("transfers", Text, true),
    col("observed_km", Real, false),
    col("inferred_km", Real, false),
    col("sightings", Integer, false),
    col("dark_gaps", Integer, true),
    col("longest_dark_h", Real, true),
    col("stroke", Text, false),
    col("stroke-width", Integer, false),
    col("title", Text, false),
];

/// How many of [`ALL_LEG_COLUMNS`] are data; the rest are presentation.
const DATA_COLUMNS: usize = 48;

/// The leg columns of every format, in order: the data columns, plus the simplestyle-spec
/// presentation columns (`stroke`, `stroke-width`, `title`) when `simplestyle` is set.
///
/// ```
/// use corridor::schema::{ColumnType, leg_columns};
/// let columns = leg_columns(false);
/// assert_eq!(columns[0].name, "route_id");
/// let trips = columns.iter().find(|c| c.name == "trips").unwrap();
/// assert_eq!((trips.ty, trips.nullable), (ColumnType::Integer, false));
/// assert_eq!(leg_columns(true).len(), columns.len() + 3);
/// ```
pub fn leg_columns(simplestyle: bool) -> &'static [Column] {
    if simplestyle {
        &ALL_LEG_COLUMNS
    } else {
        &ALL_LEG_COLUMNS[..DATA_COLUMNS]
    }
}

/// The columns of the places layer (GeoJSON `--places`, the GeoPackage's `places`, KML's
/// Places folder).
pub const PLACE_COLUMNS: [Column; 10] = [
    col("id", Text, false),
    col("name", Text, false),
    col("kind", Text, false),
    col("country", Text, true),
    col("iata", Text, true),
    col("icao", Text, true),
    col("unlocode", Text, true),
    col("lat", Real, false),
    col("lon", Real, false),
    col("source", Text, true),
];

/// The columns of the GeoPackage's `routes` layer: one feature per route with its totals.
pub const ROUTE_COLUMNS: [Column; 10] = [
    col("route_id", Text, false),
    col("route_title", Text, false),
    col("corridor", Text, true),
    col("confidence", Text, true),
    col("legs", Integer, false),
    col("trips", Integer, false),
    col("distance_km", Real, false),
    col("trip_km", Real, false),
    col("tonnes", Real, true),
    col("tonne_km", Real, true),
];

/// The columns of the `positions` layer: a leg's estimated position every `--every` hours.
/// `time` is the instant (UTC); `observed` is 1 on an observed span of the leg, 0 on an
/// inferred one.
pub const POSITION_COLUMNS: [Column; 5] = [
    col("time", DateTime, false),
    col("leg_id", Text, false),
    col("route_id", Text, false),
    col("mode", Text, false),
    col("observed", Integer, false),
];

/// The columns of the `sightings` layer: every fix of every leg. `time` as written (a day,
/// or a date and time); `earliest` and `latest` bound it.
pub const SIGHTING_COLUMNS: [Column; 8] = [
    col("time", Text, false),
    col("earliest", DateTime, false),
    col("latest", DateTime, false),
    col("source", Text, true),
    col("kind", Text, true),
    col("leg_id", Text, false),
    col("route_id", Text, false),
    col("file", Text, true),
];

/// A feature's properties: one value per column of its schema, in the schema's order.
/// Values are JSON scalars of the column's type, or null where the column is nullable.
#[derive(Debug, Clone, PartialEq)]
pub struct Properties {
    columns: &'static [Column],
    values: Vec<Value>,
}

impl Properties {
    /// Starts an empty record of `columns`, to be filled with [`Properties::push`] in order.
    pub fn new(columns: &'static [Column]) -> Self {
        Properties {
            columns,
            values: Vec::with_capacity(columns.len()),
        }
    }

    /// Appends the value of the next column, which must be `name` (a debug check that the
    /// values follow the schema; release builds trust the caller).
    pub fn push(&mut self, name: &str, v: Value) {
        let column = &self.columns[self.values.len()];
        debug_assert_eq!(column.name, name, "column order");
        debug_assert!(
            if v.is_null() {
                column.nullable
            } else {
                column.ty.admits(&v)
            },
            "{name} = {v}: not a {}",
            column.ty.as_str()
        );
        self.values.push(v);
    }

    /// Replaces the value of the column `name`; false when the schema has no such column.
    pub fn set(&mut self, name: &str, v: Value) -> bool {
        match self.columns.iter().position(|c| c.name == name) {
            Some(i) if i < self.values.len() => {
                self.values[i] = v;
                true
            }
            _ => false,
        }
    }

    /// The schema.
    pub fn columns(&self) -> &'static [Column] {
        self.columns
    }

    /// The value of the column `name`, if the schema has it.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let i = self.columns.iter().position(|c| c.name == name)?;
        self.values.get(i)
    }

    /// (column name, value) pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Value)> + '_ {
        self.columns.iter().map(|c| c.name).zip(&self.values)
    }

    /// The values in column order.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// The properties as a JSON object (for callers that want one; writers use the
    /// schema).
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

/// A JSON object of the columns in order, nulls included.
impl serde::Serialize for Properties {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.values.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Index<&str> for Properties {
    type Output = Value;

    /// The value of the column `name`, null when the schema has no such column.
    fn index(&self, name: &str) -> &Value {
        self.get(name).unwrap_or(&Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = ALL_LEG_COLUMNS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL_LEG_COLUMNS.len());
        assert_eq!(ALL_LEG_COLUMNS[DATA_COLUMNS].name, "stroke");
    }

    #[test]
    fn types_admit_their_values_only() {
        assert!(ColumnType::Integer.admits(&serde_json::json!(3)));
        assert!(!ColumnType::Integer.admits(&serde_json::json!(3.0)));
        assert!(!ColumnType::Integer.admits(&serde_json::json!(1u64 << 40)));
        assert!(ColumnType::Real.admits(&serde_json::json!(3.0)));
        assert!(!ColumnType::Real.admits(&serde_json::json!(3)));
        assert!(ColumnType::Date.admits(&serde_json::json!("2024-01-08")));
    }
}
