"""`mlblog import`: constructs of themes and plugins the importer once left behind
(Chirpy's prompts and tabs, Hexo's blockquote and link tags, Hugo's relative aliases,
Jekyll's raw tags), each imported from a small old site and then built."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SiteFactory, build_site, read, write_files
from mlblog.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    """The exit code, the summary and the lines of stderr."""
    code = main(["import", *args])
    captured = capsys.readouterr()
    return code, captured.out.strip().split("\n\n")[0], captured.err.splitlines()


def body(html: str) -> str:
    """A post's or page's text, between its header and the links to the next."""
    return html[html.index('<div class="post-body') : html.index("</article>")]


def _built_post(site: Path, page: str) -> str:
    """The article of `page` after building `site`, which must build without a warning."""
    result = build_site(site)
    assert result.ok and result.report.warnings == [], result.report.items
    return body(read(site, page))


def _imported_one(
    capsys: pytest.CaptureFixture[str], make_site: SiteFactory, old: Path
) -> tuple[Path, str]:
    """A new site with the one post of the Jekyll site `old` imported: the site, and the
    Markdown the import wrote (the import said nothing)."""
    site = make_site()
    code, _, err = run(capsys, "jekyll", str(old), "--site", str(site))
    assert code == 0 and err == [], err
    [post] = (site / "content/posts").rglob("*.md")
    return site, post.read_text("utf-8")


def test_chirpy_prompts_become_callouts(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chirpy draws a quote with `{: .prompt-tip }` under it as a coloured box; the
    import dropped the attribute line and left a plain quote."""
    old = tmp_path / "old"
    write_files(old, {
        "_posts/2024-03-01-vit.md": """\
            ---
            title: ViT
            ---
            > 显存不够时先减小 batch。
            {: .prompt-tip }

            Between.
            > An info line
            lazily continued
            {: .prompt-info }

            1. A step

               > Careful **here**.
               {: .prompt-warning }

            > Never do this.
            {: .prompt-danger }

            > A plain quote.
            {: .small }
            """,
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, "jekyll", str(old), "--site", str(site))
    assert code == 0 and err == [], err
    assert out.endswith("0 constructs left unconverted")
    html = _built_post(site, "posts/vit/index.html")
    assert '<div class="admonition tip">\n<p class="admonition-title">提示</p>\n<p>显存不够' in html
    assert '<div class="admonition info">' in html
    assert "<p>An info line\nlazily continued</p>" in html
    assert "<p>Between.</p>" in html  # the paragraph above the quote is not in the box
    assert '<div class="admonition warning">' in html
    assert "Careful <strong>here</strong>." in html
    assert '<div class="admonition danger">' in html
    assert "<blockquote>\n<p>A plain quote.</p>\n</blockquote>" in html
    assert "prompt" not in html and "{:" not in html


def test_chirpy_prompts_after_a_blank_line_a_list_or_inside_the_quote(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """The attribute line as the quote's own last line (`> {: .prompt-danger }`) was
    dropped and the quote left plain; under a blank `>` line or a list it is a box too."""
    old = tmp_path / "old"
    write_files(old, {
        "_posts/2024-03-01-vit.md": """\
            ---
            title: ViT
            ---
            > 先看显存。
            >
            {: .prompt-tip }

            > Steps:
            > - one
            > - two
            {: .prompt-warning }

            > Order:
            > 1. first
            > {: .prompt-danger }

            > Kept plain:
            > {: .prompt-info }
            > and more text below it
            """,
    })  # fmt: skip
    site, written = _imported_one(capsys, make_site, old)
    assert "> [!DANGER]\n> Order:\n> 1. first\n\n" in written
    html = _built_post(site, "posts/vit/index.html")
    for kind, word, text in (("tip", "提示", "先看显存。"), ("warning", "注意", "Steps:"),
                             ("danger", "警告", "Order:")):  # fmt: skip
        title = f'<p class="admonition-title">{word}</p>'
        assert f'<div class="admonition {kind}">\n{title}\n<p>{text}' in html
    assert "<blockquote>\n<p>Kept plain:</p>\n<p>and more text below it</p>" in html
    assert "prompt" not in html and "{:" not in html


CHIRPY_CONFIG = """\
    title: Old notes
    lang: zh-CN
    theme: jekyll-theme-chirpy
    collections:
      tabs:
        output: true
        sort_by: order
    defaults:
      - scope: {path: "", type: posts}
        values: {layout: post, permalink: /posts/:title/}
      - scope: {path: _tabs}
        values: {layout: page, permalink: /:title/}
    """


def test_chirpy_tabs_with_text_are_pages_and_in_the_menu(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chirpy's `_tabs/about.md` is the author's about page, at /about/: the import passed
    over `_tabs/` (a `_` folder) and the text was lost. Its archives, categories and tags
    tabs are the theme's lists, which mlblog makes: named, not imported."""
    old = tmp_path / "old"
    write_files(old, {
        "_config.yml": CHIRPY_CONFIG,
        "_posts/2024-03-01-vit.md": "---\ntitle: ViT\n---\nPatches.\n",
        "_tabs/about.md": "---\n# the default layout is 'page'\nicon: fas fa-info-circle\n"
                          "order: 4\n---\n\n我是一个 ML 工程师。\n",
        "_tabs/projects.md": "---\ntitle: 项目\nicon: fas fa-code\norder: 5\n---\n\n开源项目。\n",
        **{f"_tabs/{name}.md": f"---\nlayout: {name}\nicon: fas fa-tags\norder: {order}\n---\n"
           for order, name in enumerate(("categories", "tags", "archives"), 1)},
    })  # fmt: skip
    site = make_site()
    code = main(["import", "jekyll", str(old), "--site", str(site)])
    out, err = capsys.readouterr()
    assert code == 0
    listing = "not imported: the old theme made this page from the posts"
    assert sorted(err.splitlines()) == [
        f"{old.as_posix()}/_tabs/archives.md: warning: {listing} (layout: archives); "
        "mlblog makes the archives itself, at /archives/",
        f"{old.as_posix()}/_tabs/categories.md: warning: {listing} (layout: categories); "
        "mlblog makes the list of categories itself, at /categories/",
        f"{old.as_posix()}/_tabs/tags.md: warning: {listing} (layout: tags); "
        "mlblog makes the list of tags itself, at /tags/",
    ]
    assert "1 post into" in out and "and 2 pages into" in out
    # site.yaml has no menu: Chirpy's sidebar links to the two pages are the lines to paste
    assert (
        'menu:  # _tabs/: Chirpy\'s sidebar\n  - name: "关于"\n    url: "/about/"\n'
        '  - name: "项目"\n    url: "/projects/"\n'
    ) in out
    result = build_site(site)
    assert result.ok and result.report.warnings == [], result.report.items
    about = read(site, "about/index.html")
    assert "<title>关于 · Test site</title>" in about and "<p>我是一个 ML 工程师。</p>" in about
    assert "<p>开源项目。</p>" in read(site, "projects/index.html")
    assert not (site / "content/pages/tags").exists()


def test_hexo_blockquote_and_link_tags_become_markdown(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hexo's `{% blockquote author, source %}` is a quote with its attribution under it,
    `{% link text url %}` a link: the import listed both and left them as code text."""
    old = tmp_path / "old"
    write_files(old, {
        "_config.yml": "title: Old\n",
        "source/_posts/ln.md": """\
            ---
            title: LN
            date: 2024-01-02
            ---
            {% blockquote Layer Normalization, Ba et al. 2016 %}
            Unlike **batch** normalization, it is the same at training and test times.

            {% codeblock lang:python %}
            y = ln(x)
            {% endcodeblock %}
            {% endblockquote %}

            {% blockquote Seth Godin http://sethgodin.typepad.com/a.html Island Marketing %}
            Every interaction is an opportunity.
            {% endblockquote %}

            {% blockquote %}
            No one said it.
            {% endblockquote %}

            See {% link 论文 https://arxiv.org/abs/1607.06450 true LN paper %} and
            {% link the docs https://hexo.io/docs/ %}; {% link home /about/ %} stays.
            """,
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, "hexo", str(old), "--site", str(site))
    assert code == 0
    assert err == [
        f"{old.as_posix()}/source/_posts/ln.md:22: warning: Hexo tag {{% link home /about/ %}} "
        "kept as code text: it names no address (http://…) Hexo would link to"
    ]
    assert out.endswith("1 construct left unconverted")
    html = _built_post(site, "posts/ln/index.html")
    assert (
        "<blockquote>\n<p>Unlike <strong>batch</strong> normalization, it is the same at "
        "training and test times.</p>\n"
    ) in html
    assert "<pre" in html.split("</blockquote>")[0]  # the code, quoted
    assert "<p>— <strong>Layer Normalization</strong>, <em>Ba et al. 2016</em></p>" in html
    assert (
        '<p>— <strong>Seth Godin</strong>, <a href="http://sethgodin.typepad.com/a.html">'
        "<em>Island Marketing</em></a></p>"
    ) in html
    assert "<blockquote>\n<p>No one said it.</p>\n</blockquote>" in html
    assert '<a href="https://arxiv.org/abs/1607.06450" title="LN paper" target="_blank"' in html
    assert '<a href="https://hexo.io/docs/">the docs</a>' in html
    assert "endblockquote" not in html


def test_raw_tags_in_prose_become_escaped_braces(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Jekyll's `{% raw %}` around a prompt template in prose was dropped, and the build
    then warned of each `{{ x }}` it had kept literal; the braces are now escaped in
    prose (`\\{{ x }}`), and left as they are in code and math."""
    old = tmp_path / "old"
    write_files(old, {
        "_posts/2024-03-01-rag.md": """\
            ---
            title: RAG
            ---
            The prompt is {% raw %}{{ context }} then {{ question }}{% endraw %}.

            {% raw %}
            Code `{{ x }}` and math $a_{{b}}$ stay.
            {% endraw %}
            """,
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "jekyll", str(old), "--site", str(site))
    assert code == 0 and err == [], err
    written = (site / "content/posts/2024-03-01-rag/index.md").read_text(encoding="utf-8")
    assert "The prompt is \\{{ context }} then \\{{ question }}." in written
    assert "Code `{{ x }}` and math $a_{{b}}$ stay." in written
    html = _built_post(site, "posts/rag/index.html")
    assert "The prompt is {{ context }} then {{ question }}." in html
    assert "<code>{{ x }}</code>" in html and "a_{{b}}</annotation>" in html


def test_raw_tags_around_indented_code_and_html_keep_their_braces(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Indented code and HTML blocks are shown as written, so the backslash the import put
    before `{{` in them showed on the page (`\\{{ code }}`); prose around them still gets it."""
    old = tmp_path / "old"
    write_files(old, {
        "_posts/2024-03-01-rag.md": """\
            ---
            title: RAG
            ---
            {% raw %}
            Prose {{ question }}.

                indented {{ code }}

            <div class="tpl">
            <p>{{ html_block }}</p>
            </div>
            {% endraw %}

            - A list item:

                  {% raw %}{{ in_list }}{% endraw %}
            """,
    })  # fmt: skip
    site = make_site()
    code, _, err = run(capsys, "jekyll", str(old), "--site", str(site))
    assert code == 0 and err == [], err
    html = _built_post(site, "posts/rag/index.html")
    assert "<p>Prose {{ question }}.</p>" in html
    assert "<pre><code>indented {{ code }}\n</code></pre>" in html
    assert '<div class="tpl">\n<p>{{ html_block }}</p>\n</div>' in html
    assert "<pre><code>{{ in_list }}\n</code></pre>" in html
    assert "\\" not in html


def test_chirpy_file_attribute_becomes_the_code_title(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chirpy shows `{: file="softmax.py" }` under a code block as the block's file name;
    the import dropped the line with the name. It is now the fence's `title=`."""
    old = tmp_path / "old"
    write_files(old, {
        "_posts/2024-03-01-vit.md": """\
            ---
            title: ViT
            ---
            ```python
            print(1)
            ```
            {: file="softmax.py" }

            ```
            plain
            ```
            {: .nolineno }
            """,
    })  # fmt: skip
    site, written = _imported_one(capsys, make_site, old)
    assert '```python title="softmax.py"\nprint(1)\n```\n\n```\nplain\n```\n' in written
    html = _built_post(site, "posts/vit/index.html")
    assert '<div class="code-title">softmax.py</div>' in html
    assert "{:" not in html


def test_hexo_pullquote_becomes_a_quote(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hexo's built-in `{% pullquote [class] %}` quotes its text: the import left both tags
    as code text and listed them. Its words are classes for the old theme, not an author."""
    old = tmp_path / "old"
    write_files(old, {
        "_config.yml": "title: Old\n",
        "source/_posts/a.md": """\
            ---
            title: A
            date: 2024-01-02
            ---
            {% pullquote left %}
            注意力就是一切 $O(n^2)$
            {% endpullquote %}
            """,
    })  # fmt: skip
    site = make_site()
    code, out, err = run(capsys, "hexo", str(old), "--site", str(site))
    assert (code, err) == (0, [])
    assert out.endswith("0 constructs left unconverted")
    html = _built_post(site, "posts/a/index.html")
    assert html.count("<blockquote>\n<p>注意力就是一切 <span class=") == 1
    assert "left" not in html and "pullquote" not in html


@pytest.mark.parametrize(
    ("generator", "files"),
    [
        ("jekyll", {"_posts/2024-03-01-tpl.md": "---\ntitle: Tpl\nrender_with_liquid: false\n"
                    "---\n{BODY}"}),
        ("hexo", {"_config.yml": "title: Old\n",
                  "source/_posts/tpl.md": "---\ntitle: Tpl\ndate: 2024-03-01\n"
                  "disableNunjucks: true\n---\n{BODY}"}),
    ],
)  # fmt: skip
def test_a_post_whose_tags_are_not_run_keeps_them_as_text(
    tmp_path: Path,
    make_site: SiteFactory,
    capsys: pytest.CaptureFixture[str],
    generator: str,
    files: dict[str, str],
) -> None:
    """Jekyll's `render_with_liquid: false` and Hexo's `disableNunjucks: true` show the
    post's tags as written: the import made them code and listed each as unconverted
    (a `{% post_url %}` would even have become a link)."""
    text = "Output is {{ page.title }}, a tag {% if x %}, a link {% post_url 2024-03-01-tpl %}.\n"
    old = tmp_path / "old"
    write_files(old, {name: body.replace("{BODY}", text) for name, body in files.items()})
    site = make_site()
    code, out, err = run(capsys, generator, str(old), "--site", str(site))
    assert (code, err) == (0, [])
    assert out.endswith("0 constructs left unconverted")
    [post] = (site / "content/posts").rglob("index.md")
    assert "render_with_liquid" not in post.read_text("utf-8")
    assert "disableNunjucks" not in post.read_text("utf-8")
    html = _built_post(site, "posts/tpl/index.html")
    assert f"<p>{text.strip()}</p>" in html


def test_a_title_yaml_cut_at_a_comment_is_named_and_typed_values_are_kept(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """The import writes front matter anew: `title: Issue #42` came over as `title: Issue`
    (the "#42" gone for good, and nothing left for the build to warn about), and
    `tags: [1.10, yes]` as `tags: [1.1, true]`."""
    old = tmp_path / "old"
    post = "---\ntitle: Issue #42\ntags: [1.10, yes]\n---\nText.\n"
    write_files(old, {"_posts/2024-03-01-issue.md": post})
    site = make_site()
    code, _, err = run(capsys, "jekyll", str(old), "--site", str(site))
    assert code == 0
    assert err == [
        f'{old}/_posts/2024-03-01-issue.md:2: warning: title is read as "Issue": in YAML a '
        '"#" after a space starts a comment, which dropped "#42"; if it is part of the text, '
        "quote it: title: 'Issue #42'"
    ]
    [written] = (site / "content/posts").rglob("*.md")
    assert "tags: ['1.10', 'yes']" in written.read_text("utf-8")
