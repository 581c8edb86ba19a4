//! Putting the book back together: the navigation tree as chapters, around what
//! `SUMMARY.md` placed by hand.
//!
//! How the two combine:
//!
//! * every page with a `title` goes where the navigation puts it, wherever `SUMMARY.md`
//!   listed it (or did not);
//! * chapters without a `title` (no front matter, or front matter without `title`), draft
//!   chapters, part titles and separators keep their place in `SUMMARY.md`; a chapter
//!   without a title that `SUMMARY.md` nests under a titled page stays under that page,
//!   after the page's navigation children;
//! * the navigation's top level goes where `SUMMARY.md` lists its first titled page (after
//!   the top-level entry that holds it, when it is nested under a chapter without a
//!   title); when `SUMMARY.md` lists none, after the last numbered chapter, or at the end;
//! * pages outside the navigation (`nav_exclude`, orphans, ...) end the book, under a draft
//!   chapter named [`UNLISTED_GROUP`] that the shipped stylesheet hides from the sidebar.
//!
//! Chapters are then numbered, because mdBook's sidebar nests chapters by their number;
//! `output.html.no-section-label = true` hides the numbers.

use crate::nav::Nav;
use crate::pages::{Page, Slot};
use mdbook_preprocessor::book::{BookItem, Chapter, SectionNumber};

/// The name of the draft chapter that holds the pages outside the navigation.
pub const UNLISTED_GROUP: &str = "Pages outside the navigation";

/// Builds the book's items from the pages, the `SUMMARY.md` skeleton and the navigation.
/// `extra_unlisted` are pages outside the navigation that it does not know (pages found on
/// disk without a `title`), placed after its unlisted trees.
pub fn assemble(
    pages: &mut [Page],
    skeleton: Vec<Slot>,
    nav: &Nav,
    extra_unlisted: &[usize],
) -> Vec<BookItem> {
    let mut attached: Vec<Vec<BookItem>> = vec![Vec::new(); pages.len()];
    let mut items = Vec::new();
    let mut insert_at = None;
    let mut last_numbered = None;
    for slot in skeleton {
        let holds_navigation_page = holds(&slot, pages);
        let is_navigation_page =
            matches!(&slot, Slot::Page { page, .. } if pages[*page].in_navigation());
        if insert_at.is_none() && holds_navigation_page {
            insert_at = Some(items.len() + usize::from(!is_navigation_page));
        }
        let before = items.len();
        convert(slot, pages, &mut attached, &mut items);
        if items.len() > before
            && let Some(BookItem::Chapter(ch)) = items.last()
            && ch.number.is_some()
        {
            last_numbered = Some(items.len());
        }
    }
    let insert_at = insert_at.or(last_numbered).unwrap_or(items.len());

    let tree: Vec<BookItem> = nav
        .roots
        .iter()
        .map(|&node| chapter_of(node, nav, pages, &mut attached))
        .collect();
    items.splice(insert_at..insert_at, tree);

    let mut unlisted: Vec<BookItem> = nav
        .unlisted
        .iter()
        .map(|&node| chapter_of(node, nav, pages, &mut attached))
        .collect();
    for &page in extra_unlisted {
        unlisted.push(BookItem::Chapter(take_chapter(pages, page, &mut attached)));
    }
    if !unlisted.is_empty() {
        let mut group = Chapter::new_draft(UNLISTED_GROUP, Vec::new());
        group.sub_items = unlisted;
        group.number = Some(SectionNumber::new(vec![0]));
        items.push(BookItem::Chapter(group));
    } else if matches!(items.last(), Some(BookItem::Chapter(ch)) if ch.path.is_none() && !ch.sub_items.is_empty())
    {
        // The stylesheet hides a trailing draft chapter with sub-chapters: keep the
        // book's own one visible.
        items.push(BookItem::Separator);
    }
    number(&mut items, &[], &[]);
    items
}

/// Whether a skeleton slot is, or holds, a page the navigation places.
fn holds(slot: &Slot, pages: &[Page]) -> bool {
    match slot {
        Slot::Page { page, children } => {
            pages[*page].in_navigation() || children.iter().any(|c| holds(c, pages))
        }
        Slot::Draft { children, .. } => children.iter().any(|c| holds(c, pages)),
        Slot::Separator | Slot::PartTitle(_) => false,
    }
}

/// Converts a skeleton slot into book items, leaving out navigation pages. The children of
/// a navigation page that are not navigation pages are set aside in `attached`, to follow
/// the page wherever the navigation puts it.
fn convert(
    slot: Slot,
    pages: &mut [Page],
    attached: &mut [Vec<BookItem>],
    out: &mut Vec<BookItem>,
) {
    match slot {
        Slot::Separator => out.push(BookItem::Separator),
        Slot::PartTitle(title) => out.push(BookItem::PartTitle(title)),
        Slot::Draft {
            mut chapter,
            children,
        } => {
            let mut sub_items = Vec::new();
            for child in children {
                convert(child, pages, attached, &mut sub_items);
            }
            chapter.sub_items = sub_items;
            out.push(BookItem::Chapter(chapter));
        }
        Slot::Page { page, children } => {
            let mut sub_items = Vec::new();
            for child in children {
                convert(child, pages, attached, &mut sub_items);
            }
            if pages[page].in_navigation() {
                attached[page].extend(sub_items);
            } else {
                let mut chapter = std::mem::take(&mut pages[page].chapter);
                chapter.sub_items = sub_items;
                out.push(BookItem::Chapter(chapter));
            }
        }
    }
}

/// The chapter of a navigation node, with its subtree.
fn chapter_of(
    node: usize,
    nav: &Nav,
    pages: &mut [Page],
    attached: &mut [Vec<BookItem>],
) -> BookItem {
    let n = &nav.nodes[node];
    let mut sub_items: Vec<BookItem> = n
        .children
        .iter()
        .map(|&child| chapter_of(child, nav, pages, attached))
        .collect();
    let mut chapter = take_chapter(pages, n.page, attached);
    sub_items.append(&mut chapter.sub_items);
    chapter.sub_items = sub_items;
    BookItem::Chapter(chapter)
}

/// Moves a page's chapter out (each page is placed once), with its attached children.
fn take_chapter(pages: &mut [Page], page: usize, attached: &mut [Vec<BookItem>]) -> Chapter {
    let mut chapter = std::mem::take(&mut pages[page].chapter);
    chapter.sub_items = std::mem::take(&mut attached[page]);
    // Marks the chapter as numbered (see `number`).
    chapter.number = Some(SectionNumber::new(vec![0]));
    chapter
}

/// Numbers chapters so that mdBook's sidebar nests them, and sets `parent_names`. Top-level
/// chapters without a number (`SUMMARY.md`'s prefix and suffix chapters) stay unnumbered.
fn number(items: &mut [BookItem], prefix: &[u32], parent_names: &[String]) {
    let mut counter = 0;
    for item in items {
        let BookItem::Chapter(chapter) = item else {
            continue;
        };
        chapter.parent_names = parent_names.to_vec();
        if prefix.is_empty() && chapter.number.is_none() {
            continue;
        }
        counter += 1;
        let mut section = prefix.to_vec();
        section.push(counter);
        let mut names = parent_names.to_vec();
        names.push(chapter.name.clone());
        number(&mut chapter.sub_items, &section, &names);
        chapter.number = Some(SectionNumber::new(section));
    }
}
