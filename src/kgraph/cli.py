"""The ``kgraph`` command: a thin click layer over :mod:`kgraph.api`.

Data goes to stdout, messages to stderr. Errors are one line and exit 1.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kgraph.errors import KGraphError

STORE_HELP = ("Store folder, 'memory', or the http(s):// URL of a SPARQL server [env KGRAPH_STORE; "
              "default ~/.local/share/kgraph/store].")


class _Group(click.Group):
    """Turns kgraph's own errors into one-line messages instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KGraphError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except (OSError, RuntimeError) as exc:  # a corrupted store folder, a failing disk
            from kgraph.store import default_location, storage_error

            location = (ctx.obj or {}).get("store") or default_location()
            rocksdb = str(exc).startswith(("Corruption", "IO error"))
            error = storage_error(exc, location, writing=False) if rocksdb else None
            if error is None:
                raise
            raise click.ClickException(str(error)) from None


class _ClosedStdin:
    """Stands for standard input when it is closed (``kgraph ingest - <&-``)."""

    def read(self, *_args: object) -> bytes:
        raise KGraphError("-: standard input is closed; give files, or pipe the text in")


def _stdin() -> Any:
    """Standard input as a binary stream (a stand-in whose read fails in one line when
    stdin is closed)."""
    stream = getattr(sys.stdin, "buffer", None)
    return stream if stream is not None else _ClosedStdin()


def _utf8(value: str, what: str) -> str:
    """``value`` if it is valid text; a one-line error for undecodable bytes (which the
    command line hands over as lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise KGraphError(f"{what}: not valid UTF-8 text") from None
    return value


def output_options(func: Callable) -> Callable:
    """``--format`` (and ``--csv``/``--tsv``/``--json`` shortcuts) and the table's
    ``--width``, the same in every verb. The width is kept in the context for
    :func:`_emit`, so the command itself never sees it."""

    @click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
                  default="table", show_default=True, help="Output format.")
    @click.option("--csv", "fmt", flag_value="csv", help="Same as --format csv.")
    @click.option("--tsv", "fmt", flag_value="tsv", help="Same as --format tsv.")
    @click.option("--json", "fmt", flag_value="json", help="Same as --format json.")
    @click.option("--width", type=click.IntRange(min=0), metavar="N",
                  help="Wrap table cells to fit N columns (0: never wrap) [default: the "
                       "terminal's width; no wrapping when not on a terminal]. A value is never cut.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        click.get_current_context().meta["kgraph.width"] = kwargs.pop("width")
        return func(*args, **kwargs)

    return wrapper


def _table_width() -> int | None:
    """The width a table is fitted to: ``--width`` (0: none), else the terminal's
    when standard output is one, else none."""
    ctx = click.get_current_context(silent=True)
    width = ctx.meta.get("kgraph.width") if ctx else None
    if width is not None:
        return width or None
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size().columns
    return None


def min_confidence_option(func: Callable) -> Callable:
    """``--min-confidence``, the same in ``ingest``, ``extract`` and ``eval``."""

    @click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="X",
                  help="Leave out facts whose confidence is below X "
                       "[default: kgraph.extract.DEFAULT_MIN_CONFIDENCE].")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def _open(ctx: click.Context, *, read_only: bool = False):  # -> KGraph
    from kgraph.api import KGraph

    kg = KGraph.open(ctx.obj["store"], read_only=read_only, base=ctx.obj["base"])
    ctx.call_on_close(kg.close)
    return kg


def _emit(rows: Any, fmt: str) -> None:
    from kgraph.output import write

    click.echo(write(rows, fmt, width=_table_width()), nl=False)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kgraph")
@click.option("--store", envvar="KGRAPH_STORE", metavar="DIR", help=STORE_HELP)
@click.option("--base", envvar="KGRAPH_BASE", metavar="IRI",
              help="Base IRI for minted resources [env KGRAPH_BASE].")
@click.pass_context
def cli(ctx: click.Context, store: str | None, base: str | None) -> None:
    """kgraph: news reports -> a knowledge graph of actors and events.

    Example: kgraph ingest examples/ && kgraph query who-met-whom
    """
    ctx.ensure_object(dict)
    ctx.obj.update(store=store, base=base)


def workers_options(func: Callable) -> Callable:
    """``--workers`` and ``--chunk-size``, the same in ``ingest`` and ``extract``."""

    @click.option("--workers", type=click.IntRange(min=1), metavar="N",
                  help="Extract in N processes, with the same output as one "
                       "[default: the machine's cores].")
    @click.option("--chunk-size", type=click.IntRange(min=1), metavar="N",
                  help="Articles per task handed to a worker [default: 16]; input of one "
                       "chunk is extracted in this process.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("workers") is None:
            from kgraph.parallel import default_workers

            kwargs["workers"] = default_workers()
        return func(*args, **kwargs)

    return wrapper


def _articles(paths: tuple[str, ...]) -> tuple[int, Any]:
    """How many articles ``paths`` hold, each file read and checked once now (a bad
    one stops the run before any extraction), and the articles again, read lazily
    (standard input is read once and kept)."""
    from kgraph.sources import expand, read_articles, read_file

    files = expand(paths)
    stdin: list[Any] = []
    for path in files:
        if path == "-":
            stdin[:] = list(read_articles(["-"], stdin=_stdin()))
        else:
            read_file(Path(path))

    def again() -> Any:
        for path in files:
            yield from stdin if path == "-" else [read_file(Path(path))]

    return len(files), again()


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@min_confidence_option
@workers_options
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], min_confidence: float | None, workers: int,
           chunk_size: int | None) -> None:
    """Extract actors, events and relations from articles and store them.

    PATHS are files, folders (every .txt and .md inside) or - for stdin. Every
    article is read and extracted before anything is written, so a bad one leaves
    the store as it was; each article is then written whole, in its own transaction.
    Ingesting an article again changes nothing, unless the extractor changed (its
    fingerprint: version, language data, gazetteer, threshold, spaCy model): then
    the article is extracted again and replaced. Articles are read as they are
    extracted, so memory does not grow with their number.

    Example: kgraph ingest examples/ report.md --workers 2
    """
    count, articles = _articles(paths)
    kg = _open(ctx)
    kg.extractor(min_confidence=min_confidence)
    if count > 1:
        with click.progressbar(length=count, label="ingesting", file=sys.stderr) as bar:
            report = kg.ingest(articles, progress=lambda _a: bar.update(1), workers=workers,
                               chunk_size=chunk_size)
    else:
        report = kg.ingest(articles, workers=workers, chunk_size=chunk_size)
    click.echo(
        f"{len(report.added)} added, {len(report.replaced)} replaced, "
        f"{len(report.unchanged)} unchanged ({report.quads} quads written)",
        err=True,
    )


@cli.command()
@click.argument("name", required=False)
@click.option("-e", "--expr", "text", metavar="SPARQL", help="Run this query text instead.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of the stored query (repeatable).")
@click.option("--update", is_flag=True, help="Allow a SPARQL update (it changes the store).")
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE clauses and LOAD (they reach other servers).")
@click.option("--timeout", type=click.FloatRange(min=0.01), metavar="SECONDS",
              help="Stop the query after this long.")
@click.option("--since", metavar="DATE",
              help="Only events dated on or after DATE (YYYY-MM-DD; a date at its precision, "
                   "such as a month, when its span reaches DATE); undated events are left out.")
@click.option("--until", metavar="DATE",
              help="Only events dated on or before DATE (likewise); undated events are left out.")
@click.option("--all", "all_", is_flag=True,
              help="Set the query's 'all' parameter: who-met-whom lists countries, "
                   "organisations and groups too, not only people.")
@output_options
@click.pass_context
def query(ctx: click.Context, name: str | None, text: str | None, params: tuple[str, ...],
          update: bool, allow_service: bool, timeout: float | None, since: str | None,
          until: str | None, all_: bool, fmt: str) -> None:
    """Run a stored query by NAME, a .rq file, or SPARQL given with -e (- reads stdin).

    Queries are read-only unless --update; their default graph is the union of all
    named graphs. --since/--until work with the stored queries that have dates.
    Example: kgraph query actor-events -p actor=Rubio --since 2025-11-01 --csv
    """
    if bool(name) == bool(text):
        raise click.UsageError("give a stored query NAME or -e SPARQL (one of them)")
    if text == "-":
        try:
            text = _stdin().read().decode("utf-8")
        except UnicodeDecodeError:
            raise KGraphError("-e -: the query on stdin is not valid UTF-8") from None
    elif text is not None:
        _utf8(text, "-e")
    bound: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param wants NAME=VALUE, got {item!r}")
        _utf8(item, f"--param {key.strip()}")
        if key.strip() in bound:
            raise click.UsageError(f"--param {key.strip()} is given twice; give each parameter once")
        bound[key.strip()] = value
    if all_:
        if "all" in bound:
            raise click.UsageError("--all and --param all= are the same; give one")
        bound["all"] = "true"
    kg = _open(ctx, read_only=not update)
    _emit(kg.query(name, bound, text=text, update=update, allow_service=allow_service,
                   timeout=timeout, since=since, until=until, interruptible=True), fmt)


@cli.command("queries")
@output_options
def list_queries(fmt: str) -> None:
    """List the stored queries with their titles and parameters.

    Example: kgraph queries
    """
    from kgraph.output import Rows
    from kgraph.queries import load_queries

    rows = []
    for name, q in load_queries().items():
        params = ", ".join(
            f"{p.name}{'' if p.required else '?'}" + (f" ({p.type})" if p.type != "string" else "")
            for p in q.params
        )
        rows.append([name, q.title, params, q.description])
    _emit(Rows(["name", "title", "parameters", "description"], rows), fmt)


@cli.command()
@output_options
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Count articles, actors, events, relations and triples in the store.

    Example: kgraph stats --json
    """
    from kgraph.output import Rows

    counts = _open(ctx, read_only=True).stats()
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
    else:
        _emit(Rows(["what", "count"], [[k, v] for k, v in counts.items()]), fmt)


@cli.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Check every article graph against the SHACL shapes (graph/shapes.ttl).

    Exits 1 when a graph violates a shape. Example: kgraph validate
    """
    report = _open(ctx, read_only=True).validate()
    click.echo(report.text())
    if not report.conforms:
        ctx.exit(1)


@cli.command()
@click.option("-f", "--format", "fmt", default="turtle", show_default=True,
              help="RDF: turtle, trig, nquads, ntriples, jsonld. Network: graphml, gexf, "
                   "csv-nodes, csv-edges.")
@click.option("--network", type=click.Choice(["actors", "bipartite"]), default="actors",
              show_default=True,
              help="For network formats: the actor-actor graph or actors+events+places.")
@click.option("-a", "--article", metavar="REF",
              help="Only this article's graph (its id, file, graph IRI or exact title).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write to this file instead of stdout.")
@click.option("--curation/--no-curation", default=True, show_default=True,
              help="RDF of the whole graph: with the curation graph (the corrections, who, "
                   "when, why) or without it. Rejected facts are left out either way.")
@click.pass_context
def export(ctx: click.Context, fmt: str, network: str, article: str | None, output: str,
           curation: bool) -> None:
    """Export the graph as RDF (all articles, or one), or its networks for Gephi, with
    the analyst's corrections applied ('kgraph curate').

    Example: kgraph export -f turtle -o graph.ttl; kgraph export -f gexf -o actors.gexf
    """
    data = _open(ctx, read_only=True).export(fmt, article, network, curation=curation)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        from kgraph.outfile import write_output

        write_output(output, data)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


def _date_options(func: Callable) -> Callable:
    """``--since`` and ``--until``, the same in ``view`` and ``timeline``."""

    @click.option("--since", metavar="DATE",
                  help="Only events on or after DATE (YYYY-MM-DD); undated events are left out.")
    @click.option("--until", metavar="DATE",
                  help="Only events on or before DATE (YYYY-MM-DD); undated events are left out.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def _show(path: Path, open_: bool) -> None:
    click.echo(f"wrote {path}", err=True)
    if open_:
        import webbrowser

        webbrowser.open(Path(path).resolve().as_uri())


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="kgraph-map.html",
              show_default=True, help="The HTML file to write.")
@click.option("--title", default="kgraph map", show_default=True, help="Page title.")
@click.option("--open", "open_", is_flag=True, help="Open the map in the browser.")
@click.option("--size-by", type=click.Choice(["degree", "weighted_degree", "betweenness", "pagerank"]),
              default="degree", show_default=True,
              help="What node size shows (actors; events and places by degree).")
@click.option("--colour-by", "--color-by", "colour_by", type=click.Choice(["type", "community"]),
              default="type", show_default=True, help="Colour nodes by type or by community.")
@_date_options
@click.option("--focus", metavar="ACTOR",
              help="Only this actor's neighbourhood (a label, alias or surname).")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="With --focus: how many actor-to-actor hops to keep.")
@click.option("--event-type", "event_types", multiple=True, metavar="TYPE",
              help="Only events of this type, e.g. Meeting (repeatable, or a comma list).")
@click.option("--max-nodes", type=click.IntRange(min=0), default=500, show_default=True,
              metavar="N", help="Draw at most N nodes, the most central actors first (0: no limit).")
@click.pass_context
def view(ctx: click.Context, output: str, title: str, open_: bool, size_by: str, colour_by: str,
         since: str | None, until: str | None, focus: str | None, depth: int,
         event_types: tuple[str, ...], max_nodes: int) -> None:
    """Write the interactive map of actors and events as one offline HTML file.

    Filter by dates, event types and an actor's neighbourhood; size and colour by
    network measures. In the page: find a node by any name, filter by type, dates,
    status and confidence, and click a node or an edge for its evidence.

    Example: kgraph view --focus Witkoff --colour-by community --open
    """
    if depth != 1 and not focus:
        raise click.UsageError("--depth needs --focus")
    path = _open(ctx, read_only=True).view(
        output, title=title, size_by=size_by, colour_by=colour_by, since=since, until=until,
        focus=focus, depth=depth, event_types=list(event_types) or None,
        max_nodes=max_nodes or None,
    )
    _show(path, open_)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="kgraph-timeline.html",
              show_default=True, help="The HTML file to write.")
@click.option("--title", default="kgraph timeline", show_default=True, help="Page title.")
@click.option("--open", "open_", is_flag=True, help="Open the timeline in the browser.")
@click.option("--actor", metavar="NAME", help="Only this actor's events (a label, alias or surname).")
@_date_options
@click.pass_context
def timeline(ctx: click.Context, output: str, title: str, open_: bool, actor: str | None,
             since: str | None, until: str | None) -> None:
    """Write the events in date order, with participants, evidence and sources, as one
    offline HTML file.

    Dates at their precision, planned or happened, and each source's outlet,
    published date, fact IDs and a link to its file.

    Example: kgraph timeline --actor Witkoff --since 2025-11-01 -o timeline.html
    """
    path = _open(ctx, read_only=True).timeline(output, title=title, actor=actor, since=since,
                                               until=until)
    _show(path, open_)


@cli.command()
@output_options
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Only the N most central actors.")
@click.option("--write", is_flag=True,
              help="Also store the measures in their own named graph (<base>metrics/actors).")
@click.pass_context
def analyze(ctx: click.Context, fmt: str, top: int | None, write: bool) -> None:
    """Rank actors: degree, weighted degree, betweenness, PageRank, community, broker.

    Measured on the actor-actor network (an edge per pair sharing an event or a
    stated relation). Example: kgraph analyze --top 10 --csv
    """
    from kgraph.output import Rows

    result = _open(ctx, read_only=not write).analyze(top=top, write=write)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    columns = ["actor", "type", "degree", "weighted_degree", "betweenness", "pagerank",
               "community", "broker"]
    if fmt == "json":
        rows = [{c: r[c] for c in ["id", *columns]} for r in result.rows]
        click.echo(json.dumps({"actors": rows, "notes": result.notes}, indent=2, ensure_ascii=False))
    else:
        _emit(Rows(columns, [[r[c] for c in columns] for r in result.rows]), fmt)
    if write:
        click.echo(f"wrote the measures of {result.actors} actors to their named graph", err=True)


@cli.command("path")
@click.argument("source")
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print the chain as JSON.")
@click.pass_context
def path_(ctx: click.Context, source: str, target: str, as_json: bool) -> None:
    """How two actors are connected: the shortest chain of shared events and stated
    relations, each link with its date, evidence sentence and source.

    Names may be labels, aliases or surnames. Example: kgraph path Dmitriev Umerov
    """
    from kgraph.output import json_text, visible

    hops = _open(ctx, read_only=True).path(source, target)
    if as_json:
        click.echo(json_text(hops))
        return

    def say(line: str) -> None:  # titles and names may hold terminal escape sequences
        click.echo(visible(line, keep="\n"))

    say(" -> ".join([hops[0]["from_label"], *[h["to_label"] for h in hops]]))
    for hop in hops:
        say(f"\n{hop['from_label']} -- {hop['to_label']}")
        for link in hop["links"]:
            if link["kind"] == "event":
                facts = ", ".join(x for x in (link.get("type"), link.get("date"), link.get("place")) if x)
                say(f"  event: {link['label']} ({facts})")
            else:
                say(f"  relation: {link['label']}")
            if link.get("evidence"):
                say(f"    \"{link['evidence']}\"")
            if link.get("sources"):
                say(f"    source: {'; '.join(link['sources'])}")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="The N-Quads file to write (- for stdout).")
@click.option("--no-gazetteer", is_flag=True, help="Extract without the curated known actors.")
@min_confidence_option
@workers_options
@click.option("--dask", metavar="ADDRESS",
              help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786), "
                   "one task per chunk; needs pip install 'kgraph[dask]'.")
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], output: str, no_gazetteer: bool,
            min_confidence: float | None, workers: int, chunk_size: int | None,
            dask: str | None) -> None:
    """Extract articles to N-Quads with no store: for shards and bulk loaders.

    Each article's named graph is written in input order, the same whatever the
    number of workers, or on a Dask cluster; identity across articles is left to the
    store that loads the file ('kgraph load', or any SPARQL server's bulk loader).
    Example: kgraph extract examples/ -o examples.nq --workers 2
    """
    from kgraph.api import KGraph
    from kgraph.outfile import open_output

    total, articles = _articles(paths)
    kg = KGraph.open("memory", base=ctx.obj["base"])
    kg.extractor(gazetteer=not no_gazetteer, min_confidence=min_confidence)
    count = 0
    with open_output(output) as stream:  # a failure leaves no half-written file
        for _article, data in kg.extract(articles, workers=workers, chunk_size=chunk_size, dask=dask):
            stream.write(data)
            count += data.count(b"\n")
    click.echo(f"{total} articles, {count} quads", err=True)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-f", "--format", "fmt", help="turtle, trig, ntriples or nquads [default: from the file name].")
@click.option("-g", "--graph", metavar="IRI", help="The named graph for triples outside any graph.")
@click.option("--no-optimize", "optimize", flag_value=False, default=True,
              help="Do not compact the store after a large load (see 'kgraph optimize').")
@click.pass_context
def load(ctx: click.Context, file: str, fmt: str | None, graph: str | None, optimize: bool) -> None:
    """Load Turtle, TriG, N-Triples or N-Quads into the store (e.g. from 'kgraph extract').

    The file (or '-', standard input) is read as it is parsed, graph by graph:
    memory holds a batch of whole graphs and what identity needs of each article,
    not the file. Each named graph in it
    replaces the stored graph of the same name (a graph that comes again later in
    the file is added to what this load wrote of it); new graphs go through
    Oxigraph's bulk loader, about 100,000 quads of whole graphs at a time, each
    write atomic. The loaded articles are then resolved across articles, as
    'kgraph resolve' would. A syntax error is reported with its line and column:
    the graphs written before it are whole and resolved, none after them, and a
    file of fewer than 100,000 quads writes nothing. A load that brought at least as
    many articles as the store had then compacts the store ('kgraph optimize'; a few
    seconds a million quads) unless --no-optimize. Example: kgraph load examples.nq
    """
    if fmt is None:
        suffix = Path(file).suffix.lower().lstrip(".")
        fmt = {"ttl": "turtle", "nq": "nquads", "nt": "ntriples", "trig": "trig"}.get(suffix)
        if fmt is None:
            raise click.UsageError("cannot tell the format from the file name; give --format")
    source: Any = file
    if file == "-":
        source = _stdin()
        if isinstance(source, _ClosedStdin):
            source.read()
    loaded = _open(ctx).load(source, fmt, graph=graph, name=file, optimize=optimize)
    message = f"loaded {sum(loaded.values())} triples into {len(loaded)} graphs"
    if loaded.merged:
        message += f" ({len(loaded.merged)} came in parts, merged)"
    if loaded.skipped:
        message += f"; left out {loaded.skipped} triples of the identity graph (resolved anew)"
    if loaded.identity:
        counts = loaded.identity
        message += (f"; {counts['actors']} actor nodes are {counts['real_actors']} actors, "
                    f"{counts['events']} event nodes are {counts['real_events']} events")
    if loaded.optimized_s is not None:
        message += f"; compacted the store in {loaded.optimized_s:.1f} s"
    click.echo(message, err=True)


@cli.command()
@click.pass_context
def optimize(ctx: click.Context) -> None:
    """Compact the store's files, so look-ups read fewer of them.

    'kgraph load' does it after a load that brought at least as many articles as the
    store had; run it after smaller loads, or after many 'kgraph remove' or
    'kgraph resolve'. On a store of 1M quads it takes a few seconds; it needs free
    disk of about the store's size while it runs. A SPARQL server manages its own
    storage: nothing to do. Example: kgraph optimize
    """
    took = _open(ctx).optimize()
    if took is None:
        click.echo("nothing to compact: the store is in memory or on a SPARQL server", err=True)
    else:
        click.echo(f"compacted the store in {took:.1f} s", err=True)


@cli.command()
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLE...")
@click.pass_context
def remove(ctx: click.Context, articles: tuple[str, ...]) -> None:
    """Delete articles from the store: each ARTICLE an article id, a graph IRI or a
    file as it was ingested.

    A file's every stored version goes: an article edited under the same name is
    stored as a new article beside the old one. If one ARTICLE is not found,
    nothing is removed. Example: kgraph remove examples/geneva-talks.txt
    """
    removed = _open(ctx).remove(articles)
    click.echo(f"removed {len(removed)} article graph{'' if len(removed) == 1 else 's'}", err=True)


@cli.command()
@click.pass_context
def resolve(ctx: click.Context) -> None:
    """Resolve identity across all stored articles again: which article nodes are one
    real-world actor or event. Ingest does this for each new article; the result is
    the same whatever the order. Example: kgraph resolve
    """
    counts = _open(ctx).resolve()
    click.echo(f"{counts['actors']} actor nodes are {counts['real_actors']} actors, "
               f"{counts['events']} event nodes are {counts['real_events']} events", err=True)


@cli.command("eval")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--errors", is_flag=True,
              help="Also list, per article, every miss and every false fact.")
@click.option("--dump", type=click.Path(file_okay=False), metavar="OUT",
              help="Write OUT/NAME.system.yaml: the answer scored, in the gold schema "
                   "(with status, same_as and confidence).")
@click.option("--no-gazetteer", is_flag=True, help="Extract without the curated known actors.")
@min_confidence_option
@click.option("--target", type=click.FloatRange(0, 1), default=0.8, show_default=True,
              metavar="SHARE", help="Share of right facts the proposed threshold must reach.")
def eval_(folder: str, as_json: bool, errors: bool, dump: str | None, no_gazetteer: bool,
          min_confidence: float | None, target: float) -> None:
    """Score extraction on annotated articles (NAME.txt beside NAME.gold.yaml).

    Every fact is extracted (threshold 0) and read back with SPARQL; a reliability
    table shows how often each confidence band is right, with a proposed threshold.
    The scores, per article and micro-averaged, are for the answer at the threshold
    in force (--min-confidence), with the rules of the evaluation README. With a
    clusters.yaml, all articles share one store and the same event across articles
    is scored too. Example: kgraph eval examples/ --errors
    """
    from kgraph.evaluation import evaluate

    report = evaluate(folder, gazetteer=not no_gazetteer, dump=dump, min_confidence=min_confidence,
                      target=target)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        data = report.as_json()
        if errors:
            data["errors"] = report.errors()
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(f"gazetteer: {'on' if report.gazetteer else 'off'}, "
                   f"min_confidence: {report.min_confidence:g}", err=True)
        click.echo(report.text(errors=errors), nl=False)


def _register() -> None:
    """The analyst's workbench verbs (``curate``, ``show``) live in :mod:`kgraph.cli_curate`."""
    from kgraph.cli_curate import curate, show

    cli.add_command(curate)
    cli.add_command(show)


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kgraph")
