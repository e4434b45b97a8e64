"""The theme's own words, in the site's language (`language:` in site.yaml): Chinese for
zh, zh-CN, zh-TW …, English otherwise. Templates read them as `ui.<name>`; the section
titles (LATEST UPDATES, ARCHIVES …) are the theme's terminal-style headings and stay as
they are. A site wanting other words overrides the template that shows them."""

from __future__ import annotations

from collections.abc import Mapping

ENGLISH: Mapping[str, str] = {
    "skip": "Skip to content",
    "site_nav": "Site",
    "archives": "Archives",
    "categories": "Categories",
    "tags": "Tags",
    "category": "Category",
    "tag": "Tag",
    "term_title": "{kind}: {term}",
    "search": "Search",
    "search_label": "Search posts",
    "quick_search": "Quick search",  # the header's search landmark (/search/ has a second one)
    "search_placeholder": "Search (/)",
    "search_results": "Search results",
    "search_hint": "Titles, tags, headings, opening text and names in code; Chinese and English",
    "search_needs_js": "Search needs JavaScript; the {archives} list every post.",
    "slash_shortcut": "Press / on any page to go to the search box",
    "dark_mode": "Dark mode",
    "dark_mode_title": "Toggle dark mode",
    "built_with": "Built with mlblog",
    "min_read": "{n} min read",
    "updated": "updated",
    "contents": "Contents",
    "table_of_contents": "Table of contents",
    "more_posts": "More posts",
    "back_to_text": "Back to text",  # a footnote's link back to where it is referred to
    "newer": "← Newer",
    "older": "Older →",
    "related": "Related posts",
    "series": "Series",  # `series:` in front matter: its pages' titles
    "this_series": "This series: {name} ({n}/{total})",  # the box on each part
    "all_parts": "All {total} parts",  # a long series' box, opened: every part listed
    "pagination": "Pagination",
    "prev": "← Prev",
    "next": "Next →",
    "page": "Page {n}",
    "no_posts": "No posts yet.",
    "pinned": "Pinned",  # a pinned post on the home page (`sticky:`, `top:`, `pin:`)
    "post_one": "post",  # after the counts of archive years and terms, for screen readers
    "post_many": "posts",
    "not_found_title": "Not found",
    "not_found": "This page does not exist. Try the {home} or the {archives}.",
    "latest": "latest updates",
    "archives_lower": "archives",
    "moved": "This page has moved to {target}.",
    "comments": "Comments",  # site.yaml's comments: (giscus or utterances) under a post
    "comments_local": "Comments ({service}) load on the published site, not under mlblog serve.",
    "comments_need_js": "Comments need JavaScript.",
    # site.js (data-* attributes of its script tag): boxes that scroll
    "code": "Code",
    "formula": "Formula",
    "table": "Table",
    "output": "Output",  # a notebook cell's output
    "diagram": "Diagram",  # a Mermaid diagram too wide to be read in the column
    "copy_label": "copy",  # code blocks' copy buttons: lower case, as the terminal look has it
    "copied": "copied",
    "copy_named": "copy {name}",
    # search.js (data-* attributes of its script tag)
    "result": "{n} result",
    "results": "{n} results",
    "no_match": "No posts match “{q}”.",
    "all_results": "All {n} results",
    "more_results": "Show more",
    "unavailable": "Search is unavailable right now ({e}).",
    "loading": "Loading the index…",
    # in the posts themselves (render stage): hidden headings and names, admonition titles
    "footnotes": "Footnotes",
    "references": "References",  # the list of works a post cites (mlblog.render.citations)
    "math_error": "math error: {message}",
    "figure_number": "Figure {number}",  # a Quarto `@fig-…` reference (render.quarto)
    "myst_figure_number": "Fig. {number}",  # a MyST figure's, as Sphinx numbers it
    "table_number": "Table {number}",
    "listing_number": "Listing {number}",  # a captioned MyST code-block's, as Sphinx says
    "note": "Note",
    "tip": "Tip",
    "info": "Info",
    "warning": "Warning",
    "danger": "Danger",
    "important": "Important",
    "caution": "Caution",
    # Obsidian's callout kinds (and GitHub's alerts, which are among them)
    "abstract": "Abstract",
    "summary": "Summary",
    "tldr": "TL;DR",
    "todo": "To do",
    "hint": "Hint",
    "success": "Success",
    "check": "Check",
    "done": "Done",
    "question": "Question",
    "help": "Help",
    "faq": "FAQ",
    "attention": "Attention",
    "failure": "Failure",
    "fail": "Fail",
    "missing": "Missing",
    "error": "Error",
    "bug": "Bug",
    "example": "Example",
    "quote": "Quote",
    "cite": "Cite",
    # theorem-style boxes (Quarto's `::: {#thm-…}`, MyST's `{prf:theorem}`: render.theorems)
    "theorem": "Theorem",
    "lemma": "Lemma",
    "corollary": "Corollary",
    "proposition": "Proposition",
    "conjecture": "Conjecture",
    "definition": "Definition",
    "example_box": "Example",
    "exercise": "Exercise",
    "proof": "Proof",
    "remark": "Remark",
    "solution": "Solution",
    "algorithm": "Algorithm",
    "criterion": "Criterion",
    "property": "Property",
    "observation": "Observation",
    "assumption": "Assumption",
    "axiom": "Axiom",
    "theorem_named": "({title})",  # a box's own title, after its kind and number
    # folded code (a fence's `fold`, Quarto's code-fold, Jupyter Book's hide-* tags): the
    # toggle's words, unless the block has a title or a `code-summary`
    "show_code": "Show code",
    "show_output": "Show output",
    "show_cell": "Show code cell",
}

CHINESE: Mapping[str, str] = {
    "skip": "跳到正文",
    "site_nav": "站点导航",
    "archives": "归档",
    "categories": "分类",
    "tags": "标签",
    "category": "分类",
    "tag": "标签",
    "term_title": "{kind}：{term}",
    "search": "搜索",
    "search_label": "搜索文章",
    "quick_search": "快速搜索",
    "search_placeholder": "搜索 (/)",
    "search_results": "搜索结果",
    "search_hint": "搜索标题、标签、小标题、开头的文字和代码里的名称，中英文皆可",
    "search_needs_js": "搜索需要 JavaScript；{archives}里有全部文章。",
    "slash_shortcut": "在任何页面按 / 键跳到搜索框",
    "dark_mode": "深色模式",
    "dark_mode_title": "切换深色模式",
    "built_with": "由 mlblog 生成",
    "min_read": "约 {n} 分钟读完",
    "updated": "更新于",
    "contents": "目录",
    "table_of_contents": "目录",
    "more_posts": "更多文章",
    "back_to_text": "返回正文",
    "newer": "← 较新",
    "older": "较旧 →",
    "related": "相关文章",
    "series": "系列",
    "this_series": "本系列：{name}（{n}/{total}）",
    "all_parts": "全部 {total} 篇",
    "pagination": "分页",
    "prev": "← 上一页",
    "next": "下一页 →",
    "page": "第 {n} 页",
    "no_posts": "还没有文章。",
    "pinned": "置顶",
    "post_one": "篇",
    "post_many": "篇",
    "not_found_title": "页面不存在",
    "not_found": "这个页面不存在。看看{home}或{archives}吧。",
    "latest": "最新文章",
    "archives_lower": "归档",
    "moved": "此页已移至 {target}。",
    "comments": "评论",
    "comments_local": "评论（{service}）在发布后的站点上加载，mlblog serve 预览时不加载。",
    "comments_need_js": "评论需要 JavaScript。",
    "code": "代码",
    "formula": "公式",
    "table": "表格",
    "output": "输出",
    "diagram": "图表",
    "copy_label": "复制",
    "copied": "已复制",
    "copy_named": "复制 {name}",
    "result": "{n} 条结果",
    "results": "{n} 条结果",
    "no_match": "没有与“{q}”相关的文章。",
    "all_results": "全部 {n} 条结果",
    "more_results": "显示更多",
    "unavailable": "暂时无法搜索（{e}）。",
    "loading": "正在载入索引…",
    "footnotes": "脚注",
    "references": "参考文献",
    "math_error": "公式错误：{message}",
    "figure_number": "图 {number}",
    "myst_figure_number": "图 {number}",
    "table_number": "表 {number}",
    "listing_number": "代码清单 {number}",  # Sphinx's zh_CN "列表" reads as "list"
    "note": "备注",
    "tip": "提示",
    "info": "信息",
    "warning": "注意",
    "danger": "警告",
    "important": "重要",
    "caution": "小心",
    "abstract": "摘要",
    "summary": "总结",
    "tldr": "太长不看",
    "todo": "待办",
    "hint": "提示",
    "success": "成功",
    "check": "已核对",
    "done": "完成",
    "question": "问题",
    "help": "帮助",
    "faq": "常见问题",
    "attention": "注意",
    "failure": "失败",
    "fail": "失败",
    "missing": "缺失",
    "error": "错误",
    "bug": "缺陷",
    "example": "示例",
    "quote": "引用",
    "cite": "引文",
    "theorem": "定理",
    "lemma": "引理",
    "corollary": "推论",
    "proposition": "命题",
    "conjecture": "猜想",
    "definition": "定义",
    "example_box": "例",
    "exercise": "练习",
    "proof": "证明",
    "remark": "注",
    "solution": "解",
    "algorithm": "算法",
    "criterion": "准则",
    "property": "性质",
    "observation": "观察",
    "assumption": "假设",
    "axiom": "公理",
    "theorem_named": "（{title}）",
    "show_code": "显示代码",
    "show_output": "显示输出",
    "show_cell": "显示代码单元",
}


def theme_strings(language: str) -> Mapping[str, str]:
    return CHINESE if language.lower().startswith("zh") else ENGLISH


def site_words(language: str, own: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The theme's words for a site: its language's, then its own (`words:` in site.yaml)."""
    return {**theme_strings(language), **dict(own)}


# The words a post's own HTML holds (the render stage's; in feeds too).
POST_WORDS = (
    "footnotes", "references", "math_error", "figure_number", "myst_figure_number",
    "table_number", "listing_number", "note", "tip",
    "info", "warning", "danger", "important", "caution", "abstract", "summary", "tldr", "todo",
    "hint", "success", "check", "done", "question", "help", "faq", "attention", "failure",
    "fail", "missing", "error", "bug", "example", "quote", "cite", "theorem", "lemma",
    "corollary", "proposition", "conjecture", "definition", "example_box", "exercise", "proof",
    "remark", "solution", "algorithm", "criterion", "property", "observation", "assumption",
    "axiom", "theorem_named", "show_code", "show_output", "show_cell",
)  # fmt: skip


def in_english(language: str, name: str, text: str) -> bool:
    """Whether `text`, shown for the word `name`, is the English default on a site in
    another language (marked lang="en" where it is shown)."""
    return not language.lower().startswith("en") and text == ENGLISH[name]
