//! Edits of a page's text, applied in one pass: every stage that changes text says which
//! byte range becomes what, and the page is rebuilt once from the untouched spans and the
//! replacements, instead of once per change.

use std::ops::Range;

/// Replace `range` of the text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// Applies edits sorted by start, non-overlapping (an edit overlapping an earlier one is
/// dropped: the earlier stage owns those bytes). Bytes outside the edits are copied as
/// they are, in order.
pub fn apply(text: &str, edits: &mut [Edit]) -> String {
    if edits.is_empty() {
        return text.to_string();
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let grown: usize = edits.iter().map(|e| e.replacement.len()).sum();
    let mut out = String::with_capacity(text.len() + grown);
    let mut copied = 0;
    for edit in edits.iter() {
        if edit.range.start < copied {
            continue;
        }
        out.push_str(&text[copied..edit.range.start]);
        out.push_str(&edit.replacement);
        copied = edit.range.end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: Range<usize>, replacement: &str) -> Edit {
        Edit {
            range,
            replacement: replacement.to_string(),
        }
    }

    #[test]
    fn applies_in_order_and_keeps_the_rest() {
        let mut edits = vec![edit(6..11, ""), edit(0..5, "Hi")];
        assert_eq!(apply("Hello world!", &mut edits), "Hi !");
    }

    #[test]
    fn overlapping_edits_keep_the_first() {
        let mut edits = vec![edit(0..4, "x"), edit(2..6, "y")];
        assert_eq!(apply("abcdefg", &mut edits), "xefg");
    }
}
