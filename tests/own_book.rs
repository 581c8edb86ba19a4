//! The project's own user guide (`book/`) builds with the preprocessor, in strict mode (any
//! finding fails), with mdBook 0.5 and 0.4.52.

mod common;

use std::path::Path;

fn guide() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/book"))
}

fn command() -> String {
    common::binary().display().to_string()
}

#[test]
fn the_guide_builds_with_mdbook_05() {
    let out = tempfile::tempdir().unwrap();
    let mut config = mdbook_driver::config::Config::from_disk(guide().join("book.toml")).unwrap();
    config
        .set("preprocessor.jekyll.command", command())
        .unwrap();
    config.build.build_dir = out.path().to_path_buf();
    let book = mdbook_driver::MDBook::load_with_config(guide(), config).unwrap();
    book.build()
        .expect("the guide builds cleanly in strict mode");
    let toc = std::fs::read_to_string(out.path().join("toc.html")).unwrap();
    let sidebar = common::titles(&common::sidebar_of(&out.path().join("toc.html")));
    assert_eq!(
        sidebar.first().map(String::as_str),
        Some("Introduction"),
        "{toc}"
    );
    assert!(sidebar.len() >= 8, "{sidebar:?}");
    // Found by a red-team review: the guide showed `{{#include /etc/hostname}}` as the
    // building machine's name (mdBook's `links` expands it, in code too).
    let guarantees = std::fs::read_to_string(out.path().join("guarantees.html")).unwrap();
    assert!(
        guarantees.contains("<code>{{#include /etc/hostname}}</code>"),
        "{guarantees}"
    );
    let liquid = std::fs::read_to_string(out.path().join("compatibility/liquid.html")).unwrap();
    assert!(
        liquid.contains("<code>{{#include file}}</code>"),
        "{liquid}"
    );
    assert!(
        liquid.contains("<code>{{\u{200b} #include file }}</code>"),
        "{liquid}"
    );
    let diagnostics = std::fs::read_to_string(out.path().join("diagnostics.html")).unwrap();
    assert!(
        diagnostics.contains("<code>{{#include file}}</code>"),
        "{diagnostics}"
    );
    // The guide's own stylesheet is the shipped one.
    assert_eq!(
        std::fs::read_to_string(guide().join("mdbook-jekyll.css")).unwrap(),
        mdbook_jekyll::assets::STYLESHEET
    );
}

#[test]
fn the_guide_builds_with_mdbook_04() {
    let out = tempfile::tempdir().unwrap();
    let mut config = mdbook04::config::Config::from_disk(guide().join("book.toml")).unwrap();
    config
        .set("preprocessor.jekyll.command", command())
        .unwrap();
    config.build.build_dir = out.path().to_path_buf();
    let book = mdbook04::MDBook::load_with_config(guide(), config).unwrap();
    book.build().expect("the guide builds with mdBook 0.4.52");
    let sidebar = common::titles(&common::sidebar_of(&out.path().join("toc.html")));
    assert_eq!(sidebar.first().map(String::as_str), Some("Introduction"));
}
