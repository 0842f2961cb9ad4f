//! Tables for the terminal (aligned), CSV and JSON, from one description.

use serde_json::{Map, Value};
use unicode_width::UnicodeWidthStr;

use crate::decimal::fixed;

/// Output format of `distances` and `aggregate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TableFormat {
    #[default]
    Table,
    Csv,
    Json,
}

/// A table: column keys, and rows of JSON scalars (strings, numbers or null).
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

fn text(v: &Value, decimals: usize) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) if n.is_f64() => fixed(n.as_f64().unwrap_or(0.0), decimals),
        other => other.to_string(),
    }
}

/// The display width of `s` (terminal columns): its length when it is all printable ASCII,
/// as most cells are, else by Unicode's widths.
fn width(s: &str) -> usize {
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        s.len()
    } else {
        s.width()
    }
}

impl Table {
    pub fn new(columns: &[&str]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Aligned text: numbers right-aligned with one decimal, a rule under the header.
    /// Columns are padded by display width (terminal columns), not characters, so that
    /// double-width names such as 宁波 or 평양 keep the columns after them in line.
    pub fn to_text(&self) -> String {
        // Each cell's text and display width, once.
        let cells: Vec<Vec<(String, usize)>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| {
                        let t = text(v, 1);
                        let w = width(&t);
                        (t, w)
                    })
                    .collect()
            })
            .collect();
        let numeric: Vec<bool> = (0..self.columns.len())
            .map(|c| {
                self.rows.iter().any(|r| r[c].is_number())
                    && self
                        .rows
                        .iter()
                        .all(|r| r[c].is_number() || r[c].is_null() || r[c].as_str() == Some(""))
            })
            .collect();
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|c| {
                cells
                    .iter()
                    .map(|r| r[c].1)
                    .chain([width(&self.columns[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line_bytes = widths.iter().sum::<usize>() + 2 * widths.len() + 1;
        let mut out = String::with_capacity(line_bytes * (cells.len() + 2));
        // One line into `out`, its trailing blanks trimmed.
        let line = |out: &mut String, vals: &mut dyn Iterator<Item = (&str, usize)>| {
            let start = out.len();
            for (c, (v, width)) in vals.enumerate() {
                if c > 0 {
                    out.push_str("  ");
                }
                let pad = widths[c] - width;
                if numeric[c] {
                    out.extend(std::iter::repeat_n(' ', pad));
                    out.push_str(v);
                } else {
                    out.push_str(v);
                    if c + 1 < widths.len() {
                        out.extend(std::iter::repeat_n(' ', pad));
                    }
                }
            }
            let kept = out[start..].trim_end().len();
            out.truncate(start + kept);
            out.push('\n');
        };
        line(
            &mut out,
            &mut self.columns.iter().map(|c| (c.as_str(), width(c))),
        );
        let rules: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&mut out, &mut rules.iter().map(|r| (r.as_str(), r.len())));
        for r in &cells {
            line(&mut out, &mut r.iter().map(|(t, w)| (t.as_str(), *w)));
        }
        out
    }

    /// RFC 4180 CSV with a header row; numbers at full stored precision.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.columns).expect("in-memory write");
        for r in &self.rows {
            w.write_record(r.iter().map(|v| match v {
                Value::String(s) => crate::writers::csv::text_cell(s),
                other => text(other, 3),
            }))
            .expect("in-memory write");
        }
        String::from_utf8(w.into_inner().expect("in-memory write")).expect("UTF-8")
    }

    /// A JSON array of objects keyed by column.
    pub fn to_json(&self) -> String {
        let objects: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                let m: Map<String, Value> = self
                    .columns
                    .iter()
                    .cloned()
                    .zip(r.iter().cloned())
                    .collect();
                Value::Object(m)
            })
            .collect();
        serde_json::to_string_pretty(&objects).expect("JSON") + "\n"
    }

    pub fn render(&self, format: TableFormat) -> String {
        match format {
            TableFormat::Table => self.to_text(),
            TableFormat::Csv => self.to_csv(),
            TableFormat::Json => self.to_json(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_tables_align_numbers_right() {
        let mut t = Table::new(&["route", "km"]);
        t.push(vec![json!("a"), json!(5.0)]);
        t.push(vec![json!("bbb"), json!(123.45)]);
        assert_eq!(
            t.to_text(),
            "route     km\n-----  -----\na        5.0\nbbb    123.5\n"
        );
    }

    #[test]
    fn wide_and_cyrillic_names_keep_the_columns_in_line() {
        let mut t = Table::new(&["from", "to", "km"]);
        let rows = [
            ("宁波", "평양", 1234.5),
            ("Новосибирск", "Ningbo", 5.0),
            ("a", "b", 12.0),
        ];
        for (from, to, km) in rows {
            t.push(vec![json!(from), json!(to), json!(km)]);
        }
        let text = t.to_text();
        let lines: Vec<&str> = text.lines().collect();
        // The display column where the second cell starts, and where each line ends
        // (numbers are right-aligned, so every line ends at the same column).
        let to_at = |line: &str, to: &str| line[..line.find(to).unwrap()].width();
        let header_to = to_at(lines[0], "to");
        for (line, (_, to, _)) in lines[2..].iter().zip(rows) {
            assert_eq!(to_at(line, to), header_to, "{text}");
            assert_eq!(line.width(), lines[0].width(), "{text}");
        }
        // Cyrillic is one column a letter, so it pads as it did by characters.
        assert_eq!(lines[3], "Новосибирск  Ningbo     5.0", "{text}");
        assert_eq!(lines[2], "宁波         평양    1234.5", "{text}");
    }

    #[test]
    fn csv_quotes_and_keeps_three_decimals() {
        let mut t = Table::new(&["name", "km"]);
        t.push(vec![json!("a, b"), json!(1.23456)]);
        assert_eq!(t.to_csv(), "name,km\n\"a, b\",1.235\n");
    }
}
