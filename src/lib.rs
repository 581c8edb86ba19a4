//! `mdbook-jekyll` builds Jekyll sites (the Just the Docs theme) with mdBook.
//!
//! As an mdBook preprocessor it reads and strips each page's YAML front matter, rebuilds the
//! book's chapter tree from `parent` / `nav_order` exactly as Just the Docs orders its
//! sidebar (finding pages `SUMMARY.md` does not list), and reports the mistakes Jekyll hides.
//! The binary is a thin command line over [`preprocessor::run_request`]; Rust users can register
//! [`Jekyll`] with mdBook's API instead.
//!
//! One module per stage: [`protocol`] (JSON in and out), [`pages`] and [`frontmatter`]
//! (reading each page once; [`read_ahead`] starts on the YAML while the JSON is
//! parsed), [`discover`] (pages on disk), [`nav`] (the navigation),
//! [`assemble`] (the book's chapters), with [`diagnostics`] shared by all.

pub mod assemble;
pub mod assets;
pub mod context;
pub mod diagnostics;
pub mod discover;
pub mod edit;
pub mod frontmatter;
pub mod install;
pub mod kramdown;
pub mod links;
pub mod liquid_tags;
pub mod load;
pub mod logging;
pub mod markdown;
pub mod migrate;
pub mod nav;
pub mod options;
pub mod pages;
pub mod paths;
pub mod preprocessor;
pub mod protocol;
pub mod read_ahead;
pub mod shortcodes;
pub mod site;
pub mod suggest;
pub mod summary;
pub mod transform;

#[cfg(test)]
mod test_support;

pub use preprocessor::Jekyll;
