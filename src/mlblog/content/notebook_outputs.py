"""A code cell's outputs → Markdown blocks, and the image files those blocks show.

Each output becomes one block: text kinds as private output fences (render.outputs),
images as ordinary Markdown images of files written beside the page, so the usual
asset handling gives them base-path URLs on pages and absolute ones in the feed.

A chart drawn by JavaScript in Jupyter (Plotly, Bokeh, any `application/javascript`) saved
with nothing else to show left an empty space: the page runs no notebook scripts. The
author is told to save a picture of it instead.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mlblog.render.excerpt import html_text
from mlblog.render.outputs import markdown_output, output_block, sanitize_html

# CSI sequences (colours, cursor moves), OSC sequences (titles, links), two-byte escapes.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_BASE64_IMAGES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
# Richest first: a DataFrame's table over its text, a figure over `<Figure size ...>`.
_PREFERENCE = (
    "text/html", "text/markdown", "text/latex", "image/svg+xml",
    "image/png", "image/jpeg", "image/gif", "text/plain",
)  # fmt: skip
# What IPython's text/plain says of an object with no text of its own (`display(HTML(...))`)
_BARE_REPR = re.compile(r"<[\w.]+ object(?: at 0x[0-9a-fA-F]+)?>")
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Outputs only Jupyter's JavaScript draws, and how to save a picture of each instead
_DRAWN_BY_SCRIPT = {
    "application/vnd.plotly.v1+json": (
        "a Plotly chart",
        'fig.show(renderer="png"), or fig.write_image("fig.png") and show that file',
    ),
    "application/vnd.bokehjs_exec.v0+json": (
        "a Bokeh plot",
        'bokeh.io.export_png(plot, filename="plot.png") and show that file',
    ),
    "application/javascript": (
        "JavaScript output",
        "display a picture of what it draws (a PNG) in the cell instead",
    ),
}
_MATH_DELIMITERS = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"))
_TABLE = re.compile(r"<table\b", re.IGNORECASE)
# An SVG file opened on its own runs its scripts with the site's origin: such a figure is
# not written, and the next representation (PNG, text) is shown instead.
_ACTIVE_SVG = re.compile(
    r"<(?:script|foreignObject|iframe|embed|object)\b|\son[a-z]+\s*=|javascript:", re.IGNORECASE
)


class CellError(Exception):
    """A cell the notebook format does not allow; the message says which part."""


@dataclass(slots=True)
class CellOutputs:
    blocks: list[str] = field(default_factory=list)  # Markdown, one block per output
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (name beside the page, data)
    notes: list[str] = field(default_factory=list)  # what the author should know of them


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def settle(text: str) -> str:
    """Text as a terminal leaves it: a carriage return rewinds (progress bars), ANSI goes."""
    lines = strip_ansi(text).replace("\r\n", "\n").split("\n")
    return "\n".join(next((p for p in reversed(line.split("\r")) if p), "") for line in lines)


def convert_outputs(
    outputs: Sequence[Any], cell: int, widgets: Mapping[str, Any] | None = None
) -> CellOutputs:
    """Blocks and files for the outputs of cell number `cell` (1-based, names its images);
    `widgets` is the widget state saved in the notebook (model id → model)."""
    converted = CellOutputs()
    stream: tuple[str, list[str]] | None = None  # Jupyter splits one print run into pieces
    for number, output in enumerate(outputs, 1):
        if not isinstance(output, Mapping):
            raise CellError(f"output {number} is not a JSON object")
        kind = output.get("output_type")
        data = output.get("data", {})
        if kind in ("execute_result", "display_data") and not isinstance(data, Mapping):
            raise CellError(f"output {number}: `data` is not a JSON object")
        if kind == "stream":
            name = "stderr" if output.get("name") == "stderr" else "stdout"
            stream = _flush_unless(stream, name, converted)
            stream[1].append(_text(output.get("text", ""), number, "text"))
            continue
        if kind in ("execute_result", "display_data") and _WIDGET_VIEW in data:
            # A widget's text/plain is its state when it was made (tqdm's `0%|`); a progress
            # bar saved with the notebook reads as the log line it ended as, with the lines
            # around it; another widget shows only a picture saved beside it
            if bar := progress_text(data[_WIDGET_VIEW], widgets or {}):
                stream = _flush_unless(stream, "stdout", converted)
                stream[1].append(bar + "\n")
                continue
            data = {mime: value for mime, value in data.items() if mime != "text/plain"}
        _flush(stream, converted)
        stream = None
        if kind == "error":
            _error(output, number, converted)
        elif kind in ("execute_result", "display_data"):
            _rich(data, cell, number, converted)
        elif kind is None:
            raise CellError(f"output {number} has no `output_type`")
        # other output types (future ones, widget state) have nothing we can show
    _flush(stream, converted)
    return converted


def _flush_unless(
    stream: tuple[str, list[str]] | None, name: str, converted: CellOutputs
) -> tuple[str, list[str]]:
    """The run of stream text to add to: this one if it is `name`'s, else a new one."""
    if stream is not None and stream[0] == name:
        return stream
    _flush(stream, converted)
    return (name, [])


def _flush(stream: tuple[str, list[str]] | None, converted: CellOutputs) -> None:
    if stream is not None and (text := settle("".join(stream[1]))).strip():
        converted.blocks.append(output_block(stream[0], text))


def _text(value: Any, number: int, key: str) -> str:
    """A multiline string as nbformat stores it: a string or a list of strings."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    raise CellError(f"output {number}: `{key}` is not text")


def _error(output: Mapping[str, Any], number: int, converted: CellOutputs) -> None:
    traceback = output.get("traceback") or []
    if not isinstance(traceback, list):
        raise CellError(f"output {number}: `traceback` is not a list")
    text = "\n".join(str(line) for line in traceback)
    if not text.strip():
        text = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
    converted.blocks.append(output_block("error", strip_ansi(text)))


def _rich(data: Mapping[str, Any], cell: int, number: int, converted: CellOutputs) -> None:
    passed_over = False  # a richer form we could not show
    for mime in _PREFERENCE:
        if mime not in data:
            continue
        if mime in _BASE64_IMAGES:
            encoded = _text(data[mime], number, mime)
            try:
                image = base64.b64decode("".join(encoded.split()), validate=True)
            except binascii.Error:
                raise CellError(f"output {number}: {mime} is not valid base64") from None
            _image(image, _BASE64_IMAGES[mime], cell, converted)
            return
        text = _text(data[mime], number, mime)
        if mime == "image/svg+xml":
            if _ACTIVE_SVG.search(text):
                passed_over = True
                continue
            _image(text.encode(), "svg", cell, converted)
        elif mime == "text/html":
            shown = sanitize_html(text)  # as the page will show it
            if not html_text(shown).strip() and not _TABLE.search(shown):
                # a script-only widget (plotly, bokeh), or images the page may not load
                # (data: and remote <img>): show the next best thing
                passed_over = True
                continue
            converted.blocks.append(output_block("html", text))
        elif mime == "text/markdown":
            converted.blocks.append(markdown_output(text))
        elif mime == "text/latex":
            converted.blocks.append(output_block("latex", _tex(text)))
        elif text.strip() and not (passed_over and _names_only(text, data)):
            converted.blocks.append(output_block("result", strip_ansi(text)))
        else:
            break  # nothing of it shown
        return
    if drawn := next((_DRAWN_BY_SCRIPT[m] for m in _DRAWN_BY_SCRIPT if m in data), None):
        converted.notes.append(
            f"{drawn[0]} needs JavaScript that only Jupyter runs, and the page shows nothing "
            f"for it; save a static image in the notebook instead: {drawn[1]}"
        )


def _names_only(text: str, data: Mapping[str, Any]) -> bool:
    """Whether text/plain only names a richer form we passed over: IPython's
    `<IPython.core.display.HTML object>`, or Altair's `alt.Chart(...)` beside a chart drawn
    by script (a `application/vnd.*+json` view), which says nothing of the chart."""
    if _BARE_REPR.fullmatch(text.strip()):
        return True
    return any(mime.startswith("application/vnd.") and mime.endswith("+json") for mime in data)


def progress_text(view: Any, widgets: Mapping[str, Any]) -> str:
    """A tqdm bar saved with its widget state, as tqdm writes it in a terminal:
    `Downloading: 100%|██████████| 1.71M/1.71M [00:01<00:00]`; '' for any other widget."""
    model = widgets.get(view.get("model_id", "")) if isinstance(view, Mapping) else None
    children = _state(model).get("children")
    if not isinstance(children, list):
        return ""
    parts = [_state(widgets.get(str(child).removeprefix("IPY_MODEL_"))) for child in children]
    bars = [i for i, part in enumerate(parts) if "max" in part and "value" in part]
    if len(bars) != 1:
        return ""
    bar = parts[bars[0]]
    try:
        done = max(0.0, min(1.0, float(bar["value"]) / float(bar["max"])))
    except (TypeError, ValueError, ZeroDivisionError):
        return ""
    filled = round(done * 10)
    words = [html_text(str(part.get("value") or part.get("description") or "")) for part in parts]
    before = "".join(words[: bars[0]]) or html_text(str(bar.get("description") or ""))
    after = "".join(words[bars[0] + 1 :])
    return f"{before}|{'█' * filled}{' ' * (10 - filled)}|{after}".rstrip()


def _state(model: Any) -> Mapping[str, Any]:
    state = model.get("state") if isinstance(model, Mapping) else None
    return state if isinstance(state, Mapping) else {}


def _image(data: bytes, extension: str, cell: int, converted: CellOutputs) -> None:
    name = f"output-{cell}-{len(converted.files) + 1}.{extension}"
    converted.files.append((name, data))
    converted.blocks.append(f"![output of cell {cell}]({name})\n")


def _tex(text: str) -> str:
    """The formula inside IPython's `$\\displaystyle ...$` (or `$$`, `\\[`) delimiters."""
    tex = text.strip()
    for opening, closing in _MATH_DELIMITERS:
        if len(tex) > len(opening) + len(closing) and tex.startswith(opening):
            inner = tex[len(opening) : -len(closing)]
            if tex.endswith(closing) and opening not in inner:  # not `$a$ and $b$`
                return inner.strip()
    return tex
