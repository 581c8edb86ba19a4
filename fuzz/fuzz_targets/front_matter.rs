//! The front matter splitter and YAML parser, then the navigation keys, on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_jekyll::frontmatter::{self, Scan};
use mdbook_jekyll::nav::NavFields;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Scan::Block(block) = frontmatter::find_block(text) {
        assert!(block.body_start <= text.len());
        assert!(text.is_char_boundary(block.body_start));
        if let Ok(map) = frontmatter::parse_yaml(block.yaml, 2) {
            let mut diags = Default::default();
            let _ = NavFields::read(&map, block.yaml, Path::new("p.md"), &mut diags);
            let _ = frontmatter::key_line(block.yaml, "parent");
        }
    }
});
