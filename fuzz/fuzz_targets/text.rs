//! The text stage (Liquid, shortcodes, kramdown, links) through the whole pipeline, on a
//! page with front matter and on a plain chapter. The includes read parameters, the page and
//! the site through `if`, `for`, `assign` and filters.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;
use mdbook_jekyll::preprocessor::process;
use mdbook_preprocessor::book::{BookItem, Chapter};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A book folder with a catalog, an include and a site configuration, made once.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        common::book_folder(
            "text",
            &[
                ("_data/services.yml", "AWS IAM: Manages access.\n"),
                ("_includes/note.html", "<p>{{ include.text }}</p>"),
                (
                    "_includes/card.html",
                    "{% if include.title %}<h3>{{ include.title | escape }}</h3>{% endif %}\
                     {% for item in include.items %}<li>{{ item.name | default: item }}</li>{% endfor %}\
                     {% assign n = include.n | plus: 1 %}{{ n }} {{ page.title | upcase }}\
                     {{ include.text | default: site.title | relative_url }}",
                ),
                // Loops whose ranges, limits and columns come from the page.
                (
                    "_includes/loops.html",
                    "{% for i in (include.a..include.b) limit: include.n offset: include.o %}\
                     {{ forloop.index }}{{ forloop.parentloop.index }}{% if i == include.stop %}{% break %}{% endif %}\
                     {% for j in include.items reversed %}{{ j }}{% else %}-{% endfor %}{% endfor %}\
                     {% tablerow x in include.items cols: include.c offset: include.o %}{{ x }}{{ tablerow.col }}{% endtablerow %}\
                     {% for pair in page %}{{ pair[0] }}{% endfor %}",
                ),
                (
                    "_config.yml",
                    "title: Fuzz\nbaseurl: /base\ncallouts:\n  note:\n    title: Note\n",
                ),
            ],
        )
    })
}

fuzz_target!(|data: &[u8]| {
    common::abort_on_uncaught_panics();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = serde_json::json!({"book": {"src": "src"}, "preprocessor": {"jekyll": {"before": ["links"]}}});
    let items = vec![
        BookItem::Chapter(Chapter::new(
            "a",
            format!("---\ntitle: A\nhas_children: true\nlist: [a, {{name: b}}]\nx: 1\n---\n{text}"),
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
        let b = common::chapter(&processed.items, "b.md");
        if let Some(b) = b {
            assert_eq!(b.content, text);
        }
    }
});
