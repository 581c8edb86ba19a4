//! The navigation builder on arbitrary page sets and parent graphs: every titled page is
//! placed exactly once.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mdbook_jekyll::nav::{self, NavFields, NavOrder, NavPage, Title};
use mdbook_jekyll::options::NavSort;
use std::path::PathBuf;

#[derive(Arbitrary, Debug)]
struct Spec {
    title: Option<u8>,
    parent: Option<u8>,
    grand_parent: Option<u8>,
    ancestor: Option<u8>,
    order: Option<i16>,
    text_order: Option<u8>,
    hides_children: bool,
    reverses: bool,
    excluded: bool,
}

fuzz_target!(|input: (bool, Vec<Spec>)| {
    let (insensitive, specs) = input;
    let name = |n: u8| format!("T{}", n % 16);
    let fields: Vec<NavFields> = specs
        .iter()
        .map(|s| NavFields {
            title: s.title.map(|t| Title {
                text: name(t),
                number: None,
            }),
            parent: s.parent.map(name),
            grand_parent: s.grand_parent.map(name),
            ancestor: s.ancestor.map(name),
            nav_order: match (s.order, s.text_order) {
                (Some(o), _) => Some(NavOrder::Number(o.into())),
                (None, Some(t)) => Some(NavOrder::Text(format!("{}", t % 8))),
                _ => None,
            },
            hides_children: s.hides_children,
            reverses_children: s.reverses,
            excluded: s.excluded,
        })
        .collect();
    let files: Vec<PathBuf> = (0..fields.len())
        .map(|i| PathBuf::from(format!("p{i}.md")))
        .collect();
    let pages: Vec<NavPage<'_>> = fields
        .iter()
        .zip(&files)
        .map(|(fields, file)| NavPage {
            file,
            yaml: "",
            fields,
        })
        .collect();
    let sort = if insensitive {
        NavSort::CaseInsensitive
    } else {
        NavSort::CaseSensitive
    };
    let (nav, _) = nav::build(&pages, sort);
    let mut placed = vec![0u32; pages.len()];
    for node in &nav.nodes {
        placed[node.page] += 1;
    }
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(
            placed[i],
            u32::from(page.fields.title.is_some()),
            "page {i}"
        );
    }
    assert!(
        nav.walk_visible()
            .iter()
            .all(|&(depth, _)| depth <= nav::MAX_DEPTH)
    );
});
