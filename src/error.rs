//! Problems found in user input, each pinned to a file, line and column, and typed by
//! [`Kind`] so a program can react to them without reading the message.
//!
//! ```
//! use corridor::error::{Diagnostic, Kind};
//! let d = Diagnostic::at("routes/a.toml", 3, 7, "unknown place \"Minks\"").with_kind(Kind::Place);
//! assert_eq!(d.to_string(), "routes/a.toml:3:7: unknown place \"Minks\"");
//! assert_eq!(d.kind, Kind::Place);
//! ```

/// What went wrong, in categories a caller can act on; the message says the rest.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A command-line value or a call argument is wrong.
    Usage,
    /// A file cannot be read, or is not of a kind corridor reads.
    Read,
    /// A route or gazetteer file is malformed: syntax, a missing field, a value of the wrong
    /// type or out of range.
    Input,
    /// A place reference does not resolve: unknown, ambiguous, or of the wrong kind.
    Place,
    /// A leg does not make sense as given: its dates, its connection to the previous leg, its
    /// path, a port off the water, a strategic passage it does not name.
    Plan,
    /// A network has no path between a leg's ends under the closures and passages asked for.
    Route,
    /// An output cannot be written.
    Write,
}

/// One problem, printed as `file:line:col: message` (or `file: message` without a line).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
#[error("{}", self.render())]
pub struct Diagnostic {
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file or no file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub col: usize,
    pub message: String,
    pub kind: Kind,
}

impl Diagnostic {
    pub fn at(
        file: impl Into<String>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            col,
            message: message.into(),
            kind: Kind::Input,
        }
    }

    /// A problem with a file as a whole (cannot be read, unknown format).
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::at(file, 0, 0, message).with_kind(Kind::Read)
    }

    /// A problem that concerns no file (a bad command-line value).
    pub fn usage(message: impl Into<String>) -> Self {
        Diagnostic::at("", 0, 0, message).with_kind(Kind::Usage)
    }

    /// The same problem, of another kind.
    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    fn render(&self) -> String {
        // Messages are one line each, whatever a parser underneath produced.
        let message = self.message.replace('\n', " ");
        match (self.file.is_empty(), self.line, self.col) {
            (true, _, _) => message,
            (false, 0, _) => format!("{}: {message}", self.file),
            (false, line, 0) => format!("{}:{line}: {message}", self.file),
            (false, line, col) => format!("{}:{line}:{col}: {message}", self.file),
        }
    }
}

/// Everything that went wrong; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct Error(pub Vec<Diagnostic>);

impl Error {
    pub fn one(d: Diagnostic) -> Self {
        Error(vec![d])
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Error::one(Diagnostic::usage(message))
    }
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.0
    }
    /// Whether the command line was misused (a problem of [`Kind::Usage`]): the binary
    /// exits 2 then, as for the errors its argument parser finds, and 1 for bad input.
    pub fn is_usage(&self) -> bool {
        self.0.iter().any(|d| d.kind == Kind::Usage)
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::one(d)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Converts a byte offset in `text` to a 1-based (line, column), counting characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// 1-based character column where field `idx` of a line starts, fields separated by
/// `separator`; with `,` (CSV) a separator between double quotes does not count.
pub fn field_col(line: &str, idx: usize, separator: char) -> usize {
    let (starts, end) = field_cols(line, separator);
    starts.get(idx).copied().unwrap_or(end)
}

/// [`field_col`] of every field at once: the column where each field of `line` starts,
/// and the column just past the line's end, where any field beyond the last starts.
///
/// ```
/// use corridor::error::field_cols;
/// // a,"b,c",d, : four fields, the last empty at the line's end.
/// assert_eq!(field_cols("a,\"b,c\",d,", ','), (vec![1, 3, 9], 11));
/// ```
pub fn field_cols(line: &str, separator: char) -> (Vec<usize>, usize) {
    // Characters are bytes in an ASCII line, which are quicker to walk.
    if line.is_ascii() {
        field_starts(line.bytes().map(char::from), separator)
    } else {
        field_starts(line.chars(), separator)
    }
}

fn field_starts(chars: impl Iterator<Item = char>, separator: char) -> (Vec<usize>, usize) {
    let (mut starts, mut quoted, mut starting, mut end) = (Vec::new(), false, true, 1);
    for (col, c) in chars.enumerate() {
        if starting {
            starts.push(col + 1);
            starting = false;
        }
        end = col + 2;
        if c == '"' && separator == ',' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            starting = true;
        }
    }
    (starts, end)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "a = 1\nб = \"x\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // 'б' is two bytes: the space after it is column 2.
        assert_eq!(line_col(text, 8), (2, 2));
    }

    /// Where each field starts, counted by hand: quoted separators do not count (in CSV
    /// only), characters not bytes, and a field past the line's end starts just after it.
    #[test]
    fn field_columns_count_characters_and_skip_quoted_separators() {
        let cases: [(&str, char, &[usize]); 8] = [
            ("", ',', &[1, 1]),
            (",", ',', &[1, 2, 2]),
            ("route,mode,from,to", ',', &[1, 7, 12, 17, 19]),
            ("r,\"a, b\",c", ',', &[1, 3, 10, 11]),
            ("宁波,\"a\"\"b\",,c", ',', &[1, 4, 11, 12, 13]),
            ("\"unclosed,a,b", ',', &[1, 14]),
            ("a\t\"b\tc\"\td", '\t', &[1, 3, 6, 9, 10]),
            ("Восток,порт", ',', &[1, 8, 12]),
        ];
        for (line, sep, expected) in cases {
            for (i, &col) in expected.iter().enumerate() {
                assert_eq!(field_col(line, i, sep), col, "{line:?} field {i}");
            }
        }
    }

    #[test]
    fn diagnostics_are_one_line() {
        let d = Diagnostic::at("r.toml", 3, 7, "bad\nthing");
        assert_eq!(d.to_string(), "r.toml:3:7: bad thing");
        assert_eq!(
            Diagnostic::file("g.csv", "empty").to_string(),
            "g.csv: empty"
        );
    }
}
