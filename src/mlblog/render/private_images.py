"""Images whose address only works for a while, or only for the note's author.

A note copied out of 飞书 (Lark) keeps each picture at its document storage
(`…feishu.cn/space/api/box/stream/download/…?code=…`), shown only to those signed in to the
document; one copied out of Notion keeps it at an address signed to stop working an hour
later (`prod-files-secure.s3…amazonaws.com/…?X-Amz-Expires=3600…`); one copied out of
有道云笔记 (Youdao Note) keeps it at `note.youdao.com/yws/…`, which serves it only to the app
signed in to the note. The author's preview shows them; readers get broken pictures. Only
the author can fix that, so they are warned.
"""

from __future__ import annotations

from urllib.parse import urlsplit

_LARK_HOSTS = (".feishu.cn", ".larksuite.com", ".larkoffice.com", ".feishu.net")
_ADVICE = "save it beside the post and write ![](its-name.png) in its place"


def private_image(src: str) -> str | None:
    """The warning for an image only its author's browser can show; None for any other."""
    if not src.startswith(("https://", "http://")) or not (
        "/stream/download/" in src
        or "X-Amz-" in src
        or "Signature=" in src
        or "secure" in src
        or "youdao.com" in src
    ):
        return None  # (cheap: most images fail here)
    parts = urlsplit(src)
    host = parts.netloc.lower()
    where = src if len(src) <= 60 else src[:57] + "…"
    if host.endswith(_LARK_HOSTS) and "/space/api/box/stream/download/" in parts.path:
        why = "is kept in a 飞书 (Lark) document, which shows it only to those signed in to it"
    elif (
        "X-Amz-Expires=" in parts.query
        or "X-Amz-Signature=" in parts.query
        or ("Expires=" in parts.query and "Signature=" in parts.query)
    ):
        why = "has an address signed to stop working after a while"
    elif host.startswith(("prod-files-secure.", "file.notion.so")) or (
        "secure.notion-static.com" in src
    ):
        why = "is kept in Notion's private file storage, which readers cannot open"
    elif host == "youdao.com" or host.endswith(".youdao.com"):
        why = "is kept in 有道云笔记 (Youdao Note), which shows it only in its own app"
    else:
        return None
    return f"image {where} {why}: {_ADVICE}"
