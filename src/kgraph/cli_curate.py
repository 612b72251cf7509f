"""The analyst's workbench: ``kgraph curate ...`` (corrections kept in their own named
graph) and ``kgraph show ARTICLE`` (an article's text with its facts marked)."""

from __future__ import annotations

import click


@click.group()
def curate() -> None:
    """Correct the graph: reject, restore, merge, split, set, alias; list, undo, export, import."""


@click.command()
@click.argument("article")
def show(article: str) -> None:
    """Print an article's text with each extracted fact marked where its evidence lies."""
    raise click.ClickException("not yet")
