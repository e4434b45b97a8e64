"""A page's cache key stands for its whole context: equal contexts, equal keys; any
difference a template could see (a value, its type, its place), a different key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from mlblog.pages import Digester
from mlblog.routes import Route

BEIJING = timezone(timedelta(hours=8))


@dataclass(frozen=True, slots=True)
class Card:
    title: str
    body: Any


@dataclass(frozen=True, slots=True)
class Note:
    text: str


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, min_value=-2, max_value=2)
    | st.sampled_from(["", "a", "注意力", "x" * 600, "y" * 511, "y" * 512])
    | st.sampled_from([Markup("a"), b"packed", b""])
    | st.sampled_from([datetime(2024, 1, 2, tzinfo=UTC), datetime(2024, 1, 2)])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3)
        | st.builds(Card, st.sampled_from(["t", "u"]), inner)
        | st.builds(Note, st.sampled_from(["t", "u"]))
    ),
    max_leaves=8,
)


def typed(value: Any) -> Any:
    """What a template sees of a value, types included (1, 1.0 and True differ)."""
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(typed(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((k, typed(v)) for k, v in value.items()))
    if isinstance(value, Card | Note):
        return (type(value).__name__, typed(list(vars_of(value))))
    if isinstance(value, datetime):
        return ("datetime", value.isoformat(), repr(value.tzinfo))
    return (type(value).__name__, value)


def vars_of(value: Card | Note) -> list[Any]:
    return [getattr(value, name) for name in value.__slots__]


def key(value: Any, digester: Digester | None = None) -> bytes:
    return (digester or Digester(b"prefix")).route(Route("/p/", "post.html", {"v": value}))


@given(VALUES, VALUES)
def test_keys_are_equal_exactly_when_contexts_are(a: Any, b: Any) -> None:
    assert (key(a) == key(b)) == (typed(a) == typed(b))


@given(VALUES, VALUES)
def test_one_digester_for_many_pages_gives_the_same_keys(a: Any, b: Any) -> None:
    shared = Digester(b"prefix")  # a build hashes every page with one, memo included
    assert key(a, shared) == key(a) and key(b, shared) == key(b)
    assert key(a, shared) == key(a, shared)


def test_what_templates_tell_apart_gives_different_keys() -> None:
    pairs = [
        ("1", 1), (1, True), (1, 1.0), ([1], (1,)), ("a", Markup("a")), ("x" * 600, "x" * 601),
        ([["a"], "b"], [["a", "b"]]), ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
        (datetime(2024, 1, 2, tzinfo=UTC), datetime(2024, 1, 2, 8, tzinfo=BEIJING)),
        (Card("t", None), Note("t")), (b"ab", "ab"),
    ]  # fmt: skip
    for a, b in pairs:
        assert key(a) != key(b), (a, b)
    assert key(Card("t", [1, "注意力"])) == key(Card("t", [1, "注意力"]))


def test_the_prefix_url_and_template_are_in_the_key() -> None:
    base = Digester(b"one").route(Route("/p/", "post.html", {}))
    assert Digester(b"two").route(Route("/p/", "post.html", {})) != base
    assert Digester(b"one").route(Route("/q/", "post.html", {})) != base
    assert Digester(b"one").route(Route("/p/", "page.html", {})) != base
