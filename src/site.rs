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
            .map(|data| SiteConfig { data })
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
