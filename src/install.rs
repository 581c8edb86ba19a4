//! `mdbook-jekyll install`: sets a book up for the preprocessor, editing `book.toml` with
//! `toml_edit` so comments and layout survive. Running it twice changes nothing.
//!
//! It registers `[preprocessor.jekyll]` before mdBook's `links` preprocessor, writes the
//! stylesheet (which also hides the pages outside the navigation) and lists it in
//! `output.html.additional-css`, sets `output.html.no-section-label` (unless section
//! numbers are wanted), and creates `src/SUMMARY.md` when there is none.

use crate::assets::{STYLESHEET, STYLESHEET_NAME};
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};
use toml_edit::{Array, DocumentMut, Item, Table, value};

/// What `install` changed, one line each (empty: nothing to do).
pub type Changes = Vec<String>;

/// Sets up the book in `root`. `numbered` keeps mdBook's section numbers in the sidebar.
pub fn install(root: &Path, numbered: bool) -> Result<Changes> {
    let mut changes = Vec::new();
    let toml_path = root.join("book.toml");
    let original = match std::fs::read_to_string(&toml_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", toml_path.display())),
    };
    let mut doc: DocumentMut = original
        .parse()
        .with_context(|| format!("{} is not valid TOML", toml_path.display()))?;
    edit_config(&mut doc, numbered, &mut changes).map_err(|why| {
        anyhow::anyhow!(
            "{}: {why}; nothing was written, run `mdbook-jekyll install` again once it is fixed",
            toml_path.display()
        )
    })?;
    // Written only when the edit changed the document (found by a review: a book already
    // set up was rewritten with other line ends).
    let untouched = original.parse::<DocumentMut>().map(|doc| doc.to_string());
    let edited = if untouched.as_deref() == Ok(doc.to_string().as_str()) {
        original.clone()
    } else {
        with_line_ends_of(&original, doc.to_string())
    };
    let src = doc
        .get("book")
        .and_then(|b| b.get("src"))
        .and_then(|s| s.as_str())
        .unwrap_or("src")
        .to_string();
    let site_config = doc
        .get("preprocessor")
        .and_then(|p| p.get("jekyll"))
        .and_then(|j| j.get("site-config"))
        .and_then(|c| c.as_str())
        .unwrap_or("_config.yml")
        .to_string();
    if let Some(warning) =
        crate::context::site_outside_src(root, Path::new(&src), Path::new(&site_config))
    {
        changes.push(format!(
            "warning: {} ({})",
            warning.message,
            warning.help.unwrap_or_default()
        ));
    }

    // Every file to write, checked before any is written: a symbolic link planted in the
    // book must not make `install` write elsewhere.
    let mut writes: Vec<(PathBuf, &[u8])> = Vec::new();
    let target = |relative: &Path| {
        crate::paths::write_target(root, relative, relative)
            .map_err(|why| anyhow::anyhow!("refused: {why}"))
    };
    if edited != original {
        writes.push((target(Path::new("book.toml"))?, edited.as_bytes()));
    }
    let css = root.join(STYLESHEET_NAME);
    match std::fs::read_to_string(&css) {
        Ok(existing) if existing == STYLESHEET => {}
        found => {
            writes.push((target(Path::new(STYLESHEET_NAME))?, STYLESHEET.as_bytes()));
            changes.push(format!(
                "{} {STYLESHEET_NAME}",
                if found.is_ok() { "updated" } else { "wrote" }
            ));
        }
    }
    let summary = Path::new(&src).join("SUMMARY.md");
    if !root.join(&summary).exists() {
        // `src` is the user's to place (outside the book, or a link): only what is below
        // it is checked. Missing, it is created inside the book.
        let src_dir = root.join(&src);
        let inside = Path::new(&src).components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
        let place = if src_dir.is_dir() {
            crate::paths::write_target(&src_dir, Path::new("SUMMARY.md"), &summary)
                .map_err(|why| anyhow::anyhow!("refused: {why}"))?
        } else if inside {
            target(&summary)?
        } else {
            // Found by a red-team review: this was "refused: ../missing/SUMMARY.md is not a
            // path inside the book", though `src` may be outside the book.
            anyhow::bail!(
                "the book's `src` folder ({src}, set in book.toml) does not exist, and `install` \
                 creates folders only inside the book: create it, or set `src` in [book] to \
                 the folder that holds the pages"
            );
        };
        writes.push((place, b"# Summary\n"));
        changes.push(format!(
            "created {src}/SUMMARY.md (the pages' front matter does the rest)"
        ));
    }
    for (path, text) in writes {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(changes)
}

/// `edited` (as `toml_edit` writes it, with `\n`) with the line ends (when all are `\r\n`)
/// and the byte order mark of `original`, so that editing keeps the file's layout (found
/// by a red-team review: a Windows `book.toml` came back with its line ends changed).
fn with_line_ends_of(original: &str, edited: String) -> String {
    let crlf = original.contains("\r\n")
        && original.matches('\n').count() == original.matches("\r\n").count();
    let mut edited = if crlf {
        edited.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        edited
    };
    if original.starts_with('\u{feff}') && !edited.starts_with('\u{feff}') {
        edited.insert(0, '\u{feff}');
    }
    edited
}

/// Adds what the preprocessor needs to `doc`. Err (and `doc` half edited, not to be
/// written) when a table it must edit is something else in the file.
fn edit_config(doc: &mut DocumentMut, numbered: bool, changes: &mut Changes) -> Result<(), String> {
    let preprocessor = table(doc.as_table_mut(), "preprocessor", "preprocessor")?;
    let fresh = !preprocessor.contains_key("jekyll");
    let jekyll = table(preprocessor, "jekyll", "preprocessor.jekyll")?;
    if fresh {
        changes.push("added [preprocessor.jekyll] to book.toml".to_string());
    }
    if remove_from_array(jekyll, "after", "links") {
        changes.push("removed \"links\" from preprocessor.jekyll.after".to_string());
    }
    match add_to_array(jekyll, "before", "links") {
        Ok(true) => changes.push(
            "set preprocessor.jekyll.before to run before mdBook's `links`".to_string(),
        ),
        Ok(false) => {}
        Err(kind) => changes.push(format!(
            "preprocessor.jekyll.before is a TOML {kind}, not a list: left alone; make it a list holding \"links\""
        )),
    }

    // Adding [output.html] to a book that names other outputs only would add a renderer.
    let has_outputs = doc
        .get("output")
        .and_then(Item::as_table_like)
        .is_some_and(|t| !t.is_empty());
    let has_html = doc.get("output").and_then(|o| o.get("html")).is_some();
    if has_outputs && !has_html {
        changes.push(format!(
            "the book has no [output.html]: add \"{STYLESHEET_NAME}\" to its additional-css yourself if you add one"
        ));
        return Ok(());
    }
    let output = table(doc.as_table_mut(), "output", "output")?;
    let html = table(output, "html", "output.html")?;
    match add_to_array(html, "additional-css", STYLESHEET_NAME) {
        Ok(true) => changes.push(format!(
            "added {STYLESHEET_NAME} to output.html.additional-css"
        )),
        Ok(false) => {}
        Err(kind) => changes.push(format!(
            "output.html.additional-css is a TOML {kind}, not a list: left alone; make it a list holding \"{STYLESHEET_NAME}\""
        )),
    }
    if !numbered && !html.contains_key("no-section-label") {
        html.insert("no-section-label", value(true));
        changes.push(
            "set output.html.no-section-label = true (no section numbers, as in Just the Docs)"
                .to_string(),
        );
    }
    Ok(())
}

/// The sub-table `key` of `parent` (named `path` in messages), created (as an
/// implicit-free `[a.b]` header) if absent. Err when `key` holds something else (an array
/// of tables, a number), which is not replaced.
fn table<'t>(parent: &'t mut Table, key: &str, path: &str) -> Result<&'t mut Table, String> {
    match parent.get(key) {
        None | Some(Item::None | Item::Table(_)) => {}
        Some(Item::Value(v)) if v.is_inline_table() => {}
        Some(Item::ArrayOfTables(_)) => {
            return Err(format!(
                "`{path}` is an array of tables (`[[{path}]]`), not a table; write it `[{path}]`"
            ));
        }
        Some(Item::Value(v)) => {
            return Err(format!(
                "`{path}` is a TOML {}, not a table; make it a table (`[{path}]`)",
                v.type_name()
            ));
        }
    }
    if let Some(inline) = parent.get(key).and_then(Item::as_inline_table) {
        // An inline table (`html = { ... }`): convert it so it can be edited in place,
        // keeping the comments above its line and after it on the header.
        let above = parent
            .key(key)
            .and_then(|k| k.leaf_decor().prefix())
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_string();
        let after = inline
            .decor()
            .suffix()
            .and_then(|s| s.as_str())
            .unwrap_or("")
            .to_string();
        let mut converted = inline.clone().into_table();
        converted.decor_mut().set_prefix(above);
        converted.decor_mut().set_suffix(after);
        parent.insert(key, Item::Table(converted));
    } else if !parent.get(key).is_some_and(Item::is_table) {
        let mut t = Table::new();
        t.set_implicit(true);
        parent.insert(key, Item::Table(t));
    }
    match parent.get_mut(key) {
        Some(Item::Table(t)) => Ok(t),
        _ => unreachable!("made a table above"),
    }
}

/// Adds `entry` to the array `key`: created if absent, and a single text (`"theme.css"`,
/// which mdBook does not accept) made the list of it and `entry`. Ok(false) if it was there;
/// Err with what `key` holds when it is something else, which is left alone.
fn add_to_array(table: &mut Table, key: &str, entry: &str) -> Result<bool, &'static str> {
    match table.get_mut(key) {
        None => {
            let mut array = Array::new();
            array.push(entry);
            table.insert(key, value(array));
        }
        Some(item) => {
            let mut changed = false;
            if let Some(single) = item.as_value().filter(|v| v.is_str()) {
                // Keep the value's comment (`"custom.css" # ours`).
                let decor = single.decor().clone();
                let mut array = Array::new();
                array.push(single.as_str().unwrap_or_default());
                *array.decor_mut() = decor;
                *item = Item::Value(toml_edit::Value::Array(array));
                changed = true;
            }
            let Some(array) = item.as_array_mut() else {
                return Err(item.type_name());
            };
            if array.iter().any(|v| v.as_str() == Some(entry)) {
                return Ok(changed);
            }
            array.push(entry);
        }
    }
    Ok(true)
}

fn remove_from_array(table: &mut Table, key: &str, entry: &str) -> bool {
    let Some(array) = table.get_mut(key).and_then(Item::as_array_mut) else {
        return false;
    };
    let before = array.len();
    array.retain(|v| v.as_str() != Some(entry));
    if array.len() == before {
        return false;
    }
    array.fmt();
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(toml: &str) -> (String, Changes) {
        let mut doc: DocumentMut = toml.parse().unwrap();
        let mut changes = Vec::new();
        edit_config(&mut doc, false, &mut changes).unwrap();
        (doc.to_string(), changes)
    }

    /// Found by a red-team review: a `book.toml` with Windows line ends (and a byte order
    /// mark) came back with `\n`, and tables of another type were replaced without a word.
    #[test]
    fn keeps_line_ends_and_refuses_tables_of_another_type() {
        let book = tempfile::tempdir().unwrap();
        let toml = "\u{feff}# My book\r\n[book]\r\ntitle = \"x\" # keep\r\nsrc = \"src\"\r\n";
        std::fs::write(book.path().join("book.toml"), toml).unwrap();
        install(book.path(), false).unwrap();
        let edited = std::fs::read_to_string(book.path().join("book.toml")).unwrap();
        assert!(
            edited.starts_with("\u{feff}# My book\r\n[book]\r\ntitle = \"x\" # keep\r\n"),
            "{edited:?}"
        );
        assert!(edited.contains("[preprocessor.jekyll]\r\n"), "{edited:?}");
        assert!(!edited.replace("\r\n", "").contains('\n'), "{edited:?}");
        assert!(edited.parse::<DocumentMut>().is_ok());
        // Found by a review: a book already set up, with mixed line ends, was rewritten.
        let mixed = "[preprocessor.jekyll]\r\nbefore = [\"links\"]\n\n[output.html]\nadditional-css = [\"mdbook-jekyll.css\"]\nno-section-label = true\n";
        std::fs::write(book.path().join("book.toml"), mixed).unwrap();
        assert!(install(book.path(), false).unwrap().is_empty());
        assert_eq!(
            std::fs::read_to_string(book.path().join("book.toml")).unwrap(),
            mixed
        );

        for (toml, expected) in [
            (
                "[[preprocessor.jekyll]]\ncommand = \"x\"\n",
                "`preprocessor.jekyll` is an array of tables (`[[preprocessor.jekyll]]`), not a table",
            ),
            (
                "[output]\nhtml = 5\n",
                "`output.html` is a TOML integer, not a table",
            ),
            (
                "preprocessor = \"x\"\n",
                "`preprocessor` is a TOML string, not a table",
            ),
        ] {
            let book = tempfile::tempdir().unwrap();
            std::fs::write(book.path().join("book.toml"), toml).unwrap();
            let error = install(book.path(), false).unwrap_err().to_string();
            assert!(
                error.contains(expected) && error.contains("nothing was written"),
                "{error}"
            );
            assert_eq!(
                std::fs::read_to_string(book.path().join("book.toml")).unwrap(),
                toml
            );
            assert!(!book.path().join(STYLESHEET_NAME).exists());
        }
    }

    #[test]
    fn keeps_comments_and_adds_what_is_missing() {
        let original = "# My book\n[book]\ntitle = \"T\" # the title\n\n[output.html]\n# theme\ndefault-theme = \"navy\"\n";
        let (edited, changes) = run(original);
        assert!(
            edited.starts_with("# My book\n[book]\ntitle = \"T\" # the title\n"),
            "{edited}"
        );
        assert!(
            edited.contains("# theme\ndefault-theme = \"navy\""),
            "{edited}"
        );
        assert!(
            edited.contains("[preprocessor.jekyll]\nbefore = [\"links\"]"),
            "{edited}"
        );
        assert!(
            edited.contains("additional-css = [\"mdbook-jekyll.css\"]"),
            "{edited}"
        );
        assert!(edited.contains("no-section-label = true"), "{edited}");
        assert_eq!(changes.len(), 4, "{changes:?}");
        // Twice changes nothing.
        let (again, changes) = run(&edited);
        assert_eq!(again, edited);
        assert!(changes.is_empty(), "{changes:?}");
    }

    #[test]
    fn merges_with_existing_settings() {
        let (edited, _) = run(
            "[preprocessor.jekyll]\nafter = [\"links\", \"other\"]\nstrict = true\n\n[output.html]\nadditional-css = [\"theme.css\"]\nno-section-label = false\n",
        );
        assert!(edited.contains("after = [\"other\"]"), "{edited}");
        assert!(edited.contains("before = [\"links\"]"), "{edited}");
        assert!(
            edited.contains("additional-css = [\"theme.css\", \"mdbook-jekyll.css\"]"),
            "{edited}"
        );
        assert!(
            edited.contains("no-section-label = false"),
            "the user's choice stays: {edited}"
        );
    }

    #[test]
    fn a_single_text_becomes_a_list_and_other_values_are_left_alone() {
        let (edited, changes) = run(
            "[preprocessor]\n# ours\njekyll = { command = \"mine\", before = \"links\" } # pinned\n\n[output.html]\nadditional-css = \"custom.css\" # the theme\n",
        );
        assert!(
            edited.contains(
                "# ours\n[preprocessor.jekyll] # pinned\ncommand = \"mine\"\nbefore = [\"links\"]\n"
            ),
            "{edited}"
        );
        assert!(
            edited
                .contains("additional-css = [\"custom.css\", \"mdbook-jekyll.css\"] # the theme\n"),
            "{edited}"
        );
        assert!(
            changes.contains(
                &"set preprocessor.jekyll.before to run before mdBook's `links`".to_string()
            ),
            "{changes:?}"
        );
        let (edited, changes) = run("[preprocessor.jekyll]\nbefore = false\n");
        assert!(edited.contains("before = false\n"), "{edited}");
        assert!(
            changes.contains(&"preprocessor.jekyll.before is a TOML boolean, not a list: left alone; make it a list holding \"links\"".to_string()),
            "{changes:?}"
        );
        let (edited, changes) = run("[output.html]\nadditional-css = 3\n");
        assert!(edited.contains("additional-css = 3\n"), "{edited}");
        assert!(
            changes.contains(&"output.html.additional-css is a TOML integer, not a list: left alone; make it a list holding \"mdbook-jekyll.css\"".to_string()),
            "{changes:?}"
        );
    }

    #[test]
    fn installing_in_a_jekyll_site_folder_says_to_move_the_site_into_src() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("_config.yml"), "title: Site\n").unwrap();
        let changes = install(dir.path(), false).unwrap();
        assert!(
            changes.iter().any(|c| c
                .starts_with("warning: the Jekyll site's _config.yml is in the book's folder")
                && c.contains("move the site (its _config.yml, pages and folders) into `src/`")),
            "{changes:?}"
        );
        std::fs::rename(
            dir.path().join("_config.yml"),
            dir.path().join("src/_config.yml"),
        )
        .unwrap();
        let again = install(dir.path(), false).unwrap();
        assert!(
            !again.iter().any(|c| c.starts_with("warning:")),
            "{again:?}"
        );
    }

    #[test]
    fn does_not_add_an_html_output_to_a_book_without_one() {
        let (edited, changes) = run("[output.markdown]\n");
        assert!(!edited.contains("output.html"), "{edited}");
        assert!(
            changes.iter().any(|c| c.contains("no [output.html]")),
            "{changes:?}"
        );
    }
}
