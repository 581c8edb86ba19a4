//! Helpers for unit tests that run the whole pipeline on small books held in memory.

use crate::diagnostics::Severity;
use crate::preprocessor::{Processed, process};
use mdbook_preprocessor::book::{BookItem, Chapter};
use serde_json::json;

pub struct Run {
    pub _dir: tempfile::TempDir,
    pub processed: Processed,
}

impl Run {
    pub fn content(&self, path: &str) -> String {
        fn find(items: &[BookItem], path: &str) -> Option<String> {
            items.iter().find_map(|item| match item {
                BookItem::Chapter(ch) => {
                    if ch.path.as_deref() == Some(std::path::Path::new(path)) {
                        Some(ch.content.clone())
                    } else {
                        find(&ch.sub_items, path)
                    }
                }
                _ => None,
            })
        }
        find(&self.processed.items, path).unwrap_or_else(|| panic!("no chapter {path}"))
    }

    pub fn messages(&self, severity: Severity) -> Vec<String> {
        self.processed
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| d.to_string())
            .collect()
    }

    pub fn errors(&self) -> Vec<String> {
        self.messages(Severity::Error)
    }

    pub fn warnings(&self) -> Vec<String> {
        self.messages(Severity::Warning)
    }
}

/// Runs the pipeline on chapters listed at the top level of SUMMARY.md, with `files`
/// written under a temporary `src`.
pub fn run_with(
    renderer: &str,
    options: serde_json::Value,
    chapters: &[(&str, &str)],
    files: &[(&str, &str)],
) -> Run {
    run_as(renderer, None, options, chapters, files)
}

/// [`run_with`] as a given mdBook version calls.
pub fn run_as(
    renderer: &str,
    mdbook_version: Option<&str>,
    options: serde_json::Value,
    chapters: &[(&str, &str)],
    files: &[(&str, &str)],
) -> Run {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let full = dir.path().join("src").join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    let items = chapters
        .iter()
        .map(|(path, content)| {
            BookItem::Chapter(Chapter::new("x", content.to_string(), *path, Vec::new()))
        })
        .collect();
    let config = json!({
        "book": {"src": "src"},
        "preprocessor": {"jekyll": options},
        "output": {"html": {"no-section-label": true}}
    });
    let processed = process(
        dir.path().to_path_buf(),
        &config,
        renderer,
        mdbook_version,
        items,
    );
    Run {
        _dir: dir,
        processed,
    }
}
