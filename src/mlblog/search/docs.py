"""Each post as the search sees it (SearchDoc), kept from build to build while nothing it
shows changed: `mlblog serve` then hands the index maker the very same documents."""

from __future__ import annotations

from mlblog.content.model import Entry
from mlblog.index import SiteIndex
from mlblog.kept import Kept
from mlblog.render.result import Rendered
from mlblog.render.title_math import plain_title, readable_title
from mlblog.search.index import SearchDoc
from mlblog.urls import Urls
from mlblog.views import language_of


class SearchDocs:
    """The search documents of one site's posts, build after build."""

    def __init__(self) -> None:
        self._kept: Kept[SearchDoc] = Kept()
        self._term_names: dict[str, str] = {}  # each term's URL → the name it is shown by
        self._renamed = object()  # replaced whenever a term is shown under a new name

    def update(
        self, index: SiteIndex, rendered: dict[str, Rendered], urls: Urls
    ) -> tuple[SearchDoc, ...]:
        """Each post's search document, kept (mlblog.kept) while its Entry and Rendered
        are the same objects at the same URL, and no term is shown under a new name. (An
        unchanged post's terms all existed before: new and removed terms leave it be.)"""
        kept, docs = self._kept, []
        shown = {t.url: t.name for t in (*index.categories, *index.tags, *index.series)}
        if any(self._term_names.get(url, name) != name for url, name in shown.items()):
            self._renamed = object()  # a term renamed: every document asks again
        self._term_names, renamed = shown, self._renamed
        for entry in index.posts:
            result, url = rendered[entry.path], index.url(entry)
            key = (entry, result, url, renamed)
            doc = kept.get(entry.path, key)
            if doc is None:
                category = index.category_of(entry)
                # a series is searched for by its name as a tag is (Hugo's are taxonomies)
                tags = tuple(t.name for t in (*index.tags_of(entry), *index.series_of(entry)))
                doc = search_doc(
                    entry, result, urls.href(url), category.name if category else "", tags,
                    urls.config.language,
                )  # fmt: skip
                doc = kept.put(entry.path, key, doc)
            docs.append(doc)
        kept.next_build()
        return tuple(docs)


def search_doc(
    entry: Entry,
    result: Rendered,
    href: str,
    category: str,
    tags: tuple[str, ...],
    site_language: str,
) -> SearchDoc:
    """`category`, `tags` (the post's series' names too): the names the site shows
    (mlblog.index: one per URL)."""
    lang = language_of(entry, result, site_language)
    return SearchDoc(
        url=href,
        title=plain_title(entry.title),  # formulas as their TeX
        shown_title=readable_title(entry.title),
        date=f"{entry.date:%Y-%m-%d}",
        category=category,
        tags=tags,
        headings=result.headings,
        # a summary the author wrote is shown under the result: it is found as well
        text=f"{entry.summary}\n{result.text}" if entry.summary else result.text,
        excerpt=result.excerpt,
        lang=lang if lang != site_language else "",
        code=result.code_names,
    )
