//! The pages of a book, each with its front matter read once.
//!
//! [`collect`] takes the chapters mdBook loaded from `SUMMARY.md` apart into a flat list of
//! [`Page`]s and a [`Slot`] skeleton that remembers where `SUMMARY.md` put everything (so
//! chapters without front matter, part titles and separators can keep their place). Pages
//! found on disk by [`crate::discover`] join the same list through [`read_page`].

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter::{self, FrontMatterMap, Scan};
use crate::nav::{NavFields, NavPage};
use crate::options::InvalidFrontMatter;
use crate::read_ahead::ReadAhead;
use mdbook_preprocessor::book::{BookItem, Chapter};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// A page's parsed front matter and the text it came from.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub data: FrontMatterMap,
    /// The YAML text, for the line of a key in diagnostics.
    pub yaml: String,
}

impl FrontMatter {
    /// `published: false`: a page found in `src` with it is not built, as in Jekyll.
    pub fn unpublished(&self) -> bool {
        self.data.get("published") == Some(&serde_json::Value::Bool(false))
    }
}

/// One page of the book.
#[derive(Debug, Clone)]
pub struct Page {
    /// The chapter as it will be rendered: `content` without the front matter, `name` from
    /// `title`. `sub_items` is empty here; the book is re-nested by [`crate::assemble`].
    pub chapter: Chapter,
    /// The source file relative to the book root (`src/docs/page.md`), as messages name it.
    pub file: PathBuf,
    /// The source file relative to the book's `src` directory (`docs/page.md`).
    pub source: PathBuf,
    /// Listed in `SUMMARY.md` (as opposed to found on disk).
    pub listed: bool,
    pub front_matter: Option<FrontMatter>,
    pub nav: NavFields,
    /// The file line on which `chapter.content` starts (after the front matter).
    pub first_body_line: usize,
}

impl Page {
    /// Placed by the navigation (it has a `title`), rather than by `SUMMARY.md`.
    pub fn in_navigation(&self) -> bool {
        self.nav.title.is_some()
    }

    pub fn nav_view(&self) -> NavPage<'_> {
        NavPage {
            file: &self.file,
            yaml: self.front_matter.as_ref().map_or("", |f| f.yaml.as_str()),
            fields: &self.nav,
        }
    }
}

/// Where `SUMMARY.md` put an item.
#[derive(Debug, Clone)]
pub enum Slot {
    Page {
        page: usize,
        children: Vec<Slot>,
    },
    /// A draft chapter (`- [Name]()`), kept as mdBook gave it.
    Draft {
        chapter: Chapter,
        children: Vec<Slot>,
    },
    Separator,
    PartTitle(String),
}

/// The pages of a book and the `SUMMARY.md` skeleton that refers to them.
#[derive(Debug, Default)]
pub struct Collected {
    pub pages: Vec<Page>,
    pub skeleton: Vec<Slot>,
}

/// Splits the book mdBook gave into pages (reading each chapter's front matter) and the
/// skeleton of `SUMMARY.md`.
pub fn collect(items: Vec<BookItem>, ctx: &Context, diags: &mut Diagnostics) -> Collected {
    let (chapters, skeleton) = take_apart(items);
    let pages = read_pages(chapters, true, ctx, diags, ReadAhead::default());
    Collected { pages, skeleton }
}

/// The chapters of a book (each with its source path relative to `src`), in order, and
/// the `SUMMARY.md` skeleton that refers to them by index; no front matter read yet.
pub fn take_apart(items: Vec<BookItem>) -> (Vec<(Chapter, PathBuf)>, Vec<Slot>) {
    let mut chapters = Vec::new();
    let skeleton = slots(items, &mut chapters);
    (chapters, skeleton)
}

/// Reads the front matter of many chapters at once (on every core), taking the parses that
/// `ahead` made; the findings come in the chapters' order.
pub fn read_pages(
    chapters: Vec<(Chapter, PathBuf)>,
    listed: bool,
    ctx: &Context,
    diags: &mut Diagnostics,
    ahead: ReadAhead,
) -> Vec<Page> {
    // Each chapter takes its parse, if one was made ahead, on the core that reads it.
    let ahead = (!ahead.is_empty()).then(|| Mutex::new(ahead));
    let read: Vec<(Page, Diagnostics)> = chapters
        .into_par_iter()
        .map(|(chapter, source)| {
            let mut found = Diagnostics::default();
            let page = read_page(chapter, source, listed, ahead.as_ref(), ctx, &mut found);
            (page, found)
        })
        .collect();
    read.into_iter()
        .map(|(page, found)| {
            diags.extend(found);
            page
        })
        .collect()
}

/// Takes the book apart: chapters (with their source path) in order, and the skeleton
/// that refers to them by index.
fn slots(items: Vec<BookItem>, chapters: &mut Vec<(Chapter, PathBuf)>) -> Vec<Slot> {
    items
        .into_iter()
        .map(|item| match item {
            BookItem::Separator => Slot::Separator,
            BookItem::PartTitle(title) => Slot::PartTitle(title),
            BookItem::Chapter(mut chapter) => {
                let children = slots(std::mem::take(&mut chapter.sub_items), chapters);
                match chapter.path.clone() {
                    None => Slot::Draft { chapter, children },
                    Some(path) => {
                        let source = chapter.source_path.clone().unwrap_or(path);
                        chapters.push((chapter, source));
                        Slot::Page {
                            page: chapters.len() - 1,
                            children,
                        }
                    }
                }
            }
        })
        .collect()
}

/// Reads a chapter's front matter: parses it (unless `ahead` holds the parse of its YAML), removes it from the content, and takes the chapter name from `title`.
/// A chapter without front matter is left byte for byte.
pub fn read_page(
    mut chapter: Chapter,
    source: PathBuf,
    listed: bool,
    ahead: Option<&Mutex<ReadAhead>>,
    ctx: &Context,
    diags: &mut Diagnostics,
) -> Page {
    let file = ctx.display_path(&source);
    let mut front_matter = None;
    let mut first_body_line = 1;
    match frontmatter::find_block(&chapter.content) {
        Scan::None => {}
        Scan::Unterminated => diags.push(
            Diagnostic::warning(
                "unterminated-front-matter",
                "the page starts with `---` but no closing `---` line follows, so it has no \
                 front matter and its text is kept as it is",
            )
            .at(&file, Some(1))
            .help(
                "close the front matter with a `---` line, or start the page with something else",
            ),
        ),
        Scan::Block(block) => {
            let parsed = ahead.and_then(|ahead| {
                let mut ahead = ahead.lock().unwrap_or_else(PoisonError::into_inner);
                ahead.take_yaml(block.yaml)
            });
            match parsed.unwrap_or_else(|| frontmatter::parse_yaml(block.yaml, 2)) {
                Ok(data) => {
                    front_matter = Some(FrontMatter {
                        data,
                        yaml: block.yaml.to_string(),
                    });
                    first_body_line = block.lines + 1;
                    let body_start = block.body_start;
                    chapter.content.drain(..body_start);
                }
                Err(e) => {
                    let (severity, consequence) = match ctx.options.invalid_front_matter {
                        InvalidFrontMatter::Error => (crate::diagnostics::Severity::Error, ""),
                        InvalidFrontMatter::Warn => (
                            crate::diagnostics::Severity::Warning,
                            "; the page keeps it as text and has no front matter",
                        ),
                    };
                    let help = match ctx.options.invalid_front_matter {
                        InvalidFrontMatter::Error => {
                            "fix the YAML, or set `invalid-front-matter = \"warn\"` in \
                             [preprocessor.jekyll] to build anyway"
                        }
                        InvalidFrontMatter::Warn => "fix the YAML",
                    };
                    diags.push(
                        Diagnostic::new(
                            severity,
                            "invalid-front-matter",
                            format!("invalid YAML in front matter: {}{consequence}", e.message),
                        )
                        .at(&file, Some(e.line))
                        .column(e.column)
                        .help(help),
                    );
                }
            }
        }
    }
    // A page found in `src` with `published: false` is not built, so nothing links to it.
    let unpublished = !listed && front_matter.as_ref().is_some_and(FrontMatter::unpublished);
    if !unpublished && let Some(scheme) = scheme_like(chapter.path.as_deref().unwrap_or(&source)) {
        diags.push(
            Diagnostic::warning(
                "scheme-like-path",
                format!(
                    "the page's path begins with `{scheme}:`, which a browser reads as a URL \
                     scheme: mdBook's sidebar and its previous and next buttons link the page \
                     as it is named, so that link is a `{scheme}:` URL"
                ),
            )
            .at(&file, None)
            .help(
                "rename the file (or its first folder) without `:`; links this preprocessor \
                 writes to it are safe (they start with `./`)",
            ),
        );
    }
    let nav = match &front_matter {
        Some(fm) => NavFields::read(&fm.data, &fm.yaml, &file, diags),
        None => NavFields::default(),
    };
    if let Some(title) = &nav.title {
        chapter.name = title.text.clone();
    }
    Page {
        chapter,
        file,
        source,
        listed,
        front_matter,
        nav,
        first_body_line,
    }
}

/// What a browser would read as the URL scheme of a link written as `path` relative to
/// the book's root (`javascript` for `javascript:alert(1).md`): the text before a `:` in
/// the first segment, when it is a scheme's name. A browser reads the link without tabs
/// and line breaks and without the spaces and control characters it begins with.
fn scheme_like(path: &Path) -> Option<String> {
    let first = path
        .components()
        .find(|c| !matches!(c, std::path::Component::CurDir))?
        .as_os_str()
        .to_str()?;
    // mdBook writes the path into its sidebar's HTML as it is: `&#58;` is a `:` there.
    let read: String = decoded_references(first)
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = read
        .trim_start_matches(|c: char| c <= ' ')
        .split_once(':')?;
    let mut letters = scheme.chars();
    (letters.next()?.is_ascii_alphabetic()
        && letters.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_string())
}

/// `text` with its HTML character references decoded, as a browser reads an attribute
/// value: numeric ones also without their `;`, named ones (`&colon;`) with it.
fn decoded_references(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let after = &rest[1..];
        if let Some(number) = after.strip_prefix('#') {
            let (digits, radix, marker) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16, 2),
                None => (number, 10, 1),
            };
            let len = digits
                .find(|c: char| !c.is_digit(radix))
                .unwrap_or(digits.len());
            if len > 0 {
                let value = u32::from_str_radix(&digits[..len], radix).ok();
                out.push(value.and_then(char::from_u32).unwrap_or('\u{fffd}'));
                let end = 1 + marker + len + usize::from(digits[len..].starts_with(';'));
                rest = &rest[end..];
                continue;
            }
        } else if let Some(end) = after.find(';')
            && end > 0
            && after[..end].bytes().all(|b| b.is_ascii_alphanumeric())
        {
            out.push_str(&html_escape::decode_html_entities(&rest[..end + 2]));
            rest = &rest[end + 2..];
            continue;
        }
        out.push('&');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out.into()
}

/// A chapter for a page found on disk, before its front matter is read. A `README.md` is
/// written as `index.md`, as mdBook's `index` preprocessor does for the chapters it sees
/// (it may have run before this preprocessor added the page).
pub fn discovered_chapter(source: &Path, content: String) -> Chapter {
    let name = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut chapter = Chapter::new(&name, content, source, Vec::new());
    if crate::paths::is_readme(source) {
        chapter.path = Some(source.with_file_name("index.md"));
    }
    chapter
}

#[cfg(test)]
mod tests {
    use super::scheme_like;
    use std::path::Path;

    #[test]
    fn a_first_segment_read_as_a_url_scheme_is_found() {
        let scheme = |path: &str| scheme_like(Path::new(path));
        assert_eq!(
            scheme("javascript:alert(1).md").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            scheme("JavaScript:x/page.md").as_deref(),
            Some("JavaScript")
        );
        // A browser drops tabs and line breaks, and leading spaces and controls.
        assert_eq!(scheme("java\tscript:x.md").as_deref(), Some("javascript"));
        assert_eq!(scheme(" \u{1}data:x.md").as_deref(), Some("data"));
        assert_eq!(scheme("notes:2024.md").as_deref(), Some("notes"));
        // mdBook writes the name into HTML unescaped: character references are read.
        assert_eq!(scheme("javascript&#58;x.md").as_deref(), Some("javascript"));
        assert_eq!(
            scheme("javascript&#x3A x.md").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            scheme("javascript&colon;x.md").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            scheme("&#106;ava&Tab;script&#0058;x.md").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("./javascript:x.md").as_deref(), Some("javascript"));
        assert_eq!(scheme("Q&A.md"), None);
        assert_eq!(scheme("Q&amp;A: notes.md"), None);
        assert_eq!(scheme("a&#99999999999;b:x.md"), None);
        // Not a scheme: a later segment, a name no scheme can have, no colon.
        assert_eq!(scheme("sub/javascript:x.md"), None);
        assert_eq!(scheme("1st:x.md"), None);
        assert_eq!(scheme("a b:x.md"), None);
        assert_eq!(scheme(":x.md"), None);
        assert_eq!(scheme("page.md"), None);
    }
}
