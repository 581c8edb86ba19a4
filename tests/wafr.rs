//! Acceptance on a real site: `../shared/corpora/wafr/` (247 pages) as the `src` of a book
//! whose SUMMARY.md is only `# Summary`, built with mdBook 0.5.

mod common;

use common::{TestBook, shared, titles};
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A book over a copy of the corpus (mdBook needs `src/SUMMARY.md`, and the corpus is
/// read-only for tests).
fn wafr_book() -> TestBook {
    let book = TestBook::new("");
    copy_dir(&shared().join("corpora/wafr"), &book.root().join("src"));
    book.write("src/SUMMARY.md", "# Summary\n");
    book
}

fn jekyll_sidebar() -> Vec<String> {
    let text = std::fs::read_to_string(shared().join("corpora/wafr.jekyll-nav.txt")).unwrap();
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    titles(&lines)
}

#[test]
fn sidebar_matches_jekyll() {
    let book = wafr_book();
    book.build_05().expect("the corpus builds with mdBook 0.5");
    let sidebar = titles(&book.sidebar());
    let jekyll = jekyll_sidebar();
    assert_eq!(jekyll.len(), 215);
    // The sidebar's entries are Jekyll's, in the same nesting and order...
    assert_eq!(sidebar[..215], jekyll[..], "the first 215 entries");
    // ...followed by the pages Jekyll builds but does not list, inside the entry that the
    // shipped stylesheet hides (their titles are one level down, under an unlinked entry
    // that mdbook-nav does not print).
    let unlisted = &sidebar[215..];
    assert_eq!(unlisted.len(), 247 - 215, "{unlisted:#?}");
    assert!(
        unlisted.iter().all(|t| t.starts_with("  ")),
        "{unlisted:#?}"
    );
    for orphan in ["SEC11-BP05", "SEC11-BP06", "SEC11-BP07", "SEC11-BP08"] {
        assert!(
            unlisted.iter().any(|t| t.trim_start().starts_with(orphan)),
            "{orphan}"
        );
    }
    for pillar in [
        "Operational Excellence",
        "Performance Efficiency",
        "Sustainability",
    ] {
        assert!(
            unlisted.contains(&format!("  {pillar}")),
            "{pillar}: {unlisted:#?}"
        );
    }
    // Every page is built.
    assert!(book.output_exists("docs/operational-excellence/index.html"));
    assert!(book.output_exists("docs/security/SEC11-BP05.html"));
}

#[test]
fn check_reports_the_four_orphans_with_the_right_suggestion() {
    let book = wafr_book();
    let out = book.run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let sec11 = "SEC11 - How do you incorporate and validate the security properties of applications throughout the design, development, and deployment lifecycle?";
    for n in 5..=8 {
        let file = format!("src/docs/security/SEC11-BP0{n}.md:4:");
        let at = stdout
            .find(&file)
            .unwrap_or_else(|| panic!("{file} is reported: {stdout}"));
        let report = &stdout[at..];
        let report = &report[..report[1..].find("warning:").map_or(report.len(), |i| i + 1)];
        assert!(report.contains("[unknown-parent]"), "{report}");
        assert!(
            report.contains(&format!("did you mean \"{sec11}\"?")),
            "{report}"
        );
    }
    assert!(
        stdout.contains("247 pages, 215 in the navigation: 0 errors, 4 warnings"),
        "{stdout}"
    );
}

#[test]
fn summary_of_the_corpus_lists_the_navigation() {
    let book = wafr_book();
    let out = book.run(&["summary"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let entries = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("- ["))
        .count();
    assert_eq!(entries, 215);
}
