//! The protocol reader, then (for readable requests) the front matter read ahead from the
//! request's text, the whole run and the reply.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;
use mdbook_jekyll::frontmatter::{self, Scan};
use mdbook_jekyll::read_ahead::ReadAhead;
use mdbook_jekyll::{preprocessor, protocol};
use mdbook_preprocessor::book::BookItem;
use std::sync::atomic::AtomicBool;

fuzz_target!(|data: &[u8]| {
    common::abort_on_uncaught_panics();
    let mut ahead = ReadAhead::scan(data, &AtomicBool::new(false));
    let Ok(request) = protocol::read_request(data) else {
        return;
    };
    // Each parse made ahead that a chapter takes is the parse of that chapter's own block.
    let mut contents = Vec::new();
    contents_of(&request.items, &mut contents);
    for content in contents {
        if let Some(parsed) = ahead.take(&content) {
            let Scan::Block(block) = frontmatter::find_block(&content) else {
                panic!("a parse was handed out for a chapter without front matter");
            };
            assert_eq!(parsed, frontmatter::parse_yaml(block.yaml, 2), "{content:?}");
        }
    }
    // Run in an empty folder, whatever root the input names.
    let root = std::env::temp_dir().join(format!(
        "mdbook-jekyll-fuzz-protocol-{}",
        std::process::id()
    ));
    let processed = preprocessor::process(
        root,
        &request.context.config,
        &request.context.renderer,
        request.context.mdbook_version.as_deref(),
        request.items,
    );
    // The reply is byte for byte what serde_json writes for mdBook's own types.
    common::assert_reply_is_serde_json(processed.items, request.shape);
});

fn contents_of(items: &[BookItem], out: &mut Vec<String>) {
    for item in items {
        if let BookItem::Chapter(chapter) = item {
            out.push(chapter.content.clone());
            contents_of(&chapter.sub_items, out);
        }
    }
}
