//! Paths: where a chapter lands in the HTML output, relative links between pages, and
//! joining user-given paths without leaving the book.

use std::path::{Component, Path, PathBuf};

/// The HTML output path of a chapter (`docs/a.md` -> `docs/a.html`), as mdBook writes it:
/// `README.md` becomes `index.html`, as mdBook's `index` preprocessor does.
pub fn output_path(chapter_path: &Path) -> PathBuf {
    let mut out = chapter_path.to_path_buf();
    if is_readme(chapter_path) {
        out.set_file_name("index.html");
    } else {
        out.set_extension("html");
    }
    out
}

/// What decides a chapter's [`output_path`], borrowed: its folder and its name without
/// the extension (`README` is written as `index`). Two chapters with one key are written
/// to one file.
pub fn output_key(chapter_path: &Path) -> Option<(&Path, &std::ffi::OsStr)> {
    let stem = chapter_path.file_stem()?;
    let name = if is_readme(chapter_path) {
        std::ffi::OsStr::new("index")
    } else {
        stem
    };
    Some((chapter_path.parent().unwrap_or(Path::new("")), name))
}

/// Where mdBook's HTML renderer takes a link written as `path`: `.md` becomes `.html`, and
/// nothing else changes (`guide/README.md` leads to `guide/README.html`, where the page
/// is `guide/index.html`).
pub fn mdbook_link_target(path: &Path) -> PathBuf {
    if path.extension().is_some_and(|e| e == "md") {
        path.with_extension("html")
    } else {
        path.to_path_buf()
    }
}

/// mdBook's `index` preprocessor writes `README.md` (any case) as `index.html`.
pub fn is_readme(chapter_path: &Path) -> bool {
    chapter_path
        .file_stem()
        .is_some_and(|stem| stem.eq_ignore_ascii_case("readme"))
}

/// Reads a file the book's configuration or pages name (a catalog, a template, the site's
/// configuration). Only a regular file is read: a named pipe or a device in its place
/// would block or never end.
pub fn read_text_file(path: &Path) -> std::io::Result<String> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            if metadata.is_dir() {
                "it is a folder, not a file"
            } else {
                "it is not a regular file (a pipe or a device?)"
            },
        ));
    }
    std::fs::read_to_string(path)
}

/// A system error's text without the code the system gives it (`(os error 2)`), which
/// says nothing to a writer.
pub fn without_os_code(message: &str) -> &str {
    match message.rfind(" (os error ") {
        Some(at) if message.ends_with(')') => &message[..at],
        _ => message,
    }
}

/// A path written with `/` separators, as URLs and `SUMMARY.md` want it.
pub fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The URL of `target` (an output path) as written in the page at `from` (an output path):
/// relative, with `/` separators and percent-encoded where a URL needs it. A first
/// segment holding `:` gets `./` before it, or a browser would read what comes before
/// the `:` as the URL's scheme (a page named `javascript:alert(1).md`).
pub fn relative_url(from: &Path, target: &Path) -> String {
    let from_dir: Vec<Component<'_>> = from
        .parent()
        .map_or_else(Vec::new, |p| p.components().collect());
    let to: Vec<Component<'_>> = target.components().collect();
    let to_dir = &to[..to.len().saturating_sub(1)];
    let common = from_dir
        .iter()
        .zip(to_dir.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..from_dir.len() {
        parts.push("..".to_string());
    }
    for component in &to[common..] {
        parts.push(encode_segment(&component.as_os_str().to_string_lossy()));
    }
    if parts.first().is_some_and(|first| first.contains(':')) {
        parts.insert(0, ".".to_string());
    }
    parts.join("/")
}

/// A site URL's path as a link may hold it: what may not stand in a URL is
/// percent-encoded (`/my page.html` is `/my%20page.html`, as Jekyll writes it); `/` and an
/// existing escape (`%20`) stay, a `%` that starts none is `%25`.
pub fn encode_url_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut plain = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if b == b'/' || escape {
            out.push_str(&encode_segment(&path[plain..i]));
            out.push(b as char);
            plain = i + 1;
        }
    }
    out.push_str(&encode_segment(&path[plain..]));
    out
}

/// Percent-encodes what may not stand in a URL path segment.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b':'
            | b'@' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Joins a user-given relative path to `base`, refusing absolute paths and paths that climb
/// out of `base` (`../../etc/passwd`). The error says why, for the message.
pub fn join_inside(base: &Path, relative: &str) -> Result<PathBuf, String> {
    join_inside_of(base, "the book", relative)
}

/// [`join_inside`] for a `base` that is not the book's root: the error names it as
/// `base_name` (`` `_includes` ``).
pub fn join_inside_of(base: &Path, base_name: &str, relative: &str) -> Result<PathBuf, String> {
    let path = Path::new(relative);
    if path.is_absolute() || relative.starts_with('/') || relative.starts_with('\\') {
        return Err(format!(
            "`{relative}` is an absolute path; give a path inside {base_name}"
        ));
    }
    let mut depth: usize = 0;
    for component in path.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                if depth == 0 {
                    return Err(format!("`{relative}` points outside {base_name}"));
                }
                depth -= 1;
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "`{relative}` is an absolute path; give a path inside {base_name}"
                ));
            }
        }
    }
    let joined = base.join(path);
    // A symbolic link inside the book may still lead out of it.
    if let (Ok(real), Ok(real_base)) = (joined.canonicalize(), base.canonicalize())
        && !real.starts_with(&real_base)
    {
        return Err(format!(
            "`{relative}` leads outside {base_name} through a symbolic link"
        ));
    }
    Ok(joined)
}

/// Where to write `relative` (a path the tool chose) under `root` (the book's folder, or
/// its `src`, which may itself be a link the user made), refused when writing there would
/// write outside `root`: a symbolic link on the way, the file itself or a folder above
/// it, that leads out of `root`, or to nothing (writing through it would create its
/// target, wherever that is). Checked before anything is written, so that a refusal
/// leaves the book as it was. Messages show the path as `shown`.
pub fn write_target(root: &Path, relative: &Path, shown: &Path) -> Result<PathBuf, String> {
    let shown = shown.display();
    let real_root = root
        .canonicalize()
        .map_err(|e| format!("cannot write `{shown}`: the book's folder: {e}"))?;
    let mut at = root.to_path_buf();
    for component in relative.components() {
        match component {
            Component::Normal(part) => at.push(part),
            Component::CurDir => continue,
            _ => return Err(format!("`{shown}` is not a path inside the book")),
        }
        let Ok(metadata) = at.symlink_metadata() else {
            // Nothing there: nothing below it either; the folders will be created.
            break;
        };
        if metadata.file_type().is_symlink() {
            match at.canonicalize() {
                Ok(real) if real.starts_with(&real_root) => {}
                Ok(real) => {
                    return Err(format!(
                        "`{shown}` leads outside the book through a symbolic link (to {}): nothing \
                         was written; remove the link, or make it point inside the book",
                        real.display()
                    ));
                }
                Err(_) => {
                    return Err(format!(
                        "`{shown}` goes through a symbolic link to nothing ({}), and writing \
                         would create its target wherever it points: nothing was written; \
                         remove the link, or make it point inside the book",
                        at.display()
                    ));
                }
            }
        }
    }
    Ok(root.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_targets_refuse_links_out_of_the_book_or_to_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(root.join("src/docs")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("victim.txt"), "victim").unwrap();
        std::os::unix::fs::symlink(outside.join("victim.txt"), root.join("style.css")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("src/_data")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("nowhere"), root.join("src/_gone")).unwrap();
        std::os::unix::fs::symlink(root.join("src/docs"), root.join("src/linked")).unwrap();
        let target = |p: &str| write_target(&root, Path::new(p), Path::new(p));
        assert_eq!(target("src/docs/a.md").unwrap(), root.join("src/docs/a.md"));
        assert_eq!(
            target("src/new/dir/a.md").unwrap(),
            root.join("src/new/dir/a.md")
        );
        // A link that stays inside the book is followed.
        assert!(target("src/linked/a.md").is_ok());
        assert!(
            target("style.css")
                .unwrap_err()
                .starts_with("`style.css` leads outside the book through a symbolic link (to ")
        );
        assert!(target("src/_data/services.yml").unwrap_err().starts_with(
            "`src/_data/services.yml` leads outside the book through a symbolic link"
        ));
        assert!(
            target("src/_gone/services.yml")
                .unwrap_err()
                .contains("goes through a symbolic link to nothing")
        );
        assert!(target("../x").is_err());
        assert_eq!(
            std::fs::read_to_string(outside.join("victim.txt")).unwrap(),
            "victim"
        );
    }

    #[test]
    fn output_paths() {
        assert_eq!(
            output_path(Path::new("docs/a.md")),
            Path::new("docs/a.html")
        );
        assert_eq!(
            output_path(Path::new("docs/README.md")),
            Path::new("docs/index.html")
        );
        assert_eq!(output_path(Path::new("index.md")), Path::new("index.html"));
    }

    #[test]
    fn relative_urls() {
        let url = |a: &str, b: &str| relative_url(Path::new(a), Path::new(b));
        assert_eq!(
            url("docs/s/SEC02.html", "docs/s/SEC02-BP01.html"),
            "SEC02-BP01.html"
        );
        assert_eq!(url("index.html", "docs/s/a.html"), "docs/s/a.html");
        assert_eq!(url("docs/s/a.html", "index.html"), "../../index.html");
        assert_eq!(url("docs/x/a.html", "docs/y/b.html"), "../y/b.html");
        assert_eq!(url("a.html", "my page?.html"), "my%20page%3F.html");
        // Found by a red-team review: a page named like a URL scheme made a live
        // `javascript:` link in best-practice lists, tables of contents and rewritten links.
        assert_eq!(
            url("index.html", "javascript:alert(1).html"),
            "./javascript:alert(1).html"
        );
        assert_eq!(url("docs/a.html", "docs/mailto:x.html"), "./mailto:x.html");
        assert_eq!(url("docs/a.html", "b:c/d.html"), "../b:c/d.html");
    }

    #[test]
    fn url_paths_are_encoded_once() {
        assert_eq!(encode_url_path("/docs/a.html"), "/docs/a.html");
        assert_eq!(
            encode_url_path("/dir with space/my page?.html"),
            "/dir%20with%20space/my%20page%3F.html"
        );
        assert_eq!(encode_url_path("/a%20b/"), "/a%20b/");
        assert_eq!(encode_url_path("/50%ab/100%.html"), "/50%ab/100%25.html");
        assert_eq!(encode_url_path("/x%2"), "/x%252");
        assert_eq!(encode_url_path("/caf\u{e9}/"), "/caf%C3%A9/");
        assert_eq!(encode_url_path(""), "");
    }

    #[test]
    fn join_inside_refuses_escapes() {
        let base = Path::new("/book/src");
        assert_eq!(
            join_inside(base, "_data/services.yml").unwrap(),
            Path::new("/book/src/_data/services.yml")
        );
        assert!(join_inside(base, "a/../b.yml").is_ok());
        assert!(join_inside(base, "../../etc/passwd").is_err());
        assert!(join_inside(base, "a/../../x").is_err());
        assert!(join_inside(base, "/etc/passwd").is_err());
    }
}
