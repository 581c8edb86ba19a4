//! Problems found in a book, each tied to the file (and line) where a writer can fix it.
//!
//! Every stage pushes [`Diagnostic`]s into one [`Diagnostics`] list instead of logging on
//! the spot, so that `mdbook build` and `mdbook-jekyll check` report the same findings, in
//! a stable order, and the caller decides what fails the build.

use crate::logging::TARGET;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; the output is still what Jekyll would show (for example two siblings
    /// with the same `nav_order`, ordered by path).
    Note,
    /// A mistake in the site that Jekyll hides (a `parent` that matches no page, a broken
    /// link). The book still builds; `check` fails; `strict = true` fails the build.
    Warning,
    /// The book cannot be built correctly (invalid YAML, a malformed shortcode).
    Error,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable short name of the kind of problem, e.g. `unknown-parent`.
    pub code: &'static str,
    /// The file to edit, relative to the book root (e.g. `src/docs/page.md`).
    pub file: Option<PathBuf>,
    /// 1-based line in `file`.
    pub line: Option<usize>,
    /// 1-based column in `line`.
    pub column: Option<usize>,
    pub message: String,
    /// What to change, when there is something specific to say.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    pub fn at(mut self, file: impl AsRef<Path>, line: Option<usize>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self.line = line;
        self
    }

    pub fn column(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column` as editors and terminals link it, or an empty string.
    pub fn location(&self) -> String {
        let Some(file) = &self.file else {
            return String::new();
        };
        let mut out = file.display().to_string();
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                out.push_str(&format!(":{column}"));
            }
        }
        out
    }
}

/// `text` as a message quotes it: whole up to 120 characters, else its start and `…` (a
/// hostile tag can be a hundred kilobytes long).
pub fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    const MOST: usize = 120;
    match text.char_indices().nth(MOST) {
        None => text.into(),
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
    }
}

impl fmt::Display for Diagnostic {
    /// `src/page.md:4:9: message [code]` and, on the next line, the help text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let location = self.location();
        if !location.is_empty() {
            write!(f, "{}: ", printable(&location))?;
        }
        write!(f, "{} [{}]", printable(&self.message), self.code)?;
        if let Some(help) = &self.help {
            write!(f, "\n    help: {}", printable(help))?;
        }
        Ok(())
    }
}

/// A message as a terminal may show it: control characters quoted from a page (a NUL, an
/// escape sequence) are written as `\u{1b}`, never sent to the terminal, and line breaks
/// as `\n`, so a finding is one line and its help one more (found by a red-team review: a
/// `parent` value holding line breaks printed lines that read as findings of their own).
/// Tabs stay.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\t';
    if !text.chars().any(hidden) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            c if hidden(c) => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}

/// The findings of one run, in the order the stages produced them.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Sorts by file, line and column (findings without a file first), keeping the stage
    /// order between equal positions, so output does not depend on traversal order.
    pub fn sort(&mut self) {
        self.items
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl Diagnostics {
    /// Writes each finding to the log as mdBook shows preprocessor messages: errors at
    /// `ERROR`, the rest at `WARN`. At most `per_code_limit` findings of one kind are shown;
    /// the rest are counted in one line that points at `mdbook-jekyll check`.
    pub fn log(&self, per_code_limit: usize) {
        let mut shown: std::collections::HashMap<&str, usize> = Default::default();
        let mut hidden: std::collections::BTreeMap<&str, usize> = Default::default();
        for d in &self.items {
            let count = shown.entry(d.code).or_default();
            if *count >= per_code_limit {
                *hidden.entry(d.code).or_default() += 1;
                continue;
            }
            *count += 1;
            match d.severity {
                Severity::Error => tracing::error!(target: TARGET, "{d}"),
                Severity::Warning => tracing::warn!(target: TARGET, "{d}"),
                Severity::Note => tracing::warn!(target: TARGET, "note: {d}"),
            }
        }
        for (code, n) in hidden {
            tracing::warn!(
                target: TARGET,
                "{n} more [{code}] findings not shown; `mdbook-jekyll check` lists them all"
            );
        }
    }

    /// Writes every finding as `severity: location: message`, cargo style (for `check`).
    pub fn write_all(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        for d in &self.items {
            writeln!(out, "{}: {d}", d.severity.label())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by a red-team review: a NUL in a service name reached the terminal as is.
    #[test]
    fn control_characters_in_messages_are_escaped() {
        let d = Diagnostic::error("x", "service \"a\u{0}b\u{1b}[31m\" is unknown\tnow")
            .help("line\none");
        assert_eq!(
            d.to_string(),
            "service \"a\\u{0}b\\u{1b}[31m\" is unknown\tnow [x]\n    help: line\\none"
        );
        // Found by a red-team review: a value holding line breaks printed a forged finding.
        let d = Diagnostic::warning("x", "parent \"Nobody\r\nerror: src/index.md:1: fake\"");
        assert_eq!(d.to_string().lines().count(), 1, "{d}");
    }

    #[test]
    fn display_names_file_line_and_help() {
        let d = Diagnostic::warning("unknown-parent", "parent \"X\" matches no page title")
            .at("src/a.md", Some(4))
            .column(9)
            .help("did you mean \"Y\"?");
        assert_eq!(
            d.to_string(),
            "src/a.md:4:9: parent \"X\" matches no page title [unknown-parent]\n    help: did you mean \"Y\"?"
        );
    }

    #[test]
    fn sort_is_by_position() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::note("b", "b").at("src/b.md", Some(1)));
        all.push(Diagnostic::note("a", "a").at("src/a.md", Some(9)));
        all.push(Diagnostic::note("c", "c").at("src/a.md", Some(2)));
        all.sort();
        let codes: Vec<_> = all.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["c", "a", "b"]);
    }
}
