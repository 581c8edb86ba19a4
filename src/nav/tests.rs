//! Each Just the Docs rule on the smallest page set that shows it.

use super::*;
use crate::frontmatter::parse_yaml;

fn pages(specs: &[(&str, &str)]) -> Vec<OwnedNavPage> {
    specs
        .iter()
        .map(|(file, yaml)| {
            let data = parse_yaml(yaml, 2).expect("test YAML parses");
            let mut diags = Diagnostics::default();
            let fields = NavFields::read(&data, yaml, Path::new(file), &mut diags);
            OwnedNavPage {
                file: PathBuf::from(file),
                yaml: yaml.to_string(),
                fields,
            }
        })
        .collect()
}

struct Site {
    pages: Vec<OwnedNavPage>,
    nav: Nav,
    diags: Diagnostics,
}

impl Site {
    fn new(specs: &[(&str, &str)]) -> Site {
        Self::sorted(specs, NavSort::CaseSensitive)
    }

    fn sorted(specs: &[(&str, &str)], sort: NavSort) -> Site {
        let pages = pages(specs);
        let views: Vec<NavPage<'_>> = pages.iter().map(OwnedNavPage::view).collect();
        let (nav, diags) = build(&views, sort);
        Site { pages, nav, diags }
    }

    fn outline(&self, walk: Vec<(usize, usize)>) -> String {
        walk.into_iter()
            .map(|(depth, node)| {
                let page = &self.pages[self.nav.nodes[node].page];
                format!("{}{}\n", "  ".repeat(depth - 1), page.fields.title_text())
            })
            .collect()
    }

    /// The sidebar, one title per line, two spaces per level.
    fn sidebar(&self) -> String {
        self.outline(self.nav.walk_visible())
    }

    fn unlisted(&self) -> String {
        self.outline(self.nav.walk_unlisted())
    }

    fn codes(&self) -> Vec<&'static str> {
        self.diags.iter().map(|d| d.code).collect()
    }

    fn diagnostic(&self, code: &str) -> &Diagnostic {
        self.diags
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("no {code} diagnostic in {:?}", self.codes()))
    }

    /// Every titled page is in exactly one node.
    fn assert_each_titled_page_once(&self) {
        let mut count = vec![0; self.pages.len()];
        for node in &self.nav.nodes {
            count[node.page] += 1;
        }
        for (i, page) in self.pages.iter().enumerate() {
            let expected = usize::from(page.fields.title.is_some());
            assert_eq!(
                count[i],
                expected,
                "{} placed {} times",
                page.file.display(),
                count[i]
            );
        }
    }
}

#[test]
fn parent_and_grand_parent_nest_three_levels() {
    let site = Site::new(&[
        ("index.md", "title: Home\nnav_order: 1"),
        ("guide/index.md", "title: Guide\nnav_order: 2"),
        ("guide/a.md", "title: A\nparent: Guide\nnav_order: 1"),
        ("guide/a1.md", "title: A1\nparent: A\ngrand_parent: Guide"),
    ]);
    assert_eq!(site.sidebar(), "Home\nGuide\n  A\n    A1\n");
    assert!(site.diags.is_empty(), "{:?}", site.codes());
    site.assert_each_titled_page_once();
}

#[test]
fn pages_without_title_are_not_in_the_navigation() {
    let site = Site::new(&[("a.md", "title: A"), ("b.md", "nav_order: 1"), ("c.md", "")]);
    assert_eq!(site.sidebar(), "A\n");
    assert_eq!(site.unlisted(), "");
    site.assert_each_titled_page_once();
}

#[test]
fn numeric_nav_order_sorts_by_value_with_negatives_and_floats() {
    let site = Site::new(&[
        ("a.md", "title: Ten\nnav_order: 10"),
        ("b.md", "title: OneAndHalf\nnav_order: 1.5"),
        ("c.md", "title: MinusThree\nnav_order: -3"),
        ("d.md", "title: Two\nnav_order: 2"),
        ("e.md", "title: One\nnav_order: 1"),
    ]);
    assert_eq!(site.sidebar(), "MinusThree\nOne\nOneAndHalf\nTwo\nTen\n");
}

#[test]
fn one_and_one_point_zero_are_equal_and_ties_go_by_path() {
    let site = Site::new(&[
        ("b.md", "title: B\nnav_order: 1.0"),
        ("a.md", "title: Z\nnav_order: 1"),
    ]);
    // Equal keys: the source path decides (a.md before b.md), whatever the titles.
    assert_eq!(site.sidebar(), "Z\nB\n");
    let tie = site.diagnostic("nav-order-tie");
    assert_eq!(tie.severity, crate::diagnostics::Severity::Note);
    assert_eq!(tie.file.as_deref(), Some(Path::new("a.md")));
    assert!(tie.message.contains("b.md"), "{}", tie.message);
}

#[test]
fn quoted_numbers_are_text_and_sort_after_numbers() {
    let site = Site::new(&[
        ("a.md", "title: Quoted10\nnav_order: \"10\""),
        ("b.md", "title: Quoted9\nnav_order: \"9\""),
        ("c.md", "title: Number20\nnav_order: 20"),
        ("d.md", "title: Number3\nnav_order: 3"),
    ]);
    // Numbers first in numeric order, then texts in byte order ("10" < "9").
    assert_eq!(site.sidebar(), "Number3\nNumber20\nQuoted10\nQuoted9\n");
}

#[test]
fn four_groups_in_order() {
    let site = Site::new(&[
        ("a.md", "title: text title"),
        ("b.md", "title: 7"),
        ("c.md", "title: text order\nnav_order: a"),
        ("d.md", "title: number order\nnav_order: 99"),
    ]);
    assert_eq!(site.sidebar(), "number order\ntext order\n7\ntext title\n");
}

#[test]
fn numeric_titles_sort_numerically() {
    let site = Site::new(&[
        ("a.md", "title: 10"),
        ("b.md", "title: 9"),
        ("c.md", "title: 100"),
    ]);
    assert_eq!(site.sidebar(), "9\n10\n100\n");
}

#[test]
fn capitals_come_before_lowercase_by_default() {
    let specs = [
        ("1.md", "title: banana"),
        ("2.md", "title: Zebra"),
        ("3.md", "title: apple"),
        ("4.md", "title: Apple"),
    ];
    assert_eq!(Site::new(&specs).sidebar(), "Apple\nZebra\napple\nbanana\n");
    // Case-insensitive: "apple" and "Apple" tie and go by path (3.md before 4.md).
    let site = Site::sorted(&specs, NavSort::CaseInsensitive);
    assert_eq!(site.sidebar(), "apple\nApple\nbanana\nZebra\n");
}

#[test]
fn text_nav_order_is_case_sensitive_too() {
    let specs = [
        ("1.md", "title: p\nnav_order: b"),
        ("2.md", "title: q\nnav_order: B"),
    ];
    assert_eq!(Site::new(&specs).sidebar(), "q\np\n");
}

#[test]
fn compatibility_rule_keeps_top_level_parents_at_the_top() {
    let site = Site::new(&[
        ("setup.md", "title: Setup\nnav_order: 1"),
        ("guide.md", "title: Guide\nnav_order: 2"),
        ("guide-setup.md", "title: Setup\nparent: Guide"),
        ("install.md", "title: Install\nparent: Setup"),
        ("deep.md", "title: Deep\nparent: Setup\ngrand_parent: Guide"),
    ]);
    // `parent: Setup` means the top-level Setup; `grand_parent: Guide` picks Guide > Setup.
    assert_eq!(
        site.sidebar(),
        "Setup\n  Install\nGuide\n  Setup\n    Deep\n"
    );
    site.assert_each_titled_page_once();
}

#[test]
fn ancestor_places_a_page_at_any_depth() {
    let site = Site::new(&[
        ("a.md", "title: A"),
        ("b.md", "title: B\nparent: A"),
        ("c.md", "title: C\nparent: B\ngrand_parent: A"),
        ("x.md", "title: X"),
        ("xb.md", "title: B\nparent: X"),
        ("xc.md", "title: C\nparent: B\ngrand_parent: X"),
        ("d.md", "title: D\nparent: C\nancestor: X"),
    ]);
    assert_eq!(site.sidebar(), "A\n  B\n    C\nX\n  B\n    C\n      D\n");
    site.assert_each_titled_page_once();
}

#[test]
fn has_children_false_hides_children_but_keeps_them_built() {
    let site = Site::new(&[
        ("a.md", "title: A\nhas_children: false"),
        ("b.md", "title: B\nparent: A"),
        ("c.md", "title: C\nparent: A\nhas_children: true"),
    ]);
    assert_eq!(site.sidebar(), "A\n");
    assert_eq!(site.unlisted(), "B\nC\n");
    assert!(site.diags.is_empty(), "{:?}", site.codes());
    site.assert_each_titled_page_once();
}

#[test]
fn has_children_true_is_not_required() {
    let site = Site::new(&[("a.md", "title: A"), ("b.md", "title: B\nparent: A")]);
    assert_eq!(site.sidebar(), "A\n  B\n");
}

#[test]
fn nav_exclude_removes_the_page_and_its_subtree() {
    let site = Site::new(&[
        ("a.md", "title: A\nnav_order: 1"),
        ("x/index.md", "title: X\nnav_order: 2\nnav_exclude: true"),
        ("x/child.md", "title: Child\nparent: X"),
        (
            "x/grandchild.md",
            "title: Grandchild\nparent: Child\ngrand_parent: X",
        ),
        ("b.md", "title: B\nparent: A\nnav_exclude: true"),
    ]);
    assert_eq!(site.sidebar(), "A\n");
    assert_eq!(site.unlisted(), "B\nX\n  Child\n    Grandchild\n");
    assert!(site.diags.is_empty(), "{:?}", site.codes());
    site.assert_each_titled_page_once();
}

#[test]
fn nav_exclude_must_be_a_boolean_true() {
    let site = Site::new(&[
        ("a.md", "title: A\nnav_exclude: \"true\""),
        ("b.md", "title: B\nnav_exclude: yes"),
    ]);
    // A quoted "true" is a string, which Just the Docs does not treat as true; YAML 1.1
    // `yes` is a boolean.
    assert_eq!(site.sidebar(), "A\n");
}

#[test]
fn child_nav_order_desc_reverses_children() {
    let site = Site::new(&[
        ("a.md", "title: A\nchild_nav_order: desc"),
        ("a1.md", "title: A1\nparent: A\nnav_order: 1"),
        ("a2.md", "title: A2\nparent: A\nnav_order: 2"),
        ("b.md", "title: B\nchild_nav_order: reversed"),
        ("b1.md", "title: B1\nparent: B"),
        ("b2.md", "title: B2\nparent: B"),
    ]);
    assert_eq!(site.sidebar(), "A\n  A2\n  A1\nB\n  B2\n  B1\n");
}

#[test]
fn unknown_parent_is_reported_with_the_closest_titles() {
    let site = Site::new(&[
        ("docs/index.md", "title: Security"),
        (
            "docs/SEC11.md",
            "title: SEC11 - How do you incorporate and validate the security properties of applications throughout the lifecycle?\nparent: Security",
        ),
        (
            "docs/SEC11-BP05.md",
            "title: SEC11-BP05 - Centralize services\nparent: SEC11 - How do you incorporate and validate the security properties of applications?\ngrand_parent: Security\nnav_order: 5",
        ),
    ]);
    assert_eq!(site.unlisted(), "SEC11-BP05 - Centralize services\n");
    let d = site.diagnostic("unknown-parent");
    assert_eq!(d.file.as_deref(), Some(Path::new("docs/SEC11-BP05.md")));
    assert_eq!(d.line, Some(3), "the line of `parent:`");
    let help = d.help.as_deref().unwrap_or_default();
    assert!(help.contains("SEC11 - How do you incorporate and validate the security properties of applications throughout the lifecycle?"), "{help}");
    site.assert_each_titled_page_once();
}

#[test]
fn grand_parent_that_does_not_match_is_explained() {
    let site = Site::new(&[
        ("a.md", "title: A"),
        ("b.md", "title: B\nparent: A"),
        ("c.md", "title: C\nparent: B\ngrand_parent: Nope"),
    ]);
    assert_eq!(site.sidebar(), "A\n  B\n");
    let d = site.diagnostic("parent-refused");
    assert!(d.message.contains("grand_parent \"Nope\""), "{}", d.message);
    assert_eq!(d.line, Some(4));
}

#[test]
fn shared_parent_title_is_ambiguous_and_the_child_is_placed_once() {
    let site = Site::new(&[
        ("one/index.md", "title: Overview\nnav_order: 1"),
        ("two/index.md", "title: Overview\nnav_order: 2"),
        ("child.md", "title: Child\nparent: Overview"),
    ]);
    assert_eq!(site.sidebar(), "Overview\n  Child\nOverview\n");
    let d = site.diagnostic("ambiguous-parent");
    assert_eq!(d.file.as_deref(), Some(Path::new("child.md")));
    assert!(d.message.contains("one/index.md") && d.message.contains("two/index.md"));
    site.assert_each_titled_page_once();
}

#[test]
fn grand_parent_resolves_a_shared_parent_title_without_a_warning() {
    let site = Site::new(&[
        ("a.md", "title: A\nnav_order: 1"),
        ("b.md", "title: B\nnav_order: 2"),
        ("a-over.md", "title: Overview\nparent: A"),
        ("b-over.md", "title: Overview\nparent: B"),
        (
            "child.md",
            "title: Child\nparent: Overview\ngrand_parent: B",
        ),
    ]);
    assert_eq!(site.sidebar(), "A\n  Overview\nB\n  Overview\n    Child\n");
    assert!(!site.codes().contains(&"ambiguous-parent"));
}

/// Found by a red-team review: the warning counted every page with the parent's title,
/// also those Jekyll would not list the child under (the rule for top-level titles, an
/// excluded page, one that hides its children), and never counted children with
/// `ancestor`, which Jekyll does list under each matching page.
#[test]
fn a_parent_title_is_ambiguous_only_where_jekyll_would_list_the_child_twice() {
    // The compatibility rule: `parent: Setup` means the top-level Setup.
    let site = Site::new(&[
        ("setup.md", "title: Setup\nnav_order: 1"),
        ("guide.md", "title: Guide\nnav_order: 2"),
        (
            "guide-setup.md",
            "title: Setup\nparent: Guide\nnav_order: 1",
        ),
        ("install.md", "title: Install\nparent: Setup"),
        (
            "kid.md",
            "title: Configure\nparent: Setup\ngrand_parent: Guide",
        ),
    ]);
    assert_eq!(
        site.sidebar(),
        "Setup\n  Install\nGuide\n  Setup\n    Configure\n"
    );
    assert!(
        !site.codes().contains(&"ambiguous-parent"),
        "{:?}",
        site.codes()
    );
    // An excluded page and one that hides its children take no child.
    let site = Site::new(&[
        ("a1.md", "title: A\nnav_exclude: true"),
        ("a2.md", "title: A"),
        ("b1.md", "title: B\nhas_children: false"),
        ("b2.md", "title: B"),
        ("c.md", "title: C\nparent: A"),
        ("d.md", "title: D\nparent: B"),
    ]);
    assert!(
        !site.codes().contains(&"ambiguous-parent"),
        "{:?}",
        site.codes()
    );
    // `ancestor` matches both: Jekyll lists the page under each.
    let site = Site::new(&[
        ("t1.md", "title: T1\nnav_order: 1"),
        ("t2.md", "title: T2\nnav_order: 2"),
        ("o1.md", "title: Overview\nparent: T1"),
        ("o2.md", "title: Overview\nparent: T2"),
        (
            "leaf.md",
            "title: Leaf\nparent: Overview\nancestor: Overview",
        ),
    ]);
    let d = site.diagnostic("ambiguous-parent");
    assert_eq!(d.file.as_deref(), Some(Path::new("leaf.md")));
    assert!(d.message.contains("o1.md, o2.md"), "{}", d.message);
    site.assert_each_titled_page_once();
}

/// Found by a red-team review: a page met below a page of its own title was hidden
/// everywhere, though under another parent of that title Jekyll lists it as usual.
#[test]
fn a_title_loop_refuses_one_place_only() {
    let site = Site::new(&[
        ("t.md", "title: T\nnav_order: 1"),
        ("u.md", "title: U\nnav_order: 2"),
        ("a.md", "title: A\nparent: T"),
        ("b1.md", "title: B\nparent: A"),
        ("b2.md", "title: B\nparent: U"),
        ("r.md", "title: A\nparent: B"),
    ]);
    assert_eq!(site.sidebar(), "T\n  A\n    B\nU\n  B\n    A\n");
    let d = site.diagnostic("title-of-ancestor");
    assert_eq!(d.file.as_deref(), Some(Path::new("r.md")));
    assert!(
        d.message.contains("(T > A > B); Just the Docs shows a broken \"∞\" entry there, and mdbook-jekyll lists the page only under b2.md"),
        "{}",
        d.message
    );
    site.assert_each_titled_page_once();
    // The other order: the page is placed first, and the loop is still reported (found
    // by a review: it was not).
    let site = Site::new(&[
        ("t.md", "title: T\nnav_order: 2"),
        ("u.md", "title: U\nnav_order: 1"),
        ("a.md", "title: A\nparent: T"),
        ("b1.md", "title: B\nparent: A\ngrand_parent: T"),
        ("b2.md", "title: B\nparent: U"),
        ("r.md", "title: A\nparent: B"),
    ]);
    assert_eq!(site.sidebar(), "U\n  B\n    A\nT\n  A\n    B\n");
    let d = site.diagnostic("title-of-ancestor");
    assert_eq!(d.file.as_deref(), Some(Path::new("r.md")));
    assert!(d.message.contains("(T > A > B)"), "{}", d.message);
    site.assert_each_titled_page_once();
}

#[test]
fn page_titled_like_its_ancestor_is_reported() {
    let site = Site::new(&[
        ("a.md", "title: A"),
        ("b.md", "title: B\nparent: A"),
        ("a2.md", "title: A\nparent: B\ngrand_parent: A"),
    ]);
    assert_eq!(site.sidebar(), "A\n  B\n");
    assert_eq!(site.unlisted(), "A\n");
    assert_eq!(
        site.diagnostic("title-of-ancestor").file.as_deref(),
        Some(Path::new("a2.md"))
    );
    site.assert_each_titled_page_once();
}

#[test]
fn parent_cycles_of_any_length_are_reported_once() {
    let mut specs: Vec<(String, String)> = Vec::new();
    let n = 50;
    for i in 0..n {
        specs.push((
            format!("p{i:02}.md"),
            format!("title: P{i}\nparent: P{}", (i + 1) % n),
        ));
    }
    specs.push(("two-a.md".into(), "title: TA\nparent: TB".into()));
    specs.push(("two-b.md".into(), "title: TB\nparent: TA".into()));
    specs.push(("self.md".into(), "title: S\nparent: S".into()));
    let refs: Vec<(&str, &str)> = specs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = Site::new(&refs);
    assert_eq!(site.sidebar(), "");
    let cycles: Vec<_> = site
        .diags
        .iter()
        .filter(|d| d.code == "parent-cycle")
        .collect();
    assert_eq!(cycles.len(), 3, "{:?}", site.codes());
    assert!(cycles.iter().any(|d| d.message.starts_with("50 pages")));
    assert!(cycles.iter().any(|d| d.message.starts_with("2 pages")));
    let own = cycles.iter().find(|d| d.message.contains("\"S\"")).unwrap();
    assert!(
        own.message
            .ends_with("names itself as its parent, so it is not in the sidebar"),
        "{}",
        own.message
    );
    assert_eq!(own.line, Some(3));
    site.assert_each_titled_page_once();
}

#[test]
fn nesting_stops_at_the_depth_limit_without_losing_pages() {
    let mut specs: Vec<(String, String)> = vec![("p0.md".into(), "title: P0".into())];
    for i in 1..(MAX_DEPTH + 5) {
        specs.push((
            format!("p{i}.md"),
            format!("title: P{i}\nparent: P{}", i - 1),
        ));
    }
    let refs: Vec<(&str, &str)> = specs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = Site::new(&refs);
    let deepest = site.nav.walk_visible().iter().map(|&(d, _)| d).max();
    assert_eq!(deepest, Some(MAX_DEPTH));
    assert!(site.codes().contains(&"too-deep"));
    site.assert_each_titled_page_once();
}

#[test]
fn many_siblings_sharing_one_title() {
    let mut specs: Vec<(String, String)> = vec![("root.md".into(), "title: Root".into())];
    for i in 0..2000 {
        specs.push((format!("s/{i:05}.md"), "title: Same\nparent: Root".into()));
    }
    specs.push(("child.md".into(), "title: Child\nparent: Same".into()));
    let refs: Vec<(&str, &str)> = specs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = Site::new(&refs);
    assert_eq!(site.nav.walk_visible().len(), 2002);
    assert!(site.codes().contains(&"ambiguous-parent"));
    let tie = site.diagnostic("nav-order-tie");
    assert!(
        tie.message.len() < 1000,
        "the tie note stays short: {}",
        tie.message.len()
    );
    site.assert_each_titled_page_once();
}

#[test]
fn invalid_nav_values_are_reported_and_ignored() {
    let site = Site::new(&[
        ("a.md", "title: A\nnav_order: true"),
        ("b.md", "title: [x, y]"),
    ]);
    assert_eq!(site.sidebar(), "A\n");
    // Values are read when pages are made; the build only sees valid fields.
    let data = parse_yaml("title: A\nnav_order: [1]", 2).unwrap();
    let mut diags = Diagnostics::default();
    let fields = NavFields::read(
        &data,
        "title: A\nnav_order: [1]",
        Path::new("a.md"),
        &mut diags,
    );
    assert_eq!(fields.nav_order, None);
    assert_eq!(diags.iter().next().map(|d| d.line), Some(Some(3)));
}

#[test]
fn deterministic() {
    let specs = [
        ("c.md", "title: C\nnav_order: 1"),
        ("a.md", "title: A\nnav_order: 1"),
        ("b.md", "title: B\nparent: A"),
        ("d.md", "title: D\nparent: Missing"),
    ];
    let first = Site::new(&specs);
    for _ in 0..5 {
        let again = Site::new(&specs);
        assert_eq!(again.nav, first.nav);
        assert_eq!(again.diags.into_vec(), first.diags.clone().into_vec());
    }
}

#[test]
fn leading_zeros_in_nav_order_sort_as_in_jekyll_with_a_warning() {
    // 01-07 are octal numbers to Jekyll's YAML, 08 and 09 text, 010 is 8.
    let site = Site::new(&[
        ("r.md", "title: R"),
        ("a.md", "title: A\nparent: R\nnav_order: 01"),
        ("h.md", "title: H\nparent: R\nnav_order: 08"),
        ("i.md", "title: I\nparent: R\nnav_order: 09"),
        ("j.md", "title: J\nparent: R\nnav_order: 10"),
        ("k.md", "title: K\nparent: R\nnav_order: 010 # eight"),
    ]);
    assert_eq!(site.sidebar(), "R\n  A\n  K\n  J\n  H\n  I\n");
    let read = |yaml: &str| {
        let mut diags = Diagnostics::default();
        let data = parse_yaml(yaml, 2).unwrap();
        NavFields::read(&data, yaml, Path::new("p.md"), &mut diags);
        diags.into_vec()
    };
    let text = read("title: H\nnav_order: 08");
    assert_eq!(text.len(), 1, "{text:?}");
    assert_eq!(text[0].code, "leading-zero");
    assert_eq!(text[0].line, Some(3));
    assert!(
        text[0]
            .message
            .contains("`nav_order: 08` is text to Jekyll"),
        "{}",
        text[0].message
    );
    assert!(
        text[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("`nav_order: 8`")
    );
    let octal = read("title: K\nnav_order: 010 # eight");
    assert_eq!(octal.len(), 1, "{octal:?}");
    assert!(
        octal[0].message.contains("`nav_order: 010` is 8 to Jekyll"),
        "{}",
        octal[0].message
    );
    let underscore = read("title: K\nnav_order: 0_10");
    assert!(
        underscore[0]
            .message
            .contains("`nav_order: 0_10` is 8 to Jekyll"),
        "{}",
        underscore[0].message
    );
    assert!(
        underscore[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("`nav_order: 10`")
    );
    let huge = read("title: K\nnav_order: 0999999999999999999999\t# far");
    assert!(
        huge[0].message.contains("is text to Jekyll"),
        "{}",
        huge[0].message
    );
    assert!(
        huge[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("`nav_order: 999999999999999999999`")
    );
    // Same value either way, written as text on purpose, or not the line YAML keeps:
    // nothing to say.
    assert!(read("title: A\nnav_order: 010\nnav_order: 3").is_empty());
    assert!(read("title: A\nnav_order: 07").is_empty());
    assert!(read("title: A\nnav_order: \"08\"").is_empty());
    assert!(read("title: A\nnav_order: 10").is_empty());
}

#[test]
fn a_nav_order_that_is_not_a_finite_number_is_reported_and_the_page_ordered_by_title() {
    let site = Site::new(&[
        ("r.md", "title: R"),
        ("a.md", "title: A\nparent: R\nnav_order: 2"),
        ("b.md", "title: B\nparent: R\nnav_order: .inf"),
        ("c.md", "title: C\nparent: R\nnav_order: \".inf\""),
        ("d.md", "title: D\nparent: R\nnav_order: 1e400"),
    ]);
    // B by title after the ordered pages; the quoted ".inf" and `1e400` (text to Psych,
    // which reads exponents only after a decimal point) are text nav_orders.
    assert_eq!(site.sidebar(), "R\n  A\n  C\n  D\n  B\n");
    let read = |yaml: &str| {
        let mut diags = Diagnostics::default();
        let data = parse_yaml(yaml, 2).unwrap();
        let fields = NavFields::read(&data, yaml, Path::new("p.md"), &mut diags);
        (fields.nav_order, diags.into_vec())
    };
    for (written, what) in [
        (".inf", "infinity"),
        ("-.Inf", "minus infinity"),
        (".NaN", "not a number"),
        ("1.0e+400 # far", "infinity"),
        ("!!float .inf", "infinity"),
        ("!!float 1e400", "infinity"),
        ("!!float -.inf", "minus infinity"),
        (".iNf", "infinity"),
    ] {
        let (order, diags) = read(&format!("title: B\nnav_order: {written}"));
        assert_eq!(order, None, "{written}");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, "invalid-nav-value");
        assert_eq!(diags[0].line, Some(3));
        let shown = written.split(" #").next().unwrap();
        assert!(
            diags[0]
                .message
                .contains(&format!("`nav_order: {shown}` is {what} to YAML")),
            "{}",
            diags[0].message
        );
        assert!(diags[0].help.as_deref().unwrap_or("").contains("1000"));
    }
    for (written, text) in [
        ("\".inf\"", ".inf"),
        ("'.nan'", ".nan"),
        ("!!str .inf", ".inf"),
        ("1e400", "1e400"),
    ] {
        let (order, diags) = read(&format!("title: C\nnav_order: {written}"));
        assert_eq!(order, Some(NavOrder::Text(text.to_string())), "{written}");
        assert!(diags.is_empty(), "{written}: {diags:?}");
    }
    // A value not on the key's line, behind an anchor or in a block scalar is judged as read.
    for yaml in [
        "title: C\nnav_order:\n  .inf",
        "title: C\nnav_order: &a .inf",
        "title: C\nnav_order: |-\n  .inf",
        "title: C\nnav_order: &x |-\n  .inf",
    ] {
        let (order, diags) = read(yaml);
        let is_block_scalar = yaml.contains('|');
        if is_block_scalar {
            // A block scalar is text to YAML.
            assert_eq!(order, Some(NavOrder::Text(".inf".to_string())), "{yaml}");
            assert!(diags.is_empty(), "{yaml}: {diags:?}");
        } else {
            assert_eq!(order, None, "{yaml}");
            assert_eq!(diags.len(), 1, "{yaml}: {diags:?}");
        }
    }
    // A plain value that goes on over the next line is the text of both lines.
    let (order, diags) = read("title: C\nnav_order: .inf\n  more");
    assert_eq!(order, Some(NavOrder::Text(".inf more".to_string())));
    assert!(diags.is_empty(), "{diags:?}");
    // Of two `nav_order` lines, YAML keeps the last: it decides, and it is the line named.
    let (order, diags) = read("title: C\nnav_order: '.inf'\nnav_order: .inf");
    assert_eq!(order, None);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].line, Some(4));
    let (order, diags) = read("title: C\nnav_order: .inf\nnav_order: '.inf'");
    assert_eq!(order, Some(NavOrder::Text(".inf".to_string())));
    assert!(diags.is_empty(), "{diags:?}");
}
