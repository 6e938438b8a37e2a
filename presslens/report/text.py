"""A readable terminal summary of a report (rich)."""
from __future__ import annotations

import io
from collections import Counter
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from . import Report

_REGION_STYLE = {"appeal": "magenta", "bio": "cyan", "caption": "yellow", "boilerplate": "bright_black", "byline": "blue"}
_ENTITY_GROUPS = {
    "People": ("PERSON",),
    "Places": ("GPE", "LOC", "FAC"),
    "Organisations": ("ORG",),
    "Groups": ("NORP",),
    "Dates": ("DATE", "TIME"),
    "Figures": ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"),
}


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def build_renderables(report: "Report") -> Group:
    doc = report.document
    meta = doc.meta
    head = Text()
    head.append(meta.title or doc.id, style="bold")  # Text.append never parses markup
    details = [
        ", ".join(meta.authors) if meta.authors else None,
        meta.date,
        meta.site,
        meta.url or meta.path,
        f"language: {doc.language or 'unknown'}",
        f"{doc.word_count:,} words, {len(doc.paragraphs)} paragraphs, {len(doc.sentences)} sentences",
    ]
    head.append("\n" + " · ".join(d for d in details if d), style="dim")
    parts: list = [Panel(head, title="presslens", title_align="left")]

    for warning in doc.warnings:
        parts.append(Text(f"warning: {warning}", style="bold yellow"))

    if doc.regions:
        table = Table(title="Set apart from the body", show_header=True, header_style="bold", expand=False)
        table.add_column("kind")
        table.add_column("chars", justify="right")
        table.add_column("text")
        for region in doc.regions:
            style = _REGION_STYLE.get(region.label, "")
            # Text(), not str: article text must never be read as rich markup ("[bold]")
            table.add_row(Text(region.label, style=style), f"{region.start}–{region.end}", Text(_clip(doc.fragment(region))))
        parts.append(table)

    if doc.entities:
        table = Table(title="Named entities", show_header=True, header_style="bold")
        table.add_column("type")
        table.add_column("mentions (count)")
        for group, labels in _ENTITY_GROUPS.items():
            counts = Counter(" ".join(doc.fragment(e).split()) for e in doc.entities if e.label in labels)
            if counts:
                names = ", ".join(f"{name} ({n})" if n > 1 else name for name, n in counts.most_common(12))
                table.add_row(group, Text(names))
        parts.append(table)

    for name, result in doc.results.items():
        parts.append(Text(f"{name}: {_clip(str(result), 200)}"))

    if doc.timings_ms:
        total = sum(doc.timings_ms.values())
        parts.append(Text(f"analysed in {total:.0f} ms (" + ", ".join(f"{k} {v:.0f}" for k, v in doc.timings_ms.items()) + ")", style="dim"))
    return Group(*parts)


def render_text(report: "Report", width: int = 100, color: bool = False) -> str:
    console = Console(width=width, record=True, force_terminal=color, color_system="auto" if color else None, file=io.StringIO())
    console.print(build_renderables(report))
    return console.export_text(styles=color)

