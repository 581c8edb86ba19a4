//! Front matter read ahead: parsed straight from the request's JSON text on the other core
//! while serde_json is still reading the book, so that YAML (the largest cost of a run after
//! the JSON itself) no longer waits for the whole book to be parsed. One thread does it, so
//! the parse of the request keeps a core of its own.
//!
//! It is a guess that [`ReadAhead::take`] checks: the front matter stage asks for the
//! parse of each chapter's YAML by its exact text, and parses the YAML itself when the
//! guess has nothing for it. A guess can only go unused, never change a result:
//! [`frontmatter::parse_yaml`] depends on nothing but the text.
//!
//! The guesses come from a scan for `"content":"---`, the way serde_json writes a chapter
//! whose text starts with a `---` line: each such string's first lines are decoded by
//! serde_json up to a line that may close the block, and [`frontmatter::find_block`]
//! decides.

use crate::frontmatter::{self, FrontMatterMap, Scan, YamlError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// How the start of a chapter's text looks in the request.
const OPENING: &[u8] = b"\"content\":\"---";

/// Escaped bytes of one chapter looked at, at most, for the end of its front matter; longer
/// front matter is parsed by the front matter stage as usual.
const MAX_SCAN: usize = 1 << 20;

/// What the YAML of one block parses to.
pub type Parsed = Result<FrontMatterMap, YamlError>;

/// The parses made ahead, by YAML text.
#[derive(Debug, Default)]
pub struct ReadAhead {
    parsed: HashMap<String, Parsed>,
}

impl ReadAhead {
    /// Finds the front matter blocks in `request` (the JSON text of a request) and parses
    /// them, in order, on the calling thread, until `stop` is set: the parse of the request
    /// sets it when it ends, and the front matter stage, on every core, parses what is left.
    pub fn scan(request: &[u8], stop: &AtomicBool) -> ReadAhead {
        let mut parsed = HashMap::new();
        for at in memchr::memmem::find_iter(request, OPENING) {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            // The string's text starts after the opening quote.
            if let Some(yaml) = front_matter_at(request, at + OPENING.len() - 3) {
                let result = frontmatter::parse_yaml(&yaml, 2);
                parsed.insert(yaml, result);
            }
        }
        ReadAhead { parsed }
    }

    /// The parse of the front matter `text` starts with, if it was made ahead (each parse
    /// is handed out once).
    pub fn take(&mut self, text: &str) -> Option<Parsed> {
        match frontmatter::find_block(text) {
            Scan::Block(block) => self.take_yaml(block.yaml),
            Scan::None | Scan::Unterminated => None,
        }
    }

    /// The parse of the front matter block whose YAML is `yaml`, if it was made ahead
    /// (each parse is handed out once).
    pub fn take_yaml(&mut self, yaml: &str) -> Option<Parsed> {
        self.parsed.remove(yaml)
    }

    /// How many parses are waiting to be taken.
    pub fn len(&self) -> usize {
        self.parsed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parsed.is_empty()
    }
}

/// The YAML of the front matter block at the start of the JSON string whose text begins at
/// `start`, decoded; `None` when no block is found within [`MAX_SCAN`] bytes. The text is
/// decoded once at most, up to the first line that closes the block, so a page full of
/// lines that only look like delimiters costs one pass.
fn front_matter_at(request: &[u8], start: usize) -> Option<String> {
    let limit = request.len().min(start.saturating_add(MAX_SCAN));
    let mut line_start = start;
    let mut pos = start;
    while pos < limit {
        let found = pos + memchr::memchr2(b'\\', b'"', &request[pos..limit])?;
        let line_end = match request[found] {
            // The end of the string: the text holds no more lines.
            b'"' => None,
            _ => match request.get(found + 1) {
                Some(b'n') => Some(found + 2),
                Some(b'u') => {
                    pos = found + 6;
                    continue;
                }
                Some(_) => {
                    pos = found + 2;
                    continue;
                }
                None => return None,
            },
        };
        let is_delimiter = escaped_delimiter(&request[line_start..found], line_start > start);
        if line_start == start && !is_delimiter {
            return None;
        }
        match line_end {
            None => {
                return is_delimiter
                    .then(|| block_of(request, start, found))
                    .flatten();
            }
            Some(next) if is_delimiter && line_start > start => {
                return block_of(request, start, next);
            }
            Some(next) => {
                pos = next;
                line_start = next;
            }
        }
    }
    None
}

/// Whether a line, as JSON escapes it, is a delimiter of front matter as
/// [`frontmatter::find_block`] reads one: `---` (or, to close, `...`), then spaces or tabs,
/// then perhaps a carriage return.
fn escaped_delimiter(line: &[u8], closing: bool) -> bool {
    let mut line = line.strip_suffix(b"\\r").unwrap_or(line);
    loop {
        if let Some(rest) = line.strip_suffix(b" ") {
            line = rest;
        } else if let Some(rest) = line.strip_suffix(b"\\t") {
            line = rest;
        } else {
            break;
        }
    }
    line == b"---" || (closing && line == b"...")
}

/// Decodes the escaped text `request[start..end]` (which must end on a whole escape) and
/// returns the YAML of its front matter block, if the text holds a complete one.
fn block_of(request: &[u8], start: usize, end: usize) -> Option<String> {
    let mut quoted = Vec::with_capacity(end - start + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(request.get(start..end)?);
    quoted.push(b'"');
    let text: String = serde_json::from_slice(&quoted).ok()?;
    match frontmatter::find_block(&text) {
        Scan::Block(block) => Some(block.yaml.to_string()),
        Scan::None | Scan::Unterminated => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request_with(contents: &[&str]) -> Vec<u8> {
        let items: Vec<_> = contents
            .iter()
            .map(|c| {
                json!({"Chapter": {"name": "x", "content": c, "number": null,
                "sub_items": [], "path": "x.md", "source_path": "x.md", "parent_names": []}})
            })
            .collect();
        serde_json::to_vec(&json!([{"root": "/"}, {"items": items}])).unwrap()
    }

    fn scan(contents: &[&str]) -> ReadAhead {
        ReadAhead::scan(&request_with(contents), &AtomicBool::new(false))
    }

    #[test]
    fn every_parse_made_ahead_is_the_parse_of_the_same_text() {
        let pages = [
            "---\ntitle: A\nnav_order: 2\n---\n# A\n",
            "---\r\ntitle: \"B \\\" quoted\"\r\n...\r\nbody",
            "---\ntitle: C\t# tab\ndesc: \"\\u00e9\"\n---",
            "---\ntitle: [unclosed\n---\ntext",
            "---\n--- not a delimiter: the next line is\ntitle: D\n---  \nx",
            "---\ntitle: E\n",
            "no front matter\n---\ntitle: F\n---\n",
        ];
        let mut ahead = scan(&pages);
        assert_eq!(ahead.len(), 5, "{ahead:?}");
        for page in pages {
            let expected = match frontmatter::find_block(page) {
                Scan::Block(block) => Some(frontmatter::parse_yaml(block.yaml, 2)),
                _ => None,
            };
            assert_eq!(ahead.take(page), expected, "{page:?}");
        }
        assert!(ahead.is_empty());
    }

    #[test]
    fn a_text_that_is_not_in_the_request_gets_nothing() {
        let mut ahead = scan(&["---\ntitle: A\n---\n"]);
        assert_eq!(ahead.take("---\ntitle: B\n---\n"), None);
        assert!(ahead.take("---\ntitle: A\n---\nother body").is_some());
        // Each parse is handed out once; the stage parses a second copy itself.
        assert_eq!(ahead.take("---\ntitle: A\n---\n"), None);
    }

    #[test]
    fn lines_that_only_look_like_delimiters_are_decoded_once() {
        // 100,000 lines that start like a delimiter but are not one, then the closing line.
        // Decoding the text so far at each of them (as a first version did) would decode
        // some 30 GB here, and the test would not end.
        let page = format!("---\n{}---\nbody", "---x\n".repeat(100_000));
        let mut ahead = scan(&[&page]);
        assert_eq!(ahead.len(), 1);
        assert!(ahead.take(&page).is_some());
        // Past `MAX_SCAN`, the stage parses the block itself.
        let longer = format!("---\n{}---\nbody", "---x\n".repeat(200_000));
        assert!(scan(&[&longer]).is_empty());
        let short = format!("---\n{}...\t \r\nbody", "---x\n...y\n".repeat(100));
        ahead = scan(&[&short]);
        assert_eq!(ahead.len(), 1);
        assert!(ahead.take(&short).is_some());
    }

    #[test]
    fn a_first_line_that_is_not_a_delimiter_is_no_block() {
        for page in [
            "---x\ntitle: A\n---\n",
            "---\t\r\ntitle: A\n---",
            "--- \ntitle: A\n--- ",
        ] {
            let mut ahead = scan(&[page]);
            let expected = match frontmatter::find_block(page) {
                Scan::Block(block) => Some(frontmatter::parse_yaml(block.yaml, 2)),
                _ => None,
            };
            assert_eq!(ahead.take(page), expected, "{page:?}");
        }
    }

    #[test]
    fn stopping_gives_nothing() {
        let ahead = ReadAhead::scan(&request_with(&["---\na: 1\n---\n"]), &AtomicBool::new(true));
        assert!(ahead.is_empty());
    }

    #[test]
    fn truncated_or_odd_json_is_no_guess_and_no_panic() {
        let full = request_with(&["---\ntitle: A\n---\nbody"]);
        for end in 0..full.len() {
            let _ = ReadAhead::scan(&full[..end], &AtomicBool::new(false));
        }
        for odd in [
            &b"\"content\":\"---\\"[..],
            b"\"content\":\"---\\u00",
            b"\"content\":\"---\\n---\\n",
        ] {
            let _ = ReadAhead::scan(odd, &AtomicBool::new(false));
        }
        let ahead = ReadAhead::scan(b"\"content\":\"---\\n---\\n", &AtomicBool::new(false));
        assert_eq!(ahead.len(), 1, "an empty block is a block");
    }
}
