//! One problem for what fails the same way on many rows, instead of one a row: a misspelt
//! name copied down a spreadsheet, a port off the lanes that 1,000 legs sail from, a Caspian
//! port paired with ocean ports. The problem is reported where it first occurs, with the
//! other places it occurs ("also at lines 3, 4, 5, 6, 7 and 94 more"). Warnings are merged the
//! same way.

use std::collections::HashMap;

use crate::error::{Diagnostic, Kind};

/// How many other places a merged problem lists before "and N more".
const LISTED: usize = 5;

/// `problems` (or warnings) with every place, plan or route problem whose message repeats
/// merged into its first occurrence (by file, line, column), which keeps its place in the
/// list. A plan or route message names its leg ("leg 7: "), which its repeats on other legs
/// do not share, so they are compared without it.
pub(super) fn merge_repeated(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Where each repeated message occurs, as indexes into `problems`.
    let groups: Vec<Vec<usize>> = {
        let mut by_message: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, p) in problems.iter().enumerate() {
            if let Some(gist) = gist(p) {
                by_message.entry(gist).or_default().push(i);
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

/// What a problem says, apart from the leg it is about: ("warning: " or "", the rest of the
/// message after "leg N: "). None for the kinds that are not merged.
fn gist(p: &Diagnostic) -> Option<(&str, &str)> {
    let m = p.message.as_str();
    match p.kind {
        Kind::Place => Some(("", m)),
        Kind::Plan | Kind::Route => {
            let (head, rest) = match m.strip_prefix("warning: ") {
                Some(rest) => ("warning: ", rest),
                None => ("", m),
            };
            let after_leg = rest
                .strip_prefix("leg ")
                .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
                .and_then(|r| r.strip_prefix(": "));
            Some((head, after_leg.unwrap_or(rest)))
        }
        _ => None,
    }
}

/// The first of one problem's occurrences, naming where the others are.
fn merge(mut group: Vec<Diagnostic>) -> Diagnostic {
    group.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    // One leg may say the same twice (both ends off the lanes at one port): a line once.
    group.dedup_by(|b, a| (&a.file, a.line) == (&b.file, b.line));
    let rest = group.split_off(1);
    let mut first = group.remove(0);
    if rest.is_empty() {
        return first;
    }
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
