"""A long series' box on a phone, in headless chromium: short enough that the post starts on
the first screen, this part always shown and marked, every part one tap away."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, ViewportSize, expect

from browser import serve_built, settle, spoken_names
from conftest import write_files
from test_accessibility import axe_serious

PHONE: ViewportSize = {"width": 390, "height": 844}
# The series box of the theme's post.html before long series were shortened, as a site that
# copied it has it.
OLD_POST = """{% extends "base.html" %}
{% block main %}
<article class="post">
  {% for box in series %}
  <nav class="series" aria-label="{{ ui.this_series.format(name=box.series.name, n=box.number, total=box.parts|length) }}">
    <p class="series-title">{{ ui.this_series.format(name='<a href="%s">%s</a>'|format(url(box.series.url)|e, box.series.name|breakable), n=box.number, total=box.parts|length)|safe }}</p>
    <ol>{% for part in box.parts %}<li>{% if loop.index == box.number %}<span aria-current="page"{{ part.lang|lang_attr }}>{{ part.title_html|safe }}</span>{% else %}<a href="{{ url(part.url) }}"{{ part.lang|lang_attr }}{{ part|title_name }}>{{ part.title_html|safe }}</a>{% endif %}</li>{% endfor %}</ol>
  </nav>
  {% endfor %}
  <div class="post-body">{{ post.html }}</div>
</article>
{% endblock %}
"""  # noqa: E501


def long_series(site: Path, count: int) -> None:
    posts = {
        f"content/posts/p{n}.md": f"---\ntitle: Transformer 详解（{n}）\ndate: "
        f"2024-{1 + n // 28:02}-{1 + n % 28:02}\nseries: Transformer 详解\n---\n正文 {n}。\n"
        for n in range(1, count + 1)
    }
    write_files(site, {"site.yaml": "title: T\nlanguage: zh-CN\n", **posts})


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_long_series_box_leaves_the_post_on_a_phone_s_first_screen(
    browser: Browser, tmp_path: Path, scheme: str
) -> None:
    """45 parts made a box 1,400 px tall: the post began below two screens of links."""
    long_series(tmp_path, 45)
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/p20/")
            settle(page)
            box = page.locator("nav.series")
            height = box.bounding_box()["height"]  # type: ignore[index]
            text_top = page.locator(".post-body").bounding_box()["y"]  # type: ignore[index]
            current = box.locator("[aria-current='page']:visible")
            expect(current).to_have_count(1)
            expect(current).to_have_text("Transformer 详解（20）")
            expect(current).to_be_in_viewport()
            near = spoken_names(page, "link")
            assert axe_serious(page) == []

            page.get_by_text("全部 45 篇").click()  # a <details>: no script
            expect(box.locator("a:visible")).to_have_count(1 + 44)  # the series' page, 44 parts
            expect(current).to_have_count(1)
            expect(current).to_have_text("Transformer 详解（20）")
            every = spoken_names(page, "link")
            assert axe_serious(page) == []
    finally:
        context.close()
    assert height < 420, height
    assert text_top < PHONE["height"] - 100, text_top  # a few lines of the post show
    parts = [name for name in near if name.startswith("Transformer 详解（")]
    assert parts == [f"Transformer 详解（{n}）" for n in (1, 18, 19, 21, 22, 45)], near
    # Opened, each part is said once (the short list is gone, not read twice).
    parts = [name for name in every if name.startswith("Transformer 详解（")]
    assert parts == [f"Transformer 详解（{n}）" for n in range(1, 46) if n != 20], every


def test_a_site_s_own_older_post_template_still_shows_every_part(
    browser: Browser, tmp_path: Path
) -> None:
    """A post.html copied from the theme before long series were shortened lists every
    part: the theme's style for the short list must not hide any of them."""
    long_series(tmp_path, 12)
    write_files(tmp_path, {"templates/post.html": OLD_POST})
    page = browser.new_page(viewport=PHONE)
    try:
        with serve_built(tmp_path, "https://t.example/") as url:
            page.goto(url + "posts/p6/")
            settle(page)
            expect(page.locator("nav.series li:visible")).to_have_count(12)
            expect(page.locator("nav.series [aria-current='page']")).to_be_visible()
    finally:
        page.close()
