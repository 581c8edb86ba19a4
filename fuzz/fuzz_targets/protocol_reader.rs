//! The protocol reader alone: any bytes on standard input. A readable request is written
//! back unchanged, byte for byte as serde_json writes mdBook's types.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdbook_jekyll::protocol;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = protocol::read_request(data) else {
        return;
    };
    let items = serde_json::to_string(&request.items).unwrap();
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
    protocol::write_reply(&mut out, request.items, request.shape).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), expected);
});
