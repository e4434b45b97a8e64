"""The old site's BibTeX files (al-folio's `_bibliography/papers.bib`), which its imported
`{% cite key %}` citations cite from: copied beside site.yaml and named in its
`bibliography:`, or every citation warns of an unknown key.

Nothing in the site is overwritten: a file of the same name that differs is kept, and so
is a `bibliography:` site.yaml has already (what to add to it is said).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mlblog.commands.import_bundles import ImportResult
from mlblog.config import CONFIG_FILE, Config
from mlblog.diagnostics import warning
from mlblog.importers.model import rel_to

_PLAIN = re.compile(r"[\w][\w.-]*")  # a file name YAML reads as written


def copy_bibliographies(
    files: tuple[Path, ...], src: Path, site_dir: Path, config: Config, result: ImportResult
) -> None:
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
    wanted = [name for name in named if name not in config.bibliography]
    if not wanted and not copied:
        return
    done = f"{', '.join(copied)} copied beside {CONFIG_FILE}" if copied else ""
    if wanted and config.bibliography:  # the site's own list is the author's: not edited
        listed = ", ".join(wanted)
        message = f"bibliography: add {listed} to it, which the imported citations cite from"
        result.problems.append(warning(str(site_dir / CONFIG_FILE), None, message))
    elif wanted:
        if not _name_in_config(site_dir, wanted, result):
            result.bibliography = done
            return
        done += (" and " if done else "") + f"named in {CONFIG_FILE}'s bibliography:"
    result.bibliography = done


def _name_in_config(site_dir: Path, names: list[str], result: ImportResult) -> bool:
    """`bibliography:` added at the end of site.yaml, which has none; the rest as it was."""
    config = site_dir / CONFIG_FILE
    plain = [name if _PLAIN.fullmatch(name) else json.dumps(name) for name in names]
    value = plain[0] if len(plain) == 1 else "[" + ", ".join(plain) + "]"
    try:
        text = config.read_text(encoding="utf-8")
        gap = "" if not text or text.endswith("\n") else "\n"
        with config.open("a", encoding="utf-8", newline="\n") as out:
            out.write(f"{gap}# The old site's BibTeX, which its citations cite from\n"
                      f"bibliography: {value}\n")  # fmt: skip
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot add bibliography: {value} ({exc}); add it yourself"
        result.problems.append(warning(str(config), None, message))
        return False
    return True
