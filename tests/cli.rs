//! The command line: arguments, the protocol through the real binary, exit codes.

mod common;

use common::{TestBook, request, run_with_stdin, titles};

#[test]
fn version_and_help() {
    let book = TestBook::new("");
    let out = book.run(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("mdbook-jekyll {}", env!("CARGO_PKG_VERSION"))
    );
    let out = book.run(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for command in ["supports", "check", "summary"] {
        assert!(help.contains(command), "--help lists {command}: {help}");
    }
}

#[test]
fn supports_every_renderer() {
    let book = TestBook::new("");
    for renderer in ["html", "markdown", "epub", "anything"] {
        assert!(book.run(&["supports", renderer]).status.success());
    }
}

#[test]
fn answers_each_protocol_in_its_own_shape() {
    let book = TestBook::new("");
    let content = "---\ntitle: Front matter title\n---\nBody";
    for version in ["0.5.4", "0.4.52"] {
        let input = request(version, book.root(), &[("Name", "a.md", content)]);
        let out = run_with_stdin(&[], input.as_bytes());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let reply: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let items = if version.starts_with("0.4") {
            assert!(reply.get("items").is_none());
            assert!(reply.as_object().unwrap().contains_key("__non_exhaustive"));
            &reply["sections"]
        } else {
            assert!(reply.get("sections").is_none());
            &reply["items"]
        };
        let chapter = &items[0]["Chapter"];
        assert_eq!(chapter["name"], "Front matter title");
        assert_eq!(chapter["content"], "Body");
    }
}

#[test]
fn unsupported_version_is_one_line_and_fails() {
    let book = TestBook::new("");
    let input = request("0.6.0", book.root(), &[("A", "a.md", "text")]);
    let out = run_with_stdin(&[], input.as_bytes());
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("0.4.x and 0.5.x") && stderr.contains("0.6.0"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn malformed_input_fails_with_a_message() {
    for input in [&b""[..], b"[", b"not json", b"[{}, {}]"] {
        let out = run_with_stdin(&[], input);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("mdbook-jekyll: error:"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn unknown_options_are_named() {
    let book = TestBook::with_options("nav_sort = \"case_insensitive\"", "");
    let input = request("0.5.4", book.root(), &[("A", "a.md", "text")]);
    let input = input.replace(
        r#""preprocessor":{"jekyll":{}}"#,
        r#""preprocessor":{"jekyll":{"nav_sort":"case_insensitive"}}"#,
    );
    let out = run_with_stdin(&[], input.as_bytes());
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown option `nav_sort`") && stderr.contains("did you mean `nav-sort`?"),
        "{stderr}"
    );
}

#[test]
fn check_exit_status_follows_the_findings() {
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n");
    book.write("src/a.md", "---\ntitle: A\n---\n");
    book.write("src/b.md", "---\ntitle: B\nparent: A\n---\n");
    let out = book.run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("2 pages, 2 in the navigation: 0 errors, 0 warnings"),
        "{stdout}"
    );

    book.write("src/c.md", "---\ntitle: C\nparent: Z\n---\n");
    let out = book.run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("warning: src/c.md:3: parent \"Z\""),
        "{stdout}"
    );
}

/// Found by a red-team review: `check`, `summary` and `migrate` on a folder that does not
/// exist (a typo in a CI job) printed "0 pages" and succeeded.
#[test]
fn commands_on_a_folder_that_is_no_book_fail_saying_so() {
    let book = TestBook::new("");
    book.write("empty/.keep", "");
    book.write("other-src/book.toml", "[book]\nsrc = \"docs\"\n");
    for command in ["check", "summary", "migrate"] {
        for (folder, expected) in [
            (
                "missing",
                "there is no book at missing: no such folder; give the folder that holds book.toml",
            ),
            (
                "empty",
                "there is no book at empty: it has no `src` folder and no book.toml; give the folder that holds book.toml",
            ),
            (
                "other-src",
                "there is no book at other-src: it has no `docs` folder (book.toml's `src`); give the folder that holds book.toml",
            ),
        ] {
            let out = book.run(&[command, folder]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{command} {folder}: {stderr}");
            assert!(stderr.contains(expected), "{command} {folder}: {stderr}");
        }
    }
}

/// Found by a red-team review: `install` wrote its stylesheet through a symbolic link
/// planted in the book (replacing any file the link named), and created `src/SUMMARY.md`
/// where a link to nothing pointed. Every place is checked before anything is written.
#[test]
fn install_refuses_to_write_through_links_out_of_the_book() {
    let book = TestBook::new("");
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, "VICTIM").unwrap();
    let css = book.root().join("mdbook-jekyll.css");
    let _ = std::fs::remove_file(&css);
    std::os::unix::fs::symlink(&victim, &css).unwrap();
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    let out = book.run(&["install"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "refused: `mdbook-jekyll.css` leads outside the book through a symbolic link"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "VICTIM");
    assert_eq!(
        std::fs::read_to_string(book.root().join("book.toml")).unwrap(),
        toml,
        "nothing is written"
    );
    std::fs::remove_file(&css).unwrap();

    book.write("src/.keep", "");
    let _ = std::fs::remove_file(book.root().join("src/SUMMARY.md"));
    std::os::unix::fs::symlink(
        outside.path().join("new.md"),
        book.root().join("src/SUMMARY.md"),
    )
    .unwrap();
    let out = book.run(&["install"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("refused: `src/SUMMARY.md` goes through a symbolic link to nothing"),
        "{stderr}"
    );
    assert!(!outside.path().join("new.md").exists());
    assert!(!css.exists(), "nothing is written");

    // Found by a review: `src` is the user's to place, outside the book's folder or as a
    // link (a monorepo): `install` creates its SUMMARY.md there, as before.
    std::fs::remove_file(book.root().join("src/SUMMARY.md")).unwrap();
    let docs = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(book.root().join("src")).unwrap();
    std::os::unix::fs::symlink(docs.path(), book.root().join("src")).unwrap();
    let out = book.run(&["install"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(docs.path().join("SUMMARY.md")).unwrap(),
        "# Summary\n"
    );
}

#[test]
fn strict_fails_the_build_on_any_diagnostic() {
    let book = TestBook::with_options("strict = true", "");
    book.write("src/SUMMARY.md", "# Summary\n");
    book.write("src/a.md", "---\ntitle: A\n---\n");
    book.build_05().expect("a clean book builds in strict mode");
    book.write("src/c.md", "---\ntitle: C\nparent: Z\n---\n");
    let err = book.build_05().expect_err("an orphan fails a strict build");
    assert!(format!("{err:#}").contains("jekyll"), "{err:#}");
}

#[test]
fn summary_prints_the_implied_table_of_contents() {
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n");
    book.write("src/b.md", "---\ntitle: B\nnav_order: 2\n---\n");
    book.write("src/a.md", "---\ntitle: A\nnav_order: 1\n---\n");
    book.write("src/a/child.md", "---\ntitle: Child\nparent: A\n---\n");
    book.write("src/x.md", "---\ntitle: X\nnav_exclude: true\n---\n");
    let out = book.run(&["summary"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(
            "# Summary\n\n- [A](a.md)\n  - [Child](a/child.md)\n- [B](b.md)\n\n<!-- Built but outside the navigation"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("  X (x.md)"), "{stdout}");
}

/// Found by a red-team review: a page named `a%20b.md` was listed as it is, and mdBook,
/// which reads `%20` in SUMMARY.md as a space, created an empty `a b.md` and showed it
/// instead. Such a page is left out of the printed SUMMARY.md, with a warning, and the
/// book built from that SUMMARY.md still has it, placed by its front matter.
#[test]
fn summary_leaves_out_a_page_it_cannot_list() {
    let book = TestBook::new("");
    book.write("src/SUMMARY.md", "# Summary\n");
    book.write("src/a.md", "---\ntitle: A\nnav_order: 1\n---\n");
    book.write(
        "src/a%20b.md",
        "---\ntitle: Pct\nnav_order: 2\n---\nPercent page.\n",
    );
    book.write("src/a%20b/kid.md", "---\ntitle: Kid\nparent: Pct\n---\n");
    let out = book.run(&["summary"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stdout, "# Summary\n\n- [A](a.md)\n", "{stdout}");
    assert!(
        stderr.contains("src/a%20b.md: left out of this SUMMARY.md, with the pages under it: mdBook reads `%20` in SUMMARY.md as a space"),
        "{stderr}"
    );
    book.write("src/SUMMARY.md", &stdout);
    book.build_05().unwrap();
    assert!(!book.root().join("src/a b.md").exists());
    assert_eq!(titles(&book.sidebar()), ["A", "Pct", "  Kid"]);
    assert!(book.read_output("a%20b.html").contains("Percent page."));
}

/// Found by a red-team review: with `src = "../missing"`, `install` said the path was not
/// inside the book, though `src` may be outside it; the folder is what is missing.
#[test]
fn install_says_a_src_outside_the_book_is_missing() {
    let book = TestBook::new("");
    book.write(
        "book.toml",
        "[book]\ntitle = \"t\"\nsrc = \"../missing-src-folder\"\n",
    );
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    let out = book.run(&["install"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "the book's `src` folder (../missing-src-folder, set in book.toml) does not exist"
        ),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(book.root().join("book.toml")).unwrap(),
        toml
    );
}
