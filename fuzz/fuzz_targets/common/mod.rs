//! What the protocol targets share.

use mdbook_jekyll::protocol::{self, Shape};
use mdbook_preprocessor::book::BookItem;

/// Writes the reply, whole and in batches, and checks both are byte for byte what
/// serde_json writes for mdBook's own types in the same shape.
pub fn assert_reply_is_serde_json(items: Vec<BookItem>, shape: Shape) {
    let json = serde_json::to_string(&items).unwrap();
    let expected = match shape {
        Shape::Items => format!("{{\"items\":{json}}}"),
        Shape::Sections {
            non_exhaustive: false,
        } => format!("{{\"sections\":{json}}}"),
        Shape::Sections {
            non_exhaustive: true,
        } => format!("{{\"sections\":{json},\"__non_exhaustive\":null}}"),
    };
    let whole = protocol::reply(items.clone(), shape).unwrap();
    assert_eq!(String::from_utf8(whole).unwrap(), expected);
    let mut out = Vec::new();
    protocol::write_reply(&mut out, items, shape).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), expected);
}
