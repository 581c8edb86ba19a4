//! The cost of the preprocessor next to its floor: parsing and re-serializing the same JSON
//! with serde_json and mdBook's types, doing nothing else.
//!
//! `cargo bench --bench preprocess` runs every group; `BENCH_PAGES=1000` changes the size of
//! the main book (10,000 pages by default); `BENCH_SCALE=1` adds the 100,000-page run.
//! Results, machine and ratios: BENCHMARKS.md.

// In process, the floor and the run share the system allocator (the binary's mimalloc is
// measured by the `binary` group, against the floor as a process), or with
// `--features bench-mimalloc` mimalloc with its default options.
#[cfg(feature = "bench-mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "generator/mod.rs"]
mod generator;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mdbook_jekyll::context::Context;
use mdbook_jekyll::diagnostics::{Diagnostics, Severity};
use mdbook_jekyll::{nav, pages, preprocessor, protocol, transform};
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::Book;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A generated book on disk and its JSON input.
struct Fixture {
    root: PathBuf,
    input: Vec<u8>,
}

impl Fixture {
    fn new(name: &str, site: generator::Site, version: &str) -> Fixture {
        let root = generator::book_dir(name);
        let _ = std::fs::remove_dir_all(&root);
        site.write(&root, None).unwrap();
        let input = site.request(&root, version);
        Fixture { root, input }
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The floor: what any preprocessor that uses mdBook's types must do.
fn floor(input: &[u8]) -> Vec<u8> {
    let (_ctx, book): (PreprocessorContext, Book) = serde_json::from_slice(input).unwrap();
    serde_json::to_vec(&book).unwrap()
}

/// The 0.4 floor (mdBook 0.5's types do not read 0.4's `sections`).
fn floor_04(input: &[u8]) -> Vec<u8> {
    let (_ctx, book): (serde_json::Value, serde_json::Value) =
        serde_json::from_slice(input).unwrap();
    serde_json::to_vec(&book).unwrap()
}

/// The whole preprocessor, in process: read, run every stage, write.
fn whole_run(input: &[u8]) -> Vec<u8> {
    let (items, shape) = preprocessor::run_request(input).unwrap();
    protocol::reply(items, shape).unwrap()
}

/// A run of a book with mistakes: every stage and every report (with its suggestions), up
/// to where the binary would stop on the errors and not write the reply.
fn run_with_mistakes(input: &[u8]) -> usize {
    let (processed, _) = preprocessor::process_request(input).unwrap();
    let errors = processed.diagnostics.count(Severity::Error);
    assert!(errors > 0, "the book's mistakes are reported");
    errors
}

fn pages_of(n: usize) -> usize {
    std::env::var("BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n)
}

fn whole(c: &mut Criterion) {
    let n = pages_of(10_000);
    let site = generator::site(n);
    let fixture = Fixture::new("whole", site, "0.5.4");
    let mut group = c.benchmark_group(format!("whole-{n}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("floor", |b| b.iter(|| floor(&fixture.input)));
    group.bench_function("run", |b| b.iter(|| whole_run(&fixture.input)));
    group.finish();

    let fixture = Fixture::new("whole04", generator::site(n), "0.4.52");
    let mut group = c.benchmark_group(format!("whole-{n}-mdbook04"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("floor", |b| b.iter(|| floor_04(&fixture.input)));
    group.bench_function("run", |b| b.iter(|| whole_run(&fixture.input)));
    group.finish();
}

fn plain(c: &mut Criterion) {
    let n = pages_of(10_000);
    let fixture = Fixture::new("plain", generator::plain_site(n), "0.5.4");
    let mut group = c.benchmark_group(format!("plain-{n}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("floor", |b| b.iter(|| floor(&fixture.input)));
    group.bench_function("run", |b| b.iter(|| whole_run(&fixture.input)));
    group.finish();
}

/// One stage at a time, on the parsed book.
fn stages(c: &mut Criterion) {
    let n = pages_of(10_000);
    let fixture = Fixture::new("stages", generator::site(n), "0.5.4");
    let request = protocol::read_request(&fixture.input).unwrap();
    let (ctx, _) = Context::new(
        request.context.root.clone(),
        &request.context.config,
        "html",
        Some("0.5.4"),
    );
    let mut group = c.benchmark_group(format!("stages-{n}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("front-matter", |b| {
        b.iter_batched(
            || request.items.clone(),
            |items| pages::collect(items, &ctx, &mut Diagnostics::default()),
            BatchSize::LargeInput,
        )
    });
    let collected = pages::collect(request.items.clone(), &ctx, &mut Diagnostics::default());
    group.bench_function("navigation", |b| {
        b.iter(|| {
            let views: Vec<nav::NavPage<'_>> =
                collected.pages.iter().map(|p| p.nav_view()).collect();
            nav::build(&views, ctx.nav_sort())
        })
    });
    let views: Vec<nav::NavPage<'_>> = collected.pages.iter().map(|p| p.nav_view()).collect();
    let (navigation, _) = nav::build(&views, ctx.nav_sort());
    drop(views);
    group.bench_function("text", |b| {
        b.iter_batched(
            || collected.pages.clone(),
            |mut pages| {
                transform::transform_pages(
                    &mut pages,
                    &navigation,
                    &ctx,
                    &mut Diagnostics::default(),
                )
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// 100,000 pages against 10,000 (set BENCH_SCALE=1: it generates about 1 GB).
fn scale(c: &mut Criterion) {
    if std::env::var_os("BENCH_SCALE").is_none() {
        return;
    }
    let mut group = c.benchmark_group("scale");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    for n in [10_000, 100_000] {
        let fixture = Fixture::new(&format!("scale{n}"), generator::site(n), "0.5.4");
        group.bench_function(format!("run-{n}"), |b| b.iter(|| whole_run(&fixture.input)));
        group.bench_function(format!("floor-{n}"), |b| b.iter(|| floor(&fixture.input)));
        drop(fixture);
        // The same book with mistakes whose reports carry suggestions.
        let site = generator::site(n).with_mistakes();
        let fixture = Fixture::new(&format!("scale-mistakes{n}"), site, "0.5.4");
        group.bench_function(format!("mistakes-{n}"), |b| {
            b.iter(|| run_with_mistakes(&fixture.input))
        });
    }
    group.finish();
}

/// The release binary and the floor as a process (examples/floor.rs), which the groups
/// that spawn processes run.
fn release_binaries() -> (PathBuf, PathBuf) {
    let release = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release");
    let exe = release.join("mdbook-jekyll");
    let floor_exe = release.join("examples/floor");
    assert!(
        exe.is_file() && floor_exe.is_file(),
        "build the release binaries first: cargo build --release --examples"
    );
    (exe, floor_exe)
}

/// The binary as mdBook runs it: `supports`, then the run with the book on standard input
/// (a pipe), beside the floor as a process.
fn binary(c: &mut Criterion) {
    let (exe, floor_exe) = release_binaries();
    let mut group = c.benchmark_group("binary");
    group.bench_function("supports", |b| {
        b.iter(|| {
            let status = std::process::Command::new(&exe)
                .args(["supports", "html"])
                .status()
                .unwrap();
            assert!(status.success());
        })
    });
    let n = pages_of(10_000);
    let fixture = Fixture::new("binary", generator::site(n), "0.5.4");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    // The floor as a process (examples/floor.rs): mdBook's `parse_input` and serde_json, as
    // a preprocessor built on mdBook's crates reads and writes the book; and the same
    // reading standard input whole first.
    group.bench_function(format!("floor-{n}"), |b| {
        b.iter(|| run_process(&floor_exe, &[], &fixture))
    });
    group.bench_function(format!("floor-slice-{n}"), |b| {
        b.iter(|| run_process(&floor_exe, &["--slice"], &fixture))
    });
    group.bench_function(format!("run-{n}"), |b| {
        b.iter(|| run_process(&exe, &[], &fixture))
    });
    group.finish();
}

/// Runs a preprocessor as mdBook does: in the book's folder, the request written into its
/// standard input (a pipe) while its standard output is read; returns the size of its
/// reply.
fn run_process(exe: &Path, args: &[&str], fixture: &Fixture) -> usize {
    use std::io::Write;
    let mut child = std::process::Command::new(exe)
        .args(args)
        .current_dir(&fixture.root)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
    let mut stdin = child.stdin.take().unwrap();
    let input = &fixture.input;
    std::thread::scope(|s| {
        s.spawn(move || stdin.write_all(input).unwrap());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{} failed: {stderr}", exe.display());
        assert!(
            !out.stdout.is_empty(),
            "{} replied nothing: {stderr}",
            exe.display()
        );
        out.stdout.len()
    })
}

/// Other mdBook preprocessors on the same 10,000-page book, as processes, beside this one
/// and the floors: `BENCH_OTHERS=mdbook-toc,mdbook-admonish@0.4 cargo bench --bench
/// preprocess -- others`. `@0.4` gives a preprocessor built on mdBook 0.4 the 0.4 shape of
/// the request. `BENCH_OTHERS_CONFIG` (JSON) adds `[preprocessor.*]` tables to the
/// request's configuration, for preprocessors that refuse to run without theirs
/// (`{"admonish": {"assets_version": "3.0.2"}}`). Without `BENCH_OTHERS` the group is
/// skipped.
fn others(c: &mut Criterion) {
    let Ok(list) = std::env::var("BENCH_OTHERS") else {
        return;
    };
    let (exe, floor_exe) = release_binaries();
    let n = pages_of(10_000);
    let mut fixture = Fixture::new("others", generator::site(n), "0.5.4");
    let mut fixture_04 = Fixture::new("others04", generator::site(n), "0.4.52");
    if let Ok(extra) = std::env::var("BENCH_OTHERS_CONFIG") {
        let extra: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&extra).expect("BENCH_OTHERS_CONFIG: a JSON object");
        for fixture in [&mut fixture, &mut fixture_04] {
            let mut request: serde_json::Value = serde_json::from_slice(&fixture.input).unwrap();
            let preprocessors = request[0]["config"]["preprocessor"]
                .as_object_mut()
                .expect("the request's [preprocessor] table");
            preprocessors.extend(extra.clone());
            fixture.input = serde_json::to_vec(&request).unwrap();
        }
    }
    let mut group = c.benchmark_group(format!("others-{n}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("floor", |b| {
        b.iter(|| run_process(&floor_exe, &[], &fixture))
    });
    group.bench_function("mdbook-jekyll", |b| {
        b.iter(|| run_process(&exe, &[], &fixture))
    });
    group.bench_function("mdbook-jekyll@0.4", |b| {
        b.iter(|| run_process(&exe, &[], &fixture_04))
    });
    for other in list.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        let (command, fixture) = match other.strip_suffix("@0.4") {
            Some(command) => (command, &fixture_04),
            None => (other, &fixture),
        };
        let command = Path::new(command);
        group.bench_function(other, |b| b.iter(|| run_process(command, &[], fixture)));
    }
    group.finish();
}

criterion_group!(benches, whole, plain, stages, scale, binary, others);
criterion_main!(benches);
