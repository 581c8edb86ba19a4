//! Finding the pages `SUMMARY.md` does not list.
//!
//! A Jekyll site has no table of contents: every Markdown file with front matter is a page.
//! This module walks the book's `src` directory as Jekyll walks a site, skipping what Jekyll
//! skips: names starting with `_`, `.`, `#` or ending with `~` (unless `include:` lists
//! them), `node_modules/`, `vendor/`, Jekyll's default excludes and the site's `exclude:`
//! list. Files without front matter are not pages (Jekyll copies them as they are).

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Diagnostics};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// File extensions Jekyll renders as Markdown (`markdown_ext`).
const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mkdown", "mkdn", "mkd"];

/// Jekyll 4's default `exclude:` entries, plus the folders the issue tracker of every
/// Jekyll site learns to skip.
const DEFAULT_EXCLUDES: &[&str] = &[
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor",
];

/// A page file found on disk: its path relative to `src` and its text (which starts with a
/// front matter line).
#[derive(Debug)]
pub struct Found {
    pub source: PathBuf,
    pub content: String,
}

/// The Markdown files of `src` that Jekyll would look at, in the order of the walk (and
/// what could not be read on the way). Their contents are read later, once the listed
/// chapters are known ([`read_unlisted`]), so the walk can start before the book is read.
#[derive(Debug, Default)]
pub struct Walk {
    /// Paths relative to `src`; `SUMMARY.md` is left out.
    files: Vec<PathBuf>,
    /// Symbolic links out of `src` (relative path, where they lead): Markdown files, and
    /// folders, which are not walked. Reported once the listed pages are known: a page
    /// SUMMARY.md lists is mdBook's to read, and other files are copied as they are.
    outside: Vec<(PathBuf, PathBuf, bool)>,
    diagnostics: Diagnostics,
}

/// Walks `src` as Jekyll walks a site.
pub fn walk(ctx: &Context) -> Walk {
    let filter = Filter::new(ctx);
    let mut walk = Walk::default();
    if !ctx.src_dir.is_dir() {
        return walk;
    }
    // Symbolic links are followed inside `src` only, as Jekyll's safe mode (GitHub Pages)
    // does: a link out of it would publish whatever it leads to.
    let real_src = ctx.src_dir.canonicalize().ok();
    let mut walker = walkdir::WalkDir::new(&ctx.src_dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            let Ok(relative) = entry.path().strip_prefix(&ctx.src_dir) else {
                return true;
            };
            relative.as_os_str().is_empty() || filter.keeps(relative, entry.file_type().is_dir())
        });
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .and_then(|p| p.strip_prefix(&ctx.src_dir).ok())
                    .map(|p| ctx.display_path(p));
                let what = if e.loop_ancestor().is_some() {
                    "symbolic link loop; the folder is skipped".to_string()
                } else {
                    let why = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    format!(
                        "cannot read: {}; it is skipped",
                        crate::paths::without_os_code(&why)
                    )
                };
                let mut d = Diagnostic::warning("unreadable-file", what);
                if let Some(path) = path {
                    d = d.at(path, None);
                }
                walk.diagnostics.push(d);
                continue;
            }
        };
        let Ok(relative) = entry.path().strip_prefix(&ctx.src_dir) else {
            continue;
        };
        if entry.path_is_symlink()
            && let Some(real_src) = &real_src
            && let Ok(real) = entry.path().canonicalize()
            && !real.starts_with(real_src)
        {
            let folder = entry.file_type().is_dir();
            if folder {
                walker.skip_current_dir();
            }
            if folder || is_markdown(relative) {
                walk.outside.push((relative.to_path_buf(), real, folder));
            }
            continue;
        }
        if !entry.file_type().is_file() {
            if !entry.file_type().is_dir() && is_markdown(relative) {
                // A pipe, socket or device named like a page: reading it could wait forever.
                walk.diagnostics.push(
                    Diagnostic::warning(
                        "unreadable-file",
                        "not a regular file (a pipe, a socket or a device); it is skipped",
                    )
                    .at(ctx.display_path(relative), None)
                    .help("replace it with a Markdown file, or remove it"),
                );
            }
            continue;
        }
        if is_markdown(relative) && relative != Path::new("SUMMARY.md") {
            if relative.to_str().is_none() {
                // mdBook's chapter paths are text: the book could not be handed back.
                walk.diagnostics.push(
                    Diagnostic::warning(
                        "unreadable-file",
                        "the file's name is not valid UTF-8, which mdBook cannot take as a \
                         chapter path; it is skipped",
                    )
                    .at(ctx.display_path(relative), None)
                    .help("rename the file (and its folders) with UTF-8 names"),
                );
                continue;
            }
            walk.files.push(relative.to_path_buf());
        }
    }
    walk
}

/// The pages `SUMMARY.md` does not list: every walked Markdown file outside `listed` that
/// opens with a complete front matter block, sorted by path. Unreadable files, files that
/// are not UTF-8 and symlink loops are reported and skipped.
pub fn read_unlisted(
    ctx: &Context,
    walk: Walk,
    listed: &HashSet<&Path>,
    diags: &mut Diagnostics,
) -> Vec<Found> {
    diags.extend(walk.diagnostics);
    for (relative, real, folder) in walk.outside {
        let shown = ctx.display_path(&relative);
        if !folder && !listed.contains(relative.as_path()) {
            diags.push(
                Diagnostic::warning(
                    "outside-src",
                    format!(
                        "a page linked from outside `src` (to {}); it is not built, as Jekyll's \
                         safe mode (GitHub Pages) skips it",
                        real.display()
                    ),
                )
                .at(shown, None)
                .help("move the page into `src`, or list it in SUMMARY.md"),
            );
        } else if folder && !listed.iter().any(|page| page.starts_with(&relative)) {
            diags.push(
                Diagnostic::note(
                    "outside-src",
                    format!(
                        "a folder linked from outside `src` (to {}): pages in it are not looked \
                         for, as Jekyll's safe mode (GitHub Pages) skips it; its files are copied",
                        real.display()
                    ),
                )
                .at(shown, None)
                .help("move its pages into `src`, or list them in SUMMARY.md"),
            );
        }
    }
    let mut found = Vec::new();
    for relative in walk.files {
        if listed.contains(relative.as_path()) {
            continue;
        }
        match read_front_matter_file(&ctx.src_dir.join(&relative)) {
            Ok(Candidate::Page(content)) => found.push(Found {
                source: relative,
                content,
            }),
            Ok(Candidate::NoFrontMatter) => {}
            Ok(Candidate::Unterminated) => diags.push(
                Diagnostic::warning(
                    "unterminated-front-matter",
                    "the file starts with `---` but no closing `---` line follows, so it has \
                     no front matter and is not a page (Jekyll copies it unrendered); it is \
                     not built",
                )
                .at(ctx.display_path(&relative), Some(1))
                .help("close the front matter with a `---` line, or list the file in SUMMARY.md"),
            ),
            Err(problem) => diags.push(
                Diagnostic::warning("unreadable-file", format!("{problem}; the file is skipped"))
                    .at(ctx.display_path(&relative), None),
            ),
        }
    }
    // The walk's order depends on the file system: sort for repeatable output.
    found.sort_by(|a, b| a.source.cmp(&b.source));
    found
}

/// What a file found in `src` is: a page only with a complete front matter block, as in
/// Jekyll.
enum Candidate {
    Page(String),
    NoFrontMatter,
    /// Starts with a `---` line that nothing closes.
    Unterminated,
}

fn read_front_matter_file(path: &Path) -> Result<Candidate, String> {
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "cannot read: {}",
            crate::paths::without_os_code(&e.to_string())
        )
    })?;
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    if !body.starts_with(b"---") {
        return Ok(Candidate::NoFrontMatter);
    }
    match String::from_utf8(body.to_vec()) {
        Ok(text) => Ok(match crate::frontmatter::find_block(&text) {
            crate::frontmatter::Scan::Block(_) => Candidate::Page(text),
            crate::frontmatter::Scan::None => Candidate::NoFrontMatter,
            crate::frontmatter::Scan::Unterminated => Candidate::Unterminated,
        }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = body[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(format!("not valid UTF-8 (line {line}, byte {at})"))
        }
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        // In any case, as Jekyll reads them (`page.MD` is a page there).
        .is_some_and(|e| {
            MARKDOWN_EXTENSIONS
                .iter()
                .any(|m| m.eq_ignore_ascii_case(e))
        })
}

/// Jekyll's entry filter.
struct Filter {
    exclude: Patterns,
    include: Patterns,
}

impl Filter {
    fn new(ctx: &Context) -> Filter {
        let mut exclude: Vec<String> = DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect();
        exclude.extend(ctx.site.list("exclude"));
        Filter {
            exclude: Patterns::new(exclude),
            include: Patterns::new(ctx.site.list("include")),
        }
    }

    fn keeps(&self, relative: &Path, is_dir: bool) -> bool {
        let name = relative
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let special = name.starts_with(['.', '_', '#']) || name.ends_with('~');
        if self.include.matches(relative, is_dir) {
            return true;
        }
        !special && !self.exclude.matches(relative, is_dir)
    }
}

/// `exclude:` / `include:` entries as Jekyll matches them: a glob (`*` crosses `/`), or a
/// prefix of the path.
struct Patterns {
    prefixes: Vec<String>,
    globs: GlobSet,
}

impl Patterns {
    fn new(entries: Vec<String>) -> Patterns {
        let mut builder = GlobSetBuilder::new();
        let mut prefixes = Vec::new();
        for entry in entries {
            let entry = entry
                .trim_start_matches("./")
                .trim_start_matches('/')
                .to_string();
            if entry.contains(['*', '?', '[', '{']) {
                if let Ok(glob) = Glob::new(&entry) {
                    builder.add(glob);
                }
            } else if !entry.is_empty() {
                prefixes.push(entry);
            }
        }
        Patterns {
            prefixes,
            globs: builder.build().unwrap_or_else(|_| GlobSet::empty()),
        }
    }

    fn matches(&self, relative: &Path, is_dir: bool) -> bool {
        let text = crate::paths::slashed(relative);
        self.globs.is_match(&text)
            || self.prefixes.iter().any(|prefix| {
                text.starts_with(prefix.as_str())
                    || (is_dir && prefix.trim_end_matches('/') == text)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(entries: &[&str]) -> Patterns {
        Patterns::new(entries.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn prefixes_and_globs_match_as_in_jekyll() {
        let p = patterns(&["drafts/", "notes", "*.tmp.md", "/private"]);
        assert!(p.matches(Path::new("drafts"), true));
        assert!(p.matches(Path::new("drafts/a.md"), false));
        assert!(
            p.matches(Path::new("notes-old/a.md"), false),
            "Jekyll's prefix test"
        );
        assert!(
            p.matches(Path::new("deep/x.tmp.md"), false),
            "`*` crosses folders"
        );
        assert!(p.matches(Path::new("private/a.md"), false));
        assert!(!p.matches(Path::new("docs/a.md"), false));
    }
}
