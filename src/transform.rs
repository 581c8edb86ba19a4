//! The text stage: each page's content is scanned once, the stages that change text
//! contribute [`Edit`]s, and the page is rebuilt once.
//!
//! A page with nothing to do costs one `memchr` search: only a page holding `{{` is parsed
//! with pulldown-cmark (to know where code is, which nothing may change).

use crate::context::Context;
use crate::diagnostics::Diagnostics;
use crate::edit::{self, Edit};
use crate::markdown::{self, CodeCursor};
use crate::nav::Nav;
use crate::pages::Page;
use crate::shortcodes::syntax;
use crate::shortcodes::{PageText, Shortcodes, SiteView};

/// Rewrites every page's content in place.
pub fn transform_pages(pages: &mut [Page], nav: &Nav, ctx: &Context, diags: &mut Diagnostics) {
    let shortcodes = Shortcodes::new(ctx, diags);
    let contents: Vec<String> = pages
        .iter_mut()
        .map(|p| std::mem::take(&mut p.chapter.content))
        .collect();
    let site = SiteView::new(pages, nav);
    let rewritten: Vec<String> = contents
        .into_iter()
        .enumerate()
        .map(|(index, text)| {
            let page = &site.pages[index];
            let page_text = PageText {
                index,
                text: &text,
                file: &page.file,
                first_line: page.first_body_line,
            };
            match edits_for(&page_text, &shortcodes, &site, diags) {
                None => text,
                Some(mut edits) => edit::apply(&text, &mut edits),
            }
        })
        .collect();
    for (page, text) in pages.iter_mut().zip(rewritten) {
        page.chapter.content = text;
    }
}

/// The edits for one page, or `None` when nothing in it concerns this preprocessor.
fn edits_for(
    page: &PageText<'_>,
    shortcodes: &Shortcodes,
    site: &SiteView<'_>,
    diags: &mut Diagnostics,
) -> Option<Vec<Edit>> {
    let text = page.text;
    let bytes = text.as_bytes();
    let mut starts = memchr::memmem::find_iter(bytes, b"{{").peekable();
    starts.peek()?;
    let code = markdown::code_ranges(text);
    let mut in_code = CodeCursor::new(&code);
    let mut tags = Vec::new();
    let mut after_last = 0;
    let known = |name: &str| shortcodes.is_known(name);
    for at in starts {
        if at < after_last || (at > 0 && bytes[at - 1] == b'\\') || in_code.containing(at).is_some()
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
    if tags.is_empty() {
        return None;
    }
    Some(shortcodes.expand(page, tags, site, diags))
}
