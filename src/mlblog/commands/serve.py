"""`mlblog serve`: build, then serve the output under base_url's path on localhost."""

from __future__ import annotations

import sys
from pathlib import Path

from mlblog.commands.build import BuildOptions, build
from mlblog.config import load_config, with_base_url
from mlblog.diagnostics import MlblogError
from mlblog.serve.http import make_server


def serve(options: BuildOptions, host: str, port: int) -> int:
    from mlblog.cli import report_build

    code = report_build(build(options))
    if code != 0:
        return code
    try:
        config = load_config(options.site_dir)
        if options.base_url:
            config = with_base_url(config, options.base_url)
    except MlblogError as exc:
        print(exc, file=sys.stderr)
        return 1
    root = (options.output or options.site_dir / "public").resolve()
    try:
        server = make_server(host, port, root, config.base_path)
    except OSError as exc:
        print(f"mlblog: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 1
    bound_port = server.server_address[1]
    print(f"serving {_short(root)} at http://{host}:{bound_port}{config.base_path}  (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped")
    finally:
        server.server_close()
    return 0


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
