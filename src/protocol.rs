//! The preprocessor protocol: `[context, book]` JSON in, the book JSON out, for mdBook 0.4
//! and 0.5 alike.
//!
//! mdBook 0.5 sends `{"items": [...]}`; 0.4 sends `{"sections": [...], "__non_exhaustive":
//! null}` and refuses a reply without `__non_exhaustive`. The two also serialize the
//! configuration differently. So the context is read field by field, tolerantly; the
//! version is checked as soon as the context is read (before the book, so an unsupported
//! version gets one clear line, not a serde error about a missing field); and the reply has
//! exactly the shape of the request. The input is parsed in one pass.

use mdbook_preprocessor::book::BookItem;
use serde::de::{self, DeserializeSeed, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
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

/// Whether a key was present, whatever its value (`null` included).
#[derive(Default)]
struct Presence(bool);

impl<'de> Deserialize<'de> for Presence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer).map(|_| Presence(true))
    }
}

#[derive(Serialize)]
struct ItemsReply<'a> {
    items: &'a [BookItem],
}

#[derive(Serialize)]
struct SectionsReply<'a> {
    sections: &'a [BookItem],
}

#[derive(Serialize)]
struct SectionsReplyNonExhaustive<'a> {
    sections: &'a [BookItem],
    __non_exhaustive: (),
}

/// Writes the book in the shape the request had.
pub fn write_reply(out: impl Write, items: &[BookItem], shape: Shape) -> serde_json::Result<()> {
    match shape {
        Shape::Items => serde_json::to_writer(out, &ItemsReply { items }),
        Shape::Sections {
            non_exhaustive: false,
        } => serde_json::to_writer(out, &SectionsReply { sections: items }),
        Shape::Sections {
            non_exhaustive: true,
        } => serde_json::to_writer(
            out,
            &SectionsReplyNonExhaustive {
                sections: items,
                __non_exhaustive: (),
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        write_reply(&mut out, &req.items, req.shape).unwrap();
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
        write_reply(&mut out, &req.items, req.shape).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(r#"{"sections":["#), "{text}");
        assert!(text.ends_with(r#","__non_exhaustive":null}"#), "{text}");
    }

    #[test]
    fn old_04_without_non_exhaustive_gets_none_back() {
        let input = request("0.4.10", &format!(r#"{{"sections":[{CHAPTER}]}}"#));
        let req = read_request(input.as_bytes()).unwrap();
        let mut out = Vec::new();
        write_reply(&mut out, &req.items, req.shape).unwrap();
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

    #[test]
    fn prerelease_of_a_supported_minor_is_accepted() {
        assert!(check_version("0.5.0-alpha.1").is_ok());
        assert!(check_version("0.4.52").is_ok());
    }
}
