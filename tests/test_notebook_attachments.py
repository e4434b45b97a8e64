"""Images pasted or dropped into a notebook's Markdown cells, as the built page shows them."""

from __future__ import annotations

import base64
import re

from conftest import SiteFactory, build_site, read
from notebooks import md, notebook, png_bytes

PAGE = "posts/figures/index.html"


def _png(width: int, height: int) -> str:
    return base64.b64encode(png_bytes(width, height)).decode()


def _images(page: str) -> list[str]:
    return re.findall(r"<img [^>]*>", page[page.index('<div class="post-body"') :])


def test_a_percent_encoded_attachment_name_finds_its_image(make_site: SiteFactory) -> None:
    """A file dropped into a cell keeps its name (spaces, Chinese) in the attachments, while
    the link writes it percent-encoded: the page showed a broken `attachment:` image."""
    cell = md(
        "![截屏](attachment:%E6%88%AA%E5%B1%8F%202024.png)\n\n![gone](attachment:gone.png)\n",
        attachments={"截屏 2024.png": {"image/png": _png(6, 4)}},
    )
    site = make_site({"content/posts/2024-01-01-figures.ipynb": notebook(md("# F\n"), cell)})
    result = build_site(site)
    assert result.ok
    images = _images(read(site, PAGE))
    assert re.fullmatch(r'<img src="/posts/figures/[^"]+\.png" width="6" height="4" alt="截屏" />',
                        images[0]), images  # fmt: skip
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/2024-01-01-figures.ipynb: warning: cell 2: attachment:gone.png names "
        "no PNG, JPEG or GIF image attached to the cell, and shows as a broken image (paste "
        "the image into the cell again, or link to a file beside the post)"
    ]


def test_attachments_whose_names_lose_the_same_letters_stay_apart(make_site: SiteFactory) -> None:
    """Two images named in Chinese in one cell became the same file beside the page: both
    links showed one picture, and the other was lost."""
    cell = md(
        "![架构](attachment:架构图.png)\n\n![曲线](attachment:损失曲线.png)\n",
        attachments={
            "架构图.png": {"image/png": _png(6, 4)},
            "损失曲线.png": {"image/png": _png(9, 5)},
        },
    )
    site = make_site({"content/posts/2024-01-01-figures.ipynb": notebook(md("# F\n"), cell)})
    assert build_site(site).ok
    images = _images(read(site, PAGE))
    assert 'width="6" height="4" alt="架构"' in images[0] and 'alt="曲线"' in images[1]
    assert 'width="9" height="5"' in images[1]
    sources = re.findall(r'<img src="/([^"]+)"', "".join(images))
    assert sources[0] != sources[1]
    assert (site / "public" / sources[1]).read_bytes() == png_bytes(9, 5)
