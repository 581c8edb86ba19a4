//! Liquid, as Jekyll runs it on every page with front matter before Markdown.
//!
//! Handled here (outside code spans and blocks, which are left alone):
//!
//! * `{% raw %}` / `{% endraw %}`: the markers disappear (in code too, as in Jekyll) and
//!   what lies between is protected from every later stage;
//! * `{% comment %}…{% endcomment %}`: disappears;
//! * `{{ site.x }}`, `{{ page.x }}` and other output expressions: rendered with the `liquid`
//!   crate, `site` being `_config.yml` and `page` the front matter (plus `url` and `path`),
//!   with Jekyll's `relative_url` and `absolute_url` filters; a missing name, key or index is
//!   `nil`, as in Jekyll ([`lax`]);
//! * `{% link path.md %}`: the page's Jekyll URL, which the link stage then makes relative;
//! * `{% include name.html k=v %}`: the site's `_includes/name.html`, rendered with `liquid`
//!   ([`include`]);
//! * `{% highlight lang %}…{% endhighlight %}`: a fenced code block.
//!
//! Any other tag is left as written, with a warning naming the file and line.

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::edit::Edit;
use crate::markdown::{self, CodeCursor};
use liquid::model::{KStringRef, Object, Value as LiquidValue};
use liquid_core::{
    Display_filter, Filter, FilterReflection, ObjectView, ParseFilter, Runtime, ValueView,
};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

mod date;
mod include;
mod language;
mod lax;
pub(crate) mod loops;

/// Jekyll's `relative_url`: the site's `baseurl` before a path.
#[derive(Clone, ParseFilter, FilterReflection)]
#[filter(
    name = "relative_url",
    description = "Prefixes the site's baseurl.",
    parsed(RelativeUrlFilter)
)]
struct RelativeUrl;

#[derive(Debug, Default, Display_filter)]
#[name = "relative_url"]
struct RelativeUrlFilter;

impl Filter for RelativeUrlFilter {
    fn evaluate(
        &self,
        input: &dyn ValueView,
        runtime: &dyn Runtime,
    ) -> liquid_core::Result<LiquidValue> {
        // Jekyll returns nil for nil.
        if input.is_nil() {
            return Ok(LiquidValue::Nil);
        }
        Ok(LiquidValue::scalar(prefixed(
            &site_setting(runtime, "baseurl"),
            &input.to_kstr(),
        )))
    }
}

/// Jekyll's `absolute_url`: the site's `url` and `baseurl` before a path.
#[derive(Clone, ParseFilter, FilterReflection)]
#[filter(
    name = "absolute_url",
    description = "Prefixes the site's url and baseurl.",
    parsed(AbsoluteUrlFilter)
)]
struct AbsoluteUrl;

#[derive(Debug, Default, Display_filter)]
#[name = "absolute_url"]
struct AbsoluteUrlFilter;

impl Filter for AbsoluteUrlFilter {
    fn evaluate(
        &self,
        input: &dyn ValueView,
        runtime: &dyn Runtime,
    ) -> liquid_core::Result<LiquidValue> {
        if input.is_nil() {
            return Ok(LiquidValue::Nil);
        }
        let base = format!(
            "{}{}",
            site_setting(runtime, "url").trim_end_matches('/'),
            site_setting(runtime, "baseurl")
        );
        Ok(LiquidValue::scalar(prefixed(&base, &input.to_kstr())))
    }
}

fn site_setting(runtime: &dyn Runtime, key: &str) -> String {
    let path = [
        liquid_core::model::ScalarCow::new("site"),
        liquid_core::model::ScalarCow::new(key.to_string()),
    ];
    runtime
        .try_get(&path)
        .map(|v| v.to_kstr().to_string())
        .unwrap_or_default()
}

fn prefixed(base: &str, path: &str) -> String {
    if path.contains("://") || path.starts_with("//") {
        return path.to_string();
    }
    let base = base.trim_end_matches('/');
    if path.is_empty() {
        return format!("{base}/");
    }
    format!("{base}/{}", path.trim_start_matches('/'))
}

/// Most levels of nesting given to the Liquid engine: blocks inside blocks (`{% if %}` in
/// `{% for %}`) and brackets inside one tag (`page[page["x"]]`). The engine parses and
/// renders nesting by recursion, and a few thousand levels overflow a thread's stack, which
/// ends the process: no panic to catch, no message.
pub const MAX_NESTING: usize = 64;

/// Block tags of Liquid and Jekyll, which nest until their `end…` tag.
const BLOCK_TAGS: [&str; 9] = [
    "if",
    "unless",
    "for",
    "case",
    "capture",
    "tablerow",
    "comment",
    "ifchanged",
    "highlight",
];

/// How deep Liquid may nest in `template`, counted so that it is never less than what the
/// engine will see (an overcount only refuses a template; an undercount would let the
/// engine overflow its stack). The engine re-reads the text after a tag it cannot parse,
/// so tag boundaries are not trusted where trusting them could hide depth:
///
/// * every block opening (`{% if %}`, `{% for %}` …) counts, wherever it stands, even
///   inside a quoted string;
/// * every bracket and parenthesis counts, anywhere in the text;
/// * a closing tag (`{% endif %}`) counts only where it is a tag of its own, outside any
///   tag and quoted string: `{{ "{% endif %}" }}` closes nothing;
/// * each `{% elsif %}` counts as one more level until its `if` closes (the engine nests
///   each branch in the one before);
/// * `{% raw %}` with anything after its name is not a raw block (the engine refuses it,
///   and inside a `comment` reads on);
/// * the longest chain of one tag ([`longest_chain`]) is added on top.
///
/// `{% raw %}` content is not Liquid and is skipped. One pass, and [`longest_chain`]'s.
fn nesting_depth(template: &str) -> usize {
    blocks_and_brackets(template).saturating_add(longest_chain(template))
}

/// The most path segments (`.`, `[`) and `or`/`and` that one tag could hold, as the engine
/// could read it: the engine walks `a.b[0]` and evaluates `a or b or c` by recursion.
///
/// The engine may start a tag at any `{{` or `{%`, even one inside what looks like another
/// tag (it reads on after a tag it cannot parse), and such a tag ends at the first closer
/// outside its own quoted strings. So every opening is followed to its closer, tracking
/// quotes from there, and the segments and `or`/`and` (also inside words: the engine needs
/// no space around them) outside those quotes are counted: a quoted string is one literal
/// to the engine, whatever its text (an opening inside it is followed on its own). An opening never closed starts no tag.
/// Openings inside other tags, or never closed, make the walks overlap; past
/// [`MAX_NESTING`] times the text's length of walking, the count is "too deep", which keeps
/// the work linear.
fn longest_chain(template: &str) -> usize {
    let bytes = template.as_bytes();
    let budget = (MAX_NESTING + 2).saturating_mul(bytes.len() + 1);
    let (mut longest, mut walked) = (0usize, 0usize);
    for opening in memchr::memmem::find_iter(bytes, b"{")
        .filter(|&at| matches!(bytes.get(at + 1), Some(b'{' | b'%')))
    {
        let closer: &[u8] = if bytes[opening + 1] == b'{' {
            b"}}"
        } else {
            b"%}"
        };
        let mut quote = None;
        let mut chain = 0usize;
        let mut at = opening + 2;
        let end = loop {
            let Some(&b) = bytes.get(at) else {
                break None;
            };
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if bytes[at..].starts_with(closer) => break Some(at + closer.len()),
                None if b == b'.' || b == b'[' || is_logic_word(&bytes[at..]) => chain += 1,
                None => {}
            }
            at += 1;
        };
        walked += end.unwrap_or(bytes.len()) - opening;
        if walked > budget {
            return usize::MAX / 2;
        }
        if end.is_some() {
            longest = longest.max(chain);
        }
    }
    longest
}

/// How deep blocks and brackets nest (see [`nesting_depth`]).
fn blocks_and_brackets(template: &str) -> usize {
    let bytes = template.as_bytes();
    let (mut blocks, mut brackets, mut deepest) = (0usize, 0usize, 0usize);
    // For each block counted open, the `elsif`s counted inside it.
    let mut branches: Vec<usize> = Vec::new();
    // Inside a tag: its closer, and the quote open in it, if any.
    let mut closer: Option<&[u8]> = None;
    let mut quote: Option<u8> = None;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        match b {
            b'[' | b'(' => {
                brackets += 1;
                deepest = deepest.max(blocks + brackets);
            }
            b']' | b')' => brackets = brackets.saturating_sub(1),
            _ => {}
        }
        if b == b'{' && bytes.get(at + 1) == Some(&b'%') {
            let name = template[at + 2..]
                .trim_start_matches(|c: char| c == '-' || c.is_whitespace())
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
                .unwrap_or("");
            if BLOCK_TAGS.contains(&name) {
                blocks += 1;
                branches.push(0);
                deepest = deepest.max(blocks + brackets);
            } else if name == "elsif" {
                blocks += 1;
                if let Some(count) = branches.last_mut() {
                    *count += 1;
                }
                deepest = deepest.max(blocks + brackets);
            }
            if closer.is_none() {
                if name == "raw" && is_bare_tag(&template[at + 2..], "raw") {
                    at = memchr::memmem::find(&bytes[at..], b"endraw")
                        .map_or(bytes.len(), |e| at + e);
                    continue;
                }
                if name.starts_with("end") {
                    let elsifs = branches.pop().unwrap_or(0);
                    blocks = blocks.saturating_sub(1 + elsifs);
                }
                closer = Some(b"%}");
                at += 2;
                continue;
            }
        }
        match closer {
            None if b == b'{' && bytes.get(at + 1) == Some(&b'{') => {
                closer = Some(b"}}");
                at += 2;
                continue;
            }
            Some(end) => match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if bytes[at..].starts_with(end) => {
                    closer = None;
                    at += end.len();
                    continue;
                }
                None => {}
            },
            None => {}
        }
        at += 1;
    }
    deepest
}

/// Whether `tag`, the text after `{%`, is `name` alone (`{% raw %}`, `{%- raw -%}`).
fn is_bare_tag(tag: &str, name: &str) -> bool {
    let Some(rest) = tag
        .trim_start_matches(|c: char| c == '-' || c.is_whitespace())
        .strip_prefix(name)
    else {
        return false;
    };
    // The name ends at a space or at the closer: `raw-` is another name.
    let rest = rest.trim_start();
    rest.starts_with("%}") || rest.starts_with("-%}")
}

/// Whether `rest` starts with `or` or `and`, wherever they stand: the engine needs no
/// space around them (`"a"or"b"`), so they are counted also inside words (`order`).
fn is_logic_word(rest: &[u8]) -> bool {
    rest.starts_with(b"or") || rest.starts_with(b"and")
}

/// Why a template is not given to the Liquid engine, if it nests too deep.
fn too_deep(template: &str) -> Option<String> {
    (nesting_depth(template) > MAX_NESTING).then(|| {
        format!(
            "its Liquid nests more than {MAX_NESTING} levels deep (blocks inside blocks and \
             `elsif` branches, or brackets, path segments and `or`/`and` inside one tag), \
             beyond what the engine can take"
        )
    })
}

/// The Liquid engine of one run, built on first use (most books have no Liquid at all).
pub struct Liquid {
    parser: OnceLock<Result<Engine, String>>,
    site: Object,
    includes: std::path::PathBuf,
    /// Why `_includes` is not read at all: a symbolic link out of the book. Only
    /// `{% include %}` is refused then; `{{ page.x }}` and the rest still render.
    includes_refused: Option<String>,
}

/// The parser with every include it could take, and the includes it was not given.
struct Engine {
    parser: liquid::Parser,
    /// Files of `_includes` not given to the parser (name as included), with the reason.
    refused: HashMap<String, String>,
}

impl Liquid {
    pub fn new(ctx: &Context) -> Liquid {
        let mut site_json = serde_json::Value::Object(ctx.site.data.clone());
        if let Some(map) = site_json.as_object_mut() {
            for key in ["baseurl", "url"] {
                map.entry(key).or_insert_with(|| "".into());
            }
            if let Some(title) = &ctx.settings.title {
                map.entry("title").or_insert_with(|| title.clone().into());
            }
        }
        let site = liquid::model::to_object(&site_json).unwrap_or_default();
        Liquid {
            parser: OnceLock::new(),
            site,
            includes: ctx.src_dir.join("_includes"),
            includes_refused: crate::paths::join_inside(&ctx.src_dir, "_includes").err(),
        }
    }

    fn engine(&self) -> Result<&Engine, String> {
        self.parser
            .get_or_init(|| {
                let mut source = liquid::partials::InMemorySource::new();
                let mut refused = HashMap::new();
                if self.includes_refused.is_none() && self.includes.is_dir() {
                    for entry in walkdir::WalkDir::new(&self.includes)
                        .max_depth(8)
                        .into_iter()
                        .filter_map(Result::ok)
                        .filter(|e| e.file_type().is_file())
                        .take(1_000)
                    {
                        let Ok(name) = entry.path().strip_prefix(&self.includes) else {
                            continue;
                        };
                        let name = crate::paths::slashed(name);
                        match std::fs::read_to_string(entry.path()) {
                            Ok(text) => match too_deep(&text) {
                                None => {
                                    source.add(name, text);
                                }
                                Some(why) => {
                                    refused.insert(name, why);
                                }
                            },
                            Err(e) => {
                                refused.insert(name, format!("cannot be read: {e}"));
                            }
                        }
                    }
                }
                let builder = language::builder()
                    .filter(language::bounded(Box::new(liquid_lib::jekyll::Slugify)))
                    .filter(language::bounded(Box::new(date::Date)))
                    .filter(language::bounded(Box::new(RelativeUrl)))
                    .filter(language::bounded(Box::new(AbsoluteUrl)))
                    .partials(liquid::partials::EagerCompiler::new(source));
                // Parses every include: one the engine cannot read fails here, once.
                let parser = guarded(|| builder.build().map_err(|e| e.to_string()))
                    .map_err(|why| format!("in `_includes`: {why}"))?;
                Ok(Engine { parser, refused })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Says why the engine cannot find an include, when the include is a file of
    /// `_includes` that was refused.
    fn explain_missing_include(&self, engine: &Engine, error: &str) -> Option<String> {
        if !error.contains("Unknown partial") {
            return None;
        }
        let name = error_context(error, "requested partial")?;
        let why = engine.refused.get(&name)?;
        Some(format!("`_includes/{name}` is not used: {why}"))
    }

    /// Renders a Liquid fragment for a page: an output expression (`{{ … }}`) or an
    /// `{% include %}` tag.
    fn render(&self, fragment: &str, page: &Object) -> Result<String, String> {
        let engine = self.engine()?;
        let parser = &engine.parser;
        if let Some(why) = too_deep(fragment) {
            return Err(why.replacen("its Liquid", "the tag", 1));
        }
        let template = guarded(|| {
            parser
                .parse(fragment)
                .map_err(|e| syntax_error(&e.to_string()))
        })?;
        // A missing name or key is `nil`, as in Jekyll (see [`lax`]).
        let globals = lax::Globals(vec![("site", &self.site), ("page", page)]);
        let error = match guarded(|| render_bounded(&template, &globals)) {
            Ok(text) => return Ok(text),
            Err(e) => e,
        };
        if let Some(why) = self.explain_missing_include(engine, &error) {
            return Err(why);
        }
        if fragment.starts_with("{%") {
            // An include stops at the first value the `liquid` crate will not look up (a key
            // of a loop variable or of an `assign`ed value that is missing): say which,
            // rather than leave a hole in the page.
            return Err(match missing_value(&error) {
                Some(path) => format!(
                    "`{path}` is missing, and the Liquid engine stops there where Jekyll reads nil"
                ),
                None => render_error(&error),
            });
        }
        if missing_value(&error).is_some() {
            // An output expression on a missing value prints nothing, as in Jekyll.
            return Ok(String::new());
        }
        // The crate's filters refuse `nil` where Jekyll's take it as empty
        // (`{{ page.tags | join: ", " }}` on a page without tags prints nothing). Looked up
        // strictly, a missing value stops the expression before the filter: then it prints
        // nothing; any other error is the page's.
        let strict = HashMap::<KStringRef<'_>, &dyn ValueView>::from([
            (
                KStringRef::from_static("site"),
                &self.site as &dyn ValueView,
            ),
            (KStringRef::from_static("page"), page as &dyn ValueView),
        ]);
        match guarded(|| render_bounded(&template, &strict)) {
            Err(again) if missing_value(&again).is_some() => Ok(String::new()),
            _ => Err(render_error(&error)),
        }
    }

    /// Whether `_includes/name` exists; a name that leads out of `_includes` (absolute, `..`,
    /// a symbolic link, also to another file of the book, as Jekyll's safe mode refuses it)
    /// is refused, with the reason.
    fn include_exists(&self, name: &str) -> Result<bool, String> {
        if let Some(why) = &self.includes_refused {
            return Err(why.clone());
        }
        crate::paths::join_inside_of(&self.includes, "`_includes`", name).map(|path| path.is_file())
    }
}

/// Renders `template`, failing once the page's Liquid has written more than
/// [`loops::MAX_OUTPUT`] bytes (a loop or includes that write without end).
fn render_bounded(template: &liquid::Template, globals: &dyn ObjectView) -> Result<String, String> {
    let mut output = loops::PageOutput::default();
    match template.render_to(&mut output, globals) {
        Ok(()) => Ok(output.into_string()),
        // The engine replaces the writer's error with its own words.
        Err(_) if output.over => Err(loops::output_exceeded("")),
        Err(e) => Err(e.to_string()),
    }
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Set when a panic inside a guarded call comes from this crate's own code (a filter,
    /// the include tag): a bug, which [`guarded`] lets go on rather than report as the
    /// page's problem.
    static OWN_PANIC: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside a guarded call to the `liquid` crate.
pub fn panic_is_guarded() -> bool {
    GUARDED.with(std::cell::Cell::get)
}

/// For a panic hook: whether the panic happening now, at source file `file`, is one that
/// is caught on purpose and reported as an error about the page (it comes from the
/// `liquid` crates, inside a guarded call), so that the hook stays silent. A panic of this
/// crate's own code inside a guarded call is a bug: it is marked, and goes on unwinding.
pub fn panic_is_guarded_at(file: &str) -> bool {
    if !panic_is_guarded() {
        return false;
    }
    let in_liquid = Path::new(file).components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_some_and(|name| name == "liquid" || name.starts_with("liquid-"))
    });
    if !in_liquid {
        OWN_PANIC.with(|p| p.set(true));
    }
    in_liquid
}

/// Runs `call`, a parse or render by the `liquid` crate, turning a panic inside it into
/// an error: liquid-core panics on input it cannot read, such as an integer beyond 64 bits
/// (`{{ 99999999999999999999 }}`), and liquid-lib's filters on arithmetic that overflows
/// (`{{ -9223372036854775808 | divided_by: -1 }}`).
///
/// Where a panic hook calls [`panic_is_guarded_at`] (the binary's does), a panic of this
/// crate's own code is not turned into an error: it goes on unwinding, as a bug should.
fn guarded<T>(call: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let outer = GUARDED.with(|g| g.replace(true));
    OWN_PANIC.with(|p| p.set(false));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(call));
    GUARDED.with(|g| g.set(outer));
    match result {
        Ok(value) => value,
        Err(payload) if OWN_PANIC.with(|p| p.replace(false)) => std::panic::resume_unwind(payload),
        Err(payload) => Err(panic_message(payload.as_ref())),
    }
}

/// What a caught panic of the `liquid` crates means, in words.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let reason = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    if reason.contains("ParseIntError") {
        "the Liquid engine cannot read a number this large (more than 64 bits)".to_string()
    } else if reason.contains("overflow") {
        format!(
            "the Liquid engine stopped on arithmetic beyond 64-bit integers ({})",
            first_line(&reason)
        )
    } else {
        format!(
            "the Liquid engine could not read this: {}",
            first_line(&reason)
        )
    }
}

/// When a render error only says that a variable or key does not exist, the path that was
/// asked for (`x.title`), as far as the error names it.
fn missing_value(message: &str) -> Option<String> {
    let first = first_line(message);
    if !(first.contains("Unknown index") || first.contains("Unknown variable")) {
        return None;
    }
    let context = |key: &str| error_context(message, key);
    Some(match (context("variable"), context("requested index")) {
        (Some(variable), Some(index)) => format!("{variable}.{index}"),
        _ => context("requested variable").unwrap_or_else(|| "a value".to_string()),
    })
}

/// A `key=value` line of the context the `liquid` crate gives with an error.
fn error_context(message: &str, key: &str) -> Option<String> {
    message.lines().find_map(|line| {
        let (name, value) = line.trim().split_once('=')?;
        (name.trim() == key).then(|| value.trim().to_string())
    })
}

/// A render error in one line: the crate's message, its cause and, for a filter, which
/// filter was given what (`liquid: Invalid input (Array of strings expected), in the
/// filter `join: ", "` given `nil``).
fn render_error(message: &str) -> String {
    let mut out = first_line(message.strip_prefix("liquid: ").unwrap_or(message));
    if let Some(cause) = error_context(message, "cause") {
        out.push_str(&format!(" ({cause})"));
    }
    if let Some(filter) = error_context(message, "filter") {
        out.push_str(&format!(", in the filter `{filter}`"));
        if let Some(input) = error_context(message, "input") {
            out.push_str(&format!(" given `{input}`"));
        }
    }
    out
}

/// A parse error of the `liquid` crate in one line: where (its `--> line:column`) and what
/// was expected (its `= expected …` line), rather than only the position.
fn syntax_error(message: &str) -> String {
    let first = first_line(message);
    let at = first
        .rsplit_once("--> ")
        .and_then(|(_, at)| at.split_once(':'))
        .map(|(_, column)| column.trim().to_string());
    let expected = message
        .lines()
        .find_map(|line| line.trim().strip_prefix("= "))
        .map(str::to_string);
    match (at, expected) {
        (Some(column), Some(expected)) => format!(
            "the Liquid engine cannot read it at character {column} of the expression: {expected}"
        ),
        _ => first,
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

/// The `page` object of a page: its front matter, with `url`, `path` and `title`.
pub fn page_object(
    front_matter: &serde_json::Map<String, serde_json::Value>,
    url: &str,
    source: &Path,
) -> Object {
    let mut page = front_matter.clone();
    page.insert("url".into(), url.into());
    page.insert("path".into(), crate::paths::slashed(source).into());
    liquid::model::to_object(&serde_json::Value::Object(page)).unwrap_or_default()
}

/// One page as the Liquid stage sees it.
pub struct LiquidPage<'a> {
    pub text: &'a str,
    pub file: &'a Path,
    pub first_line: usize,
    pub page: Object,
    pub locator: markdown::Locator<'a>,
}

impl LiquidPage<'_> {
    fn at(&self, offset: usize, d: Diagnostic) -> Diagnostic {
        let (line, column) = self.locator.locate(offset);
        d.at(self.file, Some(self.first_line + line - 1))
            .column(column)
    }
}

/// The result of the Liquid stage on one page.
#[derive(Debug, Default)]
pub struct LiquidEdits {
    pub edits: Vec<Edit>,
    /// Ranges (in the page as given) between `{% raw %}` and `{% endraw %}`: later stages
    /// must leave them alone.
    pub raw: Vec<Range<usize>>,
    /// The code ranges (and extents, when parsed) of the page as given, so the next stage
    /// need not parse it again.
    pub layout: markdown::Layout,
}

/// Whether a page may hold Liquid (a cheap test before any parsing).
pub fn may_hold_liquid(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"{%").is_some()
        || memchr::memmem::find_iter(bytes, b"{{")
            .any(|at| !matches!(bytes.get(at + 2), Some(b'#' | b'/')))
}

/// Finds the Liquid in a page. `link_url` gives the Jekyll URL of a page by its source path
/// (relative to `src`), for `{% link %}`.
pub fn liquid_edits(
    page: &LiquidPage<'_>,
    liquid: &Liquid,
    link_url: &dyn Fn(&str) -> Option<String>,
    diags: &mut Diagnostics,
) -> LiquidEdits {
    loops::start_page();
    let text = page.text;
    let bytes = text.as_bytes();
    let layout = markdown::layout(text);
    let mut in_code = CodeCursor::new(&layout.code);
    let mut out = LiquidEdits::default();
    // Every closing `}}` and every `{% tag %}` of the page, found once: looking for the
    // end of a tag is then a binary search, even on a page full of unclosed tags.
    let output_closers: Vec<usize> = memchr::memmem::find_iter(bytes, b"}}").collect();
    let tags = Tags::new(text);
    // Bytes walked by `opens_another_tag`, for its bound.
    let mut walked = 0;
    // Variables that tags left as written set: what reads them is left as written too.
    let mut unset = UnsetVariables::default();
    let mut pos = 0;
    while let Some(found) = memchr::memchr(b'{', &bytes[pos..]) {
        let at = pos + found;
        pos = at + 1;
        let next = bytes.get(at + 1).copied();
        if next != Some(b'%') && next != Some(b'{') {
            continue;
        }
        if next == Some(b'{') && matches!(bytes.get(at + 2), Some(b'#' | b'/')) {
            continue;
        }
        let code_range = in_code.containing(at);
        let closers = if next == Some(b'%') {
            &tags.closers
        } else {
            &output_closers
        };
        let Some(end) = next_at_or_after(closers, at + 2).map(|i| i + 2) else {
            continue;
        };
        if next == Some(b'{') {
            if code_range.is_some() {
                continue;
            }
            if let Some(warning) = unset.read_by(&text[at + 2..end - 2], &text[at..end]) {
                diags.push(page.at(at, warning));
                pos = end;
                continue;
            }
            match liquid.render(&text[at..end], &page.page) {
                // What Jekyll prints is text, never a directive for mdBook.
                Ok(rendered) => out.edits.push(Edit::new(
                    at..end,
                    crate::markdown::mdbook_inert(&rendered).into_owned(),
                )),
                Err(why) => diags.push(page.at(
                    at,
                    Diagnostic::warning(
                        "liquid",
                        format!(
                            "cannot render `{}`: {why}; it is left as written",
                            crate::diagnostics::excerpt(&text[at..end])
                        ),
                    ),
                )),
            }
            pos = end;
            continue;
        }
        // A tag left as written is skipped whole (an expression inside it is not rendered on
        // its own), unless another `{%` opens before its `%}`, outside its quoted values:
        // then this one is never closed, and the scan goes on inside it.
        let closed = !opens_another_tag(bytes, at + 2, end - 2, &mut walked);
        let inner =
            text[at + 2..end - 2].trim_start_matches(|c: char| c == '-' || c.is_whitespace());
        // Name characters only: without a space, the first word could run to the far `%}`.
        let name = tag_name(inner);
        let args = inner[name.len()..].trim().trim_end_matches('-').trim_end();
        // How the tag shows in messages: its first word, at most 120 characters.
        let shown = crate::diagnostics::excerpt(inner);
        let shown = shown.split_whitespace().next().unwrap_or("");
        match name {
            "raw" => {
                let Some((close_start, close_end)) = tags.find(end, "endraw") else {
                    diags.push(page.at(at, Diagnostic::warning("liquid", "`{% raw %}` is never closed by `{% endraw %}`; it is left as written")));
                    continue;
                };
                out.edits.push(Edit::new(whole_line(text, at..end), String::new()));
                // What mdBook's `links` would expand stays as written.
                for (at, insert) in markdown::mdbook_literal_insertions(text, end..close_start) {
                    out.edits.push(Edit::new(at..at, insert.to_string()));
                }
                out.edits.push(Edit::new(whole_line(text, close_start..close_end), String::new()));
                out.raw.push(end..close_start);
                pos = close_end;
                // Code ranges after the raw block are still ahead of the cursor.
            }
            // Nothing else inside code is touched (but a later `{% raw %}` in the same
            // block is still a marker to remove).
            _ if code_range.is_some() => {}
            "comment" => match tags.find(end, "endcomment") {
                Some((_, close_end)) => {
                    out.edits.push(Edit::new(at..close_end, String::new()));
                    pos = close_end;
                }
                None => diags.push(page.at(at, Diagnostic::warning("liquid", "`{% comment %}` is never closed by `{% endcomment %}`; it is left as written"))),
            },
            "highlight" => match tags.find(end, "endhighlight") {
                Some((close_start, close_end)) => {
                    let mut language = args.split_whitespace().next().unwrap_or("");
                    // Jekyll refuses any other language name; written after the fence, a
                    // backtick in it made the fence text, and the rest of the page code
                    // (found by a red-team review).
                    if !language.chars().all(|c| c.is_ascii_alphanumeric() || "._+#-".contains(c)) {
                        diags.push(page.at(at, Diagnostic::warning("liquid", format!("`{{% highlight {language} %}}` names its language with characters Jekyll refuses (a language is letters, digits and `.+#_-`); the code is shown without a language"))));
                        language = "";
                    }
                    out.edits.extend(highlight_fences(text, at..end, close_start..close_end, language));
                    pos = close_end;
                }
                None => diags.push(page.at(at, Diagnostic::warning("liquid", "`{% highlight %}` is never closed by `{% endhighlight %}`; it is left as written"))),
            },
            // Another `{%` opens before this tag's `%}`: Jekyll would read the whole span as
            // one broken tag. It is left as written, and the scan goes on inside it. (Read
            // as a tag, its arguments ran to that far `%}`: thousands of such tags before
            // one closer made the page's time grow with their square.)
            _ if !closed => diags.push(page.at(
                at,
                Diagnostic::warning(
                    "liquid",
                    format!(
                        "`{{% {shown}` is never closed: another `{{%` opens before its `%}}`; it is left as written"
                    ),
                )
                .help("close the tag with `%}` on its line"),
            )),
            _ if let Some(warning) = (matches!(name, "link" | "include"))
                .then(|| unset.read_by(&reads_of_arguments(name, args), &text[at..end]))
                .flatten() =>
            {
                diags.push(page.at(at, warning));
                pos = end;
            }
            "link" => {
                // Its `{{ … }}`, if any, belongs to it (as in Jekyll 4: the path may hold
                // Liquid), not to be rendered on its own.
                pos = end;
                // The whole of the tag is the path (which may hold spaces).
                let target = if args.contains("{{") {
                    liquid.render(args, &page.page).map(|path| path.trim().to_string())
                } else {
                    Ok(args.trim_matches(|c| c == '"' || c == '\'').to_string())
                };
                let target = match target {
                    Ok(target) => target,
                    Err(why) => {
                        diags.push(page.at(at, Diagnostic::warning("liquid", format!("cannot render `{}`: {why}; it is left as written", crate::diagnostics::excerpt(&text[at..end])))));
                        continue;
                    }
                };
                match link_url(&target) {
                    Some(url) => out.edits.push(Edit::new(at..end, url)),
                    None => diags.push(page.at(
                        at,
                        Diagnostic::warning("broken-link", format!("`{{% link {target} %}}` names no page (paths are relative to the site's root); it is left as written")),
                    )),
                }
            }
            "include" => {
                pos = end;
                let (file, parameters) = match include_name(args, liquid, &page.page) {
                    Ok(named) => named,
                    Err(why) => {
                        diags.push(page.at(at, Diagnostic::warning("liquid", format!("cannot render `{}`: {why}; it is left as written", crate::diagnostics::excerpt(&text[at..end])))));
                        continue;
                    }
                };
                let problem = match liquid.include_exists(&file) {
                    Ok(true) => None,
                    Ok(false) => Some(format!("the site has no `_includes/{file}`")),
                    Err(why) => Some(format!("refused: {why} (includes are read from `_includes/` only, as in Jekyll's safe mode)")),
                };
                if let Some(problem) = problem {
                    diags.push(page.at(
                        at,
                        Diagnostic::warning("liquid", format!("`{{% include {file} %}}`: {problem}; it is left as written")),
                    ));
                    continue;
                }
                // The name quoted: the engine reads `cards/note.html` unquoted as a division.
                let tag = format!("{{% include \"{file}\"{parameters} %}}");
                match liquid.render(&tag, &page.page) {
                    Ok(rendered) => out.edits.push(Edit::new(at..end, crate::markdown::mdbook_inert(&rendered).into_owned())),
                    Err(why) => diags.push(page.at(at, Diagnostic::warning("liquid", format!("cannot render `{}`: {why}; it is left as written", crate::diagnostics::excerpt(&text[at..end]))))),
                }
            }
            "endraw" | "endcomment" | "endhighlight" => {
                pos = end;
                let opening = &name[3..];
                diags.push(page.at(
                    at,
                    Diagnostic::warning(
                        "liquid",
                        format!("`{{% {name} %}}` closes nothing: no `{{% {opening} %}}` opens before it; it is left as written"),
                    )
                    .help(format!("remove it, or open the block with `{{% {opening} %}}`")),
                ));
            }
            _ => {
                pos = end;
                unset.kept(name, args);
                diags.push(page.at(
                    at,
                    Diagnostic::warning(
                        "liquid",
                        format!("the Liquid tag `{{% {shown} %}}` is not supported and is left as written"),
                    )
                    .help("wrap it in {% raw %}…{% endraw %} if it should show as text, or remove it"),
                ));
            }
        }
    }
    LiquidEdits { layout, ..out }
}

/// The variables that tags left as written would set: the loop variable of a `for` or
/// `tablerow` (and `forloop`, `tablerowloop`) up to its end tag, the name of an `assign`,
/// `capture`, `increment` or `decrement` from there on. Jekyll renders what reads them
/// with their values; here they have none, and such an output rendered alone would
/// print nothing (found by a red-team review: `{{ a }}` in a `{% for a in … %}` vanished).
#[derive(Default)]
struct UnsetVariables {
    /// The loops open, innermost last: their variable and their tag's name.
    loops: Vec<(String, &'static str)>,
    /// The loop variables open, by name: how many loops set each, and the innermost's tag.
    /// Looked up, not searched: a page of thousands of tags and outputs stays linear.
    looping: HashMap<String, (usize, &'static str)>,
    /// How many `for` and `tablerow` loops are open (`forloop`, `tablerowloop`).
    open_fors: usize,
    open_tablerows: usize,
    assigned: HashMap<String, &'static str>,
}

impl UnsetVariables {
    /// Takes note of a tag left as written.
    fn kept(&mut self, name: &str, args: &str) {
        // Liquid's names hold `-` (`owner-name`), as `variables_read` reads them.
        let first_word = || {
            let args = args.trim_start();
            let first = args.bytes().next()?;
            let len = args
                .bytes()
                .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
                .unwrap_or(args.len());
            (first.is_ascii_alphabetic() || first == b'_').then(|| args[..len].to_string())
        };
        match name {
            "for" | "tablerow" => {
                let Some(variable) = first_word() else {
                    return;
                };
                let tag = if name == "for" { "for" } else { "tablerow" };
                let entry = self.looping.entry(variable.clone()).or_insert((0, tag));
                *entry = (entry.0 + 1, tag);
                *(if tag == "for" {
                    &mut self.open_fors
                } else {
                    &mut self.open_tablerows
                }) += 1;
                self.loops.push((variable, tag));
            }
            "endfor" | "endtablerow" => {
                let Some((variable, tag)) = self.loops.pop() else {
                    return;
                };
                *(if tag == "for" {
                    &mut self.open_fors
                } else {
                    &mut self.open_tablerows
                }) -= 1;
                if let Some(entry) = self.looping.get_mut(&variable) {
                    entry.0 -= 1;
                    if entry.0 == 0 {
                        self.looping.remove(&variable);
                    }
                }
            }
            "assign" | "capture" | "increment" | "decrement" => {
                let tag = match name {
                    "assign" => "assign",
                    "capture" => "capture",
                    "increment" => "increment",
                    _ => "decrement",
                };
                if let Some(variable) = first_word() {
                    self.assigned.insert(variable, tag);
                }
            }
            _ => {}
        }
    }

    /// The tag that sets `variable`, if a tag left as written does.
    fn setter(&self, variable: &str) -> Option<&'static str> {
        if let Some(&(_, tag)) = self.looping.get(variable) {
            return Some(tag);
        }
        match variable {
            "forloop" if self.open_fors > 0 => Some("for"),
            "tablerowloop" if self.open_tablerows > 0 => Some("tablerow"),
            _ => self.assigned.get(variable).copied(),
        }
    }

    /// A warning when `expression` (`shown` as written) reads a variable that a tag left
    /// as written sets: it is then left as written too.
    fn read_by(&self, expression: &str, shown: &str) -> Option<Diagnostic> {
        if self.loops.is_empty() && self.assigned.is_empty() {
            return None;
        }
        let (variable, tag) = variables_read(expression)
            .find_map(|variable| self.setter(variable).map(|tag| (variable, tag)))?;
        Some(
            Diagnostic::warning(
                "liquid",
                format!(
                    "`{}` reads `{variable}`, which a `{{% {tag} %}}` tag left as written sets; it is left as written too",
                    crate::diagnostics::excerpt(shown)
                ),
            )
            .help("move the tags into an include (`_includes/`), where the whole of Liquid runs, and include it"),
        )
    }
}

/// The part of an `include` or `link` tag's arguments that Liquid reads as expressions:
/// the `{{ … }}` inside a `link` path or an include's name, and an include's parameter
/// values (not its file name, nor the parameters' names).
fn reads_of_arguments(tag: &str, args: &str) -> String {
    let outputs = |text: &str| {
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            let inner = &rest[open + 2..];
            let close = inner.find("}}").unwrap_or(inner.len());
            out.push_str(&inner[..close]);
            out.push(' ');
            rest = &inner[close..];
        }
        out
    };
    if tag == "link" {
        return outputs(args);
    }
    let args = args.trim_start();
    // The file name runs to the first white space outside `{{ … }}`.
    let mut name_end = args.len();
    let mut depth = 0usize;
    for (i, c) in args.char_indices() {
        if args[i..].starts_with("{{") {
            depth += 1;
        } else if args[i..].starts_with("}}") {
            depth = depth.saturating_sub(1);
        } else if c.is_whitespace() && depth == 0 {
            name_end = i;
            break;
        }
    }
    let mut reads = outputs(&args[..name_end]);
    reads.push_str(&args[name_end..]);
    reads
}

/// The names an expression reads as variables: words outside quoted strings that do not
/// follow `.` (a property) or `|` (a filter), nor stand before `=` or `:` (a parameter's or
/// a filter argument's name).
fn variables_read(expression: &str) -> impl Iterator<Item = &str> {
    let bytes = expression.as_bytes();
    let mut at = 0;
    let mut quote = None;
    let mut previous = b' ';
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let b = bytes[at];
            if let Some(q) = quote {
                if b == q {
                    quote = None;
                }
                at += 1;
                continue;
            }
            if b == b'"' || b == b'\'' {
                quote = Some(b);
                previous = b;
                at += 1;
                continue;
            }
            if b.is_ascii_alphabetic() || b == b'_' {
                let start = at;
                while at < bytes.len()
                    && (bytes[at].is_ascii_alphanumeric() || matches!(bytes[at], b'_' | b'-'))
                {
                    at += 1;
                }
                let follows = previous;
                previous = b'a';
                let next = expression[at..].trim_start().as_bytes();
                let named = matches!(next, [b':', ..])
                    || matches!(next, [b'=', rest @ ..] if rest.first() != Some(&b'='));
                if follows != b'.' && follows != b'|' && !named {
                    return Some(&expression[start..at]);
                }
                continue;
            }
            if !b.is_ascii_whitespace() {
                previous = b;
            }
            at += 1;
        }
        None
    })
}

/// A tag's name: the name characters `inner` (the tag after `{%`) starts with.
fn tag_name(inner: &str) -> &str {
    let end = inner
        .find(|c: char| !c.is_alphanumeric() && c != '_')
        .unwrap_or(inner.len());
    &inner[..end]
}

/// Whether another `{%` opens in `bytes[from..to]` (a tag's inside) outside the tag's
/// quoted values: `{% include note.html text="a {% b" %}` is one tag, as Jekyll reads it.
/// Every tag of a page walks its inside until such an opening; past [`MAX_NESTING`] times
/// the page's length of walking in all (`walked`), a tag counts as not closed, which
/// keeps the page's work linear (it is then left as written, with a warning).
fn opens_another_tag(bytes: &[u8], from: usize, to: usize, walked: &mut usize) -> bool {
    let budget = MAX_NESTING.saturating_mul(bytes.len() + 1);
    let mut quote = None;
    for (at, &b) in bytes[from..to].iter().enumerate() {
        *walked += 1;
        if *walked > budget {
            return true;
        }
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'{' && bytes.get(from + at + 1) == Some(&b'%') => return true,
            None => {}
        }
    }
    false
}

/// The file an `{% include %}` names, from the tag's arguments: written as is
/// (`note.html`, quoted or not), or, as Jekyll allows, holding Liquid expressions
/// (`{{ page.box }}`, `cards/{{ page.kind }}.html`), which are then rendered; and the
/// parameters after it.
fn include_name<'a>(
    args: &'a str,
    liquid: &Liquid,
    page: &Object,
) -> Result<(String, &'a str), String> {
    // The name runs to the first white space outside `{{ … }}`.
    let mut end = 0;
    while end < args.len() {
        let rest = &args[end..];
        if rest.starts_with("{{") {
            let Some(close) = rest.find("}}") else {
                return Err("the name's `{{` is never closed by `}}`".to_string());
            };
            end += close + 2;
        } else if rest.starts_with(char::is_whitespace) {
            break;
        } else {
            end += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    let (written, parameters) = args.split_at(end);
    if !written.contains("{{") {
        let file = written.trim_matches(|c| c == '"' || c == '\'');
        return Ok((file.to_string(), parameters));
    }
    let name = liquid.render(written, page)?;
    let name = name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) || name.contains('"') {
        return Err(format!(
            "the name `{written}` gives {}",
            if name.is_empty() {
                "nothing".to_string()
            } else {
                format!("`{name}`, not a file name")
            }
        ));
    }
    Ok((name.to_string(), parameters))
}

/// The first of `sorted` at or after `from`.
fn next_at_or_after(sorted: &[usize], from: usize) -> Option<usize> {
    sorted.get(sorted.partition_point(|&x| x < from)).copied()
}

/// The blocks whose text Liquid keeps to itself: `{% raw %}`, `{% comment %}` and
/// `{% highlight %}`, each from its tag to its end tag (what `migrate` must not rewrite).
pub fn verbatim_blocks(text: &str) -> Vec<Range<usize>> {
    let tags = Tags::new(text);
    let mut opening: Vec<(usize, usize, &str)> = [
        ("raw", "endraw"),
        ("comment", "endcomment"),
        ("highlight", "endhighlight"),
    ]
    .into_iter()
    .flat_map(|(name, end)| {
        tags.by_name
            .get(name)
            .into_iter()
            .flatten()
            .map(move |&(start, close)| (start, close, end))
    })
    .collect();
    opening.sort_unstable();
    let mut out = Vec::new();
    let mut covered = 0;
    for (start, close, end_name) in opening {
        if start < covered {
            continue;
        }
        if let Some((_, end)) = tags.find(close, end_name) {
            out.push(start..end);
            covered = end;
        }
    }
    out
}

/// The `{% name … %}` tags of a page, by name.
struct Tags<'t> {
    /// Offsets of every `%}`.
    closers: Vec<usize>,
    by_name: HashMap<&'t str, Vec<(usize, usize)>>,
}

impl<'t> Tags<'t> {
    fn new(text: &'t str) -> Tags<'t> {
        let bytes = text.as_bytes();
        let closers: Vec<usize> = memchr::memmem::find_iter(bytes, b"%}").collect();
        let mut by_name: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for start in memchr::memmem::find_iter(bytes, b"{%") {
            let Some(close) = next_at_or_after(&closers, start + 2) else {
                break;
            };
            let inner =
                text[start + 2..close].trim_start_matches(|c: char| c == '-' || c.is_whitespace());
            by_name
                .entry(tag_name(inner))
                .or_default()
                .push((start, close + 2));
        }
        Tags { closers, by_name }
    }

    /// The next `{% name %}` tag (nothing else inside) at or after `from`: (start, end).
    fn find(&self, from: usize, name: &str) -> Option<(usize, usize)> {
        let tags = self.by_name.get(name)?;
        let first = tags.partition_point(|&(start, _)| start < from);
        tags[first..].first().copied()
    }
}

/// The edits that make `{% highlight lang %}…{% endhighlight %}` a fenced code block: each
/// tag becomes a fence on a line of its own, in the container (quote, list item) the
/// opening tag stands in, and the code between stays as written. The fence is longer than
/// any run of backticks in the code, so no line of it closes the block early.
fn highlight_fences(
    text: &str,
    open: Range<usize>,
    close: Range<usize>,
    language: &str,
) -> Vec<Edit> {
    let line_start = |at: usize| line_start(text, at);
    let line_end = |at: usize| line_end(text, at);
    let before_open = &text[line_start(open.start)..open.start];
    let (container, prefix_len) = crate::edit::container_prefix(before_open);
    let code = &text[open.end..close.start];
    let longest_run = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    // A line holding nothing but a container's indentation and markers.
    let blank = |line: &str| line.chars().all(|c| matches!(c, ' ' | '\t' | '>' | '\r'));
    let close_line = line_start(close.start);
    // The opening fence: on a line of its own, and the code after it on the next. As in
    // Jekyll, blank lines at the start and the end of the code are dropped.
    let mut opening = String::new();
    if prefix_len < before_open.len() {
        opening.extend(["\n", &container]);
    }
    opening.extend([&fence, language]);
    let mut open_to = open.end;
    if !text[open.end..line_end(open.end)].trim().is_empty() {
        opening.extend(["\n", &container]);
    } else if line_end(open.end) < close_line {
        let mut body_start = line_end(open.end) + 1;
        while body_start < close_line && blank(&text[body_start..line_end(body_start)]) {
            body_start = line_end(body_start) + 1;
        }
        opening.push('\n');
        open_to = body_start;
    }
    // The closing fence: what stands before the tag on its line is kept unless it is only
    // the container's indentation and markers, which the fence takes from the opening.
    let before_close = &text[close_line..close.start];
    let (close_from, mut closing) = if blank(before_close) {
        let mut from = close_line;
        while from > open_to && blank(&text[line_start(from - 1)..from - 1]) {
            from = line_start(from - 1);
        }
        (from.max(open_to), container.clone())
    } else {
        (close.start, format!("\n{container}"))
    };
    closing.push_str(&fence);
    if !text[close.end..line_end(close.end)].trim().is_empty() {
        closing.extend(["\n", &container]);
    }
    let mut edits = vec![Edit::new(open.start..open_to, opening)];
    // The code's lines go in the fence's container, which Jekyll does not ask of them: a
    // line at the first column would leave a list item or a quote, ending the fence early.
    // In a list item, unless every line is indented as the item is, each line gets the
    // item's indentation (the code keeps its own); in a quote, each line without `>` gets
    // the quote's markers.
    // Code on the opening tag's line follows the fence's own line, which has its container.
    let first_body_line = if open_to > 0 && text.as_bytes()[open_to - 1] != b'\n' {
        line_end(open_to) + 1
    } else {
        open_to
    };
    if !container.is_empty() && first_body_line < close_from {
        let body_lines: Vec<usize> = std::iter::successors(Some(first_body_line), |&at| {
            let next = line_end(at) + 1;
            (next < close_from).then_some(next)
        })
        .collect();
        let quoted = container.contains('>');
        let indented = |at: usize| {
            let line = &text[at..line_end(at)];
            line.trim().is_empty() || line.starts_with(container.as_str())
        };
        let all_indented = body_lines.iter().all(|&at| indented(at));
        for &at in &body_lines {
            let line = &text[at..line_end(at)];
            let needs = if quoted {
                !line.trim_start().starts_with('>')
            } else {
                !all_indented
            };
            if needs {
                edits.push(Edit::new(at..at, container.clone()));
            }
        }
    }
    edits.push(Edit::new(close_from..close.end, closing));
    edits
}

/// Where the line holding byte `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Where the line holding byte `at` ends (its `\n`, or the end of the text).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// The range widened to its whole line (newline included) when nothing else is on it.
fn whole_line(text: &str, range: Range<usize>) -> Range<usize> {
    let line_start = line_start(text, range.start);
    let line_end = (line_end(text, range.end) + 1).min(text.len());
    let alone = text[line_start..range.start].trim().is_empty()
        && text[range.end..line_end].trim().is_empty();
    if alone { line_start..line_end } else { range }
}

#[cfg(test)]
mod tests;
