//! Edits of a page's text, applied in one pass: every stage that changes text says which
//! byte range becomes what, and the page is rebuilt once from the untouched spans and the
//! replacements, instead of once per change.

use std::ops::Range;

/// Replace `range` of the text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
    /// The replacement is a Markdown block (a card, a list): [`apply`] fits it to the line
    /// it lands on (see [`fit_block`]).
    pub block: bool,
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
        push_replacement(&mut out, text, edit);
        copied = edit.range.end;
    }
    out.push_str(&text[copied..]);
    out
}

fn push_replacement(out: &mut String, text: &str, edit: &Edit) {
    if edit.block && !edit.replacement.is_empty() {
        let line_start = out.rfind('\n').map_or(0, |i| i + 1);
        let before = out[line_start..].to_string();
        fit_block(&before, &text[edit.range.end..], &edit.replacement, out);
    } else {
        out.push_str(&edit.replacement);
    }
}

/// Writes `block` (a card's HTML, a list) to `out` so that it renders as a block where it
/// lands: after `before`, the text already written on its line (with what other edits
/// wrote there, such as a callout's `> `), and before `rest`, the text after the edit.
///
/// * Each of its lines carries the line's container prefix (the spaces of a list item's
///   body, the `>` of a quote), so a card inside a list item stays in the item.
/// * Text before it on its line is ended by a blank line, so the block does not open
///   inside a paragraph; text after it on its line starts a new paragraph.
/// * A blank line follows it, so the Markdown after it is not swallowed by an HTML block.
fn fit_block(before: &str, rest: &str, block: &str, out: &mut String) {
    let quotes = &before[..before
        .find(|c: char| !matches!(c, ' ' | '\t' | '>'))
        .unwrap_or(before.len())];
    // After a list marker (`- `, `1. `), the item's body is indented by the marker's width.
    let marker = list_marker_width(&before[quotes.len()..]);
    let container = format!("{quotes}{}", " ".repeat(marker));
    let blank = container.trim_end();
    if container.len() < before.len() {
        out.extend(["\n", blank, "\n", &container]);
    }
    for (i, line) in block.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(if line.is_empty() { blank } else { &container });
        }
        out.push_str(line);
    }
    let (rest_of_line, next_line) = rest.split_once('\n').unwrap_or((rest, ""));
    let next_line = next_line.lines().next().unwrap_or("");
    if !rest_of_line.trim().is_empty() {
        out.extend(["\n", blank, "\n", &container]);
    } else if !next_line.trim_start_matches(['>', ' ', '\t']).is_empty() {
        out.extend(["\n", blank]);
    }
}

/// The width of a list item marker and the spaces after it at the start of `line` (`- `,
/// `* `, `+ `, `1. `, `12) `), or 0.
fn list_marker_width(line: &str) -> usize {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return 0,
    };
    let spaces = line[marker..].bytes().take_while(|&b| b == b' ').count();
    if spaces == 0 { 0 } else { marker + spaces }
}

/// Where the bytes of a text went when edits were applied: maps offsets between the text
/// before and after.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// Copied spans: (offset before, offset after, length), in order.
    copied: Vec<(usize, usize, usize)>,
}

impl OffsetMap {
    /// The offset before the edits of an offset after them (inside a replacement: where
    /// the replaced text started).
    pub fn to_old(&self, new: usize) -> usize {
        self.locate(new, |&(old, new, _)| (new, old))
    }

    /// The offset after the edits of an offset before them.
    pub fn to_new(&self, old: usize) -> usize {
        self.locate(old, |&(old, new, _)| (old, new))
    }

    fn locate(&self, at: usize, key: impl Fn(&(usize, usize, usize)) -> (usize, usize)) -> usize {
        let i = self.copied.partition_point(|segment| key(segment).0 <= at);
        if i == 0 {
            return at;
        }
        let segment = &self.copied[i - 1];
        let (from, to) = key(segment);
        to + (at - from).min(segment.2)
    }
}

/// Like [`apply`], and also returns the [`OffsetMap`] between the two texts.
pub fn apply_mapped(text: &str, edits: &mut [Edit]) -> (String, OffsetMap) {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let grown: usize = edits.iter().map(|e| e.replacement.len()).sum();
    let mut out = String::with_capacity(text.len() + grown);
    let mut map = OffsetMap::default();
    let mut copied = 0;
    for edit in edits.iter() {
        if edit.range.start < copied {
            continue;
        }
        map.copied
            .push((copied, out.len(), edit.range.start - copied));
        out.push_str(&text[copied..edit.range.start]);
        push_replacement(&mut out, text, edit);
        copied = edit.range.end;
    }
    map.copied.push((copied, out.len(), text.len() - copied));
    out.push_str(&text[copied..]);
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: Range<usize>, replacement: &str) -> Edit {
        Edit {
            block: false,
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
    fn offsets_map_both_ways() {
        let text = "aa{% raw %}bb{% endraw %}cc";
        let mut edits = vec![edit(2..11, ""), edit(13..25, "")];
        let (out, map) = apply_mapped(text, &mut edits);
        assert_eq!(out, "aabbcc");
        assert_eq!(map.to_old(2), 11, "the first b");
        assert_eq!(map.to_old(4), 25, "the first c");
        assert_eq!(map.to_new(11), 2);
        assert_eq!(map.to_new(13), 4);
        assert_eq!(map.to_old(0), 0);
    }

    #[test]
    fn overlapping_edits_keep_the_first() {
        let mut edits = vec![edit(0..4, "x"), edit(2..6, "y")];
        assert_eq!(apply("abcdefg", &mut edits), "xefg");
    }
}
