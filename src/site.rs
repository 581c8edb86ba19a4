//! The Jekyll site configuration (`_config.yml` in the book's source directory).
//!
//! Only what changes how pages are found and ordered is interpreted here (`nav_sort`,
//! `exclude`, `include`); the whole mapping is kept for `site.*` values.

use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, FrontMatterMap};
use crate::options::NavSort;
use serde_json::Value;
use std::path::Path;

/// A parsed `_config.yml`; empty when the site has none.
#[derive(Debug, Clone, Default)]
pub struct SiteConfig {
    pub data: FrontMatterMap,
    /// Settings this preprocessor reads, given values it cannot use (warnings).
    pub problems: Vec<Diagnostic>,
}

impl SiteConfig {
    /// Reads `path` if it exists. `display_path` is how diagnostics name the file.
    pub fn load(path: &Path, display_path: &Path) -> Result<SiteConfig, Box<Diagnostic>> {
        let text = match crate::paths::read_text_file(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => {
                return Err(Box::new(
                    Diagnostic::error(
                        "site-config",
                        format!(
                            "cannot read the Jekyll site configuration: {}",
                            crate::paths::without_os_code(&e.to_string())
                        ),
                    )
                    .at(display_path, None),
                ));
            }
        };
        Self::parse(&text, display_path)
    }

    pub fn parse(text: &str, display_path: &Path) -> Result<SiteConfig, Box<Diagnostic>> {
        frontmatter::parse_yaml(text, 1)
            .map(|data| {
                let problems = unusable_settings(&data, text, display_path);
                SiteConfig { data, problems }
            })
            .map_err(|e| {
                Box::new(
                    Diagnostic::error(
                        "site-config",
                        format!(
                            "invalid YAML in the Jekyll site configuration: {}",
                            e.message
                        ),
                    )
                    .at(display_path, Some(e.line))
                    .column(e.column),
                )
            })
    }

    /// `nav_sort`, when set to a value Just the Docs knows.
    pub fn nav_sort(&self) -> Option<NavSort> {
        self.data
            .get("nav_sort")
            .and_then(Value::as_str)
            .and_then(NavSort::parse)
    }

    /// Entries of a list setting such as `exclude` or `include`.
    pub fn list(&self, key: &str) -> Vec<String> {
        match self.data.get(key) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            Some(Value::String(one)) => vec![one.clone()],
            _ => Vec::new(),
        }
    }
}

/// Warnings for the settings this preprocessor reads whose values it cannot use (found by
/// a red-team review: `url: [1, 2]`, `nav_sort: sideways` and a callout given as text were
/// ignored without a word).
fn unusable_settings(data: &FrontMatterMap, text: &str, file: &Path) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut warn = |key: &str, message: String| {
        let line = frontmatter::key_line(text, key).saturating_sub(1).max(1);
        problems.push(Diagnostic::warning("site-config", message).at(file, Some(line)));
    };
    for key in ["url", "baseurl"] {
        if let Some(value) = data.get(key)
            && !value.is_string()
            && !value.is_null()
        {
            warn(
                key,
                format!("`{key}` is {}, not text; it is not used", kind(value)),
            );
        }
    }
    match data.get("nav_sort") {
        Some(Value::String(sort)) if NavSort::parse(sort).is_some() => {}
        None | Some(Value::Null) => {}
        Some(other) => warn(
            "nav_sort",
            format!(
                "`nav_sort` is {}, which Just the Docs does not know (`case_sensitive` or `case_insensitive`); siblings are sorted as without it",
                shown(other)
            ),
        ),
    }
    for key in ["exclude", "include"] {
        match data.get(key) {
            None | Some(Value::Null | Value::String(_)) => {}
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {}
            Some(other) => warn(
                key,
                format!(
                    "`{key}` is {}; it is read as a list of paths and patterns, and entries that are not text are not used",
                    kind(other)
                ),
            ),
        }
    }
    match data.get("callouts") {
        None | Some(Value::Null) => {}
        Some(Value::Object(callouts)) => {
            for (name, settings) in callouts {
                if !settings.is_object() && !settings.is_null() {
                    warn(
                        "callouts",
                        format!(
                            "the callout `{name}` is {}, not a mapping of `title` and `color`; it keeps its default title and look",
                            kind(settings)
                        ),
                    );
                }
            }
        }
        Some(other) => warn(
            "callouts",
            format!(
                "`callouts` is {}, not a mapping of callout names; the default callouts are used",
                kind(other)
            ),
        ),
    }
    problems
}

/// What kind of YAML value `value` is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A value as a message quotes it: text in backticks, other values by their kind.
fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => format!("`{}`", crate::diagnostics::excerpt(text)),
        other => kind(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nav_sort_and_lists() {
        let site = SiteConfig::parse(
            "title: T\nnav_sort: case_insensitive\nexclude:\n  - drafts/\n  - \"*.tmp\"\n",
            Path::new("src/_config.yml"),
        )
        .unwrap();
        assert_eq!(site.nav_sort(), Some(NavSort::CaseInsensitive));
        assert_eq!(site.list("exclude"), ["drafts/", "*.tmp"]);
        assert!(site.list("include").is_empty());
    }

    #[test]
    fn settings_it_cannot_use_are_reported_on_their_line() {
        let text = "title: T\nurl: [1, 2]\nbaseurl: /b\nnav_sort: sideways\nexclude: 5\ncallouts:\n  warning: \"string\"\n  tip:\n    title: Tip\n";
        let site = SiteConfig::parse(text, Path::new("src/_config.yml")).unwrap();
        let problems: Vec<String> = site.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 4, "{problems:#?}");
        for expected in [
            "src/_config.yml:2: `url` is a list, not text; it is not used [site-config]",
            "src/_config.yml:4: `nav_sort` is `sideways`, which Just the Docs does not know",
            "src/_config.yml:5: `exclude` is a number; it is read as a list",
            "src/_config.yml:6: the callout `warning` is text, not a mapping of `title` and `color`",
        ] {
            assert!(
                problems.iter().any(|p| p.starts_with(expected)),
                "{expected}\n{problems:#?}"
            );
        }
        let fine = "url: https://x.org\nbaseurl: \"\"\nnav_sort: case_insensitive\nexclude: [a, b]\ninclude: _x\ncallouts:\n  warning:\n    color: red\n";
        assert!(
            SiteConfig::parse(fine, Path::new("c"))
                .unwrap()
                .problems
                .is_empty()
        );
    }

    #[test]
    fn invalid_yaml_names_the_file_and_line() {
        let err =
            SiteConfig::parse("title: T\nexclude: [a\n", Path::new("src/_config.yml")).unwrap_err();
        assert_eq!(err.file.as_deref(), Some(Path::new("src/_config.yml")));
        assert!(err.line.unwrap() >= 2, "{err}");
    }

    /// Found by a red-team review: the YAML reader's messages spoke of "front matter" for
    /// the site configuration too.
    #[test]
    fn messages_about_the_configuration_do_not_speak_of_front_matter() {
        let list = SiteConfig::parse("- a\n- b\n", Path::new("src/_config.yml")).unwrap_err();
        assert_eq!(
            list.message,
            "invalid YAML in the Jekyll site configuration: the YAML must be a mapping of `key: value` lines, found a list"
        );
        let bomb = format!("a: &a [x, x]\n{}", "b: [*a, *a, *a]\n".repeat(1_001));
        let bomb = SiteConfig::parse(&bomb, Path::new("src/_config.yml")).unwrap_err();
        assert!(
            bomb.message.starts_with(
                "invalid YAML in the Jekyll site configuration: the YAML uses more than 1,000 aliases"
            ),
            "{}",
            bomb.message
        );
    }
}
