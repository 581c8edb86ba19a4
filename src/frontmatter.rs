//! Jekyll front matter: finding the block at the top of a page and parsing it.
//!
//! A page has front matter when its first line is `---` (after an optional UTF-8 byte order
//! mark) and a later line is `---` or `...`. Everything between is YAML, parsed with a real
//! YAML parser (`serde-saphyr`; booleans and leading zeros as Jekyll's Psych reads them) under a
//! resource budget, so alias bombs and deep nesting fail fast instead of eating memory.
//! The values keep their YAML types: `nav_order: 10` is a number, `nav_order: "10"` a string.

use serde_json::{Map, Value};

/// The parsed keys of a front matter block, looked up by name.
pub type FrontMatterMap = Map<String, Value>;

/// Where a front matter block sits in a page's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// The YAML between the delimiter lines (line ends as in the source).
    pub yaml: &'a str,
    /// Byte offset in the page where the body (after the closing delimiter line) starts.
    pub body_start: usize,
    /// Number of source lines the block occupies, delimiters included; the body's first line
    /// is line `lines + 1` of the file.
    pub lines: usize,
}

/// What [`find_block`] saw at the top of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scan<'a> {
    /// The page does not start with a `---` line: no front matter.
    None,
    /// A complete block.
    Block(Block<'a>),
    /// The page starts with `---` but no closing `---` / `...` line follows.
    Unterminated,
}

const BOM: &str = "\u{feff}";

/// Finds the front matter block at the top of `text`, if any. Cheap when there is none:
/// only the first line is looked at.
pub fn find_block(text: &str) -> Scan<'_> {
    let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let rest = &text[start..];
    let Some((first, after_first)) = next_line(rest) else {
        return Scan::None;
    };
    if !is_delimiter(first, false) {
        return Scan::None;
    }
    let yaml_start = start + after_first;
    let mut pos = yaml_start;
    let mut lines = 1;
    while let Some((line, len)) = next_line(&text[pos..]) {
        lines += 1;
        if is_delimiter(line, true) {
            return Scan::Block(Block {
                yaml: &text[yaml_start..pos],
                body_start: pos + len,
                lines,
            });
        }
        pos += len;
    }
    Scan::Unterminated
}

/// Splits off the next line: returns the line without its end (`\n` or `\r\n`) and the
/// number of bytes consumed, line end included. `None` at the end of the text.
fn next_line(text: &str) -> Option<(&str, usize)> {
    if text.is_empty() {
        return None;
    }
    Some(match memchr::memchr(b'\n', text.as_bytes()) {
        Some(i) => (text[..i].strip_suffix('\r').unwrap_or(&text[..i]), i + 1),
        None => (text, text.len()),
    })
}

/// `---` (or, to close a block, `...`), optionally followed by spaces or tabs, as Jekyll's
/// front matter pattern accepts.
fn is_delimiter(line: &str, closing: bool) -> bool {
    let trimmed = line.trim_end_matches([' ', '\t']);
    trimmed == "---" || (closing && trimmed == "...")
}

/// A YAML problem, positioned in the page's own lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line in the page file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What the parser said, without its own position suffix.
    pub message: String,
}

/// Parses YAML into a map. An empty document (or one holding only comments) is an empty
/// map; YAML that is not a mapping is an error, as in Jekyll. `first_line` is the file line
/// of the YAML's first line (2 for front matter, after the `---` line), so errors name the
/// line of the file.
pub fn parse_yaml(yaml: &str, first_line: usize) -> Result<FrontMatterMap, YamlError> {
    match read_yaml(yaml, false) {
        Ok(Value::Object(mut map)) => {
            read_as_psych(yaml, &mut map);
            Ok(map)
        }
        Ok(Value::Null) => Ok(Map::new()),
        Ok(other) => Err(YamlError {
            line: first_line,
            column: 1,
            message: format!(
                "the YAML must be a mapping of `key: value` lines, found {}",
                kind_of(&other)
            ),
        }),
        Err(err) => {
            let (line, column) = err
                .location()
                .map(|l| (l.line() as usize, l.column() as usize))
                .filter(|&(line, _)| line > 0)
                .unwrap_or((1, 1));
            if let Some(message) = second_document_message(&err) {
                // The parser points past the marker line; the writer must change that line.
                let marker = yaml
                    .lines()
                    .take(line)
                    .enumerate()
                    .filter(|(_, text)| text.starts_with("---"))
                    .last()
                    .map_or(line, |(i, _)| i + 1);
                return Err(YamlError {
                    line: marker + first_line - 1,
                    column: 1,
                    message,
                });
            }
            Err(YamlError {
                line: line + first_line - 1,
                column,
                message: budget_message(&err)
                    .or_else(|| tag_message(&err))
                    .unwrap_or_else(|| strip_position(&err.to_string())),
            })
        }
    }
}

/// Reads YAML as JSON values with [`options`]`(as_written)`. serde_json's own reading is the
/// fast one, but takes only text as mapping keys; front matter that it cannot read (another
/// key, rare, or invalid YAML) is read again with [`ScalarKeys`], whose error is reported.
fn read_yaml(yaml: &str, as_written: bool) -> Result<Value, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options::<Value>(yaml, options(as_written)).or_else(|_| {
        serde_saphyr::from_str_with_options::<ScalarKeys>(yaml, options(as_written))
            .map(|any| any.0)
    })
}

/// A YAML value as JSON, whose mapping keys may be any scalar, as in Psych: `null:`, `1:`
/// and `true:` are keys there, and a page holding one builds under Jekyll. A key becomes
/// text ([`ScalarKey`]).
struct ScalarKeys(Value);

impl<'de> serde::Deserialize<'de> for ScalarKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ScalarKeysVisitor)
            .map(ScalarKeys)
    }
}

struct ScalarKeysVisitor;

impl<'de> serde::de::Visitor<'de> for ScalarKeysVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // Never infinite or NaN here: `options` reads those as text.
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(ScalarKeys(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(ScalarKey(key)) = map.next_key()? {
            let ScalarKeys(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A mapping key that is a scalar, as text: `null` is the empty text (Ruby's `nil.to_s`),
/// `1` and `true` as YAML read them. A list or mapping as a key (`? [a, b]`), which Psych
/// allows but no front matter needs, is refused: nested ones cost the reader time and
/// memory out of all proportion to their size.
struct ScalarKey(String);

impl<'de> serde::Deserialize<'de> for ScalarKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ScalarKeyVisitor)
            .map(ScalarKey)
    }
}

struct ScalarKeyVisitor;

impl<'de> serde::de::Visitor<'de> for ScalarKeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a key that is a text, a number, a boolean or null (not a list or a mapping)")
    }
    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(Value::from(v).to_string())
    }
    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_unit<E>(self) -> Result<String, E> {
        Ok(String::new())
    }
    fn visit_none<E>(self) -> Result<String, E> {
        Ok(String::new())
    }
}

/// serde-saphyr's options; `as_written` reads only `true`/`false` as booleans and plain
/// numbers with a leading zero as text, to see how such values were written.
fn options(as_written: bool) -> serde_saphyr::Options {
    serde_saphyr::options! {
        with_snippet: false,
        // Jekyll (Psych) keeps the last of two equal keys.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins,
        budget: budget(),
        // YAML 1.1, as Psych: `010` and `0_10` are 8 (`08` is still 8.0, see below).
        legacy_octal_numbers: true,
        strict_booleans: as_written,
        leading_zero_numbers_as_strings: as_written,
        // `.inf`, `.nan` and numbers too large for a float (`1e400`) are text (`.inf`,
        // `.nan`, `-.inf`): a value of any key that JSON cannot hold must not stop the page.
        // Just the Docs fails on such a `nav_order`; the navigation reports it.
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
    }
}

/// Makes the values read as Psych, Jekyll's YAML reader (YAML 1.1), reads them where
/// serde-saphyr differs:
///
/// * `y` and `n` are text (`title: N` is the title "N"); `yes`, `no`, `on`, `off`, `true`
///   and `false`, in any case, are booleans in both;
/// * a plain number with a leading zero is octal when its digits are (`07` is 7, `010` is 8)
///   and text otherwise (`08` is "08", which Just the Docs sorts after every number).
///
/// Only when a block holds a boolean or a float without a fraction, and a lone `y`/`n` or a
/// leading zero may be written in it, it is read again with [`options`]`(true)`, and every
/// value written that way is read as Psych reads it.
fn read_as_psych(yaml: &str, map: &mut FrontMatterMap) {
    if needs_second_reading(yaml, map) {
        read_again(yaml, map);
    }
}

/// The cheap tests of [`read_as_psych`]: they may say yes when the second reading changes
/// nothing, never no when it would change something (a property test holds them to that).
fn needs_second_reading(yaml: &str, map: &FrontMatterMap) -> bool {
    let booleans =
        map.values().any(|v| holds(v, &Value::is_boolean)) && may_hold_plain_y_or_n(yaml);
    // serde-saphyr reads a leading zero that is not octal as a float (`08` is 8.0).
    let integral_float = |v: &Value| v.is_f64() && v.as_f64().is_some_and(|f| f.fract() == 0.0);
    let zeros = map.values().any(|v| holds(v, &integral_float)) && may_hold_leading_zero(yaml);
    booleans || zeros
}

fn read_again(yaml: &str, map: &mut FrontMatterMap) {
    let Ok(Value::Object(written)) = read_yaml(yaml, true) else {
        return;
    };
    for (key, value) in map.iter_mut() {
        if let Some(as_written) = written.get(key) {
            restore(value, as_written);
        }
    }
}

fn holds(value: &Value, what: &dyn Fn(&Value) -> bool) -> bool {
    match value {
        Value::Array(items) => items.iter().any(|v| holds(v, what)),
        Value::Object(map) => map.values().any(|v| holds(v, what)),
        other => what(other),
    }
}

/// Whether byte `i` may start a plain value: after a space, a flow indicator, `:` (in
/// `{"a":1}`) or a line break.
fn starts_value(bytes: &[u8], i: usize) -> bool {
    i == 0
        || matches!(
            bytes[i - 1],
            b' ' | b'\t' | b'[' | b',' | b'{' | b':' | b'\n' | b'\r'
        )
}

/// Whether a lone `y`, `Y`, `n` or `N` stands anywhere as a value could (a cheap test that
/// may say yes when there is none; never no when there is one).
fn may_hold_plain_y_or_n(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        matches!(b, b'y' | b'Y' | b'n' | b'N')
            && starts_value(bytes, i)
            && bytes.get(i + 1).is_none_or(|next| {
                matches!(next, b' ' | b'\t' | b'\r' | b'\n' | b',' | b']' | b'}')
            })
    })
}

/// Whether a number with a leading zero (`07`, `-010`, `0_7`) may be written anywhere (as
/// cheap and as safe as [`may_hold_plain_y_or_n`]).
fn may_hold_leading_zero(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        *b == b'0'
            && bytes
                .get(i + 1)
                .is_some_and(|next| next.is_ascii_digit() || *next == b'_')
            && (starts_value(bytes, i)
                || (matches!(bytes[i - 1], b'-' | b'+') && starts_value(bytes, i - 1)))
    })
}

/// `value` as serde-saphyr read it; `as_written` the same value read with [`options`]`(true)`.
fn restore(value: &mut Value, as_written: &Value) {
    match (value, as_written) {
        (value @ Value::Bool(_), Value::String(text))
            if matches!(text.as_str(), "y" | "Y" | "n" | "N") =>
        {
            *value = Value::String(text.clone());
        }
        (value @ Value::Number(_), Value::String(text)) => {
            *value = psych_leading_zero(text);
        }
        (Value::Array(items), Value::Array(written)) => {
            for (item, as_written) in items.iter_mut().zip(written) {
                restore(item, as_written);
            }
        }
        (Value::Object(map), Value::Object(written)) => {
            for (key, item) in map.iter_mut() {
                if let Some(as_written) = written.get(key) {
                    restore(item, as_written);
                }
            }
        }
        _ => {}
    }
}

/// A plain number written with a leading zero, as Psych reads it: octal when every digit is
/// (underscores ignored), text otherwise.
pub(crate) fn psych_leading_zero(text: &str) -> Value {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    match i64::from_str_radix(&digits, 8) {
        Ok(n) if digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) => {
            Value::from(if negative { -n } else { n })
        }
        _ => Value::String(text.to_string()),
    }
}

/// Whether Psych reads `plain`, a plain scalar, as infinity or NaN: `.inf`, `-.inf`, `+.inf`
/// and `.nan`, in any case.
pub(crate) fn is_psych_non_finite(plain: &str) -> bool {
    let unsigned = plain.strip_prefix(['-', '+']).unwrap_or(plain);
    unsigned.eq_ignore_ascii_case(".inf") || plain.eq_ignore_ascii_case(".nan")
}

/// Whether Psych (YAML 1.1 as Ruby reads it) reads `plain`, a plain scalar, as a float:
/// `.inf`, `-.inf`, `.nan` (in any case), or a decimal with a point and an optional signed
/// exponent (`1.5`, `-.5`, `1.0e+400`, `1_000.0`). `1e3` and `1e400` are text to Psych.
pub(crate) fn is_psych_float(plain: &str) -> bool {
    if is_psych_non_finite(plain) {
        return true;
    }
    let unsigned = plain.strip_prefix(['-', '+']).unwrap_or(plain);
    // A point alone (`.`, `-.`) is text.
    let Some((whole, fraction)) = unsigned.split_once('.').filter(|_| unsigned != ".") else {
        return false;
    };
    let whole_ok = whole.is_empty()
        || (whole.starts_with(|c: char| c.is_ascii_digit())
            && whole
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'_' || b == b','));
    let (digits, exponent) = match fraction.find(['e', 'E']) {
        Some(e) => (&fraction[..e], Some(&fraction[e + 1..])),
        None => (fraction, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        e.strip_prefix(['-', '+'])
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    whole_ok && digits.bytes().all(|b| b.is_ascii_digit()) && exponent_ok
}

/// Limits for one front matter block. Real front matter is a few hundred bytes; these leave
/// wide room while bounding alias expansion, nesting and size.
fn budget() -> Option<serde_saphyr::Budget> {
    serde_saphyr::budget! {
        max_depth: MAX_DEPTH,
        max_aliases: MAX_ALIASES,
        max_anchors: MAX_ANCHORS,
        max_nodes: MAX_NODES,
        max_events: MAX_EVENTS,
        max_total_scalar_bytes: MAX_TEXT_MIB * 1024 * 1024,
        max_merge_keys: MAX_MERGE_KEYS,
    }
}

const MAX_DEPTH: usize = 64;
const MAX_ALIASES: usize = 1_000;
const MAX_ANCHORS: usize = 1_000;
const MAX_NODES: usize = 100_000;
const MAX_EVENTS: usize = 200_000;
const MAX_TEXT_MIB: usize = 16;
/// Merge keys (`<<`) counted as the parser replays them: each merges a whole mapping, so a
/// few hundred bytes that merge mappings of merges cost time growing with the square of
/// this count (the parser's own bound, 10,000, let 470 bytes take 0.6 s).
const MAX_MERGE_KEYS: usize = 1_000;

/// A count with thousands separated, for messages (`100,000`).
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The error inside the parser's wrappers (a snippet of the text, an alias's place).
fn innermost(mut err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::WithSnippet { error, .. }
    | serde_saphyr::Error::AliasError { error, .. } = err
    {
        err = error;
    }
    err
}

/// The message for front matter beyond [`budget`]: which limit, in words (the parser's own
/// message is a Rust debug print such as `budget breached: Nodes { nodes: 100001 }`).
fn budget_message(err: &serde_saphyr::Error) -> Option<String> {
    use serde_saphyr::budget::BudgetBreach;
    let err = innermost(err);
    let serde_saphyr::Error::Budget { breach, .. } = err else {
        // The parser's own guard, below the budget's depth for flow collections.
        return strip_position(&err.to_string())
            .starts_with("recursion limit exceeded")
            .then(|| limit_message("is nested too deep"));
    };
    let what = match breach {
        BudgetBreach::Depth { .. } => format!("is nested more than {MAX_DEPTH} levels deep"),
        BudgetBreach::Aliases { .. } => {
            format!(
                "uses more than {} aliases (`*name`)",
                thousands(MAX_ALIASES)
            )
        }
        BudgetBreach::Anchors { .. } => {
            format!(
                "defines more than {} anchors (`&name`)",
                thousands(MAX_ANCHORS)
            )
        }
        BudgetBreach::Nodes { .. } => format!("holds more than {} values", thousands(MAX_NODES)),
        BudgetBreach::Events { .. } => {
            format!("holds more than {} YAML items", thousands(MAX_EVENTS))
        }
        BudgetBreach::ScalarBytes { .. } => format!("holds more than {MAX_TEXT_MIB} MiB of text"),
        BudgetBreach::MergeKeys { .. } => format!(
            "merges more than {} mappings (`<<`, counting those inside merged mappings)",
            thousands(MAX_MERGE_KEYS)
        ),
        other => format!("goes beyond a limit of the YAML reader ({other:?})"),
    };
    Some(limit_message(&what))
}

/// The message for a scalar whose tag the reader does not turn into a value (the parser's
/// own says "cannot deserialize tagged scalar into string").
fn tag_message(err: &serde_saphyr::Error) -> Option<String> {
    let err = innermost(err);
    matches!(
        err,
        serde_saphyr::Error::TaggedScalarCannotDeserializeIntoString { .. }
    )
    .then(|| {
        "a value with a type tag the YAML reader cannot take for it (`!!timestamp`, or \
         `!!seq`/`!!map` on a plain value) is not read; remove the tag (untagged, \
         `2001-12-14` is read as a date)"
            .to_string()
    })
}

/// The message for a line starting with `---` inside the YAML, which opens a second YAML
/// document (the parser's own message names its API).
fn second_document_message(err: &serde_saphyr::Error) -> Option<String> {
    let err = innermost(err);
    matches!(err, serde_saphyr::Error::MultipleDocuments { .. }).then(|| {
        "a line starting with `---` here (with text after it, so it does not end the block) \
         starts a second YAML document, whose values Jekyll ignores; end the block with \
         `---` alone on its line, or remove the line"
            .to_string()
    })
}

fn limit_message(what: &str) -> String {
    format!(
        "the YAML {what}, past the limits set to keep hostile YAML (alias \
         bombs, deep nesting) from exhausting time and memory; keep large data in the \
         site's `_data` files"
    )
}

/// What a YAML value is, for messages: "a list", "a number", ...
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// The parser appends " at line L, column C"; the caller reports its own position.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => message[..i].to_string(),
        _ => message.to_string(),
    }
}

/// The 1-based line of a top-level key inside a block (for diagnostics about one key), or
/// the block's first line when the key is not written on a line of its own.
pub fn key_line(yaml: &str, key: &str) -> usize {
    find_key(yaml, key).map_or(1, |(i, _)| i + 2)
}

/// The text after `key:` on the key's own line (without a trailing comment), when the key
/// is written on a line of its own.
pub fn key_value_text<'a>(yaml: &'a str, key: &str) -> Option<&'a str> {
    let (_, value) = find_key(yaml, key)?;
    // A comment starts at a `#` after a space or a tab.
    let end = value
        .char_indices()
        .find(|&(i, c)| c == '#' && value[..i].ends_with([' ', '\t']))
        .map_or(value.len(), |(i, _)| i);
    Some(value[..end].trim())
}

/// The last line (0-based) that starts with `key:`, and what follows the colon: of two equal
/// keys, YAML (as Psych) keeps the last.
fn find_key<'a>(yaml: &'a str, key: &str) -> Option<(usize, &'a str)> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let value = line.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            Some((i, value))
        })
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Block<'_> {
        match find_block(text) {
            Scan::Block(b) => b,
            other => panic!("expected a block, got {other:?}"),
        }
    }

    #[test]
    fn no_block() {
        assert_eq!(find_block("# Title\n\ntext\n"), Scan::None);
        assert_eq!(find_block(""), Scan::None);
        assert_eq!(find_block("--- \ntext"), Scan::Unterminated);
        assert_eq!(find_block("----\ntitle: x\n---\n"), Scan::None);
        assert_eq!(find_block(" ---\ntitle: x\n---\n"), Scan::None);
    }

    #[test]
    fn simple_block() {
        let text = "---\ntitle: Hello\n---\nBody\n";
        let b = block(text);
        assert_eq!(b.yaml, "title: Hello\n");
        assert_eq!(&text[b.body_start..], "Body\n");
        assert_eq!(b.lines, 3);
    }

    #[test]
    fn empty_block() {
        let text = "---\n---\nBody";
        let b = block(text);
        assert_eq!(b.yaml, "");
        assert_eq!(&text[b.body_start..], "Body");
        assert!(parse_yaml(b.yaml, 2).unwrap().is_empty());
    }

    #[test]
    fn psych_floats() {
        for float in [
            ".inf", "-.Inf", "+.INF", ".iNf", ".nan", ".NaN", "1.5", "-.5", "1.", "1.0e+400",
            "1_000.0", "1,000.5", "2.5E-3",
        ] {
            assert!(is_psych_float(float), "{float}");
        }
        for not in [
            "1e400", "1e3", "-.nan", "1.0e400", "-.", "abc", "1", "1.2.3", "_1.0", "1.0e+", ".",
            "inf",
        ] {
            assert!(!is_psych_float(not), "{not}");
        }
    }

    #[test]
    fn keys_may_be_any_scalar_as_in_psych() {
        let map = parse_yaml(
            "title: A\n1: one\nnull: n\n~: tilde\ntrue: t\nnested:\n  2.5: x\n",
            2,
        )
        .unwrap();
        assert_eq!(map["1"], "one");
        assert_eq!(
            map[""], "tilde",
            "null and ~ are both the empty key; the last wins"
        );
        assert_eq!(map["true"], "t");
        assert_eq!(map["nested"]["2.5"], "x");
        assert_eq!(map["title"], "A");
        // A list or a mapping as a key is refused, where it stands.
        for (yaml, kind) in [("? [a, b]\n: c\n", "sequence"), ("? {k: v}\n: c\n", "map")] {
            let error = parse_yaml(&format!("title: A\n{yaml}"), 2).unwrap_err();
            assert_eq!(error.line, 3, "{error:?}");
            assert_eq!(
                error.message,
                format!(
                    "invalid type: {kind}, expected a key that is a text, a number, a boolean or null (not a list or a mapping)"
                )
            );
        }
    }

    #[test]
    fn infinities_and_nan_are_text_and_do_not_stop_the_page() {
        let map = parse_yaml(
            "title: A\nratio: .inf\nlow: -.Inf\nodd: .NaN\nhuge: 1e400\nlist: [.inf, 2]\n",
            2,
        )
        .unwrap();
        assert_eq!(map["ratio"], ".inf");
        assert_eq!(map["low"], "-.inf");
        assert_eq!(map["odd"], ".nan");
        assert_eq!(map["huge"], ".inf");
        assert_eq!(map["list"], serde_json::json!([".inf", 2]));
        assert_eq!(map["title"], "A");
    }

    #[test]
    fn dots_close_a_block_but_do_not_open_one() {
        let text = "---\ntitle: A\n...\nBody";
        assert_eq!(&text[block(text).body_start..], "Body");
        assert_eq!(find_block("...\ntitle: A\n...\n"), Scan::None);
    }

    #[test]
    fn bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: A\r\nnav_order: 2\r\n---\r\nBody\r\n";
        let b = block(text);
        assert_eq!(&text[b.body_start..], "Body\r\n");
        let map = parse_yaml(b.yaml, 2).unwrap();
        assert_eq!(map["title"], "A");
        assert_eq!(map["nav_order"], 2);
    }

    #[test]
    fn thematic_break_later_is_not_front_matter() {
        assert_eq!(find_block("Intro\n\n---\n\nMore\n---\n"), Scan::None);
        // The block ends at the first closing line; a later `---` is body text.
        let text = "---\ntitle: A\n---\nText\n\n---\n\nMore\n";
        assert_eq!(&text[block(text).body_start..], "Text\n\n---\n\nMore\n");
    }

    #[test]
    fn unterminated_block() {
        assert_eq!(find_block("---\ntitle: A\nno end\n"), Scan::Unterminated);
        assert_eq!(find_block("---"), Scan::Unterminated);
    }

    #[test]
    fn block_at_end_of_file_without_newline() {
        let text = "---\ntitle: A\n---";
        let b = block(text);
        assert_eq!(b.body_start, text.len());
    }

    #[test]
    fn yaml_types_are_kept() {
        let map = parse_yaml("a: 10\nb: \"10\"\nc: 1.5\nd: -3\ne: yes\nf: [x, y]\n", 2).unwrap();
        assert!(map["a"].is_i64());
        assert!(map["b"].is_string());
        assert!(map["c"].is_f64());
        assert_eq!(map["d"], -3);
        assert_eq!(map["e"], true);
        assert!(map["f"].is_array());
    }

    #[test]
    fn booleans_are_read_as_jekyll_reads_them() {
        let yaml = "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: y\ng: N\nh: \"yes\"\ni: [y, n, yes]\nj: {k: Y, l: off}\nk: y es\n";
        let map = parse_yaml(yaml, 2).unwrap();
        for (key, expected) in [
            ("a", true),
            ("b", false),
            ("c", true),
            ("d", false),
            ("e", true),
        ] {
            assert_eq!(map[key], expected, "{key}");
        }
        assert_eq!(map["f"], "y");
        assert_eq!(map["g"], "N");
        assert_eq!(map["h"], "yes");
        assert_eq!(map["i"], serde_json::json!(["y", "n", true]));
        assert_eq!(map["j"], serde_json::json!({"k": "Y", "l": false}));
        assert_eq!(map["k"], "y es");
        // A JSON-style key right before the value; a lone carriage return.
        let map = parse_yaml("v: {\"a\":y, b: true}\nw: [x,\ry]\n", 2).unwrap();
        assert_eq!(map["v"], serde_json::json!({"a": "y", "b": true}));
        assert_eq!(map["w"], serde_json::json!(["x", "y"]));
    }

    #[test]
    fn leading_zeros_are_read_as_jekyll_reads_them() {
        let yaml = "a: 07\nb: 08\nc: 010\nd: -07\ne: \"07\"\nf: [01, 09]\ng: 0\nh: 0.5\ni: 00\nj: 1_000\nk: {x: 011}\n";
        let map = parse_yaml(yaml, 2).unwrap();
        let expected = serde_json::json!({
            "a": 7, "b": "08", "c": 8, "d": -7, "e": "07", "f": [1, "09"], "g": 0, "h": 0.5,
            "i": 0, "j": 1000, "k": {"x": 9}
        });
        assert_eq!(Value::Object(map), expected);
        // Integers, not 7.0: Liquid prints them as written.
        let map = parse_yaml("a: 07\n", 2).unwrap();
        assert!(map["a"].is_i64());
        let map = parse_yaml("a: 0_7\nb: 0_10\nc: -010\nd: !!int 010\ne: -08\n", 2).unwrap();
        let expected = serde_json::json!({"a": 7, "b": 8, "c": -8, "d": 8, "e": "-08"});
        assert_eq!(Value::Object(map), expected);
    }

    proptest::proptest! {
        /// Front matter made of the spellings that matter (y/n, booleans, leading zeros,
        /// text around them) in block and flow style, with any spacing and line ends: the
        /// cheap tests never skip a second reading that would change a value.
        #[test]
        fn the_cheap_tests_never_skip_a_needed_second_reading(
            entries in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["a", "b", "y", "0", "k_1"]),
                    proptest::collection::vec(
                        proptest::sample::select(vec![
                            "y", "n", "Y", "N", "yes", "no", "on", "07", "08", "010", "-010",
                            "+08", "00", "0", "1.0", "7.0", "true", "x y", "0_7", "\"08\"",
                            "'n'", "09", "10", "&a 08", "*a", "!!str 08", "Section 08",
                        ]),
                        1..4,
                    ),
                    proptest::sample::select(vec![0u8, 1, 2, 3]),
                    proptest::sample::select(vec![": ", ":  ", ":\t", ":"]),
                    proptest::sample::select(vec!["\n", "\r\n", " # c\n", "\t\n"]),
                ),
                1..5,
            )
        ) {
            let mut yaml = String::new();
            for (i, (key, values, style, colon, end)) in entries.iter().enumerate() {
                // Keys made unique, so that the test is about values.
                let key = format!("{key}{i}");
                let written = match style {
                    0 => values[0].to_string(),
                    1 => format!("[{}]", values.join(",")),
                    2 => format!("{{k: {}}}", values.join(", k2: ")),
                    _ => format!("\n  - {}", values.join("\n  - ")),
                };
                yaml.push_str(&format!("{key}{colon}{written}{end}"));
            }
            let Ok(Value::Object(mut first)) =
                read_yaml(&yaml, false)
            else {
                return Ok(());
            };
            let mut always = first.clone();
            read_again(&yaml, &mut always);
            if !needs_second_reading(&yaml, &first) {
                proptest::prop_assert_eq!(&first, &always, "{:?}", yaml);
            }
            read_as_psych(&yaml, &mut first);
            proptest::prop_assert_eq!(first, always, "{:?}", yaml);
        }
    }

    #[test]
    fn the_cheap_test_for_leading_zeros_finds_every_one() {
        for yaml in [
            "a: 07",
            "a: [1,08]",
            "a: {b: 010}",
            "- -07\n",
            "a: +01",
            "a:\n  - 00\r\n",
            "a: 0_7",
        ] {
            assert!(may_hold_leading_zero(yaml), "{yaml:?}");
        }
        for yaml in ["a: 0", "a: 0.5", "a: 10", "a: x07", "a: 1007"] {
            assert!(!may_hold_leading_zero(yaml), "{yaml:?}");
        }
    }

    #[test]
    fn the_cheap_test_for_y_and_n_finds_every_plain_one() {
        for yaml in [
            "a: y",
            "a: n\n",
            "a: [x,Y]",
            "a: {b: N}",
            "- y\n",
            "a:\n  - n\r\n",
            "a: y # yes",
            "v: {\"a\":y, b: true}",
            "v: [x,\ry]",
        ] {
            assert!(may_hold_plain_y_or_n(yaml), "{yaml:?}");
        }
        for yaml in [
            "a: yes",
            "title: any",
            "y_axis: 1",
            "a: xy, ny",
            "a: {n1: 2}",
        ] {
            assert!(!may_hold_plain_y_or_n(yaml), "{yaml:?}");
        }
    }

    #[test]
    fn yaml_errors_name_the_file_line() {
        let err = parse_yaml("title: ok\nparent: [unclosed\nnav_order: 1\n", 2).unwrap_err();
        assert!(err.line >= 3, "{err:?}");
        assert!(!err.message.contains(" at line "), "{err:?}");
        let err = parse_yaml("just text", 2).unwrap_err();
        assert!(err.message.contains("mapping"), "{err:?}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            yaml.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        assert!(parse_yaml(&yaml, 2).is_err());
    }

    #[test]
    fn key_lines() {
        let yaml = "title: A\nparent: B\n";
        assert_eq!(key_line(yaml, "title"), 2);
        assert_eq!(key_line(yaml, "parent"), 3);
        assert_eq!(key_line(yaml, "nav_order"), 1);
    }

    /// Found by a red-team review: `--- # comment` inside front matter gave the parser's
    /// advice to call another of its functions.
    #[test]
    fn a_second_document_says_where_and_what_to_change() {
        let error = parse_yaml("title: D\n--- # end of header\nfoo: 1\n", 2).unwrap_err();
        assert_eq!(error.line, 3, "{error:?}");
        assert!(
            error.message.starts_with("a line starting with `---` here")
                && !error.message.contains("from_str"),
            "{error:?}"
        );
    }

    /// Found by a red-team review: `!!timestamp` (valid YAML, a date in Jekyll) stopped the
    /// page with the parser's "cannot deserialize tagged scalar into string".
    #[test]
    fn a_timestamp_tag_says_to_remove_the_tag() {
        for yaml in [
            "date: !!timestamp 2001-12-14\n",
            "t: !!timestamp 2001-12-14t21:59:43.10-05:00\n",
        ] {
            let err = parse_yaml(yaml, 2).unwrap_err();
            assert_eq!(err.line, 2, "{yaml}");
            assert!(
                err.message.starts_with(
                    "a value with a type tag the YAML reader cannot take for it (`!!timestamp`"
                ) && err.message.contains("remove the tag"),
                "{yaml}: {}",
                err.message
            );
        }
        // Untagged, the date is read (as text, which the `date` filter reads as a date).
        let map = parse_yaml("date: 2001-12-14\n", 2).unwrap();
        assert_eq!(map["date"], "2001-12-14");
    }
}
