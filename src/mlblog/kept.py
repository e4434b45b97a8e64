"""What a rebuild takes from the last build: values made from a source's immutable objects
(its Entry, its Rendered), reused while their key is equal. Keys hold those objects
themselves, and an unchanged source's are the very same objects, which tuple comparison
takes at once. serve's rebuilds of 10,000 posts spent most of their time remaking such
values for posts that had not changed; kept, they are also the very objects of the last
build, which later steps compare at once too."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Kept(Generic[T]):
    """One value (never None) per source path, from one build to the next."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[tuple[object, ...], T]] = {}
        self._now: dict[str, tuple[tuple[object, ...], T]] = {}

    def get(self, path: str, key: tuple[object, ...]) -> T | None:
        """The value the last build kept for `path` under an equal key, kept again."""
        row = self._last.get(path)
        if row is not None and row[0] == key:
            self._now[path] = row
            return row[1]
        return None

    def put(self, path: str, key: tuple[object, ...], value: T) -> T:
        self._now[path] = (key, value)
        return value

    def next_build(self) -> None:
        """A build is done: what it did not ask for (deleted, renamed sources) is let go."""
        self._last, self._now = self._now, {}
