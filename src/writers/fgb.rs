//! FlatGeobuf: the legs layer with a packed Hilbert R-tree index. The header, features and
//! index are the `flatgeobuf` crate's own FlatBuffers tables and R-tree; this module only
//! assembles them, because the crate's writer leaves out the part ends of a one-part
//! MultiLineString (which the specification allows), and GDAL before 3.9.3 then cannot
//! read the feature ("Unexpected nullptr: MultiLineString ends data", OSGeo/gdal#10774).
//!
//! Every leg is a MultiLineString (one part unless cut at ±180) with its ends written; the
//! columns are [`LEG_ID`](super::cells::LEG_ID) and the schema's leg columns with their
//! types and nullability; the header records the CRS (EPSG code and WKT).
//! [`write_fgb_points`] writes a time layer (`positions`, `sightings`) as Points.

use std::cell::RefCell;
use std::io::{self, Write};
use std::ops::Range;

use flatbuffers::{FlatBufferBuilder, WIPOffset};
use flatgeobuf::packed_r_tree::{NodeItem, PackedRTree, calc_extent, hilbert_sort};
use flatgeobuf::{
    Column as FgbColumn, ColumnArgs, ColumnType as FgbType, Crs, CrsArgs, Feature as FgbFeature,
    FeatureArgs, Geometry, GeometryArgs, GeometryType, Header, HeaderArgs, VERSION,
};

use super::cells::{Cell, cell, table_columns, value_cell};
use super::gpkg::Srs;
use super::parallel::{CHUNK, chunks, in_order};
use super::positions::TimedPoint;
use crate::features::Feature;
use crate::schema::{Column, ColumnType};

/// The file's first bytes: "fgb", the major version, "fgb", the patch version.
const MAGIC: [u8; 8] = [b'f', b'g', b'b', VERSION, b'f', b'g', b'b', 0];

/// The index's branching factor (the crate's and GDAL's default).
const NODE_SIZE: u16 = PackedRTree::DEFAULT_NODE_SIZE;

/// What the header says of the layer.
pub struct Layer<'a> {
    pub name: &'a str,
    /// The schema's leg columns.
    pub columns: &'a [Column],
    pub srs: &'a Srs,
}

/// Writes `count` legs, `feature(i)` being the i-th, as a FlatGeobuf layer. Features are
/// stored in the index's Hilbert order, so each is made twice (once to measure it, once to
/// write it) rather than all being held in memory; both passes run on every core.
pub fn write_fgb(
    out: &mut dyn Write,
    layer: &Layer,
    count: usize,
    feature: impl Fn(usize) -> Feature + Sync,
) -> io::Result<()> {
    let table = table_columns(layer.columns);
    let mut nodes = Vec::with_capacity(count);
    let mut sizes = Vec::with_capacity(count);
    let measure = |_: &mut (), range: Range<usize>| {
        let measured = range.map(|i| {
            let f = feature(i);
            (node_of(&f.parts, i as u64), feature_bytes(&f, &table).len())
        });
        measured.collect::<Vec<_>>()
    };
    let keep = |measured: Vec<(NodeItem, usize)>| {
        for (node, size) in measured {
            nodes.push(node);
            sizes.push(size as u64);
        }
        Ok::<_, io::Error>(())
    };
    in_order(chunks(count), || (), measure, keep)?;
    let extent = calc_extent(&nodes);
    hilbert_sort(&mut nodes, &extent);
    let order: Vec<usize> = nodes.iter().map(|n| n.offset as usize).collect();
    let mut offset = 0;
    for n in &mut nodes {
        let size = sizes[n.offset as usize];
        n.offset = offset;
        offset += size;
    }
    out.write_all(&MAGIC)?;
    let geometry = GeometryType::MultiLineString;
    out.write_all(&header((layer, geometry), &table, count, &extent))?;
    if count > 0 {
        let tree = PackedRTree::build(&nodes, &extent, NODE_SIZE).map_err(io::Error::other)?;
        tree.stream_write(&mut &mut *out)?;
    }
    let encode = |_: &mut (), legs: &[usize]| {
        let bytes = legs.iter().map(|&i| feature_bytes(&feature(i), &table));
        bytes.collect::<Vec<_>>().concat()
    };
    let chunks = order.chunks(CHUNK);
    in_order(chunks, || (), encode, |bytes| out.write_all(&bytes))
}

/// Writes a time layer's points as a FlatGeobuf layer of `layer.columns` (the layer's own,
/// no leg id), in the index's Hilbert order. Points are few (a leg's positions, its fixes),
/// so each is encoded once and held.
pub fn write_fgb_points(
    out: &mut dyn Write,
    layer: &Layer,
    points: &[TimedPoint],
) -> io::Result<()> {
    let mut nodes: Vec<NodeItem> = points
        .iter()
        .enumerate()
        .map(|(i, (at, _))| node_of(&[vec![*at]], i as u64))
        .collect();
    let extent = calc_extent(&nodes);
    hilbert_sort(&mut nodes, &extent);
    let mut bytes = Vec::with_capacity(points.len());
    let mut offset = 0;
    for n in &mut nodes {
        let (at, p) = &points[n.offset as usize];
        let cells = p
            .values()
            .iter()
            .zip(layer.columns)
            .map(|(v, c)| value_cell(v, c.ty));
        let b = feature_of(at, None, &encode_cells(cells));
        n.offset = offset;
        offset += b.len() as u64;
        bytes.push(b);
    }
    out.write_all(&MAGIC)?;
    let geometry = GeometryType::Point;
    out.write_all(&header(
        (layer, geometry),
        layer.columns,
        points.len(),
        &extent,
    ))?;
    if !points.is_empty() {
        let tree = PackedRTree::build(&nodes, &extent, NODE_SIZE).map_err(io::Error::other)?;
        tree.stream_write(&mut &mut *out)?;
    }
    bytes.iter().try_for_each(|b| out.write_all(b))
}

/// The size-prefixed feature of a geometry (flat coordinates, and the end of each part of
/// a multi-part one) and its encoded properties.
fn feature_of(xy: &[f64], ends: Option<&[u32]>, properties: &[u8]) -> Vec<u8> {
    BUILDER.with_borrow_mut(|fbb| {
        fbb.reset();
        let geometry = GeometryArgs {
            xy: Some(fbb.create_vector(xy)),
            ends: ends.map(|e| fbb.create_vector(e)),
            ..Default::default()
        };
        let geometry = Some(Geometry::create(fbb, &geometry));
        let properties = Some(fbb.create_vector(properties));
        let feature = FgbFeature::create(
            fbb,
            &FeatureArgs {
                geometry,
                properties,
                columns: None,
            },
        );
        fbb.finish_size_prefixed(feature, None);
        fbb.finished_data().to_vec()
    })
}

/// A leg's box, carrying its index until the features are sorted.
fn node_of(parts: &[Vec<[f64; 2]>], i: u64) -> NodeItem {
    let mut node = NodeItem::create(i);
    parts
        .iter()
        .flatten()
        .for_each(|p| node.expand_xy(p[0], p[1]));
    node
}

/// FlatGeobuf's type for a column: a date is a `DateTime` (ISO 8601 text, which GDAL reads
/// as a date-time at midnight; FlatGeobuf has no date-only type).
fn fgb_type(ty: ColumnType) -> FgbType {
    match ty {
        ColumnType::Text => FgbType::String,
        ColumnType::Integer => FgbType::Int,
        ColumnType::Real => FgbType::Double,
        ColumnType::Date | ColumnType::DateTime => FgbType::DateTime,
    }
}

/// The size-prefixed header: name, extent, geometry type, columns, count, index, CRS.
fn header(
    (layer, geometry_type): (&Layer, GeometryType),
    table: &[Column],
    count: usize,
    extent: &NodeItem,
) -> Vec<u8> {
    let mut fbb = FlatBufferBuilder::new();
    let columns: Vec<_> = table
        .iter()
        .map(|c| {
            let args = ColumnArgs {
                name: Some(fbb.create_string(c.name)),
                type_: fgb_type(c.ty),
                nullable: c.nullable,
                ..Default::default()
            };
            FgbColumn::create(&mut fbb, &args)
        })
        .collect();
    let srs = layer.srs;
    let crs = CrsArgs {
        org: Some(fbb.create_string(&srs.organization)),
        code: srs.id,
        name: Some(fbb.create_string(&srs.name)),
        wkt: Some(fbb.create_string(&srs.definition)),
        ..Default::default()
    };
    let box_ = [extent.min_x, extent.min_y, extent.max_x, extent.max_y];
    let args = &HeaderArgs {
        name: Some(fbb.create_string(layer.name)),
        envelope: (count > 0).then(|| fbb.create_vector(&box_)),
        geometry_type,
        columns: Some(fbb.create_vector(&columns)),
        features_count: count as u64,
        index_node_size: NODE_SIZE,
        crs: Some(Crs::create(&mut fbb, &crs)),
        ..Default::default()
    };
    let header = Header::create(&mut fbb, args);
    size_prefixed(fbb, header)
}

/// The finished table `root`, after its size.
fn size_prefixed<T>(mut fbb: FlatBufferBuilder, root: WIPOffset<T>) -> Vec<u8> {
    fbb.finish_size_prefixed(root, None);
    fbb.finished_data().to_vec()
}

/// The size-prefixed feature: its line parts (flat coordinates and the end of each part)
/// and its properties.
fn feature_bytes(f: &Feature, table: &[Column]) -> Vec<u8> {
    let xy: Vec<f64> = f.parts.iter().flatten().flatten().copied().collect();
    let ends: Vec<u32> = f
        .parts
        .iter()
        .scan(0, |end, part| {
            *end += part.len() as u32;
            Some(*end)
        })
        .collect();
    feature_of(&xy, Some(&ends), &properties(f, table))
}

thread_local! {
    /// A builder for each thread's features, its buffer kept from one to the next.
    static BUILDER: RefCell<FlatBufferBuilder<'static>> = RefCell::new(FlatBufferBuilder::new());
}

/// The leg's properties as FlatGeobuf stores them.
fn properties(f: &Feature, table: &[Column]) -> Vec<u8> {
    encode_cells((0..table.len()).map(|k| cell(f, table, k)))
}

/// Values as FlatGeobuf stores them: each that is not null, little-endian after its
/// column's index (text after its length in bytes).
fn encode_cells<'a>(cells: impl Iterator<Item = Cell<'a>>) -> Vec<u8> {
    let mut b = Vec::new();
    for (k, value) in cells.enumerate() {
        if value == Cell::Null {
            continue;
        }
        b.extend_from_slice(&(k as u16).to_le_bytes());
        match value {
            Cell::Text(s) | Cell::Date(s) | Cell::DateTime(s) => {
                b.extend_from_slice(&(s.len() as u32).to_le_bytes());
                b.extend_from_slice(s.as_bytes());
            }
            Cell::Integer(n) => b.extend_from_slice(&n.to_le_bytes()),
            Cell::Real(x) => b.extend_from_slice(&x.to_le_bytes()),
            Cell::Null => {}
        }
    }
    b
}
