//! Static maps for reports: SVG drawn here, PNG rasterised with resvg.

pub mod basemap;
#[cfg(feature = "render")]
mod cap;
#[cfg(feature = "render")]
mod graticule;
#[cfg(feature = "render")]
mod projection;
#[cfg(feature = "render")]
pub mod svg;

#[cfg(feature = "render")]
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
#[cfg(feature = "render")]
static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

#[cfg(feature = "render")]
/// Rasterises SVG to PNG with the embedded DejaVu fonts (no system fonts needed).
///
/// ```
/// let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="15" font-size="12">Minsk</text></svg>"##;
/// let png = corridor::render::svg_to_png(svg).unwrap();
/// assert!(png.starts_with(b"\x89PNG"));
/// assert!(corridor::render::svg_to_png("not svg").is_err());
/// ```
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, String> {
    let mut opt = resvg::usvg::Options::default();
    opt.fontdb_mut().load_font_data(FONT.to_vec());
    opt.fontdb_mut().load_font_data(FONT_BOLD.to_vec());
    opt.font_family = "DejaVu Sans".into();
    let tree =
        resvg::usvg::Tree::from_str(svg, &opt).map_err(|e| format!("cannot read the SVG: {e}"))?;
    let size = tree.size().to_int_size();
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("the map has no size")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode PNG: {e}"))
}
