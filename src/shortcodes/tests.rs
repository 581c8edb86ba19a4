//! Shortcodes through the whole pipeline, on small books held in memory (the catalog and
//! templates in a temporary `src`).

use crate::diagnostics::Severity;
use crate::test_support::{Run, run_with};
use serde_json::json;
use std::collections::BTreeMap;

fn run(chapters: &[(&str, &str)]) -> Run {
    run_with(
        "html",
        json!({}),
        chapters,
        &[("_data/services.yml", CATALOG)],
    )
}

const CATALOG: &str = "AWS Secrets Manager: Helps you protect secrets.\nAWS IAM:\n  description: Manages access <securely> & simply.\n";

const SECTION: &str =
    "---\ntitle: SEC02 - Identities\n---\n\n## Best Practices\n\n{{#best-practices}}\n";

fn children() -> Vec<(&'static str, &'static str)> {
    vec![
        ("docs/sec/SEC02.md", SECTION),
        // Typed out of order: the list follows nav_order.
        (
            "docs/sec/SEC02-BP02.md",
            "---\ntitle: BP02 second\nparent: SEC02 - Identities\nnav_order: 2\n---\n",
        ),
        (
            "docs/sec/SEC02-BP01.md",
            "---\ntitle: BP01 first\nparent: SEC02 - Identities\nnav_order: 1\n---\n",
        ),
        (
            "docs/sec/deep/SEC02-BP03.md",
            "---\ntitle: BP03 <third> & \"quoted\"\nparent: SEC02 - Identities\nnav_order: 3\n---\n",
        ),
        (
            "docs/sec/SEC02-BP04.md",
            "---\ntitle: BP04 excluded\nparent: SEC02 - Identities\nnav_order: 4\nnav_exclude: true\n---\n",
        ),
    ]
}

#[test]
fn best_practices_follow_the_navigation_order() {
    let r = run(&children());
    let html = r.content("docs/sec/SEC02.md");
    let expected = "<div class=\"best-practices-list\">\n<ul>\n\
        <li><a href=\"SEC02-BP01.html\">BP01 first</a></li>\n\
        <li><a href=\"SEC02-BP02.html\">BP02 second</a></li>\n\
        <li><a href=\"deep/SEC02-BP03.html\">BP03 &lt;third&gt; &amp; \"quoted\"</a></li>\n\
        </ul>\n</div>";
    assert!(html.contains(expected), "{html}");
    assert!(!html.contains("BP04"), "excluded pages are not listed");
    assert!(r.errors().is_empty(), "{:?}", r.errors());
}

#[test]
fn best_practices_of_another_page_by_title_or_path() {
    let mut chapters = children();
    chapters.push(("index.md", "---\ntitle: Home\n---\n{{#best-practices of=\"SEC02 - Identities\"}}\n\n{{#best-practices of=\"docs/sec/SEC02.md\"}}\n"));
    let r = run(&chapters);
    let html = r.content("index.md");
    assert_eq!(
        html.matches("<a href=\"docs/sec/SEC02-BP01.html\">BP01 first</a>")
            .count(),
        2,
        "{html}"
    );
}

#[test]
fn unknown_of_is_an_error_with_suggestions() {
    let mut chapters = children();
    chapters.push((
        "index.md",
        "---\ntitle: Home\n---\n\n{{#best-practices of=\"SEC02 - Identity\"}}\n",
    ));
    let r = run(&chapters);
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("src/index.md:5:1: no page has the title or path \"SEC02 - Identity\""),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("did you mean \"SEC02 - Identities\"?"),
        "{}",
        errors[0]
    );
}

/// A name that matches no page is compared with a bounded number of titles (a book with
/// many such names once took time in proportion to its pages times its mistakes), the
/// titles of the writing page's folder first: in a large book the page meant is still
/// found when it is near.
#[test]
fn suggestions_in_a_large_book_look_near_the_page_first() {
    let far: Vec<(String, String)> = (0..2 * crate::suggest::MAX_CANDIDATES)
        .map(|i| {
            (
                format!("far/p{i}.md"),
                format!("---\ntitle: Target page number {i}\n---\n"),
            )
        })
        .collect();
    let mut chapters: Vec<(&str, &str)> =
        far.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    chapters.push(("near/target.md", "---\ntitle: The Target Page\n---\n"));
    chapters.push((
        "near/caller.md",
        "---\ntitle: Caller\n---\n\n{{#best-practices of=\"The Targt Page\"}}\n",
    ));
    let r = run(&chapters);
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(
            "no page has the title or path \"The Targt Page\"; did you mean \"The Target Page\""
        ),
        "{}",
        errors[0]
    );
}

/// Equally close titles are suggested in book order, the same on every run (they came in
/// a hash map's order, which changes from one process to the next).
#[test]
fn equally_close_suggestions_come_in_book_order() {
    let chapters = [
        ("b.md", "---\ntitle: Guide b1\n---\n"),
        ("a.md", "---\ntitle: Guide a1\n---\n"),
        ("c.md", "---\ntitle: Guide d1\n---\n"),
        (
            "d.md",
            "---\ntitle: Caller\n---\n\n{{#best-practices of=\"Guide c1\"}}\n",
        ),
    ];
    for _ in 0..4 {
        let errors = run(&chapters).errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].ends_with(
                "did you mean \"Guide b1\" or \"Guide a1\" or \"Guide d1\"? [unknown-page]"
            ),
            "{}",
            errors[0]
        );
    }
}

#[test]
fn no_children_gives_an_empty_list_and_a_warning() {
    let r = run(&[("a.md", "---\ntitle: A\n---\n{{#best-practices}}\n")]);
    assert!(r.content("a.md").contains("<ul>\n</ul>"));
    let warnings = r.messages(Severity::Warning);
    assert!(
        warnings.iter().any(|w| w.contains("no child pages")),
        "{warnings:?}"
    );
}

#[test]
fn service_cards_in_every_form() {
    let r = run(&[(
        "a.md",
        "---\ntitle: A\n---\n\
         {{#service-card \"AWS Secrets Manager\"}}\n\n\
         {{#service-card name=\"AWS IAM\"}}\n\n\
         {{#service-card name=\"Amazon Cognito\" description=\"Sign-in for \\\"apps\\\" & more\"}}\n\n\
         {{#service-card name=\"AWS KMS\"}}\nKeys, *managed*.\n{{/service-card}}\n",
    )]);
    let html = r.content("a.md");
    assert!(r.errors().is_empty(), "{:?}", r.errors());
    for expected in [
        "<div class=\"aws-service\">\n<div class=\"aws-service-content\">\n<h4>AWS Secrets Manager</h4>\n<p>Helps you protect secrets.</p>\n</div>\n</div>",
        "<h4>AWS IAM</h4>\n<p>Manages access &lt;securely&gt; &amp; simply.</p>",
        "<h4>Amazon Cognito</h4>\n<p>Sign-in for \"apps\" &amp; more</p>",
        "<h4>AWS KMS</h4>\n<p>Keys, <em>managed</em>.</p>",
    ] {
        assert!(html.contains(expected), "{expected}\n---\n{html}");
    }
    assert!(!html.contains("{{"), "{html}");
}

#[test]
fn service_cards_from_front_matter() {
    let r = run(&[(
        "a.md",
        "---\ntitle: A\nservices:\n  - AWS IAM\n  - name: Custom <Tool>\n    description: Does things.\n---\n{{#service-cards}}\n",
    )]);
    let html = r.content("a.md");
    assert!(html.contains("<h4>AWS IAM</h4>"), "{html}");
    assert!(
        html.contains("<h4>Custom &lt;Tool&gt;</h4>\n<p>Does things.</p>"),
        "{html}"
    );
}

#[test]
fn a_bad_services_entry_is_named_by_its_number() {
    let cases = [
        (
            "  - AWS IAM\n  - [a, b]\n",
            "`services:` entry 2 must be a name or a name/description map, not a list",
        ),
        (
            "  - description: No name.\n",
            "`services:` entry 1 needs a `name`",
        ),
        (
            "  - AWS IAM\n  - name: X\n    description: [1, 2]\n",
            "the `description` of `services:` entry 2 (X) must be text, not a list",
        ),
        (
            "  - name: [a]\n",
            "the `name` of `services:` entry 1 must be text, not a list",
        ),
    ];
    for (entries, expected) in cases {
        let page = format!("---\ntitle: A\nservices:\n{entries}---\n{{{{#service-cards}}}}\n");
        let r = run(&[("a.md", &page)]);
        let errors = r.errors();
        assert_eq!(errors.len(), 1, "{entries}: {errors:?}");
        assert!(errors[0].contains(expected), "{}", errors[0]);
        assert!(errors[0].contains("[invalid-services]"), "{}", errors[0]);
    }
    // A number is text enough for a description, as for a name.
    let r = run(&[(
        "a.md",
        "---\ntitle: A\nservices:\n  - name: 2\n    description: 3\n---\n{{#service-cards}}\n",
    )]);
    assert!(r.errors().is_empty(), "{:?}", r.errors());
    assert!(
        r.content("a.md").contains("<h4>2</h4>\n<p>3</p>"),
        "{}",
        r.content("a.md")
    );
}

/// A card placed inside a paragraph, a list item or a quote renders as a block in that place,
/// the Markdown after it is still Markdown, and a tight list stays tight.
#[test]
fn a_card_renders_as_a_block_wherever_its_tag_stands() {
    let card = |name: &str| format!("{{{{#service-card name=\"{name}\" description=\"d\"}}}}");
    let html_card = |name: &str| {
        format!(
            "<div class=\"aws-service\">\n<div class=\"aws-service-content\">\n<h4>{name}</h4>\n<p>d</p>\n</div>\n</div>\n"
        )
    };
    let cases = [
        (
            format!("Before {} after *em*.\n", card("a")),
            format!(
                "<p>Before</p>\n{}<p>after <em>em</em>.</p>\n",
                html_card("a")
            ),
        ),
        (
            format!("Before\n{}\nAfter *em*\n", card("b")),
            format!(
                "<p>Before</p>\n{}<p>After <em>em</em></p>\n",
                html_card("b")
            ),
        ),
        (
            format!("- item\n\n  {}\n- next\n", card("c")),
            format!(
                "<ul>\n<li>\n<p>item</p>\n{}</li>\n<li>\n<p>next</p>\n</li>\n</ul>\n",
                html_card("c")
            ),
        ),
        (
            format!("1. item {}\n2. next\n", card("d")),
            format!(
                "<ol>\n<li>item{}</li>\n<li>next</li>\n</ol>\n",
                html_card("d")
            ),
        ),
        (
            format!("- {}\n- next\n", card("e")),
            format!("<ul>\n<li>{}</li>\n<li>next</li>\n</ul>\n", html_card("e")),
        ),
        (
            format!("> quoted\n> {}\n> more *em*\n", card("f")),
            format!(
                "<blockquote>\n<p>quoted</p>\n{}<p>more <em>em</em></p>\n</blockquote>\n",
                html_card("f")
            ),
        ),
    ];
    for (name, (body, expected)) in ["a", "b", "c", "d", "e", "f"].into_iter().zip(cases) {
        let page = format!("---\ntitle: A\n---\n{body}");
        let r = run(&[("a.md", &page)]);
        assert!(r.errors().is_empty(), "{:?}", r.errors());
        let markdown = r.content("a.md");
        let rendered = crate::markdown::to_html(&markdown, &|_| None).replace("\n\n", "\n");
        assert_eq!(
            rendered, expected,
            "from:\n{body}\nexpanded to:\n{markdown}"
        );
        // The text around the tag is still there, in order.
        let (before, after) = body.split_once(&card(name)).unwrap();
        let at = markdown
            .find(before)
            .expect("the text before the tag is kept");
        assert!(markdown[at + before.len()..].ends_with(after), "{markdown}");
    }
}

/// A card's body written inside a quote or a list item is read without the page's `>` or
/// indent: the card holds the body's Markdown, and stays in the quote or the item.
#[test]
fn a_card_body_inside_a_quote_or_a_list_item_is_read_without_its_container() {
    for (page, open, close) in [
        (
            "> Q\n>\n> {{#service-card name=\"g\"}}\n> Body *em*.\n>\n> - x\n> {{/service-card}}\n",
            "<blockquote>\n<p>Q</p>\n",
            "</blockquote>\n",
        ),
        (
            "> {{#service-card name=\"g\"}}\n>Body *em*.\n>\n>  - x\n> {{/service-card}}\n",
            "<blockquote>\n",
            "</blockquote>\n",
        ),
        (
            "- {{#service-card name=\"g\"}}\n  Body *em*.\n\n  - x\n  {{/service-card}}\n- next\n",
            "<ul>\n<li>",
            "</li>\n<li>next</li>\n</ul>\n",
        ),
    ] {
        let r = run(&[("a.md", &format!("---\ntitle: A\n---\n{page}"))]);
        assert!(r.errors().is_empty(), "{:?}", r.errors());
        let markdown = r.content("a.md");
        let rendered = crate::markdown::to_html(&markdown, &|_| None).replace("\n\n", "\n");
        let card = "<div class=\"aws-service\">\n<div class=\"aws-service-content\">\n<h4>g</h4>\n<p>Body <em>em</em>.</p>\n<ul>\n<li>x</li>\n</ul>\n</div>\n</div>\n";
        assert_eq!(
            rendered,
            format!("{open}{card}{close}"),
            "from:\n{page}\nexpanded to:\n{markdown}"
        );
    }
}

#[test]
fn unknown_service_lists_the_closest_names() {
    let r = run(&[(
        "a.md",
        "---\ntitle: A\n---\n{{#service-card \"AWS Secret Manager\"}}\n",
    )]);
    let errors = r.errors();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("src/a.md:4:1: service \"AWS Secret Manager\" is not in the catalog"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("did you mean \"AWS Secrets Manager\"?"),
        "{}",
        errors[0]
    );
}

#[test]
fn code_and_escapes_are_left_alone() {
    let text = "---\ntitle: A\n---\nInline `{{#best-practices}}` code.\n\n```\n{{#service-card \"X\"}}\n```\n\n    {{#service-cards}}\n\nEscaped \\{{#best-practices}} stays.\n\n{{#include other.md}} and {{#title T}} pass through.\n";
    let r = run(&[("a.md", text)]);
    assert_eq!(r.content("a.md"), &text["---\ntitle: A\n---\n".len()..]);
    assert!(r.errors().is_empty(), "{:?}", r.errors());
}

/// Found by trying the tool as a new user: a card nested in a card's body gave only
/// "closes nothing" for the outer closing tag, though an opening tag is right above.
#[test]
fn a_card_nested_in_a_card_says_why_the_closing_tag_closes_nothing() {
    let r = run(&[(
        "a.md",
        "---\ntitle: A\n---\n{{#service-card \"AWS IAM\"}}\nOuter\n\n{{#service-card \"AWS IAM\"}}\nInner\n{{/service-card}}\n\n{{/service-card}}\n",
    )]);
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    // A stray closing tag after a card that was properly closed gets no such help.
    let stray = run(&[(
        "a.md",
        "---\ntitle: A\n---\n{{#service-card \"AWS IAM\"}}\nBody\n{{/service-card}}\n\n{{/service-card}}\n",
    )]);
    let stray = stray.errors();
    assert_eq!(stray.len(), 1, "{stray:?}");
    assert!(
        stray[0].contains("closes nothing") && !stray[0].contains("help:"),
        "{}",
        stray[0]
    );
    assert!(
        errors[0].starts_with("src/a.md:11:1: `{{/service-card}}` closes nothing")
            && errors[0].contains("help: `{{#service-card}}` cannot hold another `{{#service-card}}`: a body ends at the first `{{/service-card}}`"),
        "{}",
        errors[0]
    );
}

#[test]
fn malformed_shortcodes_name_file_line_and_column() {
    let cases = [
        (
            "{{#service-card name=\"open}}\n",
            "src/a.md:5:22: a quoted value is never closed",
        ),
        (
            "x {{#best-practices colour=\"red\"}}\n",
            "src/a.md:5:3: unknown argument `colour`",
        ),
        (
            "{{/service-card}}\n",
            "src/a.md:5:1: `{{/service-card}}` closes nothing",
        ),
        (
            "{{#service-card}}\n",
            "src/a.md:5:1: `service-card` needs a name",
        ),
        (
            "{{#best-practices \"x\"}}\n",
            "src/a.md:5:1: `best-practices` takes no unnamed value",
        ),
    ];
    for (line, expected) in cases {
        let r = run(&[("a.md", &format!("---\ntitle: A\n---\n\n{line}"))]);
        let errors = r.errors();
        assert_eq!(errors.len(), 1, "{line}: {errors:?}");
        assert!(errors[0].starts_with(expected), "{line}: {}", errors[0]);
        // The text stays as written.
        assert!(r.content("a.md").contains(line.trim_end()), "{line}");
    }
}

#[test]
fn markdown_renderer_gets_markdown() {
    let mut chapters = children();
    chapters.push((
        "cards.md",
        "---\ntitle: Cards\n---\n{{#service-card \"AWS IAM\"}}\n",
    ));
    let r = run_with(
        "markdown",
        json!({}),
        &chapters,
        &[("_data/services.yml", CATALOG)],
    );
    let list = r.content("docs/sec/SEC02.md");
    assert!(list.contains("* [BP01 first](SEC02-BP01.md)\n* [BP02 second](SEC02-BP02.md)\n* [BP03 \\<third> &amp; \"quoted\"](deep/SEC02-BP03.md)"), "{list}");
    assert!(!list.contains("<div"), "{list}");
    let card = r.content("cards.md");
    assert!(
        card.contains("#### AWS IAM\n\nManages access \\<securely> &amp; simply."),
        "{card}"
    );
}

#[test]
fn user_shortcodes_fill_templates() {
    let template = "<div class=\"pillar-header\">\n  <h1>{{ page.title }}</h1>\n  <p>{{ summary }}</p>\n\n{{ body }}</div>\n";
    let options = json!({"shortcodes": {"page-header": "_includes/page-header.html"}});
    let r = run_with(
        "html",
        options,
        &[
            (
                "a.md",
                "---\ntitle: A <&>\n---\n{{#page-header summary=\"Why & how\"}}\nSome *text*.\n{{/page-header}}\n",
            ),
            (
                "b.md",
                "---\ntitle: B\n---\n{{#page-header sumary=\"typo\"}}\n",
            ),
        ],
        &[("_includes/page-header.html", template)],
    );
    let html = r.content("a.md");
    assert!(html.contains("<h1>A &lt;&amp;&gt;</h1>\n  <p>Why &amp; how</p>\n<!-- -->\n<p>Some <em>text</em>.</p>\n</div>"), "{html}");
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("unknown argument `sumary`"),
        "{}",
        errors[0]
    );
}

/// Found by a red-team review: a body given to a template without `{{ body }}` was
/// dropped without a word. It is an error, as an argument the template never uses is; the
/// call stays as written. An empty body is no loss.
#[test]
fn a_body_the_template_never_uses_is_an_error() {
    let options = json!({"shortcodes": {"note": "_includes/note.html"}});
    let r = run_with(
        "html",
        options,
        &[
            (
                "a.md",
                "---\ntitle: A\n---\n{{#note kind=\"tip\"}}IMPORTANT BODY TEXT{{/note}}\n",
            ),
            (
                "b.md",
                "---\ntitle: B\n---\n{{#note kind=\"tip\"}}\n{{/note}}\n",
            ),
        ],
        &[(
            "_includes/note.html",
            "<aside class=\"{{ kind }}\"></aside>\n",
        )],
    );
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("src/a.md:4:1")
            && errors[0].contains("does not use {{ body }}, so the body would be lost"),
        "{}",
        errors[0]
    );
    assert!(r.content("a.md").contains("IMPORTANT BODY TEXT"));
    assert_eq!(r.content("b.md"), "<aside class=\"tip\"></aside>\n");
}

/// Found by trying the tool as a new user: values were escaped for text only, so a `"` in
/// an argument or a front matter value closed the template's attribute and added its own
/// (`onmouseover=...`).
#[test]
fn user_template_values_cannot_leave_an_attribute() {
    let template = "<div title=\"{{ summary }}\"><a href=\"#\" title=\"{{ page.tip }}\">{{ summary }}</a></div>\n";
    let options = json!({"shortcodes": {"hdr": "_includes/hdr.html"}});
    let r = run_with(
        "html",
        options,
        &[(
            "a.md",
            "---\ntitle: A\ntip: 'x\" autofocus onfocus=\"alert(2)'\n---\n{{#hdr summary=\"y\\\" onmouseover=\\\"alert(1)\"}}\n",
        )],
        &[("_includes/hdr.html", template)],
    );
    let html = r.content("a.md");
    assert_eq!(
        html,
        "<div title=\"y&quot; onmouseover=&quot;alert(1)\"><a href=\"#\" title=\"x&quot; autofocus onfocus=&quot;alert(2)\">y&quot; onmouseover=&quot;alert(1)</a></div>\n",
    );
    assert!(r.errors().is_empty(), "{:?}", r.errors());
}

/// A list in front matter prints as Liquid prints it: its items joined (it printed
/// nothing, silently).
#[test]
fn user_templates_print_lists_as_liquid_does() {
    let template = "<p>{{ page.tags }}|{{ page.nested }}|{{ page.none }}|{{ page.map }}</p>\n";
    let options = json!({"shortcodes": {"tags": "_includes/tags.html"}});
    let r = run_with(
        "html",
        options,
        &[(
            "a.md",
            "---\ntitle: A\ntags: [iam, <kms>, 3, true]\nnested: [a, [b, c]]\nnone: ~\nmap: {k: v}\n---\n{{#tags}}\n",
        )],
        &[("_includes/tags.html", template)],
    );
    assert_eq!(r.content("a.md"), "<p>iam&lt;kms&gt;3true|abc||kv</p>\n");
    assert!(r.errors().is_empty(), "{:?}", r.errors());
}

/// Found by trying the tool as a new user: a user shortcode named `include` took over
/// mdBook's `{{#include}}`, and names that can never be called were accepted silently.
#[test]
fn user_shortcode_names_that_clash_or_cannot_be_called_are_refused() {
    let options = json!({"shortcodes": {
        "include": "_includes/t.html",
        "service-card": "_includes/t.html",
        "My Name": "_includes/t.html",
        "a}}b": "_includes/t.html",
        "ok_name-2": "_includes/t.html",
    }});
    let r = run_with(
        "html",
        options,
        &[(
            "a.md",
            "---\ntitle: A\n---\n{{#ok_name-2}}\n\n{{#include other.md}}\n",
        )],
        &[("_includes/t.html", "<b>t</b>")],
    );
    let mut errors = r.errors();
    errors.sort();
    assert_eq!(errors.len(), 4, "{errors:?}");
    for (error, name, why) in [
        (&errors[0], "My Name", "cannot be called"),
        (&errors[1], "a}}b", "cannot be called"),
        (
            &errors[2],
            "include",
            "is one of mdBook's own `{{#…}}` helpers",
        ),
        (&errors[3], "service-card", "is a built-in shortcode"),
    ] {
        assert!(
            error.contains(&format!("[preprocessor.jekyll.shortcodes] `{name}` {why}")),
            "{error}"
        );
    }
    // The valid one works; mdBook's helper is left for mdBook.
    assert_eq!(r.content("a.md"), "<b>t</b>\n\n{{#include other.md}}\n");
}

#[test]
fn paths_outside_the_book_are_refused() {
    let options = json!({"services": "../../etc/passwd", "shortcodes": {"x": "/etc/passwd"}});
    let r = run_with(
        "html",
        options,
        &[(
            "a.md",
            "---\ntitle: A\n---\n{{#service-card \"AWS IAM\"}}\n",
        )],
        &[],
    );
    let errors = r.errors().join("\n");
    assert!(
        errors.contains("`/etc/passwd` is an absolute path"),
        "{errors}"
    );
    assert!(
        errors.contains("`../../etc/passwd` points outside the book"),
        "{errors}"
    );
    // The message names the catalog and where its path comes from (set or default).
    assert!(
        errors.contains("services catalog src/../../etc/passwd: `../../etc/passwd` points outside the book (the path is `services` in [preprocessor.jekyll], `_data/services.yml` when it is not set)"),
        "{errors}"
    );
}

#[test]
fn each_page_is_scanned_independently() {
    // Many pages: the catalog is read once; every card is expanded.
    let mut chapters: BTreeMap<String, String> = BTreeMap::new();
    for i in 0..200 {
        chapters.insert(
            format!("p{i:03}.md"),
            format!("---\ntitle: P{i}\n---\n{{{{#service-card \"AWS IAM\"}}}}\n"),
        );
    }
    let list: Vec<(&str, &str)> = chapters
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let r = run(&list);
    assert!(r.errors().is_empty());
    assert!(r.content("p199.md").contains("<h4>AWS IAM</h4>"));
}

#[test]
fn links_in_a_card_body_point_at_html_pages() {
    let r = run(&[
        (
            "docs/a.md",
            "---\ntitle: A\n---\n{{#service-card name=\"X\"}}\nSee [B](b.md) and [home](/index.html).\n{{/service-card}}\n",
        ),
        ("docs/b.md", "---\ntitle: B\n---\n"),
        ("index.md", "---\ntitle: Home\n---\n"),
    ]);
    let a = r.content("docs/a.md");
    assert!(
        a.contains("<a href=\"b.html\">B</a> and <a href=\"../index.html\">home</a>"),
        "{a}"
    );
}

/// Found by a red-team review: a parent page ending in a code block that no fence closes
/// got its table of contents inside the code. Under Jekyll the block ends with the page.
#[test]
fn the_children_table_of_contents_stays_out_of_an_unclosed_code_block() {
    let r = run(&[
        (
            "p.md",
            "---\ntitle: P\nhas_children: true\n---\nText\n\n```sh\nmake\n",
        ),
        ("c.md", "---\ntitle: C\nparent: P\n---\n"),
    ]);
    let content = r.content("p.md");
    // Under a callout, the open block ends with the quote: no fence is added.
    let quoted = run(&[
        (
            "q.md",
            "---\ntitle: Q\nhas_children: true\n---\n{: .note }\n```sh\nmake\n",
        ),
        ("d.md", "---\ntitle: D\nparent: Q\n---\n"),
    ]);
    assert!(
        quoted
            .content("q.md")
            .contains("> [!NOTE]\n> ```sh\n> make\n\n<hr>\n"),
        "{}",
        quoted.content("q.md")
    );
    assert!(
        content.ends_with("```sh\nmake\n```\n\n<hr>\n<h2 class=\"text-delta\">Table of contents</h2>\n<ul>\n<li><a href=\"c.html\">C</a></li>\n</ul>\n"),
        "{content}"
    );
}

/// Found by a red-team review: a card at the start of a line inside `{::comment}` was
/// expanded, and the rest of that hidden line shown; a link there was reported.
#[test]
fn shortcodes_and_links_inside_a_kramdown_comment_stay_hidden() {
    let page = "---\ntitle: A\n---\nShown.\n\n{::comment}\nDraft text hidden.\n{{#service-card \"AWS IAM\"}} trailing hidden words [x](gone.md)\n{:/comment}\n\nAfter.\n";
    let r = run(&[("a.md", page)]);
    let content = r.content("a.md");
    assert!(!content.contains("hidden"), "{content}");
    assert!(!content.contains("aws-service"), "{content}");
    assert!(
        content.contains("Shown.") && content.contains("After."),
        "{content}"
    );
    assert!(
        r.warnings().is_empty() && r.errors().is_empty(),
        "{:?}",
        r.warnings()
    );
}

/// Found by a red-team review: a shortcode inside an HTML comment was expanded (an
/// unknown service there stopped the build), and the `<!-- -->` standing for a blank line
/// in what it wrote ended the comment, so the rest showed on the page.
#[test]
fn shortcodes_in_html_comments_are_commented_out() {
    let page = "---\ntitle: P\nhas_children: true\n---\n<!--\nTODO later:\n{{#best-practices}}\n{{#service-card \"Nowhere\"}}\n-->\n\n  <!-- {{#service-card \"Nowhere\"}} -->\n\n<!---->\n{{#best-practices}}\n";
    let r = run_with(
        "html",
        json!({}),
        &[
            ("p.md", page),
            (
                "c.md",
                "---\ntitle: \"first\\n\\nsecond\"\nparent: P\n---\n",
            ),
        ],
        &[],
    );
    assert!(r.errors().is_empty(), "{:?}", r.errors());
    let html = r.content("p.md");
    let (commented, rest) = html.split_at(html.find("<!---->").unwrap());
    assert_eq!(
        commented,
        "<!--\nTODO later:\n{{#best-practices}}\n{{#service-card \"Nowhere\"}}\n-->\n\n  <!-- {{#service-card \"Nowhere\"}} -->\n\n"
    );
    // After a comment that ends where it opens, shortcodes are expanded again.
    assert!(
        rest.contains("<div class=\"best-practices-list\">"),
        "{rest}"
    );

    // Found by a review: comments after the first of an HTML block, in other HTML blocks
    // and inside paragraphs (also over two lines) hide their shortcodes too; what follows
    // a comment's end on its line does not.
    let commented = [
        "<!-- a --> <!-- b {{#service-card \"Nowhere\"}} -->\n",
        "<div>\n<!-- {{#service-card \"Nowhere\"}} -->\n</div>\n",
        "Text <!-- {{#service-card \"Nowhere\"}} --> para\n",
        "Text <!-- over\n{{#service-card \"Nowhere\"}} --> lines\n",
        "<!-- a --!> <!-- {{#service-card \"Nowhere\"}} -->\n",
        "> <!--\n> {{#service-card \"Nowhere\"}}\n> -->\n",
        // Found by a third review: in an element's text a comment opens anywhere on the
        // line; `<!--!>` is still open; a malformed shortcode in a comment is not reported.
        "<table><tr>\n<td>EC2</td><td>TODO <!-- {{#service-card \"Nowhere\"}} --></td>\n</tr></table>\n",
        "<div>\nNote <!-- {{#service-card \"Nowhere\"}} -->\n</div>\n",
        "Text <!--!> {{#service-card \"Nowhere\"}} --> after\n",
        "<!--!> {{#service-card \"Nowhere\"}} -->\n",
        "<div>\n<!-- {{#service-card \"unclosed}} -->\n</div>\n",
    ];
    for text in commented {
        let page = format!("---\ntitle: P\n---\n{text}");
        let r = run_with("html", json!({}), &[("p.md", &page)], &[]);
        assert!(r.errors().is_empty(), "{text}: {:?}", r.errors());
        assert_eq!(r.content("p.md"), text);
    }
    let page = "---\ntitle: P\nhas_children: true\n---\n<!-- x --> {{#best-practices}}\n";
    let r = run_with(
        "html",
        json!({}),
        &[("p.md", page), ("c.md", "---\ntitle: C\nparent: P\n---\n")],
        &[],
    );
    assert!(
        r.content("p.md").contains("best-practices-list"),
        "{}",
        r.content("p.md")
    );

    // Found by a second review: a `<!--` a browser never sees as a comment (in an
    // attribute value, in a shortcode's argument) hid the shortcodes after it, and an
    // inline comment ended at `--!>` as browsers end it.
    for text in [
        "<div class=\"grid\">\n{{#service-card \"C\" description=\"Old IE hack: <!--[if IE]>\"}}\n{{#service-card \"D\" description=\"Fourth\"}}\n</div>\n",
        "<div title=\"a <!-- b\">\n{{#service-card \"D\" description=\"Fourth\"}}\n</div>\n",
        "Text <!-- note --!> {{#service-card \"D\" description=\"Fourth\"}} -->\n",
        "<div class=\"grid\">\n{{#service-card \"A\" description=\"Type <code><!--</code> to open a comment\"}}\n{{#service-card \"D\" description=\"Fourth\"}}\n</div>\n",
        "<div title=\"a > <!-- b\">\n{{#service-card \"D\" description=\"Fourth\"}}\n</div>\n",
        "<div title='\n<!-- b'>\n{{#service-card \"D\" description=\"Fourth\"}}\n</div>\n",
    ] {
        let page = format!("---\ntitle: P\n---\n{text}");
        let r = run_with("html", json!({}), &[("p.md", &page)], &[]);
        assert!(r.errors().is_empty(), "{text}: {:?}", r.errors());
        let html = r.content("p.md");
        assert!(!html.contains("{{#service-card \"D\""), "{html}");
        assert!(html.contains("<p>Fourth</p>"), "{html}");
    }
}
