"""Installing a pinned npm package into the user cache, with a fake `npm` on PATH.

The fake answers `npm pack NAME@VERSION --pack-destination DIR --json` as npm does: it
writes DIR/NAME-VERSION.tgz (files under `package/`) and prints the file's name and
integrity as JSON. No test here reaches the registry.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from mlblog import npm
from mlblog.diagnostics import MlblogError
from mlblog.npm import PINS, find_package

FAKE_NPM = """#!{python}
import base64, hashlib, io, json, os, sys, tarfile
from pathlib import Path

with open(os.environ["FAKE_NPM_LOG"], "a") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
mode = os.environ.get("FAKE_NPM_MODE", "ok")
name, version = sys.argv[2].rsplit("@", 1)
dest = Path(sys.argv[sys.argv.index("--pack-destination") + 1])
tarball = dest / f"{{name}}-{{version}}.tgz"
files = {{
    "package/package.json": json.dumps({{"name": name, "version": version}}),
    "package/dist/app.min.js": "console.log(1)",
}}
if mode == "escape":
    files["package/../../escaped.txt"] = "outside"
with tarfile.open(tarball, "w:gz") as archive:
    for path, text in files.items():
        data = text.encode()
        member = tarfile.TarInfo(path)
        member.size = len(data)
        archive.addfile(member, io.BytesIO(data))
if mode == "unreachable":  # npm gives up after writing part of the file
    tarball.write_bytes(tarball.read_bytes()[:40])
    print(json.dumps({{"error": {{"code": "ECONNREFUSED",
        "summary": "FetchError: request to https://registry.npmjs.org/x failed"}}}}))
    print("npm error code ECONNREFUSED", file=sys.stderr)
    sys.exit(1)
digest = hashlib.sha512(tarball.read_bytes()).digest()
if mode == "corrupt":
    digest = hashlib.sha512(b"another file").digest()
integrity = "sha512-" + base64.b64encode(digest).decode()
print(json.dumps([{{"id": f"{{name}}@{{version}}", "filename": tarball.name,
                   "integrity": integrity}}]))
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user cache, with a fake npm on PATH and no node_modules near mlblog."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "npm"
    fake.write_text(FAKE_NPM.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_NPM_LOG", str(tmp_path / "npm.log"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MLBLOG_NODE_MODULES", raising=False)
    # find_package also looks above mlblog's own files, where this checkout has node_modules
    monkeypatch.setattr(npm, "__file__", str(tmp_path / "installed" / "mlblog" / "npm.py"))
    (tmp_path / "site").mkdir()
    return tmp_path / "cache"


def modules(cache: Path, name: str) -> Path:
    return cache / "mlblog" / f"{name}-{PINS[name]}" / "node_modules"


def npm_calls(cache: Path) -> list[str]:
    log = cache.parent / "npm.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_install_unpacks_the_package_alone_and_is_found_next_time(cache: Path) -> None:
    site = cache.parent / "site"
    found = find_package("mermaid", site)
    assert found == modules(cache, "mermaid") / "mermaid"
    assert (found / "dist" / "app.min.js").read_text(encoding="utf-8") == "console.log(1)"
    # none of mermaid's ~116 dependencies, no tarball and no temp folder beside it
    assert sorted(p.name for p in modules(cache, "mermaid").iterdir()) == ["mermaid"]
    [call] = npm_calls(cache)
    assert call.startswith(f"pack mermaid@{PINS['mermaid']} --pack-destination ")
    assert find_package("mermaid", site) == found
    assert find_package("mermaid", site, install=False) == found
    assert len(npm_calls(cache)) == 1  # installed once


def test_an_unreachable_registry_is_a_clear_error_and_leaves_nothing(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_NPM_MODE", "unreachable")
    with pytest.raises(MlblogError) as caught:
        find_package("katex", cache.parent / "site")
    assert [str(d) for d in caught.value.diagnostics] == [
        "npm: could not install katex with npm: "
        "FetchError: request to https://registry.npmjs.org/x failed"
    ]
    assert list(modules(cache, "katex").iterdir()) == []  # not even the partial tarball
    with pytest.raises(MlblogError, match=r"katex 0\.19\.1 is not installed"):
        find_package("katex", cache.parent / "site", install=False)


def test_a_tarball_that_differs_from_its_integrity_is_not_installed(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_NPM_MODE", "corrupt")
    with pytest.raises(MlblogError, match=r"lunr-2\.3\.9\.tgz does not match its integrity"):
        find_package("lunr", cache.parent / "site")
    assert list(modules(cache, "lunr").iterdir()) == []


def test_a_tarball_with_a_path_out_of_its_folder_is_refused(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_NPM_MODE", "escape")
    with pytest.raises(MlblogError, match=r"cannot unpack lunr-2\.3\.9\.tgz"):
        find_package("lunr", cache.parent / "site")
    assert list(modules(cache, "lunr").iterdir()) == []
    assert not any(p.name == "escaped.txt" for p in cache.parent.rglob("*"))


def test_a_broken_earlier_install_is_replaced(cache: Path) -> None:
    broken = modules(cache, "lunr") / "lunr"
    broken.mkdir(parents=True)
    (broken / "package.json").write_text('{"version": "0.0.1"}', encoding="utf-8")
    (broken / "stale.js").write_text("old", encoding="utf-8")
    found = find_package("lunr", cache.parent / "site")
    assert found == broken
    assert npm.package_version(found) == PINS["lunr"]
    assert not (found / "stale.js").exists()
    assert sorted(p.name for p in modules(cache, "lunr").iterdir()) == ["lunr"]


def test_without_npm_the_error_says_what_to_install(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(cache.parent / "empty"))
    with pytest.raises(MlblogError, match=r"Node\.js and npm are needed for mermaid"):
        find_package("mermaid", cache.parent / "site")
