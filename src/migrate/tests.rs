//! `migrate` on small books.

use super::*;

#[test]
fn selectors_of_a_style_block() {
    let css =
        "/* c */ .a ul { x: 1 }\n.b li,\n.b  li a:hover { y: 2 }\n@media print { .c { z: 3 } }";
    let found: Vec<String> = css_selectors(css).into_iter().collect();
    assert_eq!(found, [".a ul", ".b li", ".b li a:hover", "@media print"]);
    let shipped = stylesheet_selectors(STYLESHEET);
    assert!(shipped.contains(".best-practices-list li a:hover"));
    assert!(shipped.contains(".aws-service-content h4"));
}

#[test]
fn nested_blocks_and_anchors() {
    let html = "x <div class=\"aws-service\">\n<div class=\"aws-service-content\">\n<h4>A &amp; B</h4>\n<p>Text <b>bold</b></p>\n</div>\n</div> y";
    let found = blocks(html, "<div class=\"aws-service\">", "div");
    assert_eq!(found.len(), 1);
    let block = &html[found[0].clone()];
    assert!(block.ends_with("</div>\n</div>"));
    assert!(card_shape_is_known(block));
    assert_eq!(inner(block, "h4"), Some("A &amp; B"));
    assert!(!card_shape_is_known(
        "<div class=\"aws-service\"><h4>x</h4></div>"
    ));
    let links = anchors(
        "<ul><li><a href=\"./a.html\">A: &quot;one&quot;</a></li><li><a class=\"x\" href=\"b\"><em>B</em></a></li></ul>",
    );
    assert_eq!(
        links,
        [
            ("./a.html".to_string(), "A: \"one\"".to_string()),
            ("b".to_string(), "B".to_string())
        ]
    );
}

#[test]
fn words_ignore_punctuation() {
    assert_eq!(
        words("SEC02-BP01: Use strong sign-in"),
        words("SEC02-BP01 - Use strong sign-in")
    );
    assert_ne!(
        words("SEC02-BP02: Use temporary credentials"),
        words("SEC02-BP02 - Rely on a provider")
    );
}

/// Found by trying the tool as a new user: only five entities were decoded, so a card's
/// `&nbsp;`, `&mdash;` or `&rsquo;` came out as `&amp;mdash;` text after `migrate --write`.
#[test]
fn every_html_entity_is_decoded() {
    assert_eq!(
        decode_entities(
            "Identity &amp; Access&nbsp;(IAM) &mdash; it&rsquo;s &ldquo;free&rdquo; &copy; &#169; &#xA9; &lt;b&gt; &quot;q&quot; &#39;s&#39; &unknown;"
        ),
        "Identity & Access\u{a0}(IAM) \u{2014} it\u{2019}s \u{201c}free\u{201d} \u{a9} \u{a9} \u{a9} <b> \"q\" 's' &unknown;"
    );
}
