"""The cell tags Jupyter Book, MyST-NB and nbconvert read to fold or leave out parts of a
code cell: one list for a notebook's cells (content.notebook) and MyST's `{code-cell}`s
(render.myst), so a cell tagged in one is shown as it is in the other.

`hide-*` folds, as Jupyter Book shows it (the part behind a toggle, render.folds);
`remove-*` leaves out. Other tools' flags for leaving out (fastpages' `#hide_input`,
Kaggle's "Hide input") are read as the `remove-*` tags."""

from __future__ import annotations

REMOVE_INPUT = frozenset({"remove-input", "remove_input"})
REMOVE_OUTPUT = frozenset({"remove-output", "remove_output"})
REMOVE = frozenset({"remove-cell", "remove_cell"})
FOLD_INPUT = frozenset({"hide-input", "hide_input"})
FOLD_OUTPUT = frozenset({"hide-output", "hide_output"})
FOLD_CELL = frozenset({"hide-cell", "hide_cell"})
