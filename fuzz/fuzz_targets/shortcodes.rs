//! The shortcode scanner and expander alone: any text as a chapter without front matter
//! (where the text stage does nothing but shortcodes) in a small site whose parent page
//! has children, a services catalog, and user templates.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;
use mdbook_jekyll::preprocessor::process;
use mdbook_preprocessor::book::{BookItem, Chapter};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A book folder with a catalog and a user shortcode template, made once.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        common::book_folder(
            "shortcodes",
            &[
                (
                    "_data/services.yml",
                    "AWS IAM: Manages access.\nAmazon S3: Stores <objects>.\n",
                ),
                (
                    "header.html",
                    "<header>{{ title }} / {{ page.title }}</header>",
                ),
            ],
        )
    })
}

fn page(title: &str, extra: &str, path: &str) -> BookItem {
    BookItem::Chapter(Chapter::new(
        title,
        format!("---\ntitle: {title}\n{extra}---\n"),
        path,
        Vec::new(),
    ))
}

fuzz_target!(|data: &[u8]| {
    common::abort_on_uncaught_panics();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A leading line end: the text can never be read as front matter.
    let body = format!("\n{text}");
    let config = serde_json::json!({
        "book": {"src": "src"},
        "preprocessor": {"jekyll": {
            "before": ["links"],
            "shortcodes": {"page-header": "header.html"},
        }},
    });
    let items = vec![
        page(
            "A",
            "has_children: true\nservices:\n  - AWS IAM\n  - name: X\n    description: <b>y</b>\n",
            "a.md",
        ),
        page("B1", "parent: A\nnav_order: 2\n", "b1.md"),
        page("B2", "parent: A\nnav_order: 1\n", "b2.md"),
        BookItem::Chapter(Chapter::new("p", body.clone(), "p.md", Vec::new())),
    ];
    let processed = process(root().clone(), &config, "html", Some("0.5.4"), items);
    let p = common::chapter(&processed.items, "p.md").expect("the plain chapter is in the book");
    // Without a shortcode tag the chapter comes out byte for byte.
    if !text.contains("{{#") && !text.contains("{{/") {
        assert_eq!(p.content, body);
    }
    // Every finding about the chapter names its file and line.
    for d in processed.diagnostics.iter() {
        if d.file.as_deref() == Some(Path::new("src/p.md")) {
            assert!(d.line.is_some(), "{d:?}");
        }
    }
});
