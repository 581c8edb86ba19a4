//! Jekyll URLs and link rewriting on small pages.

use super::*;
use crate::test_support::run_with;
use serde_json::json;

#[test]
fn jekyll_urls() {
    let fm = |permalink: &str| {
        json!({ "permalink": permalink })
            .as_object()
            .unwrap()
            .clone()
    };
    assert_eq!(jekyll_url(Path::new("docs/a.md"), None), "/docs/a.html");
    assert_eq!(jekyll_url(Path::new("index.md"), None), "/");
    assert_eq!(jekyll_url(Path::new("docs/index.md"), None), "/docs/");
    assert_eq!(
        jekyll_url(Path::new("docs/index.md"), Some(&fm("/docs/security"))),
        "/docs/security"
    );
    assert_eq!(
        jekyll_url(Path::new("x.md"), Some(&fm("about/"))),
        "/about/"
    );
    assert_eq!(
        jekyll_url(Path::new("d/x.md"), Some(&fm("/:path/"))),
        "/d/x/"
    );
}

#[test]
fn aliases_cover_what_a_server_answers() {
    assert_eq!(aliases("/a.html"), ["/a"]);
    assert!(aliases("/docs/").contains(&"/docs".to_string()));
    assert!(aliases("/docs/security").contains(&"/docs/security.html".to_string()));
}

#[test]
fn normalizing_paths() {
    assert_eq!(normalize("/docs/./a/../b.html"), "/docs/b.html");
    assert_eq!(normalize("/../x"), "/x");
    assert_eq!(normalize("/a/b/"), "/a/b/");
    // Paths that are already normal come back as they are, without a copy.
    for normal in ["/", "/a", "/a/b/", "/a/b.c/d.md", "/a..b/.c"] {
        assert!(
            matches!(normalize(normal), Cow::Borrowed(p) if p == normal),
            "{normal}"
        );
    }
    for (path, expected) in [
        ("/a//b", "/a/b"),
        ("//", "/"),
        ("/a/.", "/a/"),
        ("/a/..", "/"),
        ("/.", "/"),
        ("a/b", "/a/b"),
        ("", "/"),
    ] {
        assert_eq!(normalize(path), expected, "{path}");
    }
}

#[test]
fn markdown_extensions_in_any_case() {
    for yes in ["a.md", "A.MD", "x/b.Markdown", ".md"] {
        assert!(is_markdown(yes), "{yes}");
    }
    for no in ["a.mdx", "md", "a.html", "", "a.m"] {
        assert!(!is_markdown(no), "{no}");
    }
}

#[test]
fn percent_decoding_copies_only_when_it_decodes() {
    assert!(matches!(
        percent_decode("a/b c.md"),
        Cow::Borrowed("a/b c.md")
    ));
    assert_eq!(percent_decode("a%20b%2"), "a b%2");
    assert_eq!(percent_decode("%zz%41"), "%zzA");
}

#[test]
fn schemes_are_external() {
    for url in [
        "https://x",
        "mailto:a@b",
        "javascript:void(0);",
        "tel:1",
        "data:x",
    ] {
        assert!(has_scheme(url), "{url}");
    }
    assert!(!has_scheme("docs/a:b.html"));
    assert!(!has_scheme("./a.html"));
}

fn site() -> crate::test_support::Run {
    run_with(
        "html",
        json!({}),
        &[
            (
                "index.md",
                "---\ntitle: Home\n---\n[Security](./docs/security) [abs](/docs/security/SEC01.html#top) [base](/base/docs/security/SEC01.html?x=1) [ext](https://example.com)\n",
            ),
            (
                "docs/security/index.md",
                "---\ntitle: Security\npermalink: /docs/security\n---\n<a href=\"./security/SEC01.html\">SEC01</a> [md](SEC01.md) <a href=\"SEC01.md\">html md</a> [missing](./security/SEC99.html) ![img](../../img/logo.png) [frag](#top)\n",
            ),
            (
                "docs/security/SEC01.md",
                "---\ntitle: SEC01\n---\n[up](./) [seed style](./SEC02-BP01) [same dir](SEC02-BP01.html) [parent](../../index.md)\n\n[ref]: /docs/security\n\nSee [the section][ref].\n\n`[code](/docs/nothing)`\n",
            ),
            ("docs/security/SEC02-BP01.md", "---\ntitle: BP01\n---\n"),
        ],
        &[("_config.yml", "baseurl: /base\n"), ("img/logo.png", "png")],
    )
}

#[test]
fn links_are_rewritten_to_mdbook_paths() {
    let r = site();
    assert_eq!(
        r.content("index.md"),
        "[Security](docs/security/index.html) [abs](docs/security/SEC01.html#top) [base](docs/security/SEC01.html?x=1) [ext](https://example.com)\n"
    );
    let security = r.content("docs/security/index.md");
    // Relative to the permalink URL /docs/security, `./security/SEC01.html` is
    // /docs/security/SEC01.html: next to the index file in the mdBook output.
    assert!(
        security.starts_with("<a href=\"SEC01.html\">SEC01</a>"),
        "{security}"
    );
    // `.md` in Markdown links is left to mdBook; in HTML it is rewritten.
    assert!(
        security.contains("[md](SEC01.md) <a href=\"SEC01.html\">html md</a>"),
        "{security}"
    );
    // A broken link is left as written, and reported.
    assert!(
        security.contains("[missing](./security/SEC99.html)"),
        "{security}"
    );
    assert!(
        security.contains("![img](../../img/logo.png)"),
        "{security}"
    );
    let sec01 = r.content("docs/security/SEC01.md");
    assert!(sec01.starts_with("[up](index.html) [seed style](SEC02-BP01.html) [same dir](SEC02-BP01.html) [parent](../../index.md)"), "{sec01}");
    assert!(sec01.contains("[ref]: index.html"), "{sec01}");
    assert!(
        sec01.contains("`[code](/docs/nothing)`"),
        "code is not touched: {sec01}"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/docs/security/index.md:5:")
            && warnings[0].contains("`./security/SEC99.html`"),
        "{}",
        warnings[0]
    );
}

/// Found by trying the tool as a new user: HTML attribute names in capitals were neither
/// rewritten nor checked. Spaces around `=` are not taken (script code would read as
/// links).
#[test]
fn html_attributes_in_any_case_are_links() {
    let r = run_with(
        "html",
        json!({}),
        &[
            (
                "index.md",
                "---\ntitle: Home\n---\n<A HREF=\"/docs/a\">a</A> <a href='/docs/a'>b</a> <img SRC=/img/x.png> <a Href=\"/nowhere\">c</a> <a data-href=\"/docs/a\">d</a> <img srcset=\"/docs/a\">\n\n<script>\nlet href = location.hash;\nif (SRC == \"/none\") {}\n</script>\n",
            ),
            ("docs/a.md", "---\ntitle: A\n---\n"),
        ],
        &[("img/x.png", "png")],
    );
    assert_eq!(
        r.content("index.md"),
        "<A HREF=\"docs/a.html\">a</A> <a href='docs/a.html'>b</a> <img SRC=img/x.png> <a Href=\"/nowhere\">c</a> <a data-href=\"/docs/a\">d</a> <img srcset=\"/docs/a\">\n\n<script>\nlet href = location.hash;\nif (SRC == \"/none\") {}\n</script>\n"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("`/nowhere`"), "{}", warnings[0]);
}

#[test]
fn quick_scan_skips_pages_with_nothing_to_do() {
    let r = run_with(
        "html",
        json!({}),
        &[
            (
                "a.md",
                "---\ntitle: A\n---\n[b](b.md) [c](c.html) [x](https://x)\n",
            ),
            ("b.md", "---\ntitle: B\n---\n"),
            ("c.md", "---\ntitle: C\n---\n"),
        ],
        &[],
    );
    let index = link_index(&r);
    assert!(!needs_link_pass(
        &index,
        0,
        "[b](b.md) [c](c.html) [x](https://x)"
    ));
    assert!(needs_link_pass(&index, 0, "[b](/b.html)"));
    assert!(needs_link_pass(&index, 0, "[z](z.html)"));
    // A destination longer than the scan follows is left to the parse: a line of
    // thousands of `](` (each followed to the line's end, 16 s for 240 KB, found by a
    // red-team review) and a long `data:` image alike.
    for text in [
        "](".repeat(120_000),
        "[x]:".repeat(120_000),
        format!("![i](data:image/png;base64,{})", "A".repeat(10_000)),
    ] {
        assert_eq!(quick_urls(&text), None);
        assert!(needs_link_pass(&index, 0, &text));
    }
    // Found by a review: white space before a destination, a URL on the next line, and
    // definitions in quotes, list items or after a label over two lines were missed.
    for text in [
        "A [sp](  /b.html) link.",
        "[b](\n/b.html)",
        "[r]:\n/b.html",
        "> [r]: /b.html",
        "- [r]: /nothere.html",
        "[two\nlines]: /b.html",
    ] {
        assert!(needs_link_pass(&index, 0, text), "{text:?}");
    }
    let long = format!(
        "[ok](b.md) ![i](data:x,{})",
        "A".repeat(QUICK_DESTINATION_LIMIT - 10)
    );
    assert_eq!(quick_urls(&long).map(|urls| urls.len()), Some(2));
}

#[test]
fn children_table_of_contents_follows_the_layout_rule() {
    let chapters = [
        (
            "p.md",
            "---\ntitle: Parent\nhas_children: true\n---\nBody\n",
        ),
        (
            "c2.md",
            "---\ntitle: Second <2>\nparent: Parent\nnav_order: 2\nsummary: The second\n---\n",
        ),
        (
            "c1.md",
            "---\ntitle: First\nparent: Parent\nnav_order: 1\n---\n",
        ),
        (
            "q.md",
            "---\ntitle: No toc\nhas_children: true\nhas_toc: false\n---\nBody\n",
        ),
        ("q1.md", "---\ntitle: Q1\nparent: No toc\n---\n"),
        ("r.md", "---\ntitle: Implicit\n---\nBody\n"),
        ("r1.md", "---\ntitle: R1\nparent: Implicit\n---\n"),
    ];
    let r = run_with("html", json!({}), &chapters, &[]);
    assert_eq!(
        r.content("p.md"),
        "Body\n\n<hr>\n<h2 class=\"text-delta\">Table of contents</h2>\n<ul>\n<li><a href=\"c1.html\">First</a></li>\n<li><a href=\"c2.html\">Second &lt;2&gt;</a> - The second</li>\n</ul>\n"
    );
    assert_eq!(r.content("q.md"), "Body\n", "has_toc: false");
    assert_eq!(
        r.content("r.md"),
        "Body\n",
        "only with has_children: true, as the layout"
    );
    let r = run_with("html", json!({"children-toc": false}), &chapters, &[]);
    assert_eq!(r.content("p.md"), "Body\n");
    let r = run_with("markdown", json!({}), &chapters, &[]);
    assert!(
        r.content("p.md")
            .ends_with("## Table of contents\n\n* [First](c1.md)\n* [Second \\<2>](c2.md)\n"),
        "{}",
        r.content("p.md")
    );
}

/// Found by a red-team review: `x.md` and `x.markdown` are both written to `x.html`, and
/// one page vanished from the built book without a word; a `permalink` equal to another
/// page's URL, which Jekyll reports as a conflict, went unreported too.
#[test]
fn pages_that_land_in_the_same_place_are_reported() {
    let r = run_with(
        "html",
        json!({}),
        &[
            ("x.md", "---\ntitle: X1\n---\nX1-TEXT\n"),
            ("x.markdown", "---\ntitle: X2\n---\nX2-TEXT\n"),
            ("p.md", "---\ntitle: P\npermalink: /docs/\n---\n"),
            (
                "q.md",
                "---\ntitle: Q\nnav_order: 2\npermalink: /docs/\n---\n",
            ),
            ("docs/y.md", "---\ntitle: Y\n---\n"),
            ("z.md", "---\ntitle: Z\npermalink: /docs/y.html\n---\n"),
            // One file listed twice is the same text twice, not a clash.
            ("twice.md", "---\ntitle: T\n---\n"),
            ("twice.md", "---\ntitle: T\n---\n"),
        ],
        &[],
    );
    assert_eq!(
        r.errors(),
        [
            "src/x.markdown: this page and src/x.md are both written to `x.html`, so the built book shows only one of them [shared-output]\n    help: rename one of the two files"
        ],
    );
    assert_eq!(
        r.warnings(),
        [
            "src/q.md:4: this page's URL `/docs/` is also the URL of src/p.md, a conflict Jekyll reports too; links written to `/docs/` lead to one of them only [shared-url]\n    help: give one of the two pages another `permalink`",
            "src/z.md:3: this page's URL `/docs/y.html` is also the URL of src/docs/y.md, a conflict Jekyll reports too; links written to `/docs/y.html` lead to one of them only [shared-url]\n    help: give one of the two pages another `permalink`"
        ],
    );
}

/// A file `SUMMARY.md` does not list that opens front matter and never closes it is not a
/// page (as in Jekyll), and the report says so: it was left out without a word.
#[test]
fn an_unlisted_file_with_unclosed_front_matter_is_reported() {
    let r = run_with(
        "html",
        json!({}),
        &[("a.md", "---\ntitle: A\n---\n")],
        &[("unclosed.md", "---\ntitle: Never closed\n\nbody\n")],
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/unclosed.md:1: the file starts with `---` but no closing `---` line follows, so it has no front matter and is not a page"),
        "{}",
        warnings[0]
    );
}

/// Found by a red-team review: an HTML value in a shortcode's argument
/// (`description="<img src='pic.png'>"`, which comes out as text) was checked as a link
/// and reported missing, failing `strict`. Links in a card's body are still checked.
#[test]
fn shortcode_arguments_are_values_not_links() {
    let chapters = [(
        "a.md",
        "---\ntitle: A\n---\n{{#service-card name=\"X\" description=\"<img src='pic.png'> <a href='gone.md'>\"}}\n\n{{#service-card name=\"Y\"}}\nBody [gone](gone.md)\n{{/service-card}}\n",
    )];
    let r = run_with("html", json!({}), &chapters, &[]);
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/a.md:7:13: the link `gone.md` leads to no page"),
        "{}",
        warnings[0]
    );
}

/// Found by a red-team review: links to a folder's `README.md` page led nowhere in the
/// book. mdBook writes that page as `index.html` but turns a link to `README.md` into
/// `README.html`; a `README.md` found by discovery (after mdBook's `index` preprocessor
/// ran) kept its name while links were rewritten to `index.html`; and `/dir/`, the
/// page's URL on GitHub Pages (jekyll-readme-index), was reported broken.
#[test]
fn links_to_readme_pages_lead_to_them() {
    let chapters = [
        (
            "index.md",
            "---\ntitle: Home\n---\n[g](guide/README.md) [gd](/guide/) [a](other/a.md) [i](/indexed/)\n",
        ),
        ("guide/README.md", "---\ntitle: Guide\n---\n"),
        ("other/a.md", "---\ntitle: A\n---\n"),
        // Beside an index page, a README is not the folder's index.
        ("indexed/index.md", "---\ntitle: Indexed\n---\n"),
        (
            "indexed/README.md",
            "---\ntitle: Readme\n---\n[up](../index.md)\n",
        ),
    ];
    let r = run_with("html", json!({}), &chapters, &[]);
    assert_eq!(
        r.content("index.md"),
        "[g](guide/index.html) [gd](guide/index.html) [a](other/a.md) [i](indexed/index.html)\n"
    );
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

/// Found by a review: the lines kramdown takes out were guessed from its edits, which took
/// a titled callout's title (moved into its header, not hidden) for one: its links went
/// unchecked.
#[test]
fn links_in_a_titled_callouts_title_are_checked() {
    let chapters = [(
        "a.md",
        "---\ntitle: A\n---\n{: .note-title }\n> See [Setup](missing.md)\n>\n> Body [x](missing2.md)\n",
    )];
    let r = run_with("html", json!({}), &chapters, &[]);
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("`missing.md`"), "{}", warnings[0]);
}

/// Found by a review: the blank line that ends an HTML block as kramdown does cut a quote
/// in two, and in a callout let the text after the block fall out of it.
#[test]
fn html_block_breaks_stay_in_quotes_and_callouts() {
    let chapters = [
        (
            "q.md",
            "---\ntitle: Q\n---\n> <div class=\"card\">\n> <p>x</p>\n> </div>\n> More **text** in the quote.\n",
        ),
        (
            "c.md",
            "---\ntitle: C\n---\n{: .note }\n<div class=\"card\">\n<p>x</p>\n</div>\nMore **text** in the note.\n",
        ),
    ];
    let r = run_with("html", json!({}), &chapters, &[]);
    assert_eq!(
        r.content("q.md"),
        "> <div class=\"card\">\n> <p>x</p>\n> </div>\n>\n> More **text** in the quote.\n"
    );
    assert_eq!(
        r.content("c.md"),
        "> [!NOTE]\n> <div class=\"card\">\n> <p>x</p>\n> </div>\n>\n> More **text** in the note.\n"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// The quick look never says "nothing to do" where the link pass would rewrite a link
    /// or report one broken (a review found white space before a destination, URLs on the
    /// next line and definitions in quotes missed).
    #[test]
    fn the_quick_look_never_misses_what_the_link_pass_does(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "[a](", "![i](", "[r]:", "[two\nlines]:", "> ", "- ", "1. ", "    ", "\n",
                "\n\n", " ", "\t", "<", ">", "(", ")", "`", "```\n", "<a href=\"",
                "<img src='", "\"", "'", "b.md", "b.html", "/b.html", "/docs/other/",
                "nothere.html", "/missing.png", "https://x.org/", "#top", "b.md#x", "text",
                "[", "]", "<!-- ", " -->", "\\",
            ]),
            0..24,
        )
    ) {
        let text: String = parts.concat();
        let (_site, index) = quick_scan_site();
        let links = find_links(&text);
        let mut broken = Vec::new();
        let edits = link_edits(&index, 0, &links, &|_| false, &mut broken);
        if !edits.is_empty() || !broken.is_empty() {
            proptest::prop_assert!(needs_link_pass(&index, 0, &text), "{text:?}");
        }
    }
}

/// The site of the quick-look checks: a page, a sibling, and one with a permalink.
fn quick_scan_site() -> (crate::test_support::Run, LinkIndex) {
    let r = run_with(
        "html",
        json!({}),
        &[
            ("a.md", "---\ntitle: A\n---\n"),
            ("b.md", "---\ntitle: B\n---\n"),
            ("other.md", "---\ntitle: O\npermalink: /docs/other/\n---\n"),
        ],
        &[],
    );
    let index = link_index(&r);
    (r, index)
}

/// The link index of a processed test site, for `html`.
fn link_index(r: &crate::test_support::Run) -> LinkIndex {
    LinkIndex::new(
        &r.processed.pages,
        "",
        r.processed.context.src_dir.as_path(),
        true,
    )
}
