//! The whole run, stage by stage, and the [`Jekyll`] type that mdBook's Rust API registers.
//!
//! ```text
//! book items -> pages (front matter read once) + pages found in src
//!            -> navigation (Just the Docs rules, diagnostics)
//!            -> book items (re-nested, numbered)
//! ```

use crate::assemble;
use crate::context::Context;
use crate::diagnostics::{Diagnostics, Severity};
use crate::discover;
use crate::nav::{self, Nav};
use crate::pages::{self, Page};
use crate::transform;
use anyhow::bail;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;

/// The preprocessor, for mdBook's Rust API:
/// `MDBook::load(dir)?.with_preprocessor(mdbook_jekyll::Jekyll)`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Jekyll;

impl Preprocessor for Jekyll {
    fn name(&self) -> &str {
        "jekyll"
    }

    fn run(&self, ctx: &PreprocessorContext, book: Book) -> anyhow::Result<Book> {
        let config = serde_json::to_value(&ctx.config)?;
        let items = run(
            ctx.root.clone(),
            &config,
            &ctx.renderer,
            Some(&ctx.mdbook_version),
            book.items,
        )?;
        Ok(Book::new_with_items(items))
    }

    fn supports_renderer(&self, _renderer: &str) -> anyhow::Result<bool> {
        Ok(true)
    }
}

/// What one pass over a book produced.
pub struct Processed {
    pub items: Vec<BookItem>,
    pub pages: Vec<Page>,
    pub nav: Nav,
    pub diagnostics: Diagnostics,
    pub context: Context,
}

/// Runs every stage on a book's items and returns the result with all diagnostics, failing
/// nothing: the callers decide (see [`run`] and the `check` command).
pub fn process(
    root: PathBuf,
    config: &Value,
    renderer: &str,
    mdbook_version: Option<&str>,
    items: Vec<BookItem>,
) -> Processed {
    let mut clock = Clock::start();
    let (ctx, mut diags) = Context::new(root, config, renderer, mdbook_version);
    let (chapters, skeleton) = pages::take_apart(items);
    // Front matter is read on every core while the walk of `src` for unlisted pages (which
    // waits on the file system more than it computes) runs beside it.
    let listed: HashSet<PathBuf> = if ctx.options.discover_pages {
        chapters.iter().map(|(_, s)| s.clone()).collect()
    } else {
        HashSet::new()
    };
    let mut walk_diags = Diagnostics::default();
    let (mut pages, found) = rayon::join(
        || pages::read_pages(chapters, true, &ctx, &mut diags),
        || {
            if ctx.options.discover_pages {
                let listed = listed.iter().map(PathBuf::as_path).collect();
                discover::discover(&ctx, &listed, &mut walk_diags)
            } else {
                Vec::new()
            }
        },
    );
    diags.extend(walk_diags);
    clock.lap("front matter, and the walk of src");
    if !found.is_empty() {
        let found: Vec<_> = found
            .into_iter()
            .map(|f| (pages::discovered_chapter(&f.source, f.content), f.source))
            .collect();
        for page in pages::read_pages(found, false, &ctx, &mut diags) {
            let unpublished = page
                .front_matter
                .as_ref()
                .is_some_and(|fm| fm.data.get("published") == Some(&Value::Bool(false)));
            if unpublished {
                tracing::debug!(target: crate::logging::TARGET, "{}: `published: false`, not built", page.file.display());
                continue;
            }
            pages.push(page);
        }
        clock.lap("pages found in src");
    }
    let views: Vec<nav::NavPage<'_>> = pages.iter().map(Page::nav_view).collect();
    let (nav, nav_diags) = nav::build(&views, ctx.nav_sort());
    drop(views);
    diags.extend(nav_diags);
    clock.lap("navigation");
    transform::transform_pages(&mut pages, &nav, &ctx, &mut diags);
    clock.lap("text");
    let extra_unlisted: Vec<usize> = (0..pages.len())
        .filter(|&p| !pages[p].listed && !pages[p].in_navigation())
        .collect();
    let items = assemble::assemble(&mut pages, skeleton, &nav, &extra_unlisted);
    diags.sort();
    clock.lap("assembly");
    tracing::debug!(target: crate::logging::TARGET, "{} pages, {} in the navigation", pages.len(), nav.walk_visible().len());
    Processed {
        items,
        pages,
        nav,
        diagnostics: diags,
        context: ctx,
    }
}

/// Stage timings, logged at debug level (`MDBOOK_LOG=mdbook-jekyll=debug`).
struct Clock(std::time::Instant);

impl Clock {
    fn start() -> Clock {
        Clock(std::time::Instant::now())
    }

    fn lap(&mut self, stage: &str) {
        let now = std::time::Instant::now();
        tracing::debug!(target: crate::logging::TARGET, "{stage}: {:.1} ms", (now - self.0).as_secs_f64() * 1000.0);
        self.0 = now;
    }
}

/// Runs the preprocessor as `mdbook build` does: logs the diagnostics, and fails when there
/// are errors (or, with `strict = true`, any diagnostic at all).
pub fn run(
    root: PathBuf,
    config: &Value,
    renderer: &str,
    mdbook_version: Option<&str>,
    items: Vec<BookItem>,
) -> anyhow::Result<Vec<BookItem>> {
    let processed = process(root, config, renderer, mdbook_version, items);
    let diags = &processed.diagnostics;
    diags.log(20);
    let errors = diags.count(Severity::Error);
    if errors > 0 {
        bail!(
            "{errors} error{} in the book (listed above); the build stops here",
            if errors == 1 { "" } else { "s" }
        );
    }
    if processed.context.options.strict && !diags.is_empty() {
        bail!(
            "{} problem{} found and `strict = true` is set in [preprocessor.jekyll]",
            diags.len(),
            if diags.len() == 1 { "" } else { "s" }
        );
    }
    Ok(processed.items)
}
