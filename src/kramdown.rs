//! Kramdown and Just the Docs markup that CommonMark would print as text.
//!
//! * Block attribute lines (`{: .no_toc }`, `{: .text-delta }`, `{:toc}`, any `{: ... }` on
//!   a line of its own) are removed.
//! * `1. TOC` followed by `{:toc}` (kramdown's generated table of contents) is removed; the
//!   `<details>` box Just the Docs sites wrap it in goes too when nothing else is left in it
//!   (mdBook 0.5 lists a page's headings in its sidebar).
//! * A line closing an HTML block (`</div>`) ends the block, as in kramdown: when Markdown
//!   follows on the next line, a blank line is put between them (CommonMark would otherwise
//!   read the Markdown as part of the HTML block, and print `## Heading` as text).
//! * Callouts (`{: .note }`, `.warning`, `.important`, `.highlight`, `.new`, the site's own
//!   `callouts:`, and their `-title` forms) become mdBook admonitions (`> [!NOTE]`) on
//!   mdBook 0.5, or a styled `<blockquote class="mdbook-jekyll-callout ...">` on 0.4 and
//!   when admonitions are turned off.

use crate::edit::Edit;
use crate::markdown::{self, CodeCursor};
use serde_json::Value;
use std::collections::BTreeMap;
use std::ops::Range;

/// How callouts are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalloutStyle {
    /// `> [!NOTE]` (mdBook 0.5 with `output.html.admonitions`).
    Admonition,
    /// A blockquote with classes, styled by the stylesheet.
    Blockquote,
}

/// A callout kind: its name (`note`), title and mdBook admonition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    pub title: String,
    pub admonition: &'static str,
}

/// The callouts of a site: Just the Docs' usual five, then the site's `callouts:`.
#[derive(Debug, Clone, Default)]
pub struct Callouts {
    kinds: BTreeMap<String, Callout>,
}

impl Callouts {
    pub fn from_site(site: &serde_json::Map<String, Value>) -> Callouts {
        let mut kinds = BTreeMap::new();
        for (name, title, admonition) in [
            ("note", "Note", "NOTE"),
            ("warning", "Warning", "WARNING"),
            ("important", "Important", "IMPORTANT"),
            ("highlight", "Highlight", "TIP"),
            ("new", "New", "TIP"),
        ] {
            kinds.insert(
                name.to_string(),
                Callout {
                    title: title.to_string(),
                    admonition,
                },
            );
        }
        if let Some(Value::Object(defined)) = site.get("callouts") {
            for (name, settings) in defined {
                let default = kinds.get(name).cloned();
                let title = settings
                    .get("title")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| default.as_ref().map(|d| d.title.clone()))
                    .unwrap_or_else(|| capitalize(name));
                let admonition = match settings.get("color").and_then(Value::as_str) {
                    Some("red") => "CAUTION",
                    Some("yellow") => "WARNING",
                    Some("green") => "TIP",
                    Some("purple") => "IMPORTANT",
                    Some(_) => "NOTE",
                    None => default.map_or("NOTE", |d| d.admonition),
                };
                kinds.insert(name.clone(), Callout { title, admonition });
            }
        }
        Callouts { kinds }
    }

    /// The callout named by a class (`note`, or `note-title` for the titled form).
    fn find(&self, class: &str) -> Option<(&str, &Callout, bool)> {
        if let Some((name, callout)) = self.kinds.get_key_value(class) {
            return Some((name.as_str(), callout, false));
        }
        let base = class.strip_suffix("-title")?;
        let (name, callout) = self.kinds.get_key_value(base)?;
        Some((name.as_str(), callout, true))
    }
}

fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The admonition's own title, to tell whether a callout's title must be added.
fn admonition_title(admonition: &str) -> &'static str {
    match admonition {
        "TIP" => "Tip",
        "IMPORTANT" => "Important",
        "WARNING" => "Warning",
        "CAUTION" => "Caution",
        _ => "Note",
    }
}

/// A line of the page: its byte range without the line end, and with it.
#[derive(Debug, Clone)]
struct Line {
    content: Range<usize>,
    whole: Range<usize>,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let content_end = if end > start && text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        let whole_end = if end < text.len() { end + 1 } else { end };
        out.push(Line {
            content: start..content_end,
            whole: start..whole_end,
        });
        start = whole_end;
    }
    out
}

/// The classes of a block attribute line (`{: .a .b #id key="v" }`), or `None` when the
/// line is not one. `{:toc}` gives `["toc"]`.
fn attribute_line(line: &str) -> Option<Vec<&str>> {
    let inner = line.trim().strip_prefix("{:")?.strip_suffix('}')?;
    // `{::ext}` and `{:/ext}` are extensions, not attribute lists.
    if inner.contains(['{', '}']) || inner.starts_with([':', '/']) {
        return None;
    }
    let inner = inner.trim();
    if inner == "toc" {
        return Some(vec!["toc"]);
    }
    Some(
        inner
            .split_whitespace()
            .filter_map(|t| t.strip_prefix('.'))
            .collect(),
    )
}

fn is_toc_item(line: &str) -> bool {
    let t = line.trim();
    ["1. TOC", "* TOC", "- TOC", "+ TOC"].contains(&t)
}

fn is_blank(text: &str, line: &Line) -> bool {
    text[line.content.clone()].trim().is_empty()
}

/// The edits for a page's kramdown markup. `code` are the page's code ranges.
pub fn kramdown_edits(
    text: &str,
    code: &[Range<usize>],
    callouts: &Callouts,
    style: CalloutStyle,
) -> Vec<Edit> {
    let extents = markdown::LazyExtents::new(text, None);
    kramdown_edits_and_hidden(text, code, &extents, callouts, style).0
}

/// [`kramdown_edits`], and the lines they take out of the page, in order: attribute and
/// extension lines, what a `{::comment}` hides, an emptied `<details>` (not a titled
/// callout's title, which moves into its header). What they hold is for no other stage.
/// `extents` are those of `text`.
pub fn kramdown_edits_and_hidden(
    text: &str,
    code: &[Range<usize>],
    extents: &markdown::LazyExtents<'_>,
    callouts: &Callouts,
    style: CalloutStyle,
) -> (Vec<Edit>, Vec<Range<usize>>) {
    let lines = lines(text);
    let mut in_code = CodeCursor::new(code);
    let mut removed = vec![false; lines.len()];
    // The attribute lines at the first column that made callouts (they end a list).
    let mut callout_lines = vec![false; lines.len()];
    let mut edits = Vec::new();
    // The last line that closes a `{::comment}`, found on first need.
    let mut last_comment_close: Option<Option<usize>> = None;
    // The first line after the last block a callout took (or its attribute line).
    let mut consumed = 0;
    // The last block a callout took.
    let mut taken: Option<Range<usize>> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let content = &text[line.content.clone()];
        // The first non-blank byte decides: an indented code block starts after its indent.
        let first = line.content.start + (content.len() - content.trim_start().len());
        if in_code.containing(first).is_some() {
            i += 1;
            continue;
        }
        // A `{:` line inside a raw HTML block (a comment, `<pre>`) is the block's text.
        if content.trim_start().starts_with("{:") && extents.get().html_around(first).is_some() {
            i += 1;
            continue;
        }
        if is_toc_item(content)
            && lines.get(i + 1).is_some_and(|next| {
                attribute_line(&text[next.content.clone()]) == Some(vec!["toc"])
            })
        {
            removed[i] = true;
            removed[i + 1] = true;
            i += 2;
            continue;
        }
        if let Some(extension) = extension_line(content) {
            // `{::comment}` … `{:/comment}` hides what it holds; other extensions
            // (`{::nomarkdown}`, `{::options /}`) only lose their marker lines.
            removed[i] = true;
            if extension == "comment" {
                let closes_comment = |j: usize| matches!(extension_end(&text[lines[j].content.clone()]), Some(n) if n.is_empty() || n == "comment");
                // Searched once from the end: thousands of `{::comment}` never closed
                // would otherwise each scan the rest of the page (found by a red-team
                // review: 23 s for 100,000 of them).
                let last_close = *last_comment_close
                    .get_or_insert_with(|| (0..lines.len()).rev().find(|&j| closes_comment(j)));
                let close = match last_close {
                    Some(last) if last > i => (i + 1..=last).find(|&j| closes_comment(j)),
                    _ => None,
                };
                if let Some(close) = close {
                    for r in removed.iter_mut().take(close + 1).skip(i) {
                        *r = true;
                    }
                    i = close + 1;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        if extension_end(content).is_some() {
            removed[i] = true;
            i += 1;
            continue;
        }
        let Some(classes) = attribute_line(content) else {
            i += 1;
            continue;
        };
        removed[i] = true;
        // At the first column, an attribute line ends a list for kramdown.
        let at_first_column = !content.starts_with([' ', '\t']);
        let Some((name, callout, titled)) = classes.iter().find_map(|c| callouts.find(c)) else {
            if at_first_column {
                consumed = i + 1;
            }
            i += 1;
            continue;
        };
        // As kramdown: an attribute line right after a block applies to that block;
        // after a blank line, to the block that follows.
        let extents = extents.get();
        let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
        let block = block_before(text, &lines, i, indent, taken.as_ref(), extents)
            .or_else(|| block_after(text, &lines, i + 1, indent, extents));
        let Some(mut block) = block else {
            i += 1;
            continue;
        };
        let block_after_end = block.end;
        // At the first column, next to a list, the attribute line applies to the whole
        // list, blank lines and all, as in kramdown (found by a red-team review: with a
        // blank line in the list, the callout took its last paragraph and split it).
        // kramdown ends the list at such a line: the callout takes the list up to it, from
        // where the last callout or attribute line left off (a list with one after each
        // item is as many lists, each in its callout).
        if indent == 0 {
            let line_of = |offset: usize| lines.partition_point(|l| l.whole.end <= offset);
            if block.end == i
                && let Some(list) = extents.list_around(lines[i - 1].content.start)
            {
                block.start = line_of(list.start).max(consumed);
            } else if block.start == i + 1
                && let Some(list) = extents.list_around(lines[i + 1].content.start)
                && list.start >= lines[i + 1].whole.start
            {
                let mut end = line_of(list.end.saturating_sub(1)) + 1;
                // Up to the list's next attribute line at the first column, which ends it
                // (one indented in an item is read after, as the callout's line).
                if let Some(attribute) = (block.end..end.min(lines.len())).find(|&j| {
                    let line = &text[lines[j].content.clone()];
                    !line.starts_with([' ', '\t']) && attribute_line(line).is_some()
                }) {
                    end = attribute;
                }
                while end > block.start + 1 && is_blank(text, &lines[end - 1]) {
                    end -= 1;
                }
                block.end = block.end.max(end.min(lines.len()));
            }
        }
        if block.start >= block.end {
            // What was before it is another callout's already.
            i += 1;
            continue;
        }
        // After a block before it, the scan goes on after the attribute line; after one
        // that follows, at the first line not scanned yet for attribute lines (one indented
        // in a list item still has its say).
        let next = if block.start > i {
            block_after_end.min(block.end)
        } else {
            i + 1
        };
        if at_first_column {
            consumed = if block.start > i { block.end } else { i + 1 };
        }
        // Indented under a list item, the attribute line belongs to the item: the block
        // before it starts at the item's own line, not at the list's first.
        if block.end == i
            && let Some(item) = (block.start..block.end).rev().find(|&j| {
                list_item_content(&text[lines[j].content.clone()])
                    .is_some_and(|(marker, _)| marker < indent)
            })
        {
            block.start = item;
        }
        if taken.as_ref() == Some(&block) {
            // A second callout line on the same block: kramdown gives the block both
            // classes, which Just the Docs shows as one callout; the first counts.
            i += 1;
            continue;
        }
        callout_lines[i] = indent == 0;
        taken = Some(block.clone());
        edits.extend(callout_edits(
            text,
            &lines[block],
            indent,
            name,
            callout,
            titled,
            style,
        ));
        i = next;
    }
    remove_empty_details(text, &lines, &mut removed);
    let blank = |i: usize| text[lines[i].content.clone()].trim().is_empty();
    // For each line, whether the lines since the last blank one hold a list item.
    let mut in_list = Vec::with_capacity(lines.len());
    let mut item_seen = false;
    for (i, line) in lines.iter().enumerate() {
        if blank(i) {
            item_seen = false;
        } else if !removed[i] && starts_list_item(&text[line.content.clone()]) {
            item_seen = true;
        }
        in_list.push(item_seen);
    }
    let mut i = 0;
    while i < lines.len() {
        if !removed[i] {
            i += 1;
            continue;
        }
        let run_end = (i..lines.len())
            .find(|&j| !removed[j])
            .unwrap_or(lines.len());
        // Between two lines of text, attribute lines end the block before them, as in
        // kramdown: removed, the next line would continue that block (a paragraph, or
        // the callout's quote). A blank line keeps them apart; not between two items of
        // a list, which it would loosen, unless a callout took the items before.
        let separates = i > 0
            && !blank(i - 1)
            && run_end < lines.len()
            && !blank(run_end)
            && (callout_lines[i..run_end].contains(&true)
                || !(in_list[i - 1] && starts_list_item(&text[lines[run_end].content.clone()])));
        for (k, line) in lines.iter().enumerate().take(run_end).skip(i) {
            let replacement = if separates && k == i { "\n" } else { "" };
            edits.push(Edit::new(line.whole.clone(), replacement.to_string()));
        }
        i = run_end;
    }
    // A callout's `> ` on a line taken out would join the line after it.
    let hidden_starts: std::collections::HashSet<usize> = lines
        .iter()
        .zip(&removed)
        .filter(|(_, removed)| **removed)
        .map(|(line, _)| line.whole.start)
        .collect();
    edits.retain(|e| {
        !(e.range.is_empty()
            && hidden_starts.contains(&e.range.start)
            && e.replacement.starts_with('>'))
    });
    // Stable: insertions at one place keep their order.
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let hidden = lines
        .iter()
        .zip(&removed)
        .filter(|(_, removed)| **removed)
        .map(|(line, _)| line.whole.clone())
        .collect();
    (edits, hidden)
}

/// Whether `line` opens a list item (`- `, `* `, `+ `, `1. `, `1) `).
fn starts_list_item(line: &str) -> bool {
    list_item_content(line).is_some()
}

/// For a line that opens a list item (`- `, `* `, `+ `, `1. `, `1) `, after any spaces):
/// the column of its marker, and where its content starts (after the marker and one to
/// four spaces).
fn list_item_content(line: &str) -> Option<(usize, usize)> {
    // Any indentation: a nested item stands four or more spaces in.
    let marker_at = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[marker_at..];
    let marker = crate::edit::list_marker_width(rest);
    if marker == 0 {
        return None;
    }
    let after = &rest[marker..];
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    if after.trim().is_empty() || !(1..=4).contains(&spaces) {
        return None;
    }
    Some((marker_at, line.len() - after.len() + spaces))
}

/// The column `line[..end]` reaches, tabs stopping at multiples of four as in CommonMark.
fn column(line: &str, end: usize) -> usize {
    line[..end].chars().fold(0, |col, c| {
        if c == '\t' {
            col + 4 - col % 4
        } else {
            col + 1
        }
    })
}

/// `{::name …}` or `{::name …/}` on a line of its own: the extension's name.
fn extension_line(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix("{::")?.strip_suffix('}')?;
    let name_end = inner
        .find(|c: char| !c.is_alphanumeric() && c != '_')
        .unwrap_or(inner.len());
    Some(&inner[..name_end])
}

/// `{:/name}` or `{:/}` on a line of its own: the name (empty for `{:/}`).
fn extension_end(line: &str) -> Option<&str> {
    line.trim()
        .strip_prefix("{:/")?
        .strip_suffix('}')
        .map(str::trim)
}

/// A fence line (```` ``` ```` or `~~~`, indented by at most three spaces).
fn is_fence(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    line.len() - rest.len() < 4 && (rest.starts_with("```") || rest.starts_with("~~~"))
}

/// The lines (a range of line numbers) of the block starting at line `from`: a run of
/// non-blank lines (blank lines inside a fenced code block included), or of `>` lines for
/// a blockquote.
fn block_after(
    text: &str,
    lines: &[Line],
    from: usize,
    indent: usize,
    extents: &markdown::Extents,
) -> Option<Range<usize>> {
    let first = lines.get(from)?;
    if is_blank(text, first) || attribute_line(&text[first.content.clone()]).is_some() {
        return None;
    }
    // A raw HTML block (a comment, `<pre>`) runs as the parser says, across blank lines.
    if let Some(end) = extents.starting_on(first.content.clone()) {
        let mut end = (lines.partition_point(|l| l.whole.end < end) + 1).min(lines.len());
        while end > from + 1 && is_blank(text, &lines[end - 1]) {
            end -= 1;
        }
        return Some(from..end);
    }
    let quote = text[first.content.clone()].trim_start().starts_with('>');
    // An HTML element runs to its closing tag, across blank lines, as kramdown reads it.
    if !quote && let Some(end) = element_span(text, lines, from, true, indent) {
        return Some(from..end);
    }
    let mut in_fence = false;
    let mut end = from;
    while end < lines.len() {
        let content = &text[lines[end].content.clone()];
        if !quote && is_fence(content) {
            in_fence = !in_fence;
        }
        let continues = if quote {
            content.trim_start().starts_with('>')
        } else {
            in_fence || is_fence(content) || !content.trim().is_empty()
        };
        if !continues || (!in_fence && end > from && attribute_line(content).is_some()) {
            break;
        }
        end += 1;
    }
    Some(from..end)
}

/// The block that ends right before line `at` (a fenced code block is taken whole). It
/// starts after a raw HTML block that ends above it: a paragraph right after `-->` is a
/// block of its own. `taken` is the block the last callout took: right after it, this is
/// that block (kramdown gives it both classes); else the block starts after it.
fn block_before(
    text: &str,
    lines: &[Line],
    at: usize,
    indent: usize,
    taken: Option<&Range<usize>>,
    extents: &markdown::Extents,
) -> Option<Range<usize>> {
    if at == 0 || is_blank(text, &lines[at - 1]) {
        return None;
    }
    if let Some(taken) = taken
        && taken.end == at
    {
        return Some(taken.clone());
    }
    let taken_end = taken.map_or(0, |t| t.end);
    if let Some(start) = element_span(text, lines, at - 1, false, indent)
        && start >= taken_end
    {
        return Some(start..at);
    }
    let mut start = at;
    let mut in_fence = false;
    while start > 0 {
        let line = &lines[start - 1];
        let content = &text[line.content.clone()];
        if is_fence(content) {
            in_fence = !in_fence;
        } else if !in_fence {
            let ends_block = content.trim().is_empty() || attribute_line(content).is_some();
            // The line is not blank here, so its last byte is in it.
            let raw_html_ends = || {
                start < at
                    && extents
                        .html_around(line.content.end - 1)
                        .is_some_and(|raw| raw.end <= lines[start].whole.start)
            };
            if ends_block || raw_html_ends() {
                break;
            }
        }
        start -= 1;
    }
    let start = start.max(taken_end);
    (start < at).then_some(start..at)
}

/// The lines of an HTML element that spans blank lines (`<div>`, a paragraph, a blank line,
/// another, `</div>`), which kramdown reads as one block and CommonMark as several: going
/// `forward` from the line `from` that opens it, the line after the one that closes it;
/// going back from the line `from` that closes it, the line that opens it. `None` when
/// the element has no blank line in it (the caller's own reading takes it whole), when it
/// is not closed, or when a line in it could make the count of tags wrong or hold markup
/// of its own: a code fence or a backtick, an HTML comment, a quote marker, a kramdown
/// line (`{: … }`, `{::comment}`), or a line less indented than the edge line (which ends
/// the list item the element is in). The edge line stands less than four columns right
/// of `indent`, the attribute line's (further in, it is code).
fn element_span(
    text: &str,
    lines: &[Line],
    from: usize,
    forward: bool,
    indent: usize,
) -> Option<usize> {
    let lead = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let raw_edge = &text[lines[from].content.clone()];
    let edge_lead = lead(raw_edge);
    let content = |i: usize| text[lines[i].content.clone()].trim();
    let edge = content(from);
    let opens = !edge.starts_with("</");
    if opens != forward || edge_lead >= indent + 4 || !starts_html_block(edge) {
        return None;
    }
    let mut open = 0usize;
    let mut blank = false;
    let mut i = from;
    loop {
        let line = content(i);
        if line.is_empty() {
            blank = true;
        } else if is_fence(line)
            || line.contains('`')
            || line.contains("<!--")
            || line.contains("-->")
            || line.starts_with('>')
            || line.starts_with("{:")
            || lead(&text[lines[i].content.clone()]) < edge_lead
        {
            return None;
        }
        let mut tags: Vec<_> = line_tags(line).collect();
        if !forward {
            tags.reverse();
        }
        for (name, closing, void) in tags {
            if void || OPTIONAL_END.iter().any(|o| o.eq_ignore_ascii_case(name)) {
                continue;
            }
            if closing == forward {
                open = open.checked_sub(1)?;
            } else {
                open += 1;
            }
            if open == 0 {
                // On the edge line itself, the element has no blank line in it. Its other
                // side is a block's edge too: a blank line, the text's edge, or (after it)
                // an attribute line; Markdown right after `</div>` would run on in the quote.
                let (other_edge, beyond) = if forward {
                    (i + 1, lines.get(i + 1))
                } else {
                    (i, i.checked_sub(1).map(|j| &lines[j]))
                };
                let ends_block = beyond.is_none_or(|l| {
                    let line = text[l.content.clone()].trim();
                    line.is_empty() || (forward && line.starts_with("{:"))
                });
                return (i != from && blank && ends_block && (forward || starts_html_block(line)))
                    .then_some(other_edge);
            }
        }
        if open == 0 {
            // The edge line holds no element that stays open (`<hr>`).
            return None;
        }
        if forward {
            i += 1;
            if i == lines.len() {
                return None;
            }
        } else {
            i = i.checked_sub(1)?;
        }
    }
}

/// Text written into Markdown so that it shows as itself: HTML escaped, Markdown's
/// punctuation backslash-escaped (`[x](javascript:…)` stays text, `**` no emphasis), and
/// line breaks as spaces.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in mdbook_core::utils::escape_html(text).chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '~' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Edits that turn a block into a callout without replacing its text, so that links and
/// shortcodes inside it are still rewritten by their own stages.
fn callout_edits(
    text: &str,
    block: &[Line],
    at_indent: usize,
    name: &str,
    callout: &Callout,
    titled: bool,
    style: CalloutStyle,
) -> Vec<Edit> {
    let insert = |at: usize, what: String| Edit::new(at..at, what);
    // Where a line's text starts after one level of `>` (and one space).
    let after_marker = |l: &Line| -> Option<usize> {
        let content = &text[l.content.clone()];
        let lead = content.len() - content.trim_start().len();
        let rest = content.trim_start().strip_prefix('>')?;
        Some(l.content.start + lead + 1 + usize::from(rest.starts_with(' ')))
    };
    let quoted = block.iter().all(|l| after_marker(l).is_some());
    let mut edits = Vec::new();
    // The titled form: the quote's first paragraph is the title; its lines go.
    let mut title = callout.title.clone();
    // The site's `_config.yml` gives the title as text (Just the Docs shows it through CSS);
    // a titled callout's first paragraph is the page's own Markdown.
    let mut title_is_markdown = false;
    let mut body = block;
    if titled && quoted {
        title_is_markdown = true;
        let end = block
            .iter()
            .position(|l| {
                text[after_marker(l).unwrap_or(l.content.end)..l.content.end]
                    .trim()
                    .is_empty()
            })
            .unwrap_or(block.len());
        title = block[..end]
            .iter()
            .map(|l| text[after_marker(l).unwrap_or(l.content.start)..l.content.end].trim())
            .collect::<Vec<_>>()
            .join(" ");
        let skip = (end + 1).min(block.len());
        let until = block
            .get(skip)
            .map_or(block[block.len() - 1].whole.end, |l| l.whole.start);
        edits.push(Edit::new(block[0].whole.start..until, String::new()));
        body = &block[skip..];
    }
    let start = block[0].whole.start;
    let last = &block[block.len() - 1];
    // In a list item the callout goes after the item's indentation, on every line, so
    // that it stays in the item.
    let first = &text[block[0].content.clone()];
    // The callout stands where the block does (in a list item, at the item's
    // indentation; an attribute line at the first column may continue the item lazily),
    // unless the block is indented code relative to the attribute line: then where the
    // attribute line stands, so that the markers stay out of the code.
    let block_indent = first.len() - first.trim_start_matches([' ', '\t']).len();
    // A list item's own line, with the attribute line indented under it: the callout goes
    // after the item's marker (`- > [!NOTE]`), its other lines at the item's content.
    let item = list_item_content(first).filter(|&(marker, _)| marker < at_indent);
    let item_indent;
    let (indent, first_at) = match item {
        Some((_, content)) => {
            // The item's other lines stand at its content's column (after `1.` and a tab,
            // column 4).
            item_indent = " ".repeat(column(first, content));
            (item_indent.as_str(), content)
        }
        None => {
            let indent = &first[..if block_indent >= at_indent + 4 {
                at_indent
            } else {
                block_indent
            }];
            (indent, indent.len())
        }
    };
    match style {
        CalloutStyle::Admonition => {
            let mut head = format!("> [!{}]\n{indent}", callout.admonition);
            if title != admonition_title(callout.admonition) {
                let title = if title_is_markdown {
                    title.clone()
                } else {
                    markdown_text(&title)
                };
                head.push_str(&format!("> **{title}**\n{indent}>\n{indent}"));
            }
            edits.insert(0, insert(start + first_at, head));
            if !quoted {
                for (n, l) in body.iter().enumerate() {
                    let line = &text[l.content.clone()];
                    let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
                    let marker = if line.trim().is_empty() {
                        format!("{}>", &indent[..indent.len().saturating_sub(lead)])
                    } else {
                        "> ".to_string()
                    };
                    let at = if n == 0 && item.is_some() {
                        first_at
                    } else {
                        lead.min(indent.len())
                    };
                    edits.push(insert(l.content.start + at, marker));
                }
            }
        }
        CalloutStyle::Blockquote => {
            let title = mdbook_core::utils::escape_html(&title);
            // A title from `_config.yml` is a value; a titled callout's own is the page's.
            let title = if title_is_markdown {
                title.into_owned()
            } else {
                markdown::mdbook_inert(&title).into_owned()
            };
            let class = mdbook_core::utils::escape_html_attribute(name).into_owned();
            edits.insert(
                0,
                insert(
                    start + first_at,
                    format!(
                        "<blockquote class=\"mdbook-jekyll-callout {class}\">\n{indent}<p class=\"mdbook-jekyll-callout-title\">{title}</p>\n\n{indent}"
                    ),
                ),
            );
            if quoted {
                for l in body {
                    if let Some(at) = after_marker(l) {
                        edits.push(Edit::new(l.content.start..at, String::new()));
                    }
                }
            }
            let close = if last.whole.end > last.content.end {
                format!("\n{indent}</blockquote>\n")
            } else {
                format!("\n\n{indent}</blockquote>")
            };
            edits.push(insert(last.whole.end, close));
        }
    }
    edits
}

/// Removes a `<details>` block whose content is only removed lines, blank lines and its
/// `<summary>`.
fn remove_empty_details(text: &str, lines: &[Line], removed: &mut [bool]) {
    let mut i = 0;
    while i < lines.len() {
        if !text[lines[i].content.clone()]
            .trim_start()
            .starts_with("<details")
        {
            i += 1;
            continue;
        }
        let Some(close) =
            (i + 1..lines.len()).find(|&j| text[lines[j].content.clone()].trim() == "</details>")
        else {
            break;
        };
        let mut had_removed = false;
        let mut in_summary = false;
        let only_removed = (i + 1..close).all(|j| {
            let t = text[lines[j].content.clone()].trim();
            had_removed |= removed[j];
            if t.starts_with("<summary") {
                in_summary = !t.ends_with("</summary>");
                return true;
            }
            if in_summary {
                in_summary = !t.ends_with("</summary>");
                return true;
            }
            removed[j] || t.is_empty()
        });
        if only_removed && had_removed {
            for r in removed.iter_mut().take(close + 1).skip(i) {
                *r = true;
            }
        }
        i = close + 1;
    }
}

/// Elements that start an HTML block in CommonMark (its type 6), which then runs to the
/// next blank line, where kramdown ends it at the element's closing tag.
const BLOCK_STARTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Elements whose closing tag HTML allows to leave out.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "caption", "head", "body", "html",
];

/// Elements that have no closing tag.
const VOID: &[&str] = &[
    "area", "base", "basefont", "br", "col", "embed", "frame", "hr", "img", "input", "link",
    "meta", "param", "source", "track", "wbr",
];

/// The tags of one line: (name, closing, void or self-closing). Autolinks
/// (`<https://…>`, `<me@x.org>`) are not tags; the caller takes comments out.
fn line_tags(line: &str) -> impl Iterator<Item = (&str, bool, bool)> {
    let starts: Vec<usize> = line.match_indices('<').map(|(at, _)| at).collect();
    (0..starts.len()).filter_map(move |k| {
        let rest = &line[starts[k] + 1..];
        let (closing, rest) = match rest.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let name_end = rest
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        let after = rest[name_end..].chars().next();
        if name.is_empty()
            || !name.as_bytes()[0].is_ascii_alphabetic()
            || matches!(after, Some(':' | '@' | '.'))
        {
            return None;
        }
        // Up to the next `<` only: looking to the line's end from every `<` was quadratic.
        let until_next =
            starts.get(k + 1).map_or(line.len(), |&next| next) - (line.len() - rest.len());
        let tag_end = rest[..until_next.min(rest.len())].find('>');
        let self_closing = tag_end.is_some_and(|end| rest[..end].ends_with('/'));
        let void = VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) || self_closing;
        Some((name, closing, void))
    })
}

/// Whether `line` starts a CommonMark HTML block of type 6: `<div`, `</div`, `<hr` … (at
/// most three spaces in), the name followed by a space, `>`, `/>` or the line's end.
pub(crate) fn starts_html_block(line: &str) -> bool {
    let lead = line.len() - line.trim_start_matches(' ').len();
    let Some(rest) = line[lead..].strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let (name, after) = rest.split_at(name_end);
    lead <= 3
        && BLOCK_STARTS.iter().any(|b| b.eq_ignore_ascii_case(name))
        && (after.trim().is_empty()
            || after.starts_with([' ', '\t', '>'])
            || after.starts_with("/>"))
}

/// The line ends after which a blank line must go, as kramdown ends an HTML block where
/// its elements close and CommonMark only at a blank line. Within each HTML block the
/// Markdown parser finds (so in list items and quotes too, and never in code), the
/// elements opened are counted line by line: where a line closes the last one still open
/// (`</div>`, or `<h2>…</h2>` on one line) or is a rule (`<hr>`), and the block goes on
/// with a line of Markdown (not starting with `<`), a blank line goes after it. A line
/// inside an element still open (`<div class="card">`, then `<div>Title</div>`) ends
/// nothing; counts start again in each block, so an element left open costs only its own.
fn html_block_ends(text: &str, extents: &markdown::Extents) -> Vec<usize> {
    let mut ends = Vec::new();
    for block in extents.blocks() {
        // Whether the lines are HTML still (after an end, Markdown until a block starts).
        let mut in_html = true;
        let mut open = 0usize;
        let mut in_comment = false;
        let mut first = true;
        let mut offset = block.start;
        let mut lines = text[block.clone()].split_inclusive('\n').peekable();
        while let Some(line) = lines.next() {
            offset += line.len();
            // What a list item's indentation or a quote's markers leave.
            let content = line.trim_start_matches([' ', '\t', '>']).trim_end();
            if !in_html {
                if !starts_html_block(content) {
                    continue;
                }
                (in_html, open, first) = (true, 0, true);
            }
            let mut ends_element = false;
            for (name, closing, void) in line_tags(&without_comments(content, &mut in_comment)) {
                let counted = !OPTIONAL_END.iter().any(|o| o.eq_ignore_ascii_case(name));
                if closing {
                    if counted {
                        open = open.saturating_sub(1);
                    }
                    ends_element = true;
                } else if void {
                    ends_element |= first;
                } else if counted {
                    open += 1;
                }
            }
            first = false;
            let markdown_follows = lines.peek().is_some_and(|next| {
                let next = next.trim_start_matches([' ', '\t', '>']);
                !next.trim().is_empty() && !next.starts_with('<')
            });
            if open == 0
                && ends_element
                && !in_comment
                && content.ends_with('>')
                && markdown_follows
            {
                ends.push(offset);
                in_html = false;
            }
        }
    }
    ends
}

/// `line` without its HTML comments (`<!-- … -->`), which may run on from line to line
/// (`in_comment`).
fn without_comments<'a>(line: &'a str, in_comment: &mut bool) -> std::borrow::Cow<'a, str> {
    if !*in_comment && !line.contains("<!--") {
        return line.into();
    }
    let mut out = String::new();
    let mut rest = line;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    *in_comment = false;
                }
                None => return out.into(),
            }
        }
        match rest.find("<!--") {
            Some(start) => {
                out.push_str(&rest[..start]);
                rest = &rest[start + 4..];
                *in_comment = true;
            }
            None => {
                out.push_str(rest);
                return out.into();
            }
        }
    }
}

/// Whether a page may have an HTML block directly followed by Markdown: the pass's own
/// test on every line (one ending with `>`, then a line of Markdown), without the parse,
/// so never false where [`html_block_breaks`] would act (a property test holds it to
/// that). It does not know code: a template shown in a code block costs its page a parse.
pub fn has_html_block_end(text: &str) -> bool {
    if memchr::memchr(b'<', text.as_bytes()).is_none() {
        return false;
    }
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if line.trim_end().ends_with('>')
            && lines.peek().is_some_and(|next| {
                let next = next.trim_start_matches([' ', '\t', '>']);
                !next.trim().is_empty() && !next.starts_with('<')
            })
        {
            return true;
        }
    }
    false
}

/// Blank lines that end HTML blocks as kramdown does (outside code).
/// In a quote, the blank line keeps the quote's markers (`>`), or it would end the quote.
/// `extents` are those of `text`.
pub fn html_block_breaks(
    text: &str,
    protected: &[Range<usize>],
    extents: &markdown::Extents,
) -> Vec<Edit> {
    let mut in_protected = CodeCursor::new(protected);
    html_block_ends(text, extents)
        .into_iter()
        .filter(|&at| in_protected.containing(at.saturating_sub(1)).is_none())
        .map(|at| {
            let next = &text[at..];
            let markers = &next[..next.len() - next.trim_start_matches([' ', '\t', '>']).len()];
            let markers = if markers.contains('>') {
                markers.trim_end()
            } else {
                ""
            };
            Edit::new(at..at, format!("{markers}\n"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;

    #[test]
    fn markdown_after_a_closing_tag_is_markdown() {
        let text = "<div class=\"x\">\n<p>a</p>\n</div>\n## Heading\n</div>\n\nText\n```\n</div>\nin code\n```\n";
        let code = crate::markdown::code_ranges(text);
        assert!(has_html_block_end(text));
        let mut edits = html_block_breaks(text, &code, &markdown::extents(text));
        assert_eq!(
            apply(text, &mut edits),
            "<div class=\"x\">\n<p>a</p>\n</div>\n\n## Heading\n</div>\n\nText\n```\n</div>\nin code\n```\n"
        );
        assert!(!has_html_block_end("<div>\n</div>\n\n## H\n"));
        assert!(has_html_block_end("```a`b\n<h1>x</h1>\ntext\n"));
        // An element opened and closed on one line ends its block too (found by a red-team
        // review: the heading after `<div>{{#service-card "X"}}</div>` showed as text).
        let text = "<div>{{#service-card \"X\"}}</div>\n# Heading\n<p class=\"a\">Intro</p>\nText\n<span>x</span>\nInline\n";
        let mut edits = html_block_breaks(text, &[], &markdown::extents(text));
        assert_eq!(
            apply(text, &mut edits),
            "<div>{{#service-card \"X\"}}</div>\n\n# Heading\n<p class=\"a\">Intro</p>\n\nText\n<span>x</span>\nInline\n"
        );
        // Found by a review: a line that leaves an element open does not end the block.
        assert!(
            html_block_breaks(
                "<div class=\"a\"><div>x</div>\nText\n</div>\n\n",
                &[],
                &markdown::extents("<div class=\"a\"><div>x</div>\nText\n</div>\n\n")
            )
            .is_empty()
        );
        // Found by a red-team review: elements are counted across the block's lines, so a
        // line closing an inner element ends nothing (a blank line there made the indented
        // text after it a code block); nor is anything inserted inside `<pre>`.
        for text in [
            "<div class=\"card\">\n    <div class=\"card-header\">Accounts</div>\n    Separate workloads.\n    <a href=\"x\">More</a>\n</div>\n\n",
            "<ul><li><p>First</p>\n    indented text\n</li></ul>\n\n",
            "<pre>\n<div>x</div>\nText\n</pre>\nAfter\n",
            "<!--\n<div>\n</div>\n-->\nText\n",
        ] {
            assert!(
                html_block_breaks(text, &[], &markdown::extents(text)).is_empty(),
                "{text}"
            );
        }
        let text = "<div class=\"card\">\n  <div>Title</div>\n  Body\n</div>\n## Next\n<hr>\n## After rule\n<h2>Overview</h2>\nThis is **important**.\n";
        // Found by a review: counts start again in each block (a tag left open in a
        // comment, or an autolink, turned every later break off); HTML in a list item
        // stands past three spaces; a closing tag may end a line that starts otherwise.
        for (text, expected) in [
            (
                "<!--\n<div class=\"old\">\n-->\n\n<div>\n<p>x</p>\n</div>\n## Next\n",
                "<!--\n<div class=\"old\">\n-->\n\n<div>\n<p>x</p>\n</div>\n\n## Next\n",
            ),
            (
                "<div>See <https://example.com> <!-- <div> -->\n</div>\n## Next\n",
                "<div>See <https://example.com> <!-- <div> -->\n</div>\n\n## Next\n",
            ),
            (
                "- Level one\n  - Level two\n    <div class=\"note\">\n    Text\n    </div>\n    **More** text\n",
                "- Level one\n  - Level two\n    <div class=\"note\">\n    Text\n    </div>\n\n    **More** text\n",
            ),
            (
                "<div class=\"card\">\n<a href=\"x\">More</a></div>\n## Next\n",
                "<div class=\"card\">\n<a href=\"x\">More</a></div>\n\n## Next\n",
            ),
        ] {
            assert!(has_html_block_end(text), "{text}");
            let mut edits = html_block_breaks(text, &[], &markdown::extents(text));
            assert_eq!(apply(text, &mut edits), expected);
        }
        // An unclosed `<p>` (HTML lets its end tag go) keeps nothing open.
        let unclosed = "<p>Intro\n\n<div>\nx\n</div>\n## H\n";
        let mut edits = html_block_breaks(unclosed, &[], &markdown::extents(unclosed));
        assert_eq!(
            apply(unclosed, &mut edits),
            "<p>Intro\n\n<div>\nx\n</div>\n\n## H\n"
        );
        let mut edits = html_block_breaks(text, &[], &markdown::extents(text));
        assert_eq!(
            apply(text, &mut edits),
            "<div class=\"card\">\n  <div>Title</div>\n  Body\n</div>\n\n## Next\n<hr>\n\n## After rule\n<h2>Overview</h2>\n\nThis is **important**.\n"
        );
    }

    proptest::proptest! {
        /// The quick check never hides an HTML block end from the pass: whenever the pass
        /// (which knows the code) puts a blank line, the quick check said it might.
        #[test]
        fn quick_html_check_agrees_with_the_pass(
            parts in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just("<div>\n"), proptest::strategy::Just("</div>\n"),
                proptest::strategy::Just("<p>x</p>\n"), proptest::strategy::Just("<hr>\n"),
                proptest::strategy::Just("text\n"), proptest::strategy::Just("\n"),
                proptest::strategy::Just("```\n"), proptest::strategy::Just("~~~~\n"),
                proptest::strategy::Just("   ```x`y\n"), proptest::strategy::Just("    ```\n"),
                proptest::strategy::Just("> ```\n"), proptest::strategy::Just("- ```\n"),
                proptest::strategy::Just("  <div>a</div>\n"), proptest::strategy::Just("<pre>\n"),
                proptest::strategy::Just("</pre>\n"), proptest::strategy::Just("    <div>\n"),
                proptest::strategy::Just("<!--\n"), proptest::strategy::Just("-->\n"),
                proptest::strategy::Just("<span>\n"), proptest::strategy::Just("text</div>\n"),
                proptest::strategy::Just("<PRE>\n"), proptest::strategy::Just("\t```\n"),
                // Found by a review: HTML on a list item's line, raw openers sharing a
                // line with a closing tag, names that only begin like `pre`, comments
                // closed where they open, a no-break space, fences in list items.
                proptest::strategy::Just("- <div class=\"x\">\n"), proptest::strategy::Just("  <pre>x</pre></div>\n"),
                proptest::strategy::Just("  text\n"), proptest::strategy::Just("<!-->\n"),
                proptest::strategy::Just("\u{a0}<b>x</b>\n"), proptest::strategy::Just("1. Run:\n"),
                proptest::strategy::Just("   ```\n"), proptest::strategy::Just("<preview>\n"),
                proptest::strategy::Just("</preview>\n"), proptest::strategy::Just("  </div>\n"),
                proptest::strategy::Just("> <div>\n"), proptest::strategy::Just("> </div>\n"),
                proptest::strategy::Just("  <!-- end --></div>\n"), proptest::strategy::Just("<!---->x\n"),
            ], 0..24)
        ) {
            let text = parts.concat();
            let code = crate::markdown::code_ranges(&text);
            if !html_block_breaks(&text, &code, &markdown::extents(&text)).is_empty() {
                proptest::prop_assert!(has_html_block_end(&text), "{:?}", text);
            }
        }
    }

    fn run(text: &str, style: CalloutStyle) -> String {
        let code = crate::markdown::code_ranges(text);
        let callouts = Callouts::from_site(&serde_json::Map::new());
        let mut edits = kramdown_edits(text, &code, &callouts, style);
        apply(text, &mut edits)
    }

    /// Found by a review: a paragraph right after an HTML comment is a block of its own, so
    /// its callout does not take the comment's last line (`> -->` left the comment open,
    /// and the callout's header inside it).
    #[test]
    fn a_callout_after_a_comment_takes_only_its_paragraph() {
        for (text, expected) in [
            (
                "<!--\n{: .note }\n-->\nPara\n{: .note }\n\nAfter\n",
                "<!--\n{: .note }\n-->\n> [!NOTE]\n> Para\n\nAfter\n",
            ),
            (
                "<!-- one line -->\nPara\n{: .note }\n",
                "<!-- one line -->\n> [!NOTE]\n> Para\n",
            ),
            // A comment's own lines, when the attribute line follows it, stay as before.
            (
                "Para\n<!-- x -->\n{: .note }\n",
                "> [!NOTE]\n> Para\n> <!-- x -->\n",
            ),
            // Found by the property tests: a blank first line ends the walk back.
            (
                "\n```\nfenced\n```\n{: .note }\n",
                "\n> [!NOTE]\n> ```\n> fenced\n> ```\n",
            ),
        ] {
            assert_eq!(run(text, CalloutStyle::Admonition), expected, "{text:?}");
        }
    }

    #[test]
    fn attribute_lines_disappear() {
        let text = "# Title\n{: .no_toc }\n\nText\n{: .text-delta }\n\n```\n{: .kept }\n```\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "# Title\n\nText\n\n```\n{: .kept }\n```\n"
        );
    }

    #[test]
    fn toc_lists_and_their_details_box_disappear() {
        let text = "# Page\n\n<details open markdown=\"block\">\n  <summary>\n    Table of contents\n  </summary>\n  {: .text-delta }\n1. TOC\n{:toc}\n</details>\n\n## A\n";
        assert_eq!(run(text, CalloutStyle::Admonition), "# Page\n\n\n## A\n");
        let text = "# Page\n\n<details open markdown=\"block\">\n<summary>Table of contents</summary>\n{: .text-delta }\n1. TOC\n{:toc}\n</details>\n\n## A\n";
        assert_eq!(run(text, CalloutStyle::Admonition), "# Page\n\n\n## A\n");
    }

    #[test]
    fn callouts_become_admonitions() {
        let text = "{: .note }\nA paragraph\non two lines.\n\nAfter.\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "> [!NOTE]\n> A paragraph\n> on two lines.\n\nAfter.\n"
        );
        let text = "{: .highlight }\nText.\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "> [!TIP]\n> **Highlight**\n>\n> Text.\n"
        );
        let text = "{: .warning-title }\n> Careful!\n>\n> Body.\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "> [!WARNING]\n> **Careful!**\n>\n> Body.\n"
        );
    }

    /// Found by a red-team review: a callout over indented code put its markers inside
    /// the code; one over a comment that spans a blank line ended at the blank line,
    /// inside it; and a `{: .note }` line inside a comment or `<pre>` was taken as an
    /// attribute line.
    #[test]
    fn callouts_take_the_whole_block_and_attribute_lines_in_raw_html_stay() {
        for (text, expected) in [
            (
                "{: .warning }\n    code 1\n    code 2\n\nafter\n",
                "> [!WARNING]\n>     code 1\n>     code 2\n\nafter\n",
            ),
            (
                "{: .note }\n<!-- comment\n\nstill comment -->\n\nafter\n",
                "> [!NOTE]\n> <!-- comment\n>\n> still comment -->\n\nafter\n",
            ),
            // At the first column after a list, the callout takes the whole list, as kramdown
            // applies the attribute line to it (it took the item's last paragraph, which
            // split a list of several items).
            (
                "1. Step\n\n   Para in item.\n{: .note }\n",
                "> [!NOTE]\n> 1. Step\n>\n>    Para in item.\n",
            ),
            // Indented code before the attribute line: the markers stay out of the code.
            (
                "text\n\n    code line\n{: .warning }\n",
                "text\n\n> [!WARNING]\n>     code line\n",
            ),
        ] {
            assert_eq!(run(text, CalloutStyle::Admonition), expected);
        }
        for text in [
            "<!-- hidden\n{: .note }\n-->\n\nafter\n",
            "<pre>\n{: .warning }\ncode\n</pre>\n\nafter\n",
            "<PRE class=\"x\">\n{: .warning }\n\n</pre>\n",
            "<pre>日本語のテキスト\n{: .warning }\n</pre>\n",
        ] {
            assert_eq!(run(text, CalloutStyle::Admonition), text);
            assert_eq!(run(text, CalloutStyle::Blockquote), text);
        }
    }

    #[test]
    fn callouts_as_blockquotes_for_mdbook_04() {
        let text = "{: .important }\nDo <this>.\n";
        assert_eq!(
            run(text, CalloutStyle::Blockquote),
            "<blockquote class=\"mdbook-jekyll-callout important\">\n<p class=\"mdbook-jekyll-callout-title\">Important</p>\n\nDo <this>.\n\n</blockquote>\n"
        );
    }

    #[test]
    fn a_callout_takes_an_html_element_whole_across_blank_lines() {
        // Before the element and after it; kramdown reads the element as one block.
        for (text, expected) in [
            (
                "{: .warning }\n<div markdown=\"1\">\nFirst.\n\nSecond.\n</div>\n\nAfter.\n",
                "> [!WARNING]\n> <div markdown=\"1\">\n> First.\n>\n> Second.\n> </div>\n\nAfter.\n",
            ),
            (
                "Before.\n\n<div>\n<div>\nIn.\n\n</div>\nOut.\n\n</div>\n{: .note }\n\nAfter.\n",
                "Before.\n\n> [!NOTE]\n> <div>\n> <div>\n> In.\n>\n> </div>\n> Out.\n>\n> </div>\n\nAfter.\n",
            ),
        ] {
            assert_eq!(run(text, CalloutStyle::Admonition), expected);
        }
        let text = "{: .note }\n<div>\nFirst.\n\nSecond.\n</div>\n";
        assert_eq!(
            run(text, CalloutStyle::Blockquote),
            "<blockquote class=\"mdbook-jekyll-callout note\">\n<p class=\"mdbook-jekyll-callout-title\">Note</p>\n\n<div>\nFirst.\n\nSecond.\n</div>\n\n</blockquote>\n"
        );
        // Where the tags cannot be counted safely (a comment, code, an element never
        // closed, an attribute line inside), the callout takes the first block, as before.
        for text in [
            "{: .note }\n<div>\nFirst.\n\n<!-- </div> -->\n</div>\n",
            "{: .note }\n<div>\nFirst.\n\n`</div>`\n</div>\n",
            "{: .note }\n<div>\nFirst.\n\nSecond.\n",
            "{: .note }\n<div>\nFirst.\n\n{: .tip }\nSecond.\n</div>\n",
            "{: .note }\n<hr>\nFirst.\n\nSecond.\n",
        ] {
            let first_block = text.find("\n\n").unwrap();
            let quoted = run(text, CalloutStyle::Admonition);
            let expected_head = text["{: .note }\n".len()..first_block]
                .lines()
                .map(|l| format!("> {l}\n"))
                .collect::<String>();
            assert!(
                quoted.starts_with(&format!("> [!NOTE]\n{expected_head}\n")),
                "{text:?} -> {quoted:?}"
            );
        }
    }

    #[test]
    fn an_element_span_stops_where_its_tags_or_its_block_cannot_be_read() {
        // Found by a review: kramdown lines inside the element were never read (a
        // `{::comment}` was published), and a second callout took part of the first one's
        // block. Now the span falls back to the first block, the comment goes, and two
        // callout lines on one block make one callout.
        for (text, expected) in [
            (
                "{: .note }\n<div>\nVisible.\n\n{::comment}\nTODO: internal\n{:/comment}\n\nMore.\n</div>\n",
                "> [!NOTE]\n> <div>\n> Visible.\n\n\nMore.\n</div>\n",
            ),
            (
                "{: .note }\n<div>\nA\n\n</div>\n{: .warning }\n\nAfter.\n",
                "> [!NOTE]\n> <div>\n> A\n>\n> </div>\n\nAfter.\n",
            ),
            (
                "{: .note }\n<div>\nA\n\n</div>\nText\n{: .warning }\n",
                "> [!NOTE]\n> <div>\n> A\n\n> [!WARNING]\n> </div>\n> Text\n",
            ),
            (
                "<div>\nA\n{::comment}\n<div>\n{:/comment}\n\nB\n</div>\n{: .note }\n",
                "<div>\nA\n\n> [!NOTE]\n> B\n> </div>\n",
            ),
            // In a list item, a line less indented ends the item and the element.
            (
                "- item\n\n  {: .note }\n  <div>\n  A\n\nB\n</div>\n",
                "- item\n\n  > [!NOTE]\n  > <div>\n  > A\n\nB\n</div>\n",
            ),
            (
                "- item\n\n  {: .note }\n  <div>\n  A\n\n  B\n  </div>\n",
                "- item\n\n  > [!NOTE]\n  > <div>\n  > A\n  >\n  > B\n  > </div>\n",
            ),
            // Four columns in, the element is code.
            (
                "{: .note }\n    <div>\nA\n\nB\n</div>\n",
                "> [!NOTE]\n>     <div>\n> A\n\nB\n</div>\n",
            ),
        ] {
            assert_eq!(run(text, CalloutStyle::Admonition), expected, "{text:?}");
        }
    }

    #[test]
    fn a_callout_after_its_paragraph() {
        let text = "Text.\n{: .note }\n\nNext.\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "> [!NOTE]\n> Text.\n\nNext.\n"
        );
    }

    #[test]
    fn site_callouts() {
        let site = serde_json::json!({"callouts": {"danger": {"title": "Danger zone", "color": "red"}, "note": {"title": "Note", "color": "blue"}}});
        let callouts = Callouts::from_site(site.as_object().unwrap());
        let text = "{: .danger }\nStop.\n";
        let mut edits = kramdown_edits(text, &[], &callouts, CalloutStyle::Admonition);
        assert_eq!(
            apply(text, &mut edits),
            "> [!CAUTION]\n> **Danger zone**\n>\n> Stop.\n"
        );
    }

    /// Found by trying the tool as a new user: a title from `_config.yml` went into the
    /// page as Markdown, so `<script>` in it ran. It is text, as in Just the Docs (which
    /// shows it through CSS); a titled callout's own first paragraph stays Markdown.
    #[test]
    fn site_callout_titles_are_text() {
        let site = serde_json::json!({"callouts": {"danger": {"title": "<script>alert(1)</script> & co [x](javascript:alert(2)) **b**\nc", "color": "red"}}});
        let callouts = Callouts::from_site(site.as_object().unwrap());
        for (style, shown) in [
            (
                CalloutStyle::Admonition,
                "> [!CAUTION]\n> **&lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; co \\[x\\]\\(javascript:alert\\(2\\)\\) \\*\\*b\\*\\* c**\n>\n> Stop.\n",
            ),
            (
                CalloutStyle::Blockquote,
                "<blockquote class=\"mdbook-jekyll-callout danger\">\n<p class=\"mdbook-jekyll-callout-title\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; co [x](javascript:alert(2)) **b**\nc</p>\n\nStop.\n\n</blockquote>\n",
            ),
        ] {
            let text = "{: .danger }\nStop.\n";
            let mut edits = kramdown_edits(text, &[], &callouts, style);
            assert_eq!(apply(text, &mut edits), shown);
        }
        let text = "{: .note-title }\n> *Mind* `this`\n>\n> Body.\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "> [!NOTE]\n> ***Mind* `this`**\n>\n> Body.\n"
        );
    }

    /// Found by trying the tool as a new user: a callout in a list item was written at the
    /// first column, which ended the list and split it in two.
    #[test]
    fn a_callout_in_a_list_item_stays_in_it() {
        let text = "- item\n\n  {: .note }\n  Note in list\n  on two lines\n\n- next\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "- item\n\n  > [!NOTE]\n  > Note in list\n  > on two lines\n\n- next\n"
        );
        let text = "1. step\n\n   {: .warning }\n   Careful.\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "1. step\n\n   > [!WARNING]\n   > Careful.\n"
        );
        let text = "- item\n\n  {: .highlight }\n  Text.\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "- item\n\n  > [!TIP]\n  > **Highlight**\n  >\n  > Text.\n"
        );
        // mdBook 0.4: the HTML blockquote is indented as the item.
        let text = "- item\n\n  {: .note }\n  Note.\n\n- next\n";
        assert_eq!(
            run(text, CalloutStyle::Blockquote),
            "- item\n\n  <blockquote class=\"mdbook-jekyll-callout note\">\n  <p class=\"mdbook-jekyll-callout-title\">Note</p>\n\n  Note.\n\n  </blockquote>\n\n- next\n"
        );
    }

    /// Found by a red-team review: an attribute line indented under a list item's own line
    /// applies to the item's text, but the callout took the list from its first item and
    /// split it; the next paragraph of the item continued the quote.
    #[test]
    fn a_callout_on_a_list_items_own_line_stays_in_the_item() {
        let text = "- item zero\n- item one\n  {: .note }\n  Note in list.\n- item two\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "- item zero\n- > [!NOTE]\n  > item one\n\n  Note in list.\n- item two\n"
        );
        let text = "1. First\n   on two lines\n   {: .warning }\n2. Second\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "1. > [!WARNING]\n   > First\n   > on two lines\n2. Second\n"
        );
        // Found by a red-team review: after a tab, an item's content is at column 4.
        let text = "1.\tStep\n\ton two lines\n\t{: .warning }\n2.\tNext\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "1.\t> [!WARNING]\n    > Step\n\t> on two lines\n2.\tNext\n"
        );
        let text = "- item\n  {: .note }\n- next\n";
        assert_eq!(
            run(text, CalloutStyle::Blockquote),
            "- <blockquote class=\"mdbook-jekyll-callout note\">\n  <p class=\"mdbook-jekyll-callout-title\">Note</p>\n\n  item\n\n  </blockquote>\n- next\n"
        );
        // At the first column, after the list, the attribute line applies to the list.
        let text = "- a\n- b\n{: .note }\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "> [!NOTE]\n> - a\n> - b\n"
        );
        // Found by a red-team review: the whole list, blank lines and all, before or after
        // it (the callout took the last paragraph or the first item, splitting the list);
        // and not the paragraph before the list.
        let text = "Intro\n1. Install.\n\n   Check.\n2. Run it.\n{: .note }\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "Intro\n> [!NOTE]\n> 1. Install.\n>\n>    Check.\n> 2. Run it.\n"
        );
        let text = "{: .warning }\n- a\n\n- b\n\n- c\n\nAfter\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "> [!WARNING]\n> - a\n>\n> - b\n>\n> - c\n\nAfter\n"
        );
        // Found by a review of that fix: one after each item nested the callouts, each
        // taking the list from its start (memory growing with the square of the list);
        // kramdown ends the list at each, so each item is a list in its callout.
        let text = "- a\n{: .note }\n- b\n{: .note }\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "> [!NOTE]\n> - a\n\n> [!NOTE]\n> - b\n"
        );
        // Before a list, up to the list's next attribute line, which is still read.
        let text = "{: .warning }\n- a\n\n- b\n{: .text-delta }\n- c\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "> [!WARNING]\n> - a\n>\n> - b\n- c\n"
        );
        // Found by a third review: no line is quoted twice, whatever ends the list before
        // (an attribute line, another callout); not the paragraph before a tight list; an
        // indented callout in an item does not end the list; an indented attribute line
        // does not cut a callout short, and is still taken out.
        for (text, expected) in [
            (
                "- a\n{: .foo }\n- b\n{: .note }\n",
                "- a\n> [!NOTE]\n> - b\n",
            ),
            (
                "{: .note }\n- a\n- b\n{: .warning }\n",
                "> [!NOTE]\n> - a\n> - b\n",
            ),
            ("{: .note }\n- a\n{: .note }\n", "> [!NOTE]\n> - a\n"),
            (
                "Intro\n- a\n- b\n{: .note }\n",
                "Intro\n> [!NOTE]\n> - a\n> - b\n",
            ),
            (
                "{: .note }\n- a\n  {: .text-delta }\n- b\n",
                "> [!NOTE]\n> - a\n> - b\n",
            ),
        ] {
            assert_eq!(run(text, CalloutStyle::Admonition), expected, "{text}");
        }
        // A nested item four spaces in is a list item.
        let text = "- a\n    - b\n      {: .note }\n- c\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "- a\n    - > [!NOTE]\n      > b\n- c\n"
        );
    }

    #[test]
    fn extensions_are_not_attribute_lists() {
        let text = "a\n\n{::comment}\nhidden\n{:/comment}\n\n{::nomarkdown}\n<b>kept</b>\n{:/}\n";
        assert_eq!(run(text, CalloutStyle::Admonition), "a\n\n\n<b>kept</b>\n");
    }

    #[test]
    fn an_indented_code_block_is_left_alone() {
        let text = "Text\n\n    {: .note }\n    code\n";
        assert_eq!(run(text, CalloutStyle::Admonition), text);
    }

    #[test]
    fn a_callout_holding_a_fenced_block_keeps_it_whole() {
        let text = "{: .note }\n```\na\n\nb\n```\n\nAfter\n";
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "> [!NOTE]\n> ```\n> a\n>\n> b\n> ```\n\nAfter\n"
        );
    }

    #[test]
    fn between_two_blocks_the_attribute_line_goes_to_the_first() {
        let text = "First.\n{: .note }\nSecond.\n";
        // As kramdown, "Second." is a paragraph of its own (found by a red-team review: it
        // continued the note's quote).
        assert_eq!(
            run(text, CalloutStyle::Admonition),
            "> [!NOTE]\n> First.\n\nSecond.\n"
        );
        assert_eq!(
            run(text, CalloutStyle::Blockquote),
            "<blockquote class=\"mdbook-jekyll-callout note\">\n<p class=\"mdbook-jekyll-callout-title\">Note</p>\n\nFirst.\n\n</blockquote>\n\nSecond.\n"
        );
        // Any attribute line ends the paragraph before it.
        assert_eq!(
            run(
                "First.\n{: .text-delta }\nSecond.\n",
                CalloutStyle::Admonition
            ),
            "First.\n\nSecond.\n"
        );
        // Not between two items of a list: the list stays tight.
        assert_eq!(
            run("- one\n{: .text-delta }\n- two\n", CalloutStyle::Admonition),
            "- one\n- two\n"
        );
        // Found by a review: after a paragraph, a list item line is kept apart too (`2.`
        // cannot interrupt a paragraph, so it was read as its text), and a run of
        // attribute lines separates as one.
        assert_eq!(
            run(
                "First.\n{: .text-delta }\n2. Second\n",
                CalloutStyle::Admonition
            ),
            "First.\n\n2. Second\n"
        );
        assert_eq!(
            run("A\n{: .a }\n{: .b }\nB\n", CalloutStyle::Admonition),
            "A\n\nB\n"
        );
    }

    #[test]
    fn links_and_shortcodes_inside_a_callout_are_still_rewritten() {
        let r = crate::test_support::run_as(
            "html",
            Some("0.5.4"),
            serde_json::json!({}),
            &[
                (
                    "docs/a.md",
                    "---\ntitle: A\n---\n\n{: .note }\nSee [B](/docs/b.html) and {{#service-card name=\"X\" description=\"Y\"}}.\n",
                ),
                ("docs/b.md", "---\ntitle: B\n---\n"),
            ],
            &[],
        );
        let a = r.content("docs/a.md");
        assert!(
            a.contains("> [!NOTE]\n> See [B](b.html) and \n> <div class=\"aws-service\">"),
            "{a}"
        );
        // The card stays inside the callout: every line from the callout on is quoted.
        let callout = &a[a.find("> [!NOTE]").unwrap()..];
        assert!(callout.lines().all(|line| line.starts_with('>')), "{a}");
        assert!(callout.contains("> </div>\n> </div>\n>\n> .\n"), "{a}");
    }
}
