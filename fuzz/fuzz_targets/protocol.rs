//! The protocol reader, then (for readable requests) the whole run and the reply.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_jekyll::{preprocessor, protocol};

fuzz_target!(|data: &[u8]| {
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
    let items = serde_json::to_string(&processed.items).unwrap();
    let expected = match request.shape {
        protocol::Shape::Items => format!("{{\"items\":{items}}}"),
        protocol::Shape::Sections {
            non_exhaustive: false,
        } => format!("{{\"sections\":{items}}}"),
        protocol::Shape::Sections {
            non_exhaustive: true,
        } => format!("{{\"sections\":{items},\"__non_exhaustive\":null}}"),
    };
    let mut out = Vec::new();
    protocol::write_reply(&mut out, processed.items, request.shape).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), expected);
});
