//! Text made from a feature's line, kept for lines that several features share (a sea or
//! rail course planned once and sailed by many legs), so that each is formatted once per
//! output. The output is the same bytes with or without it.

use std::collections::HashMap;
use std::sync::Arc;

use crate::features::Parts;

/// How much text is kept at most; past it, lines are formatted each time again.
const LIMIT_BYTES: usize = 256 << 20;

/// The texts of shared lines, by the line's address (the line is kept with its text, so the
/// address cannot be reused by another line while it is here).
#[derive(Default)]
pub(crate) struct SharedText {
    texts: HashMap<*const Parts, (Arc<Parts>, String)>,
    bytes: usize,
}

impl SharedText {
    /// Appends the text `make` writes for `parts` to `out`, from the kept text when the line
    /// is shared and was seen before.
    pub fn push(
        &mut self,
        out: &mut String,
        parts: &Arc<Parts>,
        make: impl Fn(&mut String, &Parts),
    ) {
        if Arc::strong_count(parts) == 1 {
            return make(out, parts);
        }
        if let Some((_, text)) = self.texts.get(&Arc::as_ptr(parts)) {
            return out.push_str(text);
        }
        let start = out.len();
        make(out, parts);
        if self.bytes + (out.len() - start) <= LIMIT_BYTES {
            self.bytes += out.len() - start;
            let text = out[start..].to_string();
            self.texts.insert(Arc::as_ptr(parts), (parts.clone(), text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_line_is_made_once_and_written_each_time() {
        let line: Arc<Parts> = Arc::new(vec![vec![[1.0, 2.0]]]);
        let other = line.clone();
        let (mut cache, mut out) = (SharedText::default(), String::new());
        let made = std::cell::Cell::new(0);
        let make = |o: &mut String, p: &Parts| {
            made.set(made.get() + 1);
            o.push_str(&format!("{:?};", p[0][0]));
        };
        cache.push(&mut out, &line, make);
        cache.push(&mut out, &other, make);
        assert_eq!((out.as_str(), made.get()), ("[1.0, 2.0];[1.0, 2.0];", 1));
        // A line no one else holds is not kept.
        cache.push(&mut out, &Arc::new(vec![vec![[3.0, 4.0]]]), make);
        assert_eq!((cache.texts.len(), made.get()), (1, 2));
    }
}
