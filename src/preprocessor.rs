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
use crate::protocol::{self, Shape};
use crate::read_ahead::ReadAhead;
use crate::transform;
use anyhow::bail;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

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
    let (ctx, diags) = Context::new(root, config, renderer, mdbook_version);
    process_in(ctx, diags, items, None, ReadAhead::default())
}

/// [`process`] with the context already made and, when `walk` is given, `src` already
/// walked; `ahead` holds front matter parsed while the request was read.
fn process_in(
    ctx: Context,
    mut diags: Diagnostics,
    items: Vec<BookItem>,
    walk: Option<discover::Walk>,
    ahead: ReadAhead,
) -> Processed {
    let mut clock = Clock::start();
    let (chapters, skeleton) = pages::take_apart(items);
    // Front matter is read on every core while the pages `SUMMARY.md` does not list are
    // read beside it (after the walk of `src`, unless `run_request` has walked it already):
    // that side waits on the file system more than it computes.
    let listed: HashSet<PathBuf> = if ctx.options.discover_pages {
        chapters.iter().map(|(_, s)| s.clone()).collect()
    } else {
        HashSet::new()
    };
    let mut walk_diags = Diagnostics::default();
    let (mut pages, found) = rayon::join(
        || pages::read_pages(chapters, true, &ctx, &mut diags, ahead),
        || {
            if ctx.options.discover_pages {
                let listed = listed.iter().map(PathBuf::as_path).collect();
                let walk = walk.unwrap_or_else(|| discover::walk(&ctx));
                discover::read_unlisted(&ctx, walk, &listed, &mut walk_diags)
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
        for page in pages::read_pages(found, false, &ctx, &mut diags, ReadAhead::default()) {
            if page
                .front_matter
                .as_ref()
                .is_some_and(pages::FrontMatter::unpublished)
            {
                tracing::debug!(target: crate::logging::TARGET, "{}: `published: false`, not built", page.file.display());
                continue;
            }
            pages.push(page);
        }
        clock.lap("pages found in src");
    }
    // Pages that land in the same place are found on the other core.
    let mut shared_diags = Diagnostics::default();
    let ((nav, nav_diags), ()) = rayon::join(
        || {
            let views: Vec<nav::NavPage<'_>> = pages.iter().map(Page::nav_view).collect();
            nav::build(&views, ctx.nav_sort())
        },
        || {
            let html = ctx.renderer == "html";
            crate::links::report_shared_destinations(&pages, html, &mut shared_diags)
        },
    );
    diags.extend(nav_diags);
    diags.extend(shared_diags);
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
    finish(process(root, config, renderer, mdbook_version, items))
}

/// The binary's job: reads a request (the whole of standard input), runs every stage as
/// [`run`] does, and returns the book to send back and the shape to send it in.
pub fn run_request(input: impl AsRef<[u8]>) -> anyhow::Result<(Vec<BookItem>, Shape)> {
    let (processed, shape) = process_request(input)?;
    Ok((finish(processed)?, shape))
}

/// Reads a request and runs every stage as [`process`] does, failing only when the request
/// cannot be read.
///
/// Two jobs run on other cores while serde_json parses the book (most of the input): the
/// walk of `src` for unlisted pages, which needs only the request's context and starts as
/// soon as the context is read, and the front matter read ahead from the JSON text
/// ([`ReadAhead`]), which starts at once. The input is released once read.
pub fn process_request(input: impl AsRef<[u8]>) -> anyhow::Result<(Processed, Shape)> {
    let mut clock = Clock::start();
    let mut early = None;
    let mut ahead = ReadAhead::default();
    let stop = AtomicBool::new(false);
    let bytes = input.as_ref();
    let request = rayon::in_place_scope(|scope| {
        let (early, ahead, stop) = (&mut early, &mut ahead, &stop);
        // With one worker, the read ahead would hold it until the book is read, and the
        // walk of `src` would wait for it.
        if rayon::current_num_threads() > 1 {
            scope.spawn(move |_| *ahead = ReadAhead::scan(bytes, stop));
        }
        let request = protocol::read_request_with(bytes, |request| {
            let root = request.root.clone();
            let config = request.config.clone();
            let renderer = request.renderer.clone();
            let version = request.mdbook_version.clone();
            scope.spawn(move |_| {
                let (ctx, diags) = Context::new(root, &config, &renderer, version.as_deref());
                let walk = ctx.options.discover_pages.then(|| discover::walk(&ctx));
                *early = Some((ctx, diags, walk));
            });
        });
        // The book is read: the front matter stage, on every core, parses what the read
        // ahead has not reached (or, if the request was refused, nothing).
        stop.store(true, Ordering::Relaxed);
        request
    });
    drop(input);
    let request = request?;
    clock.lap(&format!(
        "the request, and {} front matters read ahead",
        ahead.len()
    ));
    let Some((ctx, diags, walk)) = early else {
        // The context is handed over before the book is read, so a request read whole
        // always has it.
        bail!("internal error: the request's context was not seen; please report this bug");
    };
    let processed = process_in(ctx, diags, request.items, walk, ahead);
    Ok((processed, request.shape))
}

/// Logs the diagnostics of a run and fails when there are errors (or, with `strict = true`,
/// any diagnostic at all).
fn finish(processed: Processed) -> anyhow::Result<Vec<BookItem>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook_preprocessor::book::Chapter;
    use serde_json::json;

    /// A book with one listed page and, in `src`, one page it does not list and one file
    /// that is not a page.
    fn book() -> (tempfile::TempDir, Value, Vec<BookItem>) {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("deep")).unwrap();
        let home = "---\ntitle: Home\nnav_order: 1\n---\n# Home\n";
        std::fs::write(src.join("index.md"), home).unwrap();
        let unlisted = "---\ntitle: Unlisted\nparent: Home\n---\nBody\n";
        std::fs::write(src.join("deep/unlisted.md"), unlisted).unwrap();
        std::fs::write(src.join("notes.md"), "no front matter\n").unwrap();
        let config = json!({"book": {"src": "src"}, "preprocessor": {"jekyll": {}}});
        let items = vec![BookItem::Chapter(Chapter::new(
            "Home",
            home.into(),
            "index.md",
            vec![],
        ))];
        (dir, config, items)
    }

    fn request(
        root: &std::path::Path,
        config: &Value,
        items: &[BookItem],
        version: &str,
    ) -> Vec<u8> {
        serde_json::to_vec(&json!([
            {"root": root, "config": config, "renderer": "html", "mdbook_version": version},
            {"items": items}
        ]))
        .unwrap()
    }

    #[test]
    fn run_request_walks_src_early_and_gives_what_run_gives() {
        let (dir, config, items) = book();
        let input = request(dir.path(), &config, &items, "0.5.4");
        let (from_request, shape) = run_request(input).unwrap();
        assert_eq!(shape, Shape::Items);
        let from_run = run(
            dir.path().to_path_buf(),
            &config,
            "html",
            Some("0.5.4"),
            items,
        )
        .unwrap();
        assert_eq!(from_request, from_run);
        let found = serde_json::to_string(&from_request).unwrap();
        assert!(found.contains("deep/unlisted.md"), "{found}");
        assert!(!found.contains("notes.md"), "{found}");
    }

    #[test]
    fn run_request_refuses_bad_input_with_the_reason() {
        let (dir, config, items) = book();
        let err = run_request(request(dir.path(), &config, &items, "0.9.0")).unwrap_err();
        assert!(err.to_string().contains("0.9.0"), "{err}");
        let mut truncated = request(dir.path(), &config, &items, "0.5.4");
        truncated.truncate(truncated.len() - 10);
        let err = run_request(truncated).unwrap_err();
        assert!(err.to_string().contains("cannot read the book"), "{err}");
    }
}
