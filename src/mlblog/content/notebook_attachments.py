"""Images pasted or dropped into a notebook's Markdown cells → files beside the page.

A cell keeps them base64-encoded under their names, and its Markdown links to them as
`attachment:name`; those links are pointed at the files, and one naming no image is told.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from mlblog.content.notebook_outputs import CellError

_ATTACHMENT_IMAGES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
_ATTACHMENT = re.compile(r"attachment:([^\s)\"'>]+)")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
UNKNOWN_ATTACHMENT = (
    "attachment:{name} names no PNG, JPEG or GIF image attached to the cell, and shows as a "
    "broken image (paste the image into the cell again, or link to a file beside the post)"
)


def attachments(
    cell: Mapping[str, Any], number: int, source: str, files: list[tuple[str, bytes]]
) -> tuple[str, list[str]]:
    """Images pasted into a Markdown cell become files; `attachment:x.png` links point at
    them. Also the names that no attached image has, for the author to be told."""
    attached = cell.get("attachments")
    names: dict[str, str] = {}
    if isinstance(attached, Mapping):
        _attached_files(attached, number, names, files)
    unknown: list[str] = []

    def linked(match: re.Match[str]) -> str:
        # A name with spaces or CJK is written percent-encoded in the link (`截屏%202024.png`)
        # while the cell's attachments keep it as is
        written = match.group(1)
        found = names.get(written) or names.get(unquote(written))
        if found is None and written not in unknown:
            unknown.append(written)
        return found or match.group(0)

    return _ATTACHMENT.sub(linked, source), unknown


def _attached_files(
    attached: Mapping[Any, Any],
    number: int,
    names: dict[str, str],
    files: list[tuple[str, bytes]],
) -> None:
    """Each attached image as a file beside the page, `names` mapping its name to the file's."""
    for name, bundle in attached.items():
        if not isinstance(bundle, Mapping):
            raise CellError(f"attachment {name!r} is not a JSON object")
        mime = next((m for m in _ATTACHMENT_IMAGES if m in bundle), None)
        if mime is None:
            continue
        encoded = bundle[mime]
        encoded = "".join(encoded) if isinstance(encoded, list) else str(encoded)
        try:
            data = base64.b64decode("".join(encoded.split()), validate=True)
        except binascii.Error:
            raise CellError(f"attachment {name!r} is not valid base64") from None
        stem = _UNSAFE_NAME.sub("-", str(name).rsplit(".", 1)[0]).strip("-.") or "image"
        file_name = f"attachment-{number}-{stem}.{_ATTACHMENT_IMAGES[mime]}"
        taken = {written for written, _ in files}
        # Names that differ only in what a file name drops (架构图.png, 损失曲线.png) must
        # not overwrite each other beside the page
        copy = 2
        while file_name in taken:
            file_name = f"attachment-{number}-{stem}-{copy}.{_ATTACHMENT_IMAGES[mime]}"
            copy += 1
        names[str(name)] = file_name
        files.append((file_name, data))
