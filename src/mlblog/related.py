"""Related posts: for each post, the others that share its rarer tags and its category.

Computed once per build from the loaded set (part of the index stage), as Hugo's
`.Related`, Hexo's hexo-related-posts and Jekyll's `site.related_posts` give them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from mlblog.content.model import Entry
from mlblog.content.slugs import slugify

# How much a shared category counts next to a shared tag as rare: a category is broader
# (a post has one, filed by habit), a tag was chosen for this post's subject.
CATEGORY_WEIGHT = 0.5
# The posts looked at through one term: this many on each side of the post, by date in
# the term's list. Exact for terms of up to 2·WINDOW+1 posts; for a bigger term the far
# posts would lose the tie on date anyway unless they share more, and what they share
# more is found through that other term. Walking every pair of a term's posts instead
# costs the square of its size: a category of 5,000 posts is 25 million pairs.
WINDOW = 25

_Key = tuple[str, str]  # ("t" or "c", the term's slug)


def related_posts(posts: Sequence[Entry], limit: int) -> dict[str, tuple[Entry, ...]]:
    """Source path → up to `limit` related posts, best first: by the sum of the weights
    of the terms shared (a tag weighs more the fewer posts it has), then by nearness in
    date, then by source path (the same order every build). A post that shares nothing
    has none (and no entry here)."""
    if limit <= 0 or len(posts) < 2:
        return {}
    terms_of = {post.path: _terms(post) for post in posts}
    members: dict[_Key, list[Entry]] = {}
    for post in posts:  # newest first, so each term's list is in date order
        for key in terms_of[post.path]:
            members.setdefault(key, []).append(post)
    total = len(posts)
    weight = {
        key: math.log(1 + total / len(items)) * (CATEGORY_WEIGHT if key[0] == "c" else 1.0)
        for key, items in members.items()
    }
    place = {key: {p.path: i for i, p in enumerate(items)} for key, items in members.items()}
    related: dict[str, tuple[Entry, ...]] = {}
    for post in posts:
        own = terms_of[post.path]
        scores: dict[str, float] = {}
        found: dict[str, Entry] = {}
        for key in own:
            items, at = members[key], place[key][post.path]
            for other in items[max(0, at - WINDOW) : at + WINDOW + 1]:
                if other.path != post.path and other.path not in found:
                    found[other.path] = other
                    # Scored on every term shared, not only those whose window reached it
                    scores[other.path] = sum(weight[k] for k in own & terms_of[other.path])
        if not found:
            continue
        when = post.date.timestamp()
        ranked = sorted(
            found.values(),
            key=lambda o: (-scores[o.path], abs(o.date.timestamp() - when), o.path),
        )
        related[post.path] = tuple(ranked[:limit])
    return related


def _terms(post: Entry) -> frozenset[_Key]:
    """The post's tags and its categories, by slug (as their pages are)."""
    tags: Iterable[_Key] = (("t", slugify(t) or "-") for t in post.tags)
    categories: Iterable[_Key] = (("c", slugify(c) or "-") for c in post.categories)
    return frozenset((*tags, *categories))
