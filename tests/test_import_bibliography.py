"""`mlblog import jekyll` of an al-folio site: `{% cite key %}` became `[@key]`, whose
entries are in the old site's `_bibliography/papers.bib`; without it every citation
warned "unknown key" and showed the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SiteFactory, build_site, read, write_files
from mlblog.cli import main
from test_import import hashes, run

BIB = """@inproceedings{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  booktitle = {NeurIPS},
  year = {2017},
}
"""
POST = "---\ntitle: Attention\n---\nAs {% cite vaswani2017 %} shows.\n"


def al_folio(root: Path, scholar: str = "") -> Path:
    src = root / "al-folio"
    config = "title: T\n" + (f"scholar:\n  source: /_bibliography/\n{scholar}" if scholar else "")
    write_files(src, {
        "_config.yml": config,
        "_bibliography/papers.bib": BIB,
        "_posts/2024-01-02-attention.md": POST,
    })  # fmt: skip
    return src


def settings(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    """The import's summary and the block of settings to paste that follows it."""
    assert main(["import", *args]) == 0
    summary, _, block = capsys.readouterr().out.strip().partition("\n\n")
    return summary, block


@pytest.mark.parametrize("scholar", ["  bibliography: papers.bib\n", ""])
def test_the_bib_file_is_copied_and_named_so_citations_render(
    scholar: str, tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = al_folio(tmp_path, scholar)
    site = make_site()
    before = hashes(src)
    config = (site / "site.yaml").read_text(encoding="utf-8")
    summary, block = settings(capsys, "jekyll", str(src), "--site", str(site))
    assert hashes(src) == before
    assert summary.endswith("; _bibliography/papers.bib copied beside site.yaml")
    assert (site / "papers.bib").read_text(encoding="utf-8") == BIB
    assert (site / "site.yaml").read_text(encoding="utf-8") == config  # never edited
    line = 'bibliography: "papers.bib"  # _bibliography/papers.bib'
    assert line in block.splitlines()
    # The author pastes it, as the block says; the citations then find their entries.
    (site / "site.yaml").write_text(config + line + "\n", encoding="utf-8")
    result = build_site(site)
    assert result.ok and result.report.warnings == []
    page = read(site, "posts/attention/index.html")
    assert 'role="doc-biblioref">Vaswani &amp; Shazeer, 2017</a>' in page
    assert "Attention Is All You Need" in page.partition('class="references"')[2]


def test_a_bib_file_and_a_bibliography_the_site_has_are_kept(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    src = al_folio(tmp_path)
    site = make_site(
        {"papers.bib": "% mine\n", "refs.bib": BIB}, config="title: Mine\nbibliography: refs.bib\n"
    )
    code, out, err = run(capsys, "jekyll", str(src), "--site", str(site))
    assert code == 0
    assert err == [
        f"{src}/_bibliography/papers.bib: warning: not copied: {site}/papers.bib already "
        "exists and differs; cite from this file by naming it in site.yaml's bibliography:"
    ]
    assert "copied beside" not in out
    assert (site / "papers.bib").read_text(encoding="utf-8") == "% mine\n"
    config = (site / "site.yaml").read_text(encoding="utf-8")
    assert config == "title: Mine\nbibliography: refs.bib\n"
    # The same file there already is used, added after the site's own in the block.
    (site / "papers.bib").write_text(BIB, encoding="utf-8")
    (site / "content/posts/2024-01-02-attention").rename(tmp_path / "moved")
    summary, block = settings(capsys, "jekyll", str(src), "--site", str(site))
    assert "copied beside" not in summary
    line = 'bibliography: ["refs.bib", "papers.bib"]  # _bibliography/papers.bib'
    assert line in block.splitlines()
    assert (site / "site.yaml").read_text(encoding="utf-8") == config
