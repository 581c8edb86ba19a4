//! Real mdBook (0.5 and 0.4.52) builds small books through the real binary.

mod common;

use common::{TestBook, titles};

/// A small site: a home page, a section listed in SUMMARY.md with two children that are not
/// listed (found from their front matter), a page SUMMARY.md lists without front matter, and
/// an excluded page.
fn small_site(options: &str) -> TestBook {
    let book = TestBook::with_options(options, "");
    book.write(
        "src/SUMMARY.md",
        "# Summary\n\n[Preface](preface.md)\n\n- [Guide](guide/index.md)\n",
    );
    book.write("src/preface.md", "# Preface\n\nNo front matter here.\n");
    book.write(
        "src/index.md",
        "---\ntitle: Home\nnav_order: 1\n---\n\n# Welcome\n\nHome text.\n",
    );
    book.write(
        "src/guide/index.md",
        "---\r\ntitle: The Guide\r\nnav_order: 2\r\nhas_children: true\r\n---\r\n\r\nGuide text.\r\n",
    );
    book.write(
        "src/guide/second.md",
        "---\ntitle: Second step\nparent: The Guide\nnav_order: 2\n---\n\nSecond.\n\n---\n\nAfter a thematic break.\n",
    );
    book.write(
        "src/guide/first.md",
        "\u{feff}---\ntitle: First step\nparent: The Guide\nnav_order: 1\nservices:\n  - AWS IAM\n...\nFirst.\n",
    );
    book.write(
        "src/hidden.md",
        "---\ntitle: Hidden page\nnav_exclude: true\n---\n\nStill built.\n",
    );
    book.write(
        "src/notes.md",
        "# Notes without front matter are not pages\n",
    );
    book
}

fn check_small_site(book: &TestBook) {
    assert_eq!(
        titles(&book.sidebar()),
        [
            "Preface",
            "Home",
            "The Guide",
            "  First step",
            "  Second step",
            "  Hidden page"
        ],
        "the excluded page is last, inside the hidden group"
    );
    // Page titles come from the front matter.
    let first = book.read_output("guide/first.html");
    assert!(
        first.contains("<title>First step - Test book</title>"),
        "{first}"
    );
    // No front matter text anywhere.
    for (path, html) in book.html_pages() {
        for leftover in [
            "nav_order:",
            "parent: The Guide",
            "title: Home",
            "has_children:",
        ] {
            assert!(
                !html.contains(leftover),
                "{} shows front matter text {leftover:?}",
                path.display()
            );
        }
    }
    // A chapter without front matter passes through, and a later `---` stays a break.
    assert!(
        book.read_output("preface.html")
            .contains("No front matter here.")
    );
    let second = book.read_output("guide/second.html");
    assert!(
        second.contains("<hr"),
        "the thematic break is rendered: {second}"
    );
    // The excluded page is built and reachable; the plain Markdown file is not a page.
    assert!(book.read_output("hidden.html").contains("Still built."));
    assert!(!book.output_exists("notes.html"));
}

#[test]
fn mdbook_05_builds_a_small_site() {
    let book = small_site("");
    book.build_05().expect("mdBook 0.5 builds the book");
    check_small_site(&book);
}

#[test]
fn mdbook_04_builds_a_small_site() {
    let book = small_site("");
    book.build_04().expect("mdBook 0.4.52 builds the book");
    check_small_site(&book);
}

#[test]
fn invalid_yaml_fails_the_build() {
    let book = small_site("");
    book.write(
        "src/guide/second.md",
        "---\ntitle: Second step\nparent: [The Guide\nnav_order: 2\n---\nText\n",
    );
    assert!(book.build_05().is_err(), "mdBook 0.5 must fail");
    assert!(book.build_04().is_err(), "mdBook 0.4 must fail");
    // The message names the file and the line inside it.
    let out = book.run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(
        stdout.contains("error: src/guide/second.md:4:") && stdout.contains("invalid YAML"),
        "{stdout}"
    );
}

#[test]
fn invalid_yaml_can_be_a_warning() {
    let book = small_site("invalid-front-matter = \"warn\"");
    book.write("src/broken.md", "---\ntitle: [unclosed\n---\nBody\n");
    book.write("src/SUMMARY.md", "# Summary\n\n- [Broken](broken.md)\n");
    book.build_05().expect("the build goes on");
    let html = book.read_output("broken.html");
    assert!(html.contains("unclosed"), "the text is kept: {html}");
}

#[test]
fn builds_are_deterministic() {
    let book = small_site("");
    book.build_05().unwrap();
    let first = book.html_pages();
    book.build_05().unwrap();
    let mut again = book.html_pages();
    let mut first = first;
    first.sort();
    again.sort();
    assert_eq!(first, again);
}

/// How SUMMARY.md and the front matter combine (the example in the user guide).
#[test]
fn summary_entries_without_title_keep_their_place() {
    let book = TestBook::new("");
    book.write(
        "src/SUMMARY.md",
        "# Summary\n\n[Introduction](intro.md)\n\n# Reference\n\n- [Setup](setup.md)\n  - [Setup notes](setup-notes.md)\n- [Glossary](glossary.md)\n\n---\n\n[Changelog](changelog.md)\n",
    );
    book.write("src/intro.md", "# Introduction\n");
    book.write("src/setup.md", "---\ntitle: Setup\nnav_order: 2\n---\n");
    book.write("src/setup-notes.md", "# Setup notes\n");
    book.write("src/glossary.md", "# Glossary\n");
    book.write("src/changelog.md", "# Changelog\n");
    book.write("src/usage.md", "---\ntitle: Usage\nnav_order: 3\n---\n");
    book.write("src/install.md", "---\ntitle: Install\nnav_order: 1\n---\n");
    book.write(
        "src/install-linux.md",
        "---\ntitle: Linux\nparent: Install\n---\n",
    );
    book.build_05().unwrap();
    let toc = book.read_output("toc.html");
    assert!(
        toc.contains(r#"<li class="part-title">Reference</li>"#),
        "{toc}"
    );
    assert!(
        toc.contains(r#"class="spacer""#),
        "the separator survives: {toc}"
    );
    assert_eq!(
        titles(&book.sidebar()),
        [
            "Introduction",
            // The navigation's top level, where SUMMARY.md lists its first titled page.
            "Install",
            "  Linux",
            "Setup",
            // A chapter without a title that SUMMARY.md nests under a titled page follows it.
            "  Setup notes",
            "Usage",
            // Chapters without a title keep their SUMMARY.md order around the navigation.
            "Glossary",
            "Changelog",
        ]
    );
    // mdBook 0.4 builds the same sidebar.
    book.build_04().unwrap();
    assert_eq!(
        titles(&book.sidebar())[1..4],
        ["Install", "  Linux", "Setup"]
    );
}

/// A callout before an HTML element with blank lines in it quotes the whole element, as
/// kramdown applies the attribute line to it: mdBook 0.5 and 0.4 both keep every
/// paragraph of it inside the callout (only the first was, and the tags were unbalanced).
#[test]
fn a_callout_quotes_an_html_element_whole() {
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n\n- [Home](index.md)\n");
    book.write(
        "src/index.md",
        "---\ntitle: Home\n---\nIntro.\n\n{: .warning }\n<div markdown=\"1\">\nFirst para.\n\nSecond para.\n</div>\n\nAfter.\n",
    );
    for build in [TestBook::build_05, TestBook::build_04] {
        build(&book).unwrap();
        let html = book.read_output("index.html");
        let quote = html.find("<blockquote").expect("a callout");
        let end = html[quote..].find("</blockquote>").expect("closed") + quote;
        let callout = &html[quote..end];
        for inside in ["First para.", "<p>Second para.</p>", "</div>"] {
            assert!(
                callout.contains(inside),
                "{inside} is outside the callout: {html}"
            );
        }
        assert!(html[end..].contains("<p>After.</p>"), "{html}");
        assert!(!html[end..].contains("Second para."), "{html}");
    }
}

/// Found by a red-team review: a page named `UPPER.MD` was not found (Jekyll reads
/// Markdown extensions in any case, and builds it); it is now a page, linked as such.
#[test]
fn a_page_with_an_upper_case_extension_is_found() {
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n\n- [Home](index.md)\n");
    book.write(
        "src/index.md",
        "---\ntitle: Home\n---\nSee [u](UPPER.MD).\n",
    );
    book.write(
        "src/UPPER.MD",
        "---\ntitle: Upper\nparent: Home\n---\nUpper text.\n",
    );
    book.write(
        "src/notes.Markdown",
        "---\ntitle: Notes\nparent: Home\n---\nNotes text.\n",
    );
    book.build_05().unwrap();
    assert_eq!(titles(&book.sidebar()), ["Home", "  Notes", "  Upper"]);
    assert!(book.read_output("UPPER.html").contains("Upper text."));
    assert!(book.read_output("notes.html").contains("Notes text."));
    assert!(
        book.read_output("index.html")
            .contains("<a href=\"UPPER.html\">u</a>")
    );
}

/// Found by a red-team review: `{% raw %}{{#include other.txt}}{% endraw %}` showed the
/// file (mdBook's `links` runs next and expands directives, in code too), where Jekyll
/// shows the text as written. The raw block's directives now show as written, with
/// mdBook 0.5 and 0.4.
#[test]
fn directives_in_raw_blocks_show_as_written() {
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n\n- [Home](index.md)\n");
    book.write("src/other.txt", "SECRET-CONTENT");
    book.write("src/shown.txt", "SHOWN-CONTENT");
    book.write(
        "src/index.md",
        "---\ntitle: Home\n---\nInline: {% raw %}{{#include other.txt}}{% endraw %}\n\n```\n{% raw %}{{#include other.txt}} and \\{{#title T}}\n{{ #include other.txt }}\n{{#include\nother.txt}}\n{{{#include other.txt}}}\n{% endraw %}\n```\n\nAfter: {% raw %}{{#include other.txt}}{% endraw %} then {{#include shown.txt}}\n",
    );
    for build in [TestBook::build_05, TestBook::build_04] {
        build(&book).unwrap();
        let html = book.read_output("index.html");
        assert!(!html.contains("SECRET-CONTENT"), "{html}");
        assert!(html.contains("Inline: {{#include other.txt}}"), "{html}");
        assert!(
            html.contains("{{#include other.txt}} and \\{{#title T}}\n{{\u{200b} #include other.txt }}\n{{\u{200b}#include\nother.txt}}\n{{{#include other.txt}}}"),
            "{html}"
        );
        // A directive after the block on the same line is mdBook's, as without the block.
        assert!(
            html.contains("After: {{\u{200b}#include other.txt}} then SHOWN-CONTENT"),
            "{html}"
        );
    }
}

/// Found by a red-team review: a file included with mdBook's `{{#include}}` that opens
/// with front matter showed it as text in the page, the print page and the search index
/// (mdBook includes after this preprocessor has run). It is reported.
#[test]
fn an_included_file_with_front_matter_is_reported() {
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n\n- [Home](index.md)\n");
    book.write(
        "src/index.md",
        "---\ntitle: Home\n---\nIntro.\n\n{{#include part.md}}\n{{#include part.md:5:}}\n{{#include snippets/tags.txt}}\n{{#include /etc/hostname}}\n\n```yaml\n{{#include part.md}}\n```\n\n\\{{#include part.md}} {% raw %}{{#include part.md}}{% endraw %} <!-- {{#include part.md}} -->\n{% comment %}{{#include part.md}}{% endcomment %}\n",
    );
    book.write(
        "src/part.md",
        "---\ntitle: Part\nsecret: LEAK\n---\nPart text.\n",
    );
    book.write("src/snippets/tags.txt", "{% if x %}y{% endif %}\n");
    let out = book.run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("warning: src/index.md:6: `{{#include part.md}}` includes a file that opens with front matter: mdBook includes it after mdbook-jekyll has run, so that shows as text [included-jekyll]"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "src/index.md:8: `{{#include snippets/tags.txt}}` includes a file that holds Liquid"
        ),
        "{stdout}"
    );
    assert_eq!(stdout.matches("[included-jekyll]").count(), 2, "{stdout}");
}
