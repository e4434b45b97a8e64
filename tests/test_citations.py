"""Citations from BibTeX, as pandoc writes them: `[@key]` → (Vaswani et al., 2017), linked
to a References list at the post's end (mlblog.bibliography, mlblog.render.citations)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SiteFactory, build_site, read
from mlblog import bibliography
from mlblog.config import parse_config
from mlblog.render.soft_breaks import BREAK

BIB = r"""
@inproceedings{vaswani2017attention,
  author    = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob},
  title     = {Attention is All you Need},
  booktitle = {Advances in Neural Information Processing Systems},
  year      = {2017},
  eprint    = {1706.03762},
  archivePrefix = {arXiv}
}

@article{smith2020a,
  author  = {Smith, John},
  title   = {A {BERT} Look at M{\"u}ller \& Sch{\"o}n},
  journal = {Journal of {ML}},
  year    = 2020,
  pages   = {1--10},
  doi     = {10.1000/xyz}
}

@article{smith2020b,
  author  = {John Smith},
  title   = {Another Look},
  journal = {Journal of {ML}},
  year    = 2020,
  url     = {https://example.org/second}
}

@misc{devlin2019bert,
  author = {Devlin, Jacob and Chang, Ming-Wei},
  title  = {Pre-training of Deep Bidirectional Transformers},
  year   = {2019},
  eprint = {1810.04805},
  archivePrefix = {arXiv}
}
"""

SITE = "title: T\nbase_url: https://t.example/\nlanguage: en\nbibliography: references.bib\n"


def _post(body: str, front: str = "") -> str:
    return f"---\ntitle: A\ndate: 2024-01-01\n{front}---\n{body}"


def _body(site: Path, path: str = "posts/a/index.html") -> str:
    page = read(site, path)
    return page[page.index('<div class="post-body') :]


def _entries(html: str) -> list[str]:
    """The References list's entries as text, in order."""
    items = re.findall(r'<li id="ref-[^"]*">(.*?)</li>', html)
    return [re.sub(r"<[^>]+>", "", item).replace("\u21a9\ufe0e", "").strip() for item in items]


def test_citations_become_author_year_links_to_a_reference_list(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "references.bib": BIB,
            "content/posts/a.md": _post(
                "Transformers [@vaswani2017attention] changed NLP [see @smith2020a, p. 3; "
                "@smith2020b].\nBERT [-@devlin2019bert] came later.\n\n"
                "Again [@vaswani2017attention].[^n]\n\n[^n]: A note.\n"
            ),
        },
        config=SITE,
    )
    result = build_site(site)
    assert result.ok and not result.report.warnings, result.report.warnings
    body = _body(site)
    text = re.sub(r"<[^>]+>", "", body)
    assert "Transformers (Vaswani et al., 2017) changed NLP" in text
    assert "(see Smith, 2020a, p. 3; Smith, 2020b)." in text  # two Smith 2020s told apart
    assert "BERT (2019) came later" in text
    assert (
        '<a href="#ref-vaswani2017attention" id="cite-vaswani2017attention-1" '
        'role="doc-biblioref">Vaswani et al., 2017</a>'
    ) in body
    # Ordered by author, then year; LaTeX read as text; each entry names its venue.
    assert _entries(body) == [
        "Jacob Devlin, Ming-Wei Chang (2019). Pre-training of Deep Bidirectional "
        "Transformers. arXiv:1810.04805.",
        "John Smith (2020a). A BERT Look at Müller &amp; Schön. Journal of ML.",
        "John Smith (2020b). Another Look. Journal of ML.",
        "Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit (2017). Attention is "
        "All you Need. Advances in Neural Information Processing Systems.",
    ]
    assert '<h2 id="references">References</h2>' in body
    assert '<a href="https://doi.org/10.1000/xyz">' in body  # doi, else url, else arXiv
    assert '<a href="https://example.org/second">' in body
    assert '<a href="https://arxiv.org/abs/1706.03762">' in body
    # Back to each place it is cited, as footnotes do; the list comes before the footnotes.
    assert body.count('href="#cite-vaswani2017attention-') == 2
    assert 'id="cite-vaswani2017attention-2"' in body
    assert body.index('class="references"') < body.index('class="footnotes"')


def test_a_post_carries_its_own_bibliography_in_its_folder(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "content/posts/a/index.md": _post(
                "注意力机制见 [@vaswani2017attention]。", "bibliography: refs.bib\n"
            ),
            "content/posts/a/refs.bib": BIB,
            "content/posts/b.md": _post("No bibliography here: [@vaswani2017attention]."),
        },
        config="title: T\nbase_url: https://t.example/\n",  # zh-CN, no site-wide file
    )
    result = build_site(site)
    assert result.ok and not result.report.warnings, result.report.warnings
    body = _body(site)
    assert '注意力机制见 <span class="citation">(<a' in body
    assert '<h2 id="references">参考文献</h2>' in body  # the theme's word in Chinese
    # Without a bibliography, brackets and @ are text like any other (pandoc's too).
    assert "No bibliography here: [@vaswani2017attention]." in _body(site, "posts/b/index.html")


def test_what_only_looks_like_a_citation_stays_as_written(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "references.bib": BIB,
            "content/posts/a.md": _post(
                "Mail me@example.org or [me@example.org], @vaswani2017attention in prose,\n"
                "`[@vaswani2017attention]` in code, a link [@smith2020a](https://x.org/),\n"
                "[a link around [@smith2020b]](https://y.org/).\n\n"
                "```\n[@smith2020b]\n```\n"
            ),
        },
        config=SITE,
    )
    result = build_site(site)
    assert result.ok and not result.report.warnings, result.report.warnings
    body = _body(site).replace(BREAK, "")  # the text as shown (a break point is no text)
    assert "citation" not in body and "References" not in body
    assert "[me@example.org]" in body and "@vaswani2017attention in prose" in body
    assert "<code>[@vaswani2017attention]</code>" in body
    assert '<a href="https://x.org/">@smith2020a</a>' in body  # a link's text
    assert '<a href="https://y.org/">a link around [@smith2020b]</a>' in body  # no link in it


def test_an_unknown_key_is_a_warning_and_stays_visible(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "references.bib": BIB,
            "content/posts/a.md": _post("Intro.\n\nAs shown [@vaswani2017; @smith2020a].\n"),
        },
        config=SITE,
    )
    result = build_site(site)
    assert result.ok
    assert [str(w) for w in result.report.warnings] == [
        'content/posts/a.md:7: warning: unknown citation "@vaswani2017" (not in references.bib)'
    ]
    assert "As shown [@vaswani2017; @smith2020a]." in _body(site)


def test_bibliography_files_missing_or_broken_are_errors_with_their_line(
    make_site: SiteFactory,
) -> None:
    site = make_site(
        {
            "references.bib": "@article{a,\n  title = {Fine},\n}\n"
            "@article{b,\n  title = {x},\n  year = 20 20\n}\n",
            "content/posts/a.md": _post("See [@a].\n", "tags: [x]\nbibliography: mine.bib\n"),
        },
        config=SITE,
    )
    result = build_site(site)
    assert not result.ok
    assert sorted(str(e) for e in result.report.errors) == [
        'content/posts/a.md:5: bibliography "mine.bib" not found (looked for '
        "content/posts/mine.bib)",
        "references.bib:6: syntax error: ',' or '}' expected",
    ]


def test_a_missing_site_bibliography_names_its_line_in_site_yaml(
    make_site: SiteFactory,
) -> None:
    site = make_site({"content/posts/a.md": _post("See [@a].\n")}, config=SITE)
    result = build_site(site)
    assert [str(e) for e in result.report.errors] == [
        'site.yaml:4: bibliography "references.bib" not found (looked for references.bib)'
    ]


def test_an_edited_entry_renders_again_from_the_cache(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "references.bib": BIB,
            "content/posts/a.md": _post("See [@smith2020b].\n"),
            "content/posts/b.md": _post("See [@devlin2019bert].\n"),
            "content/posts/c.md": _post("No citations, but mail a@b.org.\n"),
        },
        config=SITE,
    )
    assert build_site(site).ok
    assert "Another Look" in _body(site)
    bib = site / "references.bib"
    bib.write_text(BIB.replace("Another Look", "Revisited"), "utf-8")
    result = build_site(site)
    assert result.ok
    assert "Revisited" in _body(site) and "Another Look" not in _body(site)
    assert result.rendered == 1  # only the post that cites the edited entry


def test_excerpts_and_feeds_read_citations_as_their_text(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "references.bib": BIB,
            "content/posts/a.md": _post("Attention [@vaswani2017attention].\n"),
        },
        config=SITE,
    )
    assert build_site(site).ok
    home = read(site, "index.html")
    assert "Attention (Vaswani et al., 2017)" in home
    assert "References" not in home and "Uszkoreit" not in home
    feed = read(site, "atom.xml")
    # A feed's links lead to the post's page, where the list is (its ids are the page's).
    assert "href=&#34;https://t.example/posts/a/#ref-vaswani2017attention&#34;" in feed


def test_site_yaml_takes_a_file_or_a_list_of_files() -> None:
    assert parse_config("title: T\nbibliography: refs.bib\n").bibliography == ("refs.bib",)
    assert parse_config("title: T\ncitation_style: numeric\n").citation_style == "numeric"
    assert parse_config("title: T\nbibliography: [a.bib, b.bib]\n").bibliography == (
        "a.bib",
        "b.bib",
    )


def test_a_bibliography_is_parsed_once_and_kept_in_the_cache(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pybtex takes about half a second to load and read 1,000 entries: a warm build that
    needs the same .bib reads its entries from the cache."""
    site = make_site(
        {
            "references.bib": BIB,
            "content/posts/a.md": _post("See [@smith2020b].\n"),
            "content/posts/b.md": _post("See [@devlin2019bert] and [@smith2020b].\n"),
        },
        config=SITE,
    )
    parsed: list[str] = []
    original = bibliography.parse_bib

    def counting(data: bytes, shown: str) -> object:
        parsed.append(shown)
        return original(data, shown)

    monkeypatch.setattr(bibliography, "parse_bib", counting)
    assert build_site(site).ok
    assert parsed == ["references.bib"]  # once for both posts
    (site / "content/posts/a.md").write_text(_post("See [@smith2020a].\n"), "utf-8")
    assert build_site(site).ok
    assert parsed == ["references.bib"]
    assert "A BERT Look" in _body(site)


def test_a_citation_in_a_heading_keeps_one_id_on_the_page(make_site: SiteFactory) -> None:
    """The table of contents repeats a heading: its citation stays in the heading alone, so
    the entry's link back leads to one place (the page had the id twice)."""
    site = make_site(
        {
            "references.bib": BIB,
            "content/posts/a.md": _post(
                "## Attention [@vaswani2017attention]\n\nText.\n\n## Results\n\nMore.\n"
            ),
        },
        config=SITE,
    )
    assert build_site(site).ok
    page = read(site, "posts/a/index.html")
    assert page.count('id="cite-vaswani2017attention-1"') == 1


def test_numeric_citations_number_the_list_in_the_order_of_first_citation(
    make_site: SiteFactory,
) -> None:
    site = make_site(
        {
            "references.bib": BIB,
            "content/posts/a.md": _post(
                "Transformers [@vaswani2017attention], BERT [see @devlin2019bert, p. 3; "
                "@vaswani2017attention] and [@smith2020b].\n"
            ),
        },
        config=SITE + "citation_style: numeric\n",
    )
    assert build_site(site).ok
    body = _body(site)
    text = re.sub(r"<[^>]+>", "", body)
    assert "Transformers [1], BERT [see 2, p. 3, 1] and [3]." in text
    assert '<ol class="references-list">' in body
    assert _entries(body) == [
        "[1] Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit (2017). Attention is "
        "All you Need. Advances in Neural Information Processing Systems.",
        "[2] Jacob Devlin, Ming-Wei Chang (2019). Pre-training of Deep Bidirectional "
        "Transformers. arXiv:1810.04805.",
        "[3] John Smith (2020). Another Look. Journal of ML.",  # no 2020b: numbers tell apart
    ]
    assert "Transformers [1], BERT" in read(site, "index.html")


CJK_BIB = r"""
@article{zhang2020,
  author  = {张三 and 李四 and 王五},
  title   = {深度学习综述},
  journal = {计算机学报},
  year    = {2020}
}

@article{li2021,
  author = {李四 and 王五},
  title  = {注意力机制},
  year   = {2021}
}

@misc{wang2022,
  author = {王五 and others},
  title  = {大模型},
  year   = {2022}
}
"""


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_chinese_names_are_cited_as_chinese_readers_expect(
    make_site: SiteFactory, language: str
) -> None:
    """GB/T 7714: "张三等" and "张三和李四" for Chinese names, on any site; Latin names keep
    "et al." and "&", on a Chinese site too."""
    site = make_site(
        {
            "references.bib": BIB + CJK_BIB,
            "content/posts/a.md": _post(
                "综述 [@zhang2020]，注意力 [@li2021]，大模型 [@wang2022]，"
                "Transformer [@vaswani2017attention]，BERT [@devlin2019bert]。\n"
            ),
        },
        config=SITE.replace("language: en", f"language: {language}"),
    )
    result = build_site(site)
    assert result.ok and not result.report.warnings, result.report.warnings
    text = re.sub(r"<[^>]+>", "", _body(site))
    assert "综述 (张三等, 2020)，注意力 (李四和王五, 2021)，大模型 (王五等, 2022)，" in text
    assert "Transformer (Vaswani et al., 2017)，BERT (Devlin &amp; Chang, 2019)。" in text
    assert "王五, 等 (2022). 大模型." in _entries(_body(site))


def _toc(site: Path) -> list[tuple[str, str]]:
    """The post's table of contents: (target, text) of each entry."""
    page = read(site, "posts/a/index.html")
    nav = page[page.index('<details class="toc"') : page.index("</details>")]
    entries = re.findall(r'<a href="#([^"]*)"[^>]*>(.*?)</a>', nav)
    return [(target, re.sub(r"<[^>]+>", "", text)) for target, text in entries]


def test_the_reference_list_is_an_entry_of_the_table_of_contents(
    make_site: SiteFactory,
) -> None:
    """As pandoc's TOC lists its References section; footnotes stay out, as in Hugo."""
    site = make_site(
        {
            "references.bib": BIB,
            "content/posts/a.md": _post(
                "## Method\n\nAttention [@vaswani2017attention].[^n]\n\n"
                "## References\n\nThe author's own heading of that name.\n\n[^n]: A note.\n"
            ),
            "content/posts/b.md": _post("No headings: [@smith2020a].\n"),
        },
        config=SITE,
    )
    assert build_site(site).ok
    # Its id is stable, and never one a heading of the post has already.
    assert _toc(site) == [
        ("method", "Method"),
        ("references", "References"),
        ("references-1", "References"),
    ]
    assert '<h2 id="references-1">References</h2>' in _body(site)
    # A post without headings gets no contents box for the list alone.
    assert '<details class="toc"' not in read(site, "posts/b/index.html")


def test_the_reference_list_in_the_contents_speaks_the_site_language(
    make_site: SiteFactory,
) -> None:
    site = make_site(
        {
            "references.bib": BIB,
            "content/posts/a.md": _post("## 方法\n\n注意力 [@vaswani2017attention]。\n"),
        },
        config=SITE.replace("language: en", "language: zh-CN"),
    )
    assert build_site(site).ok
    assert _toc(site) == [("方法", "方法"), ("references", "参考文献")]
