//! The output of each built-in shortcode, as HTML (the `html` renderer) or as Markdown (every
//! other renderer). Every value written into HTML is escaped here, and no value can hold a
//! directive for mdBook's `links` preprocessor ([`markdown::mdbook_inert`]).

use crate::markdown::{self, without_blank_lines};
use mdbook_core::utils::{escape_html, escape_html_attribute};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

/// One entry of a best-practice list.
pub struct Link<'a> {
    pub title: &'a str,
    pub href: String,
}

/// A service card's description: plain text, Markdown (a card's body, for Markdown
/// output), or that Markdown already rendered to HTML.
pub enum Description<'a> {
    Text(&'a str),
    Markdown(&'a str),
    Html(String),
}

/// The list as one HTML block: a title holding a blank line would end the block and
/// let the rest of the title be read as Markdown.
pub fn best_practices_html(links: &[Link<'_>]) -> String {
    let mut out = String::from("<div class=\"best-practices-list\">\n<ul>\n");
    for link in links {
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            escape_html_attribute(&link.href),
            markdown::mdbook_inert(&escape_html(link.title))
        ));
    }
    out.push_str("</ul>\n</div>");
    without_blank_lines(&out)
}

pub fn best_practices_markdown(links: &[Link<'_>]) -> String {
    let mut events = vec![Event::Start(Tag::List(None))];
    for link in links {
        events.extend([
            Event::Start(Tag::Item),
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: CowStr::from(link.href.clone()),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }),
            Event::Text(CowStr::Borrowed(link.title)),
            Event::End(TagEnd::Link),
            Event::End(TagEnd::Item),
        ]);
    }
    events.push(Event::End(TagEnd::List(false)));
    markdown::mdbook_inert(&markdown::events_to_markdown(events)).into_owned()
}

pub fn card_html(name: &str, description: &Description<'_>) -> String {
    let body = match description {
        Description::Text(text) => format!("<p>{}</p>", markdown::mdbook_inert(&escape_html(text))),
        Description::Markdown(md) => markdown::to_html(md.trim(), &|_| None),
        Description::Html(html) => html.clone(),
    };
    without_blank_lines(&format!(
        "<div class=\"aws-service\">\n<div class=\"aws-service-content\">\n<h4>{}</h4>\n{}\n</div>\n</div>",
        markdown::mdbook_inert(&escape_html(name)),
        body.trim_end()
    ))
}

pub fn card_markdown(name: &str, description: &Description<'_>) -> String {
    let heading = markdown::events_to_markdown([
        Event::Start(Tag::Heading {
            level: HeadingLevel::H4,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }),
        Event::Text(CowStr::Borrowed(name)),
        Event::End(TagEnd::Heading(HeadingLevel::H4)),
    ]);
    let heading = markdown::mdbook_inert(&heading);
    let body = match description {
        Description::Text(text) => markdown::mdbook_inert(&markdown::events_to_markdown([
            Event::Start(Tag::Paragraph),
            Event::Text(CowStr::Borrowed(text)),
            Event::End(TagEnd::Paragraph),
        ]))
        .into_owned(),
        Description::Markdown(md) => md.trim().to_string(),
        Description::Html(html) => html.clone(),
    };
    format!("{heading}\n\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_value() {
        let html = best_practices_html(&[Link {
            title: "<script>alert(1)</script> & \"x\"",
            href: "a\".html".into(),
        }]);
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"x\""),
            "{html}"
        );
        assert!(html.contains("href=\"a&quot;.html\""), "{html}");
        let card = card_html("<b>", &Description::Text("a < b & c"));
        assert!(card.contains("<h4>&lt;b&gt;</h4>") && card.contains("<p>a &lt; b &amp; c</p>"));
    }

    #[test]
    fn card_body_is_markdown() {
        let card = card_html(
            "IAM",
            &Description::Markdown("Some *body*.\n\nTwo paragraphs."),
        );
        assert!(card.contains("<p>Some <em>body</em>.</p>"), "{card}");
        assert!(
            !card.contains("\n\n"),
            "no blank line may end the HTML block: {card}"
        );
    }

    #[test]
    fn markdown_forms() {
        let list = best_practices_markdown(&[Link {
            title: "A [b]",
            href: "x.md".into(),
        }]);
        assert_eq!(list.trim(), "* [A \\[b\\]](x.md)");
        let card = card_markdown("IAM", &Description::Text("Manages *access*"));
        assert!(card.starts_with("#### IAM\n\n"), "{card}");
        assert!(card.contains("Manages \\*access\\*"), "{card}");
    }
}
