"""A Jupyter notebook (.ipynb) → front matter and a Markdown body, at load time.

Pure: notebook bytes in, Markdown out, so rendering, its cache and the dev server
treat a notebook like any Markdown post. Markdown cells are copied as written, code
cells become fenced code in the kernel's language, outputs become private output
fences or images (content.notebook_outputs), and the cell tags choose what is shown:
`remove-input`, `remove-output` and `remove-cell` leave out, `hide-input`, `hide-output` and
`hide-cell` fold (render.folds), as Jupyter Book shows them. Images (outputs and cell
attachments) travel with the result as files to write beside the page.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mlblog.content.cell_magics import magic_language
from mlblog.content.notebook_attachments import UNKNOWN_ATTACHMENT, attachments
from mlblog.content.notebook_colab import colab_form, titled_info
from mlblog.content.notebook_lines import cell_source_lines
from mlblog.content.notebook_outputs import CellError, convert_outputs
from mlblog.content.notebook_title import take_title
from mlblog.content.plain_values import as_written
from mlblog.render.cell_tags import (
    FOLD_CELL,
    FOLD_INPUT,
    FOLD_OUTPUT,
    REMOVE,
    REMOVE_INPUT,
    REMOVE_OUTPUT,
)  # fmt: skip
from mlblog.render.folds import FOLD_MARK, fold_open
from mlblog.render.highlight import fold_info
from mlblog.render.outputs import fenced
from mlblog.yamlfile import YamlSyntaxError, parse_yaml

# fastpages' and nbdev 1's flags, a code cell's first line: `#hide`, `#hide_input`, `#hide_output`.
# They left the part out of the page (no toggle), so they are the `remove-*` tags.
_COMMENT_FLAG = re.compile(r"\s*#\s*(hide|hide_input|hide_output)\s*", re.IGNORECASE)
_COMMENT_FLAGS = {
    "hide": "remove-cell", "hide_input": "remove-input", "hide_output": "remove-output",
}  # fmt: skip
# Raw cells nbconvert's Markdown export keeps; others (LaTeX for PDFs, reST) are not for us.
_RAW_SHOWN = frozenset({"", "text/markdown", "text/x-markdown", "text/html"})
_TOC2_CELL = re.compile(r"<div class=\"toc\"")
_LANGUAGE = re.compile(r"[a-z0-9_+#.-]+")
# VS Code's language ids that Pygments knows by another name
_VSCODE_LANGUAGES = {"shellscript": "bash", "plaintext": "text"}


class NotebookError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Notebook:
    meta: dict[str, Any]
    meta_lines: dict[str, int]  # file line of each front-matter key, where known
    body: str
    body_lines: tuple[int, ...]  # file line of each body line; 0 where we generated it
    attachments: tuple[tuple[str, bytes], ...]  # (file name beside the page, data)
    title_heading: str = ""  # the heading that became the title, as written (Source's)
    notes: tuple[str, ...] = ()  # `cell 3: …`: what the author should know (Source.notes)


class _Body:
    """Markdown blocks, each remembering the file lines it came from."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.where: list[int] = []
        self.prose: list[bool] = []  # written in a Markdown (or raw) cell: not code, not output

    def add(
        self, text: str, where: Sequence[int] = (), fallback: int = 0, *, prose: bool = False
    ) -> None:
        if not text.strip():
            return
        lines = text.rstrip("\n").split("\n")
        self.lines.extend(lines)
        self.where.extend(where[i] if i < len(where) else fallback for i in range(len(lines)))
        self.prose.extend([prose] * len(lines))
        self.lines.append("")  # a blank line: one cell's blocks never run into the next
        self.where.append(0)
        self.prose.append(prose)


def read_notebook(raw: bytes) -> Notebook:
    """The notebook as front matter and Markdown; a mistake raises NotebookError."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise NotebookError(line, "is not valid UTF-8 (save the notebook as UTF-8)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(
            exc.lineno, f"is not valid JSON ({exc.msg}, column {exc.colno})"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("nbformat"), int):
        raise NotebookError(None, "is not a Jupyter notebook (no `nbformat` version in it)")
    notebook = _as_v4(data)
    metadata = notebook.get("metadata")
    metadata = metadata if isinstance(metadata, Mapping) else {}
    written = data.get("cells") if data["nbformat"] == 4 else None  # lines only for v4 files
    where = cell_source_lines(text, written) if isinstance(written, list) else []
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise NotebookError(None, "is not a Jupyter notebook (`cells` is not a list)")
    meta, meta_lines = _metadata_front_matter(metadata, text)
    body = _Body()
    files: list[tuple[str, bytes]] = []
    notes: list[str] = []
    language = _language(metadata) or _v3_language(data)
    widgets = _widget_state(metadata)
    for index, cell in enumerate(cells):
        lines = where[index] if index < len(where) else []
        try:
            found_meta = _first_cell_front_matter(cell, lines) if index == 0 else None
            if found_meta is not None:
                found, found_lines, rest = found_meta
                meta.update(found)
                meta_lines.update(found_lines)
                body.add(rest, lines[len(lines) - rest.count("\n") - 1 :], prose=True)
            else:
                notes.extend(_add_cell(cell, index + 1, lines, language, widgets, body, files))
        except CellError as exc:
            raise NotebookError(lines[0] if lines else None, f"cell {index + 1}: {exc}") from None
    written = ""
    if "title" not in meta and (heading := take_title(body.lines, body.where, body.prose)):
        meta["title"], meta_lines["title"], written = heading
    return Notebook(
        meta, meta_lines, "\n".join(body.lines), tuple(body.where), tuple(files), written,
        tuple(notes),
    )  # fmt: skip


def _first_cell_front_matter(
    cell: Any, where: Sequence[int]
) -> tuple[dict[str, Any], dict[str, int], str] | None:
    """Front matter in a raw first cell; or in a Markdown one, where people put it too
    (a Markdown cell that only looks like it, a rule and a heading, stays a cell)."""
    if not _is_front_matter(cell):
        return None
    try:
        return _cell_front_matter(_source(cell), where)
    except NotebookError:
        if cell.get("cell_type") == "markdown":
            return None
        raise


def _as_v4(data: dict[str, Any]) -> Mapping[str, Any]:
    """The notebook read by nbformat (lines rejoined; nbformat 1-3 upgraded to 4)."""
    import nbformat  # a quarter-second import, paid only by sites that have notebooks

    major = data["nbformat"]
    if major not in nbformat.versions:
        raise NotebookError(None, f"nbformat {major} is not a notebook version we can read")
    # nbformat logs a failed validation at length (through traitlets' logger) before it
    # raises: the error below says it once, at the notebook's path.
    quiet = logging.getLogger("traitlets")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL + 1)
    try:
        notebook = nbformat.versions[major].to_notebook_json(data, minor=data.get("nbformat_minor"))
        if major != 4:
            notebook = nbformat.convert(notebook, 4)  # type: ignore[no-untyped-call]
    except KeyError as exc:  # nbformat raises assorted errors on malformed notebooks
        problem = f"a cell has no `{exc.args[0]}`" if exc.args else "a part is missing"
        raise NotebookError(
            None, f"is not a readable nbformat {major} notebook: {problem}"
        ) from None
    except (AttributeError, TypeError):  # `cells: "x"`: Python's words would say nothing
        raise NotebookError(None, f"is not a readable nbformat {major} notebook: its cells or "
                            "metadata have the wrong shape (open it in Jupyter and save it "
                            "again)") from None  # fmt: skip
    except Exception as exc:
        raise NotebookError(None, f"is not a readable nbformat {major} notebook: {exc}") from None
    finally:
        quiet.setLevel(level)
    if not isinstance(notebook, Mapping):
        raise NotebookError(None, "is not a Jupyter notebook")
    return notebook


def _source(cell: Mapping[str, Any]) -> str:
    """The cell's text, Windows line ends made plain (line numbers count `\\n` only)."""
    source = cell.get("source", "")
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        source = "".join(source)
    if not isinstance(source, str):
        raise CellError("`source` is not text")
    return source.replace("\r\n", "\n")


def _is_front_matter(cell: Any) -> bool:
    if not isinstance(cell, Mapping) or cell.get("cell_type") not in ("raw", "markdown"):
        return False
    return _source(cell).lstrip().split("\n", 1)[0].rstrip() == "---"


def _cell_front_matter(
    source: str, where: Sequence[int]
) -> tuple[dict[str, Any], dict[str, int], str]:
    """(fields, their file lines, what follows the closing `---`) of a raw first cell."""
    lines = source.lstrip().split("\n")
    skipped = len(source) - len(source.lstrip())
    offset = source[:skipped].count("\n")  # blank lines before the opening `---`

    def file_line(index: int) -> int | None:
        return where[index + offset] if index + offset < len(where) else None

    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise NotebookError(file_line(0), 'front matter starts with "---" but is never closed')
    try:
        doc = parse_yaml("\n".join(lines[1:end]), first_line=2)
    except YamlSyntaxError as exc:
        raise NotebookError(file_line(exc.line - 1), f"front matter: {exc.message}") from None
    meta = doc.data if doc.data is not None else {}
    if not isinstance(meta, dict):
        raise NotebookError(file_line(1), "front matter must be a mapping of `key: value` lines")
    meta_lines = {
        path[0]: line
        for path, yaml_line in doc.lines.items()
        if len(path) == 1 and (line := file_line(yaml_line - 1))
    }
    fields = as_written({str(k): v for k, v in meta.items()}, doc.plain)
    return fields, meta_lines, "\n".join(lines[end + 1 :])


def _metadata_front_matter(
    metadata: Mapping[str, Any], text: str
) -> tuple[dict[str, Any], dict[str, int]]:
    """Fields from the notebook metadata's `mlblog` mapping, with their lines where we can."""
    fields = metadata.get("mlblog")
    if fields is None:
        return {}, {}
    lines = [line.strip() for line in text.split("\n")]
    # The notebook's own metadata follows the cells, so its `mlblog` key is the last one.
    start = max((i for i, line in enumerate(lines) if line.startswith('"mlblog":')), default=None)
    if not isinstance(fields, Mapping):
        line = start + 1 if start is not None else None
        raise NotebookError(line, "notebook metadata `mlblog` must be a mapping of fields")
    meta = {str(k): v for k, v in fields.items()}
    meta_lines: dict[str, int] = {}
    if start is not None:
        for key in meta:
            quoted = json.dumps(key, ensure_ascii=False) + ":"
            at = next(
                (i for i in range(start + 1, len(lines)) if lines[i].startswith(quoted)), None
            )
            if at is not None:
                meta_lines[key] = at + 1
    return meta, meta_lines


def _language(metadata: Mapping[str, Any]) -> str:
    """The kernel's language as a fence info word (`python`, `r`, `julia`), or ''."""
    for section, key in (("kernelspec", "language"), ("language_info", "name")):
        holder = metadata.get(section)
        value = holder.get(key) if isinstance(holder, Mapping) else None
        if isinstance(value, str) and _LANGUAGE.fullmatch(name := value.strip().lower()):
            return name
    return ""


def _v3_language(data: Mapping[str, Any]) -> str:
    """An nbformat 3 notebook (IPython 2) names the language on each code cell, and the
    upgrade to 4 drops it: its first code cell's, else ''."""
    sheets = data.get("worksheets") if data.get("nbformat") == 3 else None
    for sheet in sheets if isinstance(sheets, list) else ():
        for cell in sheet.get("cells", ()) if isinstance(sheet, Mapping) else ():
            if isinstance(cell, Mapping) and cell.get("cell_type") == "code":
                value = cell.get("language")
                name = value.strip().lower() if isinstance(value, str) else ""
                return name if _LANGUAGE.fullmatch(name) else ""
    return ""


def _widget_state(metadata: Mapping[str, Any]) -> Mapping[str, Any]:
    """Model id → model of the widgets saved with the notebook: JupyterLab nests them under
    `state`, Colab writes them bare."""
    saved = metadata.get("widgets")
    state = (
        saved.get("application/vnd.jupyter.widget-state+json")
        if isinstance(saved, Mapping)
        else None
    )
    if not isinstance(state, Mapping):
        return {}
    nested = state.get("state")
    return nested if isinstance(nested, Mapping) else state


def _flags(cell: Mapping[str, Any]) -> set[str]:
    """The cell's tags, with JupyterLab's collapsed input/output as folds (as its author
    sees the cell) and Kaggle's hidden ones as removed (as Kaggle's readers see it)."""
    metadata = cell.get("metadata")
    if not isinstance(metadata, Mapping):
        return set()
    tags = metadata.get("tags")
    flags = {t for t in tags if isinstance(t, str)} if isinstance(tags, list) else set()
    jupyter = metadata.get("jupyter")
    if isinstance(jupyter, Mapping):
        if jupyter.get("source_hidden") is True:
            flags.add("hide-input")
        if jupyter.get("outputs_hidden") is True:
            flags.add("hide-output")
    # Kaggle's editor hides a cell's code or output from readers of the notebook with these
    if metadata.get("_kg_hide-input") is True:
        flags.add("remove-input")
    if metadata.get("_kg_hide-output") is True:
        flags.add("remove-output")
    return flags


def _cell_language(cell: Mapping[str, Any], source: str, language: str) -> str:
    """The language VS Code was told a cell is in (a `sql` or `shellscript` cell of a
    Python notebook), else the notebook's, as a fence word; a Python cell's magic (`%%bash`)
    chooses for it."""
    metadata = cell.get("metadata")
    vscode = metadata.get("vscode") if isinstance(metadata, Mapping) else None
    chosen = vscode.get("languageId") if isinstance(vscode, Mapping) else None
    if isinstance(chosen, str):
        name = _VSCODE_LANGUAGES.get(chosen.strip().lower(), chosen.strip().lower())
        language = name if _LANGUAGE.fullmatch(name) else language
    return magic_language(source, language)


def _add_cell(
    cell: Any,
    number: int,
    where: Sequence[int],
    language: str,
    widgets: Mapping[str, Any],
    body: _Body,
    files: list[tuple[str, bytes]],
) -> list[str]:
    """Add the cell's blocks to the body, and its files; what its outputs say to warn of."""
    if not isinstance(cell, Mapping):
        raise CellError("is not a JSON object")
    kind = cell.get("cell_type")
    source = _source(cell)
    flags = _flags(cell)
    first = where[0] if where else 0
    form = None
    if kind == "code":
        written = source
        source, where = _comment_flag(source, where, flags)
        if form := colab_form(source, where):  # a #@title line wants to be first too
            flagged = source is not written  # _comment_flag gives back the same text or less
            source, where = form.code, form.where
            if form.title and not flagged:
                source, where = _comment_flag(source, where, flags)
    if flags & REMOVE:
        return []
    if kind == "markdown" and _TOC2_CELL.search(source) and "tocSkip" in source:
        return []  # the toc2 extension's table of contents: the page has its own, whose links work
    if kind == "markdown" or (kind == "raw" and _raw_shown(cell)):
        text, unknown = attachments(cell, number, source, files)
        body.add(text, where, first, prose=True)
        return [f"cell {number}: {UNKNOWN_ATTACHMENT.format(name=name)}" for name in unknown]
    elif kind == "code":
        language = _cell_language(cell, source, language)
        if form is not None:  # Colab's form text: Markdown above the fields, not code
            body.add(form.prose, form.prose_where, first, prose=True)
        outputs = cell.get("outputs", [])
        if not isinstance(outputs, list):
            raise CellError("`outputs` is not a list")
        whole = bool(flags & FOLD_CELL)  # one toggle for the code and its outputs
        code: list[tuple[str, Sequence[int]]] = []
        if not flags & REMOVE_INPUT and source.strip():
            last = where[-1] if where else 0
            info = titled_info(language, form.title) if form and form.title else language
            # Colab shows a form cell's form and folds its code: here it folds under its title
            if not whole and (flags & FOLD_INPUT or (form is not None and form.folded)):
                info = fold_info(info or "text", "closed")
            code.append((fenced(info, source), [where[0] if where else first, *where, last]))
        shown: list[tuple[str, Sequence[int]]] = []
        notes: list[str] = []
        if not flags & REMOVE_OUTPUT:
            converted = convert_outputs(outputs, number, widgets)
            files.extend(converted.files)
            shown = [(block, ()) for block in converted.blocks]
            notes = [f"cell {number}: {note}" for note in dict.fromkeys(converted.notes)]
        if shown and (whole or flags & FOLD_OUTPUT):
            shown.append((FOLD_MARK, ()))
            (code if whole else shown).insert(0, (fold_open("cell" if whole else "output"), ()))
        elif whole and code:
            code = [(fold_open("cell"), ()), *code, (FOLD_MARK, ())]
        for text, lines in (*code, *shown):
            body.add(text, lines, first)
        return notes
    elif kind != "raw":
        raise CellError(f"unknown cell_type {kind!r}")
    return []


def _comment_flag(source: str, where: Sequence[int], flags: set[str]) -> tuple[str, Sequence[int]]:
    """The code without a fastpages flag on its first line, the flag added to `flags`."""
    flag = _COMMENT_FLAG.fullmatch(source.split("\n", 1)[0])
    if flag is None:
        return source, where
    flags.add(_COMMENT_FLAGS[flag.group(1).lower()])
    return source.partition("\n")[2], where[1:]  # the flag is not the code


def _raw_shown(cell: Mapping[str, Any]) -> bool:
    metadata = cell.get("metadata")
    if not isinstance(metadata, Mapping):
        return True
    mimetype = metadata.get("raw_mimetype", metadata.get("format", ""))
    return isinstance(mimetype, str) and mimetype.lower() in _RAW_SHOWN
