//! The preprocessor protocol: `[context, book]` JSON in, the book JSON out, for mdBook 0.4
//! and 0.5 alike.
//!
//! mdBook 0.5 sends `{"items": [...]}`; 0.4 sends `{"sections": [...], "__non_exhaustive":
//! null}` and refuses a reply without `__non_exhaustive`. The two also serialize the
//! configuration differently. So the context is read field by field, tolerantly; the
//! version is checked as soon as the context is read (before the book, so an unsupported
//! version gets one clear line, not a serde error about a missing field); and the reply has
//! exactly the shape of the request. The input is parsed in one pass.
//!
//! Chapter text is most of the bytes. On the way out the rest of the reply is written
//! first with a hole for each text, each text's escaped length is counted, and the texts
//! are then escaped on every core straight into their places: the bytes are exactly those
//! `serde_json` writes for mdBook's types. (Reading the text as raw JSON and unescaping it
//! on every core was measured slower than serde_json's single pass, so the input is read in
//! that one pass.)

use mdbook_preprocessor::book::BookItem;
use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::fmt;
use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;

/// The mdBook versions this preprocessor speaks to, as users read it.
pub const SUPPORTED_VERSIONS: &str = "0.4.x and 0.5.x";

/// The context half of a request: only the fields the preprocessor uses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RequestContext {
    pub root: PathBuf,
    pub config: Value,
    pub renderer: String,
    pub mdbook_version: Option<String>,
}

/// How the book was wrapped, so the reply can be wrapped the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// mdBook 0.5: `{"items": [...]}`.
    Items,
    /// mdBook 0.4: `{"sections": [...]}`, with `"__non_exhaustive": null` when it was sent.
    Sections { non_exhaustive: bool },
}

/// A parsed request.
#[derive(Debug)]
pub struct Request {
    pub context: RequestContext,
    pub items: Vec<BookItem>,
    pub shape: Shape,
}

/// Why a request could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolError {
    /// The calling mdBook is not one this preprocessor supports.
    UnsupportedVersion(String),
    /// The context names no `mdbook_version`.
    MissingVersion,
    /// The input is not the JSON mdBook sends.
    Malformed(String),
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::UnsupportedVersion(seen) => write!(
                f,
                "mdbook-jekyll supports mdBook {SUPPORTED_VERSIONS}, but this is mdBook {seen}; \
                 install a supported mdBook or a newer mdbook-jekyll"
            ),
            ProtocolError::MissingVersion => write!(
                f,
                "the input from mdBook names no `mdbook_version`; mdbook-jekyll supports mdBook {SUPPORTED_VERSIONS}"
            ),
            ProtocolError::Malformed(why) => write!(
                f,
                "cannot read the book that mdBook sent on standard input ({why}); \
                 `mdbook-jekyll` without arguments is meant to be run by `mdbook build`"
            ),
        }
    }
}

impl std::error::Error for ProtocolError {}

/// Checks a version string against [`SUPPORTED_VERSIONS`].
pub fn check_version(version: &str) -> Result<semver::Version, ProtocolError> {
    let parsed = semver::Version::parse(version.trim())
        .map_err(|_| ProtocolError::UnsupportedVersion(version.to_string()))?;
    if parsed.major == 0 && (parsed.minor == 4 || parsed.minor == 5) {
        Ok(parsed)
    } else {
        Err(ProtocolError::UnsupportedVersion(version.to_string()))
    }
}

/// Parses a request (the whole of standard input).
pub fn read_request(input: &[u8]) -> Result<Request, ProtocolError> {
    read_request_with(input, |_| {})
}

/// Parses a request, handing its context to `on_context` as soon as the context is read and
/// its version accepted, before the book (most of the input) is parsed: work that needs only
/// the context can start beside the parse.
pub fn read_request_with(
    input: &[u8],
    on_context: impl FnOnce(&RequestContext),
) -> Result<Request, ProtocolError> {
    let mut refusal = None;
    let seed = RequestSeed {
        refusal: &mut refusal,
        on_context,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(input);
    let result = seed
        .deserialize(&mut deserializer)
        .and_then(|request| deserializer.end().map(|()| request));
    match (result, refusal) {
        (_, Some(refusal)) => Err(refusal),
        (Ok(request), None) => Ok(request),
        (Err(e), None) => Err(ProtocolError::Malformed(e.to_string())),
    }
}

/// What a request is, for serde's messages.
const EXPECTED: &str = "a JSON array [context, book]";

struct RequestSeed<'r, F> {
    refusal: &'r mut Option<ProtocolError>,
    on_context: F,
}

impl<'de, F: FnOnce(&RequestContext)> DeserializeSeed<'de> for RequestSeed<'_, F> {
    type Value = Request;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Request, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F: FnOnce(&RequestContext)> Visitor<'de> for RequestSeed<'_, F> {
    type Value = Request;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Request, A::Error> {
        let context: RequestContext = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &EXPECTED))?;
        let version = match &context.mdbook_version {
            None => Err(ProtocolError::MissingVersion),
            Some(v) => check_version(v),
        };
        if let Err(refusal) = version {
            *self.refusal = Some(refusal);
            return Err(de::Error::custom("unsupported mdBook version"));
        }
        (self.on_context)(&context);
        let book: WireBook = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &EXPECTED))?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        let (items, shape) = match (book.items, book.sections) {
            (Some(items), _) => (items, Shape::Items),
            (None, Some(sections)) => (
                sections,
                Shape::Sections {
                    non_exhaustive: book.non_exhaustive.0,
                },
            ),
            (None, None) => {
                return Err(de::Error::custom(
                    "the book has neither `items` (mdBook 0.5) nor `sections` (mdBook 0.4)",
                ));
            }
        };
        Ok(Request {
            context,
            items,
            shape,
        })
    }
}

/// The book object of either version.
#[derive(Deserialize)]
struct WireBook {
    #[serde(default)]
    items: Option<Vec<BookItem>>,
    #[serde(default)]
    sections: Option<Vec<BookItem>>,
    #[serde(default, rename = "__non_exhaustive")]
    non_exhaustive: Presence,
}

/// Every chapter's text, in the order of a depth-first walk (the order of the JSON).
fn contents_mut<'a>(items: &'a mut [BookItem], out: &mut Vec<&'a mut String>) {
    for item in items {
        if let BookItem::Chapter(chapter) = item {
            out.push(&mut chapter.content);
            contents_mut(&mut chapter.sub_items, out);
        }
    }
}

/// Whether a key was present, whatever its value (`null` included).
#[derive(Default)]
struct Presence(bool);

impl<'de> Deserialize<'de> for Presence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer).map(|_| Presence(true))
    }
}

/// Writes the book in the shape the request had: the bytes of [`reply`], a few megabytes
/// at a time. Each batch of chapters is filled on every core into one buffer, used again
/// for the next batch, so the reply is never held whole.
pub fn write_reply(mut out: impl Write, items: Vec<BookItem>, shape: Shape) -> std::io::Result<()> {
    /// Bytes of reply filled before they are written.
    const BATCH_BYTES: usize = 4 << 20;
    let layout = Layout::new(items, shape)?;
    let mut buffer = Vec::new();
    let mut parts = layout.parts.into_iter().peekable();
    while parts.peek().is_some() {
        // At least one part, however large; then as many as fit.
        let (mut batch, mut size) = (Vec::new(), 0);
        while let Some(part) =
            parts.next_if(|part| batch.is_empty() || size + part.size() <= BATCH_BYTES)
        {
            size += part.size();
            batch.push(part);
        }
        if buffer.len() < size {
            buffer.resize(size, 0);
        }
        fill(&mut buffer[..size], batch, &layout.skeleton)?;
        out.write_all(&buffer[..size])?;
    }
    out.write_all(&layout.skeleton[layout.tail..])
}

/// The book in the shape the request had: the same bytes as `serde_json` writes for
/// mdBook's types, built on every core straight into one buffer of the exact size.
pub fn reply(items: Vec<BookItem>, shape: Shape) -> std::io::Result<Vec<u8>> {
    let layout = Layout::new(items, shape)?;
    let tail = &layout.skeleton[layout.tail..];
    let body_size: usize = layout.parts.iter().map(Part::size).sum();
    let mut reply = vec![0; body_size + tail.len()];
    let (body, rest) = reply.split_at_mut(body_size);
    fill(body, layout.parts, &layout.skeleton)?;
    rest.copy_from_slice(tail);
    Ok(reply)
}

/// The reply, laid out before it is written. Chapter text is most of it, so everything
/// else (the skeleton) is written first, with a hole where each chapter's text goes, and
/// each text's escaped length is counted on every core. Each chapter's part of the reply
/// (the skeleton up to its hole, then its escaped text) then has a known place and size,
/// and the parts can be filled on every core.
struct Layout {
    skeleton: Vec<u8>,
    parts: Vec<Part>,
    /// Where the skeleton's last piece, after the last chapter's text, starts.
    tail: usize,
}

/// One chapter's part of the reply: the skeleton from the previous hole to this chapter's,
/// then its text escaped.
struct Part {
    skeleton: Range<usize>,
    text: String,
    escaped_len: usize,
}

impl Part {
    fn size(&self) -> usize {
        self.skeleton.len() + self.escaped_len
    }
}

impl Layout {
    fn new(mut items: Vec<BookItem>, shape: Shape) -> std::io::Result<Layout> {
        let mut contents = Vec::new();
        contents_mut(&mut items, &mut contents);
        let texts: Vec<String> = contents.into_iter().map(std::mem::take).collect();

        let mut skeleton = Vec::new();
        let mut holes = Vec::with_capacity(texts.len());
        skeleton.extend_from_slice(match shape {
            Shape::Items => b"{\"items\":",
            Shape::Sections { .. } => b"{\"sections\":",
        });
        write_items(&mut skeleton, &items, &mut holes)?;
        if shape
            == (Shape::Sections {
                non_exhaustive: true,
            })
        {
            skeleton.extend_from_slice(b",\"__non_exhaustive\":null");
        }
        skeleton.push(b'}');
        if holes.len() != texts.len() {
            return Err(walk_mismatch());
        }

        let lengths: Vec<usize> = texts.par_iter().map(|t| escaped_len(t)).collect();
        let mut start = 0;
        let parts = texts
            .into_iter()
            .zip(holes)
            .zip(lengths)
            .map(|((text, hole), escaped_len)| {
                let part = Part {
                    skeleton: start..hole,
                    text,
                    escaped_len,
                };
                start = hole;
                part
            })
            .collect();
        Ok(Layout {
            skeleton,
            parts,
            tail: start,
        })
    }
}

/// Fills `buffer` (exactly the parts' size) with `parts`, on every core, releasing each
/// text once written.
fn fill(buffer: &mut [u8], parts: Vec<Part>, skeleton: &[u8]) -> std::io::Result<()> {
    let mut slices = Vec::with_capacity(parts.len());
    let mut rest = buffer;
    for part in parts {
        let (slice, after) = std::mem::take(&mut rest).split_at_mut(part.size());
        slices.push((slice, part));
        rest = after;
    }
    slices
        .into_par_iter()
        .try_for_each(|(slice, part)| -> std::io::Result<()> {
            let (head, mut body) = slice.split_at_mut(part.skeleton.len());
            head.copy_from_slice(&skeleton[part.skeleton]);
            // The counted length and serde_json's escaping must agree to the byte: writing
            // into the slice fails if it is too short, and leaves some of it if too long.
            let written = serde_json::to_writer(&mut body, &part.text);
            if written.is_ok() && body.is_empty() {
                Ok(())
            } else {
                Err(internal_error("a chapter's escaped length was miscounted"))
            }
        })
}

/// The length of `text` as a JSON string written by `serde_json`, quotes included: `"`, a
/// backslash and the control characters with a short form (`\b`, `\t`, `\n`, `\f`, `\r`)
/// take two bytes, the other control characters six (`\u001f`), every other byte one.
fn escaped_len(text: &str) -> usize {
    // Branch-free, so the compiler can count many bytes at once; at most 255 bytes a
    // chunk, so a byte-sized count cannot overflow.
    let extra: usize = text
        .as_bytes()
        .chunks(255)
        .map(|chunk| {
            let (mut short, mut long) = (0u8, 0u8);
            for &b in chunk {
                let control = b < 0x20;
                short += u8::from(control | (b == b'"') | (b == b'\\'));
                long += u8::from(control & !matches!(b, 0x08 | b'\t' | b'\n' | 0x0c | b'\r'));
            }
            usize::from(short) + 4 * usize::from(long)
        })
        .sum();
    text.len() + extra + 2
}

/// The two walks over the book (taking the texts, writing the items) disagree: a bug, but
/// one that must fail the write rather than put a text in the wrong chapter.
fn walk_mismatch() -> std::io::Error {
    internal_error("chapter texts and chapters out of step")
}

/// A bug found while writing the reply: the write fails rather than send a wrong book.
fn internal_error(what: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("internal error: {what}; please report this bug"),
    )
}

/// mdBook's `BookItem`s, field by field in the order of mdBook's derived `Serialize`, with
/// a hole where each chapter's text goes: its offset is pushed on `holes` (in the walk
/// order of [`contents_mut`]).
fn write_items(
    out: &mut Vec<u8>,
    items: &[BookItem],
    holes: &mut Vec<usize>,
) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        match item {
            BookItem::Chapter(c) => {
                out.write_all(b"{\"Chapter\":{\"name\":")?;
                serde_json::to_writer(&mut *out, &c.name)?;
                out.write_all(b",\"content\":")?;
                holes.push(out.len());
                out.write_all(b",\"number\":")?;
                serde_json::to_writer(&mut *out, &c.number)?;
                out.write_all(b",\"sub_items\":")?;
                write_items(out, &c.sub_items, holes)?;
                out.write_all(b",\"path\":")?;
                serde_json::to_writer(&mut *out, &c.path)?;
                out.write_all(b",\"source_path\":")?;
                serde_json::to_writer(&mut *out, &c.source_path)?;
                out.write_all(b",\"parent_names\":")?;
                serde_json::to_writer(&mut *out, &c.parent_names)?;
                out.write_all(b"}}")?;
            }
            BookItem::Separator => out.write_all(b"\"Separator\"")?,
            BookItem::PartTitle(title) => {
                out.write_all(b"{\"PartTitle\":")?;
                serde_json::to_writer(&mut *out, title)?;
                out.write_all(b"}")?;
            }
        }
    }
    out.write_all(b"]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook_preprocessor::book::{Chapter, SectionNumber};

    const CHAPTER: &str = r#"{"Chapter":{"name":"A","content":"x","number":[1],"sub_items":[],"path":"a.md","source_path":"a.md","parent_names":[]}}"#;

    fn request(version: &str, book: &str) -> String {
        format!(
            r#"[{{"root":"/b","config":{{"book":{{"src":"src"}}}},"renderer":"html","mdbook_version":"{version}"}},{book}]"#
        )
    }

    #[test]
    fn reads_and_answers_mdbook_05() {
        let input = request("0.5.4", &format!(r#"{{"items":[{CHAPTER},"Separator"]}}"#));
        let req = read_request(input.as_bytes()).unwrap();
        assert_eq!(req.shape, Shape::Items);
        assert_eq!(req.items.len(), 2);
        assert_eq!(req.context.renderer, "html");
        let mut out = Vec::new();
        write_reply(&mut out, req.items, req.shape).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(r#"{"items":["#), "{text}");
        assert!(!text.contains("sections"));
    }

    #[test]
    fn reads_and_answers_mdbook_04() {
        let input = request(
            "0.4.52",
            &format!(r#"{{"sections":[{CHAPTER}],"__non_exhaustive":null}}"#),
        );
        let req = read_request(input.as_bytes()).unwrap();
        assert_eq!(
            req.shape,
            Shape::Sections {
                non_exhaustive: true
            }
        );
        let mut out = Vec::new();
        write_reply(&mut out, req.items, req.shape).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(r#"{"sections":["#), "{text}");
        assert!(text.ends_with(r#","__non_exhaustive":null}"#), "{text}");
    }

    #[test]
    fn old_04_without_non_exhaustive_gets_none_back() {
        let input = request("0.4.10", &format!(r#"{{"sections":[{CHAPTER}]}}"#));
        let req = read_request(input.as_bytes()).unwrap();
        let mut out = Vec::new();
        write_reply(&mut out, req.items, req.shape).unwrap();
        assert!(!String::from_utf8(out).unwrap().contains("__non_exhaustive"));
    }

    #[test]
    fn unsupported_versions_get_one_clear_line() {
        for version in ["0.6.0", "1.0.0", "0.3.7", "banana"] {
            // The book is in a shape no version sends: the version must be checked first.
            let input = request(version, r#"{"pages":[]}"#);
            let err = read_request(input.as_bytes()).unwrap_err();
            assert_eq!(err, ProtocolError::UnsupportedVersion(version.to_string()));
            let text = err.to_string();
            assert!(
                text.contains("0.4.x and 0.5.x") && text.contains(version),
                "{text}"
            );
            assert!(!text.contains('\n'));
        }
    }

    #[test]
    fn missing_version_is_named() {
        let input = r#"[{"root":"/b"},{"items":[]}]"#;
        assert_eq!(
            read_request(input.as_bytes()).unwrap_err(),
            ProtocolError::MissingVersion
        );
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        for input in [
            "",
            "[",
            "{}",
            "[1,2]",
            "null",
            "[{\"mdbook_version\":\"0.5.0\"}]",
        ] {
            match read_request(input.as_bytes()) {
                Err(ProtocolError::Malformed(_) | ProtocolError::MissingVersion) => {}
                other => panic!("{input:?} gave {other:?}"),
            }
        }
        let truncated = request("0.5.4", &format!(r#"{{"items":[{CHAPTER}"#));
        assert!(matches!(
            read_request(truncated.as_bytes()),
            Err(ProtocolError::Malformed(_))
        ));
    }

    /// A nested book whose text needs every kind of JSON escape.
    fn awkward_book() -> Vec<BookItem> {
        let mut inner = Chapter::new(
            "Inner \"quoted\"",
            "tab\there\r\nnul\u{0}, \u{1f} and \\ and \u{2028} and é and 🦀\n".into(),
            "a/inner.md",
            vec!["Outer".into()],
        );
        inner.number = Some(SectionNumber::new(vec![1, 2]));
        let mut outer = Chapter::new("Outer", String::new(), "a.md", vec![]);
        outer.sub_items = vec![BookItem::Chapter(inner), BookItem::Separator];
        let draft = Chapter::new_draft("Draft", vec![]);
        vec![
            BookItem::PartTitle("Part </script>".into()),
            BookItem::Chapter(outer),
            BookItem::Chapter(draft),
        ]
    }

    /// The book as serde_json writes mdBook 0.5's `Book`.
    fn book_json(items: &[BookItem]) -> String {
        serde_json::to_string(&mdbook_preprocessor::book::Book::new_with_items(
            items.to_vec(),
        ))
        .unwrap()
    }

    #[test]
    fn reply_is_byte_for_byte_what_serde_json_writes_for_mdbook_types() {
        let items = awkward_book();
        let expected = book_json(&items);
        let mut out = Vec::new();
        write_reply(&mut out, items.clone(), Shape::Items).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);

        let sections = serde_json::to_string(&items).unwrap();
        let mut out = Vec::new();
        let shape = Shape::Sections {
            non_exhaustive: true,
        };
        write_reply(&mut out, items, shape).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(r#"{{"sections":{sections},"__non_exhaustive":null}}"#)
        );
    }

    #[test]
    fn reply_written_in_batches_is_the_whole_reply() {
        // Chapters smaller than a batch, one larger, and text that needs escapes, so the
        // batches split in every way.
        let sizes = [3 << 20, 1, 2 << 20, 9 << 20, 0, 5 << 20];
        let items: Vec<BookItem> = sizes
            .iter()
            .enumerate()
            .map(|(i, &size)| {
                let text: String = "a\"\n\u{1}é".chars().cycle().take(size).collect();
                BookItem::Chapter(Chapter::new(&format!("C{i}"), text, "c.md", vec![]))
            })
            .collect();
        let expected = book_json(&items);
        let whole = reply(items.clone(), Shape::Items).unwrap();
        assert!(
            whole == expected.as_bytes(),
            "reply differs from serde_json"
        );
        let mut streamed = Vec::new();
        write_reply(&mut streamed, items, Shape::Items).unwrap();
        assert!(
            streamed == whole,
            "batched reply differs from the whole reply"
        );
    }

    #[test]
    fn a_miscounted_length_fails_the_write() {
        // "a\n" is written as `"a\n"`: 5 bytes. One too few or one too many is a bug
        // that must fail, not send a truncated or padded book.
        for wrong in [4, 6] {
            let part = Part {
                skeleton: 0..0,
                text: "a\n".into(),
                escaped_len: wrong,
            };
            let mut buffer = vec![0; wrong];
            let err = fill(&mut buffer, vec![part], b"").unwrap_err();
            assert!(err.to_string().contains("miscounted"), "{err}");
        }
        assert_eq!(escaped_len("a\n"), 5);
    }

    #[test]
    fn escaped_length_is_the_length_serde_json_writes() {
        let every_ascii: String = (0u8..128).map(char::from).collect();
        for text in [&every_ascii[..], "", "é🦀\u{2028}\u{7f}", "\"\\\"", "plain"] {
            assert_eq!(
                escaped_len(text),
                serde_json::to_string(text).unwrap().len(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn chapters_come_back_in_order_and_intact() {
        let items = awkward_book();
        let book = book_json(&items);
        let req = read_request(request("0.5.4", &book).as_bytes()).unwrap();
        assert_eq!(req.items, items);
        // A chapter whose text is not a JSON string is refused like any malformed input.
        let bad = book.replacen(r#""content":"""#, r#""content":7"#, 1);
        assert!(matches!(
            read_request(request("0.5.4", &bad).as_bytes()),
            Err(ProtocolError::Malformed(_))
        ));
    }

    #[test]
    fn prerelease_of_a_supported_minor_is_accepted() {
        assert!(check_version("0.5.0-alpha.1").is_ok());
        assert!(check_version("0.4.52").is_ok());
    }
}
