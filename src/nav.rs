//! The Just the Docs navigation: which page goes under which, in what order.
//!
//! This follows the theme's own templates (`components/nav/pages.html`, `children.html`,
//! `links.html` and `sorted.html`):
//!
//! * only pages with a `title` take part; pages without `parent` are the top level;
//! * the children of a node are the pages whose `parent` is the node's title, filtered by
//!   `grand_parent` (must equal the node's parent), `ancestor` (must be the node's title or
//!   an ancestor's), and the compatibility rule (a page whose `parent` is a top-level title,
//!   with neither `grand_parent` nor `ancestor`, is never a child below the top level);
//! * `has_children: false` hides a node's children, `nav_exclude: true` removes a node and
//!   everything below it, `child_nav_order: desc` (or `reversed`) reverses the children;
//! * siblings are ordered in four groups: numeric `nav_order`, text `nav_order`, numeric
//!   `title`, text `title`; text order is byte order unless `nav_sort: case_insensitive`.
//!
//! Where Jekyll is silent or unpredictable this module decides and says so: ties are broken
//! by source path; a page is placed once even when several pages share its parent's title
//! (Jekyll would repeat it under each); nesting stops at [`MAX_DEPTH`]. Every page that does
//! not make it into the visible tree is still placed, in the *unlisted* trees, so the book
//! can build and link it. Each surprise becomes a [`Diagnostic`] naming the page's file.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter::{FrontMatterMap, key_line, kind_of};
use crate::options::NavSort;
use crate::suggest;
use serde_json::{Number, Value};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Deepest nesting of the navigation (top level is depth 1). mdBook reads a preprocessor's
/// reply with serde_json, whose recursion limit allows about 40 levels of chapters.
pub const MAX_DEPTH: usize = 32;

/// Most distinct unknown parents that get suggestions in one run.
const MAX_SUGGESTED_PARENTS: usize = 200;

/// A page title, as text (what `parent` values are compared with) and, when the YAML value
/// is a number, as that number (numeric titles sort numerically).
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    pub text: String,
    pub number: Option<Number>,
}

/// A `nav_order` value: a YAML number or a YAML string, which Just the Docs sorts apart.
#[derive(Debug, Clone, PartialEq)]
pub enum NavOrder {
    Number(Number),
    Text(String),
}

/// The navigation keys of one page's front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NavFields {
    pub title: Option<Title>,
    pub parent: Option<String>,
    pub grand_parent: Option<String>,
    pub ancestor: Option<String>,
    pub nav_order: Option<NavOrder>,
    /// `has_children: false`.
    pub hides_children: bool,
    /// `child_nav_order: desc` or `reversed`.
    pub reverses_children: bool,
    /// `nav_exclude: true`.
    pub excluded: bool,
}

/// A `nav_order` written with a leading zero, which Jekyll's YAML reads as octal (`010` is
/// 8) or, with an 8 or a 9, as text (`08`, sorted after every numbered sibling). The page is
/// placed as Jekyll places it; the warning says why.
fn leading_zero_nav_order(yaml: &str, read: Option<&NavOrder>) -> Option<Diagnostic> {
    let written = crate::frontmatter::key_value_text(yaml, "nav_order")?;
    let digits = written.trim_start_matches(['-', '+']);
    let leading_zero = digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    if !leading_zero {
        return None;
    }
    // The line read must be the value kept (of two `nav_order` lines, YAML keeps the last).
    let psych = crate::frontmatter::psych_leading_zero(written);
    let message = match (read?, &psych) {
        (NavOrder::Text(text), Value::String(same)) if text == same => format!(
            "`nav_order: {written}` is text to Jekyll, not a number (YAML reads a leading 0 as octal, and 8 and 9 are not octal digits), so Just the Docs sorts this page after its numbered siblings; mdbook-jekyll does too"
        ),
        (NavOrder::Number(n), Value::Number(same)) if n == same => {
            if written.replace('_', "").parse::<i64>().ok() == n.as_i64() {
                return None;
            }
            format!(
                "`nav_order: {written}` is {n} to Jekyll (YAML reads a leading 0 as octal); mdbook-jekyll sorts the page as {n} too"
            )
        }
        _ => return None,
    };
    let decimal = written.replace('_', "");
    let decimal = decimal.trim_start_matches('+');
    let (sign, digits) = decimal
        .strip_prefix('-')
        .map_or(("", decimal), |rest| ("-", rest));
    let digits = digits.trim_start_matches('0');
    let decimal = format!("{sign}{}", if digits.is_empty() { "0" } else { digits });
    Some(Diagnostic::warning("leading-zero", message).help(format!(
        "write `nav_order: {decimal}` to sort it as the number {decimal}"
    )))
}

/// The order of a `nav_order` that front matter reading gave as text, and a warning when
/// Psych, Jekyll's YAML reader, reads it as a float that is not finite: `.inf`, `-.inf`,
/// `.nan` (any case), a decimal with a point too large for a float (`1.0e+400`), or any
/// `!!float` that overflows. Just the Docs cannot sort those (Jekyll's build fails on them),
/// so the page is ordered by title. serde-saphyr gives such floats as the text `.inf`,
/// `-.inf` or `.nan`; spellings that only it reads as floats (`1e400`) are text to Psych,
/// and sorted as the text written. The value as written is looked at only on the key's
/// own line.
fn text_nav_order(yaml: &str, read: &str) -> (Option<NavOrder>, Option<Diagnostic>) {
    let text = |t: &str| (Some(NavOrder::Text(t.to_string())), None);
    let non_finite_read = matches!(read, ".inf" | "-.inf" | ".nan");
    let mut written = crate::frontmatter::key_value_text(yaml, "nav_order").unwrap_or("");
    if let Some(anchored) = written.strip_prefix('&') {
        written = anchored
            .split_once([' ', '\t'])
            .map_or("", |(_, value)| value.trim_start());
    }
    // Quoted, a block scalar, or tagged as text: text.
    if written.starts_with(['"', '\'', '|', '>'])
        || written.starts_with("!!str")
        || written.starts_with("! ")
    {
        return text(read);
    }
    let float_tag = written.starts_with("!!float");
    let plain = written.trim_start_matches("!!float").trim_start();
    let psych_non_finite = if non_finite_read {
        // A plain value on the key's line that Psych reads as text (`1e400`) is text.
        let judged = float_tag || plain.is_empty() || plain.starts_with(['*', '[', '{']);
        if !judged && !crate::frontmatter::is_psych_float(plain) {
            return text(plain);
        }
        true
    } else {
        // `.iNf`: text to serde-saphyr, infinity to Psych (which reads any case).
        plain == read && crate::frontmatter::is_psych_non_finite(plain)
    };
    if !psych_non_finite {
        return text(read);
    }
    let spelled = if non_finite_read { read } else { plain };
    let what = if spelled.to_ascii_lowercase().contains("nan") {
        "not a number"
    } else if spelled.starts_with('-') {
        "minus infinity"
    } else {
        "infinity"
    };
    let shown = if written.is_empty() { read } else { written };
    let warning = Diagnostic::warning(
        "invalid-nav-value",
        format!(
            "`nav_order: {shown}` is {what} to YAML, which Just the Docs cannot sort (Jekyll's build fails on it); the page is ordered by title"
        ),
    )
    .help(
        "write a finite number (a large one, such as 1000, puts the page after its numbered siblings), or quote the value to sort it as text",
    );
    (None, Some(warning))
}

impl NavFields {
    /// Reads the navigation keys. Values of a type Just the Docs cannot use (a list as a
    /// `title`, a boolean `nav_order`) are reported and treated as absent.
    pub fn read(data: &FrontMatterMap, yaml: &str, file: &Path, diags: &mut Diagnostics) -> Self {
        let mut text_of = |key: &str| -> Option<String> {
            let value = data.get(key)?;
            let text = scalar_text(value);
            if text.is_none() && !value.is_null() {
                diags.push(
                    Diagnostic::warning(
                        "invalid-nav-value",
                        format!(
                            "`{key}` must be a single value, not {}; it is ignored",
                            kind_of(value)
                        ),
                    )
                    .at(file, Some(key_line(yaml, key))),
                );
            }
            text
        };
        let title = text_of("title").map(|text| Title {
            number: match data.get("title") {
                Some(Value::Number(n)) => Some(n.clone()),
                _ => None,
            },
            text,
        });
        let parent = text_of("parent");
        let grand_parent = text_of("grand_parent");
        let ancestor = text_of("ancestor");
        let nav_order = match data.get("nav_order") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(NavOrder::Number(n.clone())),
            Some(Value::String(s)) => {
                let (order, warning) = text_nav_order(yaml, s);
                if let Some(warning) = warning {
                    diags.push(warning.at(file, Some(key_line(yaml, "nav_order"))));
                }
                order
            }
            Some(other) => {
                diags.push(
                    Diagnostic::warning(
                        "invalid-nav-value",
                        format!(
                            "`nav_order` must be a number or a text, not {}; the page is ordered by title",
                            kind_of(other)
                        ),
                    )
                    .at(file, Some(key_line(yaml, "nav_order"))),
                );
                None
            }
        };
        if let Some(note) = leading_zero_nav_order(yaml, nav_order.as_ref()) {
            diags.push(note.at(file, Some(key_line(yaml, "nav_order"))));
        }
        NavFields {
            title,
            parent,
            grand_parent,
            ancestor,
            nav_order,
            hides_children: data.get("has_children") == Some(&Value::Bool(false)),
            reverses_children: matches!(
                data.get("child_nav_order").and_then(Value::as_str),
                Some("desc" | "reversed")
            ),
            excluded: data.get("nav_exclude") == Some(&Value::Bool(true)),
        }
    }

    fn title_text(&self) -> &str {
        self.title.as_ref().map_or("", |t| t.text.as_str())
    }

    /// `parent` as Just the Docs groups it: absent and empty are both "no parent".
    fn parent_text(&self) -> Option<&str> {
        self.parent.as_deref().filter(|p| !p.is_empty())
    }
}

/// A scalar as Liquid's `to_s` writes it; `None` for null, lists and mappings.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// One page as the navigation sees it.
#[derive(Debug, Clone)]
pub struct NavPage<'a> {
    /// How diagnostics name the file (relative to the book root).
    pub file: &'a Path,
    /// The front matter text, for the line of a key in diagnostics.
    pub yaml: &'a str,
    pub fields: &'a NavFields,
}

/// A node of the navigation: a page and its child nodes, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub page: usize,
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    /// In the sidebar (as opposed to an unlisted tree).
    pub visible: bool,
}

/// The navigation of a whole site. Node and page numbers index [`Nav::nodes`] and the page
/// slice given to [`build`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Nav {
    pub nodes: Vec<Node>,
    /// The sidebar's top level, in order.
    pub roots: Vec<usize>,
    /// Trees of titled pages that are not in the sidebar (excluded, orphaned, hidden by
    /// `has_children: false`, ...), ordered by source path of their root.
    pub unlisted: Vec<usize>,
    /// The node of each page (`None` for untitled pages).
    pub node_of_page: Vec<Option<usize>>,
}

impl Nav {
    /// The visible children of a page, in navigation order (empty when the page is not in
    /// The node of `page` in the visible tree.
    pub fn visible_node_of_page(&self, page: usize) -> Option<usize> {
        self.node_of_page
            .get(page)
            .copied()
            .flatten()
            .filter(|&node| self.nodes[node].visible)
    }

    /// Pre-order walk of the visible tree: `(depth, node)` with the top level at depth 1.
    pub fn walk_visible(&self) -> Vec<(usize, usize)> {
        walk(&self.nodes, &self.roots)
    }

    /// Pre-order walk of the unlisted trees.
    pub fn walk_unlisted(&self) -> Vec<(usize, usize)> {
        walk(&self.nodes, &self.unlisted)
    }
}

fn walk(nodes: &[Node], roots: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&n| (1, n)).collect();
    while let Some((depth, node)) = stack.pop() {
        out.push((depth, node));
        stack.extend(nodes[node].children.iter().rev().map(|&c| (depth + 1, c)));
    }
    out
}

/// Where a titled page stands after the visible tree is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Unplaced,
    Placed,
    /// `nav_exclude: true`, met in the first pass: placed in the second.
    Excluded,
    /// Titled like one of its ancestors: already reported.
    TitleLoop,
}

/// Whether Just the Docs lists a child under a page ([`Builder::would_also_list`]).
enum Listing<'a> {
    No,
    Yes,
    /// As a broken "∞" entry: the page or an ancestor (titles given) has its title.
    TitleLoop(Vec<&'a str>),
}

/// Why a page left out of the visible tree is left out, when the first pass knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hidden {
    Excluded,
    ParentHidesChildren,
    TooDeep,
    TitleLoop,
}

struct Builder<'a> {
    pages: &'a [NavPage<'a>],
    sort: NavSort,
    by_title: HashMap<&'a str, Vec<usize>>,
    by_parent: HashMap<&'a str, Vec<usize>>,
    top_titles: HashSet<&'a str>,
    state: Vec<State>,
    nav: Nav,
    /// Pages met in the first pass but kept out of the sidebar, with their ancestors' titles.
    hidden_roots: Vec<(usize, Hidden, Vec<&'a str>)>,
    /// Pages met below a page of their own title (page, ancestors' titles), in the order
    /// met: placed elsewhere by a later visit, or hidden after the first pass.
    title_loops: Vec<(usize, Vec<&'a str>)>,
    /// Pages already met below a page of their own title (reported once).
    loop_reported: Vec<bool>,
    /// Titled pages by folder, for parent suggestions.
    by_folder: HashMap<&'a Path, Vec<usize>>,
    /// Suggestions already computed, by (missing title, folder, grand_parent).
    suggestions: HashMap<(&'a str, &'a Path, Option<&'a str>), Vec<&'a str>>,
    diags: Diagnostics,
}

/// Builds the navigation of `pages` (titled or not; untitled pages are ignored).
pub fn build(pages: &[NavPage<'_>], sort: NavSort) -> (Nav, Diagnostics) {
    let mut by_title: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_parent: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut top = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let Some(title) = &page.fields.title else {
            continue;
        };
        by_title.entry(title.text.as_str()).or_default().push(i);
        match page.fields.parent_text() {
            Some(parent) => by_parent.entry(parent).or_default().push(i),
            None => top.push(i),
        }
    }
    let top_titles = top.iter().map(|&i| pages[i].fields.title_text()).collect();
    let mut by_folder: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        if page.fields.title.is_some() {
            by_folder
                .entry(page.file.parent().unwrap_or(Path::new("")))
                .or_default()
                .push(i);
        }
    }
    let mut builder = Builder {
        pages,
        sort,
        by_title,
        by_parent,
        top_titles,
        state: vec![State::Unplaced; pages.len()],
        nav: Nav {
            node_of_page: vec![None; pages.len()],
            ..Nav::default()
        },
        by_folder,
        suggestions: HashMap::new(),
        hidden_roots: Vec::new(),
        title_loops: Vec::new(),
        loop_reported: vec![false; pages.len()],
        diags: Diagnostics::default(),
    };
    builder.sort_siblings(&mut top, None);
    let mut ancestors = Vec::new();
    for page in top {
        if let Some(node) = builder.visit(page, &mut ancestors, 1, None) {
            builder.nav.roots.push(node);
        }
    }
    builder.report_title_loops();
    builder.report_ambiguous();
    builder.place_unlisted();
    (builder.nav, builder.diags)
}

impl<'a> Builder<'a> {
    fn fields(&self, page: usize) -> &'a NavFields {
        self.pages[page].fields
    }

    fn title(&self, page: usize) -> &'a str {
        self.pages[page].fields.title_text()
    }

    fn new_node(&mut self, page: usize, visible: bool, parent: Option<usize>) -> usize {
        self.state[page] = State::Placed;
        self.nav.nodes.push(Node {
            page,
            children: Vec::new(),
            parent,
            visible,
        });
        let node = self.nav.nodes.len() - 1;
        self.nav.node_of_page[page] = Some(node);
        node
    }

    /// First pass: places `page` in the sidebar with its visible descendants.
    fn visit(
        &mut self,
        page: usize,
        ancestors: &mut Vec<&'a str>,
        depth: usize,
        parent: Option<usize>,
    ) -> Option<usize> {
        let fields = self.fields(page);
        if fields.excluded {
            // A page under several parents of the same title is met once per parent.
            if self.state[page] == State::Unplaced {
                self.state[page] = State::Excluded;
                self.hidden_roots
                    .push((page, Hidden::Excluded, ancestors.clone()));
            }
            return None;
        }
        let title = self.title(page);
        if ancestors.contains(&title) {
            // Only this place is refused: under another parent of its parent's title the
            // page may be listed as usual (found by a red-team review: it was hidden
            // everywhere). The first pass decides; `report_title_loops` then reports.
            // Once per page: a page met under each of many parents would otherwise copy
            // the ancestors each time (found by a review: 3 GB for 12,000 pages).
            if !self.loop_reported[page] {
                self.loop_reported[page] = true;
                self.title_loops.push((page, ancestors.clone()));
            }
            return None;
        }
        let node = self.new_node(page, true, parent);
        let mut children = self.candidates(page, ancestors);
        if children.is_empty() {
            return Some(node);
        }
        if fields.hides_children {
            ancestors.push(title);
            for &child in &children {
                self.hidden_roots
                    .push((child, Hidden::ParentHidesChildren, ancestors.clone()));
            }
            ancestors.pop();
            return Some(node);
        }
        if depth >= MAX_DEPTH {
            ancestors.push(title);
            for &child in &children {
                self.hidden_roots
                    .push((child, Hidden::TooDeep, ancestors.clone()));
            }
            ancestors.pop();
            return Some(node);
        }
        self.sort_siblings(&mut children, Some(page));
        if fields.reverses_children {
            children.reverse();
        }
        ancestors.push(title);
        for child in children {
            if self.state[child] != State::Unplaced {
                continue;
            }
            if let Some(child_node) = self.visit(child, ancestors, depth + 1, Some(node)) {
                self.nav.nodes[node].children.push(child_node);
            }
        }
        ancestors.pop();
        Some(node)
    }

    /// The unplaced pages that Just the Docs would list as children of `page`.
    fn candidates(&self, page: usize, ancestors: &[&str]) -> Vec<usize> {
        let Some(named) = self.by_parent.get(self.title(page)) else {
            return Vec::new();
        };
        named
            .iter()
            .copied()
            .filter(|&c| c != page && self.state[c] == State::Unplaced)
            .filter(|&c| self.accepts(page, c, ancestors).is_ok())
            .collect()
    }

    /// Just the Docs' child filter (`children.html`); the error says which rule refused.
    fn accepts(&self, node: usize, child: usize, ancestors: &[&str]) -> Result<(), Refusal> {
        let c = self.fields(child);
        let n = self.fields(node);
        if let Some(grand_parent) = &c.grand_parent
            && Some(grand_parent.as_str()) != n.parent.as_deref()
        {
            return Err(Refusal::GrandParent);
        }
        if let Some(ancestor) = &c.ancestor
            && ancestor != n.title_text()
            && !ancestors.contains(&ancestor.as_str())
        {
            return Err(Refusal::Ancestor);
        }
        if c.grand_parent.is_none()
            && c.ancestor.is_none()
            && !ancestors.is_empty()
            && c.parent_text().is_some_and(|p| self.top_titles.contains(p))
        {
            return Err(Refusal::TopLevelParent);
        }
        Ok(())
    }

    /// Sorts siblings in Just the Docs order, ties by source path, and notes the ties.
    fn sort_siblings(&mut self, siblings: &mut [usize], parent: Option<usize>) {
        let pages = self.pages;
        let sort = self.sort;
        siblings.sort_by(|&a, &b| {
            compare_keys(pages[a].fields, pages[b].fields, sort)
                .then_with(|| pages[a].file.cmp(pages[b].file))
        });
        let mut i = 0;
        while i < siblings.len() {
            let mut j = i + 1;
            while j < siblings.len()
                && compare_keys(pages[siblings[i]].fields, pages[siblings[j]].fields, sort)
                    == Ordering::Equal
            {
                j += 1;
            }
            if j - i > 1 {
                self.note_tie(&siblings[i..j], parent);
            }
            i = j;
        }
    }

    fn note_tie(&mut self, tied: &[usize], parent: Option<usize>) {
        let first = &self.pages[tied[0]];
        let (what, key) = match &first.fields.nav_order {
            Some(NavOrder::Number(n)) => (format!("nav_order {n}"), "nav_order"),
            Some(NavOrder::Text(t)) => (format!("nav_order \"{t}\""), "nav_order"),
            None => (format!("title \"{}\"", first.fields.title_text()), "title"),
        };
        let place = match parent {
            Some(p) => format!("under \"{}\"", self.title(p)),
            None => "at the top level".to_string(),
        };
        const SHOWN: usize = 5;
        let mut others: Vec<String> = tied[1..]
            .iter()
            .take(SHOWN)
            .map(|&p| self.pages[p].file.display().to_string())
            .collect();
        if tied.len() - 1 > SHOWN {
            others.push(format!("{} more", tied.len() - 1 - SHOWN));
        }
        self.diags.push(
            Diagnostic::note(
                "nav-order-tie",
                format!(
                    "{} pages {place} share {what} (also {}); Jekyll shows them in any order, \
                     mdbook-jekyll orders them by source path",
                    tied.len(),
                    others.join(", ")
                ),
            )
            .at(first.file, Some(key_line(first.yaml, key)))
            .help("give each sibling its own nav_order to fix the order"),
        );
    }

    /// Reports the pages met below a page of their own title: hidden when no other place
    /// took them, else listed where they are placed.
    fn report_title_loops(&mut self) {
        for (page, ancestors) in std::mem::take(&mut self.title_loops) {
            let title = self.title(page);
            let placed = self.state[page] == State::Placed;
            if !placed {
                self.state[page] = State::TitleLoop;
                self.hidden_roots
                    .push((page, Hidden::TitleLoop, ancestors.clone()));
            }
            let consequence = if placed {
                format!(
                    "there, and mdbook-jekyll lists the page only under {}",
                    self.placed_parent_file(page)
                )
            } else {
                "so it is left out of the sidebar".to_string()
            };
            let p = &self.pages[page];
            self.diags.push(
                Diagnostic::warning(
                    "title-of-ancestor",
                    format!(
                        "page titled \"{title}\" is placed below a page with the same title \
                         ({}); Just the Docs shows a broken \"∞\" entry {consequence}",
                        ancestors.join(" > ")
                    ),
                )
                .at(p.file, Some(key_line(p.yaml, "title")))
                .help("give the page a title that differs from its parent's and ancestors'"),
            );
        }
    }

    /// Reports each page listed under one of several pages that Just the Docs would list it
    /// under: visible pages titled as its parent whose filter takes it (`grand_parent`,
    /// `ancestor`, the rule for top-level titles), found after the first pass (found by a
    /// red-team review: every page sharing the title was counted, also hidden ones and ones
    /// that refuse the child, and a child with `ancestor` was never counted).
    fn report_ambiguous(&mut self) {
        /// Pages sharing a title that one child's check looks at: enough for any real
        /// site, and a bound on hostile ones (100,000 pages with one title).
        const MOST: usize = 1_000;
        let mut found = Vec::new();
        let mut loops = Vec::new();
        for (child, node) in self.nav.node_of_page.iter().enumerate() {
            let Some(parent) = node.and_then(|n| self.nav.nodes[n].parent) else {
                continue;
            };
            let parent_page = self.nav.nodes[parent].page;
            let title = self.title(parent_page);
            let Some(same) = self.by_title.get(title).filter(|same| same.len() > 1) else {
                continue;
            };
            let mut others = Vec::new();
            for other in same
                .iter()
                .copied()
                .filter(|&o| o != parent_page)
                .take(MOST)
            {
                match self.would_also_list(other, child) {
                    Listing::No => {}
                    Listing::Yes => others.push(other),
                    // Just the Docs lists it there too, as a broken "∞" entry (found by a
                    // review: reported or not by the order the parents were visited).
                    Listing::TitleLoop(ancestors) if !self.loop_reported[child] => {
                        self.loop_reported[child] = true;
                        loops.push((child, ancestors));
                    }
                    Listing::TitleLoop(_) => {}
                }
                if others.len() == 5 {
                    break;
                }
            }
            if !others.is_empty() {
                found.push((child, parent_page, others));
            }
        }
        if !loops.is_empty() {
            self.title_loops = loops;
            self.report_title_loops();
        }
        for (child, parent_page, others) in found {
            let title = self.title(parent_page);
            let files: Vec<String> = std::iter::once(parent_page)
                .chain(others)
                .map(|p| self.pages[p].file.display().to_string())
                .collect();
            let p = &self.pages[child];
            let help = if p.fields.grand_parent.is_some() || p.fields.ancestor.is_some() {
                "give the parents different titles: `grand_parent` and `ancestor` do not tell them apart"
            } else {
                "add `grand_parent` (the parent's own parent) to choose, or give the parents different titles"
            };
            self.diags.push(
                Diagnostic::warning(
                    "ambiguous-parent",
                    format!(
                        "parent \"{title}\" is the title of {} pages that Jekyll would list this page under ({}); it is placed under the first",
                        files.len(),
                        files.join(", ")
                    ),
                )
                .at(p.file, Some(key_line(p.yaml, "parent")))
                .help(help),
            );
        }
    }

    /// Whether Just the Docs would also list `child` under `other`: `other` is in the
    /// sidebar, lists its children, and its filter takes `child`; as a broken "∞" entry
    /// when `other` or one of its ancestors has the child's title.
    fn would_also_list(&self, other: usize, child: usize) -> Listing<'a> {
        let Some(node) = self.nav.node_of_page[other] else {
            return Listing::No;
        };
        if !self.nav.nodes[node].visible || self.fields(other).hides_children {
            return Listing::No;
        }
        // The check that needs no ancestors first (a review timed 100,000 children
        // refused by 1,000 such pages: 19 s).
        let c = self.fields(child);
        if c.grand_parent
            .as_deref()
            .is_some_and(|g| Some(g) != self.fields(other).parent.as_deref())
        {
            return Listing::No;
        }
        let mut ancestors = Vec::new();
        let mut up = self.nav.nodes[node].parent;
        while let Some(n) = up {
            ancestors.push(self.title(self.nav.nodes[n].page));
            up = self.nav.nodes[n].parent;
        }
        ancestors.reverse();
        if ancestors.len() + 1 >= MAX_DEPTH || self.accepts(other, child, &ancestors).is_err() {
            return Listing::No;
        }
        let title = self.title(child);
        if title == self.title(other) || ancestors.contains(&title) {
            ancestors.push(self.title(other));
            return Listing::TitleLoop(ancestors);
        }
        Listing::Yes
    }

    fn placed_parent_file(&self, child: usize) -> String {
        self.nav.node_of_page[child]
            .and_then(|node| self.nav.nodes[node].parent)
            .map_or_else(
                || "the first of them".to_string(),
                |parent| {
                    self.pages[self.nav.nodes[parent].page]
                        .file
                        .display()
                        .to_string()
                },
            )
    }

    /// Second pass: every titled page not in the sidebar goes into an unlisted tree, with
    /// a diagnostic when the reason is a mistake rather than a choice (`nav_exclude`).
    fn place_unlisted(&mut self) {
        let mut roots: Vec<(usize, Option<Hidden>, Vec<&'a str>)> =
            std::mem::take(&mut self.hidden_roots)
                .into_iter()
                .map(|(page, why, ancestors)| (page, Some(why), ancestors))
                .collect();
        let known: HashSet<usize> = roots.iter().map(|r| r.0).collect();

        // Pages the first pass never reached: their parent is unknown, refused them, or is
        // itself outside the sidebar.
        let unplaced_titles: HashSet<&str> = (0..self.pages.len())
            .filter(|&p| self.state[p] != State::Placed && self.fields(p).title.is_some())
            .map(|p| self.title(p))
            .collect();
        let mut chained = Vec::new();
        for page in 0..self.pages.len() {
            if self.state[page] != State::Unplaced
                || self.fields(page).title.is_none()
                || known.contains(&page)
            {
                continue;
            }
            match self.fields(page).parent_text() {
                Some(parent) if unplaced_titles.contains(parent) => chained.push(page),
                _ => roots.push((page, None, Vec::new())),
            }
        }
        roots.sort_by(|a, b| self.pages[a.0].file.cmp(self.pages[b.0].file));
        for (page, why, ancestors) in roots {
            if self.state[page] == State::Placed {
                continue;
            }
            let node = self.place_hidden(page, ancestors);
            let below = walk(&self.nav.nodes, &[node]).len() - 1;
            self.report_unlisted(page, why, below);
        }

        // What is left hangs below pages that are themselves unlisted without being
        // accepted by them, or forms a cycle of parents.
        chained.retain(|&p| self.state[p] == State::Unplaced);
        chained.sort_by(|&a, &b| self.pages[a].file.cmp(self.pages[b].file));
        let in_cycle = self.report_cycles(&chained);
        for &page in &chained {
            if self.state[page] != State::Unplaced {
                continue;
            }
            if !in_cycle.contains(&page) {
                self.report_unlisted(page, None, 0);
            }
            self.place_hidden(page, Vec::new());
        }

        // Anything still unplaced (nested too deep inside an unlisted tree, or titled like
        // an ancestor there) stands on its own, so that no page is lost.
        for page in 0..self.pages.len() {
            if self.state[page] == State::Unplaced && self.fields(page).title.is_some() {
                let node = self.new_node(page, false, None);
                self.nav.unlisted.push(node);
            }
        }
    }

    /// Places `page` as the root of an unlisted tree and, by the same child rules, its
    /// unplaced descendants, ignoring `nav_exclude` and `has_children` (the page is outside
    /// the sidebar already). Depth-first with an explicit stack.
    fn place_hidden(&mut self, page: usize, mut ancestors: Vec<&'a str>) -> usize {
        let root = self.new_node(page, false, None);
        self.nav.unlisted.push(root);
        let base = ancestors.len();
        let mut stack = vec![(root, base)];
        while let Some((node, depth)) = stack.pop() {
            let page = self.nav.nodes[node].page;
            ancestors.truncate(depth);
            if depth - base + 1 >= MAX_DEPTH {
                continue;
            }
            let title = self.title(page);
            let mut children = self.candidates(page, &ancestors);
            children.retain(|&c| self.title(c) != title && !ancestors.contains(&self.title(c)));
            self.sort_siblings_quietly(&mut children);
            ancestors.push(title);
            let child_nodes: Vec<usize> = children
                .into_iter()
                .map(|child| self.new_node(child, false, Some(node)))
                .collect();
            stack.extend(child_nodes.iter().rev().map(|&c| (c, depth + 1)));
            self.nav.nodes[node].children = child_nodes;
        }
        root
    }

    /// Finds the cycles among `pages` (each page's parent being the first unplaced page with
    /// that title), reports each once, and returns their members.
    fn report_cycles(&mut self, pages: &[usize]) -> HashSet<usize> {
        let next = |b: &Self, p: usize| -> Option<usize> {
            let parent = b.fields(p).parent_text()?;
            b.by_title
                .get(parent)?
                .iter()
                .copied()
                .find(|&q| b.state[q] == State::Unplaced)
        };
        // 0: not seen; 1: on the current walk; 2: done.
        let mut mark: HashMap<usize, u8> = HashMap::new();
        let mut members = HashSet::new();
        for &start in pages {
            if mark.contains_key(&start) {
                continue;
            }
            let mut walk_path = Vec::new();
            let mut current = Some(start);
            while let Some(p) = current {
                match mark.get(&p).copied() {
                    Some(1) => {
                        let at = walk_path.iter().position(|&q| q == p).unwrap_or(0);
                        let cycle = walk_path[at..].to_vec();
                        self.report_cycle(&cycle);
                        members.extend(cycle);
                        break;
                    }
                    Some(_) => break,
                    None => {
                        mark.insert(p, 1);
                        walk_path.push(p);
                        current = next(self, p);
                    }
                }
            }
            for p in walk_path {
                mark.insert(p, 2);
            }
        }
        members
    }

    fn report_cycle(&mut self, cycle: &[usize]) {
        const SHOWN: usize = 8;
        let mut names: Vec<String> = cycle
            .iter()
            .take(SHOWN)
            .map(|&q| format!("\"{}\" ({})", self.title(q), self.pages[q].file.display()))
            .collect();
        if cycle.len() > SHOWN {
            names.push(format!("… {} more", cycle.len() - SHOWN));
        }
        let first = *cycle
            .iter()
            .min_by_key(|&&q| self.pages[q].file)
            .unwrap_or(&cycle[0]);
        let p = &self.pages[first];
        self.diags.push(
            if cycle.len() == 1 {
                Diagnostic::warning(
                    "parent-cycle",
                    format!(
                        "{} names itself as its parent, so it is not in the sidebar",
                        names[0]
                    ),
                )
                .help("give the page another parent, or none")
            } else {
                Diagnostic::warning(
                    "parent-cycle",
                    format!(
                        "{} pages name each other as parents in a cycle, so none of them is in the sidebar: {}",
                        cycle.len(),
                        names.join(" -> ")
                    ),
                )
                .help("give one page of the cycle a parent outside it, or none")
            }
            .at(p.file, Some(key_line(p.yaml, "parent"))),
        );
    }

    fn sort_siblings_quietly(&self, siblings: &mut [usize]) {
        let pages = self.pages;
        siblings.sort_by(|&a, &b| {
            compare_keys(pages[a].fields, pages[b].fields, self.sort)
                .then_with(|| pages[a].file.cmp(pages[b].file))
        });
    }

    fn report_unlisted(&mut self, page: usize, why: Option<Hidden>, below: usize) {
        let p = &self.pages[page];
        let fields = p.fields;
        let and_below = match below {
            0 => String::new(),
            1 => " (nor is the page below it)".to_string(),
            n => format!(" (nor are the {n} pages below it)"),
        };
        let diagnostic = match why {
            Some(Hidden::Excluded | Hidden::ParentHidesChildren | Hidden::TitleLoop) => return,
            Some(Hidden::TooDeep) => Diagnostic::warning(
                "too-deep",
                format!("the page is nested deeper than {MAX_DEPTH} levels and is not in the sidebar{and_below}"),
            )
            .at(p.file, Some(key_line(p.yaml, "parent"))),
            None => {
                let Some(parent) = fields.parent_text() else { return };
                match self.by_title.get(parent) {
                    None => {
                        let mut d = Diagnostic::warning(
                            "unknown-parent",
                            format!("parent \"{parent}\" matches no page title, so the page is not in the sidebar{and_below}"),
                        )
                        .at(p.file, Some(key_line(p.yaml, "parent")));
                        if let Some(help) = suggest::did_you_mean(parent, &self.suggest_parents(page, parent)) {
                            d = d.help(help);
                        }
                        d
                    }
                    Some(parents) => self.refusal(page, parents, &and_below),
                }
            }
        };
        self.diags.push(diagnostic);
    }

    /// Explains why no page titled like the `parent` accepted `page` as a child.
    fn refusal(&self, page: usize, parents: &[usize], and_below: &str) -> Diagnostic {
        let p = &self.pages[page];
        let f = p.fields;
        let parent = f.parent_text().unwrap_or_default();
        let first = parents[0];
        let (key, reason, help) = match self.accepts(first, page, &[""]) {
            Err(Refusal::GrandParent) => (
                "grand_parent",
                format!(
                    "grand_parent \"{}\" is not the parent of \"{parent}\" ({})",
                    f.grand_parent.as_deref().unwrap_or_default(),
                    match self.fields(first).parent_text() {
                        Some(gp) => format!("its parent is \"{gp}\""),
                        None => "it is at the top level".to_string(),
                    }
                ),
                "set grand_parent to the parent's own parent, or remove it".to_string(),
            ),
            Err(Refusal::Ancestor) => (
                "ancestor",
                format!(
                    "ancestor \"{}\" is not \"{parent}\" nor one of its ancestors",
                    f.ancestor.as_deref().unwrap_or_default()
                ),
                "set ancestor to a title above the parent, or remove it".to_string(),
            ),
            _ => (
                "parent",
                format!("no page titled \"{parent}\" in the sidebar accepts it as a child"),
                "check the parent's own front matter (has_children, nav_exclude, its parent)"
                    .to_string(),
            ),
        };
        Diagnostic::warning(
            "parent-refused",
            format!("the page is not in the sidebar{and_below}: {reason}"),
        )
        .at(p.file, Some(key_line(p.yaml, key)))
        .help(help)
    }

    /// Titles most like `missing`, among the likeliest places: the children of the page's
    /// `grand_parent`, pages in the same folder, and the top level. Each distinct question
    /// is answered once, and only the first [`MAX_SUGGESTED_PARENTS`] distinct questions get
    /// an answer, so that a site with many broken parents still costs linear time.
    fn suggest_parents(&mut self, page: usize, missing: &'a str) -> Vec<&'a str> {
        let pages = self.pages;
        let folder = pages[page].file.parent().unwrap_or(Path::new(""));
        let grand_parent = pages[page].fields.grand_parent.as_deref();
        let key = (missing, folder, grand_parent);
        if let Some(found) = self.suggestions.get(&key) {
            return found.clone();
        }
        if self.suggestions.len() >= MAX_SUGGESTED_PARENTS {
            return Vec::new();
        }
        let mut candidates: Vec<&'a str> = Vec::new();
        let mut seen = HashSet::new();
        let from_grand_parent = grand_parent.and_then(|gp| self.by_parent.get(gp));
        let from_folder = self.by_folder.get(folder);
        let groups = [from_grand_parent, from_folder];
        let top = self.nav.roots.iter().map(|&n| self.nav.nodes[n].page);
        let all = groups
            .into_iter()
            .flatten()
            .flat_map(|g| g.iter().copied())
            .chain(top);
        for p in all {
            if candidates.len() >= suggest::MAX_CANDIDATES {
                break;
            }
            let title = pages[p].fields.title_text();
            // Pages naming the same missing parent are siblings, not parents.
            let sibling = pages[p].fields.parent_text() == Some(missing);
            if p != page && !sibling && !title.is_empty() && seen.insert(title) {
                candidates.push(title);
            }
        }
        let found = suggest::closest(missing, candidates, 3);
        self.suggestions.insert(key, found.clone());
        found
    }
}

/// Which child rule refused a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    GrandParent,
    Ancestor,
    TopLevelParent,
}

/// Just the Docs' sibling order, without the tie-break: group, then value within group.
fn compare_keys(a: &NavFields, b: &NavFields, sort: NavSort) -> Ordering {
    let (ga, gb) = (group(a), group(b));
    ga.cmp(&gb).then_with(|| match ga {
        0 => match (&a.nav_order, &b.nav_order) {
            (Some(NavOrder::Number(x)), Some(NavOrder::Number(y))) => compare_numbers(x, y),
            _ => Ordering::Equal,
        },
        1 => match (&a.nav_order, &b.nav_order) {
            (Some(NavOrder::Text(x)), Some(NavOrder::Text(y))) => compare_text(x, y, sort),
            _ => Ordering::Equal,
        },
        2 => match (title_number(a), title_number(b)) {
            (Some(x), Some(y)) => compare_numbers(x, y),
            _ => Ordering::Equal,
        },
        _ => compare_text(a.title_text(), b.title_text(), sort),
    })
}

fn title_number(f: &NavFields) -> Option<&Number> {
    f.title.as_ref().and_then(|t| t.number.as_ref())
}

/// 0: numeric `nav_order`; 1: text `nav_order`; 2: numeric title; 3: text title.
fn group(f: &NavFields) -> u8 {
    match (&f.nav_order, title_number(f)) {
        (Some(NavOrder::Number(_)), _) => 0,
        (Some(NavOrder::Text(_)), _) => 1,
        (None, Some(_)) => 2,
        (None, None) => 3,
    }
}

/// Numeric order; `1` and `1.0` are equal.
pub fn compare_numbers(a: &Number, b: &Number) -> Ordering {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x.cmp(&y);
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x.cmp(&y);
    }
    let (x, y) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
    x.total_cmp(&y)
}

/// Byte order, or ASCII-case-folded byte order (Liquid's `sort_natural`).
pub fn compare_text(a: &str, b: &str, sort: NavSort) -> Ordering {
    match sort {
        NavSort::CaseSensitive => a.cmp(b),
        NavSort::CaseInsensitive => a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase())),
    }
}

/// Owned inputs for [`build`], for callers and tests that start from front matter text.
#[derive(Debug, Clone)]
pub struct OwnedNavPage {
    pub file: PathBuf,
    pub yaml: String,
    pub fields: NavFields,
}

impl OwnedNavPage {
    pub fn view(&self) -> NavPage<'_> {
        NavPage {
            file: &self.file,
            yaml: &self.yaml,
            fields: &self.fields,
        }
    }
}

#[cfg(test)]
mod tests;
