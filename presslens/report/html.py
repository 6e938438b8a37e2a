"""A self-contained HTML page of a report: the article first, its findings highlighted by layer.

The page opens with the article: techniques, claims, actors, narratives, what was set apart and the names are
layers over the text, each with a toggle in the bar above it (pure CSS, so they work without scripts too), and a
side panel shows the finding a reader clicks (a technique's explanation, a claim's card, an actor's role, a set-apart
part's kind). The details follow the article: genre and frames, the technique table and filters, the claim cards,
the set-apart parts, the names by type in words.

Everything from the article is escaped; the page loads nothing from outside
(inline CSS, one constant inline script allowed by its hash, see
``interactive.py``), so it can be mailed, archived and opened offline.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Optional

from ..entities.layer import type_in_words
from ..results import Actor, ClaimCard, FactCheck, Narrative, Role, TechniqueSpan
from .interactive import CSP, SCRIPT
from .schema import REGION_KIND_DOC, SCHEMA_VERSION, models_line as _models_line

if TYPE_CHECKING:
    from . import Report

_CSS = """
body{font:16px/1.6 Georgia,serif;margin:0;background:#f6f5f1;color:#1d1d1b}
main{max-width:80rem;margin:0 auto;padding:2rem 1.5rem;background:#fff}
.glance{font:15px/1.5 system-ui,sans-serif;margin:.3rem 0}.glance b{font-weight:600}
nav.layers{position:sticky;top:0;z-index:3;background:#fff;border-bottom:1px solid #ddd;padding:.4rem 0;font:14px system-ui,sans-serif;display:flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:center}
nav.layers label{white-space:nowrap;cursor:pointer}.layers .n{color:#555}
.sw{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;margin:0 .2rem}
.sw-techniques{background:#ffd8a8}.sw-claims{border-bottom:3px solid #1971c2}.sw-actors{border-bottom:3px solid #c92a2a}
.sw-narratives{box-shadow:inset 4px 0 #4dabf7;background:#e7f5ff}.sw-furniture{background:#f0f0f0;border-left:4px solid #bbb}.sw-entities{border-bottom:3px solid #2b8a3e}
.reading{display:grid;grid-template-columns:minmax(0,1fr) 21rem;gap:1.5rem;align-items:start;margin-top:1rem}
.side{position:sticky;top:3rem;max-height:calc(100vh - 3.5rem);overflow:auto;font:14px/1.45 system-ui,sans-serif;overflow-wrap:anywhere}
.side .hint{margin:0 0 .6rem}
@media (max-width:1000px){.reading{display:block}.side{position:static;max-height:none}
#tq-detail{position:fixed;left:0;right:0;bottom:0;margin:0;max-height:40vh;overflow:auto;z-index:4}
#tq-detail::before{content:"tap here to close";display:block;float:right;color:#555;font-size:12px}}
.cl{border-bottom:2px dotted #1971c2;cursor:pointer}
main:has(#layer-techniques:not(:checked)) article .tq{background:none!important;box-shadow:none!important;cursor:auto}
main:has(#layer-claims:not(:checked)) article .cl{border-bottom:none;cursor:auto}
main:has(#layer-actors:checked) article .actor-mention{border-bottom:2px solid #868e96;cursor:pointer}
main:has(#layer-actors:checked) article .actor-mention.r-antagonist{border-color:#c92a2a}
main:has(#layer-actors:checked) article .actor-mention.r-protagonist{border-color:#2b8a3e}
main:has(#layer-actors:checked) article .actor-mention.r-innocent{border-color:#1c7ed6}
main:has(#layer-narratives:checked) article p.narr{background:#f3f9ff;box-shadow:-6px 0 0 #a5d8ff;cursor:pointer}
main:has(#layer-furniture:not(:checked)) article .region:not(.heading){display:none}
.roles span{border-bottom:2px solid;margin-right:.5rem}.roles .r-antagonist{border-color:#c92a2a}.roles .r-protagonist{border-color:#2b8a3e}.roles .r-innocent{border-color:#1c7ed6}
h1{font:700 1.7rem/1.25 system-ui,sans-serif;margin:0 0 .4rem}
.meta,.legend,.warn,footer{font:14px/1.5 system-ui,sans-serif}
.meta{color:#555}.warn{background:#fff3cd;border:1px solid #e0c36a;padding:.5rem .8rem;margin:1rem 0}
.legend span{display:inline-block;margin:.2rem .4rem .2rem 0;padding:0 .4rem;border-radius:3px}
article p{margin:0 0 1rem;white-space:pre-wrap}
.region{color:#777;background:#f0f0f0;border-left:4px solid #bbb;padding:.3rem .6rem;display:block}
.region::before{content:attr(data-kind);display:block;font:600 11px system-ui,sans-serif;text-transform:uppercase;letter-spacing:.05em;color:#555}
.region.appeal{border-color:#b05fb0}.region.bio{border-color:#3a9bb0}.region.caption{border-color:#c9a227}.region.byline{border-color:#4a6fb0}.region.embed{border-color:#1d9bf0}.region.teaser{border-color:#8a8a3a}.region.heading{color:inherit;background:none;border:none;padding:.6rem 0 0;font-weight:700;font-size:1.05em}.region.heading::before{content:none}
mark{background:none;color:inherit}
.names mark,main:has(#layer-entities:checked) article mark{border-radius:2px;padding:0 1px;border-bottom:2px solid}
.names mark.PERSON,main:has(#layer-entities:checked) article mark.PERSON{border-color:#d9480f;background:#fff4e6}
.names mark.ORG,main:has(#layer-entities:checked) article mark.ORG{border-color:#1971c2;background:#e7f5ff}
.names mark:is(.GPE,.LOC,.FAC),main:has(#layer-entities:checked) article mark:is(.GPE,.LOC,.FAC){border-color:#2b8a3e;background:#ebfbee}
.names mark.NORP,main:has(#layer-entities:checked) article mark.NORP{border-color:#862e9c;background:#f8f0fc}
.names mark:is(.DATE,.TIME),main:has(#layer-entities:checked) article mark:is(.DATE,.TIME){border-color:#868e96}
.names mark:is(.CARDINAL,.QUANTITY,.MONEY,.PERCENT,.ORDINAL),main:has(#layer-entities:checked) article mark:is(.CARDINAL,.QUANTITY,.MONEY,.PERCENT,.ORDINAL){border-color:#e67700}
table{border-collapse:collapse;font:14px system-ui,sans-serif;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
.tq{border-radius:2px;cursor:pointer}.tq-off{background:none!important;box-shadow:none!important;cursor:auto}
.controls{font:14px system-ui,sans-serif;margin:.5rem 0}.legend label{white-space:nowrap;margin-right:.4rem}
#tq-detail{background:#fffbe6;border:1px solid #e0c36a;padding:.5rem .8rem;font:14px system-ui,sans-serif;white-space:pre-line;margin:0 0 .8rem}
#tq-detail .claim-card{margin:0;white-space:normal}
@media print{.controls,#tq-detail,input,nav.layers,.side{display:none}.reading{display:block}}.tq[data-depth="2"]{box-shadow:inset 0 -2px #555}.tq[data-depth="3"]{box-shadow:inset 0 -3px #000}
h2{font:700 1.2rem system-ui,sans-serif;margin:1.5rem 0 .4rem}
.bar{display:flex;align-items:center;gap:.5rem;font:13px system-ui,sans-serif;margin:.15rem 0}
.bar-label{width:16rem}.bar-track{width:12rem;height:.7rem;background:#eee;border-radius:3px}
.bar-fill{display:block;height:100%;background:#4a6fb0;border-radius:3px}.bar-value{width:2.5rem;color:#555}
@media print{body{background:#fff}main{padding:0}}
.claim-card{font:14px/1.45 system-ui,sans-serif;border-left:4px solid #adb5bd;background:#f8f9fa;margin:0 0 .8rem;padding:.4rem .8rem}
.claim-card q{font-style:italic}.claim-card dl{margin:.3rem 0;display:grid;grid-template-columns:6rem 1fr;gap:.1rem .5rem}
.claim-card dt{color:#555}.claim-card dd{margin:0}.claim-card .ev{margin:.3rem 0 0;color:#333}.claim-card .fact-check{margin:.3rem 0 0;padding:.2rem .4rem;background:#f6effa;border-left:3px solid #8a3ea8}.fact-check .rating{font-weight:600}
.verdict{font-weight:700;text-transform:uppercase;font-size:12px;letter-spacing:.04em;padding:0 .3rem;border-radius:3px;background:#dee2e6}
.v-supported{border-color:#2b8a3e}.v-supported .verdict{background:#d3f9d8}
.v-contradicted{border-color:#c92a2a}.v-contradicted .verdict{background:#ffe3e3}
.v-mixed{border-color:#e67700}.v-mixed .verdict{background:#fff3bf}
.v-uncertain{border-color:#862e9c}.v-uncertain .verdict{background:#f3d9fa}
.actors ul{list-style:none;padding:0;margin:0}.actors li{margin:.2rem 0}
.actor-row{font:14px/1.4 system-ui,sans-serif;text-align:left;width:100%;background:#f8f9fa;border:1px solid #dee2e6;border-radius:3px;padding:.3rem .6rem;cursor:pointer;color:inherit}
.actor-row[aria-pressed="true"]{background:#fff3bf;border-color:#e0c36a}.actor-row .meta{color:#555}
.actor-hit{outline:2px solid #e8590c;background:#ffe8cc}
.narratives ul{list-style:none;padding:0;margin:0}.narratives li{margin:.2rem 0}
.narrative-row{font:14px/1.4 system-ui,sans-serif;text-align:left;width:100%;background:#f8f9fa;border:1px solid #dee2e6;border-radius:3px;padding:.3rem .6rem;cursor:pointer;color:inherit}
.narrative-row[aria-pressed="true"]{background:#e7f5ff;border-color:#74c0fc}.narrative-row .meta{color:#555}
.narrative-hit{background:#e7f5ff;box-shadow:-6px 0 0 #4dabf7}
.side h2{font-size:1rem;margin:.8rem 0 .3rem}
"""


_TECHNIQUE_COLOURS = ("#ffd8a8", "#ffc9c9", "#d0bfff", "#a5d8ff", "#b2f2bb", "#fcc2d7", "#ffec99",
                      "#99e9f2", "#e9ecef", "#c5f6fa", "#eebefa", "#d8f5a2", "#ffe3e3", "#dbe4ff")


def _technique_css() -> str:
    from ..techniques.taxonomy import TECHNIQUES

    return "".join(f".tq-{t.id}{{background:{c}}}" for t, c in zip(TECHNIQUES, _TECHNIQUE_COLOURS))


@dataclass(frozen=True)
class TechniqueMark:
    """A technique span as the page marks it: the typed span, its presslens id (the colour class, whatever taxonomy
    labels the report) and the actors it is attached to."""
    span: TechniqueSpan
    id: str
    actors: tuple[str, ...] = ()

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


@dataclass(frozen=True)
class MentionMark:
    """An actor's mention as the page marks it: the actor, the role it is cast in, what the side panel says."""
    start: int
    end: int
    actor: str
    role: Optional[str]
    detail: str


@dataclass(frozen=True)
class ClaimMark:
    """A claim sentence as the page marks it, with its tooltip."""
    start: int
    end: int
    detail: str


def _marked(text: str, start: int, end: int, entities, techniques: list[TechniqueMark],
            mentions: list[MentionMark] = (), claims: list[ClaimMark] = ()) -> str:
    """Escaped ``text[start:end]`` with technique highlights, claim sentences, actor mentions and entity marks.

    Technique spans may overlap and nest, so the paragraph is cut at every
    span boundary and each piece is wrapped in the spans that cover it: the
    colour is the innermost technique's, the underline thickness the number
    of techniques, the tooltip lists them all with their explanations.
    Actor mentions (:class:`MentionMark`) are cut the same way and
    wrap their pieces in ``<span class="actor-mention" data-actor="a1 ...">``;
    a technique mark's actors are listed in ``data-actors``. Claim
    sentences (:class:`ClaimMark`) are the outermost
    wrapper, ``<span class="cl" data-claim="start">``, so a click inside one
    reaches the finding it is on first and the claim after.
    """
    cuts = {start, end}
    for item in list(entities) + techniques + list(mentions) + list(claims):
        cuts.update(x for x in (item.start, item.end) if start <= x <= end)
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        piece = escape(text[a:b])
        entity = next((x for x in entities if x.start <= a and b <= x.end), None)
        if entity is not None:
            piece = f'<mark class="{escape(entity.label)}" title="{escape(text[entity.start:entity.end] + ": " + type_in_words(entity.label))}">{piece}</mark>'
        said = [m for m in mentions if m.start <= a and b <= m.end]
        if said:
            who = " ".join(sorted({m.actor for m in said}))
            role = f' r-{escape(said[0].role)}' if said[0].role else ""
            piece = (f'<span class="actor-mention{role}" data-actor="{escape(who)}" '
                     f'data-detail="{escape(chr(10).join(m.detail for m in said))}">{piece}</span>')
        covering = [t for t in techniques if t.start <= a and b <= t.end]
        if covering:
            inner = min(covering, key=lambda t: t.end - t.start)
            tip = "\n".join(f"{t.span.name} ({t.span.score:.2f}): {t.span.explanation}" for t in covering)
            ids = " ".join(escape(t.id) for t in covering)
            scores = " ".join(f"{t.span.score:.4f}" for t in covering)
            attached = sorted({x for t in covering for x in t.actors})
            extra = f' data-actors="{escape(" ".join(attached))}"' if attached else ""
            piece = (f'<span class="tq tq-{escape(inner.id)}" data-depth="{min(len(covering), 3)}" '
                     f'data-t="{ids}" data-s="{scores}"{extra} title="{escape(tip)}">{piece}</span>')
        claim = next((c for c in claims if c.start <= a and b <= c.end), None)
        if claim is not None:
            piece = f'<span class="cl" data-claim="{claim.start}" title="{escape(claim.detail)}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def _threshold_control(spans: list[TechniqueSpan]) -> str:
    """The technique layer's confidence slider, in the layer bar. The page opens at the display threshold (the
    weakest span shown; the script applies it): a span's score is the probability that it is right, and those under
    it are shown by sliding down; without the script every span shows."""
    if not spans:
        return ""
    opening = math.floor(100 * min((s.score for s in spans if s.shown), default=1.0)) / 100   # never above one
    return ('<label class="controls" title="a score is how often such a span is right on articles the model never saw; '
            'weaker spans are more often wrong than right: slide down to see them">technique confidence ≥ '
            f'<input type="range" id="tq-min" min="0" max="1" step="0.01" value="{opening:.2f}"> '
            f'<output id="tq-min-value">{opening:.2f}</output></label>')


def _techniques_section(marks: list[TechniqueMark]) -> str:
    if not marks:
        return '<section class="techniques"><h2>Persuasion techniques</h2><p class="meta">none found</p></section>'
    counts = Counter((m.id, m.span.name) for m in marks)
    legend = "".join(
        f'<label><input type="checkbox" data-filter="{escape(i)}" checked> <span class="tq tq-{escape(i)}">{escape(n)}</span> {c}</label> '
        for (i, n), c in counts.most_common())
    controls = ('<p class="meta">each technique can be shown or hidden in the article; the confidence slider above '
                'the article hides the weaker spans (a score is how often such a span is right on articles the model '
                'never saw)</p>')
    from .text import speaker_name

    def whose(span: TechniqueSpan) -> str:
        return "the author" if span.voice.kind == "author" else "quoted: " + speaker_name(span)

    # the author's spans first, then those in quoted or reported words, each in text order
    order = sorted(marks, key=lambda m: (m.span.voice.kind != "author", m.start))
    rows = "".join(
        f'<tr data-t="{escape(m.id)}" data-s="{m.span.score:.4f}"><td>{m.start}–{m.end}</td>'
        f'<td><span class="tq tq-{escape(m.id)}">{escape(m.span.technique)}</span></td>'
        f'<td>{m.span.score:.2f}</td><td>{escape(whose(m.span))}</td><td>{escape(m.span.text)}</td>'
        f'<td>{escape(m.span.explanation)}</td></tr>'
        for m in order)
    return (f'<section class="techniques"><h2>Persuasion techniques</h2><div class="legend">{legend}</div>{controls}'
            f'<table><tr><th>chars</th><th>technique</th><th>score</th><th>whose words</th><th>fragment</th><th>why</th></tr>'
            f'{rows}</table></section>')


def _actors_section(actors: list[Actor], names: dict[tuple[int, int, str], str], shown: dict) -> str:
    """One button per actor; clicking it highlights its mentions and attached technique spans (``shown``: the
    spans the page opens showing, whose techniques the actor's line names)."""
    rows = []
    for actor in actors:
        roles = _role_words(actor.role)
        used = Counter(names.get((t.start, t.end, t.technique), t.technique) for t in actor.techniques
                       if (t.start, t.end) in shown)
        top = ", ".join(n for n, _ in used.most_common(3))
        count = len(actor.mentions)
        details = " · ".join(x for x in [type_in_words(actor.type), f'{count} mention{"s" if count != 1 else ""}', roles,
                                         f"techniques: {top}" if top else ""] if x)
        rows.append(f'<li><button type="button" class="actor-row" data-actor="{escape(actor.id)}" aria-pressed="false">'
                    f'<b>{escape(actor.name)}</b> <span class="meta">{escape(details)}</span></button></li>')
    body = f'<ul>{"".join(rows)}</ul>' if rows else '<p class="meta">none found</p>'
    return (f'<section class="actors"><h2>Actors: {len(actors)}</h2>'
            f'<p class="meta">click an actor to highlight its mentions and the techniques aimed at it; with the actors '
            'layer on, every mention is underlined by the role the article casts it in: <span class="roles">'
            '<span class="r-antagonist">antagonist</span><span class="r-protagonist">protagonist</span>'
            f'<span class="r-innocent">innocent</span>none</span></p>{body}</section>')


def _bars(rows: list[tuple[str, float, str]]) -> str:
    """A small horizontal bar chart: (label, value 0..1, extra HTML after the bar)."""
    return "".join(
        f'<div class="bar"><span class="bar-label">{escape(label)}</span>'
        f'<span class="bar-track"><span class="bar-fill" style="width:{value * 100:.0f}%"></span></span>'
        f'<span class="bar-value">{value:.2f}</span>{extra}</div>'
        for label, value, extra in rows)


def _framing_section(typed) -> str:
    """The genre and the frames of a typed report, as bars (the narratives are in the side panel)."""
    parts = []
    genre, frames = getattr(typed, "genre", None), getattr(typed, "frames", None)
    if genre is not None:
        rows = sorted(genre.scores.items(), key=lambda kv: -kv[1])
        parts.append(f'<section class="genre"><h2>Genre: {escape(genre.label)}</h2>{_bars([(g, p, "") for g, p in rows])}</section>')
    if frames is not None:
        rows = [(f.frame.replace("_", " "), f.score,
                 " ".join(f'<a href="#p{e.start}">¶{k}</a>' for k, e in enumerate(f.evidence, 1))) for f in frames]
        body = _bars(rows) if rows else '<p class="meta">no frame above the threshold</p>'
        parts.append(f'<section class="frames"><h2>Frames</h2>{body}'
                     '<p class="meta">¶ links go to the paragraphs that carry each frame most strongly.</p></section>')
    return "".join(parts)


def _narratives_section(narratives: list[Narrative]) -> str:
    """One button per narrative: clicking it lights up the paragraphs that carry it (``data-paragraphs``)."""
    from .text import sub_name

    if not narratives or narratives[0].narrative == "Other":
        return ('<section class="narratives"><h2>Narratives</h2><p class="meta">none of the war or climate storylines '
                'the model knows (Other)</p></section>')
    rows = []
    for item in narratives:
        targets = " ".join(f'p{e.start}' for e in item.evidence)
        subs = "; ".join(f'{sub_name(s.label, item.narrative)} ({s.score:.2f})' for s in item.subnarratives)
        rows.append(f'<li><button type="button" class="narrative-row" data-paragraphs="{escape(targets)}" '
                    f'aria-pressed="false"><b>{escape(item.narrative)}</b> <span class="meta">{item.score:.2f}'
                    f'{" · " + escape(subs) if subs else ""}</span></button></li>')
    return (f'<section class="narratives"><h2>Narratives</h2><ul>{"".join(rows)}</ul>'
            '<p class="meta">click a narrative to light up the paragraphs that carry it</p></section>')


def _claim_card(card: ClaimCard, number: int) -> str:
    from .text import claim_parts, evidence_source, model_reading, verdict_signal

    verification = card.verification
    verdict = verification.verdict if verification else None
    head = (f'<span class="verdict">{escape(verdict.replace("_", " "))}</span> ' if verdict else "") + \
        f'claim {number} · check-worthiness {card.score:.2f}'
    parts = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in claim_parts(card))
    evidence = ""
    if verification:
        evidence = f'<p class="ev"><b>Why{escape(verdict_signal(verification))}:</b> {escape(verification.explanation or "")}</p>' + "".join(
            f'<p class="ev">{escape(item.relation + model_reading(item))}: <q>{escape(item.sentence)}</q> — '
            f'{escape(evidence_source(item))}'
            + (f' (<span class="meta">{escape(item.url)}</span>)' if item.url else "") + "</p>"
            for item in verification.evidence)
    checked = "".join(_fact_check(check) for check in card.fact_checks or [])
    return (f'<aside class="claim-card{" v-" + escape(verdict) if verdict else ""}" id="claim-{card.start}" '
            f'data-start="{card.start}" data-end="{card.end}"><div>{head}</div><q>{escape(card.text)}</q>'
            f'<dl>{parts}</dl>{checked}{evidence}</aside>')


def _fact_check(check: FactCheck) -> str:
    """An earlier fact-check on a claim card: who, when, their rating as published, the claim as they worded it."""
    who = ", ".join(escape(x) for x in (check.reviewer, check.date) if x) or "a fact-checker"
    rating = escape(check.rating or "no rating given")
    url = check.url or ""
    link = (f' <a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(url)}</a>'
            if url.startswith(("https://", "http://")) else "")
    return (f'<p class="fact-check"><b>Already fact-checked</b> by {who}: <span class="rating">{rating}</span> — '
            f'<q>{escape(check.claim)}</q> <span class="meta">(match {check.score:.2f})</span>{link}</p>')


def _claims_section(cards: list[ClaimCard], satire: float | None = None) -> str:
    if any(c.satire for c in cards):
        return (f'<section class="claims"><h2>Check-worthy claims: none shown</h2><p class="meta">the article reads '
                f'as satire (P {satire or 0:.2f}): {len(cards)} of its statements would otherwise be claims; they are '
                'in the JSON report, flagged "satire"</p></section>')
    verdicts = Counter(c.verification.verdict for c in cards if c.verification)
    summary = ", ".join(f"{escape(v.replace('_', ' '))} {n}" for v, n in verdicts.most_common())
    links = " ".join(f'<a href="#claim-{c.start}">{k}</a>' for k, c in enumerate(cards, 1))
    return (f'<section class="claims"><h2>Check-worthy claims: {len(cards)}</h2>'
            f'<p class="meta">{summary + " · " if summary else ""}cards: {links or "none found"} · the claims are '
            'underlined in the article; click one to see its card beside it</p>'
            f'{"".join(_claim_card(c, k) for k, c in enumerate(cards, 1))}</section>')


def _claim_detail(card: ClaimCard, number: int) -> str:
    """The tooltip of a claim sentence: its number, check-worthiness and verdict."""
    verdict = card.verification.verdict if card.verification else None
    return f'claim {number} · check-worthiness {card.score:.2f}' + (f' · {verdict.replace("_", " ")}' if verdict else "")


def _role_words(role: Role) -> str:
    """"antagonist (tyrant, deceiver)" or "no clear role": the same words in the actor list and the side panel."""
    fine = ", ".join(f.replace("_", " ") for f in role.fine)
    return (role.main or "no clear role") + (f" ({fine})" if fine else "")


def _actor_mentions(actors: list[Actor]) -> list[MentionMark]:
    """Every mention of every actor as the page marks it: where, the actor, its role and what the side panel says
    of it (its name, kind and role)."""
    out = []
    for actor in actors:
        said = " · ".join(x for x in [actor.name, type_in_words(actor.type), _role_words(actor.role)] if x)
        out.extend(MentionMark(m.start, m.end, actor.id, actor.role.main, said) for m in actor.mentions)
    return out


def _narrative_paragraphs(narratives: Optional[list[Narrative]]) -> dict[int, str]:
    """paragraph start -> the narratives it carries, in words (for the narratives layer)."""
    carried: dict[int, list[str]] = {}
    for item in narratives or []:
        for evidence in item.evidence:
            carried.setdefault(evidence.start, []).append(f'{item.narrative} ({item.score:.2f})')
    return {start: "carries: " + "; ".join(names) for start, names in carried.items()}


def _layer_bar(counts: dict[str, int | None], threshold: str) -> str:
    """The toggles over the article: one per layer the report has (``counts[layer]`` is None when it has none)."""
    boxes = []
    for layer, label, on in LAYERS:
        if counts.get(layer) is None:
            continue
        boxes.append(f'<label><input type="checkbox" id="layer-{layer}" data-layer="{layer}"{" checked" if on else ""}>'
                     f'<span class="sw sw-{layer}"></span>{label} <span class="n">{counts[layer]}</span></label>')
    return f'<nav class="layers" aria-label="layers of findings">{"".join(boxes)}{threshold}</nav>'


# The layers over the article: (id, label in the bar, shown when the page opens). Names and figures and the actors'
# mentions are off at first: on with the techniques they would mark most of the text.
LAYERS = (("techniques", "techniques", True), ("claims", "claims", True), ("actors", "actors", False),
          ("narratives", "narratives", False), ("furniture", "set apart", True), ("entities", "names and figures", False))


def _glance(doc, typed, shown: int | None, cards, actors) -> str:
    """One line under the headline: the genre, the frames and how many findings of each layer."""
    parts = []
    genre, frames, narratives = (getattr(typed, name, None) for name in ("genre", "frames", "narratives"))
    if genre is not None:
        parts.append(f'<b>{escape(genre.label)}</b> ({genre.scores.get(genre.label, 0):.2f})')
    if frames is not None:
        named = ", ".join(f.frame.replace("_", " ") for f in frames[:3])
        parts.append("frames: " + escape(named or "none above the threshold"))
    if narratives is not None:
        told = [n.narrative for n in narratives if n.narrative != "Other"]
        parts.append("narratives: " + escape(", ".join(told[:2]) or "none known"))
    if shown is not None:
        parts.append(f"{shown} technique span{'s' if shown != 1 else ''} shown")
    if cards is not None:
        parts.append(f"{len(cards)} claim{'s' if len(cards) != 1 else ''}")
    if actors is not None:
        cast = sum(1 for a in actors if a.role.main)
        parts.append(f"{len(actors)} actors ({cast} cast in a role)")
    if doc.regions:
        parts.append(f"{len(doc.regions)} part{'s' if len(doc.regions) != 1 else ''} set apart")
    return f'<p class="glance">{" · ".join(parts)}</p>' if parts else ""


def _names_section(entities) -> str:
    """The names and figures found, by type in words (person, organisation, place, group …)."""
    if not entities:
        return ""
    counts = Counter(e.label for e in entities)
    items = "".join(f'<span><mark class="{escape(k)}">{escape(type_in_words(k))}</mark> {n}</span> '
                    for k, n in counts.most_common())
    return f'<section class="names"><h2>Names and figures</h2><div class="legend">{items}</div></section>'


def render_html(report: "Report") -> str:
    from .text import satire_probability, shown_spans

    doc = report.document
    meta = doc.meta
    title = meta.title or doc.id
    typed = report.typed()
    entities = sorted(doc.entities, key=lambda e: e.start)
    reported = getattr(typed, "techniques", None)
    actors = getattr(typed, "actors", None)
    attached: dict[tuple[int, int, str], list[str]] = {}
    for a in actors or []:
        for t in a.techniques:
            attached.setdefault((t.start, t.end, t.technique), []).append(a.id)
    # the colour classes use presslens ids whatever taxonomy labels the report: the document's own results hold them
    ids = [t["technique"] for t in doc.results.get("techniques", [])]
    techniques = [TechniqueMark(t, i, tuple(attached.get((t.start, t.end, t.technique), ()))) for t, i in zip(reported or [], ids)]
    mentions = _actor_mentions(actors or [])
    cards = getattr(typed, "claims", None)
    satirical = any(c.satire for c in cards or [])
    claim_spans = [] if satirical else [ClaimMark(c.start, c.end, _claim_detail(c, k)) for k, c in enumerate(cards or [], 1)]
    narratives = getattr(typed, "narratives", None)
    narrated = _narrative_paragraphs(narratives)
    blocks = []
    for paragraph in doc.paragraphs:
        def inside(items):
            return [x for x in items if paragraph.start <= x.start and x.end <= paragraph.end]

        region = doc.region_at(paragraph)
        names = [e for e in entities if paragraph.start <= e.start and e.end <= paragraph.end] if region is None else []
        body = _marked(doc.text, paragraph.start, paragraph.end, names, inside(techniques), inside(mentions),
                       inside(claim_spans))
        where = f'data-start="{paragraph.start}" data-end="{paragraph.end}"'
        if region is not None:
            kind = escape(region.label)
            what = escape(f"set apart: {region.label} ({REGION_KIND_DOC.get(region.label, region.label)})")
            blocks.append(f'<p class="region {kind}" data-kind="{kind}" data-detail="{what}" {where}>{body}</p>')
        elif paragraph.start in narrated:
            blocks.append(f'<p id="p{paragraph.start}" class="narr" data-detail="{escape(narrated[paragraph.start])}" '
                          f'{where}>{body}</p>')
        else:
            blocks.append(f'<p id="p{paragraph.start}" {where}>{body}</p>')
    details = " · ".join(escape(x) for x in [", ".join(meta.authors), meta.date or "", meta.site or "", meta.url or meta.path or ""] if x)
    warnings = "".join(f'<div class="warn" role="alert">{escape(w)}</div>' for w in doc.warnings)
    kinds = Counter(r.label for r in doc.regions)
    region_rows = "".join(
        f"<tr><td>{escape(k)}</td><td>{n}</td><td>{escape(REGION_KIND_DOC.get(k, ''))}</td></tr>" for k, n in kinds.items()
    )
    regions_table = (f'<section class="set-apart"><h2>Set apart from the body</h2><table><tr><th>set apart</th><th>#</th>'
                     f'<th>what it is</th></tr>{region_rows}</table></section>') if kinds else ""
    shown = sum(1 for t in reported if t.shown) if reported is not None else None
    counts = {"techniques": shown, "claims": len(claim_spans) if cards is not None else None,
              "actors": len(actors) if actors else None,
              "narratives": len(narrated) or None, "furniture": sum(kinds.values()) or None,
              "entities": len(entities) or None}
    side = (f'<aside class="side"><div id="tq-detail" role="status" hidden></div>'
            '<p class="meta hint">click a highlight in the article to see what it is and why</p>'
            f'{_actors_section(actors, {(t.start, t.end, t.technique): t.name for t in reported or []}, shown_spans(reported or [])) if actors is not None else ""}'
            f'{_narratives_section(narratives) if narratives is not None else ""}</aside>')
    return f"""<!doctype html>
<html lang="{escape(doc.language or 'en')}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{escape(title)} — presslens</title><style>{_CSS}{_technique_css()}</style></head>
<body><main>
<h1>{escape(title)}</h1>
<div class="meta">{details}</div>
<div class="meta">language: {escape(doc.language or 'unknown')} · {doc.word_count:,} words · {len(doc.sentences)} sentences</div>
{_glance(doc, typed, shown, cards, actors)}
{warnings}
{_layer_bar(counts, _threshold_control(reported) if reported is not None else "")}
<div class="reading">
<article>
{"".join(blocks)}
</article>
{side}
</div>
{_framing_section(typed)}
{_techniques_section(techniques) if reported is not None else ""}
{_claims_section(cards, satire_probability(typed)) if cards is not None else ""}
{regions_table}
{_names_section(entities)}
<footer class="meta">presslens report, schema version {SCHEMA_VERSION}{escape(_models_line(doc.models))}</footer>
</main><script>{SCRIPT}</script></body></html>
"""
