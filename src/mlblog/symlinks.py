"""Which symlinks inside a site the build follows, and what it says of the others: one
rule for content/ and static/ (the dev server watches where the followed ones lead)."""

from __future__ import annotations

from pathlib import Path

LOOPS_BACK = "symlink loops back to a folder that holds it; skipped (fix or remove it)"


def link_target(path: Path, site: Path) -> tuple[Path | None, str]:
    """(where the symlink `path` leads, "") when it is to be followed: it leads somewhere
    inside `site` (resolved); else (None, why it is skipped), for a warning."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None, "symlink loops or points nowhere; skipped (fix or remove it)"
    if not target.is_relative_to(site):
        return None, (
            f"symlink points outside the site ({target}); skipped (copy the file into the "
            "site instead)"
        )
    return target, ""
