"""`mlblog serve` when site.yaml's base_url changes its path while pages are open."""

from __future__ import annotations

import urllib.request

from conftest import SiteFactory
from serving import EventStream, ServeProcess

POST = "---\ntitle: Alpha\ndate: 2024-01-01\n---\nfirst text\n"
CONFIG = "title: T\nbase_url: https://me.github.io/{repo}/\n"


def test_a_page_open_under_the_old_base_path_follows_the_site(make_site: SiteFactory) -> None:
    """base_url moved from /notes/ to /blog/ (a repository renamed): every open tab reloaded
    to a 404, the post being written included, and had to be found again by hand."""
    site = make_site({"content/posts/a.md": POST}, config=CONFIG.format(repo="notes"))
    server = ServeProcess(site)
    events = EventStream(server.origin)
    try:
        events.next()
        (site / "site.yaml").write_text(CONFIG.format(repo="blog"), "utf-8")
        server.wait_for_line(r"base path is now /blog/")
        events.next()
        for old, new in (
            ("/notes/posts/a/", "/blog/posts/a/"),
            ("/notes/search/?q=alpha", "/blog/search/?q=alpha"),
        ):
            with urllib.request.urlopen(server.origin + old, timeout=10) as response:
                assert response.url == server.origin + new
                assert response.status == 200
        assert "first text" in server.get("/notes/posts/a/")

        # and back: /notes/ is the site's again, /blog/ the old place
        (site / "site.yaml").write_text(CONFIG.format(repo="notes"), "utf-8")
        server.wait_for_line(r"base path is now /notes/")
        events.next()
        with urllib.request.urlopen(server.origin + "/blog/posts/a/", timeout=10) as response:
            assert response.url == server.origin + "/notes/posts/a/"
            assert "first text" in response.read().decode()
    finally:
        events.close()
        server.kill()
