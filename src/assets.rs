//! Files shipped inside the binary and written into a book by `mdbook-jekyll install`.

/// The stylesheet: hides the pages outside the navigation from the sidebar, and styles the
/// shortcodes' HTML in mdBook's light and dark themes.
pub const STYLESHEET: &str = include_str!("../assets/mdbook-jekyll.css");

/// The stylesheet's file name in the book root.
pub const STYLESHEET_NAME: &str = "mdbook-jekyll.css";
