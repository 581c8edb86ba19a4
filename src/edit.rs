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

impl Edit {
    /// Replace `range` with `replacement`, as it is.
    pub fn new(range: Range<usize>, replacement: String) -> Self {
        Edit {
            range,
            replacement,
            block: false,
        }
    }

    /// Replace `range` with a Markdown block, fitted to its line when applied.
    pub fn block(range: Range<usize>, replacement: String) -> Self {
        Edit {
            range,
            replacement,
            block: true,
        }
    }
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
/// * Each of its lines carries the line's container prefix (the `>` of a quote, a list
///   item's indent), so a card inside a list item or a quote stays there.
/// * Text before it on its line ends at a line break: an HTML block (CommonMark's type 6,
///   `<div>`), a heading and a list may interrupt a paragraph.
/// * An HTML block runs to the next blank line, so a blank line follows the block when text
///   comes after it on its line, or on the next line in the same container; not before
///   more HTML, another shortcode, the next list item or a blank line, so a grid of cards
///   stays one HTML block and a tight list stays tight.
fn fit_block(before: &str, rest: &str, block: &str, out: &mut String) {
    let (container, prefix_len) = container_prefix(before);
    let blank = container.trim_end();
    if prefix_len < before.len() {
        out.extend(["\n", &container]);
    }
    for (i, line) in block.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(if line.is_empty() { blank } else { &container });
        }
        out.push_str(line);
    }
    let (rest_of_line, next_line) = rest.split_once('\n').unwrap_or((rest, ""));
    if !rest_of_line.trim().is_empty() {
        out.extend(["\n", blank, "\n", &container]);
    } else if needs_blank_line_after(&container, next_line.lines().next().unwrap_or("")) {
        out.extend(["\n", blank]);
    }
}

/// Whether `next`, the line after a block placed in `container`, is Markdown that the
/// block would swallow (an HTML block runs to the next blank line), so a blank line must
/// go between. Not when it is blank; when it starts with `<` or `{{#` (more HTML, another
/// shortcode: a grid of cards indented in a `<div>` stays one HTML block, where a blank
/// line would turn what follows into code); when it has fewer quote markers (the quote,
/// and the block with it, ends); or when it starts a list item that ends the block's own
/// item (`- card` then `- next`: a tight list stays tight).
fn needs_blank_line_after(container: &str, next: &str) -> bool {
    // Past the quote markers and indentation: where a list marker or the text starts.
    let at = next
        .find(|c: char| !matches!(c, ' ' | '\t' | '>'))
        .unwrap_or(next.len());
    let text = &next[at..];
    if text.trim().is_empty() {
        return false;
    }
    let quotes = container.matches('>').count();
    let next_quotes = next[..at].matches('>').count();
    if next_quotes != quotes {
        // A deeper quote starts inside the HTML block unless a blank line ends it first.
        return next_quotes > quotes;
    }
    let closes_item = list_marker_width(text) > 0 && at < container.len();
    !(closes_item || text.starts_with('<') || text.starts_with("{{#"))
}

/// The container prefix at the start of a line, for the lines of a block placed on it: the
/// quote markers and indentation as written, each list marker replaced by spaces of its
/// width (`> - ` gives `>   `); and how many bytes of the line it covers.
pub(crate) fn container_prefix(line: &str) -> (String, usize) {
    let mut container = String::new();
    let mut at = 0;
    loop {
        let rest = &line[at..];
        let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        container.push_str(&rest[..indent]);
        at += indent;
        let rest = &line[at..];
        if rest.starts_with('>') {
            container.push('>');
            at += 1;
            continue;
        }
        match list_marker_width(rest) {
            0 => return (container, at),
            width => {
                container.extend(std::iter::repeat_n(' ', width));
                at += width;
            }
        }
    }
}

/// The width of a list item marker at the start of `line` (`-`, `*`, `+`, `1.`, `12)`)
/// when a space or a tab follows it, or 0.
pub(crate) fn list_marker_width(line: &str) -> usize {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return 0,
    };
    match line.as_bytes().get(marker) {
        Some(b' ' | b'\t') => marker,
        _ => 0,
    }
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
        Edit::new(range, replacement.to_string())
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

    /// `text` with its `@` replaced by `block` as a block edit.
    fn place(text: &str, block: &str) -> String {
        let at = text.find('@').unwrap();
        let mut edits = vec![Edit::block(at..at + 1, block.to_string())];
        apply(text, &mut edits)
    }

    #[test]
    fn a_block_takes_the_container_of_its_line() {
        let card = "<div>\n<p>x</p>\n</div>";
        // Alone on its line, with a blank line after: nothing to add.
        assert_eq!(
            place("@\n\nNext\n", card),
            "<div>\n<p>x</p>\n</div>\n\nNext\n"
        );
        // At the end of the text, without a line break.
        assert_eq!(place("Text\n@", card), "Text\n<div>\n<p>x</p>\n</div>");
        // Text before: a line break (the HTML block interrupts the paragraph).
        assert_eq!(place("Text @\n", card), "Text \n<div>\n<p>x</p>\n</div>\n");
        // Text after on its line, or on the next line: a blank line, so it is Markdown.
        assert_eq!(
            place("@ after\n", card),
            "<div>\n<p>x</p>\n</div>\n\n after\n"
        );
        assert_eq!(
            place("@\nafter\n", card),
            "<div>\n<p>x</p>\n</div>\n\nafter\n"
        );
        // List items: the marker's width (a tab kept as written), nested lists, quotes.
        assert_eq!(
            place("- @\n- b\n", card),
            "- <div>\n  <p>x</p>\n  </div>\n- b\n"
        );
        assert_eq!(
            place("12. a @\n", card),
            "12. a \n    <div>\n    <p>x</p>\n    </div>\n"
        );
        assert_eq!(
            place("-\ta @\n", card),
            "-\ta \n \t<div>\n \t<p>x</p>\n \t</div>\n"
        );
        assert_eq!(
            place("- > - a @\n", card),
            "- > - a \n  >   <div>\n  >   <p>x</p>\n  >   </div>\n"
        );
        // A quote: blank lines inside the block and after it keep the `>`.
        assert_eq!(
            place("> a @\n> b\n", "#### x\n\ny"),
            "> a \n> #### x\n>\n> y\n>\n> b\n"
        );
        // Inside an HTML block (a grid of cards), no blank line splits it.
        assert_eq!(
            place(
                "<div class=\"grid\">\n    @\n    {{#service-card \"B\"}}\n</div>\n",
                card
            ),
            "<div class=\"grid\">\n    <div>\n    <p>x</p>\n    </div>\n    {{#service-card \"B\"}}\n</div>\n"
        );
        assert_eq!(place("@\n<div>\n", card), format!("{card}\n<div>\n"));
        // Before Markdown that the HTML block would swallow, a blank line: a list item that
        // does not close the block's own item, text, a quote that starts.
        for next in ["- note", "Text", "> quoted"] {
            assert_eq!(
                place(&format!("@\n{next}\n"), card),
                format!("{card}\n\n{next}\n")
            );
        }
        // Not before HTML or a shortcode, which may belong to the same HTML block (a grid).
        for next in [
            "{{#include x.md}}",
            "<b>b</b>",
            "    <hr>",
            "    {{#hdr}}",
            "</div>",
        ] {
            assert_eq!(
                place(&format!("@\n{next}\n"), card),
                format!("{card}\n{next}\n")
            );
        }
        // A quote that ends ends the block with it.
        assert_eq!(
            place("> @\nafter\n", card),
            "> <div>\n> <p>x</p>\n> </div>\nafter\n"
        );
        assert_eq!(
            place("1. Step @\n   - sub\n", card),
            "1. Step \n   <div>\n   <p>x</p>\n   </div>\n\n   - sub\n"
        );
        assert_eq!(
            place("> @\n> - item\n", card),
            "> <div>\n> <p>x</p>\n> </div>\n>\n> - item\n"
        );
        // CRLF line ends: the `\r` before the line break is not text after the block.
        assert_eq!(
            place("@\r\n\r\nNext", card),
            "<div>\n<p>x</p>\n</div>\r\n\r\nNext"
        );
        // Not list markers: no space after the marker, or more than nine digits.
        assert_eq!(container_prefix("-1 a"), (String::new(), 0));
        assert_eq!(container_prefix("1234567890. a"), (String::new(), 0));
        assert_eq!(container_prefix("  >  * a"), ("  >    ".to_string(), 7));
    }

    #[test]
    fn overlapping_edits_keep_the_first() {
        let mut edits = vec![edit(0..4, "x"), edit(2..6, "y")];
        assert_eq!(apply("abcdefg", &mut edits), "xefg");
    }
}
