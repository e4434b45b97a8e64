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
    return html[html.index('<div class="post-body">') : html.index("</article>")]


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
    result = build_site(site)
    assert result.ok and result.report.warnings == [], result.report.items
    html = body(read(site, "posts/vit/index.html"))
    assert '<div class="admonition tip">\n<p class="admonition-title">提示</p>\n<p>显存不够' in html
    assert '<div class="admonition info">' in html
    assert "<p>An info line\nlazily continued</p>" in html
    assert "<p>Between.</p>" in html  # the paragraph above the quote is not in the box
    assert '<div class="admonition warning">' in html
    assert "Careful <strong>here</strong>." in html
    assert '<div class="admonition danger">' in html
    assert "<blockquote>\n<p>A plain quote.</p>\n</blockquote>" in html
    assert "prompt" not in html and "{:" not in html
