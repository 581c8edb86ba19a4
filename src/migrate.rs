//! `mdbook-jekyll migrate`: replaces the HTML a Just the Docs site writes by hand with the
//! shortcodes that generate it.
//!
//! * `<div class="best-practices-list">…</div>` becomes `{{#best-practices}}`. Because the
//!   list will then follow the page's real children, every hand-written list whose entries
//!   differ from them (missing or extra pages, stale titles, another order) is reported.
//! * `<div class="aws-service">…</div>` becomes `{{#service-card "Name"}}` when the services
//!   catalog holds its description (the most common description of each name is added to
//!   the catalog), or keeps its own description as an argument (or as a body, when it holds
//!   HTML).
//! * `<style>` blocks whose every selector the shipped stylesheet styles are removed.
//!
//! Without `--write` nothing is written: the changes are printed as a unified diff.

use crate::assets::STYLESHEET;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::{LinkIndex, Target};
use crate::markdown;
use crate::pages::Page;
use crate::preprocessor::{Processed, process};
use crate::shortcodes::SiteView;
use crate::shortcodes::catalog::Catalog;
use anyhow::{Context as _, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One file's change.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Path relative to the book root.
    pub path: PathBuf,
    pub old: String,
    pub new: String,
    /// Whether this is the services catalog (written first).
    pub catalog: bool,
}

/// Everything `migrate` would change, and what it found.
#[derive(Debug, Default)]
pub struct Migration {
    /// The book's `src`, relative to its root: every file changed is below it.
    pub src: PathBuf,
    pub files: Vec<FileChange>,
    pub report: Diagnostics,
    pub lists: usize,
    pub cards: usize,
    pub styles: usize,
}

impl Migration {
    /// The changes as a unified diff.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for change in &self.files {
            let name = change.path.display().to_string();
            let diff = similar::TextDiff::from_lines(&change.old, &change.new);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(2)
                    .header(&format!("a/{name}"), &format!("b/{name}"))
                    .to_string(),
            );
        }
        out
    }

    /// Writes the changes into the book at `root`. Every file's place is checked first (a
    /// symbolic link must not lead a write out of the book), so a refusal writes nothing;
    /// the catalog is written before the pages, so that a page never names a card whose
    /// description no catalog holds, even if a later write fails.
    pub fn write(&self, root: &Path) -> Result<()> {
        let mut writes = Vec::new();
        // Every file is under `src`, which is the user's to place (it may be a link):
        // what is below it is checked.
        let src_dir = root.join(&self.src);
        for change in &self.files {
            let below = change.path.strip_prefix(&self.src).unwrap_or(&change.path);
            let path = crate::paths::write_target(&src_dir, below, &change.path)
                .map_err(|why| anyhow::anyhow!("refused: {why}"))?;
            writes.push((path, change));
        }
        writes.sort_by_key(|(_, change)| !change.catalog);
        for (path, change) in writes {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            std::fs::write(&path, &change.new)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }
}

/// A hand-written service card found in a page.
struct Card {
    file: usize,
    range: Range<usize>,
    name: String,
    /// The `<p>` content as written (HTML).
    description: String,
}

/// Works out the migration of the book at `root`.
pub fn migrate(root: &Path) -> Result<Migration> {
    let book = crate::load::load_book(root)?;
    let processed = process(root.to_path_buf(), &book.config, "html", None, book.items);
    let Processed {
        pages,
        nav,
        context,
        ..
    } = &processed;
    let site = SiteView::new(pages, nav);
    let links = LinkIndex::new(pages, context.baseurl(), &context.src_dir, true);
    let covered = stylesheet_selectors(STYLESHEET);
    let mut migration = Migration {
        src: context.src.clone(),
        ..Migration::default()
    };
    let mut texts: Vec<(PathBuf, String, Vec<crate::edit::Edit>)> = Vec::new();
    let mut cards: Vec<Card> = Vec::new();

    for (index, page) in pages.iter().enumerate() {
        if page.front_matter.is_none() {
            continue;
        }
        let path = context.src_dir.join(&page.source);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        // Code, what Liquid keeps to itself (`raw`, `comment`, `highlight`) and HTML
        // comments are left as written (found by a red-team review: a card shown as an
        // example in a `{% highlight %}` block was replaced).
        // One parse for code and comments (`markdown::layout`).
        let layout = markdown::layout(&text);
        let mut protected = layout.code;
        protected.extend(crate::liquid_tags::verbatim_blocks(&text));
        if text.contains("<!--") {
            let extents = markdown::LazyExtents::new(&text, layout.extents);
            protected.extend(extents.get().comments(&text, &[]));
        }
        let outside_code = |at: usize| !protected.iter().any(|r| r.contains(&at));
        let mut edits = Vec::new();
        let file = texts.len();

        for block in blocks(&text, "<div class=\"best-practices-list\">", "div")
            .into_iter()
            .filter(|b| outside_code(b.start))
        {
            // A list holding more than its links (a note, a paragraph) would lose it.
            if !list_shape_is_known(&text[block.clone()]) {
                migration.report.push(at_line(
                    Diagnostic::note("list-shape", "a best-practice list holding more than its links (text or other elements beside them); it is left as written, so that nothing in it is lost"),
                    page,
                    &text,
                    block.start,
                ));
                continue;
            }
            let entries = anchors(&text[block.clone()]);
            check_drift(
                index,
                page,
                &entries,
                &site,
                &links,
                &text,
                block.start,
                &mut migration.report,
            );
            edits.push(crate::edit::Edit::new(
                block,
                "{{#best-practices}}".to_string(),
            ));
            migration.lists += 1;
        }
        for block in blocks(&text, "<div class=\"aws-service\">", "div")
            .into_iter()
            .filter(|b| outside_code(b.start))
        {
            let html = &text[block.clone()];
            // Liquid runs before the shortcodes: moved into a shortcode's arguments or the
            // catalog, `{{ page.x }}` would stay as written or name no service.
            if html.contains("{{") || html.contains("{%") {
                migration.report.push(at_line(
                    Diagnostic::note("card-shape", "a service card holding Liquid (`{{ … }}`, `{% … %}`), which runs before the shortcodes would; it is left as written"),
                    page,
                    &text,
                    block.start,
                ));
                continue;
            }
            match (inner(html, "h4"), inner(html, "p")) {
                (Some(name), Some(description))
                    if card_shape_is_known(html)
                        && (!description.contains('<')
                            || markdown_of_html(description).is_some()) =>
                {
                    cards.push(Card {
                    file,
                    range: block,
                    // As HTML shows it: a name wrapped over lines is one line of words
                    // (HTML's own spaces only: a no-break space stays; found by a red-team review: the catalog got the line break, the
                    // page a space, and the migrated book no longer built).
                    name: decode_entities(name.trim())
                        .split_ascii_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    description: description.trim().to_string(),
                })
                }
                _ => migration.report.push(at_line(
                    Diagnostic::note("card-shape", "a service card in a shape `migrate` does not know (an `<h4>` name and one `<p>`); it is left as written"),
                    page,
                    &text,
                    block.start,
                )),
            }
        }
        for block in blocks(&text, "<style>", "style")
            .into_iter()
            .filter(|b| outside_code(b.start))
        {
            let css = &text[block.clone()];
            let selectors = css_selectors(
                css.trim_start_matches("<style>")
                    .trim_end_matches("</style>"),
            );
            if !selectors.is_empty() && selectors.iter().all(|s| covered.contains(s)) {
                edits.push(crate::edit::Edit::new(
                    with_line_end(&text, block),
                    String::new(),
                ));
                migration.styles += 1;
            } else {
                let missing: Vec<&String> = selectors
                    .iter()
                    .filter(|s| !covered.contains(*s))
                    .take(5)
                    .collect();
                migration.report.push(at_line(
                    Diagnostic::note(
                        "style-kept",
                        format!(
                            "this <style> block is kept: mdbook-jekyll.css does not style {}",
                            missing
                                .iter()
                                .map(|s| format!("`{s}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ),
                    page,
                    &text,
                    block.start,
                ));
            }
        }
        texts.push((context.src.join(&page.source), text, edits));
    }

    // Cards: the catalog gets each name's most common description.
    let catalog_relative = context.options.services.clone();
    let catalog_path = crate::paths::join_inside(&context.src_dir, &catalog_relative)
        .map_err(anyhow::Error::msg)?;
    // A catalog that exists but cannot be read is an error: writing the migration over it
    // would lose its entries.
    let catalog_text = match crate::paths::read_text_file(&catalog_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => anyhow::bail!(
            "cannot read the services catalog {}: {}",
            catalog_path.display(),
            crate::paths::without_os_code(&e.to_string())
        ),
    };
    let existing = Catalog::parse(&catalog_text).map_err(|(line, why)| {
        let at = line.map(|l| format!(":{l}")).unwrap_or_default();
        anyhow::anyhow!(
            "the services catalog {}{at} is not valid: {why}; fix it before migrating, or the migration would write over it",
            catalog_path.display()
        )
    })?;
    let mut counts: BTreeMap<&str, HashMap<&str, usize>> = BTreeMap::new();
    for card in &cards {
        *counts
            .entry(&card.name)
            .or_default()
            .entry(&card.description)
            .or_default() += 1;
    }
    let mut chosen: BTreeMap<String, String> = BTreeMap::new();
    let mut added: BTreeMap<String, String> = BTreeMap::new();
    for (name, descriptions) in &counts {
        if let Some(known) = existing.description(name) {
            chosen.insert(name.to_string(), known.to_string());
            continue;
        }
        let plain: Vec<(&&str, &usize)> = descriptions
            .iter()
            .filter(|(d, _)| !d.contains('<'))
            .collect();
        if let Some((best, _)) = plain.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
            let text = decode_entities(best);
            chosen.insert(name.to_string(), text.clone());
            added.insert(name.to_string(), text);
        }
    }
    for card in &cards {
        let text = decode_entities(&card.description);
        let replacement = if card.description.contains('<') {
            let body = markdown_of_html(&card.description).unwrap_or_default();
            format!(
                "{{{{#service-card name=\"{}\"}}}}\n{body}\n{{{{/service-card}}}}",
                quote(&card.name),
            )
        } else if chosen.get(&card.name) == Some(&text) {
            format!("{{{{#service-card \"{}\"}}}}", quote(&card.name))
        } else {
            format!(
                "{{{{#service-card name=\"{}\" description=\"{}\"}}}}",
                quote(&card.name),
                quote(&text)
            )
        };
        texts[card.file]
            .2
            .push(crate::edit::Edit::new(card.range.clone(), replacement));
        migration.cards += 1;
    }

    for (path, text, mut edits) in texts {
        if edits.is_empty() {
            continue;
        }
        let new = crate::edit::apply(&text, &mut edits);
        migration.files.push(FileChange {
            path,
            old: text,
            new,
            catalog: false,
        });
    }
    if !added.is_empty() {
        let mut new = catalog_text.clone();
        if new.is_empty() {
            new.push_str("# The services catalog: name -> description (written by `mdbook-jekyll migrate`).\n");
        } else if !new.ends_with('\n') {
            new.push('\n');
        }
        for (name, description) in &added {
            new.push_str(&format!(
                "\"{}\": \"{}\"\n",
                yaml_escape(name),
                yaml_escape(description)
            ));
        }
        migration.files.push(FileChange {
            path: context.src.join(&catalog_relative),
            old: catalog_text,
            new,
            catalog: true,
        });
    }
    migration.report.sort();
    Ok(migration)
}

/// Compares a hand-written list with the page's children and reports the differences.
#[allow(clippy::too_many_arguments)]
fn check_drift(
    index: usize,
    page: &Page,
    entries: &[(String, String)],
    site: &SiteView<'_>,
    links: &LinkIndex,
    text: &str,
    at: usize,
    report: &mut Diagnostics,
) {
    let children = site.children(index);
    // Links written with Liquid (`{% link docs/a.md %}`, `{{ site.baseurl }}/a.html`) are
    // not rendered here: such a list is compared by its titles (found by a red-team review:
    // a right list was reported as leading to no page).
    if entries
        .iter()
        .any(|(href, _)| href.contains("{{") || href.contains("{%"))
    {
        let titles: Vec<&str> = children.iter().map(|&c| title_of(&site.pages[c])).collect();
        let same = titles.len() == entries.len()
            && titles
                .iter()
                .zip(entries)
                .all(|(title, (_, label))| words(title) == words(label));
        if !same {
            let quoted = |names: &mut dyn Iterator<Item = &str>| {
                names
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let d = Diagnostic::warning(
                "list-drift",
                format!(
                    "the hand-written best-practice list differs from the page's children, which `{{{{#best-practices}}}}` will show (its links hold Liquid, so it is compared by titles): it lists {}; the children are {}",
                    quoted(&mut entries.iter().map(|(_, label)| label.as_str())),
                    quoted(&mut titles.iter().copied()),
                ),
            );
            report.push(at_line(d, page, text, at));
        }
        return;
    }
    let mut problems = Vec::new();
    let mut listed = Vec::new();
    for (href, label) in entries {
        match links.resolve(index, href).and_then(|r| r.target) {
            Some(Target::Page(p)) if children.contains(&p) => {
                listed.push(p);
                let title = title_of(&site.pages[p]);
                if words(title) != words(label) {
                    problems.push(format!("\"{label}\" is titled \"{title}\" now"));
                }
            }
            Some(Target::Page(p)) => problems.push(format!(
                "\"{label}\" ({href}) is not a child of this page: {} names another parent",
                site.pages[p].file.display()
            )),
            _ => problems.push(format!("\"{label}\" ({href}) leads to no page")),
        }
    }
    for child in &children {
        if !listed.contains(child) {
            let p = &site.pages[*child];
            problems.push(format!(
                "\"{}\" ({}) is a child but is not listed",
                title_of(p),
                p.file.display()
            ));
        }
    }
    let in_order: Vec<usize> = children
        .iter()
        .copied()
        .filter(|c| listed.contains(c))
        .collect();
    if problems.is_empty() && listed != in_order {
        problems.push("the entries are not in navigation order".to_string());
    }
    if problems.is_empty() {
        return;
    }
    let d = Diagnostic::warning(
        "list-drift",
        format!(
            "the hand-written best-practice list differs from the page's children, which `{{{{#best-practices}}}}` will show: {}",
            problems.join("; ")
        ),
    );
    report.push(at_line(d, page, text, at));
}

/// A page's title (the chapters themselves have moved into the processed book).
fn title_of(page: &Page) -> &str {
    page.nav.title.as_ref().map_or("", |t| t.text.as_str())
}

fn at_line(d: Diagnostic, page: &Page, text: &str, offset: usize) -> Diagnostic {
    let (line, column) = markdown::line_column(text, offset);
    d.at(&page.file, Some(line)).column(column)
}

/// Lowercase words, for comparing a list entry with a title regardless of punctuation.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The ranges of elements that start with `open` (e.g. `<div class="x">`), up to their
/// matching closing tag, counting nested elements of the same tag.
fn blocks(text: &str, open: &str, tag: &str) -> Vec<Range<usize>> {
    let opening = format!("<{tag}");
    let closing = format!("</{tag}>");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find(open).map(|i| from + i) {
        let mut depth = 0usize;
        let mut pos = start;
        let mut end = None;
        while pos < text.len() {
            let next_open = text[pos..].find(&opening).map(|i| pos + i);
            let next_close = text[pos..].find(&closing).map(|i| pos + i);
            match (next_open, next_close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    pos = o + opening.len();
                }
                (_, Some(c)) => {
                    depth = depth.saturating_sub(1);
                    pos = c + closing.len();
                    if depth == 0 {
                        end = Some(pos);
                        break;
                    }
                }
                _ => break,
            }
        }
        match end {
            Some(end) => {
                out.push(start..end);
                from = end;
            }
            None => break,
        }
    }
    out
}

/// An `<a …>…</a>` element of an HTML fragment, as byte ranges of the fragment.
struct Anchor {
    /// The opening tag, from `<a` to before its `>`.
    tag: Range<usize>,
    /// What the element holds.
    content: Range<usize>,
    /// The end of its `</a>`, or None when it is never closed.
    end: Option<usize>,
}

/// The `<a …>` elements of `html`, in any case and with any whitespace after `a` (found
/// by a review: `<a\n  href=…>` and `<A HREF=…>` were not links).
fn anchor_elements(html: &str) -> Vec<Anchor> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<a").map(|i| from + i) {
        from = start + 2;
        if !lower[from..].starts_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let Some(tag_end) = lower[start..].find('>').map(|i| start + i) else {
            break;
        };
        let close = lower[tag_end..].find("</a>").map(|i| tag_end + i);
        let content_end = close.unwrap_or(html.len());
        out.push(Anchor {
            tag: start..tag_end,
            content: tag_end + 1..content_end,
            end: close.map(|c| c + 4),
        });
        from = close.map_or(html.len(), |c| c + 4);
    }
    out
}

/// `(href, text)` of each `<a href="…">…</a>` in an HTML fragment.
fn anchors(html: &str) -> Vec<(String, String)> {
    anchor_elements(html)
        .into_iter()
        .map(|anchor| {
            let href = crate::links::html_attribute_values(&html[anchor.tag])
                .into_iter()
                .find(|&(_, _, embed)| !embed)
                .map_or("", |(value, _, _)| value);
            let label = strip_tags(&html[anchor.content]);
            (decode_entities(href), decode_entities(label.trim()))
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The content of the first `<tag>…</tag>` in an HTML fragment.
fn inner<'h>(html: &'h str, tag: &str) -> Option<&'h str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = html.find(&open)? + open.len();
    let end = start + html[start..].find(&close)?;
    Some(&html[start..end])
}

/// Whether a hand-written best-practice list holds only its links: outside its `<a>`
/// elements, nothing but whitespace and the list's own tags (`div`, `ul`, `ol`, `li`).
/// What `{{#best-practices}}` writes in its place is the links alone.
fn list_shape_is_known(html: &str) -> bool {
    let mut outside = Vec::new();
    let mut from = 0;
    for anchor in anchor_elements(html) {
        let Some(end) = anchor.end else {
            return false;
        };
        outside.push(&html[from..anchor.tag.start]);
        from = end;
    }
    outside.push(&html[from..]);
    outside.into_iter().all(|mut between| {
        between = between.trim_start();
        while !between.is_empty() {
            let Some(tag) = between.strip_prefix('<') else {
                return false;
            };
            let Some(end) = tag.find('>') else {
                return false;
            };
            let name = tag[..end].trim_start_matches('/');
            let name = name
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("");
            if !["div", "ul", "ol", "li"]
                .iter()
                .any(|known| known.eq_ignore_ascii_case(name))
            {
                return false;
            }
            between = tag[end + 1..].trim_start();
        }
        true
    })
}

/// A card is `<div class="aws-service"><div class="aws-service-content"><h4>…</h4><p>…</p>
/// </div></div>`, whitespace aside (the `<p>` may hold inline HTML); anything else is kept.
fn card_shape_is_known(html: &str) -> bool {
    let mut rest = html.trim();
    for expected in [
        "<div class=\"aws-service\">",
        "<div class=\"aws-service-content\">",
        "<h4>",
    ] {
        let Some(after) = rest.strip_prefix(expected) else {
            return false;
        };
        rest = after.trim_start();
    }
    let Some(h4_end) = rest.find("</h4>") else {
        return false;
    };
    if rest[..h4_end].contains('<') {
        return false;
    }
    rest = rest[h4_end + 5..].trim_start();
    let Some(after) = rest.strip_prefix("<p>") else {
        return false;
    };
    let Some(p_end) = after.find("</p>") else {
        return false;
    };
    rest = after[p_end + 4..].trim_start();
    for expected in ["</div>", "</div>"] {
        let Some(after) = rest.strip_prefix(expected) else {
            return false;
        };
        rest = after.trim_start();
    }
    rest.is_empty()
}

/// A card's HTML description as a Markdown body that renders as the HTML does: tags and
/// character references as they are, the text's ASCII punctuation escaped (`2*3` stays
/// `2*3`, `[x](y)` stays text, as kramdown does not read Markdown in HTML), and runs of
/// ASCII white space one space (HTML shows them so; an indented line would be Markdown
/// code). `None` where Markdown would not read it so (found by a review): HTML where
/// white space counts (`<pre>`, `<textarea>`) or that is not text (`<script>`,
/// `<style>`); a comment or declaration (`<!--`, `<!`, `<?`); a tag that CommonMark does
/// not take as inline HTML (`<a href=/x?a=1>`, attributes without space between them) or
/// that is never closed; a description that starts with a block element (`<center>`,
/// which would make the line an HTML block, its escapes shown); a character reference
/// without its `;` (`&copy 2024`).
fn markdown_of_html(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    if ["<pre", "<textarea", "<script", "<style", "<!", "<?"]
        .iter()
        .any(|tag| lower.contains(tag))
        || crate::kramdown::starts_html_block(html.trim_start())
    {
        return None;
    }
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut space = false;
    let mut at = 0;
    while let Some(c) = html[at..].chars().next() {
        let len = c.len_utf8();
        if c.is_ascii_whitespace() {
            space = true;
            at += len;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if c == '<' {
            let tag = inline_tag(&html[at..])?;
            out.push_str(&tag);
            at += tag_source_len(&html[at..])?;
            continue;
        }
        if c == '&' {
            match character_reference_len(&html[at..]) {
                Some(reference) => {
                    out.push_str(&html[at..at + reference]);
                    at += reference;
                    continue;
                }
                // `&copy 2024` shows © in HTML, text in Markdown.
                None if html[at + 1..]
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'#') =>
                {
                    return None;
                }
                None => {}
            }
        }
        if c.is_ascii_punctuation() && c != '&' {
            out.push('\\');
        }
        out.push(c);
        at += len;
    }
    Some(out)
}

/// The length of the tag `text` starts with, when CommonMark takes it as inline HTML: an
/// opening tag (name, then attributes each after white space, a value unquoted without
/// `"'=<>` and backticks, or quoted without a line break) or a closing tag.
fn tag_source_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let name_at = |i: usize| {
        bytes.get(i).is_some_and(u8::is_ascii_alphabetic).then(|| {
            i + bytes[i..]
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
                .unwrap_or(bytes.len() - i)
        })
    };
    let spaces = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    if bytes.get(1) == Some(&b'/') {
        let i = spaces(name_at(2)?);
        return (bytes.get(i) == Some(&b'>')).then_some(i + 1);
    }
    let mut i = name_at(1)?;
    loop {
        let after_space = spaces(i);
        match bytes.get(after_space) {
            Some(b'>') => return Some(after_space + 1),
            Some(b'/') if bytes.get(after_space + 1) == Some(&b'>') => {
                return Some(after_space + 2);
            }
            Some(b) if after_space > i && (b.is_ascii_alphabetic() || matches!(b, b'_' | b':')) => {
                i = after_space
                    + bytes[after_space..]
                        .iter()
                        .position(|b| {
                            !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
                        })
                        .unwrap_or(bytes.len() - after_space);
                let before_value = spaces(i);
                if bytes.get(before_value) != Some(&b'=') {
                    continue;
                }
                let value = spaces(before_value + 1);
                i = match bytes.get(value)? {
                    &quote @ (b'"' | b'\'') => {
                        let len = bytes[value + 1..].iter().position(|&b| b == quote)?;
                        if bytes[value + 1..value + 1 + len].contains(&b'\n') {
                            return None;
                        }
                        value + len + 2
                    }
                    _ => {
                        let len = bytes[value..]
                            .iter()
                            .position(|b| b.is_ascii_whitespace() || b"\"'=<>`".contains(b))
                            .unwrap_or(bytes.len() - value);
                        if len == 0 {
                            return None;
                        }
                        value + len
                    }
                };
            }
            _ => return None,
        }
    }
}

/// The tag `text` starts with as the body writes it (white space between attributes one
/// space), when CommonMark takes it as inline HTML ([`tag_source_len`]).
fn inline_tag(text: &str) -> Option<String> {
    let source = &text[..tag_source_len(text)?];
    let mut out = String::with_capacity(source.len());
    let mut quote = None;
    let mut space = false;
    for c in source.chars() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c.is_ascii_whitespace() => space = true,
            None => {
                if space {
                    out.push(' ');
                    space = false;
                }
                if matches!(c, '"' | '\'') {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    Some(out)
}

/// The length of the character reference `text` starts with (`&lt;`, `&#42;`), if any.
fn character_reference_len(text: &str) -> Option<usize> {
    let semicolon = text.bytes().take(34).position(|b| b == b';')?;
    let name = &text[1..semicolon];
    let name = name.strip_prefix('#').unwrap_or(name);
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(semicolon + 1)
}

/// The text an HTML fragment's entities stand for: every named entity of HTML
/// (`&nbsp;`, `&mdash;`, `&rsquo;`…) and every numeric one (`&#169;`, `&#xA9;`).
fn decode_entities(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

/// A value inside a shortcode's double quotes.
fn quote(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}

fn yaml_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn with_line_end(text: &str, range: Range<usize>) -> Range<usize> {
    let end = if text[range.end..].starts_with('\n') {
        range.end + 1
    } else {
        range.end
    };
    range.start..end
}

/// The selectors a CSS text styles, whitespace-normalized. An at-rule (`@media`, ...) is
/// kept as its own "selector" (`@media print`), which the shipped stylesheet never covers,
/// so a block holding one is kept whole.
fn css_selectors(css: &str) -> BTreeSet<String> {
    // Comments out first.
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    text.push_str(rest);
    let mut out = BTreeSet::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    for selector in current.split(',') {
                        let normalized = selector.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !normalized.is_empty() {
                            out.insert(normalized);
                        }
                    }
                }
                current.clear();
                depth += 1;
            }
            '}' => {
                depth = depth.saturating_sub(1);
                current.clear();
            }
            _ if depth == 0 => current.push(c),
            _ => {}
        }
    }
    out
}

fn stylesheet_selectors(css: &str) -> BTreeSet<String> {
    css_selectors(css)
        .into_iter()
        .filter(|s| !s.starts_with('@'))
        .collect()
}

#[cfg(test)]
mod tests;
