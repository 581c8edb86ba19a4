//! Properties that hold for any input: text the preprocessor is not asked to change leaves
//! as it came, every page is placed exactly once, and the output is deterministic.

use mdbook_jekyll::context::Context;
use mdbook_jekyll::frontmatter::{self, parse_yaml};
use mdbook_jekyll::nav::{self, NavFields, NavPage, OwnedNavPage};
use mdbook_jekyll::options::NavSort;
use mdbook_jekyll::pages;
use mdbook_jekyll::preprocessor::{process, process_request};
use mdbook_jekyll::read_ahead::ReadAhead;
use mdbook_preprocessor::book::{BookItem, Chapter};
use proptest::prelude::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

fn config() -> serde_json::Value {
    json!({"book": {"src": "src"}, "preprocessor": {"jekyll": {"before": ["links"]}}, "output": {"html": {"no-section-label": true}}})
}

/// Runs the pipeline on top-level chapters `(path, content)` of a book in a temporary folder.
fn run(chapters: &[(String, String)]) -> Vec<BookItem> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    let items = chapters
        .iter()
        .map(|(path, content)| {
            BookItem::Chapter(Chapter::new("x", content.clone(), path, Vec::new()))
        })
        .collect();
    process(
        dir.path().to_path_buf(),
        &config(),
        "html",
        Some("0.5.4"),
        items,
    )
    .items
}

fn chapters(items: &[BookItem]) -> Vec<&Chapter> {
    let mut out = Vec::new();
    for item in items {
        if let BookItem::Chapter(ch) = item {
            if ch.path.is_some() {
                out.push(ch);
            }
            out.extend(chapters(&ch.sub_items));
        }
    }
    out
}

fn content_of<'a>(items: &'a [BookItem], path: &str) -> &'a str {
    chapters(items)
        .into_iter()
        .find(|ch| ch.path.as_deref() == Some(Path::new(path)))
        .map(|ch| ch.content.as_str())
        .unwrap_or_else(|| panic!("{path} is in the book"))
}

/// Markdown-ish text: words, punctuation, code, lists, HTML, CRLF and non-ASCII.
fn markdown_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9 ,.!?éü世]{1,12}",
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\n\n".to_string()),
            Just("`code`".to_string()),
            Just("\n```\nfenced\n```\n".to_string()),
            Just("# Heading\n".to_string()),
            Just("- item\n".to_string()),
            Just("<div>\n".to_string()),
            Just("---\n".to_string()),
            Just("[link](elsewhere)".to_string()),
            Just("{{ x }}".to_string()),
            Just("{% raw %}".to_string()),
            Just("{: .note }\n".to_string()),
            Just("\\{{#best-practices}}".to_string()),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// Text in which no stage of the preprocessor finds anything to do on a page with front
/// matter: no `{`, no `/` (no closing tags, no site paths).
fn inert_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9 ,.!?éü世]{1,12}",
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("`code`".to_string()),
            Just("# Heading\n".to_string()),
            Just("- item\n".to_string()),
            Just("[text](page)".to_string()),
            Just("<b>bold<b>".to_string()),
        ],
        0..30,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// A chapter with neither front matter nor shortcodes leaves byte for byte.
    #[test]
    fn chapters_without_front_matter_or_shortcodes_are_untouched(text in markdown_text()) {
        prop_assume!(!text.starts_with("---") && !text.starts_with("\u{feff}---"));
        prop_assume!(!text.contains("{{#") && !text.contains("{{/"));
        let items = run(&[("a.md".to_string(), text.clone())]);
        prop_assert_eq!(content_of(&items, "a.md"), text.as_str());
    }

    /// Only the front matter and the shortcode spans change: every other byte of the
    /// chapter survives, in order.
    #[test]
    fn only_front_matter_and_shortcodes_change(
        title in "[A-Za-z][A-Za-z0-9 ]{0,20}",
        parts in proptest::collection::vec(inert_text(), 1..6),
        names in proptest::collection::vec(("[A-Za-z<>&\"][A-Za-z0-9 <>&]{0,15}", 0..6usize, 0..4usize), 0..5),
    ) {
        // The card stands alone, after text on its line, in a list item or a quote, with
        // text after it or not: its block is fitted to the line, the rest kept.
        const BEFORE: [&str; 6] = ["\n\n", "\n", " ", "\n- ", "\n> ", "\n1. a "];
        const AFTER: [&str; 4] = ["\n\n", "\n", " ", ""];
        let mut body = String::new();
        for (i, part) in parts.iter().enumerate() {
            body.push_str(part);
            if let Some((name, before, after)) = names.get(i) {
                let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
                body.push_str(BEFORE[*before]);
                body.push_str(&format!("{{{{#service-card name=\"{quoted}\" description=\"d\"}}}}"));
                body.push_str(AFTER[*after]);
            }
        }
        let page = format!("---\ntitle: \"{title}\"\n---\n{body}");
        let items = run(&[("p.md".to_string(), page)]);
        let out = content_of(&items, "p.md");
        let mut at = 0;
        for part in &parts {
            let found = out[at..].find(part.as_str());
            prop_assert!(found.is_some(), "{:?} is not in {:?} after byte {}", part, out, at);
            at += found.unwrap() + part.len();
        }
        prop_assert!(!out.contains("{{#service-card"));
        prop_assert!(!out.contains("title:"));
    }

    /// The output is deterministic: the same book gives the same bytes.
    #[test]
    fn output_is_deterministic(texts in proptest::collection::vec(markdown_text(), 1..6)) {
        let chapters: Vec<(String, String)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("c{i}.md"), format!("---\ntitle: T{}\nparent: T{}\n---\n{t}", i, i / 2)))
            .collect();
        let first = serde_json::to_string(&run(&chapters)).unwrap();
        let second = serde_json::to_string(&run(&chapters)).unwrap();
        prop_assert_eq!(first, second);
    }
}

/// A page of a generated site: title, parent, grand_parent, nav_order, exclusion.
#[derive(Debug, Clone)]
struct Spec {
    title: Option<u8>,
    parent: Option<u8>,
    grand_parent: Option<u8>,
    order: Option<i8>,
    excluded: bool,
    hides_children: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        proptest::option::weighted(0.9, 0u8..12),
        proptest::option::weighted(0.7, 0u8..12),
        proptest::option::weighted(0.2, 0u8..12),
        proptest::option::of(-3i8..6),
        proptest::bool::weighted(0.1),
        proptest::bool::weighted(0.1),
    )
        .prop_map(
            |(title, parent, grand_parent, order, excluded, hides_children)| Spec {
                title,
                parent,
                grand_parent,
                order,
                excluded,
                hides_children,
            },
        )
}

fn yaml(spec: &Spec) -> String {
    let mut yaml = String::new();
    if let Some(t) = spec.title {
        yaml.push_str(&format!("title: \"T{t}\"\n"));
    }
    if let Some(p) = spec.parent {
        yaml.push_str(&format!("parent: \"T{p}\"\n"));
    }
    if let Some(g) = spec.grand_parent {
        yaml.push_str(&format!("grand_parent: \"T{g}\"\n"));
    }
    if let Some(o) = spec.order {
        yaml.push_str(&format!("nav_order: {o}\n"));
    }
    if spec.excluded {
        yaml.push_str("nav_exclude: true\n");
    }
    if spec.hides_children {
        yaml.push_str("has_children: false\n");
    }
    yaml
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Every titled page is placed exactly once (in the sidebar or outside it), and a
    /// titled page whose parent is a unique, visible page that takes it is in the sidebar
    /// under that page.
    #[test]
    fn every_titled_page_is_placed_once(specs in proptest::collection::vec(spec(), 0..30)) {
        let pages: Vec<OwnedNavPage> = specs
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let yaml = yaml(s);
                let data = parse_yaml(&yaml, 2).unwrap();
                let mut diags = Default::default();
                let fields = NavFields::read(&data, &yaml, Path::new("p.md"), &mut diags);
                OwnedNavPage { file: PathBuf::from(format!("p{i:02}.md")), yaml, fields }
            })
            .collect();
        let views: Vec<NavPage<'_>> = pages.iter().map(OwnedNavPage::view).collect();
        let (nav, _) = nav::build(&views, NavSort::CaseSensitive);
        let mut placed = vec![0; pages.len()];
        for node in &nav.nodes {
            placed[node.page] += 1;
        }
        for (i, page) in pages.iter().enumerate() {
            prop_assert_eq!(placed[i], usize::from(page.fields.title.is_some()), "page {} {:?}", i, specs[i]);
        }
        // Top-level titled pages that are not excluded are in the sidebar.
        for (i, s) in specs.iter().enumerate() {
            if s.title.is_some() && s.parent.is_none() && !s.excluded {
                prop_assert!(nav.visible_node_of_page(i).is_some(), "top-level page {} is visible", i);
            }
        }
        // A child of a unique visible parent that accepts it is visible under it.
        for (i, s) in specs.iter().enumerate() {
            let (Some(t), Some(p)) = (s.title, s.parent) else { continue };
            if s.excluded || s.grand_parent.is_some() || t == p {
                continue;
            }
            let parents: Vec<usize> = (0..specs.len()).filter(|&q| specs[q].title == Some(p)).collect();
            let [q] = parents[..] else { continue };
            let Some(q_node) = nav.visible_node_of_page(q) else { continue };
            let depth = {
                let mut d = 1;
                let mut n = q_node;
                while let Some(up) = nav.nodes[n].parent { d += 1; n = up; }
                d
            };
            let q_top_level = specs[q].parent.is_none();
            let p_is_top_title = specs.iter().any(|x| x.parent.is_none() && x.title == Some(p));
            let mut ancestor_titles = vec![specs[q].title];
            let mut n = q_node;
            while let Some(up) = nav.nodes[n].parent { ancestor_titles.push(specs[nav.nodes[up].page].title); n = up; }
            if specs[q].hides_children || depth >= nav::MAX_DEPTH || (p_is_top_title && !q_top_level) || ancestor_titles.contains(&Some(t)) {
                continue;
            }
            // Another page with the same title as this one may have taken its place only
            // if it is the same page; each page is placed once, so check this page.
            let Some(node) = nav.visible_node_of_page(i) else {
                return Err(TestCaseError::fail(format!("page {i} {s:?} under visible {q} is not in the sidebar")));
            };
            prop_assert_eq!(nav.nodes[node].parent, Some(q_node), "page {} is under page {}", i, q);
        }
    }
}

/// Every page of the input is in the output book, in the navigation or not.
#[test]
fn every_page_of_the_input_is_built() {
    let chapters: Vec<(String, String)> = (0..60)
        .map(|i| {
            let front = match i % 6 {
                0 => "---\ntitle: Root\n---\n".to_string(),
                1 => format!("---\ntitle: C{i}\nparent: Root\n---\n"),
                2 => format!("---\ntitle: C{i}\nparent: Missing\n---\n"),
                3 => format!("---\ntitle: C{i}\nnav_exclude: true\n---\n"),
                4 => format!("---\nnav_order: {i}\n---\n"),
                _ => String::new(),
            };
            (format!("c{i:02}.md"), format!("{front}text {i}\n"))
        })
        .collect();
    let items = run(&chapters);
    let mut built: Vec<String> = chapters_paths(&items);
    built.sort();
    let mut expected: Vec<String> = chapters.iter().map(|(p, _)| p.clone()).collect();
    expected.sort();
    assert_eq!(built, expected);
}

fn chapters_paths(items: &[BookItem]) -> Vec<String> {
    chapters(items)
        .into_iter()
        .map(|ch| ch.path.as_ref().unwrap().display().to_string())
        .collect()
}

/// A line of front matter: YAML pieces and the characters JSON escapes.
fn yaml_line() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("title: ".to_string()),
            Just("parent: ".to_string()),
            Just("nav_order: ".to_string()),
            Just("x: [".to_string()),
            Just("- ".to_string()),
            Just("\"".to_string()),
            Just("\\".to_string()),
            Just("\t".to_string()),
            Just("\u{1}".to_string()),
            Just("\u{feff}".to_string()),
            Just("---".to_string()),
            Just("...".to_string()),
            "T[0-3]",
            "[a-zA-Z0-9 :#é世]{1,8}",
        ],
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

/// The start of a page: an opening line, YAML lines, and a closing line or none, with line
/// ends of both kinds.
fn page_start() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("---"), Just("--- "), Just("---x")],
        proptest::collection::vec(yaml_line(), 0..5),
        prop_oneof![
            Just("---"),
            Just("..."),
            Just("---\t"),
            Just("-- "),
            Just("")
        ],
        prop_oneof![Just("\n"), Just("\r\n")],
    )
        .prop_map(|(open, lines, close, end)| {
            let mut start = format!("{open}{end}");
            for line in lines {
                start.push_str(&line);
                start.push_str(end);
            }
            start.push_str(close);
            start
        })
}

/// Top-level chapters `c0.md`, `c1.md`, … starting with `starts`, and the mdBook 0.5
/// request that carries them for a book at `root`.
fn book_and_request(root: &Path, starts: &[String]) -> (Vec<BookItem>, Vec<u8>) {
    let items: Vec<BookItem> = starts
        .iter()
        .enumerate()
        .map(|(i, start)| {
            let content = format!("{start}\nbody {i}\n");
            BookItem::Chapter(Chapter::new("x", content, format!("c{i}.md"), Vec::new()))
        })
        .collect();
    let request = serde_json::to_vec(&json!([
        {"root": root, "config": config(), "renderer": "html", "mdbook_version": "0.5.4"},
        {"items": items}
    ]))
    .unwrap();
    (items, request)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Front matter read ahead from the request's JSON text gives the pages and the
    /// findings that reading each chapter's own text gives.
    #[test]
    fn front_matter_read_ahead_changes_nothing(
        starts in proptest::collection::vec(page_start(), 1..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (items, request) = book_and_request(dir.path(), &starts);
        let ahead = ReadAhead::scan(&request, &AtomicBool::new(false));
        // Every complete block was read ahead (by its YAML text, so equal blocks once).
        let blocks: std::collections::HashSet<&str> = items
            .iter()
            .filter_map(|item| match item {
                BookItem::Chapter(chapter) => match frontmatter::find_block(&chapter.content) {
                    frontmatter::Scan::Block(block) => Some(block.yaml),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        prop_assert_eq!(ahead.len(), blocks.len());
        let read = |ahead: ReadAhead| {
            let (ctx, mut diags) = Context::new(dir.path().to_path_buf(), &config(), "html", Some("0.5.4"));
            let (chapters, _) = pages::take_apart(items.clone());
            let pages = pages::read_pages(chapters, true, &ctx, &mut diags, ahead);
            (format!("{pages:?}"), format!("{diags:?}"))
        };
        prop_assert_eq!(read(ahead), read(ReadAhead::default()));
    }

    /// The same through the binary's whole path, where the read ahead stops when the
    /// request is read (so it covers part of the book, or none).
    #[test]
    fn a_run_from_the_request_is_a_run_from_the_items(
        starts in proptest::collection::vec(page_start(), 1..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        let (items, request) = book_and_request(dir.path(), &starts);
        let (from_request, _) = process_request(&request).unwrap();
        let from_process = process(dir.path().to_path_buf(), &config(), "html", Some("0.5.4"), items);
        prop_assert_eq!(&from_request.items, &from_process.items);
        let findings = |p: &mdbook_jekyll::preprocessor::Processed| -> Vec<String> {
            p.diagnostics.iter().map(|d| format!("{d:?}")).collect()
        };
        prop_assert_eq!(findings(&from_request), findings(&from_process));
    }
}
