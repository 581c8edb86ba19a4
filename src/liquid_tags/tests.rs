//! Liquid on small pages, through the whole pipeline.

use crate::test_support::{run_as, run_with};
use serde_json::json;

const CONFIG: &str =
    "title: Site <Title>\nbaseurl: /base\nurl: https://example.com\nteam: Docs team\n";

fn run(chapters: &[(&str, &str)]) -> crate::test_support::Run {
    run_with(
        "html",
        json!({}),
        chapters,
        &[
            ("_config.yml", CONFIG),
            (
                "_includes/note.html",
                "<aside class=\"note\">{{ include.text }} by {{ site.team }}</aside>",
            ),
        ],
    )
}

#[test]
fn raw_markers_disappear_and_protect_their_content() {
    let page = "---\ntitle: P\n---\n{% raw %}\n```\n{{ site.title }} {% if x %}\n```\n{% endraw %}\nText {% raw %}{{#best-practices}} {{ page.title }}{% endraw %} end\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(
        r.content("p.md"),
        "```\n{{ site.title }} {% if x %}\n```\nText {{#best-practices}} {{ page.title }} end\n"
    );
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

#[test]
fn raw_markers_inside_a_code_block_disappear_too() {
    let page = "---\ntitle: P\n---\n```\n{% raw %}\n{{ x }}\n{% endraw %}\n```\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(r.content("p.md"), "```\n{{ x }}\n```\n");
}

#[test]
fn missing_values_are_empty_and_page_url_has_no_baseurl() {
    let page = "---\ntitle: P\n---\n[{{ page.owner }}] [{{ site.nothing }}] {{ page.url }} {{ page.url | relative_url }}\n";
    let r = run(&[("docs/p.md", page)]);
    assert_eq!(
        r.content("docs/p.md"),
        "[] [] /docs/p.html /base/docs/p.html\n"
    );
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

#[test]
fn raw_markers_after_another_tag_in_the_same_code_block_disappear() {
    let page = "---\ntitle: P\n---\n```\n{% if x %}\n{% raw %}\n{{ y }}\n{% endraw %}\n```\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(r.content("p.md"), "```\n{% if x %}\n{{ y }}\n```\n");
}

#[test]
fn comments_disappear() {
    let r = run(&[(
        "p.md",
        "---\ntitle: P\n---\nA{% comment %} hidden {{ x }} {% endcomment %}B\n",
    )]);
    assert_eq!(r.content("p.md"), "AB\n");
}

#[test]
fn site_and_page_values_are_substituted() {
    let page = "---\ntitle: The page\nowner: Ann\n---\n{{ site.title }} / {{ page.title }} / {{ page.owner }} / {{ site.baseurl }} / {{ site.url }} / {{ \"/img/a.png\" | relative_url }} / {{ \"/x\" | absolute_url }} / {{ page.title | upcase }}\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(
        r.content("p.md"),
        "Site <Title> / The page / Ann / /base / https://example.com / /base/img/a.png / https://example.com/base/x / THE PAGE\n"
    );
}

#[test]
fn nothing_inside_code_is_touched() {
    let page = "---\ntitle: P\n---\nInline `{{ site.title }}` and `{% include note.html %}`.\n\n    {{ page.title }}\n\n```liquid\n{% comment %}x{% endcomment %}\n```\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(r.content("p.md"), &page["---\ntitle: P\n---\n".len()..]);
}

#[test]
fn pages_without_front_matter_are_not_liquid() {
    let page = "# Plain\n{{ site.title }} {% if x %}\n";
    let r = run(&[("plain.md", page)]);
    assert_eq!(r.content("plain.md"), page);
    assert!(r.warnings().is_empty());
}

#[test]
fn link_tags_become_links_to_the_page() {
    let r = run(&[
        (
            "docs/a.md",
            "---\ntitle: A\n---\n[B]({% link docs/sub/b.md %}) and [home]({% link index.md %})\n",
        ),
        ("docs/sub/b.md", "---\ntitle: B\n---\n"),
        ("index.md", "---\ntitle: Home\n---\n"),
    ]);
    // `{% link %}` gives the Jekyll URL (with baseurl); the link stage makes it relative.
    assert_eq!(
        r.content("docs/a.md"),
        "[B](sub/b.html) and [home](../index.html)\n"
    );
}

/// Found by a red-team review: `{% link {{ page.target }} %}` (Jekyll 4 renders Liquid in
/// the path) warned, and its inner `{{ }}` was rendered on its own, changing the tag left
/// as written. The path is rendered, then linked; a tag naming no page stays whole.
#[test]
fn link_tags_may_hold_liquid_in_their_path() {
    let r = run(&[
        (
            "docs/a.md",
            "---\ntitle: A\ntarget: docs/sub/b.md\nwrong: docs/nothing.md\n---\n[B]({% link {{ page.target }} %}) [X]({% link {{ page.wrong }} %})\n",
        ),
        ("docs/sub/b.md", "---\ntitle: B\n---\n"),
    ]);
    assert_eq!(
        r.content("docs/a.md"),
        "[B](sub/b.html) [X]({% link {{ page.wrong }} %})\n"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/docs/a.md:6:39: `{% link docs/nothing.md %}` names no page"),
        "{}",
        warnings[0]
    );
}

/// Found by a red-team review: `{% link %}` to a file whose path holds spaces gave
/// `/dir with space/my page.html`, which ends a Markdown link at the space. The URL is
/// percent-encoded, as Jekyll writes it, and the link stage then finds the page.
#[test]
fn link_tags_to_paths_with_spaces_are_links() {
    let r = run(&[
        (
            "a.md",
            "---\ntitle: A\n---\n[pl]({% link dir with space/my page.md %}) and {% link dir with space/my page.md %}\n",
        ),
        ("dir with space/my page.md", "---\ntitle: B\n---\n"),
    ]);
    assert_eq!(
        r.content("a.md"),
        "[pl](dir%20with%20space/my%20page.html) and /base/dir%20with%20space/my%20page.html\n"
    );
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

#[test]
fn includes_render_with_a_real_liquid_engine() {
    let page = "---\ntitle: P\n---\n{% include note.html text=\"Hello & welcome\" %}\n{% include missing.html %}\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(
        r.content("p.md"),
        // The include's one-line `<aside>…</aside>` ends its HTML block, as in kramdown.
        "<aside class=\"note\">Hello & welcome by Docs team</aside>\n\n{% include missing.html %}\n"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(
            "src/p.md:5:1: `{% include missing.html %}`: the site has no `_includes/missing.html`"
        ),
        "{}",
        warnings[0]
    );
}

#[test]
fn an_include_given_a_long_quoted_text_renders_it() {
    // Hundreds of `or`, `and` and full stops in a quoted argument: not nesting.
    let text = "Store more information. Understand the standard, and order it. ".repeat(40);
    let page = format!("---\ntitle: P\n---\n{{% include note.html text=\"{text}\" %}}\n");
    let r = run(&[("p.md", &page)]);
    assert_eq!(
        r.content("p.md"),
        format!("<aside class=\"note\">{text} by Docs team</aside>\n")
    );
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

#[test]
fn other_tags_pass_through_with_a_warning_naming_the_line() {
    let page = "---\ntitle: P\n---\nIntro\n\n{% if page.x %}shown{% endif %}\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(
        r.content("p.md"),
        "Intro\n\n{% if page.x %}shown{% endif %}\n"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/p.md:6:1: the Liquid tag `{% if %}` is not supported"),
        "{}",
        warnings[0]
    );
}

/// Found by a red-team review: `{{ a }}` inside a `{% for a in … %}` left as written
/// printed nothing (rendered alone, `a` has no value), and so did `{{ owner }}` after an
/// `{% assign owner = … %}`. What reads a variable such a tag sets is left as written too.
#[test]
fn what_reads_a_variable_of_a_tag_left_as_written_is_left_too() {
    let page = "---\ntitle: P\nauthors: [Ann, Bob]\n---\n{{ owner }}|\n{% for a in page.authors %}\n- {{ a }} {{ forloop.index }} {{ page.title | append: a }} {{ a.name }} {{ \"a\" }}\n{% include note.html text=a %}\n{% endfor %}\n{{ a }}|{{ forloop.index }}|\n{% assign owner = \"Ops team\" %}\nOwner: {{ owner | upcase }} {{ page.owner }}\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(
        r.content("p.md"),
        "|\n{% for a in page.authors %}\n- {{ a }} {{ forloop.index }} {{ page.title | append: a }} {{ a.name }} a\n{% include note.html text=a %}\n{% endfor %}\n||\n{% assign owner = \"Ops team\" %}\nOwner: {{ owner | upcase }} \n"
    );
    let warnings = r.warnings();
    for expected in [
        "src/p.md:7:3: `{{ a }}` reads `a`, which a `{% for %}` tag left as written sets; it is left as written too [liquid]",
        "src/p.md:7:11: `{{ forloop.index }}` reads `forloop`, which a `{% for %}` tag left as written sets",
        "src/p.md:7:31: `{{ page.title | append: a }}` reads `a`",
        "src/p.md:7:60: `{{ a.name }}` reads `a`",
        "src/p.md:8:1: `{% include note.html text=a %}` reads `a`",
        "src/p.md:12:8: `{{ owner | upcase }}` reads `owner`, which a `{% assign %}` tag left as written sets",
    ] {
        assert!(
            warnings.iter().any(|w| w.starts_with(expected)),
            "{expected}\n{warnings:#?}"
        );
    }
    // The tags themselves (for, endfor, assign) and the six outputs and include.
    assert_eq!(warnings.len(), 3 + 6, "{warnings:#?}");
}

/// Found by a review: names with `-` (`owner-name`) were recorded as `owner`, so their
/// outputs still printed nothing; and an include's file name and parameter names were
/// taken for reads (`{% include toc.html %}` after `{% capture toc %}` was not rendered).
#[test]
fn hyphenated_names_count_and_an_includes_name_and_keys_are_not_reads() {
    let page = "---\ntitle: P\n---\n{% assign owner-name = \"Ops\" %}\nA {{ owner-name }} {{ owner }}|\n{% capture note %}x{% endcapture %}\n{% include note.html text=\"Literal\" %}\n{% include note.html note=\"y\" %}\n{% include note.html text=note %}\n";
    let r = run(&[("p.md", page)]);
    let content = r.content("p.md");
    assert!(content.contains("A {{ owner-name }} |"), "{content}");
    assert_eq!(
        content.matches("<aside class=\"note\">").count(),
        2,
        "{content}"
    );
    assert!(
        content.contains("{% include note.html text=note %}"),
        "{content}"
    );
    let warnings = r.warnings();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("src/p.md:5:3: `{{ owner-name }}` reads `owner-name`")),
        "{warnings:#?}"
    );
    assert!(
        warnings.iter().any(
            |w| w.starts_with("src/p.md:9:1: `{% include note.html text=note %}` reads `note`")
        ),
        "{warnings:#?}"
    );
    // assign, capture, endcapture, and the two reads.
    assert_eq!(warnings.len(), 5, "{warnings:#?}");
}

/// Found by a red-team review: a lone `{% endraw %}` was "not supported", with the advice
/// to wrap it in raw markers.
#[test]
fn a_closing_tag_without_its_opening_says_so() {
    let page = "---\ntitle: P\n---\nA {% endraw %} B {% endcomment %} C {%- endhighlight -%}\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(
        r.content("p.md"),
        "A {% endraw %} B {% endcomment %} C {%- endhighlight -%}\n"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("src/p.md:4:3: `{% endraw %}` closes nothing: no `{% raw %}` opens before it; it is left as written [liquid]"),
        "{warnings:#?}"
    );
    assert!(
        warnings[2].contains("`{% endhighlight %}` closes nothing: no `{% highlight %}`"),
        "{warnings:#?}"
    );
}

#[test]
fn highlight_becomes_a_fenced_block() {
    let page =
        "---\ntitle: P\n---\n{% highlight ruby %}\ndef x; {{ y }}; end\n{% endhighlight %}\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(r.content("p.md"), "```ruby\ndef x; {{ y }}; end\n```\n");
}

/// Found by a red-team review: a backtick in the language made the opening fence text
/// (or a longer fence than the closing one), and the rest of the page was code. Jekyll
/// refuses such a name; here the block is shown without a language, with a warning.
#[test]
fn highlight_with_a_language_jekyll_refuses_has_none() {
    for tag in [
        "{% highlight ruby` %}",
        "{% highlight ` %}",
        "{% highlight <b> %}",
    ] {
        let page = format!("---\ntitle: P\n---\n{tag}\nx = 1\n{{% endhighlight %}}\n## After\n");
        let r = run(&[("p.md", &page)]);
        assert_eq!(r.content("p.md"), "```\nx = 1\n```\n## After\n", "{tag}");
        let warnings = r.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("characters Jekyll refuses"),
            "{warnings:?}"
        );
    }
    let page = "---\ntitle: P\n---\n{% highlight c++ %}\nx\n{% endhighlight %}\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(r.content("p.md"), "```c++\nx\n```\n");
    assert!(r.warnings().is_empty());
}

/// Found by trying the tool as a new user: in a list item the closing fence went to the
/// first column, which ended the list and turned the rest of the page into code; and a
/// body holding both ``` and ~~~~ lines was closed early by its own line.
#[test]
fn highlight_stays_in_its_list_item_or_quote_and_holds_any_fence() {
    let cases = [
        (
            "1. Step one:\n\n   {% highlight sh %}\n   echo hi\n   {% endhighlight %}\n\n2. Step two\n",
            "1. Step one:\n\n   ```sh\n   echo hi\n   ```\n\n2. Step two\n",
        ),
        (
            "> quoted {% highlight sh %}\n> echo hi\n> {% endhighlight %}\n\nAfter\n",
            "> quoted \n> ```sh\n> echo hi\n> ```\n\nAfter\n",
        ),
        (
            "* item {% highlight sh %}\n  echo hi\n  {% endhighlight %} and more\n",
            "* item \n  ```sh\n  echo hi\n  ```\n   and more\n",
        ),
        (
            "{% highlight md %}\n````\n~~~~\n````\n{% endhighlight %}\nAfter\n",
            "`````md\n````\n~~~~\n````\n`````\nAfter\n",
        ),
        (
            "Run {% highlight sh %}make{% endhighlight %} now\n",
            "Run \n```sh\nmake\n```\n now\n",
        ),
        // Blank lines at the start and end of the code go, as in Jekyll.
        (
            "{% highlight sh %}\n\n  \necho hi\n\necho bye\n\n\n{% endhighlight %}\nAfter\n",
            "```sh\necho hi\n\necho bye\n```\nAfter\n",
        ),
        (
            "> {% highlight sh %}\n>\n> echo hi\n>\n> {% endhighlight %}\n",
            "> ```sh\n> echo hi\n> ```\n",
        ),
        (
            "{% highlight sh %}\n\n{% endhighlight %}\nAfter\n",
            "```sh\n```\nAfter\n",
        ),
        // Found by a red-team review: code written at the first column in a list item or
        // a quote (Jekyll does not mind) left the container, and the fence that closed it
        // opened a code block holding the rest of the page.
        (
            "1. Build it:\n   {% highlight sh %}\nmake all\n  make install\n   {% endhighlight %}\n2. Run it.\n\n## Next\n",
            "1. Build it:\n   ```sh\n   make all\n     make install\n   ```\n2. Run it.\n\n## Next\n",
        ),
        (
            "> {% highlight sh %}\n> echo hi\necho lazy\n> {% endhighlight %}\n\nAfter\n",
            "> ```sh\n> echo hi\n> echo lazy\n> ```\n\nAfter\n",
        ),
        // Found by a review of that fix: code on the tag's own line got the container twice.
        (
            "1. Install:\n   {% highlight bash %}npm install{% endhighlight %}\n",
            "1. Install:\n   ```bash\n   npm install\n   ```\n",
        ),
        (
            "> {% highlight bash %}npm install{% endhighlight %}\n",
            "> ```bash\n> npm install\n> ```\n",
        ),
    ];
    for (body, expected) in cases {
        let page = format!("---\ntitle: P\n---\n{body}");
        let r = run(&[("p.md", &page)]);
        assert_eq!(r.content("p.md"), expected, "{body}");
        assert!(r.warnings().is_empty(), "{body}: {:?}", r.warnings());
    }
}

#[test]
fn line_numbers_after_removed_markers_are_the_files() {
    let page = "---\ntitle: P\n---\n{% raw %}\nraw\n{% endraw %}\n\n{{#service-card}}\n";
    let r = run(&[("p.md", page)]);
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("src/p.md:8:1:"), "{}", errors[0]);
}

#[test]
fn callouts_follow_the_mdbook_version() {
    let page = "---\ntitle: P\n---\n{: .warning }\nCareful.\n";
    let r = run_as("html", Some("0.5.4"), json!({}), &[("p.md", page)], &[]);
    assert_eq!(r.content("p.md"), "> [!WARNING]\n> Careful.\n");
    let r = run_as("html", Some("0.4.52"), json!({}), &[("p.md", page)], &[]);
    assert!(
        r.content("p.md")
            .starts_with("<blockquote class=\"mdbook-jekyll-callout warning\">")
    );
}

#[test]
fn unknown_filters_are_reported() {
    let page = "---\ntitle: P\n---\n\n\n\n{{ page.summary | markdownify }}\n";
    let r = run(&[("docs/identity.md", page)]);
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(
            "src/docs/identity.md:7:1: cannot render `{{ page.summary | markdownify }}`"
        ),
        "{}",
        warnings[0]
    );
}

/// Found by the `text` fuzz target: the `liquid` crate panics on an integer beyond 64 bits.
/// The page builds, the expression is left as written, and the warning names its line.
#[test]
fn an_integer_too_large_for_liquid_is_a_warning_not_a_panic() {
    let page = "---\ntitle: P\n---\nBefore {{ 99999999999999999999 }} after {{ site.team }}.\n";
    let r = run(&[("docs/big.md", page)]);
    assert_eq!(
        r.content("docs/big.md"),
        "Before {{ 99999999999999999999 }} after Docs team.\n"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/docs/big.md:4:8: cannot render `{{ 99999999999999999999 }}`: the Liquid engine cannot read a number this large (more than 64 bits)"),
        "{}",
        warnings[0]
    );
    assert!(!crate::liquid_tags::panic_is_guarded());
}

/// The same panic in an include is caught once, when the includes are read, and reported
/// as being in `_includes`.
#[test]
fn an_integer_too_large_in_an_include_is_a_warning_naming_includes() {
    let page = "---\ntitle: P\n---\n{{ site.team }} {% include big.html %}\n";
    let r = run_with(
        "html",
        json!({}),
        &[("docs/p.md", page)],
        &[
            ("_config.yml", CONFIG),
            ("_includes/big.html", "{{ 99999999999999999999 }}"),
        ],
    );
    assert_eq!(
        r.content("docs/p.md"),
        "{{ site.team }} {% include big.html %}\n"
    );
    let warnings = r.warnings();
    assert!(!warnings.is_empty(), "{warnings:?}");
    assert!(
        warnings.iter().all(
            |w| w.contains("in `_includes`: the Liquid engine cannot read a number this large")
        ),
        "{warnings:?}"
    );
}

#[test]
fn a_missing_value_is_nil_so_default_applies_at_any_depth() {
    let page = "---\ntitle: P\ntags: [a, b]\nmeta: {k: v}\n---\n{{ page.owner | default: \"nobody\" }} / {{ page.a.b.c | default: \"deep\" }} / {{ site.nothing | default: \"s\" }} / {{ undefined | default: \"top\" }} / {{ page.tags[5] | default: \"none\" }} / {{ page.meta.x | default: \"mx\" }} / {{ page.title | default: \"unused\" }}\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(
        r.content("p.md"),
        "nobody / deep / s / top / none / mx / P\n"
    );
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

#[test]
fn lookups_that_exist_are_unchanged() {
    let page = "---\ntitle: P\ntags: [a, b, c]\nmeta: {k: v}\n---\n{{ page.tags.size }} {{ page.meta.size }} {{ page.meta.k }} {{ page.tags[1] }} {{ page.tags[-1] }} {{ page.tags.first }} {{ page.title.size }} {{ page.tags | join: \",\" }}\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(r.content("p.md"), "3 1 v b c a 1 a,b,c\n");
}

#[test]
fn an_include_renders_without_the_parameters_it_tests_for() {
    let include = "{% if include.title %}<b>{{ include.title }}</b>{% endif %}[{{ include.note | default: \"no note\" }}]{% for x in include.items %}<{{ x }}>{% endfor %}{% assign v = \"set\" %}{{ v }}";
    let page = "---\ntitle: P\ntags: [a, b]\n---\nA {% include box.html title=\"T\" items=page.tags %}\n\nB {% include box.html %}\n\nC {% include box.html title=page.missing %}\n";
    let r = run_with(
        "html",
        json!({}),
        &[("p.md", page)],
        &[("_includes/box.html", include)],
    );
    assert_eq!(
        r.content("p.md"),
        "A <b>T</b>[no note]<a><b>set\n\nB [no note]set\n\nC [no note]set\n"
    );
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

#[test]
fn a_filter_given_a_missing_value_prints_nothing_as_in_jekyll() {
    let without =
        "---\ntitle: P\n---\n[{{ page.tags | join: \", \" }}] [{{ page.tags | sort | first }}]\n";
    let with = "---\ntitle: Q\ntags: [b, a]\n---\n[{{ page.tags | join: \", \" }}] [{{ page.tags | sort | first }}]\n";
    let r = run(&[("p.md", without), ("q.md", with)]);
    assert_eq!(r.content("p.md"), "[] []\n");
    assert_eq!(r.content("q.md"), "[b, a] [a]\n");
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

#[test]
fn an_empty_key_is_nil_and_urls_of_nil_are_nil() {
    let page = "---\ntitle: P\nauthor:\nimage: /img/a.png\n---\n[{{ page.author.name | default: \"anon\" }}] [{{ page.logo | relative_url }}] [{{ page.logo | absolute_url }}] [{{ page.image | relative_url }}]\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(r.content("p.md"), "[anon] [] [] [/base/img/a.png]\n");
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

#[test]
fn an_include_without_parameters_sees_the_parameters_of_the_one_including_it() {
    let r = run_with(
        "html",
        json!({}),
        &[(
            "p.md",
            "---\ntitle: P\n---\n{% include outer.html title=\"T\" %} {% include inner.html %}\n",
        )],
        &[
            ("_includes/outer.html", "outer:{% include inner.html %}"),
            (
                "_includes/inner.html",
                "inner[{{ include.title | default: \"none\" }}]",
            ),
        ],
    );
    assert_eq!(r.content("p.md"), "outer:inner[T] inner[none]\n");
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

#[test]
fn an_include_the_engine_cannot_finish_is_a_warning_naming_the_missing_value() {
    let r = run_with(
        "html",
        json!({}),
        &[(
            "p.md",
            "---\ntitle: P\nlinks:\n  - title: A\n  - url: /b\n---\nL {% include loop.html items=page.links %}\n\nJ {% include join.html %}\n",
        )],
        &[
            (
                "_includes/loop.html",
                "{% for x in include.items %}[{{ x.title }}]{% endfor %}",
            ),
            ("_includes/join.html", "{{ include.tags | join: \", \" }}"),
        ],
    );
    // Left as written, each with a warning: never an include silently gone.
    assert_eq!(
        r.content("p.md"),
        "L {% include loop.html items=page.links %}\n\nJ {% include join.html %}\n"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with(
            "src/p.md:7:3: cannot render `{% include loop.html items=page.links %}`: `x.title` is missing"
        ),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1].starts_with("src/p.md:9:3: cannot render `{% include join.html %}`: Invalid input (Array of strings expected), in the filter `join : \", \"` given `nil`"),
        "{}",
        warnings[1]
    );
}

/// Found by trying the tool as a new user: an include that includes itself overflowed the
/// stack and aborted the build. Now the page builds, the tag is left as written, and the
/// warning says why.
#[test]
fn an_include_that_includes_itself_is_a_warning_not_a_stack_overflow() {
    let r = run_with(
        "html",
        json!({}),
        &[(
            "p.md",
            "---\ntitle: P\n---\nA {% include self.html %}\n\nB {% include ping.html %}\n\nC {% include note.html text=\"ok\" %}\n",
        )],
        &[
            ("_config.yml", CONFIG),
            (
                "_includes/note.html",
                "<aside class=\"note\">{{ include.text }} by {{ site.team }}</aside>",
            ),
            ("_includes/self.html", "x{% include self.html %}"),
            ("_includes/ping.html", "ping {% include pong.html %}"),
            ("_includes/pong.html", "pong {% include ping.html %}"),
        ],
    );
    assert_eq!(
        r.content("p.md"),
        "A {% include self.html %}\n\nB {% include ping.html %}\n\nC <aside class=\"note\">ok by Docs team</aside>\n"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    for (warning, at, name) in [
        (&warnings[0], "src/p.md:4:3:", "self.html"),
        (&warnings[1], "src/p.md:6:3:", "ping.html"),
    ] {
        assert!(warning.starts_with(at), "{warning}");
        assert!(
            warning.contains("includes nest more than 16 deep at `")
                && warning.contains(&format!("`{{% include {name} %}}`")),
            "{warning}"
        );
    }
    // Nesting is counted per render: the next page starts from the top again.
    assert!(!crate::liquid_tags::panic_is_guarded());
}

/// Found by trying the tool as a new user: liquid-lib's `divided_by` and `modulo` panic on
/// the one 64-bit division that overflows; the page builds with a warning instead.
#[test]
fn arithmetic_that_overflows_in_a_filter_is_a_warning_not_a_panic() {
    let page = "---\ntitle: P\nm: -9223372036854775808\n---\nA {{ -9223372036854775808 | divided_by: -1 }} B {{ page.m | modulo: -1 }} C {{ 7 | divided_by: 2 }}\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(
        r.content("p.md"),
        "A {{ -9223372036854775808 | divided_by: -1 }} B {{ page.m | modulo: -1 }} C 3\n"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    for warning in &warnings {
        assert!(
            warning.contains("the Liquid engine stopped on arithmetic beyond 64-bit integers"),
            "{warning}"
        );
    }
    assert!(warnings[0].starts_with("src/p.md:5:3:"), "{}", warnings[0]);
    assert!(!crate::liquid_tags::panic_is_guarded());
}

/// Found by trying the tool as a new user: `{% include {{ page.box }} %}` (a Jekyll feature)
/// was reported as "the site has no `_includes/{{`", while the expression inside the tag
/// was rendered on its own, so the tag was not left as written after all.
#[test]
fn an_include_named_by_an_expression_renders_that_file() {
    let r = run_with(
        "html",
        json!({}),
        &[(
            "p.md",
            "---\ntitle: P\nbox: note.html\n---\nA {% include {{ page.box }} text=\"hi\" %}\n\nB {% include {{ page.nothing }} %}\n\nC {% if page.x == \"{{ page.box }}\" %}\n",
        )],
        &[
            ("_config.yml", CONFIG),
            (
                "_includes/note.html",
                "<aside class=\"note\">{{ include.text }} by {{ site.team }}</aside>",
            ),
        ],
    );
    assert_eq!(
        r.content("p.md"),
        "A <aside class=\"note\">hi by Docs team</aside>\n\nB {% include {{ page.nothing }} %}\n\nC {% if page.x == \"{{ page.box }}\" %}\n"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/p.md:7:3: cannot render `{% include {{ page.nothing }} %}`: the name `{{ page.nothing }}` gives nothing"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1].starts_with("src/p.md:9:3: the Liquid tag `{% if %}` is not supported"),
        "{}",
        warnings[1]
    );
}

/// Found by a red-team review: `./x.html` and `d//y.html` name includes in Jekyll, and here
/// failed with `Unknown partial-template`.
#[test]
fn include_names_with_dot_and_double_slash_render_as_in_jekyll() {
    let r = run_with(
        "html",
        json!({}),
        &[(
            "p.md",
            "---\ntitle: P\n---\nA {% include ./note.html %} B {% include d//y.html %} C {% include ./d/./y.html %}\n",
        )],
        &[("_includes/note.html", "NOTE"), ("_includes/d/y.html", "Y")],
    );
    assert_eq!(r.content("p.md"), "A NOTE B Y C Y\n");
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

/// Found by trying the tool as a new user: an include name that leads out of `_includes`
/// was reported as missing, though the file exists; it is refused, and the message says so.
#[test]
fn an_include_outside_includes_is_refused_with_the_reason() {
    let r = run_with(
        "html",
        json!({}),
        &[(
            "p.md",
            "---\ntitle: P\n---\nA {% include ../secret.html %}\n\nB {% include /etc/passwd %}\n",
        )],
        &[("secret.html", "secret"), ("_includes/x.html", "x")],
    );
    assert_eq!(
        r.content("p.md"),
        "A {% include ../secret.html %}\n\nB {% include /etc/passwd %}\n"
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/p.md:4:3: `{% include ../secret.html %}`: refused: `../secret.html` points outside `_includes` (includes are read from `_includes/` only, as in Jekyll's safe mode)"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1]
            .contains("refused: `/etc/passwd` is an absolute path; give a path inside `_includes`"),
        "{}",
        warnings[1]
    );
}

/// Only the `liquid` crates' panics become errors about the page: a panic of this crate's
/// own code inside a guarded render (a filter, the include tag) is a bug, and goes on.
#[test]
fn only_the_liquid_crates_panics_are_caught() {
    assert!(!crate::liquid_tags::panic_is_guarded_at(
        "/x/liquid-lib-0.26.11/src/stdlib/filters/math.rs"
    ));
    // As the hook sees a panic of liquid-lib: caught and turned into an error.
    let caught = super::guarded(|| -> Result<(), String> {
        assert!(crate::liquid_tags::panic_is_guarded_at(
            "/x/liquid-lib-0.26.11/src/stdlib/filters/math.rs"
        ));
        panic!("attempt to divide with overflow")
    });
    assert!(caught.unwrap_err().contains("beyond 64-bit integers"));
    // As the hook sees a panic of this crate: it unwinds through `guarded`.
    let escaped = std::panic::catch_unwind(|| {
        super::guarded(|| -> Result<(), String> {
            assert!(!crate::liquid_tags::panic_is_guarded_at(
                "src/liquid_tags/include.rs"
            ));
            panic!("a bug")
        })
    });
    assert!(escaped.is_err());
    assert!(!crate::liquid_tags::panic_is_guarded());
}

/// A tag that is never closed does not swallow the page up to the next tag's `%}`: the
/// scan goes on inside it, so the raw block after it still protects its content.
#[test]
fn an_unclosed_tag_does_not_hide_the_tags_after_it() {
    let page = "---\ntitle: P\n---\n{% if x }\n\n{% raw %}\n{{ secret }}\n{% endraw %}\n\n{% include {{ page.kind }}.html %} {% include cards/{{ page.kind }}.html %}\n";
    let r = run_with(
        "html",
        json!({}),
        &[(
            "p.md",
            &page.replace("title: P\n", "title: P\nkind: note\n"),
        )],
        &[
            ("_includes/note.html", "N"),
            ("_includes/cards/note.html", "C"),
        ],
    );
    assert_eq!(r.content("p.md"), "{% if x }\n\n{{ secret }}\n\nN C\n");
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(
            "src/p.md:5:1: `{% if` is never closed: another `{%` opens before its `%}`"
        ),
        "{}",
        warnings[0]
    );
}

/// Found by trying the tool as a new user: a syntax error said only `liquid:  --> 1:4`.
#[test]
fn a_syntax_error_says_where_and_what_was_expected() {
    let page = "---\ntitle: P\n---\nA {{ page.title | }}\n";
    let r = run(&[("p.md", page)]);
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/p.md:4:3: cannot render `{{ page.title | }}`: the Liquid engine cannot read it at character 17 of the expression: expected Identifier; it is left as written"),
        "{}",
        warnings[0]
    );
}

#[test]
fn nesting_depth_counts_blocks_and_brackets_but_not_raw() {
    use super::nesting_depth;
    assert_eq!(nesting_depth("plain text"), 0);
    assert_eq!(nesting_depth("plain [text] (here)"), 1);
    assert_eq!(nesting_depth("{{ page.x }}"), 1);
    // Found by a red-team review: the engine recurses on each segment of a path, each `or`
    // and `and`, and each `elsif` branch; 20,000 `.x` overflowed its stack.
    assert_eq!(
        nesting_depth(&format!("{{{{ page{} }}}}", ".x".repeat(70))),
        70
    );
    assert_eq!(nesting_depth("{% if a or b and c %}x{% endif %}"), 3);
    assert_eq!(
        nesting_depth(&format!("{{{{ page{} }}}}", "[0]".repeat(70))),
        71
    );
    // `raw-` is another tag name, not `raw`: what follows is counted.
    assert_eq!(
        nesting_depth(&format!("{{% raw- %}}{}", "{% if a %}".repeat(70))),
        70
    );
    // The engine reads a tag it cannot parse again from inside: the tag opened after a stray
    // quote is followed to its own closer.
    assert_eq!(
        nesting_depth(&format!(
            "{{% ' {{% if a or '%}}'{} %}}",
            " or a".repeat(70)
        )),
        1 + 71
    );
    assert_eq!(
        nesting_depth(&format!(
            "{{% if \"a\"{} %}}{{% endif %}}",
            "or\"a\"".repeat(70)
        )),
        71
    );
    assert_eq!(
        nesting_depth(&format!(
            "{{% comment %}}{{% raw x %}}{}{{% endcomment %}}",
            "{% if a %}".repeat(70)
        )),
        71
    );
    // A quoted string is one literal to the engine: the words and full stops of a long
    // argument are not a chain (they were counted, and refused, before).
    let prose = "Store more information. Understand the standard, and order it. ".repeat(40);
    assert_eq!(
        nesting_depth(&format!("{{% include note.html text=\"{prose}\" %}}")),
        // The full stop of `note.html`.
        1
    );
    assert_eq!(
        nesting_depth(&format!("{{{{ '{prose}' | append: a.b }}}}")),
        1
    );
    // The deepest blocks and the longest chain are counted apart, and added.
    assert_eq!(
        nesting_depth("{% if a %}x{% endif %}{{ a.b }} {{ c.d }}"),
        2
    );
    assert_eq!(
        nesting_depth(
            "{% if a %}1{% elsif b %}2{% elsif c %}3{% else %}4{% endif %}{% if d %}{% endif %}"
        ),
        3
    );
    assert_eq!(
        nesting_depth(&format!(
            "{}{}{}",
            "{% if a %}{% elsif b %}{% endif %}".repeat(50),
            "{% for x in y %}".repeat(2),
            "{% endfor %}".repeat(2)
        )),
        // Two blocks, and the `or` of the inner `for` (counted inside words too).
        3
    );
    // A bracket counts twice: a level of nesting, and a segment of the path.
    assert_eq!(nesting_depth("{{ page[page[\"x\"]] }}"), 4);
    assert_eq!(
        nesting_depth("{% if a %}{% for b in c %}{{ d[0] }}{% endfor %}{% endif %}"),
        4
    );
    assert_eq!(
        nesting_depth("{%- if a -%}{%- endif -%}{% if b %}{% endif %}"),
        1
    );
    assert_eq!(
        nesting_depth("{% raw %}{% if %}{% if %}{% if %}{% endraw %}{% if x %}{% endif %}"),
        1
    );
    // Tag boundaries are not trusted: the engine reads on past a closer in a string, and
    // past a tag it cannot parse (a quote never closed).
    assert_eq!(nesting_depth("{{ \"}}\" | append: a[b[c]] }}"), 4);
    assert_eq!(
        nesting_depth("{% assign a = '%}' | append: x[y[z[0]]] %}"),
        6
    );
    assert_eq!(nesting_depth("{{ \"x }}\n{{ a[b[c[0]]] }}"), 6);
    assert_eq!(
        nesting_depth(
            "{% comment %}{{ \"{% endcomment %}{% if a %}{% if b %}{% endif %}{% endif %}"
        ),
        3
    );
    // A closing tag inside a string closes nothing, however often it is repeated.
    let hidden = format!(
        "{}{{{{ \"{}\" }}}}",
        "{% if a %}".repeat(40),
        "{% endif %}".repeat(40)
    );
    assert_eq!(nesting_depth(&hidden.repeat(3)), 120);
    // Quoted brackets count as nesting too (an overcount only refuses a template), but not
    // as path segments.
    assert_eq!(nesting_depth("{{ \"[[[\" }}"), 3);
    // Unclosed brackets count to the end of the text, once; a tag never closed is no tag,
    // and has no chain.
    assert_eq!(nesting_depth("{{ a[b[c"), 2);
    assert_eq!(nesting_depth(&"{% if x %}".repeat(100)), 100);
}

/// A refused include is named only when it is the one asked for: the engine's message
/// names other includes too, and a refused `a.html` was blamed where `data.html` was named.
#[test]
fn a_refused_include_is_named_only_when_it_is_the_one_asked_for() {
    let r = run_with(
        "html",
        json!({}),
        &[(
            "p.md",
            "---\ntitle: P\n---\nA {% include data.html %}\n\nB {% include a.html %}\n",
        )],
        &[
            ("_includes/data.html", "data {% include boa.html %}"),
            (
                "_includes/a.html",
                &"{% if true %}".repeat(crate::liquid_tags::MAX_NESTING + 1),
            ),
        ],
    );
    let warnings = r.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("src/p.md:4:3: cannot render `{% include data.html %}`:")
            && !warnings[0].contains("`_includes/a.html` is not used"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1].starts_with("src/p.md:6:3: cannot render `{% include a.html %}`: `_includes/a.html` is not used: its Liquid nests more than 64 levels deep"),
        "{}",
        warnings[1]
    );
}

/// Found by a review: `{%` inside a quoted value made a closed tag "never closed"; Jekyll
/// reads the tag to its `%}` and the include renders.
#[test]
fn an_opening_inside_a_quoted_value_does_not_unclose_the_tag() {
    let page = "---\ntitle: P\n---\n{% include note.html text=\"The {% opens a tag\" %}\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(
        r.content("p.md"),
        "<aside class=\"note\">The {% opens a tag by Docs team</aside>\n"
    );
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
}

/// Found by a red-team review: Jekyll 4's `render_with_liquid: false` (pages that
/// document Liquid) was ignored, and the page's Liquid rendered.
#[test]
fn render_with_liquid_false_keeps_the_pages_liquid() {
    let body = "Use {{ page.title }} and {% include note.html text=\"x\" %}, {% raw %}{{ a }}{% endraw %}.\n";
    let page = format!("---\ntitle: P\nrender_with_liquid: false\n---\n{body}");
    let r = run(&[("p.md", &page)]);
    assert_eq!(r.content("p.md"), body);
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
    let page = format!("---\ntitle: P\nrender_with_liquid: true\n---\n{body}");
    let r = run(&[("p.md", &page)]);
    assert!(
        r.content("p.md").starts_with("Use P and <aside"),
        "{}",
        r.content("p.md")
    );
}

/// What Liquid writes is read again as Markdown: HTML it writes ends where kramdown ends
/// it, and a comment it opens hides an attribute line (the extents of the page as written
/// are not those of the page Liquid returns).
#[test]
fn html_written_by_liquid_is_read_as_written() {
    let page = "---\ntitle: P\nhtml: \"<div>\\n</div>\\n\"\nopen: \"<!--\\n\"\n---\n{{ page.html }}## Heading\n\n{{ page.open }}{: .note }\n-->\nText with `code`\n";
    let r = run(&[("p.md", page)]);
    assert_eq!(
        r.content("p.md"),
        "<div>\n</div>\n\n## Heading\n\n<!--\n{: .note }\n-->\nText with `code`\n"
    );
}
