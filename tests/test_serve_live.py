"""`mlblog serve` end to end, without a browser: edits, mistakes, fixes, new posts, Ctrl-C."""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SiteFactory
from notebooks import png_bytes
from serving import EventStream, ServeProcess

POST = "---\ntitle: {title}\ndate: 2024-01-0{day}\ncategories: Notes\n---\n{body}\n"


@pytest.fixture
def served(make_site: SiteFactory) -> Iterator[tuple[Path, ServeProcess]]:
    site = make_site(
        {
            "content/posts/a.md": POST.format(title="Alpha", day=1, body="first text"),
            "content/posts/b.md": POST.format(title="Beta", day=2, body="second text"),
        },
        config="title: Live\nbase_url: https://me.github.io/notes/\n",
    )
    server = ServeProcess(site)
    yield site, server
    server.kill()


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_edit_break_fix_create_template_and_stop(served: tuple[Path, ServeProcess]) -> None:
    site, server = served
    assert server.url.endswith("/notes/")
    assert "first text" in server.get("/notes/posts/a/")
    assert not (site / "public").exists()  # served from memory, nothing written
    events = EventStream(server.origin)
    initial = events.next()
    assert initial["error"] is None

    # an edited post: a new version, the new text, only that post re-rendered
    mark = len(server.lines)
    write(site / "content/posts/a.md", POST.format(title="Alpha", day=1, body="edited text"))
    edited = events.next()
    assert edited["version"] != initial["version"] and edited["error"] is None
    assert "edited text" in server.get("/notes/posts/a/")
    server.wait_for_line(r"rebuilt \(content\) in .*: 1 rendered", start=mark)

    # broken front matter: the last good site stays, the error names file and line
    mark = len(server.lines)
    write(site / "content/posts/a.md", "---\ntitle: Alpha\ndate: 2024-13-01\n---\nbroken\n")
    broken = events.next()
    assert broken["version"] == edited["version"]
    assert 'content/posts/a.md:3: invalid date "2024-13-01"' in broken["error"]
    server.wait_for_line(r'content/posts/a.md:3: invalid date "2024-13-01"', start=mark)
    assert "edited text" in server.get("/notes/posts/a/")

    # fixed: the error clears with a new version
    write(site / "content/posts/a.md", POST.format(title="Alpha", day=1, body="fixed text"))
    fixed = events.next()
    assert fixed["error"] is None and fixed["version"] != edited["version"]

    # a new post appears on the home page
    write(site / "content/posts/c.md", POST.format(title="Gamma new", day=3, body="third"))
    events.next()
    assert "Gamma new" in server.get("/notes/")

    # a template change re-templates pages without rendering Markdown again
    mark = len(server.lines)
    (site / "templates").mkdir(exist_ok=True)
    write(
        site / "templates/404.html", "{% extends 'base.html' %}{% block main %}GONE{% endblock %}"
    )
    events.next()
    server.wait_for_line(r"rebuilt \(template\) in .*: 0 rendered", start=mark)

    # a template syntax error and a bad site.yaml are shown the same way, then fixed
    write(site / "templates/404.html", "{% extends 'base.html' %}\n{% block main %}{% if %}")
    broken = events.until(lambda event: event["error"] is not None)
    assert "templates/404.html:2: template syntax" in broken["error"]
    write(site / "templates/404.html", "{% extends 'base.html' %}")
    events.until(lambda event: event["error"] is None)
    # a mistake that shows only when the template runs: reported, and serve goes on
    write(site / "templates/404.html",
          "{% extends 'base.html' %}\n{% block main %}{{ 1 + 'min' }}{% endblock %}")  # fmt: skip
    broken = events.until(lambda event: event["error"] is not None)
    assert "templates/404.html:2: template: TypeError: " in broken["error"]
    write(
        site / "templates/404.html", "{% extends 'base.html' %}{% block main %}BACK{% endblock %}"
    )
    events.until(lambda event: event["error"] is None)
    assert "BACK" in server.get("/notes/404.html")
    config = (site / "site.yaml").read_text(encoding="utf-8")
    write(site / "site.yaml", config + "per_pgae: 3\n")
    broken = events.until(lambda event: event["error"] is not None)
    assert 'site.yaml:3: unknown key "per_pgae" (did you mean "per_page"?)' in broken["error"]
    write(site / "site.yaml", config)
    events.until(lambda event: event["error"] is None)

    events.close()
    assert server.interrupt() == 0
    assert "stopped" in server.lines[-1]


def test_debris_and_bursts_make_one_rebuild(served: tuple[Path, ServeProcess]) -> None:
    site, server = served
    events = EventStream(server.origin)
    events.next()
    mark = len(server.lines)
    post = site / "content/posts/b.md"
    swap = site / "content/posts/.b.md.swp"
    write(swap, "vim swap")  # ignored
    tmp = site / "content/posts/b.md.tmp"
    write(tmp, POST.format(title="Beta", day=2, body="saved by rename"))
    tmp.replace(post)  # editors' save-rename dance
    events.next()
    server.wait_for_line(r"rebuilt \(content\)", start=mark)
    time.sleep(0.5)  # a second rebuild, if the burst were split, would print by now
    assert sum("rebuilt" in line for line in server.lines[mark:]) == 1
    assert "saved by rename" in server.get("/notes/posts/b/")
    events.close()


def test_editors_own_files_reload_no_page(served: tuple[Path, ServeProcess]) -> None:
    """vim writes its swap file when a post is opened and again every few seconds of
    typing, Emacs its #autosave# and .#lock: each of them rebuilt the site and reloaded
    every open page while the author was still typing."""
    site, server = served
    events = EventStream(server.origin)
    events.next()
    posts = site / "content/posts"
    write(posts / ".b.md.swp", "vim swap")
    with (posts / ".b.md.swp").open("a", encoding="utf-8") as swap:
        swap.write("typing")
    write(posts / "#b.md#", "emacs auto-save")
    (posts / ".#b.md").symlink_to("me@laptop.4242:1700000000")
    write(posts / "4913", "")
    (posts / "4913").unlink()
    with pytest.raises(queue.Empty):  # a rebuild would be here within a debounce
        events.next(timeout=1)
    (posts / ".b.md.swp").unlink()
    (posts / "b.md").unlink()  # the post itself: gone from the site
    events.until(lambda _: "Beta" not in server.get("/notes/"))
    events.close()


def test_a_jetbrains_save_is_one_rebuild(served: tuple[Path, ServeProcess]) -> None:
    """JetBrains IDEs save b.md by writing b.md___jb_tmp___, moving b.md to
    b.md___jb_old___ and the new file into place: the temporary files' own events
    rebuilt the site (and, written a moment apart, rebuilt it twice)."""
    site, server = served
    events = EventStream(server.origin)
    events.next()
    posts = site / "content/posts"
    mark = len(server.lines)
    write(posts / "b.md___jb_tmp___", POST.format(title="Beta", day=2, body="saved by IDE"))
    with pytest.raises(queue.Empty):  # nothing yet: b.md is as it was
        events.next(timeout=1)
    (posts / "b.md").rename(posts / "b.md___jb_old___")
    (posts / "b.md___jb_tmp___").rename(posts / "b.md")
    (posts / "b.md___jb_old___").unlink()
    events.next()
    time.sleep(0.5)  # a second rebuild, if the burst were split, would print by now
    assert sum("rebuilt" in line for line in server.lines[mark:]) == 1
    assert "saved by IDE" in server.get("/notes/posts/b/")
    events.close()


def test_the_page_of_a_post_that_moved_follows_it(served: tuple[Path, ServeProcess]) -> None:
    """A slug changed, or a post's file renamed, while its page is open: the page reloaded
    at the old address, a 404, and the author had to find the post again."""
    site, server = served
    events = EventStream(server.origin)
    events.next()

    def opened(path: str) -> str:
        """Where the page open at `path` lands on reloading ("" for a 404)."""
        try:
            address = server.origin + urllib.parse.quote(path)
            with urllib.request.urlopen(address, timeout=10) as response:
                return urllib.parse.unquote(urllib.parse.urlsplit(response.url).path)
        except urllib.error.HTTPError as error:
            assert error.code == 404
            return ""

    post = POST.format(title="Alpha\nslug: 注意力", day=1, body="first text")
    write(site / "content/posts/a.md", post)
    events.until(lambda _: opened("/notes/posts/a/") == "/notes/posts/注意力/")
    (site / "content/posts/b.md").rename(site / "content/posts/2024-01-02-beta.md")
    events.until(lambda _: opened("/notes/posts/b/") == "/notes/posts/beta/")
    write(site / "content/posts/a.md", POST.format(title="Alpha", day=1, body="first text"))
    events.until(lambda _: opened("/notes/posts/注意力/") == "/notes/posts/a/")
    assert opened("/notes/posts/a/") == "/notes/posts/a/"  # back where it was: no loop
    (site / "content/posts/a.md").unlink()  # deleted: nowhere to go
    events.until(lambda _: opened("/notes/posts/a/") == "")
    assert opened("/notes/posts/注意力/") == ""
    events.close()


def test_a_folder_deleted_and_made_again_is_still_watched(
    served: tuple[Path, ServeProcess],
) -> None:
    """A backup restored over content/, a sync tool, a script that writes the folder anew:
    serve keeps seeing edits in the new folder, and a folder moved away takes its posts."""
    site, server = served
    events = EventStream(server.origin)
    events.next()
    backup = site.parent / "backup"
    shutil.copytree(site / "content", backup)
    shutil.rmtree(site / "content")
    shutil.copytree(backup, site / "content")
    events.until(lambda event: event["error"] is None)
    time.sleep(0.5)  # the rebuilds of that burst are done
    write(site / "content/posts/a.md", POST.format(title="Alpha", day=1, body="after restore"))
    events.until(lambda _: "after restore" in server.get("/notes/posts/a/"))
    (site / "content").rename(site.parent / "moved")
    events.until(lambda _: "Alpha" not in server.get("/notes/"))
    (site.parent / "moved").rename(site / "content")
    events.until(lambda _: "Alpha" in server.get("/notes/"))
    write(site / "content/posts/b.md", POST.format(title="Beta", day=2, body="moved back"))
    events.until(lambda _: "moved back" in server.get("/notes/posts/b/"))
    events.close()


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_serves_on_an_ipv6_address(make_site: SiteFactory) -> None:
    site = make_site({"content/posts/a.md": POST.format(title="Alpha", day=1, body="six")})
    server = ServeProcess(site, "--host", "::1")
    try:
        assert server.url.startswith("http://[::1]:")
        assert "six" in server.get("/posts/a/")
    finally:
        server.kill()


def test_a_first_build_that_fails_on_a_post_is_served_at_the_base_path(
    make_site: SiteFactory,
) -> None:
    site = make_site(
        {"content/posts/a.md": "---\ntitle: A\ndate: 2024-13-01\n---\nx\n"},
        config="title: Live\nbase_url: https://me.github.io/notes/\n",
    )
    server = ServeProcess(site)
    try:
        assert server.url.endswith("/notes/")  # where the site will be once the post is fixed
        mark = len(server.lines)
        write(site / "content/posts/a.md", POST.format(title="Alpha", day=1, body="fixed"))
        server.wait_for_line(r"rebuilt \(content\)", start=mark)
        assert "fixed" in server.get("/notes/posts/a/")
        assert not any("base path is now" in line for line in server.lines)
    finally:
        server.kill()


def test_a_post_left_out_for_its_date_names_serve_s_option(make_site: SiteFactory) -> None:
    """The hint said "build with --future" to an author who was serving."""
    site = make_site({"content/posts/later.md": "---\ntitle: Later\ndate: 2999-01-01\n---\nx\n"})
    server = ServeProcess(site)
    try:
        server.wait_for_line(
            r"^content/posts/later.md:3: warning: dated in the future \(2999-01-01 .*\); "
            r"skipped \(serve with --future to include it\)$"
        )
    finally:
        server.kill()


def test_a_port_out_of_range_is_one_line(make_site: SiteFactory) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mlblog", "serve", "--port", "70000"],
        cwd=make_site(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "argument -p/--port: '70000' is not a port (0 to 65535)" in run.stderr


def test_the_cache_deleted_under_serve_is_made_again(
    served: tuple[Path, ServeProcess],
) -> None:
    """`rm -rf .mlblog-cache` (or `git clean -fdX`) while serving: every later rebuild
    failed on Jinja's compiled-template folder until serve was restarted."""
    site, server = served
    shutil.rmtree(site / ".mlblog-cache")
    start = len(server.lines)
    # an old address: its redirect page's template is compiled now, and kept on disk
    moved = POST.format(title="Alpha\naliases: [/old/]", day=1, body="first text")
    write(site / "content/posts/a.md", moved)
    server.wait_for_line(r"^rebuilt", start=start)
    assert "/notes/posts/a/" in server.get("/notes/old/")
    output = "\n".join(server.lines[start:])
    assert "Traceback" not in output and "please report" not in output, output


def test_folders_linked_into_the_site_are_watched(make_site: SiteFactory) -> None:
    """The build follows a symlink inside the site; serve did not watch where it leads,
    and kept showing the old post (and a 404 for a new one)."""
    site = make_site(
        {
            "notes/ml/linked.md": POST.format(title="Linked v1", day=1, body="x"),
            "shared/404.html": "{% extends 'base.html' %}{% block main %}SHARED 1{% endblock %}",
        },
        config="title: T\nbase_url: https://me.github.io/notes/\n",
    )
    (site / "content/posts").mkdir(parents=True)
    (site / "content/posts/ml").symlink_to("../../notes/ml")
    (site / "content/posts/again").symlink_to(".")  # a loop: watched once, not for ever
    (site / "templates").symlink_to("shared")
    server = ServeProcess(site)
    try:
        start = len(server.lines)
        write(site / "notes/ml/linked.md", POST.format(title="Linked v2", day=1, body="x"))
        write(site / "notes/ml/new.md", POST.format(title="New one", day=2, body="y"))
        deadline = time.monotonic() + 20
        while "New one" not in server.get("/notes/") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Linked v2" in server.get("/notes/posts/linked/")
        assert "New one" in server.get("/notes/posts/new/")
        write(
            site / "shared/404.html",
            "{% extends 'base.html' %}{% block main %}SHARED 2{% endblock %}",
        )
        server.wait_for_line(r"^rebuilt \(template", start=start)
        # The watcher may see the file truncated before it sees it written: the rebuild
        # after the second event has the new text (on a loaded machine, a moment later).
        deadline = time.monotonic() + 20
        while "SHARED 2" not in server.get("/notes/404.html") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "SHARED 2" in server.get("/notes/404.html")
    finally:
        server.kill()


def test_an_embedded_image_in_an_underscore_folder_is_watched(
    served: tuple[Path, ServeProcess],
) -> None:
    """Obsidian vaults keep attachments in `_attachments/`; the build finds `![[plot.png]]`
    there, but serve ignored `_` folders: the image added or redrawn never showed."""
    site, server = served
    events = EventStream(server.origin)
    events.next()
    write(site / "content/posts/a.md", POST.format(title="Alpha", day=1, body="![[plot.png]]"))
    events.until(lambda _: 'src="plot.png"' in server.get("/notes/posts/a/"))  # not found yet
    mark = len(server.lines)
    (site / "content/_attachments").mkdir()  # (the folder made is a change of content/)
    server.wait_for_line(r"rebuilt \(content", start=mark)
    time.sleep(0.5)  # that rebuild is done: the image is a change of its own
    (site / "content/_attachments/plot.png").write_bytes(png_bytes(12, 6))
    events.until(lambda _: 'width="12" height="6"' in server.get("/notes/posts/a/"))
    assert '<img src="/notes/posts/a/plot.png" width="12"' in server.get("/notes/posts/a/")
    (site / "content/_attachments/plot.png").write_bytes(png_bytes(30, 10))  # redrawn
    events.until(lambda _: 'width="30" height="10"' in server.get("/notes/posts/a/"))
    with urllib.request.urlopen(server.origin + "/notes/posts/a/plot.png", timeout=10) as got:
        assert got.read() == png_bytes(30, 10)
    events.close()


def test_a_site_folder_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    """A typo in --site: watchdog's traceback came after the message."""
    run = subprocess.run(
        [sys.executable, "-m", "mlblog", "serve", "--site", str(tmp_path / "typo")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert run.stderr == f"{tmp_path / 'typo'}: no such folder\n"


def test_a_folder_without_site_yaml_is_not_served(tmp_path: Path) -> None:
    """`mlblog serve` run in the wrong folder (a Hugo habit: `hugo server` there fails) went
    on serving an empty site at http://127.0.0.1:8000/ with the error as an overlay."""
    (tmp_path / "notes.md").write_text("# not a site\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "mlblog", "serve", "--port", "0"],
        capture_output=True, text=True, timeout=20, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 1 and "serving at" not in run.stdout, run.stdout
    assert run.stderr.startswith("site.yaml: not found in . (is this a site folder? run mlblog")


def test_every_address_is_shown_as_one_to_visit(make_site: SiteFactory) -> None:
    server = ServeProcess(make_site(), "--host", "0.0.0.0")
    try:
        assert server.url.startswith("http://127.0.0.1:")  # not http://0.0.0.0:…
        assert "(and at this machine's other addresses)" in server.lines[-1]
        assert "Test site" in server.get("/")
    finally:
        server.kill()


def test_port_in_use_moves_to_the_next(served: tuple[Path, ServeProcess]) -> None:
    site, server = served
    busy = server.origin.rsplit(":", 1)[1]
    second = ServeProcess(site, "--port", busy)
    try:
        # The next port, unless another socket of this machine holds it already (port 0
        # gave `busy` from the ephemeral range, where connections take ports too).
        moved = int(second.wait_for_line(rf"port {busy} is in use; using (\d+)").group(1))
        assert int(busy) < moved <= int(busy) + 10
        assert second.url.startswith(f"http://127.0.0.1:{moved}/")
        assert "Alpha" in second.get("/")
    finally:
        second.kill()


# Loaded by the serve process through PYTHONPATH: its rebuilds fail, as a bug of ours would,
# while the marker file exists.
FAILING_BUILDS = """\
import os
from pathlib import Path

import mlblog.pipeline

_build = mlblog.pipeline.SiteBuilder.build


def build(self):
    if Path(os.environ["MLBLOG_TEST_FAIL"]).exists():
        raise RuntimeError("injected failure")
    return _build(self)


mlblog.pipeline.SiteBuilder.build = build
"""


def test_a_rebuild_that_crashes_is_reported_and_the_next_save_rebuilds(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    site = make_site({"content/posts/a.md": POST.format(title="Alpha", day=1, body="first")},
                     config="title: Live\nbase_url: https://me.github.io/notes/\n")  # fmt: skip
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(FAILING_BUILDS, "utf-8")
    marker = tmp_path / "fail-now"
    path = os.pathsep.join([str(hooks), os.environ.get("PYTHONPATH", "")])
    server = ServeProcess(site, env={"PYTHONPATH": path, "MLBLOG_TEST_FAIL": str(marker)})
    try:
        events = EventStream(server.origin)
        events.next()
        marker.touch()
        write(site / "content/posts/a.md", POST.format(title="Alpha", day=1, body="second"))
        failed = events.until(lambda event: event["error"] is not None)
        assert "mlblog failed while rebuilding (RuntimeError: injected failure)" in failed["error"]
        assert "first" in server.get("/notes/posts/a/")  # the last good site, still served
        marker.unlink()
        write(site / "content/posts/a.md", POST.format(title="Alpha", day=1, body="third"))
        events.until(lambda event: event["error"] is None)
        assert "third" in server.get("/notes/posts/a/")
        events.close()
    finally:
        server.kill()


def _tagged(tag: str) -> list[int]:
    """Processes started with MLBLOG_TEST_TAG=tag in their environment (and their children,
    which inherit it): the server, its render workers and their KaTeX node processes."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"MLBLOG_TEST_TAG={tag}".encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C"])
def test_stopped_in_a_rebuild_it_leaves_no_process_and_no_traceback(
    make_site: SiteFactory, how: str
) -> None:
    """`kill` left the render workers and their KaTeX processes running; Ctrl-C printed the
    workers' tracebacks and "mlblog failed while rebuilding … please report it"."""
    import signal
    import uuid

    posts = {
        f"content/posts/p{n:03d}.md": POST.format(
            title=f"P{n}", day=1 + n % 9, body=f"$$\\sum_{{k=1}}^{{{n}}} k^2 = \\R_{n}$$"
        )
        for n in range(400)  # a rebuild long enough to be stopped in, on a fast machine too
    }
    site = make_site(posts, config="title: T\nmath:\n  macros:\n    '\\R': '\\mathbb{R}'\n")
    tag = uuid.uuid4().hex
    server = ServeProcess(site, env={"MLBLOG_TEST_TAG": tag}, group=True)
    try:
        write(site / "site.yaml", "title: T\nmath:\n  macros:\n    '\\R': '\\mathbf{R}'\n")
        deadline = time.monotonic() + 30
        while len(_tagged(tag)) < 3 and time.monotonic() < deadline:  # workers started
            time.sleep(0.02)
        assert len(_tagged(tag)) >= 3, server.lines
        if how == "SIGTERM":  # `kill PID`
            server.process.send_signal(signal.SIGTERM)
        else:  # what a terminal sends: SIGINT to every process of the group
            os.killpg(server.process.pid, signal.SIGINT)
        code = server.process.wait(timeout=30)
        server._reader.join(timeout=10)
    finally:
        server.kill()
    deadline = time.monotonic() + 10
    while _tagged(tag) and time.monotonic() < deadline:  # KaTeX ends when its pipe closes
        time.sleep(0.1)
    assert _tagged(tag) == []
    output = "\n".join(server.lines)
    assert "Traceback" not in output and "please report" not in output, output
    assert code == 0 and server.lines[-1] == "stopped", output


def test_the_address_of_a_post_left_out_says_why(make_site: SiteFactory) -> None:
    """An author who wrote `draft: true` (or a date ahead) and opened the post's address
    saw "not found" with no reason."""
    site = make_site(
        {
            "content/posts/a.md": POST.format(title="Alpha", day=1, body="shown"),
            "content/posts/wip.md": "---\ntitle: WIP\ndate: 2024-01-02\ndraft: true\n---\nx\n",
            "content/posts/later.md": "---\ntitle: Later\ndate: 2999-01-01\n---\nx\n",
            "content/posts/old.md": "---\ntitle: Old\ndate: 2024-01-03\n"
            "expiryDate: 2024-06-01\n---\nx\n",
        },
        config="title: Live\nbase_url: https://me.github.io/notes/\n",
    )

    def missing(server: ServeProcess, path: str) -> str:
        with pytest.raises(urllib.error.HTTPError) as caught:
            server.get(path)
        assert caught.value.code == 404
        return str(caught.value.read().decode())

    server = ServeProcess(site)
    try:
        page = missing(server, "/notes/posts/wip/")
        assert (
            "content/posts/wip.md:4: a draft (draft: true); skipped "
            "(serve with --drafts to include it)"
        ) in page
        page = missing(server, "/notes/posts/later/")
        assert "content/posts/later.md:3: dated in the future (2999-01-01" in page
        assert "(serve with --future to include it)" in page
        page = missing(server, "/notes/posts/old/")
        assert "content/posts/old.md:4: expired (expiryDate 2024-06-01" in page
        # the site's own 404 is the same as it is built, and so is any other address's
        assert "left out" not in missing(server, "/notes/posts/nothing/")
        assert "left out" not in server.get("/notes/404.html")
        assert "left out" not in server.get("/notes/posts/a/")
    finally:
        server.kill()
    server = ServeProcess(site, "--drafts")
    try:
        assert "WIP" in server.get("/notes/posts/wip/")
    finally:
        server.kill()


def test_a_draft_is_said_to_be_left_out_in_the_terminal(make_site: SiteFactory) -> None:
    """An author who saved a post with `draft: true` saw "rebuilt (content) ... 0 rendered"
    and no post anywhere, with nothing saying why (a date ahead is a warning; a draft was
    silent). Serve now says it once, when a draft appears, and counts them as it starts."""
    draft = "---\ntitle: {title}\ndate: 2024-01-05\ndraft: true\n---\n{body}\n"
    site = make_site(
        {
            "content/posts/a.md": POST.format(title="Alpha", day=1, body="shown"),
            "content/posts/wip.md": draft.format(title="WIP", body="x"),
        },
        config="title: Live\nbase_url: https://me.github.io/notes/\n",
    )
    server = ServeProcess(site)
    try:
        server.wait_for_line(
            r"^built .* in .* s; 1 draft left out \(serve with --drafts to include it\)$"
        )
        events = EventStream(server.origin)
        events.next()
        said = (
            "content/posts/idea.md:4: a draft (draft: true); skipped "
            "(serve with --drafts to include it)"
        )
        mark = len(server.lines)
        write(site / "content/posts/idea.md", draft.format(title="Idea", body="first"))
        events.next()
        server.wait_for_line(r"rebuilt \(content\)", start=mark)
        assert said in server.lines[mark:]
        # saved again: said already, not again at every save
        mark = len(server.lines)
        write(site / "content/posts/idea.md", draft.format(title="Idea", body="second"))
        events.next()
        server.wait_for_line(r"rebuilt \(content\)", start=mark)
        assert not [line for line in server.lines[mark:] if "draft" in line]
        # a published post made a draft is said too
        mark = len(server.lines)
        write(site / "content/posts/a.md", draft.format(title="Alpha", body="shown"))
        events.next()
        server.wait_for_line(r"rebuilt \(content\)", start=mark)
        assert (
            "content/posts/a.md:4: a draft (draft: true); skipped "
            "(serve with --drafts to include it)"
        ) in server.lines[mark:]
        events.close()
    finally:
        server.kill()
    server = ServeProcess(site, "--drafts")
    try:
        assert not [line for line in server.lines if "draft" in line]
    finally:
        server.kill()


# Loaded by the serve process through PYTHONPATH: the author saves a post while the first
# build runs (a minute on a large site's first run), after the build has read it.
SAVED_DURING_FIRST_BUILD = """\
import os
from pathlib import Path

import mlblog.pipeline

_build = mlblog.pipeline.SiteBuilder.build
_saved = []


def build(self):
    result = _build(self)
    if not _saved:
        _saved.append(True)
        Path(os.environ["MLBLOG_TEST_SAVE"]).write_text(os.environ["MLBLOG_TEST_TEXT"], "utf-8")
    return result


mlblog.pipeline.SiteBuilder.build = build
"""


def test_a_save_while_the_first_build_runs_is_shown(make_site: SiteFactory, tmp_path: Path) -> None:
    """The watch began once the first build was done: a post saved while it ran stayed
    as the build had read it, in the page and the listings, until it was saved again."""
    site = make_site({"content/posts/a.md": POST.format(title="Alpha", day=1, body="first")},
                     config="title: Live\nbase_url: https://me.github.io/notes/\n")  # fmt: skip
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SAVED_DURING_FIRST_BUILD, "utf-8")
    env = {
        "PYTHONPATH": os.pathsep.join([str(hooks), os.environ.get("PYTHONPATH", "")]),
        "MLBLOG_TEST_SAVE": str(site / "content/posts/a.md"),
        "MLBLOG_TEST_TEXT": POST.format(title="Alpha", day=1, body="saved meanwhile"),
    }
    server = ServeProcess(site, env=env)
    try:
        server.wait_for_line(r"rebuilt \(content\) in .*: 1 rendered")
        assert "saved meanwhile" in server.get("/notes/posts/a/")
    finally:
        server.kill()


def test_the_page_of_a_deleted_post_says_its_file_is_gone(
    served: tuple[Path, ServeProcess],
) -> None:
    """A post deleted while its page was open (by mistake, or by a `git checkout`) reloaded
    to the site's "not found", which did not say that its file had just gone, nor which."""
    site, server = served
    events = EventStream(server.origin)
    events.next()

    def missing(path: str) -> str:
        with pytest.raises(urllib.error.HTTPError) as caught:
            server.get(path)
        assert caught.value.code == 404
        return str(caught.value.read().decode())

    (site / "content/posts/b.md").unlink()
    events.until(lambda _: "Beta" not in server.get("/notes/"))
    page = missing("/notes/posts/b/")
    assert "mlblog serve: the file this page was made from is gone" in page
    assert "content/posts/b.md was deleted or moved out of content/" in page
    assert "is gone" not in missing("/notes/posts/nothing/")  # an address that never was
    # made again: the post is back, and so is the note's address
    write(site / "content/posts/b.md", POST.format(title="Beta", day=2, body="back again"))
    events.until(lambda _: "Beta" in server.get("/notes/"))
    assert "is gone" not in server.get("/notes/posts/b/")
    events.close()


def test_a_rebuild_names_new_warnings_and_counts_the_others(make_site: SiteFactory) -> None:
    """Every save printed every warning of the site again (an imported site's dozens among
    them), so the one the author had just caused was lost in the list. A rebuild now prints
    the warnings the last build did not have, and counts the ones it did."""
    site = make_site(
        {
            "content/posts/a.md": POST.format(title="Alpha", day=1, body="[x](gone.md)"),
            "content/posts/b.md": POST.format(title="Beta", day=2, body="fine"),
        },
        config="title: Live\nbase_url: https://me.github.io/notes/\n",
    )
    server = ServeProcess(site)
    try:
        old = "content/posts/a.md:6: warning: link to a missing post: gone.md"
        assert old in server.lines  # the first build says all
        events = EventStream(server.origin)
        events.next()
        mark = len(server.lines)
        write(site / "content/posts/b.md", POST.format(title="Beta", day=2, body="[y](lost.md)"))
        events.next()
        rebuilt = server.wait_for_line(r"rebuilt \(content\) .*", start=mark).group(0)
        assert rebuilt.endswith("; 1 warning as before"), rebuilt
        assert "content/posts/b.md:6: warning: link to a missing post: lost.md" in server.lines
        assert old not in server.lines[mark:]
        # a mistake that stops the build before links are checked, then its fix: the link
        # warning was said before the mistake, and is only counted after it
        mark = len(server.lines)
        write(site / "content/posts/b.md", "---\ntitle: Beta\ndate: 2024-13-02\n---\nx\n")
        events.until(lambda event: event["error"] is not None)
        write(site / "content/posts/b.md", POST.format(title="Beta", day=2, body="[y](lost.md)"))
        events.until(lambda event: event["error"] is None)
        rebuilt = server.wait_for_line(r"rebuilt \(content\) .*", start=mark).group(0)
        assert rebuilt.endswith("; 2 warnings as before"), rebuilt
        assert old not in server.lines[mark:]
        # fixed one by one: the other is counted, then nothing is
        write(site / "content/posts/b.md", POST.format(title="Beta", day=2, body="fine"))
        events.next()
        mark = len(server.lines)
        write(site / "content/posts/a.md", POST.format(title="Alpha", day=1, body="fine"))
        events.next()
        rebuilt = server.wait_for_line(r"rebuilt \(content\) .*", start=mark).group(0)
        assert "warning" not in rebuilt and not any("warning" in s for s in server.lines[mark:])
        events.close()
    finally:
        server.kill()
