//! `mdbook build` of the real corpus (`../shared/corpora/wafr`, 247 pages) with the
//! preprocessor, against `mdbook build` of the same pages listed flat in a hand-written
//! `SUMMARY.md` without it. Needs the `mdbook` binary (`./setup.sh` installs it; `MDBOOK`
//! names another) and the release build of this crate (`cargo build --release`).
//!
//! `cargo bench --bench mdbook_build`

#[path = "../tests/common/copy.rs"]
mod copy;

use copy::copy_dir;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn mdbook() -> PathBuf {
    std::env::var_os("MDBOOK")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("mdbook"))
}

/// Two books over copies of the corpus: one with the preprocessor and a one-line
/// SUMMARY.md, one without it and every page listed flat.
fn books(root: &Path) -> (PathBuf, PathBuf) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = manifest.join("../shared/corpora/wafr");
    let exe = manifest.join("target/release/mdbook-jekyll");
    assert!(
        exe.is_file(),
        "build the release binary first: cargo build --release"
    );

    let with = root.join("with");
    copy_dir(&corpus, &with.join("src"));
    std::fs::write(with.join("src/SUMMARY.md"), "# Summary\n").unwrap();
    std::fs::write(
        with.join("book.toml"),
        format!(
            "[book]\ntitle = \"WAFR\"\n\n[preprocessor.jekyll]\ncommand = \"{}\"\nbefore = [\"links\"]\n\n[output.html]\nno-section-label = true\n",
            exe.display()
        ),
    )
    .unwrap();

    let without = root.join("without");
    copy_dir(&corpus, &without.join("src"));
    let mut summary = String::from("# Summary\n\n");
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(&corpus)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(&corpus).unwrap().to_path_buf())
        .collect();
    pages.sort();
    for page in pages {
        summary.push_str(&format!("- [{}]({})\n", page.display(), page.display()));
    }
    std::fs::write(without.join("src/SUMMARY.md"), summary).unwrap();
    std::fs::write(
        without.join("book.toml"),
        "[book]\ntitle = \"WAFR\"\n\n[output.html]\nno-section-label = true\n",
    )
    .unwrap();
    (with, without)
}

fn build(book: &Path) {
    let out = Command::new(mdbook())
        .arg("build")
        .arg(book)
        .output()
        .expect("mdbook runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn mdbook_build(c: &mut Criterion) {
    let root = tempfile::tempdir().unwrap();
    let (with, without) = books(root.path());
    let mut group = c.benchmark_group("mdbook-build-wafr");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(40));
    group.bench_function("flat-summary-without-preprocessor", |b| {
        b.iter(|| build(&without))
    });
    group.bench_function("one-line-summary-with-preprocessor", |b| {
        b.iter(|| build(&with))
    });
    group.finish();
}

criterion_group!(benches, mdbook_build);
criterion_main!(benches);
