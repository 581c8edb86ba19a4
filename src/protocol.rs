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
//! Chapter text is most of the bytes. On the way out it is escaped on every core and the
//! reply is written around it: the bytes are exactly those `serde_json` writes for
//! mdBook's types. (Reading the text as raw JSON and unescaping it on every core was
//! measured slower than serde_json's single pass, so the input is read in that one pass.)

use mdbook_preprocessor::book::BookItem;
use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::fmt;
use std::io::Write;
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
    let mut refusal = None;
    let seed = RequestSeed {
        refusal: &mut refusal,
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

struct RequestSeed<'r> {
    refusal: &'r mut Option<ProtocolError>,
}

impl<'de> DeserializeSeed<'de> for RequestSeed<'_> {
    type Value = Request;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Request, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RequestSeed<'_> {
    type Value = Request;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array [context, book]")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Request, A::Error> {
        let context: RequestContext = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let version = match &context.mdbook_version {
            None => Err(ProtocolError::MissingVersion),
            Some(v) => check_version(v),
        };
        if let Err(refusal) = version {
            *self.refusal = Some(refusal);
            return Err(de::Error::custom("unsupported mdBook version"));
        }
        let book: WireBook = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
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

/// Writes the book in the shape the request had: the same bytes as `serde_json` writes
/// for mdBook's types. Chapter text is escaped on every core, a batch of chapters at a
/// time, and written around the rest; each chapter's text is released once escaped, so the
/// reply is never held whole.
pub fn write_reply(
    mut out: impl Write,
    mut items: Vec<BookItem>,
    shape: Shape,
) -> std::io::Result<()> {
    let mut contents = Vec::new();
    contents_mut(&mut items, &mut contents);
    let texts: Vec<String> = contents.into_iter().map(std::mem::take).collect();
    let mut escaped = Escaped {
        texts: texts.into_iter(),
        batch: Vec::new().into_iter(),
    };
    out.write_all(match shape {
        Shape::Items => b"{\"items\":",
        Shape::Sections { .. } => b"{\"sections\":",
    })?;
    write_items(&mut out, &items, &mut escaped)?;
    if escaped.texts.len() + escaped.batch.len() > 0 {
        return Err(walk_mismatch());
    }
    if shape
        == (Shape::Sections {
            non_exhaustive: true,
        })
    {
        out.write_all(b",\"__non_exhaustive\":null")?;
    }
    out.write_all(b"}")
}

/// Chapter texts as JSON strings, in order, escaped in parallel batches.
struct Escaped {
    texts: std::vec::IntoIter<String>,
    batch: std::vec::IntoIter<Vec<u8>>,
}

impl Escaped {
    /// Chapters escaped together: enough to keep every core busy, few enough that a batch
    /// stays small (a few megabytes for pages of usual size).
    const BATCH: usize = 256;

    fn next(&mut self) -> std::io::Result<Vec<u8>> {
        if let Some(json) = self.batch.next() {
            return Ok(json);
        }
        let texts: Vec<String> = self.texts.by_ref().take(Self::BATCH).collect();
        let batch: Vec<Vec<u8>> = texts
            .into_par_iter()
            .map(|text| {
                let mut json = Vec::with_capacity(text.len() + text.len() / 8 + 2);
                serde_json::to_writer(&mut json, &text).map(|()| json)
            })
            .collect::<serde_json::Result<_>>()?;
        self.batch = batch.into_iter();
        self.batch.next().ok_or_else(walk_mismatch)
    }
}

/// The two walks over the book (taking the texts, writing the items) disagree: a bug, but
/// one that must fail the write rather than put a text in the wrong chapter.
fn walk_mismatch() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        "internal error: chapter texts and chapters out of step; please report this bug",
    )
}

/// mdBook's `BookItem`s, field by field in the order of mdBook's derived `Serialize`, the
/// chapters' text taken escaped from `escaped` (in the walk order of [`contents_mut`]).
fn write_items<W: Write>(
    out: &mut W,
    items: &[BookItem],
    escaped: &mut Escaped,
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
                out.write_all(&escaped.next()?)?;
                out.write_all(b",\"number\":")?;
                serde_json::to_writer(&mut *out, &c.number)?;
                out.write_all(b",\"sub_items\":")?;
                write_items(out, &c.sub_items, escaped)?;
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
