"""The old site's BibTeX files (al-folio's `_bibliography/papers.bib`), which its imported
`{% cite key %}` citations cite from: copied beside site.yaml, for its `bibliography:` to
name, or every citation warns of an unknown key.

Nothing in the site is overwritten: a file of the same name that differs is kept. site.yaml
is not edited: its `bibliography:` is in the block of settings to paste (settings_block).
"""

from __future__ import annotations

from pathlib import Path

from mlblog.commands.import_bundles import ImportResult
from mlblog.config import CONFIG_FILE, Config
from mlblog.diagnostics import warning
from mlblog.importers.model import rel_to
from mlblog.importers.settings import Found


def copy_bibliographies(
    files: tuple[Path, ...], src: Path, site_dir: Path, config: Config, result: ImportResult
) -> Found | None:
    """Copies the files; returns the `bibliography:` setting naming them, for the block of
    settings to paste into site.yaml (None when site.yaml names them all already)."""
    named: list[str] = []  # the site's names of the old site's files
    copied: list[str] = []
    for file in files:
        rel = rel_to(file, src)
        target = site_dir / file.name
        try:
            data = file.read_bytes()
            if target.exists():
                if target.read_bytes() != data:
                    message = (f"not copied: {target} already exists and differs; cite from "
                               "this file by naming it in site.yaml's bibliography:")  # fmt: skip
                    result.problems.append(warning(rel, None, message))
                    continue
            else:
                with target.open("xb") as out:
                    out.write(data)
                copied.append(rel)
        except OSError as exc:
            result.problems.append(warning(rel, None, f"not copied: {exc.strerror}"))
            continue
        named.append(file.name)
    if copied:
        result.bibliography = f"{', '.join(copied)} copied beside {CONFIG_FILE}"
    wanted = [name for name in named if name not in config.bibliography]
    if not wanted:
        return None
    names = [*config.bibliography, *wanted]  # the site's own first
    origins = ", ".join(rel_to(f, src) for f in files if f.name in wanted)
    return Found("bibliography", names[0] if len(names) == 1 else names, origins)
