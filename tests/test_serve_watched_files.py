"""`mlblog serve` watches the files a build reads outside content/, templates/ and static/."""

from __future__ import annotations

from pathlib import Path

from conftest import SiteFactory
from serving import EventStream, ServeProcess

BIB = "@article{{vaswani2017,\n title={{{title}}},\n author={{Vaswani, A.}}, year={{2017}}\n}}\n"
POST = "---\ntitle: Cites\ndate: 2024-01-01\n---\nAs in [@vaswani2017].\n"


def test_a_bibliography_outside_the_watched_folders_is_watched(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    """site.yaml's `bibliography: refs/ml.bib`, or a Zotero export elsewhere: an entry
    corrected there never reached the page until some post was saved again."""
    site = make_site(
        {"content/posts/a.md": POST, "refs/ml.bib": BIB.format(title="Attention v1")},
        config="title: T\nbase_url: https://me.github.io/notes/\nbibliography: refs/ml.bib\n",
    )
    zotero = tmp_path / "Zotero"
    zotero.mkdir()
    server = ServeProcess(site)
    events = EventStream(server.origin)
    try:
        events.next()
        assert "Attention v1" in server.get("/notes/posts/a/")
        (site / "refs/ml.bib").write_text(BIB.format(title="Attention v2"), "utf-8")
        events.until(lambda _: "Attention v2" in server.get("/notes/posts/a/"))

        # moved to an export outside the site: that one is watched from the next build on
        (zotero / "library.bib").write_text(BIB.format(title="Exported v1"), "utf-8")
        config = (site / "site.yaml").read_text("utf-8")
        moved = config.replace("refs/ml.bib", str(zotero / "library.bib"))
        (site / "site.yaml").write_text(moved, "utf-8")
        events.until(lambda _: "Exported v1" in server.get("/notes/posts/a/"))
        saved = zotero / "library.bib.tmp"  # the exporter's save: a new file moved over
        saved.write_text(BIB.format(title="Exported v2"), "utf-8")
        saved.replace(zotero / "library.bib")
        events.until(lambda _: "Exported v2" in server.get("/notes/posts/a/"))
    finally:
        events.close()
        server.kill()
