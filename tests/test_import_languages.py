"""`mlblog import` of a site written in two languages: Hugo's translations by file name
(`attention.en.md` beside `attention.zh.md`) and by content folder (`contentDir`), Hexo's
posts in a folder per language and jekyll-polyglot's `lang:`, each imported as a post in
its language, at an address of its own, with the old addresses it was served at leading
to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SiteFactory, build_site, read, write_files
from mlblog.cli import main

ZH_SITE = "title: 笔记\nbase_url: https://t.example/\nlanguage: zh-CN\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    """The exit code, the summary and the lines of stderr."""
    code = main(["import", *args])
    captured = capsys.readouterr()
    return code, captured.out.strip().split("\n\n")[0], captured.err.splitlines()


def title(html: str) -> str:
    """The post's or page's `<h1>`, with its attributes."""
    found = re.search(r"<h1 class=\"post-title\"[^>]*>[^<]*", html)
    assert found is not None
    return found[0]


def redirect(site: Path, old: str) -> str:
    """Where the page at the old address `old` sends its reader."""
    found = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', read(site, old))
    assert found is not None, old
    return found[1]


def test_hugo_translations_by_file_name_are_posts_in_their_language_at_the_old_addresses(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """`attention.en.md` beside `attention.zh.md`: the import made posts `attention-en` and
    `attention-zh` with no language, the English one redirected from /posts/attention.en/
    (Hugo served it at /en/posts/attention/) and nothing from /posts/attention/, where
    Hugo served the Chinese one. Now the Chinese post (the default language's) keeps the
    slug and the address, the English one is marked English, and each old address, a
    bundle's and a page's too, leads to its own translation."""
    src = tmp_path / "blog"
    write_files(src, {
        "hugo.toml": """\
            baseURL = 'https://me.github.io/'
            defaultContentLanguage = 'zh'
            [languages.zh]
            languageCode = 'zh-CN'
            weight = 1
            [languages.en]
            weight = 2
            """,
        "content/posts/attention.zh.md": "---\ntitle: 注意力机制\ndate: 2024-01-02\n---\n"
                                         "注意力的笔记。\n",
        "content/posts/attention.en.md": "---\ntitle: Attention\ndate: 2024-01-03\n"
                                         "aliases: [attn]\n---\nNotes on attention.\n",
        "content/posts/lora/index.md": "---\ntitle: 低秩适配\ndate: 2024-02-01\n---\n"
                                       "![秩](rank.png)\n",
        "content/posts/lora/index.en.md": "---\ntitle: LoRA\ndate: 2024-02-01\n---\n"
                                          "![rank](rank.png)\n",
        "content/posts/lora/rank.png": b"\x89PNG\r\n\x1a\n",
        "content/posts/rlhf.en.md": "---\ntitle: RLHF\ndate: 2024-03-01\n---\nOnly in English.\n",
        "content/about.md": "---\ntitle: 关于\n---\n我是谁。\n",
        "content/about.en.md": "---\ntitle: About\n---\nWho I am.\n",
    })  # fmt: skip
    site = make_site(config=ZH_SITE)
    code, summary, err = run(capsys, "hugo", str(src), "--site", str(site))
    assert (code, err) == (0, [])
    assert summary.endswith(
        "; 5 posts in 2 languages (en 3, zh 2) have lang: set, 2 translations got -en after "
        "the slug the default language's post keeps; mlblog shows no link between a post "
        "and its translations"
    )
    result = build_site(site)
    assert result.ok and not result.report.warnings, result.report.items
    assert title(read(site, "posts/attention/index.html")) == '<h1 class="post-title">注意力机制'
    assert title(read(site, "posts/attention-en/index.html")) == (
        '<h1 class="post-title" lang="en">Attention'
    )
    assert redirect(site, "en/posts/attention/index.html") == "/posts/attention-en/"
    assert redirect(site, "en/posts/attn/index.html") == "/posts/attention-en/"  # relative
    assert not (site / "public/posts/attention.en").exists()
    assert not (site / "public/posts/attn").exists()
    for slug, shown in (("lora", '<h1 class="post-title">低秩适配'),
                        ("lora-en", '<h1 class="post-title" lang="en">LoRA')):  # fmt: skip
        html = read(site, f"posts/{slug}/index.html")
        assert title(html) == shown and "rank.png" in html
        assert (site / f"public/posts/{slug}/rank.png").is_file()
    assert redirect(site, "en/posts/lora/index.html") == "/posts/lora-en/"
    # a post without a translation keeps its slug
    assert title(read(site, "posts/rlhf/index.html")) == '<h1 class="post-title" lang="en">RLHF'
    assert redirect(site, "en/posts/rlhf/index.html") == "/posts/rlhf/"
    assert title(read(site, "about/index.html")) == '<h1 class="post-title">关于'
    assert title(read(site, "en/about/index.html")) == '<h1 class="post-title" lang="en">About'
    feed = read(site, "index.html")
    assert feed.count('<article class="post-item" lang="en">') == 3
    assert feed.count('<article class="post-item">') == 2


@pytest.mark.parametrize("in_subdir", [True, False])
def test_hugo_translations_by_content_folder_keep_each_language_s_old_addresses(
    tmp_path: Path,
    make_site: SiteFactory,
    capsys: pytest.CaptureFixture[str],
    in_subdir: bool,
) -> None:
    """`contentDir: content/en` and `content/zh`: the import took `en/` and `zh/` for
    sections, so the English post was redirected from /en/posts/lora/ even where Hugo
    served the default language at the root (/posts/lora/), and a relative alias was left
    out. Now each is where `defaultContentLanguageInSubdir` put it."""
    src = tmp_path / "blog"
    write_files(src, {
        "config.yaml": f"""\
            baseURL: https://me.github.io/
            defaultContentLanguage: en
            defaultContentLanguageInSubdir: {str(in_subdir).lower()}
            languages:
              en: {{contentDir: content/en, weight: 1}}
              zh: {{contentDir: content/zh, languageCode: zh-CN, weight: 2}}
            """,
        "content/en/posts/lora.md": "---\ntitle: LoRA\ndate: 2024-02-01\n"
                                    "aliases: [old-lora]\n---\nLow rank.\n",
        "content/zh/posts/lora.md": "---\ntitle: 低秩适配\ndate: 2024-02-01\n---\n低秩。\n",
    })  # fmt: skip
    site = make_site(config=ZH_SITE)
    code, summary, err = run(capsys, "hugo", str(src), "--site", str(site))
    assert (code, err) == (0, [])
    assert "2 posts in 2 languages (en 1, zh 1) have lang: set, 1 translation got -zh" in summary
    result = build_site(site)
    assert result.ok and not result.report.warnings, result.report.items
    english = "en/posts" if in_subdir else "posts"
    assert title(read(site, "posts/lora/index.html")) == '<h1 class="post-title" lang="en">LoRA'
    assert title(read(site, "posts/lora-zh/index.html")) == '<h1 class="post-title">低秩适配'
    assert redirect(site, "zh/posts/lora/index.html") == "/posts/lora-zh/"
    assert redirect(site, f"{english}/old-lora/index.html") == "/posts/lora/"
    if in_subdir:
        assert redirect(site, "en/posts/lora/index.html") == "/posts/lora/"
    else:
        assert not (site / "public/en").exists()


def test_a_hugo_site_of_one_language_in_its_folder_keeps_its_old_addresses(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """`defaultContentLanguageInSubdir` on a site of one language: Hugo served /en/posts/a/
    and resolved `aliases: [old-a]` from there. The import said that relative alias was
    left out and redirected from /posts/a/ alone; a post of the only language gets no
    `lang:`, and the summary says nothing of translations."""
    src = tmp_path / "blog"
    write_files(src, {
        "hugo.toml": "defaultContentLanguageInSubdir = true\n",
        "content/posts/a.md": "---\ntitle: A\ndate: 2023-01-01\naliases: [old-a]\n---\nx\n",
        "content/about.md": "---\ntitle: About\n---\ny\n",
    })  # fmt: skip
    site = make_site()
    code, summary, err = run(capsys, "hugo", str(src), "--site", str(site))
    assert (code, err) == (0, [])
    assert "have lang: set" not in summary
    assert "lang:" not in (site / "content/posts/2023-01-01-a/index.md").read_text()
    result = build_site(site)
    assert result.ok and not result.report.warnings, result.report.items
    assert title(read(site, "posts/a/index.html")).endswith(">A")
    assert redirect(site, "en/posts/a/index.html") == "/posts/a/"
    assert redirect(site, "en/posts/old-a/index.html") == "/posts/a/"
    assert title(read(site, "en/about/index.html")).endswith(">About")


def test_hugo_languages_each_on_its_own_host_are_imported_without_redirects_from_there(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """A baseURL per language: Hugo served the English translation at the root of
    en.example.org, as the Chinese one at zh.example.org. The import redirected from
    /posts/attention/, the Chinese post's own address, and the build then failed ("a
    redirect cannot be there"); an English page took the Chinese page's /about/. Now
    they have none, and the summary names the host whose old links are lost."""
    src = tmp_path / "blog"
    write_files(src, {
        "hugo.toml": """\
            defaultContentLanguage = 'zh'
            [languages.zh]
            baseURL = 'https://zh.example.org/'
            [languages.en]
            baseURL = 'https://en.example.org/'
            """,
        "content/posts/attention.md": "---\ntitle: 注意力机制\ndate: 2024-01-02\n---\n注意力。\n",
        "content/posts/attention.en.md": "---\ntitle: Attention\ndate: 2024-01-02\n---\nAttn.\n",
        "content/about.md": "---\ntitle: 关于\n---\n我是谁。\n",
        "content/about.en.md": "---\ntitle: About\n---\nWho I am.\n",
    })  # fmt: skip
    site = make_site(config=ZH_SITE)
    code, summary, err = run(capsys, "hugo", str(src), "--site", str(site))
    assert (code, err) == (0, [])
    lost = "the en posts were at https://en.example.org/, whose old links no redirect here can"
    assert f"; {lost} catch;" in summary
    result = build_site(site)
    assert result.ok and not result.report.warnings, result.report.items
    assert title(read(site, "posts/attention/index.html")) == '<h1 class="post-title">注意力机制'
    assert title(read(site, "posts/attention-en/index.html")).endswith(">Attention")
    assert title(read(site, "about/index.html")) == '<h1 class="post-title">关于'
    assert title(read(site, "about-en/index.html")) == '<h1 class="post-title" lang="en">About'


def test_hexo_posts_by_language_folder_are_posts_in_their_language_at_the_old_addresses(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hexo's `new_post_name: :lang/:title.md` with `permalink: :lang/:title/`: the import
    could not fill `:lang` (Hexo takes it from the file's path, else `permalink_defaults`),
    said so of each post, and gave the second `attention` the folder `attention-2`. Now
    each post is in its folder's language and redirected from where Hexo served it."""
    src = tmp_path / "blog"
    write_files(src, {
        "_config.yml": """\
            language: [zh-CN, en]
            new_post_name: :lang/:title.md
            permalink: :lang/:title/
            permalink_defaults:
              lang: zh-CN
            """,
        "source/_posts/zh-CN/attention.md": "---\ntitle: 注意力机制\ndate: 2024-01-02\n---\n"
                                            "注意力。\n",
        "source/_posts/en/attention.md": "---\ntitle: Attention\ndate: 2024-01-02\n---\nAttn.\n",
        "source/_posts/kv-cache.md": "---\ntitle: KV 缓存\ndate: 2024-01-04\n---\n缓存。\n",
    })  # fmt: skip
    site = make_site(config=ZH_SITE)
    code, summary, err = run(capsys, "hexo", str(src), "--site", str(site))
    assert (code, err) == (0, [])
    assert "; 2 posts in 2 languages (zh-CN 1, en 1) have lang: set, 1 translation got -en" in (
        summary
    )
    result = build_site(site)
    assert result.ok and not result.report.warnings, result.report.items
    assert title(read(site, "posts/attention/index.html")) == '<h1 class="post-title">注意力机制'
    assert title(read(site, "posts/attention-en/index.html")) == (
        '<h1 class="post-title" lang="en">Attention'
    )
    assert redirect(site, "zh-CN/attention/index.html") == "/posts/attention/"
    assert redirect(site, "en/attention/index.html") == "/posts/attention-en/"
    assert redirect(site, "zh-CN/kv-cache/index.html") == "/posts/kv-cache/"  # by the default


def test_jekyll_polyglot_posts_are_posts_in_their_language_at_the_old_addresses(
    tmp_path: Path, make_site: SiteFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """jekyll-polyglot served a post with `lang: zh` under /zh/: the import redirected it
    from /2024/01/attention/, which the English post redirected from too, so the build
    failed ("a redirect cannot be there"), and named it attention-2 with a warning."""
    src = tmp_path / "blog"
    write_files(src, {
        "_config.yml": "languages: [en, zh]\ndefault_lang: en\npermalink: /:year/:month/:title/\n",
        "_posts/2024-01-02-attention.md": "---\ntitle: Attention\n---\nAttn.\n",
        "_posts/zh/2024-01-02-attention.md": "---\ntitle: 注意力机制\nlang: zh\n---\n注意力。\n",
    })  # fmt: skip
    site = make_site(config=ZH_SITE)
    code, summary, err = run(capsys, "jekyll", str(src), "--site", str(site))
    assert (code, err) == (0, [])
    assert "; 2 posts in 2 languages (en 1, zh 1) have lang: set, 1 translation got -zh" in (
        summary
    )
    result = build_site(site)
    assert result.ok and not result.report.warnings, result.report.items
    assert title(read(site, "posts/attention/index.html")) == (
        '<h1 class="post-title" lang="en">Attention'
    )
    assert title(read(site, "posts/attention-zh/index.html")) == '<h1 class="post-title">注意力机制'
    assert redirect(site, "2024/01/attention/index.html") == "/posts/attention/"
    assert redirect(site, "zh/2024/01/attention/index.html") == "/posts/attention-zh/"
