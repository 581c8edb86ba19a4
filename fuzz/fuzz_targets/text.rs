//! The text stage (Liquid, shortcodes, kramdown, links) through the whole pipeline, on a
//! page with front matter and on a plain chapter.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_jekyll::preprocessor::process;
use mdbook_preprocessor::book::{BookItem, Chapter};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A book folder with a catalog, an include and a site configuration, made once.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("mdbook-jekyll-fuzz-{}", std::process::id()));
        let src = root.join("src");
        std::fs::create_dir_all(src.join("_data")).unwrap();
        std::fs::create_dir_all(src.join("_includes")).unwrap();
        std::fs::write(src.join("_data/services.yml"), "AWS IAM: Manages access.\n").unwrap();
        std::fs::write(src.join("_includes/note.html"), "<p>{{ include.text }}</p>").unwrap();
        std::fs::write(
            src.join("_config.yml"),
            "title: Fuzz\nbaseurl: /base\ncallouts:\n  note:\n    title: Note\n",
        )
        .unwrap();
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = serde_json::json!({"book": {"src": "src"}, "preprocessor": {"jekyll": {"before": ["links"]}}});
    let items = vec![
        BookItem::Chapter(Chapter::new(
            "a",
            format!("---\ntitle: A\nhas_children: true\n---\n{text}"),
            "docs/a.md",
            Vec::new(),
        )),
        BookItem::Chapter(Chapter::new("b", text.to_string(), "b.md", Vec::new())),
        BookItem::Chapter(Chapter::new(
            "c",
            "---\ntitle: C\nparent: A\n---\n".to_string(),
            "docs/c.md",
            Vec::new(),
        )),
    ];
    let processed = process(root().clone(), &config, "html", Some("0.5.4"), items);
    // A plain chapter without shortcodes is never changed.
    if !text.contains("{{#")
        && !text.contains("{{/")
        && !text.starts_with("---")
        && !text.starts_with("\u{feff}")
    {
        let b = processed.items.iter().find_map(|item| match item {
            BookItem::Chapter(ch) if ch.path.as_deref() == Some(std::path::Path::new("b.md")) => {
                Some(ch)
            }
            _ => None,
        });
        if let Some(b) = b {
            assert_eq!(b.content, text);
        }
    }
});
