//! `mdbook-jekyll summary`: the `SUMMARY.md` that the front matter implies.

use crate::assemble::UNLISTED_GROUP;
use crate::context::Context;
use crate::diagnostics::{Diagnostic, Diagnostics};
use mdbook_preprocessor::book::{BookItem, Chapter};
use std::fmt::Write;

/// Renders book items as a `SUMMARY.md`. Prefix and suffix chapters (unnumbered, top
/// level) are plain links; numbered chapters are list items, nested by two spaces. The
/// pages outside the navigation are listed in an HTML comment at the end: `SUMMARY.md` has
/// no way to build a page without showing it.
pub fn render(items: &[BookItem]) -> String {
    let mut out = String::from("# Summary\n\n");
    let mut unlisted = None;
    let mut in_list = false;
    for item in items {
        match item {
            BookItem::Chapter(ch) if ch.path.is_none() && ch.name == UNLISTED_GROUP => {
                unlisted = Some(ch);
            }
            BookItem::Chapter(ch) if is_unlistable(ch) => {}
            BookItem::Chapter(ch) if ch.number.is_none() => {
                if in_list {
                    out.push('\n');
                    in_list = false;
                }
                let _ = writeln!(out, "{}\n", link(ch));
            }
            BookItem::Chapter(ch) => {
                in_list = true;
                list_item(&mut out, ch, 0);
            }
            BookItem::Separator => {
                let _ = writeln!(out, "\n---\n");
                in_list = false;
            }
            BookItem::PartTitle(title) => {
                let _ = writeln!(out, "\n# {title}\n");
                in_list = false;
            }
        }
    }
    if let Some(group) = unlisted {
        out.push_str("\n<!-- Built but outside the navigation (nav_exclude, orphans):\n");
        for item in &group.sub_items {
            if let BookItem::Chapter(ch) = item {
                comment_item(&mut out, ch, 1);
            }
        }
        out.push_str("-->\n");
    }
    out
}

/// The chapters `render` leaves out, with what they hold: mdBook reads `%20` in a link of
/// `SUMMARY.md` as a space, so no entry can lead to a file named with it (written as it
/// is, the entry made mdBook create an empty `a b.md` and show it instead; found by a
/// red-team review). The pages are still found in `src` and placed by their front matter.
pub fn unlistable(items: &[BookItem]) -> Vec<&Chapter> {
    fn walk<'a>(items: &'a [BookItem], out: &mut Vec<&'a Chapter>) {
        for item in items {
            if let BookItem::Chapter(ch) = item {
                if is_unlistable(ch) {
                    out.push(ch);
                } else {
                    walk(&ch.sub_items, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(items, &mut out);
    out
}

/// A warning for each chapter [`unlistable`] finds.
pub fn unlistable_findings(items: &[BookItem], ctx: &Context) -> Diagnostics {
    let mut findings = Diagnostics::default();
    for chapter in unlistable(items) {
        let mut d = Diagnostic::warning(
            "unlistable-path",
            "left out of this SUMMARY.md, with the pages under it: mdBook reads `%20` in \
             SUMMARY.md as a space, so an entry would lead to another file; mdbook-jekyll \
             still finds the page in `src` and places it by its front matter",
        )
        .help("rename the file without `%20` to list it");
        if let Some(path) = chapter.source_path.as_ref().or(chapter.path.as_ref()) {
            d = d.at(ctx.display_path(path), None);
        }
        findings.push(d);
    }
    findings
}

fn is_unlistable(chapter: &Chapter) -> bool {
    chapter
        .path
        .as_ref()
        .is_some_and(|p| p.to_string_lossy().contains("%20"))
}

fn list_item(out: &mut String, chapter: &Chapter, depth: usize) {
    if is_unlistable(chapter) {
        return;
    }
    let _ = writeln!(out, "{}- {}", "  ".repeat(depth), link(chapter));
    for item in &chapter.sub_items {
        match item {
            BookItem::Chapter(ch) => list_item(out, ch, depth + 1),
            BookItem::Separator => {}
            BookItem::PartTitle(_) => {}
        }
    }
}

fn comment_item(out: &mut String, chapter: &Chapter, depth: usize) {
    let name = chapter.name.replace("--", "- -");
    let path = chapter
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let _ = writeln!(out, "{}{name} ({path})", "  ".repeat(depth));
    for item in &chapter.sub_items {
        if let BookItem::Chapter(ch) = item {
            comment_item(out, ch, depth + 1);
        }
    }
}

fn link(chapter: &Chapter) -> String {
    let mut name = String::new();
    for c in chapter.name.trim_end().replace("\r\n", "\n").chars() {
        // A list item is one line: a title written as a YAML block (`title: |`) holds line
        // breaks, and a line starting `- ` in it was read as an item of its own (found by
        // a red-team review: mdBook refused the file).
        if matches!(c, '\n' | '\r') {
            name.push(' ');
            continue;
        }
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`' | '<') {
            name.push('\\');
        }
        name.push(c);
    }
    let target = match &chapter.path {
        None => String::new(),
        Some(path) => link_destination(path),
    };
    format!("[{name}]({target})")
}

/// A chapter's path as a link destination that mdBook reads back as the same path: the
/// components joined by `/`, a backslash, `<` or `>` in a name escaped with a backslash
/// (mdBook takes the destination as a file path, without percent-decoding), and the whole
/// in angle brackets when it holds a space or parentheses.
fn link_destination(path: &std::path::Path) -> String {
    let mut out = String::new();
    for (i, component) in path.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        for c in component.as_os_str().to_string_lossy().chars() {
            if matches!(c, '\\' | '<' | '>') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    if out.contains([' ', '(', ')', '<', '>']) {
        format!("<{out}>")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook_preprocessor::book::SectionNumber;

    fn chapter(name: &str, path: &str, number: Option<Vec<u32>>, sub: Vec<BookItem>) -> BookItem {
        let mut ch = Chapter::new(name, String::new(), path, Vec::new());
        ch.number = number.map(SectionNumber::new);
        ch.sub_items = sub;
        BookItem::Chapter(ch)
    }

    #[test]
    fn renders_prefix_nested_and_unlisted() {
        let mut group = Chapter::new_draft(UNLISTED_GROUP, Vec::new());
        group.sub_items = vec![chapter("Hidden", "x/index.md", Some(vec![3, 1]), vec![])];
        group.number = Some(SectionNumber::new(vec![3]));
        let items = vec![
            chapter("Intro", "intro.md", None, vec![]),
            chapter(
                "Guide [new]",
                "guide/index.md",
                Some(vec![1]),
                vec![chapter(
                    "Setup",
                    "guide/my setup.md",
                    Some(vec![1, 1]),
                    vec![],
                )],
            ),
            BookItem::Chapter(group),
        ];
        assert_eq!(
            render(&items),
            "# Summary\n\n[Intro](intro.md)\n\n- [Guide \\[new\\]](guide/index.md)\n  - [Setup](<guide/my setup.md>)\n\n<!-- Built but outside the navigation (nav_exclude, orphans):\n  Hidden (x/index.md)\n-->\n"
        );
    }

    #[test]
    fn rendered_summary_parses_back_as_the_same_structure() {
        let items = vec![
            chapter(
                "A",
                "a.md",
                Some(vec![1]),
                vec![chapter("B", "b.md", Some(vec![1, 1]), vec![])],
            ),
            chapter("C_*x*", "c.md", Some(vec![2]), vec![]),
        ];
        let parsed = mdbook_summary::parse_summary(&render(&items)).unwrap();
        assert_eq!(parsed.numbered_chapters.len(), 2);
        let mdbook_summary::SummaryItem::Link(c) = &parsed.numbered_chapters[1] else {
            panic!()
        };
        assert_eq!(c.name, "C_*x*");
    }

    /// Found by a red-team review: a title written as a YAML literal block holding a line
    /// `- lines` gave a SUMMARY.md that mdBook refused.
    #[test]
    fn titles_with_line_breaks_stay_on_their_item() {
        let items = vec![
            chapter("One", "a.md", Some(vec![1]), vec![]),
            chapter("Two\n- lines\r\n", "b.md", Some(vec![2]), vec![]),
            chapter("Three", "c.md", Some(vec![3]), vec![]),
        ];
        let rendered = render(&items);
        let parsed = mdbook_summary::parse_summary(&rendered).expect(&rendered);
        let names: Vec<String> = parsed
            .numbered_chapters
            .iter()
            .map(|item| match item {
                mdbook_summary::SummaryItem::Link(link) => link.name.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(names.len(), 3, "{rendered}");
        assert_eq!(names[1], "Two - lines", "{names:?}");
    }

    /// Found by trying the tool as a new user: `f<g>.md` was written as `<f%3Cg%3E.md>`
    /// and `x\y.md` as `x/y.md`; mdBook read other paths back, created empty files there
    /// and left the real pages out.
    #[test]
    fn any_file_name_parses_back_as_the_same_path() {
        let names = [
            "f<g>.md",
            "x\\y.md",
            "a b (c).md",
            // (Not `%20`: mdBook reads it as a space in any link of SUMMARY.md.)
            "dir/x&y #1 100% 'q' \"d\" [e] é.md",
            "plain.md",
        ];
        let items: Vec<BookItem> = names
            .iter()
            .enumerate()
            .map(|(i, name)| chapter("T", name, Some(vec![i as u32 + 1]), vec![]))
            .collect();
        let summary = render(&items);
        let parsed = mdbook_summary::parse_summary(&summary).unwrap();
        let paths: Vec<_> = parsed
            .numbered_chapters
            .iter()
            .map(|item| match item {
                mdbook_summary::SummaryItem::Link(link) => link.location.clone().unwrap(),
                other => panic!("{other:?}"),
            })
            .collect();
        let expected: Vec<_> = names.iter().map(std::path::PathBuf::from).collect();
        assert_eq!(paths, expected, "{summary}");
    }
}
