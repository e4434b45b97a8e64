"""A site's template that extends another and fills a block the other never has: Jinja
drops such a block without a word, so `{% block content %}` over the theme's base.html
(whose body is `main`) built every post as an empty page. Imported only when the site's
templates changed (mlblog.pages keeps the warnings in the cache): it loads Jinja."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

import jinja2
from jinja2 import nodes

from mlblog.diagnostics import Diagnostic, warning
from mlblog.templates import template_loader

_SUFFIXES = (".html", ".xml", ".txt")


def unshown_blocks(site_dir: Path) -> list[Diagnostic]:
    """A warning for each top-level block of the site's templates that the template it
    extends (or one that template extends) never defines."""
    folder = site_dir / "templates"
    if not folder.is_dir():
        return []
    env = jinja2.Environment(loader=template_loader(site_dir))
    problems = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix in _SUFFIXES and p.is_file()):
        name = path.relative_to(folder).as_posix()
        tree = _parse(env, name)
        parent = _parent(tree) if tree is not None else None
        if tree is None or parent is None:
            continue
        known = _chain_blocks(env, parent, {name})
        if known is None:  # the parent is missing or broken: rendering says so
            continue
        for block in _top_blocks(tree):
            if block.name not in known:
                problems.append(
                    warning(f"templates/{name}", block.lineno, _message(block.name, parent, known))
                )
    return problems


def _message(block: str, parent: str, known: set[str]) -> str:
    close = difflib.get_close_matches(block, sorted(known), n=1)
    hint = f'did you mean "{close[0]}"?' if close else f"its blocks: {', '.join(sorted(known))}"
    return f'block "{block}" is not in {parent}, so what it holds is never shown ({hint})'


def _parse(env: jinja2.Environment, name: str) -> nodes.Template | None:
    """The template's syntax tree; None when it cannot be read (rendering reports why)."""
    try:
        source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        return env.parse(source, name)
    except (jinja2.TemplateError, OSError, UnicodeDecodeError):
        return None


def _parent(tree: nodes.Template) -> str | None:
    """The template named by `{% extends "…" %}`, when written as a plain name."""
    for node in tree.find_all(nodes.Extends):
        return node.template.value if isinstance(node.template, nodes.Const) else None
    return None


def _chain_blocks(env: jinja2.Environment, name: str, seen: set[str]) -> set[str] | None:
    """Every block of `name` and of the templates it extends; None if one cannot be read."""
    if name in seen:  # a loop of extends: Jinja reports it when rendering
        return None
    tree = _parse(env, name)
    if tree is None:
        return None
    blocks = {block.name for block in tree.find_all(nodes.Block)}
    parent = _parent(tree)
    if parent is None:
        return blocks
    above = _chain_blocks(env, parent, seen | {name})
    return None if above is None else blocks | above


def _top_blocks(node: nodes.Node) -> Iterator[nodes.Block]:
    """Blocks not inside another block: a block inside one is the child's own, shown there."""
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Block):
            yield child
        else:
            yield from _top_blocks(child)
