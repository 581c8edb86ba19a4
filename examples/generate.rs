//! Writes a synthetic Just the Docs site as a book, with the JSON mdBook would send for it.
//!
//! ```sh
//! cargo run --release --example generate -- 10000 /tmp/book-10k
//! ```
//!
//! Produces `/tmp/book-10k/{book.toml, src/...}` plus `input-0.5.json` and
//! `input-0.4.json` (the preprocessor's standard input for mdBook 0.5.4 and 0.4.52).
//! `--plain` generates chapters without front matter or shortcodes instead; `--mistakes`
//! adds the reworded parents and misspelled shortcode targets of `Site::with_mistakes`.

#[path = "../benches/generator/mod.rs"]
mod generator;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let plain = args.iter().any(|a| a == "--plain");
    let mistakes = args.iter().any(|a| a == "--mistakes");
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (Some(pages), Some(dir)) = (
        positional.first().and_then(|n| n.parse::<usize>().ok()),
        positional.get(1),
    ) else {
        eprintln!("usage: generate PAGES DIR [--plain | --mistakes]");
        std::process::exit(2);
    };
    let root = PathBuf::from(dir);
    let site = if plain {
        generator::plain_site(pages)
    } else if mistakes {
        generator::site(pages).with_mistakes()
    } else {
        generator::site(pages)
    };
    let command = std::env::var_os("MDBOOK_JEKYLL").map(PathBuf::from);
    site.write(&root, command.as_deref())
        .expect("the book is written");
    for version in ["0.5.4", "0.4.52"] {
        let json = site.request(&root.canonicalize().unwrap(), version);
        let name = format!("input-{}.json", &version[..3]);
        std::fs::write(root.join(&name), &json).expect("the input is written");
        println!("{}: {} bytes", root.join(name).display(), json.len());
    }
    let bytes: usize = site.pages.iter().map(|(_, t)| t.len()).sum();
    let mut sizes: Vec<usize> = site.pages.iter().map(|(_, t)| t.len()).collect();
    sizes.sort_unstable();
    println!(
        "{} pages, {bytes} bytes of Markdown, median page {} bytes, largest {} bytes",
        site.pages.len(),
        sizes[sizes.len() / 2],
        sizes[sizes.len() - 1]
    );
}
