//! The floor as a process: what a preprocessor built on mdBook's types does when mdBook
//! runs it and it changes nothing. Reads `[context, book]` on standard input, writes the
//! book on standard output. `cargo bench --bench preprocess -- binary` runs it beside
//! `mdbook-jekyll`.
//!
//! Without arguments it reads with mdBook's own `parse_input` (what preprocessors written
//! against mdBook's documentation do); with `--slice` it reads standard input whole first
//! and parses the bytes, the fastest way serde_json offers.

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::Book;
use std::io::{Read, Write};

fn main() {
    let (_ctx, book): (PreprocessorContext, Book) =
        if std::env::args().nth(1).as_deref() == Some("--slice") {
            let mut input = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut input)
                .expect("standard input");
            serde_json::from_slice(&input).expect("a request from mdBook 0.5")
        } else {
            mdbook_preprocessor::parse_input(std::io::stdin()).expect("a request from mdBook 0.5")
        };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer(&mut out, &book).expect("standard output");
    out.flush().expect("standard output");
}
