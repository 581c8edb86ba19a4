//! The protocol reader alone: any bytes on standard input. A readable request is written
//! back unchanged, byte for byte as serde_json writes mdBook's types.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;
use mdbook_jekyll::protocol;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = protocol::read_request(data) else {
        return;
    };
    common::assert_reply_is_serde_json(request.items, request.shape);
});
