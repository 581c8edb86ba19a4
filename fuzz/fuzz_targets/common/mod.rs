//! What the targets share. Each target uses only some of it.
#![allow(dead_code)]

use mdbook_jekyll::protocol::{self, Shape};
use mdbook_preprocessor::book::{BookItem, Chapter};
use std::path::{Path, PathBuf};

/// A book folder under the temporary directory, named for the target and the process, with
/// `files` written under its `src`.
pub fn book_folder(target: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = std::env::temp_dir().join(format!(
        "mdbook-jekyll-fuzz-{target}-{}",
        std::process::id()
    ));
    for (path, text) in files {
        let file = root.join("src").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    root
}

/// The top-level chapter at `path`.
pub fn chapter<'a>(items: &'a [BookItem], path: &str) -> Option<&'a Chapter> {
    items.iter().find_map(|item| match item {
        BookItem::Chapter(ch) if ch.path.as_deref() == Some(Path::new(path)) => Some(ch),
        _ => None,
    })
}

/// Writes the reply, whole and in batches, and checks both are byte for byte what
/// serde_json writes for mdBook's own types in the same shape.
pub fn assert_reply_is_serde_json(items: Vec<BookItem>, shape: Shape) {
    let json = serde_json::to_string(&items).unwrap();
    let expected = match shape {
        Shape::Items => format!("{{\"items\":{json}}}"),
        Shape::Sections {
            non_exhaustive: false,
        } => format!("{{\"sections\":{json}}}"),
        Shape::Sections {
            non_exhaustive: true,
        } => format!("{{\"sections\":{json},\"__non_exhaustive\":null}}"),
    };
    let whole = protocol::reply(items.clone(), shape).unwrap();
    assert_eq!(String::from_utf8(whole).unwrap(), expected);
    let mut out = Vec::new();
    protocol::write_reply(&mut out, items, shape).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), expected);
}

/// libFuzzer's panic hook aborts at once, before `catch_unwind` can act. The preprocessor
/// catches one kind of panic on purpose (the `liquid` crates', on input they cannot read;
/// see `liquid_tags::panic_is_guarded_at`): stay silent for those, abort for every other,
/// this crate's own code inside a guarded call included.
pub fn abort_on_uncaught_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let file = info.location().map_or("", |l| l.file());
            if !mdbook_jekyll::liquid_tags::panic_is_guarded_at(file) {
                fuzzer_hook(info);
            }
        }));
    });
}
