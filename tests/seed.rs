//! Acceptance for the shortcodes: `../shared/seeds/SEC02.md`, with its hand-written
//! best-practice list and service cards replaced by shortcodes and its `<style>` block
//! removed, plus its child pages, set up with `mdbook-jekyll install` and built with
//! mdBook 0.5; then read as a reader would, in headless Chromium.

mod common;

use common::browser::{StaticServer, probe};
use common::{TestBook, shared};

/// The order in which the author typed the list, and the nav_order each child really has.
const NAV_ORDERS: [u32; 7] = [3, 1, 2, 7, 5, 4, 6];

struct Seed {
    page: String,
    catalog: String,
    /// Titles of the children, in the order the hand-written list typed them.
    typed: Vec<String>,
    /// (name, description) of each card, in page order.
    cards: Vec<(String, String)>,
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = from + text[from..].find(end)?;
    Some(&text[from..to])
}

/// Rewrites the seed page with shortcodes.
fn rewrite_seed() -> Seed {
    let seed = std::fs::read_to_string(shared().join("seeds/SEC02.md")).unwrap();
    let list_start = seed.find("<div class=\"best-practices-list\">").unwrap();
    let list_end =
        list_start + seed[list_start..].find("</ul>\n</div>").unwrap() + "</ul>\n</div>".len();
    let typed: Vec<String> = seed[list_start..list_end]
        .split("<li>")
        .skip(1)
        .map(|li| between(li, "\">", "</a>").unwrap().to_string())
        .collect();
    let mut page = format!(
        "{}{{{{#best-practices}}}}{}",
        &seed[..list_start],
        &seed[list_end..]
    );

    let mut cards = Vec::new();
    while let Some(start) = page.find("<div class=\"aws-service\">") {
        let end = start + page[start..].find("</div>\n</div>").unwrap() + "</div>\n</div>".len();
        let block = page[start..end].to_string();
        let name = between(&block, "<h4>", "</h4>").unwrap().to_string();
        let description = between(&block, "<p>", "</p>").unwrap().to_string();
        page.replace_range(start..end, &format!("{{{{#service-card \"{name}\"}}}}"));
        cards.push((name, description));
    }
    let style = page.find("<style>").unwrap();
    let style_end = page.find("</style>").unwrap() + "</style>".len();
    page.replace_range(style..style_end, "");
    let catalog = cards
        .iter()
        .map(|(n, d)| format!("{}: \"{}\"\n", n, d.replace('"', "\\\"")))
        .collect();
    Seed {
        page,
        catalog,
        typed,
        cards,
    }
}

/// A fresh mdBook, set up with `mdbook-jekyll install`, holding the rewritten seed.
fn seed_book(seed: &Seed) -> TestBook {
    let book = TestBook::new("");
    // Start from what `mdbook init` writes, then let `install` do its job.
    book.write("book.toml", "[book]\ntitle = \"Well-Architected\"\n");
    std::fs::remove_file(book.root().join("mdbook-jekyll.css")).unwrap();
    let out = book.run(&["install"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = book.run(&["install"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        ". : already set up, nothing changed".replace(" :", ":"),
        "install twice changes nothing"
    );
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    let command = common::binary().display().to_string();
    book.write(
        "book.toml",
        &toml.replace(
            "[preprocessor.jekyll]\n",
            &format!("[preprocessor.jekyll]\ncommand = \"{command}\"\n"),
        ),
    );
    book.write("src/_data/services.yml", &seed.catalog);
    book.write("src/docs/security/SEC02.md", &seed.page);
    book.write(
        "src/docs/security/index.md",
        "---\ntitle: Security\nnav_order: 2\nhas_children: true\n---\n\n# Security\n",
    );
    book.write(
        "src/index.md",
        "---\ntitle: Home\nnav_order: 1\n---\n\n# Home\n",
    );
    for (i, title) in seed.typed.iter().enumerate() {
        book.write(
            &format!("src/docs/security/SEC02-BP0{}.md", i + 1),
            &format!(
                "---\ntitle: \"{title}\"\nparent: \"SEC02 - How do you manage identities for people and machines?\"\ngrand_parent: Security\nnav_order: {}\n---\n\n# {title}\n",
                NAV_ORDERS[i]
            ),
        );
    }
    // Built but not in the sidebar: an excluded page and an orphan.
    book.write(
        "src/docs/hidden.md",
        "---\ntitle: Hidden page\nnav_exclude: true\n---\n\nHidden.\n",
    );
    book.write(
        "src/docs/orphan.md",
        "---\ntitle: Orphan page\nparent: Nowhere\n---\n\nOrphan.\n",
    );
    book
}

/// The children's titles in nav_order.
fn expected_order(seed: &Seed) -> Vec<String> {
    let mut by_order: Vec<(u32, &String)> = NAV_ORDERS.iter().copied().zip(&seed.typed).collect();
    by_order.sort();
    by_order.into_iter().map(|(_, t)| t.clone()).collect()
}

#[test]
fn seed_rewritten_with_shortcodes_builds_with_the_seed_structure() {
    let seed = rewrite_seed();
    assert_eq!(seed.typed.len(), 7);
    assert_eq!(seed.cards.len(), 4);
    assert!(seed.page.contains("{{#best-practices}}") && !seed.page.contains("<style>"));
    let book = seed_book(&seed);
    book.build_05()
        .expect("the seed book builds with mdBook 0.5");
    let html = book.read_output("docs/security/SEC02.html");

    // The seed's structure: header, list of links in a div, cards, related resources.
    assert!(html.contains("<div class=\"pillar-header\">"));
    let list = between(&html, "<div class=\"best-practices-list\">", "</div>").unwrap();
    let titles: Vec<String> = list
        .split("<li>")
        .skip(1)
        .map(|li| between(li, "\">", "</a>").unwrap().to_string())
        .collect();
    assert_eq!(titles, expected_order(&seed), "the list follows nav_order");
    assert_ne!(titles, seed.typed, "...not the order the author typed");
    // mdBook 0.5 re-serializes HTML with its own line breaks: compare without them.
    let flat = html.replace('\n', "");
    for (name, description) in &seed.cards {
        let card = format!(
            "<div class=\"aws-service\"><div class=\"aws-service-content\"><h4>{name}</h4><p>{description}</p></div></div>"
        );
        assert!(flat.contains(&card), "card {name}");
    }
    assert!(html.contains("<div class=\"related-resources\">"));
    assert!(!html.contains("{{#"), "no shortcode is left");
    assert!(!html.contains("<style>"));
}

const PROBE: &str = r#"<!doctype html>
<html><body><pre id="result">pending</pre>
<iframe id="frame" style="width:1200px;height:900px"></iframe>
<script>
const frame = document.getElementById('frame');
const page = 'docs/security/SEC02.html';
function load(url) {
  return new Promise(done => { frame.onload = () => done(frame.contentWindow); frame.src = url; });
}
function clickAndWait(link) {
  return new Promise(done => { frame.onload = () => done(frame.contentWindow); link.click(); });
}
function styles(win) {
  const doc = win.document;
  const row = doc.querySelector('.best-practices-list li');
  const link = row.querySelector('a');
  const card = doc.querySelector('.aws-service');
  const cardTitle = doc.querySelector('.aws-service-content h4');
  const s = e => win.getComputedStyle(e);
  return {
    rowBackground: s(row).backgroundColor, rowBorder: s(row).borderTopColor,
    rowListStyle: s(row.parentElement).listStyleType, linkColor: s(link).color,
    cardBorderLeft: s(card).borderLeftColor, cardBackground: s(card).backgroundColor,
    cardTitleColor: s(cardTitle).color, cardTextColor: s(card.querySelector('p')).color,
    pageBackground: s(doc.documentElement).backgroundColor,
  };
}
(async () => {
  const out = {};
  try {
    let win = await load(page);
    out.light = styles(win);
    out.sidebar = [...win.document.querySelectorAll('mdbook-sidebar-scrollbox a')]
      .filter(a => !a.classList.contains('chapter-fold-toggle') && a.getClientRects().length > 0)
      // Chapters only, not the current page's headings that mdBook 0.5 lists under it.
      .filter(a => !(a.getAttribute('href') || '').includes('#'))
      .map(a => a.textContent.trim());
    const count = win.document.querySelectorAll('.best-practices-list a').length;
    out.opened = [];
    for (let i = 0; i < count; i++) {
      win = await load(page);
      const link = win.document.querySelectorAll('.best-practices-list a')[i];
      const text = link.textContent;
      win = await clickAndWait(link);
      out.opened.push({ link: text, path: win.location.pathname, heading: win.document.querySelector('main h1').textContent });
    }
    win.localStorage.setItem('mdbook-theme', 'coal');
    win = await load(page);
    out.themeClass = win.document.documentElement.className;
    out.dark = styles(win);
  } catch (e) { out.error = String(e && e.stack || e); }
  document.getElementById('result').textContent = JSON.stringify(out);
})();
</script></body></html>
"#;

#[test]
fn a_reader_sees_styled_rows_and_cards_and_working_links() {
    let seed = rewrite_seed();
    let book = seed_book(&seed);
    book.build_05().unwrap();
    book.write("book/probe.html", PROBE);
    let server = StaticServer::start(&book.root().join("book"));
    let result = probe(&server.url("probe.html"));
    assert!(result.get("error").is_none(), "{result:#}");

    // Light theme: the stylesheet's colours.
    let light = &result["light"];
    assert_eq!(light["rowBackground"], "rgb(255, 234, 215)", "{light:#}");
    assert_eq!(light["rowBorder"], "rgb(255, 204, 165)");
    assert_eq!(light["rowListStyle"], "none");
    assert_eq!(light["linkColor"], "rgb(255, 106, 0)");
    assert_eq!(light["cardBorderLeft"], "rgb(255, 106, 0)");
    assert_eq!(light["cardTitleColor"], "rgb(255, 106, 0)");
    assert_ne!(
        light["cardBackground"], "rgba(0, 0, 0, 0)",
        "the card has a background"
    );

    // Dark theme: the colours follow mdBook's theme.
    assert!(
        result["themeClass"].as_str().unwrap().contains("coal"),
        "{result:#}"
    );
    let dark = &result["dark"];
    assert_ne!(dark["pageBackground"], light["pageBackground"], "{dark:#}");
    assert_ne!(dark["cardBackground"], light["cardBackground"]);
    assert_ne!(dark["rowBackground"], light["rowBackground"]);
    assert_eq!(dark["linkColor"], "rgb(255, 154, 77)");
    assert_ne!(
        dark["cardTextColor"], light["cardTextColor"],
        "card text follows the theme"
    );

    // Each list link opens its child page.
    let opened = result["opened"].as_array().unwrap();
    let expected = expected_order(&seed);
    assert_eq!(opened.len(), expected.len());
    for (entry, title) in opened.iter().zip(&expected) {
        assert_eq!(entry["link"], title.as_str());
        assert_eq!(entry["heading"], title.as_str(), "{entry:#}");
        assert!(
            entry["path"]
                .as_str()
                .unwrap()
                .starts_with("/docs/security/SEC02-BP0"),
            "{entry:#}"
        );
    }

    // The sidebar shows the navigation, not the pages outside it.
    let sidebar: Vec<&str> = result["sidebar"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(sidebar.len(), 3 + expected.len(), "{sidebar:#?}");
    assert!(
        !sidebar
            .iter()
            .any(|t| t.contains("Hidden page") || t.contains("Orphan page")),
        "{sidebar:#?}"
    );
    assert!(book.output_exists("docs/hidden.html") && book.output_exists("docs/orphan.html"));
}

/// The stylesheet hides the pages outside the navigation in mdBook 0.4's sidebar markup too.
#[test]
fn pages_outside_the_navigation_are_hidden_in_mdbook_04_as_well() {
    let seed = rewrite_seed();
    let book = seed_book(&seed);
    book.build_04().expect("mdBook 0.4.52 builds the seed book");
    book.write(
        "book/probe.html",
        &common::browser::sidebar_probe("docs/security/SEC02.html"),
    );
    let server = StaticServer::start(&book.root().join("book"));
    let result = probe(&server.url("probe.html"));
    let all: Vec<&str> = result["all"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let visible: Vec<&str> = result["visible"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        all.iter().any(|t| t.contains("Hidden page")),
        "the page is in the markup: {result:#}"
    );
    assert_eq!(visible.len(), 3 + 7, "{result:#}");
    assert!(
        !visible
            .iter()
            .any(|t| t.contains("Hidden page") || t.contains("Orphan page")),
        "{result:#}"
    );
}
