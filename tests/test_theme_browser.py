"""The theme as a reader uses it: dark toggle remembered without a flash, copy buttons,
no request leaving the site (issue 5)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from browser import ARGS, CHROMIUM, serve_built, settle
from conftest import REPO, SiteFactory

DARK_BG = "rgb(14, 17, 22)"
LIGHT_BG = "rgb(247, 248, 250)"


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    with serve_built(REPO, "https://example.github.io/ml-notes/") as url:
        yield url


def test_toggle_is_remembered_and_applied_before_first_paint(
    browser: Browser, demo_url: str
) -> None:
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(demo_url)
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == LIGHT_BG
    toggle = page.get_by_role("button", name="深色模式")  # the demo is zh-CN
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    assert page.evaluate(background) == DARK_BG
    expect(toggle).to_have_attribute("aria-pressed", "true")  # what a screen reader hears
    # the theme is set by a blocking script in <head>: already dark when the body is parsed
    page.add_init_script(
        "document.addEventListener('readystatechange', () => {"
        " if (document.readyState === 'interactive') window.__firstTheme ="
        " document.documentElement.dataset.theme; });"
    )
    page.goto(demo_url + "posts/lora/")
    assert page.evaluate("window.__firstTheme") == "dark"
    assert page.evaluate(background) == DARK_BG
    page.click(".theme-toggle")
    page.reload()
    assert page.evaluate(background) == LIGHT_BG
    context.close()


def test_follows_the_system_setting(browser: Browser, demo_url: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(demo_url)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == DARK_BG
    context.close()


def test_copy_button_copies_the_code(browser: Browser, demo_url: str) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(demo_url + "posts/flash-attention/")
    block = page.locator(".code-block").first
    button = block.locator(".copy-button")
    button.click()
    expect(button).to_have_text("已复制")  # the demo is zh-CN
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == block.locator("pre code").inner_text()
    assert "import numpy as np" in copied
    context.close()


NUMBERED_CODE = """---
title: Numbered
date: 2024-01-01
---
```python linenums="10" hl_lines="2 4"
import torch
price = 1
def f(x):
    return x
```
"""


def test_line_numbers_are_never_copied_and_highlighted_lines_read_in_dark(
    browser: Browser, tmp_path: Path
) -> None:
    """Numbered code with highlighted lines: the copy button and a selection take the code
    alone, and a highlighted line keeps a dark background in the dark theme."""
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: T\n", "utf-8")
    (tmp_path / "content/posts/n.md").write_text(NUMBERED_CODE, "utf-8")
    code = "import torch\nprice = 1\ndef f(x):\n    return x\n"
    with serve_built(tmp_path, "https://example.github.io/n/") as url:
        context = browser.new_context(color_scheme="dark")
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(url + "posts/n/")
        assert page.locator(".code-block .hll .linenos").count() == 2  # the case that broke
        page.locator(".copy-button").click()
        expect(page.locator(".copy-button")).to_have_text("已复制")  # a site says zh-CN unless told
        assert page.evaluate("navigator.clipboard.readText()") == code
        page.evaluate(
            "() => getSelection().selectAllChildren(document.querySelector('.code-block code'))"
        )
        assert page.evaluate("getSelection().toString()").rstrip("\n") == code.rstrip("\n")
        background = page.evaluate(
            "getComputedStyle(document.querySelector('.code-block .hll')).backgroundColor"
        )
        assert background == "rgb(22, 27, 34)"
        band = page.evaluate("""() => {
            const line = document.querySelector('.code-block .hll').getBoundingClientRect();
            const code = document.querySelector('.code-block pre');
            const block = code.getBoundingClientRect();
            const style = getComputedStyle(document.querySelector('.code-block .hll'));
            const pre = parseFloat(getComputedStyle(code).lineHeight);
            return [line.left - block.left, block.right - line.right, style.boxShadow,
                    Math.abs(line.height - pre)];
        }""")
        lines = page.evaluate("document.querySelector('.code-block pre').innerText.split('\\n')")
        context.close()
    assert band[:2] == [0, 0] and "inset" in band[2]  # across the block, with its bar
    assert band[3] < 1.5  # as tall as the other lines
    assert len([line for line in lines if line.strip()]) == 4  # and no line added


MAKEFILE_POST = """---
title: Make
date: 2024-01-01
---
```makefile
train:
\tpython train.py  # 训练
```
"""


def test_the_copy_button_copies_on_a_site_served_over_http(
    browser: Browser, tmp_path: Path
) -> None:
    """A page from http:// on another machine (`mlblog serve --host 0.0.0.0` read on a
    phone, a custom domain without https) has no clipboard API: the button was not even
    there. It copies all the same, tabs kept."""
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: T\n", "utf-8")
    (tmp_path / "content/posts/make.md").write_text(MAKEFILE_POST, "utf-8")
    with serve_built(tmp_path, "https://example.github.io/n/") as url:
        lan = browser.browser_type.launch(  # blog.test: not localhost, so not "secure"
            executable_path=str(CHROMIUM),
            headless=True,
            args=[*ARGS, "--host-resolver-rules=MAP blog.test 127.0.0.1"],
        )
        try:
            context = lan.new_context()
            page = context.new_page()
            page.goto(url.replace("127.0.0.1", "blog.test") + "posts/make/")
            assert page.evaluate("isSecureContext") is False
            expect(page.locator(".copy-button")).to_have_count(1)
            page.locator(".code-block").hover()
            page.locator(".copy-button").click()
            expect(page.locator(".copy-button")).to_have_text("已复制")
            # read back where the clipboard API is allowed: the same browser's clipboard
            origin = url.split("/n/")[0]
            context.grant_permissions(["clipboard-read"], origin=origin)
            reader = context.new_page()
            reader.goto(url)
            copied = reader.evaluate("navigator.clipboard.readText()")
        finally:
            lan.close()
    assert copied == "train:\n\tpython train.py  # 训练\n"


SESSIONS_POST = """---
title: Sessions
date: 2024-01-01
---
```console
$ pip install torch \\
    --pre
Successfully installed torch
```

```pycon
>>> for i in range(2):
...     print(i)
...
0
1
```
"""


def test_prompts_are_neither_copied_nor_selected(browser: Browser, tmp_path: Path) -> None:
    """`$ pip install torch` pasted into a terminal ran `$`; `>>> ` into Python was a
    SyntaxError. The copy button and a selection leave the prompts out, the outputs in
    (as sphinx-copybutton, in most ML libraries' docs, does)."""
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: T\n", "utf-8")
    (tmp_path / "content/posts/s.md").write_text(SESSIONS_POST, "utf-8")
    with serve_built(tmp_path, "https://example.github.io/n/") as url:
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(url + "posts/s/")
        copied, selected = [], []
        for block in page.locator(".code-block").all():
            assert block.locator(".gp").count()  # the prompts are still shown
            block.hover()
            block.locator(".copy-button").click()
            expect(block.locator(".copy-button")).to_have_text("已复制")
            copied.append(page.evaluate("navigator.clipboard.readText()"))
            selected.append(
                block.locator("pre code").evaluate(
                    "code => { getSelection().selectAllChildren(code);"
                    " return getSelection().toString(); }"
                )
            )
        context.close()
    console = "pip install torch \\\n    --pre\nSuccessfully installed torch\n"
    pycon = "for i in range(2):\n    print(i)\n\n0\n1\n"
    assert copied == [console, pycon]
    assert [text.rstrip("\n") for text in selected] == [console.rstrip("\n"), pycon.rstrip("\n")]


def test_no_request_leaves_the_site(browser: Browser, demo_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("", "posts/flash-attention/", "search/?q=lora"):
        page.goto(demo_url + path)
        settle(page)
    context.close()
    origin = demo_url.split("/ml-notes/")[0]
    assert requested and all(url.startswith(origin) for url in requested), requested
    assert any(url.endswith(".woff2") for url in requested)  # KaTeX fonts from the site


NUMBERED = r"""---
title: Numbered
date: 2024-01-01
---
$$
\begin{align}
a &= b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q + r + s + t + u + v \\
x &= y
\end{align}
$$

$$
\begin{equation}
E = mc^2
\end{equation}
$$
"""


@pytest.mark.parametrize("width", [375, 1280])
def test_equation_numbers_never_cover_their_formula(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    """KaTeX pins numbers to the column's right edge: a wider formula scrolled under them."""
    (tmp_path / "site.yaml").write_text("title: T\nbase_url: https://t.example/\n", "utf-8")
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "content/posts/numbered.md").write_text(NUMBERED, "utf-8")
    with serve_built(tmp_path, "https://t.example/") as url:
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(url + "posts/numbered/")
        boxes = page.evaluate("""() => [...document.querySelectorAll('.math-display')].map(d => {
            const tag = d.querySelector('.katex-tag').getBoundingClientRect();
            const ends = [...d.querySelectorAll('.katex-base')]
                .map(b => b.getBoundingClientRect().right);
            const box = d.getBoundingClientRect();
            return {tagLeft: tag.left, tagRight: tag.right, formulaRight: Math.max(...ends),
                    scrolledTo: box.left + d.scrollWidth};
        })""")
        context.close()
    assert len(boxes) == 2
    for box in boxes:
        assert box["tagLeft"] >= box["formulaRight"], box  # beside the formula, not over it
        assert box["tagRight"] <= box["scrolledTo"] + 1, box  # and scrolled to with it


def test_a_long_notebook_output_scrolls_in_its_box(browser: Browser, tmp_path: Path) -> None:
    """Five thousand lines of a training log: the page stays readable, the log scrolls."""
    from notebooks import PYTHON, code, notebook, stream

    log = "".join(f"epoch {n}: loss={1 / (n + 1):.4f}\n" for n in range(5000))
    raw = notebook(
        code("train()", stream(log)),
        metadata={**PYTHON, "mlblog": {"title": "Log", "date": "2024-01-02"}},
    )
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: T\n", "utf-8")
    (tmp_path / "content/posts/log.ipynb").write_bytes(raw)
    with serve_built(tmp_path, "https://example.github.io/n/") as url:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.goto(url + "posts/log/")
        box = page.evaluate(
            "(() => { const p = document.querySelector('.nb-output pre');"
            " return [p.clientHeight, p.scrollHeight, document.body.scrollHeight]; })()"
        )
        context.close()
    visible, full, page_height = box
    assert visible < 700 < 50_000 < full  # the whole log is there, in a box that scrolls
    assert page_height < 3000


def test_a_title_with_a_formula_reads_on_one_line_in_the_post_links(
    browser: Browser, tmp_path: Path
) -> None:
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: T\n", "utf-8")
    (tmp_path / "content/posts/a.md").write_text(
        "---\ntitle: 'Why $\\beta_2$ matters'\ndate: 2024-01-01\n---\nbody\n", "utf-8"
    )
    (tmp_path / "content/posts/b.md").write_text(
        "---\ntitle: Next\ndate: 2024-01-02\n---\nbody\n", "utf-8"
    )
    with serve_built(tmp_path, "https://example.github.io/n/") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url + "posts/b/")
        title = page.locator(".post-nav .older .post-nav-title")
        assert title.inner_text().startswith("Why")
        box = title.bounding_box()
        line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
        formula = page.evaluate(
            "getComputedStyle(document.querySelector('.post-nav .katex')).fontSize"
        )
        body = page.evaluate("getComputedStyle(document.querySelector('.post-nav a')).fontSize")
        context.close()
    assert box is not None and box["height"] < 1.6 * line  # one line, not three
    assert float(formula[:-2]) >= float(body[:-2])  # KaTeX's size, not the small label's


def test_printed_pages_are_dark_on_white_without_controls(browser: Browser, demo_url: str) -> None:
    """Even with the system in dark mode: a printed post is black text, its code in the
    light colours and wrapped, and no search box, toggle or copy button is printed."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(demo_url + "posts/flash-attention/")
    page.emulate_media(media="print")
    style = page.evaluate("""() => {
        const css = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
        return {
            text: css('body', 'color'), nav: css('.site-nav', 'display'),
            copy: css('.copy-button', 'display'), wrap: css('.code-block pre', 'whiteSpace'),
            keyword: css('.highlight .kn', 'color'),
        };
    }""")
    page.emulate_media(media="screen")
    on_screen = page.evaluate("getComputedStyle(document.querySelector('.highlight .kn')).color")
    context.close()
    assert style["text"] == "rgb(0, 0, 0)"
    assert style["nav"] == style["copy"] == "none"
    assert style["wrap"] == "pre-wrap"
    assert style["keyword"] != on_screen  # the light style's colour, not the dark one's


def test_the_footer_lines_up_with_the_page(browser: Browser, demo_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(demo_url)
    lefts = page.evaluate(
        "[...document.querySelectorAll('.site-header .wrap, main.wrap, .site-footer .wrap')]"
        ".map(e => [e.getBoundingClientRect().left, e.getBoundingClientRect().width])"
    )
    context.close()
    assert len(lefts) >= 2 and len({tuple(x) for x in lefts}) == 1, lefts


def test_the_copy_button_shows_only_while_its_block_is_pointed_at(
    browser: Browser, demo_url: str
) -> None:
    """It sits over the code's last line: with a mouse, it stays out of the way until the
    block is pointed at (or tabbed into)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(demo_url + "posts/flash-attention/")
    block = page.locator(".code-block").first
    button = block.locator(".copy-button")
    opacity = "e => getComputedStyle(e).opacity"
    page.mouse.move(0, 0)
    assert button.evaluate(opacity) == "0"
    block.hover()
    expect(button).to_have_css("opacity", "1")
    page.mouse.move(0, 0)
    button.focus()
    expect(button).to_have_css("opacity", "1")
    context.close()


def test_the_table_of_contents_beside_a_post_never_covers_its_text(
    browser: Browser, demo_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(demo_url + "posts/flash-attention/")
    toc = page.locator(".toc").bounding_box()
    body = page.locator(".post-body").bounding_box()
    context.close()
    assert toc is not None and body is not None
    assert toc["x"] >= body["x"] + body["width"], (toc, body)


LONG_NAME = "torch.nn.functional.scaled_dot_product_attention"


def test_long_identifiers_wrap_instead_of_widening_a_phone_s_page(
    browser: Browser, tmp_path: Path
) -> None:
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: T\n", "utf-8")
    (tmp_path / "content/posts/a.md").write_text(
        f"---\ntitle: {LONG_NAME} 的用法\ndate: 2024-01-01\ntags: [{LONG_NAME}]\n---\n"
        f"text\n\n## `{LONG_NAME}.forward`\n\ntext\n\n## two\n\ntext\n",
        "utf-8",
    )
    (tmp_path / "content/posts/b.md").write_text(
        "---\ntitle: Next\ndate: 2024-01-02\n---\nbody\n", "utf-8"
    )
    widths = {}
    with serve_built(tmp_path, "https://example.github.io/n/") as url:
        context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
        page = context.new_page()
        for path in ("", "posts/a/", "posts/b/", "archives/", "tags/"):
            page.goto(url + path)
            widths[path] = page.evaluate("document.scrollingElement.scrollWidth")
        page.goto(url + "tags/torch-nn-functional-scaled-dot-product-attention/")
        widths["tag"] = page.evaluate("document.scrollingElement.scrollWidth")
        font = page.evaluate(
            "getComputedStyle(document.querySelector('.site-search input')).fontSize"
        )
        context.close()
    assert all(width <= 375 for width in widths.values()), str(widths)
    assert float(font[:-2]) >= 16  # a smaller field makes iOS zoom the page when it is focused


WIDE_FORMULA = (
    r"$\operatorname{softmax}\left(\frac{QK^\top + M_{\text{causal}} + B_{\text{alibi}}}"
    r"{\sqrt{d_k}}\right)V_{\text{values of every head concatenated}}$"
)


def test_an_inline_formula_wider_than_a_phone_scrolls_on_its_own(
    browser: Browser, make_site: SiteFactory
) -> None:
    """KaTeX breaks inline math only between top-level terms: this one has none."""
    body = (
        f"The output is {WIDE_FORMULA} and $x = 1$.\n\n"
        "- breaks: $a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q + r$\n"
    )
    site = make_site({"content/posts/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}"})
    found = {}
    with serve_built(site, "https://example.github.io/n/") as url:
        for width in (375, 1280):
            context = browser.new_context(
                viewport={"width": width, "height": 812}, is_mobile=width < 500
            )
            page = context.new_page()
            page.goto(url + "posts/a/")
            page.evaluate("document.fonts.ready")
            found[width] = page.evaluate("""() => ({
                page: document.scrollingElement.scrollWidth,
                formulas: [...document.querySelectorAll('.post-body .katex')].map(k => ({
                    wide: k.classList.contains('katex-wide'),
                    scrolls: k.scrollWidth > k.clientWidth}))})""")
            context.close()
    phone, desktop = found[375], found[1280]
    assert phone["page"] <= 375, phone
    wide, short, breaks = phone["formulas"]
    assert wide["wide"] and wide["scrolls"], phone  # all of it there, scrolled to
    assert not short["wide"] and not breaks["wide"], phone  # breaks between terms, as before
    assert not any(formula["wide"] for formula in desktop["formulas"]), desktop


def test_on_a_touch_screen_the_copy_button_is_below_the_code(
    browser: Browser, demo_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(demo_url + "posts/flash-attention/")
    found = page.evaluate("""() => [...document.querySelectorAll('.code-block')].map(block => {
        const code = block.querySelector('pre code') || block.querySelector('pre');
        const range = document.createRange();
        range.selectNodeContents(code);
        const lines = [...range.getClientRects()].filter(r => r.width > 0);
        const text = Math.max(...lines.map(r => r.bottom));
        const button = block.querySelector('.copy-button').getBoundingClientRect();
        return [text, button.top, button.height];
    })""")
    context.close()
    assert found
    for text_bottom, button_top, button_height in found:
        assert button_top >= text_bottom - 1 and button_height >= 24, found


def test_chirpy_pictures_for_one_colour_scheme_show_only_in_it(
    browser: Browser, tmp_path: Path
) -> None:
    """Chirpy's `![](light.png){: .light }` and `![](dark.png){: .dark }` are one picture
    drawn twice: both showed, one under the other. Each now shows in its own scheme,
    chosen by the system or the toggle, and paper takes the light one."""
    (tmp_path / "content/posts/p").mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: T\n", "utf-8")
    (tmp_path / "content/posts/p/index.md").write_text(
        "---\ntitle: P\ndate: 2024-01-01\n---\n"
        "![light](l.png){: .light .shadow }\n![dark](d.png){: .dark }\n![both](b.png)\n",
        "utf-8",
    )
    for name in ("l.png", "d.png", "b.png"):
        (tmp_path / "content/posts/p" / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    shown = """() => ['light', 'dark', 'both'].filter(
        alt => getComputedStyle(document.querySelector(`img[alt=${alt}]`)).display !== 'none')"""
    with serve_built(tmp_path, "https://example.github.io/n/") as url:
        seen = {}
        for scheme in ("light", "dark"):
            context = browser.new_context(color_scheme=scheme)
            page = context.new_page()
            page.goto(url + "posts/p/")
            seen[scheme] = page.evaluate(shown)
            page.click(".theme-toggle")  # the reader's choice over the system's
            seen[f"{scheme}, toggled"] = page.evaluate(shown)
            page.emulate_media(media="print")
            seen[f"{scheme}, toggled, printed"] = page.evaluate(shown)
            context.close()
    assert seen == {
        "light": ["light", "both"],
        "light, toggled": ["dark", "both"],
        "light, toggled, printed": ["light", "both"],
        "dark": ["dark", "both"],
        "dark, toggled": ["light", "both"],
        "dark, toggled, printed": ["light", "both"],
    }
