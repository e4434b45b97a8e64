"""Related posts: for each post, the others that share its rarer tags and its category.

Computed once per build from the loaded set (part of the index stage), as Hugo's
`.Related`, Hexo's hexo-related-posts and Jekyll's `site.related_posts` give them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import cast

from mlblog.cache import Cache
from mlblog.cache import key as cache_key
from mlblog.content.model import Entry
from mlblog.content.slugs import slugify

# How much a shared category counts next to a shared tag as rare: a category is broader
# (a post has one, filed by habit), a tag was chosen for this post's subject.
CATEGORY_WEIGHT = 0.5
# The posts looked at through a term of many posts: this many on each side of the post,
# by date in the term's list. A term of up to 2·WINDOW+1 posts is walked whole; walking
# every pair of a big one costs the square of its size (a category of 5,000 posts is 25
# million pairs), and its far posts would lose the tie on date unless they share more,
# which is found through that other, rarer term.
WINDOW = 10

_Key = tuple[str, str]  # ("t" or "c", the term's slug)


def related_posts(posts: Sequence[Entry], limit: int) -> dict[str, tuple[Entry, ...]]:
    """Source path → up to `limit` related posts, best first: by the sum of the weights
    of the terms shared (a tag weighs more the fewer posts it has), then by nearness in
    date, then the newer. A post that shares nothing has none (and no entry here).
    `posts`: newest first."""
    if limit <= 0 or len(posts) < 2:
        return {}
    # Posts by their place in `posts`: ints hash and compare faster than paths.
    terms_of = [_terms(post) for post in posts]
    members: dict[_Key, list[int]] = {}
    places: list[list[tuple[_Key, int]]] = []  # each post's terms, with its place in each
    for number, keys in enumerate(terms_of):
        own = []
        for key in keys:
            items = members.setdefault(key, [])
            own.append((key, len(items)))
            items.append(number)
        places.append(own)
    total = len(posts)
    weight = {
        key: math.log(1 + total / len(items)) * (CATEGORY_WEIGHT if key[0] == "c" else 1.0)
        for key, items in members.items()
    }
    stamps = [post.date.timestamp() for post in posts]
    span = 2 * WINDOW + 1
    # The big terms as bits: what a candidate shares of them is one `&`, its weight
    # summed once per distinct set shared.
    bits = {key: 1 << n for n, key in enumerate(k for k, v in members.items() if len(v) > span)}
    masks = [sum(bits.get(key, 0) for key in keys) for keys in terms_of]
    big_weights = [weight[key] for key in bits]  # by bit number
    summed: dict[int, float] = {}
    related: dict[str, tuple[Entry, ...]] = {}
    for number, own in enumerate(places):
        scores: dict[int, float] = {}
        for key, at in own:
            items = members[key]
            if key in bits:
                for other in items[max(0, at - WINDOW) : at + WINDOW + 1]:
                    scores.setdefault(other, 0.0)
            else:
                w = weight[key]
                for other in items:
                    scores[other] = scores.get(other, 0.0) + w
        # Every candidate is scored on each big term it shares, in or out of that term's
        # window (found through a rare tag far in date, it still shares the category).
        if mask := masks[number]:
            for other in scores:
                if shared := mask & masks[other]:
                    if shared not in summed:
                        summed[shared] = _sum_bits(shared, big_weights)
                    scores[other] += summed[shared]
        scores.pop(number, None)  # itself (absent when it has no tags or category)
        if scores:
            when = stamps[number]
            # Only those that can make the list are sorted by date too (floats sort in C).
            cut = sorted(scores.values(), reverse=True)[min(limit, len(scores)) - 1]
            ranked = sorted(
                (-score, abs(stamps[o] - when), o) for o, score in scores.items() if score >= cut
            )
            related[posts[number].path] = tuple(posts[o] for _, _, o in ranked[:limit])
    return related


class RelatedPosts:
    """related_posts, remembered: in memory from the last build (serve's rebuild after an
    edit that changed no post's date, tags or categories, nearly every edit), and in the
    render cache when one is given (a warm `mlblog build`, in a new process). Ranking
    1,000 posts takes ~40 ms of a 0.6 s warm build, 10,000 ~0.5 s; comparing and hashing
    what it depends on, milliseconds."""

    def __init__(self, store: Cache | None = None, versions: tuple[str, ...] = ()) -> None:
        self._store, self._versions = store, versions
        self._asked: tuple[int, tuple[tuple[str, datetime, tuple[str, ...], tuple[str, ...]], ...]]
        self._asked = (0, ())
        self._found: dict[str, tuple[str, ...]] = {}  # by source path: entries are remade

    def __call__(self, posts: Sequence[Entry], limit: int) -> dict[str, tuple[Entry, ...]]:
        asked = (limit, tuple((p.path, p.date, p.tags, p.categories) for p in posts))
        if asked != self._asked:
            self._asked, self._found = asked, self._stored_or_ranked(posts, limit, asked)
        post_at = {post.path: post for post in posts}
        return {path: tuple(post_at[o] for o in others) for path, others in self._found.items()}

    def _stored_or_ranked(
        self, posts: Sequence[Entry], limit: int, asked: object
    ) -> dict[str, tuple[str, ...]]:
        store = self._store
        stored_key = cache_key(self._versions, "related", asked) if store is not None else b""
        if store is not None and (found := store.get("related", stored_key)) is not None:
            return cast(dict[str, tuple[str, ...]], found)
        ranked = related_posts(posts, limit)
        paths = {path: tuple(p.path for p in others) for path, others in ranked.items()}
        if store is not None:
            store.put("related", stored_key, paths)
            store.retain("related", [stored_key])  # the lists of this site as it is now
        return paths


def _sum_bits(mask: int, weights: Sequence[float]) -> float:
    total = 0.0
    while mask:
        low = mask & -mask
        total += weights[low.bit_length() - 1]
        mask ^= low
    return total


def _terms(post: Entry) -> frozenset[_Key]:
    """The post's tags and its categories, by slug (as their pages are)."""
    tags: Iterable[_Key] = (("t", slugify(t) or "-") for t in post.tags)
    categories: Iterable[_Key] = (("c", slugify(c) or "-") for c in post.categories)
    return frozenset((*tags, *categories))
