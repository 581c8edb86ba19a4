//! `mdbook serve` picks up changes to the front matter and new pages on its next rebuild.
//! Runs the real `mdbook` 0.5 binary (installed by `./setup.sh`; `MDBOOK` names another).

mod common;

use common::{TestBook, sidebar_of, titles};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn mdbook() -> PathBuf {
    if let Some(path) = std::env::var_os("MDBOOK") {
        return PathBuf::from(path);
    }
    let mut candidates: Vec<PathBuf> =
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|dir| dir.join("mdbook"))
            .collect();
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(PathBuf::from(home).join(".cargo/bin/mdbook"));
    }
    candidates
        .into_iter()
        .find(|p| p.is_file())
        .expect("the mdbook binary is needed for this test: run ./setup.sh, or set MDBOOK")
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.1 200").then(|| body.to_string())
}

/// Polls the served sidebar until `want` holds (or a minute passes).
fn wait_for_sidebar(
    port: u16,
    scratch: &TestBook,
    want: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let start = Instant::now();
    let mut last = Vec::new();
    while start.elapsed() < Duration::from_secs(60) {
        if let Some(toc) = get(port, "/toc.html") {
            let file = scratch.root().join("toc.html");
            std::fs::write(&file, toc).unwrap();
            last = titles(&sidebar_of(&file));
            if want(&last) {
                return last;
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("the served sidebar never became as expected; last seen: {last:#?}");
}

#[test]
fn serve_rebuilds_the_navigation_on_change() {
    let book = TestBook::new("");
    let scratch = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n");
    book.write("src/a.md", "---\ntitle: Alpha\nnav_order: 1\n---\n");
    book.write("src/b.md", "---\ntitle: Beta\nnav_order: 2\n---\n");
    let port = free_port();
    let _server = Server(
        Command::new(mdbook())
            .args(["serve", "-n", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(book.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mdbook serve starts"),
    );
    wait_for_sidebar(port, &scratch, |s| s == ["Alpha", "Beta"]);

    // A new nav_order reorders the sidebar.
    book.write("src/b.md", "---\ntitle: Beta\nnav_order: 0\n---\n");
    wait_for_sidebar(port, &scratch, |s| s == ["Beta", "Alpha"]);

    // A new page that SUMMARY.md does not list appears.
    book.write("src/c.md", "---\ntitle: Gamma\nparent: Alpha\n---\n");
    wait_for_sidebar(port, &scratch, |s| s == ["Beta", "Alpha", "  Gamma"]);

    // A new parent moves it.
    book.write("src/c.md", "---\ntitle: Gamma\nparent: Beta\n---\n");
    wait_for_sidebar(port, &scratch, |s| s == ["Beta", "  Gamma", "Alpha"]);
}
