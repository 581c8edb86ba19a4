//! A reader's view of a built book: a small static file server and headless Chromium
//! (Debian's `chromium`, installed by `./setup.sh`; `CHROMIUM` names another), driven by a
//! probe page whose script writes its findings into the DOM that Chromium dumps.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Serves `root` on 127.0.0.1 until dropped (the listener thread ends with the process).
pub struct StaticServer {
    pub port: u16,
}

impl StaticServer {
    pub fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let root = root.to_path_buf();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                std::thread::spawn(move || serve(stream, &root));
            }
        });
        StaticServer { port }
    }

    pub fn url(&self, path: &str) -> String {
        format!(
            "http://127.0.0.1:{}/{}",
            self.port,
            path.trim_start_matches('/')
        )
    }
}

fn serve(mut stream: TcpStream, root: &Path) {
    let mut request = String::new();
    if BufReader::new(&stream).read_line(&mut request).is_err() {
        return;
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path.trim_start_matches('/'));
    let mut file = root.join(&decoded);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(body) if !decoded.contains("..") => ("200 OK", body),
        _ => ("404 Not Found", b"not found".to_vec()),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .expect("Chromium is needed for this test: run ./setup.sh (apt-get install chromium), or set CHROMIUM")
}

/// Loads `url` in headless Chromium, lets its scripts run, and returns the text of the
/// element `#result` once the probe has written JSON into it.
pub fn probe(url: &str) -> serde_json::Value {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,1000",
            "--virtual-time-budget=30000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"result\">").unwrap_or_else(|| {
        panic!(
            "no result in the DOM:\n{dom}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "<pre id=\"result\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("probe result {text:?}: {e}"))
}

/// A probe page that opens `page` of the book and reports its sidebar's chapter links:
/// `all` (in the markup), `visible` (shown to a reader) and `outline` (the visible ones,
/// two spaces per level, as `mdbook-nav` prints them).
pub fn sidebar_probe(page: &str) -> String {
    r#"<!doctype html>
<html><body><pre id="result">pending</pre>
<iframe id="frame" style="width:1200px;height:900px"></iframe>
<script>
const frame = document.getElementById('frame');
frame.onload = () => {
  const out = {};
  try {
    const doc = frame.contentDocument;
    const links = [...doc.querySelectorAll('mdbook-sidebar-scrollbox a, .sidebar a')]
      .filter(a => !(a.getAttribute('href') || '#').includes('#'))
      .filter(a => !a.classList.contains('chapter-fold-toggle'));
    const shown = links.filter(a => a.getClientRects().length > 0);
    out.all = links.map(a => a.textContent.trim());
    out.visible = shown.map(a => a.textContent.trim());
    out.outline = shown.map(a => {
      let depth = 0;
      for (let e = a.parentElement; e; e = e.parentElement) if (e.tagName === 'OL') depth++;
      return '  '.repeat(depth - 1) + a.textContent.trim();
    });
  } catch (e) { out.error = String(e); }
  document.getElementById('result').textContent = JSON.stringify(out);
};
frame.src = 'PAGE';
</script></body></html>
"#
    .replace("PAGE", page)
}
