//! Helpers shared by the integration tests: temporary books, real mdBook builds (0.5 through
//! `mdbook-driver`, 0.4.52 through the `mdbook` 0.4 library), each running the real
//! `mdbook-jekyll` binary as a command preprocessor, and readers for the output.
#![allow(dead_code)]

pub mod browser;
pub mod copy;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mdbook-jekyll"))
}

/// `../shared` beside the project (the corpora and the `mdbook-nav` tool).
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// A book in a temporary folder, removed when dropped.
pub struct TestBook {
    pub dir: tempfile::TempDir,
}

impl TestBook {
    /// An empty book whose `book.toml` registers the binary under test, hides section
    /// numbers, and adds `extra` at the end.
    pub fn new(extra_toml: &str) -> TestBook {
        Self::with_options("", extra_toml)
    }

    /// Like [`TestBook::new`], with `options` lines inside `[preprocessor.jekyll]`.
    pub fn with_options(options: &str, extra_toml: &str) -> TestBook {
        let book = TestBook {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        let command = binary().display().to_string().replace('\\', "/");
        book.write(
            "book.toml",
            &format!(
                "[book]\ntitle = \"Test book\"\n\n[preprocessor.jekyll]\ncommand = \"{command}\"\nbefore = [\"links\"]\n{options}\n\n[output.html]\nno-section-label = true\nadditional-css = [\"mdbook-jekyll.css\"]\n{extra_toml}\n"
            ),
        );
        book.write("mdbook-jekyll.css", mdbook_jekyll::assets::STYLESHEET);
        book
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, content: &str) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    pub fn read_output(&self, relative: &str) -> String {
        let path = self.root().join("book").join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn output_exists(&self, relative: &str) -> bool {
        self.root().join("book").join(relative).is_file()
    }

    /// Builds with mdBook 0.5 (in-process, the preprocessor as a command).
    pub fn build_05(&self) -> anyhow::Result<()> {
        let book = mdbook_driver::MDBook::load(self.root())?;
        book.build()
    }

    /// Builds with mdBook 0.4.52 (in-process, the preprocessor as a command).
    pub fn build_04(&self) -> anyhow::Result<()> {
        let book = mdbook04::MDBook::load(self.root()).map_err(|e| anyhow::anyhow!("{e:#}"))?;
        book.build().map_err(|e| anyhow::anyhow!("{e:#}"))
    }

    /// The sidebar as `../shared/tools/mdbook-nav` prints it: `Title  <href>` lines,
    /// two spaces per level.
    pub fn sidebar(&self) -> Vec<String> {
        sidebar_of(&self.root().join("book/toc.html"))
    }

    /// Runs the binary with arguments in the book's folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(binary())
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("the binary runs")
    }

    /// Every built HTML page, as (path relative to `book/`, text).
    pub fn html_pages(&self) -> Vec<(PathBuf, String)> {
        let out = self.root().join("book");
        walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                let text = std::fs::read_to_string(e.path()).unwrap();
                (e.path().strip_prefix(&out).unwrap().to_path_buf(), text)
            })
            .collect()
    }
}

/// Runs `mdbook-nav` on a `toc.html`.
pub fn sidebar_of(toc: &Path) -> Vec<String> {
    let tool = shared().join("tools/mdbook-nav");
    let out = Command::new("python3")
        .arg(&tool)
        .arg(toc)
        .output()
        .unwrap_or_else(|e| panic!("python3 {}: {e}", tool.display()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Titles with their indentation, without the `  <href>` part.
pub fn titles(sidebar: &[String]) -> Vec<String> {
    sidebar
        .iter()
        .map(|line| match line.rfind("  <") {
            Some(i) => line[..i].to_string(),
            None => line.clone(),
        })
        .collect()
}

/// Runs the binary as mdBook does, with `input` on standard input.
pub fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// A preprocessor request as mdBook `version` sends it, for a book of chapters
/// `(name, path, content)` at the top level.
pub fn request(version: &str, root: &Path, chapters: &[(&str, &str, &str)]) -> String {
    let items: Vec<serde_json::Value> = chapters
        .iter()
        .enumerate()
        .map(|(i, (name, path, content))| {
            serde_json::json!({"Chapter": {
                "name": name, "content": content, "number": [i + 1], "sub_items": [],
                "path": path, "source_path": path, "parent_names": []
            }})
        })
        .collect();
    let book = if version.starts_with("0.4") {
        serde_json::json!({"sections": items, "__non_exhaustive": null})
    } else {
        serde_json::json!({"items": items})
    };
    let context = serde_json::json!({
        "root": root, "renderer": "html", "mdbook_version": version,
        "config": {"book": {"src": "src", "title": "T"}, "preprocessor": {"jekyll": {}},
                   "output": {"html": {"no-section-label": true}}}
    });
    serde_json::json!([context, book]).to_string()
}

/// A book over a copy of the real corpus `../shared/corpora/wafr` (mdBook needs
/// `src/SUMMARY.md`, and the corpus is read-only), with a one-line `SUMMARY.md`.
pub fn wafr_book() -> TestBook {
    let book = TestBook::new("");
    copy::copy_dir(&shared().join("corpora/wafr"), &book.root().join("src"));
    book.write("src/SUMMARY.md", "# Summary\n");
    book
}
