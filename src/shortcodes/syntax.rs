//! Reading shortcode tags: `{{#name "positional" key="value"}}` and `{{/name}}`.
//!
//! Values are double-quoted; inside them `\"` is a quote and `\\` a backslash (any other
//! backslash is kept as written). A tag whose name is not one this preprocessor handles is
//! not read at all, so mdBook's `{{#include file.md:2:5}}` and other preprocessors' tags pass
//! through untouched.

use std::ops::Range;

/// An opening tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub name: String,
    pub positional: Option<String>,
    pub named: Vec<(String, String)>,
    /// The tag's bytes in the page.
    pub range: Range<usize>,
}

impl Call {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.named
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A tag found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag {
    Open(Call),
    Close { name: String, range: Range<usize> },
}

impl Tag {
    pub fn range(&self) -> &Range<usize> {
        match self {
            Tag::Open(call) => &call.range,
            Tag::Close { range, .. } => range,
        }
    }
}

/// A malformed tag: where (byte offset in the page) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Reads the tag that starts at `at` (where `text[at..]` starts with `{{#` or `{{/`).
/// `None` when it is not a tag of one of `known` names (not ours: left alone).
pub fn read_tag(
    text: &str,
    at: usize,
    known: &dyn Fn(&str) -> bool,
) -> Option<Result<Tag, SyntaxError>> {
    let bytes = text.as_bytes();
    let closing = match bytes.get(at + 2) {
        Some(b'#') => false,
        Some(b'/') => true,
        _ => return None,
    };
    let name_start = at + 3;
    let name_end = name_start
        + bytes[name_start..]
            .iter()
            .take_while(|&&b| is_name_byte(b))
            .count();
    let name = &text[name_start..name_end];
    if name.is_empty() || !known(name) {
        return None;
    }
    let mut pos = name_end;
    if closing {
        pos = skip_spaces(bytes, pos);
        return Some(if text[pos..].starts_with("}}") {
            Ok(Tag::Close {
                name: name.to_string(),
                range: at..pos + 2,
            })
        } else {
            Err(SyntaxError {
                offset: at,
                message: format!("`{{{{/{name}` must end with `}}}}`"),
            })
        });
    }
    match bytes.get(pos) {
        Some(b'}') | Some(b' ') | Some(b'\t') | Some(b'\n') | Some(b'\r') => {}
        _ => return None,
    }
    let mut call = Call {
        name: name.to_string(),
        positional: None,
        named: Vec::new(),
        range: at..at,
    };
    loop {
        pos = skip_spaces(bytes, pos);
        if text[pos..].starts_with("}}") {
            call.range = at..pos + 2;
            return Some(Ok(Tag::Open(call)));
        }
        let error = |offset: usize, message: String| Some(Err(SyntaxError { offset, message }));
        match bytes.get(pos) {
            None => {
                return error(at, format!("`{{{{#{name}` is never closed with `}}}}`"));
            }
            Some(b'"') => {
                let Some((value, end)) = read_quoted(text, pos) else {
                    return error(
                        pos,
                        "a quoted value is never closed: add the closing `\"`".to_string(),
                    );
                };
                if call.positional.is_some() {
                    return error(
                        pos,
                        format!(
                            "`{name}` takes at most one unnamed value; name the others (`key=\"value\"`)"
                        ),
                    );
                }
                call.positional = Some(value);
                pos = end;
            }
            Some(b) if b.is_ascii_alphabetic() => {
                let key_end = pos
                    + bytes[pos..]
                        .iter()
                        .take_while(|&&b| is_name_byte(b))
                        .count();
                let key = &text[pos..key_end];
                if bytes.get(key_end) != Some(&b'=') || bytes.get(key_end + 1) != Some(&b'"') {
                    return error(
                        pos,
                        format!(
                            "write the argument as {key}=\"value\", with the value in double quotes"
                        ),
                    );
                }
                let Some((value, end)) = read_quoted(text, key_end + 1) else {
                    return error(
                        key_end + 1,
                        "a quoted value is never closed: add the closing `\"`".to_string(),
                    );
                };
                call.named.push((key.to_string(), value));
                pos = end;
            }
            Some(_) => {
                let shown: String = text[pos..].chars().take(12).collect();
                return error(
                    pos,
                    format!(
                        "unexpected `{shown}` in `{{{{#{name} ...}}}}`: arguments are key=\"value\" or one \"value\""
                    ),
                );
            }
        }
    }
}

fn skip_spaces(bytes: &[u8], mut pos: usize) -> usize {
    while matches!(bytes.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        pos += 1;
    }
    pos
}

/// Reads `"..."` at `start`; returns the unescaped value and the offset after the quote.
fn read_quoted(text: &str, start: usize) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = text[start + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, start + 1 + i + 1)),
            '\\' => match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, other)) => {
                    value.push('\\');
                    value.push(other);
                }
                None => return None,
            },
            // A value does not run past the end of the paragraph.
            '\n' if text[start + 1 + i + 1..].starts_with('\n') => return None,
            _ => value.push(c),
        }
    }
    None
}

/// Whether a byte may be part of a shortcode's name: letters, digits, `-` and `_`.
pub(crate) fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(name: &str) -> bool {
        matches!(name, "best-practices" | "service-card" | "service-cards")
    }

    fn read(text: &str) -> Option<Result<Tag, SyntaxError>> {
        read_tag(text, 0, &ours)
    }

    fn call(text: &str) -> Call {
        match read(text) {
            Some(Ok(Tag::Open(call))) => call,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn bare_and_with_arguments() {
        assert_eq!(call("{{#best-practices}}").range, 0..19);
        let c = call(r#"{{#service-card name="AWS \"X\"" description="a\\b c\d"}}"#);
        assert_eq!(c.get("name"), Some("AWS \"X\""));
        assert_eq!(c.get("description"), Some("a\\b c\\d"));
        let c = call("{{#service-card \"AWS Secrets Manager\"}}");
        assert_eq!(c.positional.as_deref(), Some("AWS Secrets Manager"));
        let c = call("{{#best-practices\n  of=\"SEC03 - x\" }}");
        assert_eq!(c.get("of"), Some("SEC03 - x"));
    }

    #[test]
    fn closing_tags() {
        assert_eq!(
            read("{{/service-card}}"),
            Some(Ok(Tag::Close {
                name: "service-card".into(),
                range: 0..17
            }))
        );
    }

    #[test]
    fn other_names_are_not_ours() {
        assert_eq!(read("{{#include file.md:2:5}}"), None);
        assert_eq!(read("{{#title Hello}}"), None);
        assert_eq!(read("{{#best-practicesX}}"), None);
        assert_eq!(read("{{ page.title }}"), None);
        assert_eq!(read("{{#}}"), None);
    }

    #[test]
    fn malformed_tags_are_errors() {
        for bad in [
            "{{#service-card name=\"open}}",
            "{{#service-card name=unquoted}}",
            "{{#service-card \"a\" \"b\"}}",
            "{{#best-practices of=\"x\"",
            "{{#best-practices !}}",
            "{{/service-card",
        ] {
            assert!(matches!(read(bad), Some(Err(_))), "{bad}");
        }
        let Some(Err(e)) = read("{{#service-card name=\"x\" description=\"open}}") else {
            panic!()
        };
        assert_eq!(e.offset, 37);
    }
}
