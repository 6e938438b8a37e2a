"""A readable terminal summary of a report (rich), read from the typed report (:mod:`presslens.results`)."""
from __future__ import annotations

import io
from collections import Counter
from typing import TYPE_CHECKING, Optional

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..entities.layer import type_in_words
from ..claims import format_figure
from ..results import Actor, ClaimCard, EvidenceSentence, FactCheck, Frame, Genre, Narrative, Role, TechniqueSpan
from ..results import Verification
from .schema import models_line

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

    typed = report.typed()
    order = list(_RESULT_RENDERERS) + sorted(set(doc.results) - set(_RESULT_RENDERERS))
    for name in order:
        if name in doc.results:
            result = getattr(typed, name)
            renderer = _RESULT_RENDERERS.get(name)
            parts.append(renderer(result, typed) if renderer else Text(f"{name}: {_clip(str(result), 200)}"))

    if doc.timings_ms:
        total = sum(doc.timings_ms.values())
        parts.append(Text(f"analysed in {total:.0f} ms (" + ", ".join(f"{k} {v:.0f}" for k, v in doc.timings_ms.items()) + ")", style="dim"))
    if doc.models:
        parts.append(Text(models_line(doc.models).lstrip(" ·"), style="dim"))
    return Group(*parts)


def _techniques(spans: list[TechniqueSpan], report):
    weak = [s for s in spans if not s.shown]
    spans = [s for s in spans if s.shown]
    note = Text(f"{len(weak)} more span{'s' * (len(weak) != 1)} under the display threshold (less likely right) "
                "in the JSON report", style="dim") if weak else None
    if not spans:
        return Group(*filter(None, [Text("Persuasion techniques: none found", style="dim"), note]))
    own = [s for s in spans if s.voice.kind == "author"]
    quoted = [s for s in spans if s.voice.kind != "author"]
    counts = Counter(s.name for s in own)
    summary = Text("Persuasion techniques by the author: " + (", ".join(f"{name} {n}" for name, n in counts.most_common())
                                                              or "none shown"))
    tables = []
    for rows, title in ((own, f"{len(own)} technique spans in the author's words"),
                        (quoted, f"{len(quoted)} in words the article quotes or reports (the speaker's, not the author's)")):
        if not rows:
            continue
        table = Table(title=title, show_header=True, header_style="bold")
        table.add_column("chars", justify="right", no_wrap=True)
        table.add_column("technique")
        table.add_column("score", justify="right")
        if rows is quoted:
            table.add_column("speaker")
        table.add_column("fragment, and why it counts")  # each explanation quotes its fragment
        for span in rows:
            speaker = [Text(speaker_name(span))] if rows is quoted else []
            table.add_row(f"{span.start}–{span.end}", Text(span.technique), f"{span.score:.2f}", *speaker,
                          Text(span.explanation))
        tables.append(table)
    return Group(*filter(None, [summary, *tables, note]))


def speaker_name(span: TechniqueSpan) -> str:
    """Who speaks the quoted or reported words a technique span is in ("unnamed" when the article does not say)."""
    return span.voice.speaker.name if span.voice.speaker else "unnamed"


def _genre(genre: Genre, report):
    scores = ", ".join(f"{label} {p:.2f}" for label, p in sorted(genre.scores.items(), key=lambda kv: -kv[1]))
    return Text(f"Genre: {genre.label} ({scores})", style="bold")


def _frames(frames: list[Frame], report):
    if not frames:
        return Text("Frames: none above the threshold", style="dim")
    table = Table(title="Frames", show_header=True, header_style="bold")
    table.add_column("frame")
    table.add_column("score", justify="right")
    table.add_column("carried most by")
    for frame in frames:
        evidence = frame.evidence[0] if frame.evidence else None
        excerpt = _clip(report.text[evidence.start:evidence.end], 70) if evidence else ""
        table.add_row(frame.frame, f"{frame.score:.2f}", Text(excerpt))
    return table


def sub_name(label: str, narrative: str) -> str:
    """A subnarrative as a reader reads it under its narrative: without the narrative's words repeated."""
    return label[len(narrative) + 2:] if label.startswith(narrative + ": ") else label


def _narratives(narratives: list[Narrative], report):
    if not narratives or narratives[0].narrative == "Other":
        return Text("Narratives: none of the war or climate storylines the model knows (Other)", style="dim")
    table = Table(title="Narratives (storylines the article pushes)", show_header=True, header_style="bold")
    table.add_column("narrative")
    table.add_column("score", justify="right")
    table.add_column("subnarratives")
    table.add_column("carried most by")
    for item in narratives:
        evidence = item.evidence[0] if item.evidence else None
        excerpt = _clip(report.text[evidence.start:evidence.end], 60) if evidence else ""
        subs = "; ".join(f"{sub_name(s.label, item.narrative)} {s.score:.2f}" for s in item.subnarratives)
        table.add_row(Text(item.narrative), f"{item.score:.2f}", Text(subs), Text(excerpt))
    return table


_VERDICT_STYLE = {"supported": "green", "contradicted": "red", "mixed": "yellow", "uncertain": "magenta",
                  "not_enough_evidence": "bright_black"}


def _time_value(t) -> str:
    """A time's resolved value as a reader takes it: a decade's "1960" (its ISO year) reads "1960s"."""
    if not t.value:
        return "?"
    return f"{t.value}s" if t.granularity == "decade" and len(t.value) == 4 else t.value


def claim_parts(card: ClaimCard) -> list[tuple[str, str]]:
    """(label, value) lines of a claim card's structure, for text and HTML alike."""
    parts = []
    if card.quantities:
        parts.append(("numbers", "; ".join(
            f"{q.text} → {format_figure(q.value)}" + (f"–{format_figure(q.high)}" if q.high is not None else "")
            + "".join(f", {x}" for x in (q.unit, q.counted or q.event) if x)
            + (f" ({q.bound}: {q.hedge})" if q.hedge else "") for q in card.quantities)))
    if card.times:
        parts.append(("when", "; ".join(
            f"{t.text} → {_time_value(t)}" + (f" to {t.end_value}" if t.end_value else "") for t in card.times)))
    if card.places:
        parts.append(("places", ", ".join(dict.fromkeys(p.text for p in card.places))))
    if card.actors:
        parts.append(("actors", ", ".join(dict.fromkeys(a.text for a in card.actors))))
    if card.attribution:
        parts.append(("source", f"{card.attribution.text} ({card.attribution.cue})"))
    return parts


def satire_probability(report) -> Optional[float]:
    """P(satire) of the report's genre, when the genre analysis ran."""
    genre = getattr(report, "genre", None)
    return genre.scores.get("satire") if genre is not None else None


def _claims(cards: list[ClaimCard], report):
    jokes = [c for c in cards if c.satire]
    if jokes:
        satire = satire_probability(report) or 1.0
        return Text(f"Check-worthy claims: none shown — the article reads as satire (P {satire:.2f}); "
                    f"{len(jokes)} of its statements would otherwise be claims (they are in the JSON report, "
                    "flagged \"satire\")", style="dim")
    if not cards:
        return Text("Check-worthy claims: none found", style="dim")
    verdicts = Counter(c.verification.verdict for c in cards if c.verification)
    title = f"{len(cards)} check-worthy claims" + (
        " (" + ", ".join(f"{v.replace('_', ' ')} {n}" for v, n in verdicts.most_common()) + ")" if verdicts else "")
    items: list = [Text(title, style="bold")]
    for number, card in enumerate(cards, 1):
        line = Text(f"{number}. ")
        verification = card.verification
        if verification:
            verdict = verification.verdict
            line.append(f"[{verdict.replace('_', ' ')}] ", style=_VERDICT_STYLE[verdict])
        line.append(_clip(card.text, 160))
        line.append(f"  (score {card.score:.2f}, chars {card.start}–{card.end})", style="dim")
        items.append(line)
        for label, value in claim_parts(card):
            items.append(Text(f"     {label}: ", style="dim") + Text(_clip(value, 140)))
        if verification:
            items.append(Text(f"     why{verdict_signal(verification)}: {_clip(verification.explanation or '', 140)}",
                              style=_VERDICT_STYLE[verification.verdict]))
            for item in verification.evidence[:2]:
                items.append(Text(f"     evidence ({item.relation}{model_reading(item)}): “{_clip(item.sentence, 110)}” "
                                  f"— {_clip(evidence_source(item), 50)}", style="dim"))
        for check in card.fact_checks or []:
            items.append(Text("     already fact-checked: ", style="bold magenta") + Text(_clip(fact_check_line(check), 200)))
    return Group(*items)


def fact_check_line(check: FactCheck) -> str:
    """"Snopes, 2019-03-04: False — “the claim as checked” (match 0.97) https://…": an earlier fact-check as
    published (its rating is the fact-checker's, never presslens's)."""
    who = ", ".join(x for x in (check.reviewer, check.date) if x) or "a fact-checker"
    rating = check.rating or "no rating given"
    line = f"{who}: {rating} — “{check.claim}” (match {check.score:.2f})"
    return line + (f" {check.url}" if check.url else "")


def evidence_source(item: EvidenceSentence) -> str:
    """Where an evidence sentence comes from, as a reader would name it: its source, its title, else its id."""
    return item.source or item.title or item.document


def verdict_signal(verification: Verification) -> str:
    """" (rules; right 17 of 19 on dev)" / " (model)": what decided the verdict, when something did, and how often
    verdicts of that kind were right where the project could check."""
    signal = verification.why.signal if verification.why else None
    basis = verification.confidence_basis
    record = f"right {basis.right} of {basis.total} on dev" if basis else ""
    named = signal if signal in ("rules", "model") else ""
    inside = "; ".join(x for x in (named, record) if x)
    return f" ({inside})" if inside else ""


def model_reading(item: EvidenceSentence) -> str:
    """"; model: refutes 0.91": the entailment model's strongest reading of an evidence sentence."""
    entailment = item.entailment
    if not entailment:
        return ""
    readings = {"supports": entailment.supports, "refutes": entailment.refutes, "neither": entailment.neither}
    label = max(readings, key=readings.get)
    return f"; model: {label} {readings[label]:.2f}"


_ROLE_STYLE = {"antagonist": "red", "protagonist": "green", "innocent": "cyan"}
ACTORS_SHOWN = 15   # the most mentioned; the JSON report has them all


def role_line(role: Role) -> str:
    """"antagonist: tyrant, deceiver (0.71)" or "no stance (0.18)", for text and HTML alike."""
    if role.main is None:
        return f"no stance ({role.stance:.2f})"
    fine = ", ".join(f.replace("_", " ") for f in role.fine)
    return f"{role.main}" + (f": {fine}" if fine else "") + f" ({role.scores[role.main]:.2f})"


def shown_spans(spans: list[TechniqueSpan]) -> dict[tuple[int, int], float]:
    """(start, end) -> best score of the technique spans a reader is shown."""
    best: dict[tuple[int, int], float] = {}
    for s in spans:
        if s.shown:
            best[(s.start, s.end)] = max(s.score, best.get((s.start, s.end), 0.0))
    return best


def top_techniques(actor: Actor, top: int = 3, shown: dict | None = None) -> str:
    """The techniques attached to an actor, most frequent first; with ``shown``, only spans a reader is shown."""
    counts = Counter(t.technique.replace("_", " ") for t in actor.techniques
                     if shown is None or (t.start, t.end) in shown)
    return ", ".join(f"{name} {n}" if n > 1 else name for name, n in counts.most_common(top))


def _actors(actors: list[Actor], report):
    if not actors:
        return Text("Actors: none named", style="dim")
    cast = sum(1 for a in actors if a.role.main)
    table = Table(title=f"{len(actors)} actors ({cast} cast in a role)" +
                  (f"; the {ACTORS_SHOWN} most mentioned" if len(actors) > ACTORS_SHOWN else ""),
                  show_header=True, header_style="bold")
    table.add_column("actor")
    table.add_column("type")
    table.add_column("mentions", justify="right")
    table.add_column("role")
    table.add_column("techniques attached")
    table.add_column("claims / quotes", justify="right")
    shown = shown_spans(getattr(report, "techniques", None) or [])
    for actor in actors[:ACTORS_SHOWN]:
        table.add_row(Text(actor.name), type_in_words(actor.type), str(len(actor.mentions)),
                      Text(role_line(actor.role), style=_ROLE_STYLE.get(actor.role.main or "", "dim")),
                      Text(top_techniques(actor, shown=shown)), f"{len(actor.claims)} / {len(actor.quotes)}")
    return table


# in the order a reader wants them: what kind of text, how it frames the issue and which storyline it pushes, the
# techniques, the claims, who
_RESULT_RENDERERS = {"genre": _genre, "frames": _frames, "narratives": _narratives, "techniques": _techniques,
                     "claims": _claims, "actors": _actors}


def render_text(report: "Report", width: int = 100, color: bool = False) -> str:
    console = Console(width=width, record=True, force_terminal=color, color_system="auto" if color else None, file=io.StringIO())
    console.print(build_renderables(report))
    return console.export_text(styles=color)

