"""``presslens stats``: patterns across a batch's results."""
from __future__ import annotations

import base64
import csv
import io
import json
from enum import Enum
from html import escape
from pathlib import Path
from typing import Optional

import typer

from . import _error, app


class By(str, Enum):
    source = "source"
    month = "month"
    genre = "genre"


class TableFormat(str, Enum):
    text = "text"
    csv = "csv"
    json = "json"


@app.command()
def stats(
    results: Path = typer.Argument(..., help="The --out folder of presslens batch."),
    by: By = typer.Option(By.source, "--by", help="Group articles by source (site), month (of the date) or genre."),
    fmt: TableFormat = typer.Option(TableFormat.text, "--format", "-f", help="text tables, or the technique table as csv or json."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Write a PNG chart of techniques per group."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write an HTML page with the tables and the charts."),
    plot_actors: Optional[Path] = typer.Option(None, "--plot-actors", help="Write a PNG chart of who is portrayed "
                                               "how: the roles the articles cast the most-mentioned actors in."),
    plot_narratives: Optional[Path] = typer.Option(None, "--plot-narratives", help="Write a PNG heat map of the "
                                                   "narratives by group (share of the articles that push each)."),
) -> None:
    """Technique frequencies per source, month or genre; technique and claim density (and claims contradicted
    by the evidence, after batch --evidence) and genre mix; top entities and how often each is named inside a
    technique span; the narratives articles push (articles and share per group); who is portrayed how (per
    actor: articles, mentions, share cast as antagonist, protagonist, innocent, techniques most attached).

      presslens stats results/ --by month --plot techniques.png --plot-actors actors.png --plot-narratives narratives.png
    """
    from ..batch.stats import (narrative_table, overview, plot_portrayal, plot_techniques, portrayal, technique_table,
                               top_entities)
    from ..batch.stats import plot_narratives as draw_narratives

    try:
        table = technique_table(results, by.value)
        groups = overview(results, by.value)
        entities = top_entities(results)
        actors = portrayal(results, by.value)
        narratives = narrative_table(results, by.value)
    except FileNotFoundError as exc:
        _error(f"error: {exc}")
        raise typer.Exit(3)
    if fmt is TableFormat.json:
        typer.echo(json.dumps({"by": by.value, "overview": groups, "techniques": table, "entities": entities,
                               "narratives": narratives, "actors": actors}, indent=2))
    elif fmt is TableFormat.csv:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=[by.value, "technique", "spans", "articles", "per_1000_words"])
        writer.writeheader()
        writer.writerows(table)
        typer.echo(out.getvalue().rstrip("\n"))
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from ..entities.layer import type_in_words

        console = Console()
        # the table says types in words a reader knows ("place", "group (nationality, faith, party)"); JSON keeps labels
        named = [{**row, "type": type_in_words(row["type"])} for row in entities]
        for title, rows in ((f"Articles by {by.value}", groups), (f"Techniques by {by.value}", table),
                            ("Most-named entities", named), (f"Narratives by {by.value}", narratives),
                            (f"Who is portrayed how, by {by.value}", actors)):
            t = Table(title=title, header_style="bold")
            for column in (rows[0] if rows else {}):
                t.add_column(column)
            for row in rows:
                t.add_row(*(Text("" if v is None else str(v)) for v in row.values()))
            console.print(t)
    if plot or html:
        target = plot or (html.with_suffix(".png"))
        plot_techniques(table, by.value, target)
        if plot:
            typer.echo(f"chart written to {plot}", err=True)
    if plot_actors or html:
        actors_target = plot_actors or html.with_name(html.stem + "-actors.png")
        plot_portrayal(actors, actors_target)
        if plot_actors:
            typer.echo(f"chart written to {plot_actors}", err=True)
    if plot_narratives or html:
        narratives_target = plot_narratives or html.with_name(html.stem + "-narratives.png")
        draw_narratives(narratives, by.value, narratives_target)
        if plot_narratives:
            typer.echo(f"chart written to {plot_narratives}", err=True)
    if html:
        narratives_image = base64.b64encode(narratives_target.read_bytes()).decode()
        actors_image = base64.b64encode(actors_target.read_bytes()).decode()
        image = base64.b64encode(target.read_bytes()).decode()

        def html_table(rows: list[dict]) -> str:
            if not rows:
                return "<p>none</p>"
            head = "".join(f"<th>{escape(str(k))}</th>" for k in rows[0])
            body = "".join("<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in r.values()) + "</tr>"
                           for r in rows)
            return f"<table><tr>{head}</tr>{body}</table>"

        html.write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>presslens stats by {by.value}</title><style>body{{font:14px system-ui,sans-serif;margin:2rem}}
table{{border-collapse:collapse;margin:1rem 0}}td,th{{border-bottom:1px solid #ddd;padding:.2rem .5rem;text-align:left}}</style>
</head><body><h1>Persuasion techniques by {by.value}</h1><img alt="chart" src="data:image/png;base64,{image}">
<h2>Articles</h2>{html_table(groups)}<h2>Techniques</h2>{html_table(table)}<h2>Most-named entities</h2>{html_table(entities)}
<h2>Narratives</h2><img alt="narratives chart" src="data:image/png;base64,{narratives_image}">{html_table(narratives)}
<h2>Who is portrayed how</h2><img alt="roles chart" src="data:image/png;base64,{actors_image}">{html_table(actors)}
</body></html>""", encoding="utf-8")
        typer.echo(f"page written to {html}", err=True)
