//! The protocol reader, then (for readable requests) the whole run and the reply.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;
use mdbook_jekyll::{preprocessor, protocol};

fuzz_target!(|data: &[u8]| {
    common::abort_on_uncaught_panics();
    let Ok(request) = protocol::read_request(data) else {
        return;
    };
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
