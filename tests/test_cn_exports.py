"""Notes exported from Chinese editors (语雀, 飞书, Notion, CSDN), written again in our own
words in the shapes those exports have, checked as the reader sees the page."""

from __future__ import annotations

from collections.abc import Callable

from conftest import SiteFactory, build_site, read
from mlblog.render.result import Rendered
from test_markdown_sites import tex_of

Render = Callable[..., Rendered]


def test_yuque_formula_cards_are_typeset(render: Render) -> None:
    """语雀 writes each formula as a picture of its formula service, the TeX in the card data
    after `#` (or, in older exports, as the query): the page fetched pictures from another
    site, and the excerpt and search left the formulas out ("损失为 ，其中 是")."""
    done = render(
        "损失为 ![](https://cdn.nlark.com/yuque/__latex/0a1b2c.svg#card=math&code="
        "%5Cell%20%3D%20-%5Clog%20p_y&id=Qw3rT)，其中 "
        "![](https://cdn.nlark.com/yuque/__latex/9f8e7d.svg#card=math&code=p_y%2B1&id=aB9cD) 。\n\n"
        "![](https://cdn.nlark.com/yuque/__latex/55aa66.svg#card=math&code="
        "%5Cfrac%7B1%7D%7BN%7D%5Csum_n%20%5Cell_n&height=42&id=Zz8yX)\n\n"
        "旧版：![](https://g.yuque.com/gr/latex?H(p%2Cq)%3Da%2Bb#card=math&code=H(p%2Cq)%3Da%2Bb&id=M)"
        " 与 ![](https://g.yuque.com/gr/latex?x%5E2) 。\n\n"
        "只有图：![](https://cdn.nlark.com/yuque/__latex/77bb88.svg)\n"
    )
    assert tex_of(done.html) == [
        "\\ell = -\\log p_y",
        "p_y+1",
        "\\frac{1}{N}\\sum_n \\ell_n",
        "H(p,q)=a+b",
        "x^2",
    ]
    assert done.html.count("katex-display") == 1  # the one alone in its paragraph
    assert "card=math" not in done.html
    assert '<img src="https://cdn.nlark.com/yuque/__latex/77bb88.svg"' in done.html  # no TeX
    assert done.excerpt.startswith("损失为 [Math]，其中 [Math]。 [公式] 旧版：[Math] 与 [Math]。")
    assert not done.warnings


def test_bold_glued_to_chinese_punctuation_is_bold(render: Render) -> None:
    """飞书 and 语雀 write bold that starts or ends with Chinese punctuation with no space
    around it; CommonMark's flanking rule left the asterisks on the page."""
    done = render(
        "**提示：**先在小数据上过拟合。这里**“温度”**指 softmax 的 T，*（可选）*也行。\n\n"
        'Without Chinese the rule stands: a**"b"**c.\n'
    )
    assert "<strong>提示：</strong>先在" in done.html
    assert "这里<strong>“温度”</strong>指" in done.html
    assert "<em>（可选）</em>也行" in done.html
    assert 'a**"b"**c.' in done.html.replace("&quot;", '"')
    assert "**" not in done.excerpt.split("Without")[0]


def test_yuque_callouts_are_boxes(render: Render) -> None:
    """语雀 exports its coloured blocks as `:::tips` … `:::`; they showed as text, colons
    and all, on the page and in the excerpt."""
    done = render(
        ":::tips\n先在小批量上跑通再放大。\n:::\n\n:::success\n验证集准确率到了 92%。\n:::\n"
    )
    assert done.html.count('<div class="admonition tip">') == 2
    assert "先在小批量上跑通再放大。" in done.html
    assert ":::" not in done.html and ":::" not in done.excerpt


def test_yuque_heading_anchors_make_no_gap_and_are_link_targets(make_site: SiteFactory) -> None:
    """语雀 writes `<a name="…"></a>` above each heading, and links to it by that name: each
    made an empty paragraph (a gap above every heading), and every link to one was warned
    about as a link to a missing heading, though the browser follows it."""
    site = make_site(
        {
            "content/posts/a.md": """
            ---
            title: 语雀导出
            date: 2026-01-02
            ---
            <a name="Xa1bC"></a>
            ## 定义
            交叉熵。

            <a name="kLm0n"></a>

            ## 梯度
            回到[定义](#Xa1bC)一节；[没有的](#nowhere)。
            """
        }
    )
    result = build_site(site)
    page = read(site, "posts/a/index.html")
    assert "<p><a name" not in page
    assert '<a name="Xa1bC"></a>\n<h2 id="定义">' in page
    assert '<a name="kLm0n"></a>' in page
    warned = [str(w) for w in result.report.warnings]
    assert warned == ["content/posts/a.md:12: warning: link to a missing heading: #nowhere"]


def test_csdn_image_leftovers_are_the_images_meant(render: Render) -> None:
    """Where CSDN could not copy a picture it leaves `[外链图片转存失败,…(img-…)(address)]`:
    the page showed that sentence and the address as text, in the excerpt too; and screen
    readers read its words out where they were a copied picture's alt text."""
    done = render(
        "残差块：\n\n"
        "[外链图片转存失败,源站可能有防盗链机制,建议将图片保存下来直接上传(img-Ab12Cd34-1670000000000)"
        "(https://example.org/figs/block.png)]\n\n"
        "![\\[外链图片转存失败,源站可能有防盗链机制,建议将图片保存下来直接上传(img-Xy98-1670000000001)"
        "(C:\\Users\\me\\b.png)\\]](https://img-blog.csdnimg.cn/abc.png)\n\n"
        "![在这里插入图片描述](https://img-blog.csdnimg.cn/def.png) 跳连。\n"
    )
    assert '<img src="https://example.org/figs/block.png" alt="" />' in done.html
    assert '<img src="https://img-blog.csdnimg.cn/abc.png" alt="" />' in done.html
    assert '<img src="https://img-blog.csdnimg.cn/def.png" alt="" />' in done.html
    assert "外链图片转存失败" not in done.html and "在这里插入" not in done.html
    assert done.excerpt == "残差块： 跳连。"
    assert done.warnings == (
        (3, "CSDN could not copy the image https://example.org/figs/block.png (its site "
         "refuses copies): it is shown from that site, which may refuse it to readers too; "
         "save it beside the post and write ![](its-name.png) in place of the "
         "[外链图片转存失败…] line"),
    )  # fmt: skip


def test_images_only_their_author_can_see_are_warned(render: Render) -> None:
    """飞书 keeps a copied note's pictures in the document's storage, for those signed in;
    Notion's copied pictures have addresses that stop working within the hour. The build
    said nothing, and readers got broken pictures."""
    done = render(
        "![](https://abc123.feishu.cn/space/api/box/stream/download/asynccode/?code=ZmE0)\n\n"
        "![image.png](https://prod-files-secure.s3.us-west-2.amazonaws.com/5c0a/351b/image.png"
        "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=ab12)\n\n"
        "![](https://prod-files-secure.s3.us-west-2.amazonaws.com/5c0a/77aa/loss.png)\n\n"
        "![](https://img-blog.csdnimg.cn/abc.png) ![](https://example.org/secure/x.png)\n"
    )
    assert [line for line, _ in done.warnings] == [1, 3, 5]
    assert done.warnings[0][1] == (
        "image https://abc123.feishu.cn/space/api/box/stream/download/as… is kept in a 飞书 "
        "(Lark) document, which shows it only to those signed in to it: save it beside the "
        "post and write ![](its-name.png) in its place"
    )
    assert "signed to stop working after a while" in done.warnings[1][1]
    assert "Notion's private file storage" in done.warnings[2][1]


def test_yuque_pictures_are_shown_at_the_width_their_author_gave(render: Render) -> None:
    """语雀 keeps the width its author set a picture to in the card data after `#`: the page
    showed a screenshot taken at twice the screen's pixels at twice that width."""
    done = render(
        "![image.png](https://cdn.nlark.com/yuque/0/2024/png/1/17-ab.png#averageHue=%23f5f5f5"
        "&clientId=u12&from=paste&height=300&id=u98&originHeight=600&originWidth=800"
        "&originalType=binary&ratio=2&rotation=0&showTitle=false&size=12345&status=done"
        "&style=none&taskId=u55&title=&width=400.6666)\n\n"
        "![](https://cdn.nlark.com/yuque/0/2024/png/1/18-cd.png#averageHue=%23efefef&clientId=u1"
        "&from=paste&id=u7&originHeight=280&originWidth=1154&ratio=1)\n\n"
        "![](https://example.org/plot.png#width=300)\n"
    )
    assert (
        '<img src="https://cdn.nlark.com/yuque/0/2024/png/1/17-ab.png" alt="image.png" '
        'width="401" />' in done.html
    )
    assert '<img src="https://cdn.nlark.com/yuque/0/2024/png/1/18-cd.png" alt="" />' in done.html
    assert '<img src="https://example.org/plot.png#width=300" alt="" />' in done.html


def test_notion_callouts_are_boxes_of_markdown(make_site: SiteFactory) -> None:
    """Notion exports a callout as `<aside>` with its emoji and text on the lines under it:
    CommonMark keeps those lines raw HTML, so the page showed `**归一化**` and `[论文](…)`
    as written, in a block the theme did not set apart from the text around it."""
    site = make_site(
        {
            "content/posts/n.md": """
            ---
            title: Notion
            date: 2026-01-02
            ---
            <aside>
            💡 先**归一化**再相加，见 [论文](https://a.org)。

            </aside>

            <aside>
            📌

            **要点**

            - 缩放 $\\sqrt{d_k}$
            </aside>
            """
        }
    )
    build_site(site)
    page = read(site, "posts/n/index.html")
    assert (
        "<aside>\n<p>💡 先<strong>归一化</strong>再相加，见 "
        '<a href="https://a.org">论文</a>。</p>\n</aside>'
    ) in page
    assert "<aside>\n<p>📌</p>\n<p><strong>要点</strong></p>\n<ul>\n<li>缩放 " in page
    assert ".post-body aside {" in read(site, "assets/css/main.css").replace(
        ".admonition, .post-body aside", ".post-body aside"
    )


def test_notion_folder_whose_last_space_was_dropped_is_found(make_site: SiteFactory) -> None:
    """Notion names a page's image folder by its title cut short, a space at its end
    (`Transformer%20笔记%20/image.png`); unpacked on Windows the folder has no such space,
    and every image of the note was "not found"."""
    site = make_site(
        {
            "content/posts/t/index.md": """
            ---
            title: Notion
            date: 2026-01-02
            ---
            ![image.png](Transformer%20%E7%AC%94%E8%AE%B0%20/image.png)
            """,
            "content/posts/t/Transformer 笔记/image.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    result = build_site(site)
    assert not result.report.warnings
    page = read(site, "posts/t/index.html")
    assert '<img src="/posts/t/Transformer%20%E7%AC%94%E8%AE%B0/image.png"' in page
    assert (site / "public/posts/t/Transformer 笔记/image.png").exists()


def test_csdn_image_placement_is_a_class_not_part_of_the_address(
    render: Render, make_site: SiteFactory
) -> None:
    """CSDN's editor centres or floats a picture by a fragment on its address
    (`#pic_center`): the page showed it at the left, the fragment still on its address."""
    done = render(
        "![在这里插入图片描述](https://img-blog.csdnimg.cn/20200101.png#pic_center)\n\n"
        "文字 ![](https://img-blog.csdnimg.cn/b.png#pic_left) 与 "
        "![](https://img-blog.csdnimg.cn/c.png#pic_right)，"
        "![](https://example.org/d.png#pic_middle)\n"
    )
    assert '<img src="https://img-blog.csdnimg.cn/20200101.png" alt="" class="img-center" />' in (
        done.html
    )
    assert '<img src="https://img-blog.csdnimg.cn/b.png" alt="" class="img-left" />' in done.html
    assert '<img src="https://img-blog.csdnimg.cn/c.png" alt="" class="img-right" />' in done.html
    assert '<img src="https://example.org/d.png#pic_middle" alt="" />' in done.html  # not CSDN's
    site = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n"})
    assert build_site(site).ok
    css = read(site, "assets/css/main.css")
    assert ".post-body img.img-center { display: block; margin-left: auto;" in css
    assert ".post-body img.img-left { float: left;" in css
    assert ".post-body img.img-right { float: right;" in css


def test_youdao_note_images_are_warned(make_site: SiteFactory) -> None:
    """有道云笔记 serves a note's pictures only to its own app: copied out, they were
    broken pictures on the page, and the build said nothing."""
    site = make_site({
        "content/posts/yd.md": "---\ntitle: YD\ndate: 2024-01-01\n---\n\n有道的图：\n\n"
        "![](https://note.youdao.com/yws/res/2/WEBRESOURCE3f2a1b.png)\n\n"
        "![](https://note.youdao.com/yws/api/personal/file/WEBRESOURCEab12?method=download"
        "&shareKey=9c8d)\n\n![](https://example.org/youdao.com.png)\n",
    })  # fmt: skip
    result = build_site(site)
    assert [str(w) for w in result.report.warnings] == [
        "content/posts/yd.md:8: warning: image https://note.youdao.com/yws/res/2/WEBRESOURCE3f2a"
        "1b.png is kept in 有道云笔记 (Youdao Note), which shows it only in its own app: save "
        "it beside the post and write ![](its-name.png) in its place",
        "content/posts/yd.md:10: warning: image https://note.youdao.com/yws/api/personal/file/"
        "WEBRESOURCE… is kept in 有道云笔记 (Youdao Note), which shows it only in its own "
        "app: save it beside the post and write ![](its-name.png) in its place",
    ]
