//! Loading a book from disk as mdBook does, for the commands that run without mdBook
//! (`check`, `summary`): `book.toml`, then `SUMMARY.md` and the chapters it lists.

use anyhow::{Context as _, Result};
use mdbook_preprocessor::book::{BookItem, Chapter};
use mdbook_summary::{Link, SummaryItem};
use serde_json::Value;
use std::path::Path;

/// A book read from disk: its configuration (as JSON) and its items.
pub struct LoadedBook {
    pub config: Value,
    pub items: Vec<BookItem>,
}

/// Reads `book.toml` (optional, as in mdBook) and `SUMMARY.md` (optional here: a missing one
/// is an empty book, whose pages are all found from their front matter).
pub fn load_book(root: &Path) -> Result<LoadedBook> {
    if !root.is_dir() {
        anyhow::bail!(
            "there is no book at {}: no such folder; give the folder that holds book.toml",
            root.display()
        );
    }
    let toml_path = root.join("book.toml");
    let config: Value = match std::fs::read_to_string(&toml_path) {
        Ok(text) => toml::from_str::<toml::Table>(&text)
            .with_context(|| format!("invalid TOML in {}", toml_path.display()))
            .and_then(|table| Ok(serde_json::to_value(table)?))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Value::Object(Default::default()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", toml_path.display())),
    };
    let src = crate::options::BookSettings::from_config(&config).src;
    let src_dir = root.join(&src);
    if !src_dir.is_dir() {
        anyhow::bail!(
            "there is no book at {}: it has no `{}` folder{}; give the folder that holds book.toml",
            root.display(),
            src.display(),
            if toml_path.is_file() {
                " (book.toml's `src`)"
            } else {
                " and no book.toml"
            }
        );
    }
    let summary_path = src_dir.join("SUMMARY.md");
    let summary_text = match std::fs::read_to_string(&summary_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", summary_path.display())),
    };
    let summary = mdbook_summary::parse_summary(&summary_text)
        .with_context(|| format!("cannot parse {}", summary_path.display()))?;
    let mut items = Vec::new();
    for item in summary
        .prefix_chapters
        .iter()
        .chain(&summary.numbered_chapters)
        .chain(&summary.suffix_chapters)
    {
        items.push(load_item(item, &src_dir, &[])?);
    }
    Ok(LoadedBook { config, items })
}

fn load_item(item: &SummaryItem, src_dir: &Path, parent_names: &[String]) -> Result<BookItem> {
    Ok(match item {
        SummaryItem::Separator => BookItem::Separator,
        SummaryItem::PartTitle(title) => BookItem::PartTitle(title.clone()),
        SummaryItem::Link(link) => BookItem::Chapter(load_chapter(link, src_dir, parent_names)?),
        _ => anyhow::bail!(
            "this version of mdbook-jekyll cannot read an entry of SUMMARY.md: {item:?}"
        ),
    })
}

fn load_chapter(link: &Link, src_dir: &Path, parent_names: &[String]) -> Result<Chapter> {
    let mut chapter = match &link.location {
        Some(location) => {
            let path = src_dir.join(location);
            let mut content = crate::paths::read_text_file(&path)
                .with_context(|| format!("cannot read chapter {}", path.display()))?;
            if content.starts_with('\u{feff}') {
                content.replace_range(..3, "");
            }
            // As mdBook: the path as joined to `src` and taken off it again (`./a.md` is
            // `a.md`).
            let stripped = path.strip_prefix(src_dir).unwrap_or(location);
            Chapter::new(&link.name, content, stripped, parent_names.to_vec())
        }
        None => Chapter::new_draft(&link.name, parent_names.to_vec()),
    };
    chapter.number = link.number.clone();
    let mut names = parent_names.to_vec();
    names.push(link.name.clone());
    for item in &link.nested_items {
        chapter.sub_items.push(load_item(item, src_dir, &names)?);
    }
    Ok(chapter)
}
