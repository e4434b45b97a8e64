"""Problems in a user's site, reported as `path:line: message` instead of tracebacks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


class Severity(Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, located in a file the user wrote (path is relative to the site)."""

    path: str
    line: int | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}: {prefix}{self.message}"


def error(path: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(path, line, message, Severity.ERROR)


def warning(path: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(path, line, message, Severity.WARNING)


class MlblogError(Exception):
    """A mistake the user can fix; carries the diagnostics that explain it."""

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic]) -> None:
        items = (diagnostics,) if isinstance(diagnostics, Diagnostic) else tuple(diagnostics)
        self.diagnostics: tuple[Diagnostic, ...] = items
        super().__init__("\n".join(str(d) for d in items))


@dataclass(slots=True)
class Report:
    """Diagnostics collected during one build, printed together at the end."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.path, d.line or 0, d.message))
