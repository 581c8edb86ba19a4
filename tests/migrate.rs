//! Acceptance for `mdbook-jekyll migrate` on a copy of the real corpus.

mod common;

use common::{TestBook, shared, wafr_book};
use std::collections::BTreeMap;

fn read(book: &TestBook, path: &str) -> String {
    std::fs::read_to_string(book.root().join(path)).unwrap()
}

/// Jekyll's own sidebar: each title with the titles of its children.
fn jekyll_children() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(shared().join("corpora/wafr.jekyll-nav.txt")).unwrap();
    let lines: Vec<(usize, String)> = text
        .lines()
        .map(|l| {
            let depth = (l.len() - l.trim_start().len()) / 2;
            let title = l
                .trim_start()
                .rsplit_once("  <")
                .map_or(l.trim(), |(t, _)| t)
                .to_string();
            (depth, title)
        })
        .collect();
    let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, (depth, title)) in lines.iter().enumerate() {
        let mut kids = Vec::new();
        for (d, t) in &lines[i + 1..] {
            if *d <= *depth {
                break;
            }
            if *d == depth + 1 {
                kids.push(t.clone());
            }
        }
        children.insert(title.clone(), kids);
    }
    children
}

fn list_titles(html: &str) -> Vec<String> {
    let start = html
        .find("<div class=\"best-practices-list\">")
        .expect("a list");
    let end = start + html[start..].find("</div>").unwrap();
    html[start..end]
        .split("<li><a href=\"")
        .skip(1)
        .map(|li| {
            let text = &li[li.find("\">").unwrap() + 2..li.find("</a>").unwrap()];
            text.replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn without_write_it_prints_a_diff_and_changes_nothing() {
    let book = wafr_book();
    let before = read(&book, "src/docs/security/SEC02.md");
    let out = book.run(&["migrate"]);
    assert!(out.status.success());
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("--- a/src/docs/security/SEC02.md\n+++ b/src/docs/security/SEC02.md"),
        "{}",
        &diff[..500]
    );
    assert!(diff.contains("+{{#best-practices}}"));
    assert!(diff.contains("-<div class=\"best-practices-list\">"));
    assert!(diff.contains("+++ b/src/_data/services.yml"));
    assert_eq!(
        read(&book, "src/docs/security/SEC02.md"),
        before,
        "nothing is written"
    );
    assert!(!book.root().join("src/_data/services.yml").exists());
}

#[test]
fn migrated_corpus_builds_and_each_list_shows_the_real_children() {
    let book = wafr_book();
    let out = book.run(&["migrate", "--write"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stderr).to_string();

    // The drift report names the pages whose hand-written list was wrong.
    let mut drifted: Vec<&str> = report
        .lines()
        .filter(|l| l.ends_with("[list-drift]"))
        .map(|l| l.trim_start_matches("warning: ").split(':').next().unwrap())
        .collect();
    drifted.sort();
    assert_eq!(
        drifted,
        [
            "src/docs/cost-optimization/COST05.md",
            "src/docs/reliability/REL01.md",
            "src/docs/security/SEC05.md",
            "src/docs/security/SEC10.md",
            "src/docs/security/SEC11.md",
        ],
        "{report}"
    );
    assert!(report.contains("\"SEC11-BP05: Centralize services for packages and dependencies\" (./SEC11-BP05.html) is not a child of this page"), "{report}");

    // No hand-written list is left; cards are shortcodes unless reported as unknown shapes.
    let mut pages_with_lists = Vec::new();
    let mut cards_left = 0;
    for entry in walkdir::WalkDir::new(book.root().join("src/docs")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(
                !text.contains("<div class=\"best-practices-list\">"),
                "{}",
                entry.path().display()
            );
            // Cards inside code (here: a YAML block left unclosed in the corpus) are text.
            let code = mdbook_jekyll::markdown::code_ranges(&text);
            cards_left += text
                .match_indices("<div class=\"aws-service\">")
                .filter(|(at, _)| !code.iter().any(|r| r.contains(at)))
                .count();
            if text.contains("{{#best-practices}}") {
                pages_with_lists.push(
                    entry
                        .path()
                        .strip_prefix(book.root().join("src"))
                        .unwrap()
                        .to_path_buf(),
                );
            }
        }
    }
    assert_eq!(pages_with_lists.len(), 29);
    let unknown_shapes = report
        .lines()
        .filter(|l| l.ends_with("[card-shape]"))
        .count();
    assert_eq!(cards_left, unknown_shapes, "{report}");
    assert!(
        report.contains(
            "29 best-practice lists (5 differ from the pages' children), 904 service cards"
        ),
        "{report}"
    );

    // The migrated site builds, and each list is the page's children in Jekyll's sidebar.
    book.build_05().expect("the migrated site builds");
    let jekyll = jekyll_children();
    for source in pages_with_lists {
        let html_path = source.with_extension("html");
        let html = book.read_output(html_path.to_str().unwrap());
        let title =
            &html[html.find("<title>").unwrap() + 7..html.find(" - Test book</title>").unwrap()];
        let title = title.replace("&amp;", "&");
        let expected = jekyll
            .get(&title)
            .unwrap_or_else(|| panic!("{title} is in Jekyll's sidebar"));
        assert_eq!(&list_titles(&html), expected, "{}", source.display());
    }
    assert!(
        !book
            .read_output("docs/security/SEC02.html")
            .contains("<style>"),
        "the covered <style> block is gone"
    );

    // A second run finds nothing left to migrate.
    let again = book.run(&["migrate"]);
    let again_report = String::from_utf8_lossy(&again.stderr);
    assert!(again_report.contains("0 best-practice lists (0 differ from the pages' children), 0 service cards, 0 <style> blocks"), "{again_report}");
}

/// Found while reviewing `migrate`: a services catalog it could not read or parse was taken
/// as empty, so `--write` would have written the migrated cards' catalog over it.
#[test]
fn a_catalog_that_cannot_be_read_stops_the_migration_before_anything_is_written() {
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n\n- [Cards](cards.md)\n");
    let page = "---\ntitle: Cards\n---\n<div class=\"aws-service\">\n<div class=\"aws-service-content\">\n<h4>AWS IAM</h4>\n<p>Access.</p>\n</div>\n</div>\n";
    book.write("src/cards.md", page);
    book.write("src/_data/services.yml", "AWS KMS: [unclosed\n");
    let out = book.run(&["migrate", "--write"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the services catalog")
            && stderr.contains("is not valid")
            && stderr.contains("fix it before migrating"),
        "{stderr}"
    );
    assert_eq!(
        read(&book, "src/_data/services.yml"),
        "AWS KMS: [unclosed\n"
    );
    assert_eq!(read(&book, "src/cards.md"), page);
}

/// Found by a red-team review: with `src/_data` a symbolic link to nothing, `migrate
/// --write` rewrote the page, then failed on the catalog ("File exists", no path named):
/// the card's description, written only in the page, was lost. With the link leading out
/// of the book, the catalog was written there. Every place is checked before anything is
/// written, and the catalog is written first.
#[test]
fn a_catalog_behind_a_link_out_of_the_book_or_to_nothing_stops_before_anything_is_written() {
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n");
    let page = "---\ntitle: Cards\n---\n<div class=\"aws-service\">\n<div class=\"aws-service-content\">\n<h4>Unique</h4>\n<p>Written only here.</p>\n</div>\n</div>\n";
    book.write("src/cards.md", page);
    let outside = tempfile::tempdir().unwrap();
    let data = book.root().join("src/_data");
    for (target, expected) in [
        (
            outside.path().join("nowhere"),
            "refused: `src/_data/services.yml` goes through a symbolic link to nothing",
        ),
        (
            outside.path().to_path_buf(),
            "refused: `src/_data/services.yml` leads outside the book through a symbolic link",
        ),
    ] {
        std::os::unix::fs::symlink(&target, &data).unwrap();
        let out = book.run(&["migrate", "--write"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{stderr}");
        assert!(
            stderr.contains(expected) && stderr.contains("nothing was written"),
            "{stderr}"
        );
        assert_eq!(read(&book, "src/cards.md"), page);
        assert!(!outside.path().join("nowhere").exists());
        assert!(!outside.path().join("services.yml").exists());
        std::fs::remove_file(&data).unwrap();
    }
    // Without the link, the migration goes through.
    let out = book.run(&["migrate", "--write"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(read(&book, "src/_data/services.yml").contains("\"Unique\": \"Written only here.\""));
}

/// Found by a review: with `src` a link to a folder elsewhere (a monorepo), `migrate
/// --write` refused every file; `src` is the user's to place, and what is below it is
/// checked.
#[test]
fn a_src_folder_linked_from_elsewhere_is_migrated() {
    let book = TestBook::new("");
    let docs = tempfile::tempdir().unwrap();
    std::fs::write(docs.path().join("SUMMARY.md"), "# Summary\n").unwrap();
    let page = "---\ntitle: Cards\n---\n<div class=\"aws-service\">\n<div class=\"aws-service-content\">\n<h4>Unique</h4>\n<p>Written only here.</p>\n</div>\n</div>\n";
    std::fs::write(docs.path().join("cards.md"), page).unwrap();
    let _ = std::fs::remove_dir_all(book.root().join("src"));
    std::os::unix::fs::symlink(docs.path(), book.root().join("src")).unwrap();
    let out = book.run(&["migrate", "--write"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(docs.path().join("cards.md"))
            .unwrap()
            .contains("{{#service-card \"Unique\"}}")
    );
    assert!(
        std::fs::read_to_string(docs.path().join("_data/services.yml"))
            .unwrap()
            .contains("\"Unique\": \"Written only here.\"")
    );
}

/// Found by a red-team review: a card name wrapped over two lines went into the catalog
/// with its line break and into the page with a space, and the migrated book no longer
/// built (`unknown-service`). A list holding text beside its links is left whole.
#[test]
fn a_wrapped_card_name_and_a_list_with_text_migrate_to_a_book_that_builds() {
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n\n- [Cards](cards.md)\n");
    let list = "<div class=\"best-practices-list\">\n<ul>\n<li><a href=\"c.html\">Child</a> — <strong>Required</strong> for every account.</li>\n</ul>\n</div>\n";
    let page = format!(
        "---\ntitle: Cards\n---\n<div class=\"aws-service\">\n<div class=\"aws-service-content\">\n<h4>AWS Identity and Access\n    Management</h4>\n<p>Manages access.</p>\n</div>\n</div>\n\n{list}"
    );
    book.write("src/cards.md", &page);
    book.write("src/c.md", "---\ntitle: Child\nparent: Cards\n---\n");
    let out = book.run(&["migrate", "--write"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("[list-shape]"), "{stderr}");
    let migrated = read(&book, "src/cards.md");
    assert!(
        migrated.contains("{{#service-card \"AWS Identity and Access Management\"}}"),
        "{migrated}"
    );
    assert!(migrated.ends_with(list), "{migrated}");
    assert!(
        read(&book, "src/_data/services.yml")
            .contains("\"AWS Identity and Access Management\": \"Manages access.\""),
    );
    book.build_05().expect("the migrated book builds");
}

/// Found by a red-team review: `migrate --write` replaced cards shown as examples in a
/// `{% highlight %}` block, between `{% raw %}` markers and in an HTML comment; moved
/// Liquid into a shortcode and the catalog, where it is no longer rendered (the book then
/// failed: `service "Lambda" is not in the catalog`); and turned a card's HTML text into
/// Markdown (`2*3*4` became emphasis, `[x](y)` a link). Now those cards are left as
/// written, and a card's HTML text renders as it did.
#[test]
fn cards_in_verbatim_blocks_or_holding_liquid_stay_and_html_text_renders_as_before() {
    let card = |name: &str, text: &str| {
        format!(
            "<div class=\"aws-service\">\n<div class=\"aws-service-content\">\n<h4>{name}</h4>\n<p>{text}</p>\n</div>\n</div>\n"
        )
    };
    let kept = format!(
        "{{% highlight html %}}\n{}{{% endhighlight %}}\n\n{{% raw %}}\n{}{{% endraw %}}\n\n<!--\n{}-->\n\n{}\n",
        card("Example", "An example card."),
        card("Raw", "Raw card."),
        card("Commented", "Hidden card."),
        card("{{ page.svc }}", "Runs code for {{ site.title }}."),
    );
    let page = format!(
        "---\ntitle: Home\nsvc: Lambda\n---\n{kept}\n{}",
        card(
            "Calc",
            "Compute 2*3*4 with <code>a_b_c</code>,\n    [x](y) \\* and &lt;b&gt; <a href=\"https://example.com/a_b\">here</a> &amp;"
        )
    );
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n\n- [Home](index.md)\n");
    book.write("src/index.md", &page);
    book.build_05().unwrap();
    let before = book.read_output("index.html");
    let out = book.run(&["migrate", "--write"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("a service card holding Liquid"), "{stderr}");
    let migrated = read(&book, "src/index.md");
    assert!(migrated.contains(&kept), "{migrated}");
    assert!(
        migrated.contains("{{#service-card name=\"Calc\"}}\nCompute 2\\*3\\*4 with <code>a\\_b\\_c</code>\\, \\[x\\]\\(y\\) \\\\\\* and &lt;b&gt; <a href=\"https://example.com/a_b\">here</a> &amp;\n{{/service-card}}"),
        "{migrated}"
    );
    let catalog =
        std::fs::read_to_string(book.root().join("src/_data/services.yml")).unwrap_or_default();
    for name in ["Example", "Raw", "Commented", "page.svc"] {
        assert!(!catalog.contains(name), "{catalog}");
    }
    book.build_05().expect("the migrated book builds");
    let after = book.read_output("index.html");
    let text_of = |html: &str| {
        let at = html.find("<h4>Calc</h4>").expect("the card");
        let rest = &html[at..];
        rest[..rest.find("</p>").expect("its text")].to_string()
    };
    assert_eq!(text_of(&after), text_of(&before).replace(",\n    ", ", "));
    assert!(after.contains("<h4>Lambda</h4>"), "{after}");
}

/// Found by a red-team review: a best-practice list whose links are written with Liquid
/// was reported as leading to no page, though it was right. It is compared by titles.
#[test]
fn a_list_with_liquid_links_is_compared_by_titles() {
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n\n- [Home](index.md)\n");
    let list = |second: &str| {
        format!(
            "<div class=\"best-practices-list\">\n<ul>\n<li><a href=\"{{% link docs/a.md %}}\">A</a></li>\n<li><a href=\"{{{{ site.baseurl }}}}/docs/b.html\">{second}</a></li>\n</ul>\n</div>\n"
        )
    };
    book.write(
        "src/index.md",
        &format!("---\ntitle: Home\n---\n{}", list("B")),
    );
    book.write(
        "src/docs/a.md",
        "---\ntitle: A\nparent: Home\nnav_order: 1\n---\n",
    );
    book.write(
        "src/docs/b.md",
        "---\ntitle: B\nparent: Home\nnav_order: 2\n---\n",
    );
    let out = book.run(&["migrate"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("list-drift"), "{stderr}");
    // A title that differs is still reported.
    book.write(
        "src/index.md",
        &format!("---\ntitle: Home\n---\n{}", list("Old B")),
    );
    let out = book.run(&["migrate"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("(its links hold Liquid, so it is compared by titles): it lists \"A\", \"Old B\"; the children are \"A\", \"B\" [list-drift]"),
        "{stderr}"
    );
}
