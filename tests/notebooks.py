"""Notebooks for tests, written the way Jupyter writes them, and a hand-made PNG."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).parent / "fixtures" / "notebooks" / "logistic-regression.ipynb"


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A valid RGB PNG, made by hand so the tests need no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + bytes((40, 120, 200)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def md(source: str, **extra: Any) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": lines(source), **extra}


def raw(source: str, **metadata: Any) -> dict[str, Any]:
    return {"cell_type": "raw", "metadata": metadata, "source": lines(source)}


def code(source: str, *outputs: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": metadata,
        "outputs": list(outputs),
        "source": lines(source),
    }


def stream(text: str, name: str = "stdout") -> dict[str, Any]:
    return {"output_type": "stream", "name": name, "text": lines(text)}


def display(**data: Any) -> dict[str, Any]:
    mimes = {key.replace("_", "/", 1).replace("_", "+"): value for key, value in data.items()}
    return {"output_type": "display_data", "data": mimes, "metadata": {}}


PYTHON = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}


def notebook(*cells: dict[str, Any], metadata: dict[str, Any] | None = None) -> bytes:
    """Serialized the way Jupyter writes notebooks: one source line per JSON line."""
    data = {
        "cells": list(cells),
        "metadata": PYTHON if metadata is None else metadata,
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def line_of(raw: bytes, needle: str) -> int:
    """The 1-based line of the JSON text on which `needle` appears."""
    text = raw.decode()
    return text[: text.index(needle)].count("\n") + 1
