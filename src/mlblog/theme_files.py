"""Where the default theme's templates and static files are (inside the package)."""

from pathlib import Path

THEME_DIR = Path(__file__).parent / "theme"
