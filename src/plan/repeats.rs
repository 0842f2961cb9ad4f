//! One problem for a place reference that fails the same way on many rows: a misspelt name
//! copied down a spreadsheet is reported once, where it is first written, with the other
//! places it is written ("also at lines 3, 4, 5, 6, 7 and 94 more"), instead of once a row.

use std::collections::HashMap;

use crate::error::{Diagnostic, Kind};

/// How many other places a merged problem lists before "and N more".
const LISTED: usize = 5;

/// `problems` with every place problem whose message repeats merged into its first
/// occurrence (by file, line, column), which keeps its place in the list.
pub(super) fn merge_repeated(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Where each repeated message occurs, as indexes into `problems`.
    let groups: Vec<Vec<usize>> = {
        let mut by_message: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, p) in problems.iter().enumerate() {
            if p.kind == Kind::Place {
                by_message.entry(&p.message).or_default().push(i);
            }
        }
        by_message.into_values().filter(|g| g.len() > 1).collect()
    };
    let mut kept: Vec<Option<Diagnostic>> = problems.into_iter().map(Some).collect();
    // Each group writes only its own first slot, so the order groups come in does not matter.
    for group in groups {
        let all = group.iter().filter_map(|&i| kept[i].take()).collect();
        kept[group[0]] = Some(merge(all));
    }
    kept.into_iter().flatten().collect()
}

/// The first of one problem's occurrences, naming where the others are.
fn merge(mut group: Vec<Diagnostic>) -> Diagnostic {
    group.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    let rest = group.split_off(1);
    let mut first = group.remove(0);
    let same_file = rest.iter().all(|d| d.file == first.file);
    let at = |d: &Diagnostic| {
        if same_file {
            d.line.to_string()
        } else {
            format!("{}:{}", d.file, d.line)
        }
    };
    let listed: Vec<String> = rest.iter().take(LISTED).map(at).collect();
    let more = rest.len() - listed.len();
    let words = match (more, listed.as_slice()) {
        (0, [init @ .., last]) if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        (0, _) => listed.join(""),
        _ => format!("{} and {more} more", listed.join(", ")),
    };
    let lines = match (same_file, rest.len()) {
        (false, _) => "",
        (true, 1) => "line ",
        (true, _) => "lines ",
    };
    first.message = format!("{}; also at {lines}{words}", first.message);
    first
}
