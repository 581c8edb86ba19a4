//! "Did you mean …?" suggestions for names that match nothing (titles, options, services).

use std::collections::HashSet;

/// Longest prefix of each string compared, so one comparison costs at most a fixed amount.
const MAX_COMPARED_CHARS: usize = 160;

/// Most candidates one question compares (a few microseconds each), so that a book with
/// many unknown names costs time in proportion to its size, not to its size squared.
/// Callers list the likeliest candidates first.
pub const MAX_CANDIDATES: usize = 500;

/// Similarity below which a candidate is not worth suggesting.
const MIN_SCORE: f64 = 0.7;

/// Candidates this much less similar than the best one are not suggested beside it.
const MAX_GAP_TO_BEST: f64 = 0.05;

/// The `limit` candidates most similar to `needle` (case-insensitive), best first, among
/// those similar enough to be a likely typo or rewording and nearly as similar as the best.
/// Only the first [`MAX_CANDIDATES`] candidates are compared. Ties keep the candidates'
/// order.
pub fn closest<'a>(
    needle: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let needle = Needle::new(needle);
    let mut scored: Vec<(f64, usize, &str)> = candidates
        .into_iter()
        .take(MAX_CANDIDATES)
        .enumerate()
        .filter_map(|(i, candidate)| {
            let score = needle.similarity(&normalize(candidate));
            (score >= MIN_SCORE).then_some((score, i, candidate))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let best = scored.first().map_or(0.0, |s| s.0);
    let mut out: Vec<&str> = Vec::new();
    for (score, _, candidate) in scored {
        if score < best - MAX_GAP_TO_BEST {
            break;
        }
        if !out.contains(&candidate) {
            out.push(candidate);
        }
        if out.len() == limit {
            break;
        }
    }
    out
}

/// `did you mean "A" or "B"?`, or `None` when there is nothing to suggest. When `written`
/// and a suggestion differ only where the eye cannot see it (a look-alike letter from
/// another alphabet, a no-break or trailing space), the message says where.
pub fn did_you_mean(written: &str, found: &[&str]) -> Option<String> {
    if found.is_empty() {
        return None;
    }
    let quoted: Vec<String> = found
        .iter()
        .map(|t| match invisible_difference(written, t) {
            Some(why) => format!("\"{t}\" ({why})"),
            None => format!("\"{t}\""),
        })
        .collect();
    Some(format!("did you mean {}?", quoted.join(" or ")))
}

/// Where `written` first differs from `suggestion`, when the difference cannot be seen in
/// print: a character that is not printable ASCII against another, or white space at the
/// end.
fn invisible_difference(written: &str, suggestion: &str) -> Option<String> {
    let describe = |c: char| {
        if c.is_ascii_graphic() {
            format!("`{c}`")
        } else {
            format!("U+{:04X}", u32::from(c))
        }
    };
    let mut pairs = written.chars().zip(suggestion.chars()).enumerate();
    match pairs.find(|(_, (a, b))| a != b) {
        // One character for another, the rest alike, and one of the two not ASCII (a
        // look-alike letter, a no-break space) or both white space.
        Some((i, (a, b))) => (written
            .chars()
            .skip(i + 1)
            .eq(suggestion.chars().skip(i + 1))
            && (!a.is_ascii() || !b.is_ascii() || (a.is_whitespace() && b.is_whitespace())))
        .then(|| {
            format!(
                "character {} is {} here and {} there",
                i + 1,
                describe(a),
                describe(b)
            )
        }),
        None => {
            let (longer, shorter) = if written.len() > suggestion.len() {
                (written, suggestion)
            } else {
                (suggestion, written)
            };
            let extra = &longer[shorter.len()..];
            (!extra.is_empty() && extra.trim().is_empty()).then(|| {
                let who = if longer == written { "here" } else { "there" };
                let chars: Vec<String> = extra.chars().map(describe).collect();
                format!("{} at the end {who}", chars.join(" "))
            })
        }
    }
}

fn normalize(text: &str) -> String {
    text.chars()
        .take(MAX_COMPARED_CHARS)
        .flat_map(char::to_lowercase)
        .collect()
}

/// A name that matches nothing, prepared once for comparing with every candidate.
struct Needle {
    text: String,
    /// Its words, when it has two or more (a single word is compared as text only).
    words: Option<HashSet<String>>,
}

impl Needle {
    fn new(written: &str) -> Self {
        let text = normalize(written);
        let words: HashSet<String> = words_of(&text).map(str::to_owned).collect();
        Needle {
            text,
            words: (words.len() >= 2).then_some(words),
        }
    }

    /// The best of three views: Jaro-Winkler (typos, shared prefixes), normalized
    /// Levenshtein (small edits), and the share of the needle's words found in the
    /// candidate (a title that was reworded by adding or removing words).
    fn similarity(&self, candidate: &str) -> f64 {
        strsim::jaro_winkler(&self.text, candidate)
            .max(strsim::normalized_levenshtein(&self.text, candidate))
            .max(self.word_containment(candidate))
    }

    fn word_containment(&self, candidate: &str) -> f64 {
        let Some(words) = &self.words else {
            return 0.0;
        };
        let candidate_words: HashSet<&str> = words_of(candidate).collect();
        let shared = words
            .iter()
            .filter(|w| candidate_words.contains(w.as_str()))
            .count();
        shared as f64 / words.len() as f64
    }
}

fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_rewordings() {
        let titles = [
            "SEC10 - How do you anticipate, respond to, and recover from incidents?",
            "SEC11 - How do you incorporate and validate the security properties of applications throughout the design, development, and deployment lifecycle?",
            "Reliability",
        ];
        let found = closest(
            "SEC11 - How do you incorporate and validate the security properties of applications?",
            titles,
            1,
        );
        assert_eq!(found, [titles[1]]);
        assert_eq!(closest("stirct", ["strict", "nav-sort"], 3), ["strict"]);
    }

    /// Found by trying the tool as a new user: `did you mean "Setup"?` for a parent written
    /// `Sеtup` (a Cyrillic е) or `Setup` with a no-break space read as the same word twice.
    #[test]
    fn look_alikes_say_where_they_differ() {
        assert_eq!(
            did_you_mean("S\u{435}tup", &["Setup"]).unwrap(),
            "did you mean \"Setup\" (character 2 is U+0435 here and `e` there)?"
        );
        assert_eq!(
            did_you_mean("Setup\u{a0}", &["Setup"]).unwrap(),
            "did you mean \"Setup\" (U+00A0 at the end here)?"
        );
        assert_eq!(
            did_you_mean("Set up", &["Set\u{a0}up"]).unwrap(),
            "did you mean \"Set\u{a0}up\" (character 4 is U+0020 here and U+00A0 there)?"
        );
        assert_eq!(
            did_you_mean("AWS Secret Manager", &["AWS Secrets Manager"]).unwrap(),
            "did you mean \"AWS Secrets Manager\"?"
        );
        assert_eq!(
            did_you_mean("Stup", &["Setup", "Startup"]).unwrap(),
            "did you mean \"Setup\" or \"Startup\"?"
        );
        assert_eq!(did_you_mean("x", &[]), None);
    }

    /// One question compares at most `MAX_CANDIDATES` candidates, the first ones.
    #[test]
    fn compares_only_the_first_candidates() {
        let mut candidates = vec!["Zebra"; MAX_CANDIDATES];
        candidates.push("Security");
        assert!(closest("Securty", candidates.iter().copied(), 3).is_empty());
        candidates[MAX_CANDIDATES - 1] = "Security";
        assert_eq!(closest("Securty", candidates, 3), ["Security"]);
    }

    #[test]
    fn nothing_similar_gives_nothing() {
        assert!(closest("Zebra", ["Security", "Reliability"], 3).is_empty());
        assert!(closest("x", [], 3).is_empty());
    }
}
