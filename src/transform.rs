//! The text stage: each page's content is rewritten in at most two linear passes, each
//! collecting [`Edit`]s and applying them at once.
//!
//! 1. Liquid (pages with front matter only, as in Jekyll; only when the page holds `{%` or
//!    `{{`): [`crate::liquid_tags`]. Its `{% raw %}` regions are protected from pass 2.
//! 2. Markdown: one pulldown-cmark parse gives the code ranges (never touched), then
//!    shortcodes ([`crate::shortcodes`]), kramdown markup ([`crate::kramdown`]) and links
//!    ([`crate::links`]) each contribute edits. The children's table of contents is
//!    appended last.
//!
//! A page needs pass 2 only if it holds `{{`, `{:` or a link that is broken or needs
//! rewriting (found by a scan that does not parse): most pages of a large book cost a few
//! `memchr` searches. A page without front matter is only searched for shortcodes.

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::edit::{self, Edit, OffsetMap};
use crate::kramdown::{self, Callouts};
use crate::links::{self, LinkIndex};
use crate::liquid_tags::{self, Liquid, LiquidPage};
use crate::markdown::{self, CodeCursor};
use crate::nav::Nav;
use crate::pages::Page;
use crate::paths;
use crate::shortcodes::syntax;
use crate::shortcodes::{PageText, Shortcodes, SiteView};
use mdbook_core::utils::escape_html;
use rayon::prelude::*;
use serde_json::Value;
use std::ops::Range;

/// What every page's rewrite shares.
struct Stage<'a> {
    ctx: &'a Context,
    shortcodes: Shortcodes,
    liquid: Liquid,
    /// Built on first use: a book without front matter never needs it.
    links: std::sync::OnceLock<LinkIndex>,
    pages_for_links: &'a [Page],
    callouts: Callouts,
}

/// Rewrites every page's content in place.
pub fn transform_pages(pages: &mut [Page], nav: &Nav, ctx: &Context, diags: &mut Diagnostics) {
    let shortcodes = Shortcodes::new(ctx, diags);
    let contents: Vec<String> = pages
        .iter_mut()
        .map(|p| std::mem::take(&mut p.chapter.content))
        .collect();
    let site = SiteView::new(pages, nav);
    let stage = Stage {
        ctx,
        shortcodes,
        liquid: Liquid::new(ctx),
        links: std::sync::OnceLock::new(),
        pages_for_links: site.pages,
        callouts: Callouts::from_site(&ctx.site.data),
    };
    // Pages are independent: rewrite them on every core, each with its own findings, then
    // merge the findings in page order so the output does not depend on scheduling.
    let rewritten: Vec<(String, Diagnostics)> = contents
        .into_par_iter()
        .enumerate()
        .map(|(index, text)| {
            let mut found = Diagnostics::default();
            let text = stage.page(index, text, &site, &mut found);
            (text, found)
        })
        .collect();
    for (page, (text, found)) in pages.iter_mut().zip(rewritten) {
        page.chapter.content = text;
        diags.extend(found);
    }
}

impl Stage<'_> {
    /// Warns about each mdBook `{{#include file}}` of a whole file that opens with front
    /// matter or holds Liquid tags: mdBook's `links` preprocessor includes it after this
    /// one has run, so they would show as text (found by a red-team review: an included
    /// page's front matter reached the page, the print page and the search index). A
    /// file outside the book is not read.
    fn report_jekyll_includes(&self, page: &Page, text: &str, diags: &mut Diagnostics) {
        let Ok(root) = self.ctx.root.canonicalize() else {
            return;
        };
        let folder = self
            .ctx
            .src_dir
            .join(page.source.parent().unwrap_or(std::path::Path::new("")));
        // Not where the file is shown as text on purpose or hidden (found by a review):
        // code (a YAML file opening with `---` in a code block), Liquid's raw, comment
        // and highlight blocks, HTML comments; nor an escaped `\{{#include}}`.
        let mut shown_or_hidden: Option<Vec<Range<usize>>> = None;
        for at in memchr::memmem::find_iter(text.as_bytes(), b"{{") {
            if at > 0 && text.as_bytes()[at - 1] == b'\\' {
                continue;
            }
            let rest = text[at + 2..].trim_start();
            let Some(rest) = rest.strip_prefix("#include") else {
                continue;
            };
            if !rest.starts_with(char::is_whitespace) {
                continue;
            }
            let Some(end) = rest.find('}') else {
                continue;
            };
            let target = rest[..end].trim();
            // A range or an anchor (`file.md:5:`, `file.md:part`) may leave the front
            // matter out.
            if target.is_empty() || target.contains(':') || !rest[end..].starts_with("}}") {
                continue;
            }
            let skipped = shown_or_hidden.get_or_insert_with(|| {
                let layout = markdown::layout(text);
                let mut ranges = layout.code;
                ranges.extend(liquid_tags::verbatim_blocks(text));
                if text.contains("<!--") {
                    let extents = markdown::LazyExtents::new(text, layout.extents);
                    ranges.extend(extents.get().comments(text, &[]));
                }
                ranges
            });
            if skipped.iter().any(|r| r.contains(&at)) {
                continue;
            }
            let Ok(path) = folder.join(target).canonicalize() else {
                continue;
            };
            if !path.starts_with(&root) {
                continue;
            }
            let Ok(included) = paths::read_text_file(&path) else {
                continue;
            };
            let (problem, help) = if matches!(
                crate::frontmatter::find_block(&included),
                crate::frontmatter::Scan::Block(_)
            ) {
                (
                    "opens with front matter",
                    "include the lines after it (`{{#include file.md:5:}}`), or remove it from the file",
                )
            } else if included.contains("{%")
                || ["{{ page.", "{{ site.", "{{page.", "{{site."]
                    .iter()
                    .any(|output| included.contains(output))
            {
                (
                    "holds Liquid",
                    "render it as Jekyll does, with `{% include file %}` from `_includes/`",
                )
            } else {
                continue;
            };
            let line = page.first_body_line + text[..at].matches('\n').count();
            diags.push(
                Diagnostic::warning(
                    "included-jekyll",
                    format!(
                        "`{{{{#include {target}}}}}` includes a file that {problem}: mdBook includes it after mdbook-jekyll has run, so that shows as text"
                    ),
                )
                .at(&page.file, Some(line))
                .help(help),
            );
        }
    }

    fn links(&self) -> &LinkIndex {
        self.links.get_or_init(|| {
            let html = self.ctx.renderer == "html";
            LinkIndex::new(
                self.pages_for_links,
                self.ctx.baseurl(),
                &self.ctx.src_dir,
                html,
            )
        })
    }

    fn page(
        &self,
        index: usize,
        text: String,
        site: &SiteView<'_>,
        diags: &mut Diagnostics,
    ) -> String {
        let page = &site.pages[index];
        let jekyll = page.front_matter.is_some();
        if memchr::memmem::find(text.as_bytes(), b"#include").is_some() {
            self.report_jekyll_includes(page, &text, diags);
        }

        // Pass 1: Liquid.
        let mut raw: Vec<Range<usize>> = Vec::new();
        let mut map = OffsetMap::default();
        // The code ranges (and extents) of the text pass 2 sees, when pass 1 already knows
        // them.
        let mut known_layout = None;
        let original = text;
        let mut text = None;
        // Jekyll 4's `render_with_liquid: false` keeps a page's Liquid as written.
        let renders_liquid = page
            .front_matter
            .as_ref()
            .is_some_and(|f| f.data.get("render_with_liquid") != Some(&Value::Bool(false)));
        if renders_liquid && liquid_tags::may_hold_liquid(&original) {
            // `page.url` is the URL within the site, without `baseurl` (as in Jekyll).
            let url = self.links().urls[index].clone();
            let front_matter = page
                .front_matter
                .as_ref()
                .map(|f| f.data.clone())
                .unwrap_or_default();
            let liquid_page = LiquidPage {
                locator: markdown::Locator::new(&original),
                text: &original,
                file: &page.file,
                first_line: page.first_body_line,
                page: liquid_tags::page_object(&front_matter, &url, &page.source),
            };
            let link_url = |source: &str| self.links().url_of_source(source);
            let mut found = liquid_tags::liquid_edits(&liquid_page, &self.liquid, &link_url, diags);
            if found.edits.is_empty() {
                known_layout = Some(found.layout);
            } else {
                // What Liquid wrote may open or close code; otherwise the code ranges
                // just move with the edits.
                let writes_code = found.edits.iter().any(|e| {
                    let r = &e.replacement;
                    r.contains('`')
                        || r.contains('~')
                        || r.contains("<pre")
                        || r.contains("\n    ")
                        || r.contains("\n\t")
                });
                let (rewritten, offsets) = edit::apply_mapped(&original, &mut found.edits);
                raw = found
                    .raw
                    .iter()
                    .map(|r| offsets.to_new(r.start)..offsets.to_new(r.end))
                    .collect();
                // Not the extents: what Liquid wrote may be HTML or a list.
                if !writes_code {
                    known_layout = Some(markdown::Layout {
                        code: found
                            .layout
                            .code
                            .iter()
                            .map(|r| offsets.to_new(r.start)..offsets.to_new(r.end))
                            .collect(),
                        extents: None,
                    });
                }
                map = offsets;
                text = Some(rewritten);
            }
        }
        let current = text.as_deref().unwrap_or(&original);

        // Pass 2: Markdown.
        let rewrite_link = |url: &str| {
            let links = self.links();
            let resolved = links.resolve(index, url)?;
            resolved.target.as_ref()?;
            links.rewrite(index, url, &resolved, false)
        };
        let page_text = PageText {
            index,
            text: current,
            file: &page.file,
            first_line: page.first_body_line,
            original: &original,
            map: &map,
            rewrite_link: &rewrite_link,
            locator: markdown::Locator::new(&original),
        };
        let (mut edits, code) =
            self.markdown_edits(&page_text, &raw, known_layout, jekyll, site, diags);
        let toc = if jekyll && self.ctx.options.children_toc {
            self.children_toc(index, site)
        } else {
            None
        };
        if edits.is_empty() && toc.is_none() {
            return text.unwrap_or(original);
        }
        let has_fence = |text: &str| {
            let bytes = text.as_bytes();
            memchr::memmem::find(bytes, b"```").is_some()
                || memchr::memmem::find(bytes, b"~~~").is_some()
        };
        // A user template may write a fence; the built-in shortcodes never do.
        let edits_write_fence = edits.iter().any(|e| has_fence(&e.replacement));
        let mut out = edit::apply(current, &mut edits);
        if let Some(toc) = toc {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            // A code block left open at the end of the page would hold the table of
            // contents; under Jekyll it ends with the page, and the layout adds the table.
            // Found on the text as written, where the code ranges are known (or on the
            // rewritten text when an edit wrote a fence), then confirmed on the rewritten
            // text (a callout may have quoted the block).
            let fence = if edits_write_fence {
                markdown::unclosed_fence_at_end(&out, &markdown::code_ranges(&out))
            } else if has_fence(current) {
                let code = code.unwrap_or_else(|| markdown::code_ranges(current));
                markdown::unclosed_fence_at_end(current, &code)
            } else {
                None
            };
            if let Some(fence) = fence
                && markdown::added_block_would_be_code(&out)
            {
                out.push_str(&fence);
                out.push('\n');
            }
            out.push('\n');
            out.push_str(&markdown::mdbook_inert(&toc));
        }
        out
    }

    fn markdown_edits(
        &self,
        page: &PageText<'_>,
        raw: &[Range<usize>],
        known_layout: Option<markdown::Layout>,
        jekyll: bool,
        site: &SiteView<'_>,
        diags: &mut Diagnostics,
    ) -> (Vec<Edit>, Option<Vec<Range<usize>>>) {
        let text = page.text;
        let bytes = text.as_bytes();
        // Shortcode tags open with `{{#` and close with `{{/`.
        let has_tags = memchr::memmem::find_iter(bytes, b"{{")
            .any(|at| matches!(bytes.get(at + 2), Some(b'#' | b'/')));
        let has_attributes = jekyll && memchr::memmem::find(bytes, b"{:").is_some();
        let has_links = jekyll && links::needs_link_pass(self.links(), page.index, text);
        let has_block_ends = jekyll && kramdown::has_html_block_end(text);
        if !has_tags && !has_attributes && !has_links && !has_block_ends {
            return (Vec::new(), known_layout.map(|layout| layout.code));
        }
        // Code and raw regions are left alone.
        let layout = known_layout.unwrap_or_else(|| markdown::layout(text));
        let code = layout.code;
        // The kramdown passes share one parse, made already or on first need.
        let extents = markdown::LazyExtents::new(text, layout.extents);
        let mut protected = code.clone();
        protected.extend(raw.iter().cloned());
        protected.sort_by_key(|r| r.start);
        let mut edits = Vec::new();
        // Kramdown first: the lines it removes (what a `{::comment}` hides) hold nothing
        // for the other stages (found by a red-team review: a card at the start of such a
        // line was expanded, and the line's hidden text shown).
        let mut removed = Vec::new();
        let mut kramdown = Vec::new();
        if has_attributes {
            (kramdown, removed) = kramdown::kramdown_edits_and_hidden(
                text,
                &protected,
                &extents,
                &self.callouts,
                self.ctx.callout_style(),
            );
        }
        // The text of each shortcode tag, in page order: its arguments are values, not
        // links (`description="<img src='x.png'>"` comes out as text).
        let mut tag_ranges = Vec::new();
        if has_tags {
            // The ranges the tags are not read in: merged only when there is more than code.
            let mut around = std::borrow::Cow::Borrowed(protected.as_slice());
            if !removed.is_empty() {
                let merged = around.to_mut();
                merged.extend(removed.iter().cloned());
                merged.sort_by_key(|r| r.start);
            }
            let mut findings = Diagnostics::default();
            let mut tags = self.tags(page, &around, &mut findings);
            // A shortcode in an HTML comment is commented out (found by a red-team review:
            // one was expanded there, and a blank line's `<!-- -->` filler in what it wrote
            // ended the comment early). The comments are found around the tags, whose
            // quoted arguments are values, not HTML; the tags are then read again without
            // the comments, so that a malformed one in a comment is not reported.
            if (!tags.is_empty() || !findings.is_empty())
                && memchr::memmem::find(bytes, b"<!--").is_some()
            {
                let spans: Vec<Range<usize>> = tags.iter().map(|t| t.range().clone()).collect();
                let comments = extents.get().comments(text, &spans);
                if !comments.is_empty() {
                    let merged = around.to_mut();
                    merged.extend(comments);
                    merged.sort_by_key(|r| r.start);
                    findings = Diagnostics::default();
                    tags = self.tags(page, &around, &mut findings);
                }
            }
            diags.extend(findings);
            if !tags.is_empty() {
                tag_ranges = tags.iter().map(|tag| tag.range().clone()).collect();
                edits.extend(self.shortcodes.expand(page, tags, site, diags));
            }
        }
        if has_block_ends {
            // A break inside a callout (where kramdown puts `> ` at the next line's start)
            // is a line of the callout's quote, and goes before that `> `: a bare blank line
            // there ended the callout, and the text after fell out of it (found by a
            // review).
            for mut edit in kramdown::html_block_breaks(text, &protected, extents.get()) {
                let at = edit.range.start;
                let first = kramdown.partition_point(|e| e.range.start < at);
                if let Some(marker) = kramdown[first..]
                    .iter()
                    .take_while(|e| e.range == (at..at))
                    .find(|e| e.replacement.starts_with('>'))
                {
                    edit.replacement =
                        format!("{}{}", marker.replacement.trim_end(), edit.replacement);
                }
                edits.push(edit);
            }
        }
        edits.extend(kramdown);
        if has_links {
            let found = links::find_links(text);
            let skip = |offset: usize| {
                raw.iter().any(|r| r.contains(&offset))
                    || in_sorted(&tag_ranges, offset)
                    || in_sorted(&removed, offset)
            };
            let mut broken = Vec::new();
            edits.extend(links::link_edits(
                self.links(),
                page.index,
                &found,
                &skip,
                &mut broken,
            ));
            for link in broken {
                let (code, what) = if link.embed {
                    (
                        "missing-file",
                        format!(
                            "the file `{}` is not in the site",
                            crate::diagnostics::excerpt(&link.url)
                        ),
                    )
                } else {
                    (
                        "broken-link",
                        format!(
                            "the link `{}` leads to no page or file of the site",
                            crate::diagnostics::excerpt(&link.url)
                        ),
                    )
                };
                diags.push(page.warning(
                    link.range.start,
                    code,
                    format!("{what} (under Jekyll too); it is left as written"),
                ));
            }
        }
        (edits, Some(code))
    }

    /// The shortcode tags of a page, outside protected ranges.
    fn tags(
        &self,
        page: &PageText<'_>,
        protected: &[Range<usize>],
        diags: &mut Diagnostics,
    ) -> Vec<syntax::Tag> {
        let text = page.text;
        let bytes = text.as_bytes();
        let mut in_protected = CodeCursor::new(protected);
        let mut tags = Vec::new();
        let mut after_last = 0;
        let known = |name: &str| self.shortcodes.is_known(name);
        for at in memchr::memmem::find_iter(bytes, b"{{") {
            if at < after_last
                || (at > 0 && bytes[at - 1] == b'\\')
                || in_protected.containing(at).is_some()
            {
                continue;
            }
            match syntax::read_tag(text, at, &known) {
                None => {}
                Some(Ok(tag)) => {
                    after_last = tag.range().end;
                    tags.push(tag);
                }
                Some(Err(e)) => diags.push(page.error(e.offset, "shortcode-syntax", e.message)),
            }
        }
        tags
    }

    /// Just the Docs' "Table of contents" of a parent page's children (when the page has
    /// `has_children: true` and not `has_toc: false`, as its layout decides).
    fn children_toc(&self, index: usize, site: &SiteView<'_>) -> Option<String> {
        let data = &site.pages[index].front_matter.as_ref()?.data;
        if data.get("has_children") != Some(&Value::Bool(true))
            || data.get("has_toc") == Some(&Value::Bool(false))
        {
            return None;
        }
        let children = site.children(index);
        if children.is_empty() {
            return None;
        }
        let html = self.ctx.renderer == "html";
        let from = site.link_path(index, html);
        let entries = children.iter().map(|&child| {
            let href = paths::relative_url(&from, &site.link_path(child, html));
            let title = site.pages[child].chapter.name.as_str();
            let summary = site.pages[child]
                .front_matter
                .as_ref()
                .and_then(|f| f.data.get("summary"))
                .and_then(crate::nav::scalar_text);
            (href, title, summary)
        });
        let mut out = String::new();
        if html {
            let mut list =
                String::from("<hr>\n<h2 class=\"text-delta\">Table of contents</h2>\n<ul>\n");
            for (href, title, summary) in entries {
                list.push_str(&format!(
                    "<li><a href=\"{}\">{}</a>{}</li>\n",
                    mdbook_core::utils::escape_html_attribute(&href),
                    escape_html(title),
                    summary
                        .map(|s| format!(" - {}", escape_html(&s)))
                        .unwrap_or_default()
                ));
            }
            list.push_str("</ul>");
            // One HTML block: a blank line in a title or summary would end it.
            out.push_str(&crate::markdown::without_blank_lines(&list));
            out.push('\n');
        } else {
            out.push_str("---\n\n## Table of contents\n\n");
            let events = entries.collect::<Vec<_>>();
            let links: Vec<crate::shortcodes::render::Link<'_>> = events
                .iter()
                .map(|(href, title, _)| crate::shortcodes::render::Link {
                    title,
                    href: href.clone(),
                })
                .collect();
            out.push_str(&crate::shortcodes::render::best_practices_markdown(&links));
            out.push('\n');
        }
        Some(out)
    }
}

/// Whether `offset` lies in one of `ranges` (in order, not overlapping).
fn in_sorted(ranges: &[Range<usize>], offset: usize) -> bool {
    let after = ranges.partition_point(|r| r.start <= offset);
    after > 0 && ranges[after - 1].contains(&offset)
}

/// A finding about one page's text, placed by the offset in the text of pass 2.
impl PageText<'_> {
    pub fn place(&self, offset: usize, d: Diagnostic) -> Diagnostic {
        let original = self.map.to_old(offset);
        let (line, column) = self.locator.locate(original);
        d.at(self.file, Some(self.first_line + line - 1))
            .column(column)
    }
}
