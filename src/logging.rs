//! Log lines on standard error, as mdBook writes them: levelled, quiet by default (warnings
//! and errors only), more with `MDBOOK_LOG` (mdBook 0.5) or `RUST_LOG` (mdBook 0.4), e.g.
//! `MDBOOK_LOG=debug`.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

/// The target every message of this crate is logged under, shown before the message.
pub const TARGET: &str = "mdbook-jekyll";

/// Installs the logger; call once, first thing in `main`.
pub fn init() {
    let variable = if std::env::var_os("MDBOOK_LOG").is_some() {
        "MDBOOK_LOG"
    } else {
        "RUST_LOG"
    };
    let filter = EnvFilter::builder()
        .with_env_var(variable)
        .with_default_directive(LevelFilter::WARN.into())
        .from_env_lossy();
    let _ = tracing_subscriber::fmt()
        .without_time()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .with_target(true)
        .try_init();
}
