"""The analyst's workbench verbs: ``kgraph curate ...`` (corrections kept in their own
named graph, :mod:`kgraph.curate`) and ``kgraph show ARTICLE`` (an article's text with
its facts marked, :mod:`kgraph.show`). A thin layer, as :mod:`kgraph.cli`."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from typing import Any

import click

from kgraph.cli import _emit, _open, output_options
from kgraph.errors import KGraphError


def _who(func: Callable) -> Callable:
    """``--by`` and ``--reason``, the same in every correcting verb."""

    @click.option("--by", metavar="NAME", envvar="KGRAPH_USER",
                  help="Who makes the correction [env KGRAPH_USER; default: your user name].")
    @click.option("--reason", metavar="TEXT", help="Why (kept with the correction).")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def _done(action: Any, verb: str) -> None:
    facts = len(action.targets) + len(action.others)
    more = f" ({facts} article facts)" if facts > 2 else ""
    click.echo(f"curation #{action.sequence}: {verb}{more}", err=True)


@click.group()
def curate() -> None:
    """Correct the graph: reject, restore, merge, split, set, alias; list, undo, export,
    import.

    Corrections are kept in their own named graph (<base>curation/) with who, when
    and why, and point at facts by their IDs (shown by the stored queries, the map,
    the timeline and 'kgraph show'); they outlive a re-ingest and a new extractor.
    Every query, the map, the timeline, the analysis and the exports apply them.
    ACTOR may be an actor's fact ID or its name.

    Example: kgraph curate reject e-4k2m9qxrtz --reason "a plan, not a meeting"
    """


@curate.command()
@click.argument("fact")
@_who
@click.pass_context
def reject(ctx: click.Context, fact: str, by: str | None, reason: str | None) -> None:
    """Hide a fact (an event, participation, relation, position or actor); an actor or
    event with every article's report of it. Example: kgraph curate reject r-0a1b2c3d4e --reason "misread"
    """
    if not reason:
        raise click.UsageError("reject wants --reason TEXT (why the fact is wrong)")
    c = _open(ctx).curator()
    action = c.reject(c.fact_id(fact), reason=reason, by=by)
    _done(action, f"rejected {fact}")


@curate.command()
@click.argument("fact")
@_who
@click.pass_context
def restore(ctx: click.Context, fact: str, by: str | None, reason: str | None) -> None:
    """Show a rejected fact again. Example: kgraph curate restore r-0a1b2c3d4e"""
    c = _open(ctx).curator()
    _done(c.restore(c.fact_id(fact, stored=False), reason=reason, by=by), f"restored {fact}")


@curate.command()
@click.argument("a")
@click.argument("b")
@_who
@click.pass_context
def merge(ctx: click.Context, a: str, b: str, by: str | None, reason: str | None) -> None:
    """Two actors (or two events) are one. Example: kgraph curate merge "Kirill Dmitriev" a-0a1b2c3d4e"""
    c = _open(ctx).curator()
    _done(c.merge(c.fact_id(a), c.fact_id(b), reason=reason, by=by), f"merged {a} and {b}")


@curate.command()
@click.argument("a")
@click.argument("others", nargs=-1)
@_who
@click.pass_context
def split(ctx: click.Context, a: str, others: tuple[str, ...], by: str | None,
          reason: str | None) -> None:
    """A is not the same actor (or event) as OTHERS; with none given, A (one article's
    fact ID) leaves the real-world actor or event it was joined to.
    Example: kgraph curate split a-0a1b2c3d4e"""
    c = _open(ctx).curator()
    action = c.split(c.fact_id(a, member=True), [c.fact_id(o) for o in others], reason=reason, by=by)
    _done(action, f"split {a}")


@curate.command("set")
@click.argument("fact")
@click.argument("field", type=click.Choice(["type", "date", "place", "status"]))
@click.argument("value")
@_who
@click.pass_context
def set_(ctx: click.Context, fact: str, field: str, value: str, by: str | None,
         reason: str | None) -> None:
    """Give an event its type, date (YYYY, YYYY-MM or YYYY-MM-DD), place or status
    (planned, happened), or an actor its type. Example: kgraph curate set e-4k2m9qxrtz date 2025-11"""
    c = _open(ctx).curator()
    _done(c.set(c.fact_id(fact), field, value, reason=reason, by=by), f"set the {field} of {fact}")


@curate.command()
@click.argument("actor")
@click.argument("name")
@_who
@click.pass_context
def alias(ctx: click.Context, actor: str, name: str, by: str | None, reason: str | None) -> None:
    """Another name of an actor: queries find it by this name, and new articles that
    use it are matched to it. Example: kgraph curate alias Zelenskyy "Volodymyr Zelensky"
    """
    c = _open(ctx).curator()
    _done(c.alias(c.fact_id(actor), name, reason=reason, by=by), f"{actor} is also {name!r}")


@curate.command("list")
@click.option("--all", "all_", is_flag=True, help="Also the corrections taken back.")
@click.option("--orphaned", is_flag=True,
              help="Only corrections whose facts are no longer in the store.")
@output_options
@click.pass_context
def list_(ctx: click.Context, all_: bool, orphaned: bool, fmt: str) -> None:
    """The corrections in force, oldest first. Example: kgraph curate list --orphaned"""
    from kgraph.curate import ACTION_COLUMNS
    from kgraph.output import Rows

    actions = _open(ctx, read_only=True).curator().actions(all_=all_, orphaned=orphaned)
    _emit(Rows(ACTION_COLUMNS, [a.row() for a in actions]), fmt)


@curate.command()
@click.argument("seq", type=click.IntRange(min=1), required=False)
@click.option("--by", metavar="NAME", envvar="KGRAPH_USER", help="Who takes it back.")
@click.pass_context
def undo(ctx: click.Context, seq: int | None, by: str | None) -> None:
    """Take back the last correction in force, or correction number SEQ (as 'curate
    list' numbers them). Example: kgraph curate undo 3"""
    action = _open(ctx).curator().undo(seq, by=by)
    click.echo(f"undid curation #{action.sequence} ({action.operation})", err=True)


@curate.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="The file to write.")
@click.option("-f", "--format", "fmt", default="turtle", show_default=True,
              help="turtle, ntriples or jsonld.")
@click.pass_context
def export_(ctx: click.Context, output: str, fmt: str) -> None:
    """Write every correction (with who, when, why) to share with a colleague.
    Example: kgraph curate export -o corrections.ttl"""
    data = _open(ctx, read_only=True).curator().export(fmt)
    if output == "-":
        click.get_binary_stream("stdout").write(data)
    else:
        from kgraph.outfile import write_output

        write_output(output, data)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


@curate.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-f", "--format", "fmt", help="turtle, ntriples or jsonld [default: from the file name].")
@click.pass_context
def import_(ctx: click.Context, file: str, fmt: str | None) -> None:
    """Add a colleague's corrections (from 'curate export'), after this store's own.
    Example: kgraph curate import corrections.ttl"""
    from pathlib import Path

    if fmt is None:
        suffix = Path(file).suffix.lower().lstrip(".")
        fmt = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "json": "jsonld"}.get(suffix, "turtle")
    try:
        data = click.get_binary_stream("stdin").read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        raise KGraphError(f"{file}: cannot read ({exc.strerror})") from None
    added = _open(ctx).curator().import_(data, fmt, name=file)
    click.echo(f"imported {added} correction{'' if added == 1 else 's'}", err=True)


@click.command()
@click.argument("article")
@click.option("--json", "as_json", is_flag=True, help="The facts as JSON (with their offsets).")
@click.option("--width", type=click.IntRange(min=20), metavar="N",
              help="Wrap the text at N columns [default: the terminal's].")
@click.pass_context
def show(ctx: click.Context, article: str, as_json: bool, width: int | None) -> None:
    """Print an article's text with each extracted fact marked where its evidence lies
    (ARTICLE: its id, file, graph IRI or exact title), and the facts with their IDs,
    to check a report against the graph and curate from there.

    Example: kgraph show examples/geneva-talks.txt
    """
    from kgraph.output import json_text
    from kgraph.show import article_facts, render

    shown = article_facts(_open(ctx, read_only=True), article)
    if as_json:
        click.echo(json_text(shown.as_json()))
        return
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns
    click.echo(render(shown, width=max(width, 20)), nl=False)
