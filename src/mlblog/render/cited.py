"""What a post's citations render from: the references it may cite, as plain data.

A post's render job carries only the entries of its bibliographies whose keys appear in
its text (mlblog.bibliography picks them), so its cache key changes exactly when one of
those entries does, and a post that cites nothing carries nothing.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reference:
    """One BibTeX entry, its LaTeX already turned into readable text."""

    key: str
    surnames: tuple[str, ...]  # each author's (or editor's) surname, with "van", "de" …
    names: tuple[str, ...]  # the same people's names in full, as the list shows them
    et_al: bool  # the author list ended in "and others"
    year: str  # "" when the entry has none
    title: str
    venue: str  # journal, book title, publisher or "arXiv:…"
    link: str  # doi, else url, else the arXiv page; "" when there is none

    def sort_key(self) -> tuple[str, str, str]:
        """Author, then year, then title: the order of an author–year reference list."""
        first = self.surnames[0] if self.surnames else self.title
        return first.casefold(), self.year, self.title.casefold()


@dataclass(frozen=True, slots=True)
class Cited:
    """The references a post may cite, and the bibliography files they come from (as the
    author named them, for the warning about a key that is in none of them)."""

    files: tuple[str, ...]
    references: tuple[Reference, ...]
