//! Shortcodes: the blocks a Just the Docs site writes by hand in HTML, generated instead.
//!
//! * `{{#best-practices}}` (or `of="title or path"`): the page's navigation children as a
//!   list of links, so the list follows the children instead of being kept in step by hand;
//! * `{{#service-card "Name"}}`, `{{#service-card name="..." description="..."}}`, or with a
//!   Markdown body closed by `{{/service-card}}`: one card;
//! * `{{#service-cards}}`: one card per entry of the page's `services:` front matter;
//! * user shortcodes: `[preprocessor.jekyll.shortcodes]` maps a name to an HTML template
//!   with `{{ arg }}`, `{{ page.key }}` and `{{ body }}` placeholders.
//!
//! [`syntax`] reads tags, [`render`] writes HTML (or Markdown for other renderers),
//! [`catalog`] holds the service descriptions; this module pairs tags with their closing
//! tags and turns each call into an edit of the page.

pub mod catalog;
pub mod render;
pub mod syntax;

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::edit::Edit;
use crate::frontmatter::kind_of;
use crate::markdown;
use crate::nav::{Nav, scalar_text};
use crate::pages::Page;
use crate::paths;
use catalog::Catalog;
use liquid::model::ValueView;
use mdbook_core::utils::escape_html_attribute;
use render::{Description, Link};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use syntax::{Call, Tag};

/// The built-in shortcode names.
pub const BUILTIN: &[&str] = &["best-practices", "service-card", "service-cards"];

/// mdBook's own `{{#name …}}` helpers (its `links` preprocessor): a user shortcode of that
/// name would take them over.
const MDBOOK_HELPERS: &[&str] = &[
    "include",
    "rustdoc_include",
    "playground",
    "playpen",
    "title",
];

/// A user shortcode's template.
#[derive(Debug, Clone)]
pub struct Template {
    pub text: String,
    /// The template file, as messages name it.
    pub file: PathBuf,
}

/// The error code of a call that goes past [`MAX_PAGE_OUTPUT`].
const OUTPUT_LIMIT: &str = "output-limit";

/// The finding for the call that goes past [`MAX_PAGE_OUTPUT`].
fn output_limit_error(page: &PageText<'_>, call: &Call) -> Diagnostic {
    page.error(
        call.range.start,
        OUTPUT_LIMIT,
        format!(
            "the page's shortcodes wrote more than {} MiB by this `{{{{#{}}}}}`; it and the shortcodes after it are left as written",
            MAX_PAGE_OUTPUT >> 20,
            call.name
        ),
    )
    .help("a catalog entry, title or argument this long is likely a mistake: shorten it, or split the page")
}

/// The most a page's shortcodes may write together (as much as its Liquid may): a small
/// page calling a card with a long description thousands of times would otherwise ask
/// for gigabytes.
pub const MAX_PAGE_OUTPUT: usize = crate::liquid_tags::loops::MAX_OUTPUT;

/// The shortcodes of one run: the catalog (read on first use) and the user templates.
pub struct Shortcodes {
    catalog_path: Result<PathBuf, String>,
    catalog_file: PathBuf,
    catalog: OnceLock<Result<Catalog, String>>,
    templates: BTreeMap<String, Template>,
    html: bool,
}

impl Shortcodes {
    /// Reads the user templates (problems become diagnostics); the catalog waits until a
    /// card needs it.
    pub fn new(ctx: &Context, diags: &mut Diagnostics) -> Shortcodes {
        let options = &ctx.options;
        let mut templates = BTreeMap::new();
        for (name, file) in &options.shortcodes {
            let shown = ctx.src.join(file);
            let refused = if BUILTIN.contains(&name.as_str()) {
                Some("is a built-in shortcode")
            } else if MDBOOK_HELPERS.contains(&name.as_str()) {
                Some("is one of mdBook's own `{{#…}}` helpers, which it would hide")
            } else if name.is_empty() || !name.bytes().all(syntax::is_name_byte) {
                Some("cannot be called: a shortcode name is made of letters, digits, `-` and `_`")
            } else {
                None
            };
            if let Some(why) = refused {
                diags.push(
                    Diagnostic::error(
                        "invalid-option",
                        format!(
                            "[preprocessor.jekyll.shortcodes] `{name}` {why}; choose another name"
                        ),
                    )
                    .at("book.toml", None),
                );
                continue;
            }
            let text = paths::join_inside(&ctx.src_dir, file).and_then(|path| {
                paths::read_text_file(&path).map_err(|e| {
                    format!(
                        "cannot read `{file}`: {}",
                        paths::without_os_code(&e.to_string())
                    )
                })
            });
            match text {
                Ok(text) => {
                    templates.insert(name.clone(), Template { text, file: shown });
                }
                Err(why) => diags.push(
                    Diagnostic::error(
                        "invalid-option",
                        format!("[preprocessor.jekyll.shortcodes] {name}: {why}"),
                    )
                    .at("book.toml", None),
                ),
            }
        }
        Shortcodes {
            catalog_path: paths::join_inside(&ctx.src_dir, &options.services),
            catalog_file: ctx.src.join(&options.services),
            catalog: OnceLock::new(),
            templates,
            html: ctx.renderer == "html",
        }
    }

    /// Whether `name` is a shortcode this preprocessor expands.
    pub fn is_known(&self, name: &str) -> bool {
        BUILTIN.contains(&name) || self.templates.contains_key(name)
    }

    fn takes_body(&self, name: &str) -> bool {
        name == "service-card" || self.templates.contains_key(name)
    }

    /// The catalog, read on first use; the error says which file and why.
    fn catalog(&self) -> Result<&Catalog, String> {
        self.catalog
            .get_or_init(|| {
                let path = self
                    .catalog_path
                    .as_ref()
                    .map_err(|why| {
                        format!(
                            "services catalog {}: {why} (the path is `services` in [preprocessor.jekyll], `_data/services.yml` when it is not set)",
                            self.catalog_file.display()
                        )
                    })?;
                Catalog::load(path).map_err(|(line, why)| {
                    let at = match line {
                        Some(line) => format!("{}:{line}", self.catalog_file.display()),
                        None => self.catalog_file.display().to_string(),
                    };
                    format!("services catalog {at}: {why}")
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Turns the tags of one page into edits. `tags` are in page order; errors become
    /// diagnostics and leave their tag as written.
    pub fn expand(
        &self,
        page: &PageText<'_>,
        tags: Vec<Tag>,
        site: &SiteView<'_>,
        diags: &mut Diagnostics,
    ) -> Vec<Edit> {
        let mut edits = Vec::new();
        // What the page's shortcodes wrote, for the bound of [`MAX_PAGE_OUTPUT`].
        let mut written = 0usize;
        // Computed once, at the first closing tag that closes nothing.
        let mut nested_before: Option<Vec<bool>> = None;
        let mut i = 0;
        while i < tags.len() {
            let tag = &tags[i];
            i += 1;
            match tag {
                Tag::Close { name, range } => {
                    let mut d = page.error(
                        range.start,
                        "shortcode-syntax",
                        format!("`{{{{/{name}}}}}` closes nothing: no `{{{{#{name} ...}}}}` before it is open"),
                    );
                    // Two opening tags of this name in a row before it (no closing tag
                    // between): the writer nested one in the other.
                    let nested = nested_before.get_or_insert_with(|| nested_before_each(&tags));
                    if nested[i - 1] {
                        d = d.help(format!(
                            "`{{{{#{name}}}}}` cannot hold another `{{{{#{name}}}}}`: a body ends at the first `{{{{/{name}}}}}`, and an opening tag followed by another of the same name has no body"
                        ));
                    }
                    diags.push(d);
                }
                Tag::Open(call) => {
                    // A body: everything up to the matching closing tag, which must come
                    // before the next opening tag of the same name.
                    let mut body = None;
                    let mut range = call.range.clone();
                    if self.takes_body(&call.name)
                        && let Some(offset) = tags[i..].iter().position(|t| match t {
                            Tag::Close { name, .. } | Tag::Open(Call { name, .. }) => {
                                *name == call.name
                            }
                        })
                        && let Tag::Close { range: close, .. } = &tags[i + offset]
                    {
                        body = Some(without_container(
                            &page.text[call.range.end..close.start],
                            &page.text[..call.range.start],
                        ));
                        range.end = close.end;
                        for inner in &tags[i..i + offset] {
                            diags.push(page.warning(
                                inner.range().start,
                                "shortcode-in-body",
                                "shortcodes inside another shortcode's body are not expanded",
                            ));
                        }
                        i += offset + 1;
                    }
                    // What the page's shortcodes may still write: a call that would go past
                    // it stops (`service-cards` within its own list).
                    let room = MAX_PAGE_OUTPUT.saturating_sub(written);
                    match self.expand_call(call, body.as_deref(), page, site, room) {
                        Ok((replacement, _)) if replacement.len() > room => {
                            diags.push(output_limit_error(page, call));
                            break;
                        }
                        Err((OUTPUT_LIMIT, _)) => {
                            diags.push(output_limit_error(page, call));
                            break;
                        }
                        Ok((replacement, warnings)) => {
                            for w in warnings {
                                diags.push(page.warning(call.range.start, "empty-shortcode", w));
                            }
                            written += replacement.len();
                            // The built-in shortcodes make blocks; a template may be inline.
                            edits.push(if BUILTIN.contains(&call.name.as_str()) {
                                Edit::block(range, replacement)
                            } else {
                                Edit::new(range, replacement)
                            });
                        }
                        Err((code, message)) => {
                            diags.push(page.error(call.range.start, code, message))
                        }
                    }
                }
            }
        }
        edits
    }

    /// One call's text and warnings. A call that would write more than `room` bytes may
    /// stop early with [`OUTPUT_LIMIT`].
    fn expand_call(
        &self,
        call: &Call,
        body: Option<&str>,
        page: &PageText<'_>,
        site: &SiteView<'_>,
        room: usize,
    ) -> Result<(String, Vec<String>), (&'static str, String)> {
        match call.name.as_str() {
            "best-practices" => {
                check_arguments(call, &["of"], false)?;
                self.best_practices(call, page, site)
            }
            "service-card" => {
                check_arguments(call, &["name", "description"], true)?;
                let name = match (call.get("name"), &call.positional) {
                    (Some(_), Some(_)) => {
                        return Err((
                            "shortcode-syntax",
                            "give the name once: either \"Name\" or name=\"Name\"".to_string(),
                        ));
                    }
                    (Some(name), None) => name,
                    (None, Some(name)) => name.as_str(),
                    (None, None) => {
                        return Err(("shortcode-syntax", "`service-card` needs a name: {{#service-card \"Name\"}} or name=\"Name\"".to_string()));
                    }
                };
                let description = match (call.get("description"), body) {
                    (Some(_), Some(_)) => {
                        return Err(("shortcode-syntax", "give the description once: as description=\"...\" or as the body before {{/service-card}}".to_string()));
                    }
                    (Some(text), None) => Description::Text(text),
                    (None, Some(md)) if self.html => {
                        Description::Html(markdown::to_html(md.trim(), page.rewrite_link))
                    }
                    (None, Some(md)) => Description::Markdown(md),
                    (None, None) => Description::Text(self.catalog_description(name)?),
                };
                Ok((self.card(name, &description), Vec::new()))
            }
            "service-cards" => {
                check_arguments(call, &[], false)?;
                self.service_cards(page, site, room)
            }
            name => {
                let template = &self.templates[name];
                if call.positional.is_some() {
                    return Err((
                        "shortcode-syntax",
                        format!("`{name}` takes named arguments only (key=\"value\")"),
                    ));
                }
                render_template(
                    template,
                    call,
                    body,
                    page.front_matter(site),
                    page.rewrite_link,
                )
                .map(|html| (html, Vec::new()))
            }
        }
    }

    fn catalog_description(&self, name: &str) -> Result<&str, (&'static str, String)> {
        let catalog = self.catalog().map_err(|why| ("services-catalog", why))?;
        catalog.description(name).ok_or_else(|| {
            let hint = crate::suggest::did_you_mean(name, &catalog.closest(name))
                .map(|d| format!("; {d}"))
                .unwrap_or_default();
            (
                "unknown-service",
                format!(
                    "service \"{name}\" is not in the catalog {}{hint} (to describe it here, add description=\"...\" or a body closed by {{{{/service-card}}}})",
                    self.catalog_file.display()
                ),
            )
        })
    }

    fn card(&self, name: &str, description: &Description<'_>) -> String {
        if self.html {
            render::card_html(name, description)
        } else {
            render::card_markdown(name, description)
        }
    }

    fn best_practices(
        &self,
        call: &Call,
        page: &PageText<'_>,
        site: &SiteView<'_>,
    ) -> Result<(String, Vec<String>), (&'static str, String)> {
        let of = match call.get("of") {
            None => page.index,
            Some(target) => site.find_page(target, page.index)?,
        };
        let children = site.children(of);
        let mut warnings = Vec::new();
        if children.is_empty() {
            let whose = if of == page.index {
                "this page".to_string()
            } else {
                format!("\"{}\"", site.pages[of].chapter.name)
            };
            warnings.push(format!(
                "{whose} has no child pages in the navigation, so the best-practice list is empty"
            ));
        }
        let from = site.link_path(page.index, self.html);
        let links: Vec<Link<'_>> = children
            .iter()
            .map(|&child| Link {
                title: site.pages[child].chapter.name.as_str(),
                href: paths::relative_url(&from, &site.link_path(child, self.html)),
            })
            .collect();
        let out = if self.html {
            render::best_practices_html(&links)
        } else {
            render::best_practices_markdown(&links)
        };
        Ok((out, warnings))
    }

    fn service_cards(
        &self,
        page: &PageText<'_>,
        site: &SiteView<'_>,
        room: usize,
    ) -> Result<(String, Vec<String>), (&'static str, String)> {
        let Some(list) = page.front_matter(site).and_then(|fm| fm.get("services")) else {
            return Ok((String::new(), vec!["the page has no `services:` list in its front matter, so `service-cards` shows nothing".to_string()]));
        };
        let Value::Array(entries) = list else {
            return Err((
                "invalid-services",
                "`services:` must be a list of service names (or of name/description maps)"
                    .to_string(),
            ));
        };
        // HTML cards on consecutive lines stay one HTML block (indented in a grid, a blank
        // line would start a code block); Markdown cards need a blank line between them.
        let separator = if self.html { "\n" } else { "\n\n" };
        let mut cards = Vec::new();
        let mut written = 0usize;
        for (number, entry) in (1..).zip(entries) {
            let card = match entry {
                Value::String(name) => {
                    self.card(name, &Description::Text(self.catalog_description(name)?))
                }
                Value::Object(fields) => {
                    let name = match fields.get("name") {
                        None | Some(Value::Null) => None,
                        Some(name) => Some(scalar_text(name).ok_or_else(|| {
                            (
                                "invalid-services",
                                format!(
                                    "the `name` of `services:` entry {number} must be text, not {}",
                                    kind_of(name)
                                ),
                            )
                        })?),
                    }
                    .ok_or((
                        "invalid-services",
                        format!("`services:` entry {number} needs a `name`"),
                    ))?;
                    match fields.get("description") {
                        None | Some(Value::Null) => {
                            self.card(&name, &Description::Text(self.catalog_description(&name)?))
                        }
                        Some(value) => {
                            let text = scalar_text(value).ok_or_else(|| {
                                (
                                    "invalid-services",
                                    format!(
                                        "the `description` of `services:` entry {number} ({name}) must be text, not {}",
                                        kind_of(value)
                                    ),
                                )
                            })?;
                            self.card(&name, &Description::Text(&text))
                        }
                    }
                }
                Value::Number(_) | Value::Bool(_) => {
                    let name = scalar_text(entry).unwrap_or_default();
                    self.card(&name, &Description::Text(self.catalog_description(&name)?))
                }
                Value::Null => {
                    return Err((
                        "invalid-services",
                        format!(
                            "`services:` entry {number} is empty: write a name or a name/description map"
                        ),
                    ));
                }
                other => {
                    return Err((
                        "invalid-services",
                        format!(
                            "`services:` entry {number} must be a name or a name/description map, not {}",
                            kind_of(other)
                        ),
                    ));
                }
            };
            // Counted as joined below (found by a review: a separator counted after each
            // card refused a page just under the bound).
            let joined = if cards.is_empty() { 0 } else { separator.len() };
            written = written.saturating_add(card.len() + joined);
            if written > room {
                return Err((OUTPUT_LIMIT, String::new()));
            }
            cards.push(card);
        }
        Ok((cards.join(separator), Vec::new()))
    }
}

/// For each tag, whether two opening tags of its name stood in a row (no closing tag of
/// that name between) anywhere before it: one pass, where asking it of each stray closing
/// tag in turn was quadratic (60,000 of them took 8 s).
fn nested_before_each(tags: &[Tag]) -> Vec<bool> {
    // Per name: whether its last tag so far opened, and whether two opened in a row.
    let mut state: HashMap<&str, (bool, bool)> = HashMap::new();
    tags.iter()
        .map(|tag| {
            let (name, opens) = match tag {
                Tag::Open(call) => (call.name.as_str(), true),
                Tag::Close { name, .. } => (name.as_str(), false),
            };
            let (last_opened, nested) = state.entry(name).or_default();
            let before = *nested;
            *nested |= *last_opened && opens;
            *last_opened = opens;
            before
        })
        .collect()
}

/// A shortcode's body without the container prefix of its opening tag's line (`before` is
/// the text before the tag): the `>` of a quote and a list item's indent belong to the
/// page, not to the Markdown of a card. A body on lines of its own inside
/// `> {{#service-card "X"}}` ... `> {{/service-card}}` is read without its `> `.
fn without_container<'a>(body: &'a str, before: &str) -> std::borrow::Cow<'a, str> {
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let (container, _) = crate::edit::container_prefix(line);
    if container.is_empty() || !body.contains('\n') {
        return std::borrow::Cow::Borrowed(body);
    }
    // The quote markers to take off each line, then the indent after the last of them
    // (a list item's body), in spaces.
    let quotes = container.matches('>').count();
    let after_quotes = container.rsplit('>').next().unwrap_or("");
    let indent = if quotes > 0 {
        after_quotes.len().saturating_sub(1)
    } else {
        after_quotes.len()
    };
    let mut out = String::with_capacity(body.len());
    for (i, line) in body.split('\n').enumerate() {
        if i == 0 {
            // The rest of the tag's own line.
            out.push_str(line);
            continue;
        }
        out.push('\n');
        let mut rest = line;
        for _ in 0..quotes {
            // `>` after any indentation, and one space after it if there is one.
            let Some(after) = rest.trim_start_matches(' ').strip_prefix('>') else {
                break;
            };
            rest = after.strip_prefix(' ').unwrap_or(after);
        }
        let spaces = rest.bytes().take(indent).take_while(|&b| b == b' ').count();
        out.push_str(&rest[spaces..]);
    }
    std::borrow::Cow::Owned(out)
}

fn check_arguments(
    call: &Call,
    allowed: &[&str],
    positional: bool,
) -> Result<(), (&'static str, String)> {
    if !positional && call.positional.is_some() {
        return Err((
            "shortcode-syntax",
            format!("`{}` takes no unnamed value", call.name),
        ));
    }
    for (key, _) in &call.named {
        if !allowed.contains(&key.as_str()) {
            let known = if allowed.is_empty() {
                "it takes none".to_string()
            } else {
                format!(
                    "it takes {}",
                    allowed
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Err((
                "shortcode-syntax",
                format!("unknown argument `{key}` for `{}`; {known}", call.name),
            ));
        }
    }
    Ok(())
}

/// Fills a user template: `{{ key }}` with the call's argument, `{{ page.key }}` with the
/// page's front matter value (both escaped for text and for quoted attributes alike),
/// `{{ body }}` with the body rendered from Markdown. Missing values are empty, as in
/// Liquid; arguments the template never uses are an error (a typo in the call), and so is
/// a body it never uses (the body would be lost).
fn render_template(
    template: &Template,
    call: &Call,
    body: Option<&str>,
    front_matter: Option<&serde_json::Map<String, Value>>,
    rewrite_link: &dyn Fn(&str) -> Option<String>,
) -> Result<String, (&'static str, String)> {
    let text = &template.text;
    let mut out = String::with_capacity(text.len());
    let mut used: Vec<&str> = Vec::new();
    let mut body_used = false;
    let mut rest = 0;
    while let Some(open) = text[rest..].find("{{").map(|i| rest + i) {
        let Some(close) = text[open..].find("}}").map(|i| open + i) else {
            break;
        };
        out.push_str(&text[rest..open]);
        let key = text[open + 2..close].trim();
        if key == "body" {
            body_used = true;
            if let Some(md) = body {
                out.push_str(&markdown::to_html(md.trim(), rewrite_link));
            }
        } else if let Some(field) = key.strip_prefix("page.") {
            if let Some(value) = front_matter.and_then(|fm| fm.get(field)) {
                out.push_str(&markdown::mdbook_inert(&escape_html_attribute(
                    &liquid_output(value),
                )));
            }
        } else {
            used.push(key);
            if let Some(value) = call.get(key) {
                out.push_str(&markdown::mdbook_inert(&escape_html_attribute(value)));
            }
        }
        rest = close + 2;
    }
    out.push_str(&text[rest..]);
    // Found by a red-team review: the body of a call to a template without `{{ body }}`
    // was dropped without a word.
    if !body_used && body.is_some_and(|md| !md.trim().is_empty()) {
        return Err((
            "shortcode-syntax",
            format!(
                "`{{{{#{name}}}}}` has a body, but its template {} does not use {{{{ body }}}}, so the body would be lost; add {{{{ body }}}} to the template, or remove the body and `{{{{/{name}}}}}`",
                template.file.display(),
                name = call.name,
            ),
        ));
    }
    for (key, _) in &call.named {
        if !used.contains(&key.as_str()) {
            return Err((
                "shortcode-syntax",
                format!(
                    "unknown argument `{key}` for `{}`: its template {} does not use {{{{ {key} }}}}",
                    call.name,
                    template.file.display()
                ),
            ));
        }
    }
    Ok(markdown::without_blank_lines(&out))
}

/// A front matter value as the Liquid engine (the `liquid` crate, as for `{{ page.x }}` in a
/// page) prints it: text, numbers and booleans as written, `null` as nothing, a list as
/// its items joined without a separator.
fn liquid_output(value: &Value) -> String {
    liquid::model::to_value(value)
        .map(|value| value.render().to_string())
        .unwrap_or_default()
}

/// One page's text while its Markdown-level stages run.
pub struct PageText<'a> {
    pub index: usize,
    /// The text being rewritten (after the Liquid pass, if any).
    pub text: &'a str,
    pub file: &'a Path,
    /// The file line of the original text's first line.
    pub first_line: usize,
    /// The page's text before the Liquid pass, and where its bytes went: findings name
    /// lines of the file as the author wrote it.
    pub original: &'a str,
    pub map: &'a crate::edit::OffsetMap,
    /// Rewrites a link of a shortcode's body as the link stage would (bodies are rendered
    /// to HTML, where mdBook rewrites nothing).
    pub rewrite_link: &'a dyn Fn(&str) -> Option<String>,
    /// Lines and columns in `original`.
    pub locator: markdown::Locator<'a>,
}

impl PageText<'_> {
    pub fn error(
        &self,
        offset: usize,
        code: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.place(offset, Diagnostic::error(code, message))
    }

    pub fn warning(
        &self,
        offset: usize,
        code: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.place(offset, Diagnostic::warning(code, message))
    }

    fn front_matter<'s>(&self, site: &SiteView<'s>) -> Option<&'s serde_json::Map<String, Value>> {
        site.pages[self.index]
            .front_matter
            .as_ref()
            .map(|fm| &fm.data)
    }
}

/// The folder of a source path (`""` for a page at the top of `src`).
fn folder_of(source: &Path) -> &Path {
    source.parent().unwrap_or(Path::new(""))
}

/// What expansion needs to know about the whole book.
pub struct SiteView<'a> {
    pub pages: &'a [Page],
    pub nav: &'a Nav,
    by_title: OnceLock<HashMap<&'a str, Vec<usize>>>,
    by_source: OnceLock<HashMap<&'a Path, usize>>,
    /// Titled pages by source folder, in book order, for suggestions.
    titled_by_folder: OnceLock<HashMap<&'a Path, Vec<usize>>>,
}

impl<'a> SiteView<'a> {
    pub fn new(pages: &'a [Page], nav: &'a Nav) -> Self {
        SiteView {
            pages,
            nav,
            by_title: OnceLock::new(),
            by_source: OnceLock::new(),
            titled_by_folder: OnceLock::new(),
        }
    }

    /// The page's children in the navigation (in the sidebar or in an unlisted tree),
    /// without excluded pages.
    pub fn children(&self, page: usize) -> Vec<usize> {
        let Some(node) = self.nav.node_of_page.get(page).copied().flatten() else {
            return Vec::new();
        };
        self.nav.nodes[node]
            .children
            .iter()
            .map(|&c| self.nav.nodes[c].page)
            .filter(|&p| !self.pages[p].nav.excluded)
            .collect()
    }

    /// Where a page's links point: the HTML output path, or the source path for Markdown.
    pub fn link_path(&self, page: usize, html: bool) -> PathBuf {
        let chapter = &self.pages[page].chapter;
        let path = chapter.path.as_deref().unwrap_or(&self.pages[page].source);
        if html {
            paths::output_path(path)
        } else {
            path.to_path_buf()
        }
    }

    /// A page named by title or by source path (relative to `src`), from page `from`.
    fn find_page(&self, target: &str, from: usize) -> Result<usize, (&'static str, String)> {
        let by_source = self.by_source.get_or_init(|| {
            self.pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.source.as_path(), i))
                .collect()
        });
        if let Some(&page) = by_source.get(Path::new(target.trim_start_matches("./"))) {
            return Ok(page);
        }
        let by_title = self.by_title.get_or_init(|| {
            let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, p) in self.pages.iter().enumerate() {
                if let Some(title) = &p.nav.title {
                    map.entry(title.text.as_str()).or_default().push(i);
                }
            }
            map
        });
        match by_title.get(target).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(several) => Err((
                "ambiguous-page",
                format!(
                    "\"{target}\" is the title of {} pages ({}); name the page by its path instead",
                    several.len(),
                    several
                        .iter()
                        .take(5)
                        .map(|&p| self.pages[p].source.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            None => {
                let close = crate::suggest::closest(target, self.suggestion_candidates(from), 3);
                let hint = crate::suggest::did_you_mean(target, &close)
                    .map(|d| format!("; {d}"))
                    .unwrap_or_default();
                Err((
                    "unknown-page",
                    format!("no page has the title or path \"{target}\"{hint}"),
                ))
            }
        }
    }

    /// The titles a name that matches no page is compared with, likeliest first: those of
    /// the pages in the folder of the page that wrote the name, then every title in book
    /// order (a small book is searched whole, a large one near the page).
    fn suggestion_candidates(&self, from: usize) -> impl Iterator<Item = &'a str> + '_ {
        let by_folder = self.titled_by_folder.get_or_init(|| {
            let mut map: HashMap<&Path, Vec<usize>> = HashMap::new();
            for (i, p) in self.pages.iter().enumerate() {
                if p.nav.title.is_some() {
                    map.entry(folder_of(&p.source)).or_default().push(i);
                }
            }
            map
        });
        let pages = self.pages;
        let folder = folder_of(&pages[from].source);
        let near = by_folder.get(folder).into_iter().flatten().copied();
        let rest = (0..pages.len()).filter(move |&p| folder_of(&pages[p].source) != folder);
        near.chain(rest)
            .filter_map(move |p| pages[p].nav.title.as_ref().map(|t| t.text.as_str()))
    }
}

#[cfg(test)]
mod tests;
