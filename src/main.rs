//! The `mdbook-jekyll` command: the preprocessor mdBook runs, and commands for authors.

use clap::{Parser, Subcommand};
use mdbook_jekyll::{logging, preprocessor, protocol, summary};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc: the run allocates and frees many page-sized strings on every core, where it
/// measured faster than the system allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Build Jekyll (Just the Docs) sites with mdBook: front matter, navigation from
/// parent/nav_order, and the mistakes Jekyll hides.
///
/// Without a command, runs as the mdBook preprocessor: reads `[context, book]` JSON on
/// standard input and writes the book JSON on standard output. Register it in book.toml
/// with `[preprocessor.jekyll]` and run `mdbook build`.
#[derive(Parser)]
#[command(name = "mdbook-jekyll", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Tell mdBook whether a renderer is supported (every renderer is): exit status 0.
    Supports {
        /// The renderer mdBook asks about, e.g. `html`.
        renderer: String,
    },
    /// Report every problem in a book without building it; exit status 1 when there are
    /// errors or warnings (notes do not count).
    Check {
        /// The book's root folder (holding book.toml).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
    },
    /// Set a book up for mdbook-jekyll: register the preprocessor in book.toml (keeping its
    /// comments), write the stylesheet, hide section numbers, and create src/SUMMARY.md if
    /// missing. Running it twice changes nothing.
    Install {
        /// The book's root folder (holding book.toml).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Keep mdBook's section numbers in the sidebar.
        #[arg(long)]
        numbered: bool,
    },
    /// Replace hand-written best-practice lists, service cards and <style> blocks with
    /// shortcodes and the stylesheet; report every list that differs from the page's real
    /// children. Without --write, print the changes as a unified diff.
    Migrate {
        /// The book's root folder (holding book.toml).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Write the changes instead of printing them.
        #[arg(long)]
        write: bool,
    },
    /// Print the SUMMARY.md that the pages' front matter implies.
    Summary {
        /// The book's root folder (holding book.toml).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
    },
}

/// mimalloc's `mi_option_purge_delay` (the bindings name the options before and after it,
/// not this one).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

fn main() -> ExitCode {
    // Give freed memory back at once rather than after mimalloc's default delay (a second in
    // the bundled mimalloc 3): a run frees and allocates page-sized strings in bursts, and
    // the delay raised the peak by up to half the input's size without making the run
    // faster (BENCHMARKS.md).
    // SAFETY: sets a documented option before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    // No transparent huge pages for this process: mimalloc asks for them on its arenas, and
    // each first touch then zeroes 2 MiB, also where a run uses a few pages of it and gives
    // them back soon after. Without them, a 10,000-page run zeroes 251 MiB instead of 411 MiB
    // and peaks 15 MB lower (BENCHMARKS.md). The flag is checked at each page fault, so it
    // also covers the arena mimalloc reserved before `main`.
    // SAFETY: a documented prctl with plain integer arguments; it fails harmlessly on
    // kernels without it.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0)
    };
    logging::init();
    std::panic::set_hook(Box::new(|info| {
        // Caught and reported as an error about the page (see `liquid_tags`).
        let file = info.location().map_or("", |l| l.file());
        if mdbook_jekyll::liquid_tags::panic_is_guarded_at(file) {
            return;
        }
        eprintln!(
            "mdbook-jekyll: internal error: {info}\n\
             This is a bug in mdbook-jekyll, not in your book. Please report it with the page \
             or book that triggers it (RUST_BACKTRACE=1 adds details)."
        );
    }));
    // Debug builds only: lets the test suite check what a user sees when a bug panics.
    #[cfg(debug_assertions)]
    if std::env::var_os("MDBOOK_JEKYLL_TEST_PANIC").is_some() {
        panic!("panic requested by MDBOOK_JEKYLL_TEST_PANIC");
    }
    let cli = Cli::parse();
    let result = match cli.command {
        None => preprocess(),
        Some(Command::Supports { .. }) => Ok(ExitCode::SUCCESS),
        Some(Command::Check { book_dir }) => check(book_dir),
        Some(Command::Summary { book_dir }) => print_summary(book_dir),
        Some(Command::Install { book_dir, numbered }) => install(book_dir, numbered),
        Some(Command::Migrate { book_dir, write }) => migrate(book_dir, write),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let mut message = format!("{e}");
            for cause in e.chain().skip(1) {
                message.push_str(&format!(": {cause}"));
            }
            eprintln!("mdbook-jekyll: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The preprocessor proper: standard input to standard output.
fn preprocess() -> anyhow::Result<ExitCode> {
    // Rust's standard output takes a closed descriptor for a sink that accepts everything,
    // so the book would be lost without a word.
    if !stdout_is_open() {
        anyhow::bail!(
            "standard output is closed, so the book cannot be given back to mdBook; \
             `mdbook-jekyll` without arguments is meant to be run by `mdbook build`"
        );
    }
    let input = read_all(std::io::stdin().lock())?;
    let (items, shape) = preprocessor::run_request(input)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    protocol::write_reply(&mut out, items, shape)
        .and_then(|()| out.flush())
        .map_err(|e| anyhow::anyhow!("cannot write the book to standard output: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Reads a stream whose size is not known (mdBook writes the book into a pipe) into one
/// buffer, without copying: the buffer first reserves 1 GiB of address space, and only the
/// pages the book fills are ever touched. Reading in chunks and joining them, or growing
/// the buffer by doubling, would copy the book and touch fresh memory for it once more.
/// A larger book grows the buffer as usual; where the reservation is refused (a strict
/// overcommit policy), the buffer simply grows from empty.
///
/// mdBook's request is a JSON array: input that starts otherwise (a file given by mistake,
/// `/dev/zero`) is refused after its first bytes, not read whole.
fn read_all(mut input: impl Read) -> anyhow::Result<Vec<u8>> {
    const ADDRESS_SPACE: usize = 1 << 30;
    const MOST_LEADING_SPACE: usize = 1 << 20;
    let mut book = Vec::new();
    let _ = book.try_reserve_exact(ADDRESS_SPACE);
    loop {
        let read = input.by_ref().take(1 << 16).read_to_end(&mut book)?;
        match book.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => break,
            None if read > 0 && book.len() < MOST_LEADING_SPACE => continue,
            // Empty input, or not JSON: the request's reader says what it found.
            None if read == 0 => return Ok(book),
            _ => {
                let start = String::from_utf8_lossy(&book[..book.len().min(40)]).into_owned();
                return Err(protocol::ProtocolError::Malformed(format!(
                    "it starts with {start:?}, where mdBook sends a JSON array (`[`)"
                ))
                .into());
            }
        }
    }
    input.read_to_end(&mut book)?;
    Ok(book)
}

/// Whether file descriptor 1 is open (`mdbook-jekyll >&-` closes it).
fn stdout_is_open() -> bool {
    #[cfg(target_os = "linux")]
    {
        !stdout_closed_at_start::CLOSED.load(std::sync::atomic::Ordering::Relaxed)
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

/// Rust's runtime opens `/dev/null` in place of a closed standard descriptor before `main`
/// runs, and every write to it succeeds: whether descriptor 1 was closed is recorded
/// earlier, by a constructor the loader runs before the runtime starts.
#[cfg(target_os = "linux")]
mod stdout_closed_at_start {
    use std::sync::atomic::{AtomicBool, Ordering};

    pub static CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn record() {
        // SAFETY: F_GETFD only reads the descriptor's flags.
        let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
        CLOSED.store(closed, Ordering::Relaxed);
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static RECORD: extern "C" fn() = record;
}

fn check(book_dir: PathBuf) -> anyhow::Result<ExitCode> {
    let book = mdbook_jekyll::load::load_book(&book_dir)?;
    let processed = preprocessor::process(book_dir, &book.config, "html", None, book.items);
    let diags = &processed.diagnostics;
    let mut out = std::io::stdout().lock();
    diags.write_all(&mut out)?;
    use mdbook_jekyll::diagnostics::Severity;
    let (errors, warnings, notes) = (
        diags.count(Severity::Error),
        diags.count(Severity::Warning),
        diags.count(Severity::Note),
    );
    let in_nav = processed.nav.walk_visible().len();
    writeln!(
        out,
        "{}, {in_nav} in the navigation: {}, {}, {}",
        count(processed.pages.len(), "page"),
        count(errors, "error"),
        count(warnings, "warning"),
        count(notes, "note"),
    )?;
    Ok(if errors + warnings > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn install(book_dir: PathBuf, numbered: bool) -> anyhow::Result<ExitCode> {
    let changes = mdbook_jekyll::install::install(&book_dir, numbered)?;
    if changes.is_empty() {
        println!("{}: already set up, nothing changed", book_dir.display());
    }
    for change in changes {
        println!("{change}");
    }
    Ok(ExitCode::SUCCESS)
}

fn migrate(book_dir: PathBuf, write: bool) -> anyhow::Result<ExitCode> {
    let migration = mdbook_jekyll::migrate::migrate(&book_dir)?;
    let mut err = std::io::stderr().lock();
    migration.report.write_all(&mut err)?;
    if write {
        migration.write(&book_dir)?;
        for change in &migration.files {
            println!("wrote {}", change.path.display());
        }
    } else {
        print!("{}", migration.diff());
    }
    let drift = migration
        .report
        .iter()
        .filter(|d| d.code == "list-drift")
        .count();
    writeln!(
        err,
        "{} ({drift} {} from the pages' children), {}, {}{}",
        count(migration.lists, "best-practice list"),
        if drift == 1 { "differs" } else { "differ" },
        count(migration.cards, "service card"),
        count(migration.styles, "<style> block"),
        if write {
            " migrated"
        } else {
            " to migrate (run with --write to apply)"
        }
    )?;
    Ok(ExitCode::SUCCESS)
}

fn print_summary(book_dir: PathBuf) -> anyhow::Result<ExitCode> {
    let book = mdbook_jekyll::load::load_book(&book_dir)?;
    let processed = preprocessor::process(book_dir, &book.config, "html", None, book.items);
    let mut diagnostics = processed.diagnostics.clone();
    diagnostics.extend(summary::unlistable_findings(
        &processed.items,
        &processed.context,
    ));
    diagnostics.log(20);
    print!("{}", summary::render(&processed.items));
    Ok(ExitCode::SUCCESS)
}

/// `1 page`, `2 pages`: a count and what it counts.
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}
