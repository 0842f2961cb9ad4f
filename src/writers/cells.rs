//! Typed leg values for the binary columnar formats (FlatGeobuf, GeoParquet): the one place
//! those writers read a feature's properties.

use serde_json::Value;

use crate::features::Feature;
use crate::schema::{Column, ColumnType};

/// The leg's id, the first column of the columnar formats (GeoJSON's feature `id`).
pub const LEG_ID: Column = Column {
    name: "leg_id",
    ty: ColumnType::Text,
    nullable: false,
};

/// The columns of a legs table: [`LEG_ID`], then `columns` (the schema's leg columns).
pub fn table_columns(columns: &[Column]) -> Vec<Column> {
    std::iter::once(LEG_ID)
        .chain(columns.iter().copied())
        .collect()
}

/// One value of a leg, typed by its column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    Text(&'a str),
    Integer(i32),
    Real(f64),
    /// `YYYY-MM-DD`.
    Date(&'a str),
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    DateTime(&'a str),
}

/// The feature's value of column `k` of [`table_columns`]; a value that does not fit its
/// column's type (which the schema rules out) is null.
pub fn cell<'a>(f: &'a Feature, columns: &[Column], k: usize) -> Cell<'a> {
    if k == 0 {
        return Cell::Text(&f.id);
    }
    let v = &f.properties.values()[k - 1];
    let typed = value_cell(v, columns[k].ty);
    debug_assert!(
        typed != Cell::Null || v == &Value::Null,
        "{}",
        columns[k].name
    );
    typed
}

/// `v` as a value of type `ty`; null when it is not one (which the schema rules out).
pub fn value_cell(v: &Value, ty: ColumnType) -> Cell<'_> {
    let typed = match ty {
        ColumnType::Text => v.as_str().map(Cell::Text),
        ColumnType::Date => v.as_str().map(Cell::Date),
        ColumnType::DateTime => v.as_str().map(Cell::DateTime),
        ColumnType::Integer => v
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .map(Cell::Integer),
        ColumnType::Real => v.as_f64().map(Cell::Real),
    };
    typed.unwrap_or(Cell::Null)
}
