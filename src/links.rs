//! Links written against Jekyll URLs, made to work in the mdBook output.
//!
//! A Jekyll page lives at a URL (`/docs/a.html`, `/docs/` for an index, or its
//! `permalink:`), and a relative link in it is resolved against that URL, not against the
//! file. mdBook writes each page next to its source (`docs/a.md` -> `docs/a.html`). This
//! module knows every page's Jekyll URL, resolves each local link as Jekyll would
//! (absolute site paths, `baseurl` prefixes, permalinks, `.md` and extensionless targets),
//! and rewrites it to the path relative to the page in the mdBook output. A link that
//! resolves to no page and no file is reported with file and line and left as written.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::edit::Edit;
use crate::pages::Page;
use crate::paths;
use pulldown_cmark::{Event, LinkType, Parser, Tag};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The Jekyll URL of a page: its `permalink`, else `/path/to/page.html`, or `/path/to/`
/// for an `index` page.
pub fn jekyll_url(source: &Path, front_matter: Option<&serde_json::Map<String, Value>>) -> String {
    let source_text = crate::paths::slashed(source);
    let stem_path = stem_path(&source_text);
    if let Some(permalink) = front_matter
        .and_then(|fm| fm.get("permalink"))
        .and_then(Value::as_str)
    {
        let basename = stem_path.rsplit('/').next().unwrap_or(stem_path);
        let filled = permalink
            .replace(":path", stem_path)
            .replace(":basename", basename)
            .replace(":output_ext", ".html");
        return if filled.starts_with('/') {
            filled
        } else {
            format!("/{filled}")
        };
    }
    if stem_path == "index" {
        return "/".to_string();
    }
    if let Some(dir) = stem_path.strip_suffix("/index") {
        return format!("/{dir}/");
    }
    format!("/{stem_path}.html")
}

/// Reports pages that land in the same place, where one hides the other:
///
/// * two chapters written to one HTML file (`x.md` and `x.markdown` both become
///   `x.html`; `README.md` and `index.md` both `index.html`): the book shows only one of
///   them, so this is an error;
/// * two pages with one Jekyll URL (a `permalink` equal to another page's URL), which
///   Jekyll reports as a conflict: links written to that URL can reach only one of them.
///
/// Without allocating per page: output files are compared by folder and name, and URLs
/// only for the pages that have a permalink.
pub fn report_shared_destinations(pages: &[Page], html: bool, diags: &mut Diagnostics) {
    let mut outputs: HashMap<(&Path, &std::ffi::OsStr), usize> =
        HashMap::with_capacity(pages.len());
    // Other renderers write each chapter under its own path.
    for (i, page) in pages.iter().enumerate().filter(|_| html) {
        let Some(path) = page.chapter.path.as_deref() else {
            continue;
        };
        let Some(key) = paths::output_key(path) else {
            continue;
        };
        match outputs.get(&key) {
            // One file listed twice is the same text either way.
            Some(&first) if pages[first].source != page.source => diags.push(
                Diagnostic::error(
                    "shared-output",
                    format!(
                        "this page and {} are both written to `{}`, so the built book shows only one of them",
                        pages[first].file.display(),
                        paths::slashed(&paths::output_path(path))
                    ),
                )
                .at(&page.file, None)
                .help("rename one of the two files"),
            ),
            Some(_) => {}
            None => {
                outputs.insert(key, i);
            }
        }
    }
    let permalinked: Vec<usize> = (0..pages.len())
        .filter(|&i| permalink_of(&pages[i]).is_some())
        .collect();
    if permalinked.is_empty() {
        return;
    }
    // The pages' own URLs (`/a/b.html`, `/a/` for `a/index.md`), by the source path
    // without its extension, which is all they depend on.
    let mut by_stem: HashMap<&str, usize> = HashMap::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        if permalink_of(page).is_none()
            && let Some(stem) = page.source.to_str().map(stem_path)
        {
            by_stem.entry(stem).or_insert(i);
        }
    }
    let mut by_permalink: HashMap<String, usize> = HashMap::new();
    for i in permalinked {
        let page = &pages[i];
        let url = jekyll_url(&page.source, page.front_matter.as_ref().map(|f| &f.data));
        let owner = by_permalink.get(&url).copied().or_else(|| {
            let stem = if url == "/" {
                Some("index".to_string())
            } else if let Some(dir) = url.strip_suffix('/') {
                Some(format!("{}/index", dir.trim_start_matches('/')))
            } else {
                url.strip_suffix(".html")
                    .map(|s| s.trim_start_matches('/').to_string())
            };
            stem.and_then(|stem| by_stem.get(stem.as_str()).copied())
        });
        match owner {
            Some(other) if pages[other].source != page.source => {
                let line = page
                    .front_matter
                    .as_ref()
                    .map(|f| crate::frontmatter::key_line(&f.yaml, "permalink"));
                diags.push(
                    Diagnostic::warning(
                        "shared-url",
                        format!(
                            "this page's URL `{url}` is also the URL of {}, a conflict Jekyll \
                             reports too; links written to `{url}` lead to one of them only",
                            pages[other].file.display()
                        ),
                    )
                    .at(&page.file, line)
                    .help("give one of the two pages another `permalink`"),
                );
            }
            _ => {
                by_permalink.entry(url).or_insert(i);
            }
        }
    }
}

/// A source path without its extension, as [`jekyll_url`] builds a page's own URL on it.
fn stem_path(source: &str) -> &str {
    match source.rfind('.') {
        Some(dot) if !source[dot..].contains('/') => &source[..dot],
        _ => source,
    }
}

fn permalink_of(page: &Page) -> Option<&str> {
    page.front_matter.as_ref()?.data.get("permalink")?.as_str()
}

/// What a local URL leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page (index into the pages).
    Page(usize),
    /// A file under `src` that mdBook copies (an image, a PDF...), relative to `src`.
    File(PathBuf),
}

/// Every page's URL, and the site's `baseurl`.
pub struct LinkIndex {
    by_url: HashMap<String, usize>,
    /// Each page's source folder as a URL path (`/docs/`), for `.md` links.
    source_dirs: Vec<String>,
    /// Each page's URL folder (`/docs/` for `/docs/security`), for other relative links.
    url_dirs: Vec<String>,
    /// Whether a page is written next to its source (`docs/a.md` -> `docs/a.html`), so a
    /// relative `.md` link leads to the same page in Jekyll and in mdBook.
    beside_source: Vec<bool>,
    /// The Jekyll URL of each page.
    pub urls: Vec<String>,
    /// The mdBook output path of each page.
    pub outputs: Vec<PathBuf>,
    baseurl: String,
    src_dir: PathBuf,
}

impl LinkIndex {
    /// `html`: whether links point at the HTML output (`a.html`) or, for other renderers,
    /// at the Markdown files they write (`a.md`).
    pub fn new(pages: &[Page], baseurl: &str, src_dir: &Path, html: bool) -> LinkIndex {
        let mut by_url = HashMap::with_capacity(pages.len() * 3);
        let mut urls = Vec::with_capacity(pages.len());
        let mut outputs = Vec::with_capacity(pages.len());
        let mut source_dirs = Vec::with_capacity(pages.len());
        let mut url_dirs = Vec::with_capacity(pages.len());
        let mut beside_source = Vec::with_capacity(pages.len());
        for (i, page) in pages.iter().enumerate() {
            let url = jekyll_url(&page.source, page.front_matter.as_ref().map(|f| &f.data));
            // The file itself, by its source path (`.md` links).
            by_url
                .entry(format!("/{}", crate::paths::slashed(&page.source)))
                .or_insert(i);
            for alias in aliases(&url) {
                by_url.entry(alias).or_insert(i);
            }
            by_url.insert(url.clone(), i);
            url_dirs.push(url[..url.rfind('/').map_or(0, |i| i + 1)].to_string());
            urls.push(url);
            let source = format!("/{}", crate::paths::slashed(&page.source));
            source_dirs.push(source[..source.rfind('/').map_or(0, |i| i + 1)].to_string());
            let chapter_path = page.chapter.path.as_deref().unwrap_or(&page.source);
            beside_source.push(chapter_path == page.source);
            outputs.push(if html {
                paths::output_path(chapter_path)
            } else {
                chapter_path.to_path_buf()
            });
        }
        // GitHub Pages' jekyll-readme-index: a folder's `README.md` without a permalink is
        // the folder's index page (`/dir/`) when no other page is.
        for (i, page) in pages.iter().enumerate() {
            let has_permalink = page
                .front_matter
                .as_ref()
                .is_some_and(|f| f.data.contains_key("permalink"));
            if !paths::is_readme(&page.source) || has_permalink {
                continue;
            }
            let dir = format!(
                "/{}",
                crate::paths::slashed(page.source.parent().unwrap_or(Path::new("")))
            );
            let folder = if dir == "/" { dir } else { format!("{dir}/") };
            if !by_url.contains_key(&folder) {
                for alias in aliases(&folder) {
                    by_url.entry(alias).or_insert(i);
                }
                by_url.insert(folder.clone(), i);
                urls[i] = folder;
            }
        }
        LinkIndex {
            by_url,
            source_dirs,
            url_dirs,
            beside_source,
            urls,
            outputs,
            baseurl: baseurl.trim_end_matches('/').to_string(),
            src_dir: src_dir.to_path_buf(),
        }
    }

    /// The Jekyll URL of the page at `source` (relative to `src`), for `{% link %}`.
    pub fn url_of_source(&self, source: &str) -> Option<String> {
        let page = *self
            .by_url
            .get(&format!("/{}", source.trim_start_matches('/')))?;
        Some(format!(
            "{}{}",
            self.baseurl,
            paths::encode_url_path(&self.urls[page])
        ))
    }

    /// Resolves `url` written in `page` as Jekyll would. `None` for URLs that are not local
    /// (a scheme, `//host`, only a fragment, empty).
    pub fn resolve(&self, page: usize, url: &str) -> Option<Resolved> {
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') || url.starts_with("//") || has_scheme(url) {
            return None;
        }
        let split = url.find(['?', '#']).unwrap_or(url.len());
        let (path, suffix) = url.split_at(split);
        let decoded = percent_decode(path);
        let mut path: &str = &decoded;
        if !self.baseurl.is_empty()
            && let Some(rest) = path.strip_prefix(&self.baseurl)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            path = if rest.is_empty() { "/" } else { rest };
        }
        let absolute = if path.starts_with('/') {
            Cow::Borrowed(path)
        } else if path.is_empty() {
            // `?x` or `#x` after nothing: the page itself.
            return Some(Resolved {
                target: Some(Target::Page(page)),
                suffix: suffix.to_string(),
            });
        } else {
            // `.md` targets are files next to the source (jekyll-relative-links, mdBook);
            // everything else is relative to the page's URL.
            let dir = if is_markdown(path) {
                &self.source_dirs[page]
            } else {
                &self.url_dirs[page]
            };
            Cow::Owned(format!("{dir}{path}"))
        };
        let normalized = normalize(&absolute);
        let target = self.lookup(&normalized);
        Some(Resolved {
            target,
            suffix: suffix.to_string(),
        })
    }

    fn lookup(&self, path: &str) -> Option<Target> {
        if let Some(&page) = self.by_url.get(path) {
            return Some(Target::Page(page));
        }
        for alias in aliases(path) {
            if let Some(&page) = self.by_url.get(&alias) {
                return Some(Target::Page(page));
            }
        }
        let relative = path.trim_start_matches('/');
        // `normalize` has resolved `..` segments; a name may still hold two dots.
        if relative.is_empty() || relative.split('/').any(|segment| segment == "..") {
            return None;
        }
        let file = self.src_dir.join(relative);
        if file.is_file() {
            return Some(Target::File(PathBuf::from(relative)));
        }
        if file.is_dir() && file.join("index.html").is_file() {
            return Some(Target::File(PathBuf::from(relative).join("index.html")));
        }
        None
    }

    /// The URL to write in `page` for a resolved target, or `None` when the link as written
    /// already leads there in the mdBook output.
    pub fn rewrite(
        &self,
        page: usize,
        written: &str,
        resolved: &Resolved,
        markdown_link: bool,
    ) -> Option<String> {
        let written_path = written.split(['?', '#']).next().unwrap_or("");
        // The usual case: a relative `.md` link between pages written next to their
        // sources leads to the same page in Jekyll and in mdBook.
        // (Not to a `README.md`, which mdBook writes as `index.html` but links to as
        // `README.html`, nor with another extension than `.md`, which mdBook keeps.)
        if let Some(Target::Page(p)) = resolved.target
            && markdown_link
            && written_path.ends_with(".md")
            && !paths::is_readme(Path::new(written_path))
            && !written_path.starts_with('/')
            && self.beside_source[page]
            && self.beside_source[p]
        {
            return None;
        }
        let target_output = match resolved.target.as_ref()? {
            Target::Page(p) => self.outputs[*p].clone(),
            Target::File(file) => file.clone(),
        };
        let from = &self.outputs[page];
        // Where the link as written leads from the mdBook page (mdBook itself turns `.md`
        // into `.html` in Markdown links).
        if !written_path.starts_with('/') && !written_path.is_empty() {
            let dir = from.parent().map(crate::paths::slashed).unwrap_or_default();
            let joined = format!("/{dir}/{}", percent_decode(written_path));
            let mut lands = PathBuf::from(normalize(&joined).trim_start_matches('/'));
            if markdown_link && is_html_output(&target_output) {
                lands = paths::mdbook_link_target(&lands);
            }
            if lands == target_output {
                return None;
            }
        }
        if written_path.is_empty() {
            return None;
        }
        let mut url = paths::relative_url(from, &target_output);
        if url.is_empty() {
            url = target_output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
        }
        url.push_str(&resolved.suffix);
        Some(url)
    }
}

/// A resolved local URL: what it leads to (`None`: nothing) and its `?query#fragment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub target: Option<Target>,
    pub suffix: String,
}

/// The other URLs a web server answers for the same file: `/a.html` for `/a` (and the
/// reverse), `/dir/` for `/dir` and `/dir/index.html`.
fn aliases(url: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = url.strip_suffix(".html") {
        out.push(stem.to_string());
        if let Some(dir) = stem.strip_suffix("/index") {
            out.push(format!("{dir}/"));
        }
    } else if let Some(dir) = url.strip_suffix('/') {
        out.push(format!("{url}index.html"));
        if !dir.is_empty() {
            out.push(dir.to_string());
        }
    } else if !url.rsplit('/').next().unwrap_or("").contains('.') {
        out.push(format!("{url}.html"));
        out.push(format!("{url}/"));
        out.push(format!("{url}/index.html"));
    }
    out
}

fn is_html_output(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "html")
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn is_markdown(path: &str) -> bool {
    let ends_with = |suffix: &str| {
        path.len() >= suffix.len()
            && path.as_bytes()[path.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    ends_with(".md") || ends_with(".markdown")
}

/// Resolves `.` and `..` segments of an absolute URL path (and empty ones). A path that
/// has none comes back as it is, without a copy.
fn normalize(path: &str) -> Cow<'_, str> {
    let is_normal = path.starts_with('/')
        && !path.contains("//")
        && !path
            .split('/')
            .any(|segment| segment == "." || segment == "..");
    if is_normal {
        return Cow::Borrowed(path);
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..")) && out != "/" {
        out.push('/');
    }
    Cow::Owned(out)
}

fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// A local link found in a page: where its URL is written, and whether it is Markdown
/// syntax (mdBook converts `.md` there) or HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    pub range: Range<usize>,
    pub url: String,
    pub markdown: bool,
    /// Embedded rather than followed: an image, or a `src` attribute.
    pub embed: bool,
    /// Written as `<url>` (the range excludes the brackets).
    pub bracketed: bool,
}

/// How far [`quick_urls`] follows one destination. A longer one (a `data:` image, or a
/// line of thousands of `](`, each followed to the line's end: found by a red-team review,
/// 16 s for 240 KB) is left to the parse of the link pass.
const QUICK_DESTINATION_LIMIT: usize = 4096;

/// A quick look for link URLs without parsing (some may sit in code): `](url`, `]: url`
/// (Markdown), `href=`, `src=` (HTML, in any case). Each URL comes with whether it is
/// Markdown. `None` when a destination runs longer than [`QUICK_DESTINATION_LIMIT`]: the
/// page's links are then for the parse to find.
pub fn quick_urls(text: &str) -> Option<Vec<(&str, bool)>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // A destination may follow after white space, a line break included (found by a
    // review: `[a](  /x/)` and `[r]:` with its URL on the next line were missed). Each
    // run of white space is skipped by the match before it only: the scan stays linear.
    let after = |at: usize| text[at + 2..].trim_start_matches([' ', '\t', '\r', '\n']);
    for at in memchr::memmem::find_iter(bytes, b"](") {
        out.push((quick_destination(after(at))?, true));
    }
    // Any `]:` may end a reference definition's label: in a quote, a list item, or after
    // a label over two lines (a review found those missed when only lines starting with
    // `[` were read).
    for at in memchr::memmem::find_iter(bytes, b"]:") {
        out.push((quick_destination(after(at))?, true));
    }
    for (value, _, _) in html_attribute_values(text) {
        out.push((value, false));
    }
    Some(out)
}

/// [`destination`], or `None` when it runs on past [`QUICK_DESTINATION_LIMIT`].
fn quick_destination(after: &str) -> Option<&str> {
    let end = after.floor_char_boundary(QUICK_DESTINATION_LIMIT);
    let (url, span) = destination(&after[..end]);
    (span.end < end || end == after.len()).then_some(url)
}

/// The destination at the start of `text` (after `](` or `]:`): `<...>` or up to
/// whitespace or the closing parenthesis. Returns it and its byte span in `text`.
fn destination(text: &str) -> (&str, Range<usize>) {
    if let Some(rest) = text.strip_prefix('<') {
        let end = rest.find(['>', '\n']).unwrap_or(rest.len());
        return (&rest[..end], 1..1 + end);
    }
    let mut depth = 0usize;
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => {
                end = i;
                break;
            }
            ')' => depth -= 1,
            c if c.is_whitespace() => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    (&text[..end], 0..end)
}

/// `href` and `src` values in HTML text (`href=`, `HREF=`: the name in any case, `=` right
/// after it, the value quoted or not), with their byte ranges and whether the value is a
/// `src` (an embedded file). Spaces around `=` are valid HTML but not taken: in a script,
/// `let href = location.hash` would read as a link.
pub(crate) fn html_attribute_values(text: &str) -> Vec<(&str, Range<usize>, bool)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // One pass over the `=` of the text (rarer than the letters of the names).
    for equals in memchr::memchr_iter(b'=', bytes) {
        let named = |name: &str| {
            equals >= name.len()
                && bytes[equals - name.len()..equals].eq_ignore_ascii_case(name.as_bytes())
        };
        let (name_len, embed) = if named("href") {
            (4, false)
        } else if named("src") {
            (3, true)
        } else {
            continue;
        };
        // An attribute name starts after whitespace.
        let at = equals - name_len;
        if at > 0 && !bytes[at - 1].is_ascii_whitespace() {
            continue;
        }
        let start = equals + 1;
        match bytes.get(start) {
            Some(&quote @ (b'"' | b'\'')) => {
                if let Some(len) = memchr::memchr(quote, &bytes[start + 1..]) {
                    let range = start + 1..start + 1 + len;
                    out.push((&text[range.clone()], range, embed));
                }
            }
            Some(b'>') | None => {}
            Some(_) => {
                let len = bytes[start..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>')
                    .unwrap_or(bytes.len() - start);
                out.push((&text[start..start + len], start..start + len, embed));
            }
        }
    }
    out
}

/// Every link URL outside code, with its exact place, from a pulldown-cmark parse.
pub fn find_links(text: &str) -> Vec<FoundLink> {
    let mut out = Vec::new();
    let parser = Parser::new_ext(text, crate::markdown::options());
    let definitions: Vec<(String, Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| (def.dest.to_string(), def.span.clone()))
        .collect();
    for (dest, span) in definitions {
        let slice = &text[span.clone()];
        if let Some(colon) = slice.find("]:") {
            let after = &slice[colon + 2..];
            let skipped = after.len() - after.trim_start().len();
            let (raw, range) = destination(after.trim_start());
            if !raw.is_empty() {
                let start = span.start + colon + 2 + skipped;
                out.push(FoundLink {
                    bracketed: range.start == 1,
                    range: start + range.start..start + range.end,
                    url: dest,
                    markdown: true,
                    embed: false,
                });
            }
        }
    }
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(
                ref tag @ (Tag::Link {
                    link_type: LinkType::Inline,
                    ref dest_url,
                    ..
                }
                | Tag::Image {
                    link_type: LinkType::Inline,
                    ref dest_url,
                    ..
                }),
            ) => {
                let embed = matches!(tag, Tag::Image { .. });
                let slice = &text[range.clone()];
                if let Some(open) = slice.rfind("](") {
                    let after = &slice[open + 2..];
                    let skipped = after.len() - after.trim_start().len();
                    let (_, span) = destination(after.trim_start());
                    let start = range.start + open + 2 + skipped;
                    out.push(FoundLink {
                        bracketed: span.start == 1,
                        range: start + span.start..start + span.end,
                        url: dest_url.to_string(),
                        markdown: true,
                        embed,
                    });
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                let html = &text[range.clone()];
                for (value, span, embed) in html_attribute_values(html) {
                    out.push(FoundLink {
                        bracketed: false,
                        embed,
                        range: range.start + span.start..range.start + span.end,
                        url: value.replace("&amp;", "&"),
                        markdown: false,
                    });
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|l| l.range.start);
    out.dedup_by_key(|l| l.range.start);
    out
}

/// Edits for the links of one page; `broken` receives each link that leads nowhere.
pub fn link_edits<'l>(
    index: &LinkIndex,
    page: usize,
    links: &'l [FoundLink],
    skip: &dyn Fn(usize) -> bool,
    broken: &mut Vec<&'l FoundLink>,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    for link in links {
        if skip(link.range.start) {
            continue;
        }
        let Some(resolved) = index.resolve(page, &link.url) else {
            continue;
        };
        if resolved.target.is_none() {
            broken.push(link);
            continue;
        }
        if let Some(url) = index.rewrite(page, &link.url, &resolved, link.markdown) {
            // Markdown destinations with spaces or parentheses need `<…>` (unless the
            // original already had them: the range is inside them); HTML attribute values
            // must not close their quotes.
            let replacement = if link.markdown && !link.bracketed && url.contains([' ', '(', ')']) {
                format!("<{url}>")
            } else if link.markdown {
                url
            } else {
                url.replace('"', "%22").replace('\'', "%27")
            };
            edits.push(Edit::new(link.range.clone(), replacement));
        }
    }
    edits
}

/// Whether a page needs the full link pass: some local URL found by [`quick_urls`] is
/// broken or needs rewriting.
pub fn needs_link_pass(index: &LinkIndex, page: usize, text: &str) -> bool {
    let Some(urls) = quick_urls(text) else {
        return true;
    };
    urls.into_iter()
        .any(|(url, markdown)| match index.resolve(page, url) {
            None => false,
            Some(resolved) if resolved.target.is_none() => true,
            Some(resolved) => index.rewrite(page, url, &resolved, markdown).is_some(),
        })
}

#[cfg(test)]
mod tests;
