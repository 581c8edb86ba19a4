//! A synthetic Just the Docs site of any size, for benchmarks: sections, questions and best
//! practices (three levels, `grand_parent`, numeric and quoted `nav_order`), pages of
//! realistic sizes (median about 5 KB, one in ten between 20 and 50 KB) with headings,
//! lists, code blocks and links, shortcodes on the question pages, and a services catalog.
//! It is written to disk as a book (with a flat `SUMMARY.md`) and given as the JSON that
//! mdBook 0.5 and 0.4 send to a preprocessor.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A generated site: its pages (path relative to `src`, text).
pub struct Site {
    pub pages: Vec<(String, String)>,
    pub catalog: String,
}

/// Deterministic pseudo-random numbers (a 64-bit LCG), so every run generates the same site.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const WORDS: &[&str] = &[
    "workload",
    "account",
    "identity",
    "access",
    "policy",
    "monitor",
    "recover",
    "resilience",
    "capacity",
    "review",
    "automate",
    "deploy",
    "secure",
    "encrypt",
    "network",
    "latency",
    "cost",
    "budget",
    "metric",
    "alarm",
    "runbook",
    "incident",
    "change",
    "release",
    "test",
    "data",
    "backup",
    "region",
    "zone",
    "quota",
    "service",
    "team",
    "process",
    "the",
    "and",
    "with",
    "for",
    "your",
    "that",
    "to",
    "of",
    "in",
    "a",
    "is",
    "on",
];

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = 8 + rng.below(12);
    for i in 0..n {
        let w = WORDS[rng.below(WORDS.len() as u64) as usize];
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
    out.push_str(". ");
}

/// A page body of about `size` bytes: headings, paragraphs, a list, sometimes a code block
/// and links.
fn body(rng: &mut Rng, size: usize, links: &[String], out: &mut String) {
    let start = out.len();
    let mut section = 0;
    while out.len() - start < size {
        section += 1;
        let _ = writeln!(out, "\n## Part {section}\n");
        for _ in 0..(2 + rng.below(3)) {
            for _ in 0..(2 + rng.below(4)) {
                sentence(rng, out);
            }
            if !links.is_empty() && rng.below(3) == 0 {
                let link = &links[rng.below(links.len() as u64) as usize];
                let _ = write!(out, "See [the related page]({link}). ");
            }
            out.push_str("\n\n");
        }
        for _ in 0..(2 + rng.below(3)) {
            out.push_str("- ");
            sentence(rng, out);
            out.push('\n');
        }
        if rng.below(2) == 0 {
            out.push_str("\n```python\nimport boto3\n\ndef handler(event, context):\n    client = boto3.client(\"cloudwatch\")\n    return client.put_metric_data(Namespace=\"App\", MetricData=[])\n```\n");
        }
        if rng.below(40) == 0 {
            // A template in a code block, as docs about templating show: Liquid-like text
            // that must stay as written.
            out.push_str("\n```jinja\n<h1>{{ page.title }}</h1>\n{% for item in items %}<li>{{ item }}</li>{% endfor %}\n```\n");
        }
    }
}

/// Generates a site of `pages` pages.
pub fn site(pages: usize) -> Site {
    let mut rng = Rng(0x5eed);
    let mut out: Vec<(String, String)> = Vec::with_capacity(pages);
    let questions_per_section = 10;
    let practices_per_question = 8;
    let per_section = 1 + questions_per_section * (1 + practices_per_question);
    let sections = pages.div_ceil(per_section).max(1);
    let mut catalog = String::new();
    for s in 0..50 {
        let _ = writeln!(
            catalog,
            "Service {s}: Helps you run part {s} of the workload, securely and at low cost."
        );
    }
    'all: for s in 0..sections {
        let section_title = format!("Section {s:03}");
        // A quoted nav_order on some sections: Just the Docs sorts those as text.
        let order = if s % 7 == 3 {
            format!("\"{s}\"")
        } else {
            s.to_string()
        };
        let mut text = format!(
            "---\ntitle: {section_title}\nlayout: default\nnav_order: {order}\nhas_children: true\npermalink: /docs/s{s:03}\n---\n\n# {section_title}\n"
        );
        body(&mut rng, 2_000, &[], &mut text);
        out.push((format!("docs/s{s:03}/index.md"), text));
        if out.len() >= pages {
            break;
        }
        for q in 0..questions_per_section {
            let question_title =
                format!("S{s:03}Q{q:02} - How do you manage part {q} of section {s}?");
            let mut text = format!(
                "---\ntitle: \"{question_title}\"\nlayout: default\nparent: {section_title}\nnav_order: {}\nhas_children: true\n---\n\n# {question_title}\n\n## Best Practices\n\n{{{{#best-practices}}}}\n\n## Services\n\n",
                q + 1
            );
            for c in 0..3 {
                let _ = writeln!(
                    text,
                    "{{{{#service-card \"Service {}\"}}}}\n",
                    (q * 3 + c) % 50
                );
            }
            // Links to the practices that the page count leaves in the site.
            let practices = practices_per_question.min(pages.saturating_sub(out.len() + 1));
            let links: Vec<String> = (0..practices)
                .map(|p| format!("s{s:03}q{q:02}-bp{p:02}.md"))
                .collect();
            body(&mut rng, 4_000, &links, &mut text);
            out.push((format!("docs/s{s:03}/s{s:03}q{q:02}.md"), text));
            if out.len() >= pages {
                break 'all;
            }
            for p in 0..practices_per_question {
                let size = if rng.below(10) == 0 {
                    20_000 + rng.below(30_000) as usize
                } else {
                    2_000 + rng.below(6_000) as usize
                };
                let mut text = format!(
                    "---\ntitle: \"S{s:03}Q{q:02}-BP{p:02} - Practice {p} of question {q}\"\nlayout: default\nparent: \"{question_title}\"\ngrand_parent: {section_title}\nnav_order: {}\n---\n\n# Practice {p}\n",
                    p + 1
                );
                let mut links = vec![format!("s{s:03}q{q:02}.md")];
                if rng.below(10) == 0 {
                    // Written against the Jekyll URL, as sites do.
                    links.push(format!("/docs/s{s:03}/s{s:03}q{q:02}.html"));
                }
                body(&mut rng, size, &links, &mut text);
                out.push((format!("docs/s{s:03}/s{s:03}q{q:02}-bp{p:02}.md"), text));
                if out.len() >= pages {
                    break 'all;
                }
            }
        }
    }
    Site {
        pages: out,
        catalog,
    }
}

impl Site {
    /// The same site with the mistakes writers make, each reported with suggestions: one
    /// page in 50 names its parent by a reworded title (`parent: The …`), and one in 100
    /// lists the best practices of a misspelled section (`{{#best-practices of="Sektion 007"}}`).
    /// The reports' suggestions must cost time in proportion to the book, like the rest.
    pub fn with_mistakes(mut self) -> Site {
        for (i, (_, text)) in self.pages.iter_mut().enumerate() {
            if i % 50 == 7 {
                *text = if text.contains("\nparent: \"") {
                    text.replacen("\nparent: \"", "\nparent: \"The ", 1)
                } else {
                    text.replacen("\nparent: ", "\nparent: The ", 1)
                };
            }
            if i % 100 == 3 {
                let _ = write!(
                    text,
                    "\n{{{{#best-practices of=\"Sektion {:03}\"}}}}\n",
                    i / 100
                );
            }
        }
        self
    }
}

/// A site of `pages` plain mdBook chapters: no front matter, no shortcodes.
pub fn plain_site(pages: usize) -> Site {
    let mut rng = Rng(0x9a1e);
    let pages = (0..pages)
        .map(|i| {
            let mut text = format!("# Chapter {i}\n");
            body(
                &mut rng,
                5_000,
                &[format!("c{:05}.md", (i + 1) % pages.max(1))],
                &mut text,
            );
            (format!("c{i:05}.md"), text)
        })
        .collect();
    Site {
        pages,
        catalog: String::new(),
    }
}

impl Site {
    /// Writes the site as a book under `root`: `book.toml`, `src/SUMMARY.md` listing every
    /// page flat (so mdBook sends them all to the preprocessor), the pages, the catalog.
    pub fn write(&self, root: &Path, preprocessor: Option<&Path>) -> std::io::Result<()> {
        let src = root.join("src");
        std::fs::create_dir_all(src.join("_data"))?;
        let mut summary = String::from("# Summary\n\n");
        for (path, text) in &self.pages {
            let file = src.join(path);
            std::fs::create_dir_all(file.parent().unwrap())?;
            std::fs::write(&file, text)?;
            let _ = writeln!(
                summary,
                "- [{}]({path})",
                Path::new(path).file_stem().unwrap().to_string_lossy()
            );
        }
        std::fs::write(src.join("SUMMARY.md"), summary)?;
        if !self.catalog.is_empty() {
            std::fs::write(src.join("_data/services.yml"), &self.catalog)?;
        }
        let mut toml = String::from(
            "[book]\ntitle = \"Generated\"\n\n[output.html]\nno-section-label = true\n\n[output.html.search]\nenable = false\n",
        );
        if let Some(command) = preprocessor {
            let _ = write!(
                toml,
                "\n[preprocessor.jekyll]\ncommand = \"{}\"\nbefore = [\"links\"]\n",
                command.display()
            );
        }
        std::fs::write(root.join("book.toml"), toml)
    }

    /// The JSON mdBook sends for this book (`version` "0.5.4" or "0.4.52"), `root` being
    /// where [`Site::write`] put it.
    pub fn request(&self, root: &Path, version: &str) -> Vec<u8> {
        let items: Vec<serde_json::Value> = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, (path, text))| {
                serde_json::json!({"Chapter": {
                    "name": Path::new(path).file_stem().unwrap().to_string_lossy(),
                    "content": text,
                    "number": [i + 1],
                    "sub_items": [],
                    "path": path,
                    "source_path": path,
                    "parent_names": []
                }})
            })
            .collect();
        let book = if version.starts_with("0.4") {
            serde_json::json!({"sections": items, "__non_exhaustive": null})
        } else {
            serde_json::json!({"items": items})
        };
        let mut config = serde_json::json!({
            "book": {"title": "Generated", "src": "src", "authors": [], "language": "en"},
            "output": {"html": {"no-section-label": true}},
            "preprocessor": {"jekyll": {"before": ["links"]}}
        });
        if version.starts_with("0.5") {
            config["book"]["text-direction"] = serde_json::Value::Null;
        }
        let context = serde_json::json!({
            "root": root, "config": config, "renderer": "html", "mdbook_version": version
        });
        serde_json::to_vec(&serde_json::json!([context, book])).unwrap()
    }
}

/// A temporary folder for a generated book.
pub fn book_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("mdbook-jekyll-bench-{name}-{}", std::process::id()))
}
