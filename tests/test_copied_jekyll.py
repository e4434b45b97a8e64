"""Posts copied from Jekyll, Hexo or Hugo by hand (not through `mlblog import`): what the
reader sees of the template syntax left in them, and what the author is told."""

from __future__ import annotations

from conftest import SiteFactory, build_site, post_body, read

HEAD = "---\ntitle: A\ndate: 2024-01-01\n---\n"  # the body starts on line 5
# what the build says of a pair of raw tags in prose
RAW_NOT_NEEDED = (
    "… {% endraw %} is not needed in mlblog, which has no Liquid; the tags are left out "
    "and the text between them kept (delete the tags)"
)


def warnings_of(site_files: dict[str, str | bytes], make_site: SiteFactory) -> list[str]:
    result = build_site(make_site(site_files))
    assert result.ok
    return [str(w) for w in result.report.sorted()]


def test_each_foreign_construct_is_warned_at_its_line(make_site: SiteFactory) -> None:
    body = (
        "Hello {{ page.title }}.\n\n"  # 5
        "{% include note.html %}\n\n"  # 7
        "para\n{: .note}\n\n"  # 9, 10
        "{% include note.html %} again\n"  # 12: the same tag elsewhere is another place
    )
    site = make_site({"content/posts/a.md": HEAD + body})
    result = build_site(site)
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/a.md:5: warning: Liquid output {{ page.title }} is not supported; "
        "it is shown as text",
        "content/posts/a.md:7: warning: Hexo/Jekyll tag {% include note.html %} is not "
        "supported; it is shown as text",
        "content/posts/a.md:10: warning: kramdown attribute list {: .note} is not supported; "
        "it is shown as text",
        "content/posts/a.md:12: warning: Hexo/Jekyll tag {% include note.html %} is not "
        "supported; it is shown as text",
    ]
    assert "Hello {{ page.title }}." in read(site, "posts/a/index.html")


def test_a_tag_with_a_markdown_equivalent_says_what_to_write(make_site: SiteFactory) -> None:
    body = (
        "{% asset_img loss.png 损失曲线 %}\n\n"  # 5
        '{{< figure src="attn.png" caption="Attention" >}}\n\n'  # 7
        "{% codeblock lang:python %}\nx = 1\n{% endcodeblock %}\n\n"  # 9, 11
        '{{< relref "lora.md" >}}\n'  # 13
    )
    warnings = [
        w.split(": warning: ")[1]
        for w in warnings_of({"content/posts/a.md": HEAD + body}, make_site)
    ]
    image = "(write ![caption](image.png), the image beside the post; mlblog import converts"
    fence = "(write a ``` fence with its language; mlblog import converts a whole site's)"
    assert warnings == [
        f"Hexo/Jekyll tag {{% asset_img loss.png 损失曲线 %}} is not supported; it is shown as "
        f"text {image} a whole site's)",
        f'Hugo shortcode {{{{< figure src="attn.png" caption="At... is not supported; it is '
        f"shown as text {image} a whole site's)",
        f"Hexo/Jekyll tag {{% codeblock lang:python %}} is not supported; it is shown as "
        f"text {fence}",
        f"Hexo/Jekyll tag {{% endcodeblock %}} is not supported; it is shown as text {fence}",
        'Hugo shortcode {{< relref "lora.md" >}} is not supported; it is shown as text (write '
        "[text](other-post.md); mlblog import converts a whole site's)",
    ]


def test_a_post_full_of_tags_gets_five_and_a_count(make_site: SiteFactory) -> None:
    body = "".join(f"{{% include part{n}.html %}}\n\n" for n in range(9))  # lines 5, 7 … 21
    warnings = warnings_of({"content/posts/a.md": HEAD + body}, make_site)
    assert warnings == [
        *(
            f"content/posts/a.md:{5 + 2 * n}: warning: Hexo/Jekyll tag {{% include "
            f"part{n}.html %}} is not supported; it is shown as text"
            for n in range(5)
        ),
        "content/posts/a.md:15: warning: and 4 more places with another generator's template "
        "syntax, the next here",
    ]


def test_liquid_read_as_addresses_counts_toward_the_five(make_site: SiteFactory) -> None:
    body = "".join(f"{{% raw %}}$x_{n}${{% endraw %}}\n\n" for n in range(5))  # 5, 7 … 13
    body += "[a]({{ site.baseurl }}/) {{ x }}\n"  # 15
    warnings = warnings_of({"content/posts/a.md": HEAD + body}, make_site)
    assert [w.split(": warning: ")[0] for w in warnings] == [
        f"content/posts/a.md:{line}" for line in (5, 7, 9, 11, 13, 15)
    ]
    assert warnings[5] == (
        "content/posts/a.md:15: warning: and 2 more places with another generator's template "
        "syntax, the next here"
    )


def test_site_addresses_in_liquid_are_links_and_warned(make_site: SiteFactory) -> None:
    body = (
        "[Prev]({{ '/a/' | relative_url }}) and ![x]({{ site.baseurl }}/img/a.png)\n\n"  # 5
        '[Next]({{ "/b/" | absolute_url }})\n\n'  # 7
        "Code `[x]({{ site.baseurl }}/c/)` stays as written.\n"  # 9
    )
    site = make_site({
        "site.yaml": "title: T\nbase_url: https://me.github.io/notes/\n",
        "content/posts/a.md": HEAD + body,
        "content/pages/a.md": "---\ntitle: PA\nslug: a\n---\nx\n",
        "content/pages/b.md": "---\ntitle: PB\nslug: b\n---\nx\n",
        "static/img/a.png": b"\x89PNG fake",
    })  # fmt: skip
    result = build_site(site)
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/a.md:5: warning: Liquid in a link address: {{ '/a/' | relative_url }} "
        "is read as /a/ (write the address itself, /a/)",
        "content/posts/a.md:5: warning: Liquid in a link address: {{ site.baseurl }}/img/a.png "
        "is read as /img/a.png (write the address itself, /img/a.png)",
        'content/posts/a.md:7: warning: Liquid in a link address: {{ "/b/" | absolute_url }} '
        "is read as /b/ (write the address itself, /b/)",
    ]
    page = read(site, "posts/a/index.html")
    assert '<a href="/notes/a/">Prev</a> and <img src="/notes/img/a.png" alt="x" />' in page
    assert '<a href="/notes/b/">Next</a>' in page
    assert "<code>[x]({{ site.baseurl }}/c/)</code>" in page


def test_site_addresses_in_liquid_in_raw_html_are_read_and_warned(make_site: SiteFactory) -> None:
    """Jekyll posts size their figures in HTML: `<img src="{{ site.url }}/img/a.png">`.
    The page's image was broken and the build said only "image not found: {{ site.url }}…"."""
    body = (
        "Intro.\n\n"  # 5
        '<div class="fig">\n<img src="{{ site.url }}/img/a.png" style="width: 50%;"/>\n'  # 7, 8
        "<a href=\"{{ '/b/' | relative_url }}\">next</a>\n</div>\n\n"  # 9
        'A cover <img src="{{ page.cover }}" width="20">.\n'  # 12
    )
    site = make_site({
        "site.yaml": "title: T\nbase_url: https://me.github.io/notes/\n",
        "content/posts/a.md": HEAD + body,
        "content/pages/b.md": "---\ntitle: PB\nslug: b\n---\nx\n",
        "static/img/a.png": b"\x89PNG fake",
    })  # fmt: skip
    result = build_site(site)
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/a.md:8: warning: Liquid in an HTML address: {{ site.url }}/img/a.png is "
        "read as /img/a.png (write the address itself, /img/a.png)",
        "content/posts/a.md:9: warning: Liquid in an HTML address: {{ '/b/' | relative_url }} is "
        "read as /b/ (write the address itself, /b/)",
        "content/posts/a.md:12: warning: Liquid in an HTML address: {{ page.cover }} is not "
        "supported; the address stays as written (write the address itself)",
    ]
    page = read(site, "posts/a/index.html")
    assert '<img src="/notes/img/a.png" style="width: 50%;"/>' in page
    assert '<a href="/notes/b/">next</a>' in page


def test_other_liquid_in_a_link_address_is_warned_with_the_fix(make_site: SiteFactory) -> None:
    body = "[P]({{ page.url }}) and [Q]({{ site.url }}{{ post.url }})\n"  # one warning each
    site = make_site({"content/posts/a.md": HEAD + body})
    assert [str(w) for w in build_site(site).report.sorted()] == [
        "content/posts/a.md:5: warning: Liquid {{ page.url }} in a link address is not "
        "supported; the link is shown as text (write the address itself)",
        "content/posts/a.md:5: warning: Liquid {{ site.url }} in a link address is not "
        "supported; the link is shown as text (write the address itself)",
    ]
    assert "[P]({{ page.url }})" in read(site, "posts/a/index.html")


def test_raw_tags_around_math_are_left_out(make_site: SiteFactory) -> None:
    body = (
        "Inline {% raw %}$a_{b}$ {% endraw %} here.\n\n"  # 5
        "{% raw %}\n$$\n\\begin{pmatrix} {{a}} \\end{pmatrix}\n$$\n{% endraw %}\n\n"  # 7 … 11
        "Code `{% raw %}` stays.\n"
    )
    site = make_site({"content/posts/a.md": HEAD + body})
    result = build_site(site)
    said = RAW_NOT_NEEDED
    assert [str(w) for w in result.report.sorted()] == [
        f"content/posts/a.md:5: warning: {{% raw %}} {said}",
        f"content/posts/a.md:7: warning: {{% raw %}} {said}",
    ]
    page = read(site, "posts/a/index.html")
    body_html = page[page.index('<div class="post-body"') : page.index('<nav class="post-nav"')]
    assert "endraw" not in body_html
    assert body_html.count("{% raw %}") == 1 and "<code>{% raw %}</code>" in body_html
    assert '<annotation encoding="application/x-tex">a_{b}</annotation>' in page
    assert "\\begin{pmatrix} {{a}} \\end{pmatrix}</annotation>" in page
    assert "<p></p>" not in page


def test_raw_tags_around_a_link_leave_its_address_and_title_as_written(
    make_site: SiteFactory,
) -> None:
    """The braces a raw region holds are marked, before inline parsing, as meant; the mark
    stayed in a link's title and (percent-encoded) in its address: %EF%B7%90%7B%7B."""
    body = (
        "{% raw %}\n"
        '[a](/x/{{y}}.html "The {{ t }} slot") and ![i](/img/{{z}}.png "fig {{ n }}")\n'
        "{% endraw %}\n"
    )
    site = make_site({"content/posts/a.md": HEAD + body})
    assert build_site(site).ok
    page = read(site, "posts/a/index.html")
    assert '<a href="/x/%7B%7By%7D%7D.html" title="The {{ t }} slot">a</a>' in page
    assert '<img src="/img/%7B%7Bz%7D%7D.png" alt="i" title="fig {{ n }}"' in page
    assert "\ufdd0" not in page and "%EF%B7%90" not in page


def test_post_url_links_to_the_post_by_its_file(make_site: SiteFactory) -> None:
    body = "[LoRA]({{ site.baseurl }}{% post_url 2023-05-01-lora %}#why)\n"
    site = make_site({
        "content/posts/a.md": HEAD + body,
        "content/posts/2023-05-01-lora.md": "---\ntitle: LoRA\n---\n## Why {#why}\n",
    })  # fmt: skip
    assert [str(w) for w in build_site(site).report.sorted()] == [
        "content/posts/a.md:5: warning: Liquid in a link address: {{ site.baseurl }}{% "
        "post_url 2023-05... is read as a link to the post 2023-05-01-lora#why, found by its "
        "file name (write the address itself: the path to its file)",
    ]
    assert '<a href="/posts/lora/#why">LoRA</a>' in read(site, "posts/a/index.html")


def test_post_url_finds_a_post_that_is_a_bundle_from_anywhere(make_site: SiteFactory) -> None:
    """`{% post_url 2023-05-01-lora %}` names a post by its file name, wherever it is: it
    went looking for `2023-05-01-lora.md` beside the linking file, so a link to a bundle
    (`2023-05-01-lora/index.md`), or from one, led to a missing post."""
    bundle = "---\ntitle: {}\n---\n## Why {{#why}}\n\n{}\n"
    site = make_site({
        "content/posts/2023-05-01-lora/index.md": bundle.format(
            "LoRA", "[QLoRA]({% post_url 2023-06-01-qlora %}#why), [DPO]({% post_url dpo %})"
        ),
        "content/posts/2023-05-01-lora/fig.png": b"",
        "content/posts/2023-06-01-qlora/index.md": bundle.format(
            "QLoRA", "[LoRA]({{ site.baseurl }}{% post_url 2023-05-01-lora %}#why)"
        ),
        "content/posts/2023-07-01-dpo.md": bundle.format(
            "DPO", "[LoRA]({% post_url 2023-05-01-lora %}#how), [gone]({% post_url old %}#a)"
        ),
    })  # fmt: skip
    warned = [str(w) for w in build_site(site).report.sorted()]
    assert [w for w in warned if "Liquid in a link address" not in w] == [
        "content/posts/2023-05-01-lora/index.md:6: warning: link to a missing post: "
        "{% post_url dpo %} (no post has that file name)",
        "content/posts/2023-07-01-dpo.md:6: warning: link to a missing heading: "
        "{% post_url 2023-05-01-lora %}#how",
        "content/posts/2023-07-01-dpo.md:6: warning: link to a missing post: "
        "{% post_url old %}#a (no post has that file name)",
    ]
    assert '<a href="/posts/qlora/#why">QLoRA</a>' in read(site, "posts/lora/index.html")
    assert '<a href="dpo.md">DPO</a>' in read(site, "posts/lora/index.html")
    assert '<a href="/posts/lora/#why">LoRA</a>' in read(site, "posts/qlora/index.html")
    dpo = read(site, "posts/dpo/index.html")
    assert '<a href="/posts/lora/#how">LoRA</a>' in dpo and '<a href="old.md#a">gone</a>' in dpo


def test_hexo_front_matter_without_its_opening_dashes_is_read(make_site: SiteFactory) -> None:
    """Hexo reads `title: …` lines closed by `---` as front matter (its 2.x scaffolds wrote
    them so); copied as they were, the post was titled by its file name, dated by its
    mtime, and began with a heading "title: 注意力 date: … tags: [nlp]"."""
    site = make_site({
        "content/posts/attn.md": "title: 注意力机制\ndate: 2015-03-02 10:00:00\n"
                                 "tags: [nlp]\n---\nSoftmax 之后加权求和。\n",
        # prose over a rule stays prose: no title or date key
        "content/posts/note.md": "---\ntitle: Note\ndate: 2024-01-01\n---\n"
                                 "Note: a paragraph\n---\nmore\n",
        "content/posts/bad.md": b"\ntitle: Bad\ndate: 2015-02-30\n---\ntext\n",  # line 3
    })  # fmt: skip
    result = build_site(site)
    assert [str(d) for d in result.report.errors] == [
        'content/posts/bad.md:3: invalid date "2015-02-30" (day is out of range for month; '
        "use a real date)"
    ]
    (site / "content/posts/bad.md").unlink()
    result = build_site(site)
    assert result.ok and not result.report.warnings
    page = read(site, "posts/attn/index.html")
    assert "<title>注意力机制 · Test site</title>" in page
    assert '<time datetime="2015-03-02T10:00:00+00:00">2015-03-02' in page
    assert "title:" not in page and "Softmax 之后加权求和。" in page
    assert "注意力机制" in read(site, "tags/nlp/index.html")
    assert '<h2 id="note-a-paragraph">Note: a paragraph</h2>' in read(site, "posts/note/index.html")


def test_jekyll_excerpt_separator_in_a_post_is_warned_with_the_fix(
    make_site: SiteFactory,
) -> None:
    """A copied post's own `excerpt_separator: <!--cut-->` was ignored without a word: the
    home page's excerpt ran on past the marker into what the author had kept back."""
    post = (
        "---\ntitle: A\ndate: 2024-01-01\nexcerpt_separator: <!--cut-->\n---\n"
        "Shown first.\n\n<!--cut-->\n\nKept for the post.\n"
    )
    assert warnings_of({"content/posts/a.md": post}, make_site) == [
        "content/posts/a.md:4: warning: excerpt_separator is not read: the excerpt ends at a "
        "`<!--more-->` line; write one where it should end (mlblog import turns Jekyll's "
        "markers into it)"
    ]


def test_escaped_braces_are_text_without_a_warning(make_site: SiteFactory) -> None:
    """A note about Jinja or LLM prompt templates means its braces: `\\{{ question }}`
    shows `{{ question }}` quietly, as does what raw tags wrap in prose; an unescaped one
    beside them is still warned. Before, each was warned as another generator's leftover."""
    body = (
        "Fill \\{{ question }} and \\{% if x %} in the prompt.\n\n"  # 5
        "Jekyll's way: {% raw %}{{ answer }} and {% for y in z %}{% endraw %}.\n\n"  # 7
        "{% raw %}\nTwo lines: {{ context }}\n\nand {{ more }}\n{% endraw %}\n\n"  # 9 … 13
        "But {{ page.title }} is left over.\n"  # 15
    )
    site = make_site({"content/posts/a.md": HEAD + body})
    result = build_site(site)
    said = RAW_NOT_NEEDED
    assert [str(w) for w in result.report.sorted()] == [
        f"content/posts/a.md:7: warning: {{% raw %}} {said}",
        f"content/posts/a.md:9: warning: {{% raw %}} {said}",
        "content/posts/a.md:15: warning: Liquid output {{ page.title }} is not supported; "
        "it is shown as text",
    ]
    page = read(site, "posts/a/index.html")
    assert "<p>Fill {{ question }} and {% if x %} in the prompt.</p>" in page
    assert "<p>Jekyll's way: {{ answer }} and {% for y in z %}.</p>" in page
    assert "Two lines: {{ context }}" in page and "and {{ more }}" in page
    assert "\\{" not in page and "\ufdd0" not in page
    home = read(site, "index.html")  # the excerpt, and the feed and search text too
    assert "Fill {{ question }} and {% if x %} in the prompt." in home
    assert "Fill {{ question }}" in read(site, "atom.xml")
    assert "Fill {{ question }}" in read(site, "search.json")


def test_chirpy_prompts_copied_by_hand_are_callouts(make_site: SiteFactory) -> None:
    """`> text` with `{: .prompt-tip }` under it is Chirpy's coloured box; copied by hand
    it was a plain quote with the attribute line shown and warned."""
    body = (
        "> 显存不够时先减小 batch。\n{: .prompt-tip }\n\n"
        "> Careful **here**.\n> Second line.\n{: .prompt-danger }\n\n"
        "> Info\n> {: .prompt-info }\n\n"
        "> A plain quote.\n{: .small }\n"  # 15, 16: not a prompt, warned as before
    )
    site = make_site({"content/posts/a.md": HEAD + body})
    result = build_site(site)
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/a.md:16: warning: kramdown attribute list {: .small } is not "
        "supported; it is shown as text",
    ]
    page = read(site, "posts/a/index.html")
    assert (
        '<div class="admonition tip">\n<p class="admonition-title">提示</p>\n'
        "<p>显存不够时先减小 batch。</p>\n</div>" in page
    )
    assert (
        '<div class="admonition danger">\n<p class="admonition-title">警告</p>\n'
        "<p>Careful <strong>here</strong>.\nSecond line.</p>\n</div>" in page
    )
    assert (
        '<div class="admonition info">\n<p class="admonition-title">信息</p>\n<p>Info</p>' in page
    )
    assert "prompt" not in page


def test_a_chirpy_prompt_after_a_blank_quote_line_or_a_list_is_a_callout(
    make_site: SiteFactory,
) -> None:
    """Under a quote ending in a list, the attribute line lazily continues the last item:
    it was shown in that item, warned, and the box was lost. After a blank `>` line it is
    a paragraph of its own under the quote; both are kramdown's prompt all the same."""
    body = (
        "> 先看显存。\n>\n{: .prompt-tip }\n\n"  # 5 … 7
        "> Steps:\n> - one\n>   - inner\n{: .prompt-warning }\n\n"  # 9 … 12
        "> Order:\n> 1. first\n> 2. second\n> {: .prompt-danger }\n\n"  # 14 … 17
        "> Loose:\n>\n> - a\n>\n> - b\n{: .prompt-info }\n\n"  # 19 … 24
        "> - a plain list\n> - in a quote\n"
    )
    site = make_site({"content/posts/a.md": HEAD + body})
    result = build_site(site)
    assert result.ok and result.report.warnings == [], result.report.items
    page = post_body(read(site, "posts/a/index.html"))
    assert (
        '<div class="admonition tip">\n<p class="admonition-title">提示</p>\n'
        "<p>先看显存。</p>\n</div>" in page
    )
    assert (
        '<div class="admonition warning">\n<p class="admonition-title">注意</p>\n<p>Steps:</p>\n'
        "<ul>\n<li>one\n<ul>\n<li>inner</li>\n</ul>\n</li>\n</ul>\n</div>" in page
    )
    assert (
        '<div class="admonition danger">\n<p class="admonition-title">警告</p>\n<p>Order:</p>\n'
        "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n</div>" in page
    )
    assert '<div class="admonition info">' in page and "<p>b</p>\n</li>\n</ul>\n</div>" in page
    assert "<blockquote>\n<ul>\n<li>a plain list</li>" in page
    assert "prompt" not in page and "{:" not in page


def test_a_chirpy_prompt_under_a_quote_ending_in_code_is_a_callout(
    make_site: SiteFactory,
) -> None:
    """A quote that ends in a code block: the attribute line under it cannot continue a
    paragraph, so it was a paragraph of its own, shown and warned, and the box was lost.
    kramdown gives the quote the class all the same; with a blank line between, it does not."""
    body = (
        "> 先看显存：\n>\n> ```bash\n> nvidia-smi\n> ```\n{: .prompt-tip }\n\n"  # 5 … 10
        "> Spaced.\n\n{: .prompt-info }\n"  # 12 … 14: for the next block, not the quote
    )
    site = make_site({"content/posts/a.md": HEAD + body})
    result = build_site(site)
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/a.md:14: warning: kramdown attribute list {: .prompt-info } is not "
        "supported; it is shown as text",
    ]
    page = read(site, "posts/a/index.html")
    boxed = '<div class="admonition tip">\n<p class="admonition-title">提示</p>\n<p>先看显存：</p>'
    assert boxed in page
    assert "nvidia-smi" in page and "prompt-tip" not in page
    assert "<blockquote>\n<p>Spaced.</p>\n</blockquote>" in page


def test_chirpy_code_attributes_under_a_fence_name_the_block(make_site: SiteFactory) -> None:
    """Chirpy's `{: file="run.py" }` under a code block is its file name, `{: .nolineno }`
    hides line numbers: both showed as text under the code, warned. Another attribute
    list there is still shown and warned."""
    body = (
        '```python\nprint(1)\n```\n{: file="run.py" }\n\n'  # 5 … 8
        "```\nplain\n```\n{: .nolineno file='a b.txt' }\nText after.\n\n"  # 10 … 14
        "> ```bash\n> ls\n> ```\n> {: .nolineno }\n\n"  # 16 … 19
        "```bash\nls\n```\n{: .highlight }\n"  # 21 … 24
    )
    site = make_site({"content/posts/a.md": HEAD + body})
    result = build_site(site)
    assert [str(w) for w in result.report.sorted()] == [
        "content/posts/a.md:24: warning: kramdown attribute list {: .highlight } is not "
        "supported; it is shown as text",
    ]
    page = post_body(read(site, "posts/a/index.html"))
    assert '<div class="code-block" data-lang="python"><div class="code-title">run.py</div>' in page
    assert '<div class="code-title">a b.txt</div>' in page and "<p>Text after.</p>" in page
    assert "nolineno" not in page and "file=" not in page
    assert "<p>{: .highlight }</p>" in page


def test_chirpy_image_sizes_and_file_paths_copied_by_hand(make_site: SiteFactory) -> None:
    """Chirpy's short `{: w="700" h="400" }` after an image was dropped unread, so a picture
    the author had sized showed at full width (`width=`/`height=` were already read); its
    `{: .filepath}` after inline code was shown and warned."""
    body = (
        '![a](a.png){: w="700" h="400" }\n\n![b](a.png){: width="300" .shadow }\n\n'
        "Edit `_config.yml`{: .filepath} first.\n"  # Chirpy's mark of a path: it goes
    )
    site = make_site({"content/posts/a/index.md": HEAD + body, "content/posts/a/a.png": b"png"})
    result = build_site(site)
    assert result.ok and result.report.warnings == [], result.report.items
    page = post_body(read(site, "posts/a/index.html"))
    assert '<img src="/posts/a/a.png" alt="a" width="700" height="400" />' in page
    assert '<img src="/posts/a/a.png" alt="b" width="300" class="shadow" />' in page
    assert "<p>Edit <code>_config.yml</code> first.</p>" in page
