//! Markdown facts the text stages need, from `pulldown-cmark` (the parser mdBook uses): where
//! code is (so nothing inside code is touched), and rendering a small Markdown fragment to
//! HTML (a card's body) or events back to Markdown (for non-HTML renderers).

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;

/// The parser options mdBook enables, so code is found where mdBook will find it.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Byte ranges of inline code spans and of fenced or indented code blocks, in order.
pub fn code_ranges(text: &str) -> Vec<Range<usize>> {
    if !may_hold_code(text) {
        return Vec::new();
    }
    parse_code_ranges(text)
}

fn parse_code_ranges(text: &str) -> Vec<Range<usize>> {
    parse_layout(text).code
}

/// What one parse of a page tells the text stages: its code ranges, and its [`Extents`]
/// when the parse was made (not for a page that cannot hold code: see [`code_ranges`]).
#[derive(Debug, Default)]
pub struct Layout {
    /// As [`code_ranges`] gives them.
    pub code: Vec<Range<usize>>,
    /// As [`extents`] gives them, when the code ranges needed the parse.
    pub extents: Option<Extents>,
}

/// The [`Layout`] of `text`: one parse for both, none for a page that cannot hold code.
pub fn layout(text: &str) -> Layout {
    if !may_hold_code(text) {
        return Layout::default();
    }
    parse_layout(text)
}

fn parse_layout(text: &str) -> Layout {
    let mut code: Vec<Range<usize>> = Vec::new();
    let mut extents = ExtentsBuilder::default();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let is_code = matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_)));
        if is_code && code.last().is_none_or(|last| range.start >= last.end) {
            code.push(range.clone());
        }
        extents.add(text, &event, range);
    }
    Layout {
        code,
        extents: Some(extents.extents),
    }
}

/// False only when `text` cannot hold code, so the parse can be skipped: a code span needs
/// a backtick, a fenced block a backtick or `~~~` fence, and an indented block (inside any
/// block quote or list item too) four columns of indentation, which take a tab or four
/// spaces in a row.
fn may_hold_code(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2(b'`', b'\t', bytes).is_some()
        || memchr::memmem::find(bytes, b"~~~").is_some()
        || memchr::memmem::find(bytes, b"    ").is_some()
}

/// When `text` ends inside a fenced code block that no fence closes (its `code` ranges as
/// [`code_ranges`] gives them), the fence line that closes it.
pub fn unclosed_fence_at_end(text: &str, code: &[Range<usize>]) -> Option<String> {
    let last = code.last()?;
    if !text[last.end..].trim().is_empty() {
        return None;
    }
    // The whole opening line, from its first column.
    let line_start = text[..last.start].rfind('\n').map_or(0, |i| i + 1);
    let opening = text[line_start..].lines().next()?;
    let indent = opening.len() - opening.trim_start_matches(' ').len();
    if line_start + indent != last.start && line_start != last.start {
        return None;
    }
    let fence_char = opening[indent..].chars().next()?;
    if indent > 3 || !matches!(fence_char, '`' | '~') {
        return None;
    }
    let fence_len = opening[indent..]
        .chars()
        .take_while(|&c| c == fence_char)
        .count();
    if fence_len < 3 {
        return None;
    }
    let block = text[last.start..last.end].trim_end();
    let last_line = block.rsplit('\n').next().unwrap_or("");
    let closing = last_line.trim_start_matches(' ');
    let closed = block.contains('\n')
        && last_line.len() - closing.len() <= 3
        && closing.chars().take_while(|&c| c == fence_char).count() >= fence_len
        && closing.trim_start_matches(fence_char).trim().is_empty();
    (!closed).then(|| fence_char.to_string().repeat(fence_len))
}

/// Whether a block added at the end of `text`, after a blank line, would be code: in a
/// quote or a list item, a line at the first column ends the container, and an open block
/// with it. One parse; for the rare page [`unclosed_fence_at_end`] finds open.
pub fn added_block_would_be_code(text: &str) -> bool {
    let probe = format!("{text}\n\n<hr>\n");
    let added = probe.len() - "<hr>\n".len();
    code_ranges(&probe).iter().any(|r| r.contains(&added))
}

/// The directives mdBook's `links` preprocessor expands: `{{#name arguments}}`.
const MDBOOK_DIRECTIVES: [&str; 5] = [
    "include",
    "rustdoc_include",
    "playground",
    "playpen",
    "title",
];

/// Where to insert what keeps each mdBook directive in `text[region]` (the inside of a
/// `{% raw %}` block) showing as written, in code too, once mdBook's `links` preprocessor
/// has run: `\` before a `{{#include …}}` closed on its line (`links` removes the
/// backslash of `\{{#…}}` and expands nothing; one already there is kept the same way),
/// else a zero-width space after the `{{` (`{{ #include …}}`, or a directive running over
/// lines, which `links` has no escape for: it reads no directive there, and the space
/// shows as nothing). Jekyll shows a raw block's text as written; `links` would include
/// the file (found by a red-team review: `{% raw %}{{#include other.txt}}{% endraw %}`
/// showed the file).
pub fn mdbook_literal_insertions(text: &str, region: Range<usize>) -> Vec<(usize, &'static str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // `links` reads an escaped directive up to the last `}}` of its line, whatever it
    // holds: the directives up to there are shown as written already.
    let mut escaped_until = 0;
    // Every `{{`, overlapping: in `{{{#include x}}}` the directive starts at the second
    // brace (found by a review).
    for at in memchr::memchr_iter(b'{', &bytes[region.clone()]).map(|i| region.start + i) {
        if at < escaped_until || bytes.get(at + 1) != Some(&b'{') {
            continue;
        }
        let rest = &text[at + 2..];
        let spaced = rest.len() - rest.trim_start().len();
        let Some(name) = rest.trim_start().strip_prefix('#') else {
            continue;
        };
        let end = name
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(name.len());
        if !MDBOOK_DIRECTIVES.contains(&&name[..end]) {
            continue;
        }
        // The backslash escapes up to the line's last `}}`: only when that is inside the
        // region, or a directive after the block on the same line would be escaped too
        // (found by a review: `{% raw %}…{% endraw %} then {{#include b.txt}}`).
        let line_end = rest.find('\n').map_or(text.len(), |i| at + 2 + i);
        let last = text[at + 2..line_end].rfind("}}").map(|i| at + 2 + i + 2);
        match last {
            Some(last) if spaced == 0 && last <= region.end => {
                out.push((at, "\\"));
                escaped_until = last;
            }
            _ => out.push((at + 2, "\u{200b}")),
        }
    }
    out
}

/// `text` with every mdBook directive (`{{#include …}}`, also `{{ #include …}}`; see
/// [`MDBOOK_DIRECTIVES`]) made inert for mdBook's `links` preprocessor, which runs after
/// this one and would otherwise read `{{#include /etc/hostname}}` in a title, a catalog
/// entry or a front matter value as a file to include: the second `{` becomes `&#123;`,
/// which HTML and Markdown outside code both show as `{`. For text this preprocessor
/// writes from values, never for what a page or a template says itself. Other `{{#`
/// (a Handlebars `{{#each}}`) stay as they are.
pub fn mdbook_inert(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let directive = |at: usize| {
        let rest = &text[at + 2..];
        let Some(name) = rest.trim_start().strip_prefix('#') else {
            return false;
        };
        let end = name
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(name.len());
        // Also a name at the very end: a value next to another may complete it.
        MDBOOK_DIRECTIVES.contains(&&name[..end])
            && (name[end..].is_empty() || name[end..].starts_with(|c: char| c.is_whitespace()))
    };
    // Overlapping: in `{{{#`, the directive starts at the second brace.
    let mut found = memchr::memchr_iter(b'{', bytes)
        .filter(|&at| bytes.get(at + 1) == Some(&b'{') && directive(at))
        .peekable();
    if found.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = 0;
    // Two directives cannot overlap: at `at`, the byte after `{{` is `#` or a space.
    for at in found {
        out.push_str(&text[rest..=at]);
        out.push_str("&#123;");
        rest = at + 2;
    }
    out.push_str(&text[rest..]);
    Cow::Owned(out)
}

/// Where raw HTML blocks and lists run, as the parser sees them: a comment, a `<pre>` or a
/// loose list may span blank lines, which a line-by-line reading cannot tell.
#[derive(Debug, Default, PartialEq)]
pub struct Extents {
    /// HTML blocks whose text is raw up to an end marker, not to a blank line: comments,
    /// `<pre>`, `<script>`, `<style>`, `<textarea>`, `<?…?>`, `<!…>`, CDATA. In order.
    html: Vec<Range<usize>>,
    /// The other HTML blocks (CommonMark's types 6 and 7, which run to a blank line). In
    /// order.
    blocks: Vec<Range<usize>>,
    /// Lists at the top level of the page (in no quote or other list). In order.
    lists: Vec<Range<usize>>,
    /// HTML comments inside paragraphs (inline HTML). In order.
    inline_comments: Vec<Range<usize>>,
}

/// The [`Extents`] of `text` (one parse).
pub fn extents(text: &str) -> Extents {
    let mut extents = ExtentsBuilder::default();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        extents.add(text, &event, range);
    }
    extents.extents
}

/// [`Extents`] read from a page's parser events, one after the other.
#[derive(Default)]
struct ExtentsBuilder {
    extents: Extents,
    /// Open lists and quotes around the parser's position.
    depth: usize,
}

impl ExtentsBuilder {
    fn add(&mut self, text: &str, event: &Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                if is_raw_html_start(&text[range.clone()]) {
                    self.extents.html.push(range);
                } else {
                    self.extents.blocks.push(range);
                }
            }
            Event::Start(Tag::List(_)) => {
                if self.depth == 0 {
                    self.extents.lists.push(range);
                }
                self.depth += 1;
            }
            Event::InlineHtml(html) if html.starts_with("<!--") => {
                // Browsers end a comment at `--!>` too (the parser only at `-->`).
                let end = comment_end(text, range.start, range.end);
                self.extents.inline_comments.push(range.start..end)
            }
            Event::Start(Tag::BlockQuote(_)) => self.depth += 1,
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => {
                self.depth = self.depth.saturating_sub(1)
            }
            _ => {}
        }
    }
}

/// A page's [`Extents`], from a parse already made or from one made on first need, so
/// that the passes needing them share one parse.
pub struct LazyExtents<'a> {
    text: &'a str,
    extents: std::cell::OnceCell<Extents>,
}

impl<'a> LazyExtents<'a> {
    /// The extents of `text`: `known` when a parse of this very text gave them (checked in
    /// debug builds, so the tests catch extents handed over for another text).
    pub fn new(text: &'a str, known: Option<Extents>) -> Self {
        debug_assert!(
            known.as_ref().is_none_or(|known| *known == extents(text)),
            "extents handed over for another text"
        );
        LazyExtents {
            text,
            extents: known.map(std::cell::OnceCell::from).unwrap_or_default(),
        }
    }

    /// The extents, parsed now if no parse gave them yet.
    pub fn get(&self) -> &Extents {
        self.extents.get_or_init(|| extents(self.text))
    }
}

/// The end of the HTML comment opening at `start` (`<!--`): after its first `-->` or
/// `--!>`, or `limit`. `<!-->` and `<!--->` are whole (empty) comments, as in browsers;
/// otherwise the closer's dashes are not the opener's (`<!--!>` is still open). One pass
/// from `start`.
fn comment_end(text: &str, start: usize, limit: usize) -> usize {
    let bytes = &text.as_bytes()[..limit];
    let body = start + 4;
    if bytes.get(body) == Some(&b'>') {
        return body + 1;
    }
    if bytes.get(body..body + 2) == Some(b"->") {
        return body + 2;
    }
    let mut at = body.min(limit);
    while let Some(dashes) = memchr::memmem::find(&bytes[at..], b"--") {
        let after = at + dashes + 2;
        match bytes.get(after) {
            Some(b'>') => return after + 1,
            Some(b'!') if bytes.get(after + 1) == Some(&b'>') => return after + 2,
            _ => at = at + dashes + 1,
        }
    }
    limit
}

/// Adds the comments of the HTML block `block` to `out`, reading the block as a browser
/// does: a `<!--` opens a comment in text, not inside a tag (quoted attribute values are
/// skipped whole) nor in an `opaque` range (sorted by start). One pass over the block.
fn block_comments(
    text: &str,
    block: Range<usize>,
    opaque: &[Range<usize>],
    out: &mut Vec<Range<usize>>,
) {
    let bytes = &text.as_bytes()[..block.end];
    let mut next_opaque = opaque.partition_point(|r| r.end <= block.start);
    let mut at = block.start;
    while at < block.end {
        while next_opaque < opaque.len() && opaque[next_opaque].end <= at {
            next_opaque += 1;
        }
        let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) else {
            return;
        };
        if let Some(skip) = opaque.get(next_opaque).filter(|r| r.start <= lt) {
            at = skip.end.max(at + 1);
            continue;
        }
        if bytes[lt..].starts_with(b"<!--") {
            let end = comment_end(text, lt, block.end);
            out.push(lt..end);
            at = end;
            continue;
        }
        let tag_name_at = if bytes.get(lt + 1) == Some(&b'/') {
            lt + 2
        } else {
            lt + 1
        };
        if !bytes.get(tag_name_at).is_some_and(u8::is_ascii_alphabetic) {
            at = lt + 1;
            continue;
        }
        // A tag: to its `>`, quoted values whole.
        at = block.end;
        let mut i = tag_name_at;
        while let Some(found) = memchr::memchr3(b'>', b'"', b'\'', &bytes[i..]) {
            let c = i + found;
            if bytes[c] == b'>' {
                at = c + 1;
                break;
            }
            match memchr::memchr(bytes[c], &bytes[c + 1..]) {
                Some(close) => i = c + 1 + close + 1,
                None => break,
            }
        }
    }
}

/// Whether an HTML block starting with `block` is one of CommonMark's kinds 1 to 5, which
/// run to an end marker (`-->`, `</pre>`…) across blank lines.
fn is_raw_html_start(block: &str) -> bool {
    let start = block.trim_start_matches(' ').as_bytes();
    // Bytes, not text: the first ten may end inside a character.
    let lower = start[..start.len().min(10)].to_ascii_lowercase();
    let tag_named = |name: &[u8]| {
        lower
            .strip_prefix(b"<")
            .and_then(|rest| rest.strip_prefix(name))
            .is_some_and(|after| {
                after
                    .first()
                    .is_none_or(|&c| c.is_ascii_whitespace() || c == b'>')
            })
    };
    lower.starts_with(b"<!--")
        || lower.starts_with(b"<?")
        || lower.starts_with(b"<![cdata[")
        || (lower.starts_with(b"<!") && lower.get(2).is_some_and(u8::is_ascii_alphabetic))
        || [&b"pre"[..], b"script", b"style", b"textarea"]
            .into_iter()
            .any(tag_named)
}
impl Extents {
    /// The HTML blocks that run to a blank line (CommonMark's types 6 and 7), in order.
    pub fn blocks(&self) -> &[Range<usize>] {
        &self.blocks
    }

    /// The top-level list holding `offset`, if any.
    pub fn list_around(&self, offset: usize) -> Option<Range<usize>> {
        let i = self.lists.partition_point(|r| r.end <= offset);
        self.lists.get(i).filter(|r| r.start <= offset).cloned()
    }

    /// The raw HTML block holding `offset` after its first byte, if any.
    pub fn html_around(&self, offset: usize) -> Option<Range<usize>> {
        let i = self.html.partition_point(|r| r.end <= offset);
        self.html.get(i).filter(|r| r.start < offset).cloned()
    }

    /// The HTML comments of the page (`text`, which these extents are of), as a browser
    /// finds them: inside paragraphs (inline HTML), and in HTML blocks of any kind, where a
    /// `<!--` inside a tag (a quoted attribute value) opens nothing. `opaque` are ranges
    /// of text that is not HTML (shortcode tags, whose quoted arguments are values), sorted
    /// by start: a `<!--` in them opens nothing either. Each comment runs from its `<!--`
    /// to its `-->` or `--!>` (or the block's end). In order.
    pub fn comments(&self, text: &str, opaque: &[Range<usize>]) -> Vec<Range<usize>> {
        let in_opaque = |at: usize| {
            let i = opaque.partition_point(|r| r.end <= at);
            opaque.get(i).is_some_and(|r| r.start <= at)
        };
        let mut out: Vec<Range<usize>> = self
            .inline_comments
            .iter()
            .filter(|r| !in_opaque(r.start))
            .cloned()
            .collect();
        for block in self.html.iter().chain(&self.blocks) {
            block_comments(text, block.clone(), opaque, &mut out);
        }
        out.sort_by_key(|r| r.start);
        out
    }

    /// The end of the raw HTML block that starts on the line `line` (its text), if any.
    pub fn starting_on(&self, line: Range<usize>) -> Option<usize> {
        let i = self.html.partition_point(|r| r.start < line.start);
        self.html
            .get(i)
            .filter(|r| r.start <= line.end)
            .map(|r| r.end)
    }
}

/// Answers "is this offset inside code?" for increasing offsets in one pass over the ranges.
pub struct CodeCursor<'a> {
    ranges: &'a [Range<usize>],
    next: usize,
}

impl<'a> CodeCursor<'a> {
    pub fn new(ranges: &'a [Range<usize>]) -> Self {
        CodeCursor { ranges, next: 0 }
    }

    /// The code range holding `offset`, if any. Offsets must not decrease between calls.
    pub fn containing(&mut self, offset: usize) -> Option<Range<usize>> {
        while self.next < self.ranges.len() && self.ranges[self.next].end <= offset {
            self.next += 1;
        }
        self.ranges
            .get(self.next)
            .filter(|r| r.start <= offset)
            .cloned()
    }
}

/// Renders a Markdown fragment to HTML; `rewrite` may give a new destination for each
/// link and image (mdBook does not rewrite links inside HTML).
pub fn to_html(markdown: &str, rewrite: &dyn Fn(&str) -> Option<String>) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            dest_url: rewrite(&dest_url).map_or(dest_url, CowStr::from),
            link_type,
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            dest_url: rewrite(&dest_url).map_or(dest_url, CowStr::from),
            link_type,
            title,
            id,
        }),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Makes generated HTML safe to put in a Markdown page as one HTML block: a blank line would
/// end the block and let the rest be read as Markdown (indented lines as code), so blank
/// lines become an empty HTML comment, which a browser does not show.
pub fn without_blank_lines(html: &str) -> String {
    let trimmed = html.trim_end_matches(['\n', '\r']);
    let mut out = String::with_capacity(trimmed.len());
    for (i, line) in trimmed.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim().is_empty() {
            out.push_str("<!-- -->");
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Renders events as Markdown text.
pub fn events_to_markdown<'a>(events: impl IntoIterator<Item = Event<'a>>) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_to_cmark::cmark(events, &mut out, options());
    out
}

/// 1-based line and column of a byte offset (columns count characters).
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    Locator::new(text).locate(offset)
}

/// Line and column of many offsets of one text. Offsets asked in increasing order (the
/// usual case: stages report in page order) cost only the bytes between them, so a page
/// with thousands of findings on one long line is still read once.
pub struct Locator<'t> {
    text: &'t str,
    /// The last answer: (offset, line, column).
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Self {
        Locator {
            text,
            last: std::cell::Cell::new((0, 1, 1)),
        }
    }

    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        match self.last.get() {
            // Backwards: start again from the top.
            (from, _, _) if offset < from => self.locate_from(0, 1, 1, offset),
            (from, line, column) => self.locate_from(from, line, column, offset),
        }
    }

    fn locate_from(
        &self,
        from: usize,
        line: usize,
        column: usize,
        offset: usize,
    ) -> (usize, usize) {
        let between = &self.text[from..offset];
        let answer = match memchr::memrchr(b'\n', between.as_bytes()) {
            None => (line, column + between.chars().count()),
            Some(last) => (
                line + memchr::memchr_iter(b'\n', between.as_bytes()).count(),
                between[last + 1..].chars().count() + 1,
            ),
        };
        self.last.set((offset, answer.0, answer.1));
        answer
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn mdbook_directives_are_made_inert() {
        assert_eq!(mdbook_inert("plain {{ x }} {#y}"), "plain {{ x }} {#y}");
        assert!(matches!(mdbook_inert("plain"), Cow::Borrowed(_)));
        assert_eq!(
            mdbook_inert("a {{#include /etc/hostname}} b {{  #title x}}"),
            "a {&#123;#include /etc/hostname}} b {&#123;  #title x}}"
        );
        assert_eq!(mdbook_inert("{{{#include y}}"), "{{&#123;#include y}}");
        assert_eq!(mdbook_inert("\\{{#include x}}"), "\\{&#123;#include x}}");
        assert_eq!(
            mdbook_inert("{{#playground a.rs}}"),
            "{&#123;#playground a.rs}}"
        );
        assert_eq!(mdbook_inert("{{"), "{{");
        // Not mdBook's: Handlebars blocks, other names, a name without arguments.
        assert_eq!(mdbook_inert("a {{#include"), "a {&#123;#include");
        for kept in [
            "{{#each items}}",
            "{{#includes x}}",
            "{{#include}}",
            "{{#x y}}",
        ] {
            assert_eq!(mdbook_inert(kept), kept);
        }
    }

    #[test]
    fn unclosed_fences_at_the_end_are_found_at_the_top_level_only() {
        let fence = |text: &str| {
            unclosed_fence_at_end(text, &code_ranges(text))
                .filter(|_| added_block_would_be_code(text))
        };
        assert_eq!(fence("text\n```rust\ncode\n").as_deref(), Some("```"));
        assert_eq!(fence("text\n```rust\ncode"), Some("```".to_string()));
        assert_eq!(fence("```\n").as_deref(), Some("```"));
        assert_eq!(fence("   ~~~~\ncode\n~~~\n").as_deref(), Some("~~~~"));
        assert_eq!(fence("text\n```rust\ncode\n```\n"), None);
        assert_eq!(fence("text\n````\ncode\n  `````  \n\n"), None);
        assert_eq!(fence("```\ncode\n```\nafter\n"), None);
        assert_eq!(fence("> ```\n> code\n"), None);
        assert_eq!(fence("- item\n\n  ```\n  code\n"), None);
        assert_eq!(fence("text\n\n    indented code\n"), None);
        assert_eq!(fence("no code at all\n"), None);
    }
    use super::*;

    #[test]
    fn finds_spans_and_blocks() {
        let text = "a `x{{#b}}` b\n\n```\n{{#c}}\n```\n\n    {{#d}}\n\n{{#e}}\n";
        let ranges = code_ranges(text);
        let inside = |needle: &str| {
            let at = text.find(needle).unwrap();
            ranges.iter().any(|r| r.contains(&at))
        };
        assert!(inside("{{#b}}"));
        assert!(inside("{{#c}}"));
        assert!(inside("{{#d}}"));
        assert!(!inside("{{#e}}"));
    }

    #[test]
    fn text_without_code_markers_is_not_parsed_and_has_no_code() {
        for text in [
            "plain {{#b}} text\n\n- list\n  - nested\n",
            "> quote\n>\n> more\n",
            "1. item\n\n   para in item\n",
        ] {
            assert!(!may_hold_code(text));
            assert!(code_ranges(text).is_empty());
        }
        // Each way of writing code is seen by the quick check.
        for text in [
            "a `b` c",
            "~~~\nx\n~~~\n",
            "```\nx\n```\n",
            "    x\n",
            "\tx\n",
            ">     x\n",
            "-     x\n",
            "> - >     x\n",
        ] {
            assert!(may_hold_code(text), "{text:?}");
            assert!(!code_ranges(text).is_empty(), "{text:?}");
        }
    }

    proptest::proptest! {
        /// The quick check never hides code from the parser: whatever it rules out, the
        /// parser finds no code in either.
        #[test]
        fn quick_check_agrees_with_the_parser(
            text in "([a>*+1.{}#<~|\\[\\]()!_=:^-]| |\n|\r|\x0c|\u{a0}){0,120}"
        ) {
            if !may_hold_code(&text) {
                proptest::prop_assert!(parse_code_ranges(&text).is_empty(), "{:?}", text);
            }
        }
    }

    #[test]
    fn cursor_walks_forward() {
        let ranges = vec![2..4, 10..12];
        let mut cursor = CodeCursor::new(&ranges);
        assert_eq!(cursor.containing(0), None);
        assert_eq!(cursor.containing(3), Some(2..4));
        assert_eq!(cursor.containing(5), None);
        assert_eq!(cursor.containing(11), Some(10..12));
        assert_eq!(cursor.containing(20), None);
    }

    #[test]
    fn blank_lines_are_neutralized() {
        assert_eq!(
            without_blank_lines("<p>a</p>\n\n<p>b</p>\n"),
            "<p>a</p>\n<!-- -->\n<p>b</p>"
        );
    }

    #[test]
    fn locator_in_any_order() {
        let text = "ab\ncdé f\nxyz";
        let locator = Locator::new(text);
        assert_eq!(locator.locate(7), (2, 4));
        assert_eq!(locator.locate(12), (3, 3));
        assert_eq!(locator.locate(1), (1, 2));
        assert_eq!(locator.locate(3), (2, 1));
        assert_eq!(locator.locate(100), (3, 4));
    }

    #[test]
    fn positions() {
        assert_eq!(line_column("ab\ncdé f", 7), (2, 4));
        assert_eq!(line_column("x", 0), (1, 1));
    }
}
