"""The cell tags Jupyter Book, MyST-NB and nbconvert read to leave parts of a code cell off
the page: one list for a notebook's cells (content.notebook) and MyST's `{code-cell}`s
(render.myst), so a cell tagged away in one is tagged away in the other."""

from __future__ import annotations

HIDE_INPUT = frozenset({"hide-input", "remove-input", "remove_input"})
HIDE_OUTPUT = frozenset({"hide-output", "remove-output", "remove_output"})
REMOVE = frozenset({"remove-cell", "remove_cell"})
