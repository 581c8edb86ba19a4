//! Everything a run knows about the book besides its pages: where it lives, its options and
//! the Jekyll site configuration. Built once per run from whichever source the run has (the
//! preprocessor protocol, mdBook's Rust API, or `book.toml` on disk).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::options::{BookSettings, NavSort, Options};
use crate::site::SiteConfig;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The book being processed.
#[derive(Debug, Clone)]
pub struct Context {
    /// The book root (the folder holding `book.toml`).
    pub root: PathBuf,
    /// `root` joined with the source directory.
    pub src_dir: PathBuf,
    /// The source directory as written in `book.toml` (`src` by default), for messages.
    pub src: PathBuf,
    /// The renderer the book is built for (`html`, `markdown`, ...).
    pub renderer: String,
    pub options: Options,
    pub settings: BookSettings,
    pub site: SiteConfig,
    /// The calling mdBook's version (`None` when run without mdBook: taken as 0.5).
    pub mdbook_version: Option<semver::Version>,
}

/// A book set up in the Jekyll site's own folder: the site's `_config.yml` sits next to
/// `book.toml`, while the pages are read from `src`, which has none. mdBook then builds
/// whatever `src` holds, not the site.
pub fn site_outside_src(root: &Path, src: &Path, site_config: &Path) -> Option<Diagnostic> {
    let src_dir = root.join(src);
    // A `site-config` that leads out of the book is refused on its own, not misplaced.
    let misplaced = src_dir != *root
        && crate::paths::join_inside(root, &site_config.to_string_lossy()).is_ok()
        && !src.as_os_str().is_empty()
        && src != Path::new(".")
        && !src_dir.join(site_config).exists()
        && root.join(site_config).is_file();
    misplaced.then(|| {
        Diagnostic::warning(
            "site-outside-src",
            format!(
                "the Jekyll site's {} is in the book's folder, outside `{}`, where mdBook reads the book: its settings are not used, nor any page outside `{1}`",
                site_config.display(),
                src.display()
            ),
        )
        .at("book.toml", None)
        .help(format!(
            "move the site (its {}, pages and folders) into `{}/`, next to SUMMARY.md; keep book.toml where it is",
            site_config.display(),
            src.display()
        ))
    })
}

impl Context {
    /// Reads the options and the site configuration. Problems with either are returned as
    /// diagnostics; the context is always usable (with defaults where something was wrong).
    pub fn new(
        root: PathBuf,
        config: &Value,
        renderer: &str,
        mdbook_version: Option<&str>,
    ) -> (Context, Diagnostics) {
        let mut diags = Diagnostics::default();
        let settings = BookSettings::from_config(config);
        let (options, problems) = Options::from_table(settings.table.as_ref());
        diags.extend(problems);
        let src = settings.src.clone();
        let src_dir = root.join(&src);
        let site_display = src.join(&options.site_config);
        let site_path = crate::paths::join_inside(&src_dir, &options.site_config.to_string_lossy());
        let site = match site_path.map(|path| SiteConfig::load(&path, &site_display)) {
            Ok(Ok(mut site)) => {
                diags.extend(std::mem::take(&mut site.problems));
                site
            }
            Ok(Err(d)) => {
                diags.push(*d);
                SiteConfig::default()
            }
            Err(why) => {
                diags.push(
                    Diagnostic::error(
                        "invalid-option",
                        format!("[preprocessor.jekyll] site-config: {why}"),
                    )
                    .at("book.toml", None),
                );
                SiteConfig::default()
            }
        };
        let ctx = Context {
            root,
            src_dir,
            src,
            renderer: renderer.to_string(),
            options,
            settings,
            site,
            mdbook_version: mdbook_version.and_then(|v| semver::Version::parse(v.trim()).ok()),
        };
        let before_links = ctx
            .settings
            .table
            .as_ref()
            .and_then(|t| t.get("before"))
            .and_then(Value::as_array)
            .is_some_and(|before| before.iter().any(|v| v.as_str() == Some("links")));
        if ctx.settings.table.is_some() && !before_links {
            diags.push(
                Diagnostic::note(
                    "preprocessor-order",
                    "[preprocessor.jekyll] does not run before mdBook's `links` preprocessor, which \
                     removes the backslash of `\\{{#...}}`, so escaped shortcodes may be expanded",
                )
                .at("book.toml", None)
                .help("add `before = [\"links\"]` to [preprocessor.jekyll] (`mdbook-jekyll install` does)"),
            );
        }
        if let Some(warning) = site_outside_src(&ctx.root, &ctx.src, &ctx.options.site_config) {
            diags.push(warning);
        }
        if ctx.renderer == "html" && ctx.settings.no_section_label.is_none() {
            diags.push(
                Diagnostic::note(
                    "section-numbers",
                    "the sidebar shows section numbers, which Just the Docs does not; mdBook needs \
                     them to nest chapters, and hides them with `no-section-label`",
                )
                .at("book.toml", None)
                .help("add `no-section-label = true` to [output.html] (`mdbook-jekyll install` does), or set it to false to keep the numbers"),
            );
        }
        (ctx, diags)
    }

    /// How callouts are written: admonitions need mdBook 0.5 with `admonitions` on.
    pub fn callout_style(&self) -> crate::kramdown::CalloutStyle {
        let is_04 = self
            .mdbook_version
            .as_ref()
            .is_some_and(|v| v.major == 0 && v.minor < 5);
        if is_04 || !self.settings.admonitions || self.renderer != "html" {
            crate::kramdown::CalloutStyle::Blockquote
        } else {
            crate::kramdown::CalloutStyle::Admonition
        }
    }

    /// The site's `baseurl` (`_config.yml`), empty when not set.
    pub fn baseurl(&self) -> &str {
        self.site
            .data
            .get("baseurl")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// A path relative to `src` as messages show it: relative to the book root.
    pub fn display_path(&self, source: &Path) -> PathBuf {
        self.src.join(source)
    }

    /// The sibling text order: the option, else `_config.yml`, else case-sensitive.
    pub fn nav_sort(&self) -> NavSort {
        self.options
            .nav_sort
            .or_else(|| self.site.nav_sort())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(root: &Path, config: Value) -> Vec<String> {
        let (_, diags) = Context::new(root.to_path_buf(), &config, "html", Some("0.5.4"));
        diags
            .into_vec()
            .into_iter()
            .map(|d| d.code.to_string())
            .collect()
    }

    #[test]
    fn a_site_beside_book_toml_instead_of_in_src_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("_config.yml"), "title: Site\n").unwrap();
        std::fs::create_dir_all(root.join("src")).unwrap();
        assert!(codes(root, serde_json::json!({})).contains(&"site-outside-src".to_string()));
        let warning = site_outside_src(root, Path::new("src"), Path::new("_config.yml")).unwrap();
        assert_eq!(warning.file.as_deref(), Some(Path::new("book.toml")));
        assert!(
            warning
                .message
                .contains("outside `src`, where mdBook reads the book"),
            "{}",
            warning.message
        );
        // Not when the site is in `src`, nor when `src` is the book's folder itself.
        std::fs::write(root.join("src/_config.yml"), "title: Site\n").unwrap();
        assert!(!codes(root, serde_json::json!({})).contains(&"site-outside-src".to_string()));
        let book_is_site = serde_json::json!({"book": {"src": "."}});
        assert!(!codes(root, book_is_site).contains(&"site-outside-src".to_string()));
    }

    /// Found by a red-team review: a `site-config` leading out of the book was refused,
    /// then also reported as "in the book's folder, outside src".
    #[test]
    fn a_site_config_out_of_the_book_is_refused_not_called_misplaced() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(dir.path().join("_config.yml"), "title: Elsewhere\n").unwrap();
        assert!(site_outside_src(&root, Path::new("src"), Path::new("../_config.yml")).is_none());
        let config =
            serde_json::json!({"preprocessor": {"jekyll": {"site-config": "../_config.yml"}}});
        let codes = codes(&root, config);
        assert!(codes.contains(&"invalid-option".to_string()), "{codes:?}");
        assert!(
            !codes.contains(&"site-outside-src".to_string()),
            "{codes:?}"
        );
    }
}
