//! The `[preprocessor.jekyll]` table of `book.toml`, read tolerantly.
//!
//! mdBook 0.4 and 0.5 serialize the configuration differently, so the rest of the crate never
//! sees mdBook's `Config` type: [`BookSettings`] takes the handful of values it needs out of
//! the configuration as JSON, whichever way it arrived (the preprocessor protocol, mdBook's
//! Rust API, or `book.toml` read by the `check` and `summary` commands).

use crate::diagnostics::Diagnostic;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Keys of `[preprocessor.jekyll]` that mdBook itself reads.
const MDBOOK_KEYS: &[&str] = &[
    "command",
    "renderers",
    "renderer",
    "before",
    "after",
    "optional",
];

/// Every option this preprocessor reads, with its default, as the README documents them.
pub const OPTIONS: &[(&str, &str)] = &[
    ("invalid-front-matter", "\"error\""),
    ("strict", "false"),
    ("nav-sort", "from `_config.yml`, else \"case-sensitive\""),
    ("discover-pages", "true"),
    ("site-config", "\"_config.yml\""),
    ("services", "\"_data/services.yml\""),
    ("children-toc", "true"),
    ("shortcodes", "none (a table of name = template path)"),
];

/// What to do with a front matter block that is not valid YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InvalidFrontMatter {
    /// Fail the build, naming the file, line and column.
    #[default]
    Error,
    /// Warn, and keep the block as page text (the page then has no front matter).
    Warn,
}

/// How pages without a numeric `nav_order` are compared by text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NavSort {
    /// Byte order, as Just the Docs does by default: all capitals before lowercase.
    #[default]
    CaseSensitive,
    /// ASCII case folded, as `nav_sort: case_insensitive` in `_config.yml`.
    CaseInsensitive,
}

impl NavSort {
    /// Parses the spellings Just the Docs and this preprocessor accept.
    pub fn parse(text: &str) -> Option<NavSort> {
        match text.to_ascii_lowercase().replace('-', "_").as_str() {
            "case_insensitive" => Some(NavSort::CaseInsensitive),
            "case_sensitive" => Some(NavSort::CaseSensitive),
            _ => None,
        }
    }
}

/// The options of `[preprocessor.jekyll]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub invalid_front_matter: InvalidFrontMatter,
    /// Any diagnostic, notes included, fails the build.
    pub strict: bool,
    /// `None`: use the site's `_config.yml` (`nav_sort`), else case-sensitive.
    pub nav_sort: Option<NavSort>,
    /// Add pages with front matter that `SUMMARY.md` does not list.
    pub discover_pages: bool,
    /// The Jekyll site configuration, relative to the book's `src` directory.
    pub site_config: PathBuf,
    /// The services catalog, relative to `src`.
    pub services: String,
    /// User shortcodes: name -> HTML template path, relative to `src`.
    pub shortcodes: BTreeMap<String, String>,
    /// Add Just the Docs' "Table of contents" of child pages at the end of parent pages.
    pub children_toc: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            invalid_front_matter: InvalidFrontMatter::Error,
            strict: false,
            nav_sort: None,
            discover_pages: true,
            site_config: PathBuf::from("_config.yml"),
            services: "_data/services.yml".to_string(),
            shortcodes: BTreeMap::new(),
            children_toc: true,
        }
    }
}

impl Options {
    /// Reads the table; unknown keys and wrong types become diagnostics (unknown keys are
    /// warnings, wrong values errors), never a panic or a silent default.
    pub fn from_table(table: Option<&Value>) -> (Options, Vec<Diagnostic>) {
        let mut options = Options::default();
        let mut problems = Vec::new();
        let Some(table) = table else {
            return (options, problems);
        };
        let Some(map) = table.as_object() else {
            problems.push(config_error(
                "the [preprocessor.jekyll] entry must be a table",
            ));
            return (options, problems);
        };
        for (key, value) in map {
            let key = key.as_str();
            match key {
                "invalid-front-matter" => match value.as_str() {
                    Some("error") => options.invalid_front_matter = InvalidFrontMatter::Error,
                    Some("warn") => options.invalid_front_matter = InvalidFrontMatter::Warn,
                    _ => problems.push(wrong_value(key, value, "\"error\" or \"warn\"")),
                },
                "strict" => match value.as_bool() {
                    Some(b) => options.strict = b,
                    None => problems.push(wrong_value(key, value, "true or false")),
                },
                "nav-sort" => match value.as_str().and_then(NavSort::parse) {
                    Some(sort) => options.nav_sort = Some(sort),
                    None => problems.push(wrong_value(
                        key,
                        value,
                        "\"case-sensitive\" or \"case-insensitive\"",
                    )),
                },
                "discover-pages" => match value.as_bool() {
                    Some(b) => options.discover_pages = b,
                    None => problems.push(wrong_value(key, value, "true or false")),
                },
                "site-config" => match value.as_str() {
                    Some(path) => options.site_config = PathBuf::from(path),
                    None => problems.push(wrong_value(key, value, "a path")),
                },
                "children-toc" => match value.as_bool() {
                    Some(b) => options.children_toc = b,
                    None => problems.push(wrong_value(key, value, "true or false")),
                },
                "services" => match value.as_str() {
                    Some(path) => options.services = path.to_string(),
                    None => problems.push(wrong_value(key, value, "a path")),
                },
                "shortcodes" => match value.as_object() {
                    Some(table) => {
                        for (name, path) in table {
                            match path.as_str() {
                                Some(path) => {
                                    options.shortcodes.insert(name.clone(), path.to_string());
                                }
                                None => problems.push(config_error(format!(
                                    "[preprocessor.jekyll.shortcodes] {name} = {path} is not valid: expected the path of an HTML template"
                                ))),
                            }
                        }
                    }
                    None => problems.push(wrong_value(
                        key,
                        value,
                        "a table of name = \"template path\"",
                    )),
                },
                _ if MDBOOK_KEYS.contains(&key) => {}
                _ => {
                    let known: Vec<&str> = OPTIONS.iter().map(|(k, _)| *k).collect();
                    let mut d = Diagnostic::warning(
                        "unknown-option",
                        format!("unknown option `{key}` in [preprocessor.jekyll]; it is ignored"),
                    )
                    .at("book.toml", None);
                    d = match crate::suggest::closest(key, known.iter().copied(), 1).first() {
                        Some(best) => d.help(format!("did you mean `{best}`?")),
                        None => d.help(format!("known options: {}", known.join(", "))),
                    };
                    problems.push(d);
                }
            }
        }
        (options, problems)
    }
}

fn config_error(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error("invalid-option", message).at("book.toml", None)
}

fn wrong_value(key: &str, value: &Value, expected: &str) -> Diagnostic {
    config_error(format!(
        "[preprocessor.jekyll] {key} = {value} is not valid: expected {expected}"
    ))
}

/// What the preprocessor needs from a book's whole configuration.
#[derive(Debug, Clone)]
pub struct BookSettings {
    /// The book's source directory, relative to the book root.
    pub src: PathBuf,
    /// `book.title`.
    pub title: Option<String>,
    /// The `[preprocessor.jekyll]` table, if present.
    pub table: Option<Value>,
    /// `output.html.no-section-label`, if set.
    pub no_section_label: Option<bool>,
    /// `output.html.admonitions` (mdBook 0.5; on unless set to false).
    pub admonitions: bool,
}

impl BookSettings {
    /// Reads the configuration as JSON (`book.toml` converted, or the protocol's `config`).
    pub fn from_config(config: &Value) -> BookSettings {
        let book = config.get("book");
        BookSettings {
            src: book
                .and_then(|b| b.get("src"))
                .and_then(Value::as_str)
                .map_or_else(|| PathBuf::from("src"), PathBuf::from),
            title: book
                .and_then(|b| b.get("title"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            table: config
                .get("preprocessor")
                .and_then(|p| p.get("jekyll"))
                .cloned(),
            no_section_label: config
                .get("output")
                .and_then(|o| o.get("html"))
                .and_then(|h| h.get("no-section-label"))
                .and_then(Value::as_bool),
            admonitions: config
                .get("output")
                .and_then(|o| o.get("html"))
                .and_then(|h| h.get("admonitions"))
                .and_then(Value::as_bool)
                .unwrap_or(true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_without_a_table() {
        let (options, problems) = Options::from_table(None);
        assert_eq!(options, Options::default());
        assert!(problems.is_empty());
    }

    #[test]
    fn reads_every_option() {
        let table = json!({
            "command": "mdbook-jekyll", "before": ["links"],
            "invalid-front-matter": "warn", "strict": true, "nav-sort": "case_insensitive",
            "discover-pages": false, "site-config": "site.yml"
        });
        let (options, problems) = Options::from_table(Some(&table));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(options.invalid_front_matter, InvalidFrontMatter::Warn);
        assert!(options.strict);
        assert_eq!(options.nav_sort, Some(NavSort::CaseInsensitive));
        assert!(!options.discover_pages);
        assert_eq!(options.site_config, PathBuf::from("site.yml"));
    }

    #[test]
    fn unknown_options_are_named_with_a_suggestion() {
        let (_, problems) = Options::from_table(Some(&json!({"stirct": true})));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("`stirct`"));
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `strict`?"));
    }

    #[test]
    fn wrong_types_are_errors() {
        let (options, problems) = Options::from_table(Some(&json!({"strict": "yes"})));
        assert!(!options.strict);
        assert_eq!(problems[0].severity, crate::diagnostics::Severity::Error);
        assert!(problems[0].message.contains("strict"));
    }

    #[test]
    fn book_settings_from_both_config_shapes() {
        let v04 = json!({"book": {"src": "content", "title": "T", "multilingual": false},
                         "output": {"html": {"no-section-label": true}}});
        let s = BookSettings::from_config(&v04);
        assert_eq!(s.src, PathBuf::from("content"));
        assert_eq!(s.no_section_label, Some(true));
        let v05 = json!({"book": {"title": "T", "text-direction": null}});
        assert_eq!(BookSettings::from_config(&v05).src, PathBuf::from("src"));
    }
}
