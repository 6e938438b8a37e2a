"""A self-contained HTML page of a report: the article with regions and entities marked.

Everything from the article is escaped; the page loads nothing from outside
(inline CSS, one constant inline script allowed by its hash, see
``interactive.py``), so it can be mailed, archived and opened offline.
"""
from __future__ import annotations

import math
from collections import Counter
from html import escape
from typing import TYPE_CHECKING

from ..entities.layer import type_in_words
from .interactive import CSP, SCRIPT
from .schema import REGION_KIND_DOC, SCHEMA_VERSION, models_line as _models_line

if TYPE_CHECKING:
    from . import Report

_CSS = """
body{font:16px/1.6 Georgia,serif;margin:0;background:#f6f5f1;color:#1d1d1b}
main{max-width:52rem;margin:0 auto;padding:2rem 1.5rem;background:#fff}
h1{font:700 1.7rem/1.25 system-ui,sans-serif;margin:0 0 .4rem}
.meta,.legend,.warn,footer{font:14px/1.5 system-ui,sans-serif}
.meta{color:#555}.warn{background:#fff3cd;border:1px solid #e0c36a;padding:.5rem .8rem;margin:1rem 0}
.legend span{display:inline-block;margin:.2rem .4rem .2rem 0;padding:0 .4rem;border-radius:3px}
article p{margin:0 0 1rem;white-space:pre-wrap}
.region{color:#777;background:#f0f0f0;border-left:4px solid #bbb;padding:.3rem .6rem;display:block}
.region::before{content:attr(data-kind);display:block;font:600 11px system-ui,sans-serif;text-transform:uppercase;letter-spacing:.05em;color:#555}
.region.appeal{border-color:#b05fb0}.region.bio{border-color:#3a9bb0}.region.caption{border-color:#c9a227}.region.byline{border-color:#4a6fb0}.region.embed{border-color:#1d9bf0}.region.teaser{border-color:#8a8a3a}.region.heading{color:inherit;background:none;border:none;padding:.6rem 0 0;font-weight:700;font-size:1.05em}.region.heading::before{content:none}
mark{border-radius:2px;padding:0 1px;background:none;border-bottom:2px solid}
mark.PERSON{border-color:#d9480f;background:#fff4e6}mark.ORG{border-color:#1971c2;background:#e7f5ff}
mark.GPE,mark.LOC,mark.FAC{border-color:#2b8a3e;background:#ebfbee}mark.NORP{border-color:#862e9c;background:#f8f0fc}
mark.DATE,mark.TIME{border-color:#868e96}mark.CARDINAL,mark.QUANTITY,mark.MONEY,mark.PERCENT,mark.ORDINAL{border-color:#e67700}
table{border-collapse:collapse;font:14px system-ui,sans-serif;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
.tq{border-radius:2px;cursor:pointer}.tq-off{background:none!important;box-shadow:none!important;cursor:auto}
.controls{font:14px system-ui,sans-serif;margin:.5rem 0}.legend label{white-space:nowrap;margin-right:.4rem}
#tq-detail{position:sticky;top:0;background:#fffbe6;border:1px solid #e0c36a;padding:.5rem .8rem;font:14px system-ui,sans-serif;white-space:pre-line;z-index:1}
@media print{.controls,#tq-detail,input{display:none}}.tq[data-depth="2"]{box-shadow:inset 0 -2px #555}.tq[data-depth="3"]{box-shadow:inset 0 -3px #000}
h2{font:700 1.2rem system-ui,sans-serif;margin:1.5rem 0 .4rem}
.bar{display:flex;align-items:center;gap:.5rem;font:13px system-ui,sans-serif;margin:.15rem 0}
.bar-label{width:16rem}.bar-track{width:12rem;height:.7rem;background:#eee;border-radius:3px}
.bar-fill{display:block;height:100%;background:#4a6fb0;border-radius:3px}.bar-value{width:2.5rem;color:#555}
@media print{body{background:#fff}main{padding:0}}
.claim-card{font:14px/1.45 system-ui,sans-serif;border-left:4px solid #adb5bd;background:#f8f9fa;margin:-.4rem 0 1rem 1.5rem;padding:.4rem .8rem}
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
@media (min-width:1560px){.actors{position:fixed;right:1rem;top:1rem;width:320px;max-height:92vh;overflow:auto;background:#fff;border:1px solid #dee2e6;padding:.5rem;z-index:2}}
"""


_TECHNIQUE_COLOURS = ("#ffd8a8", "#ffc9c9", "#d0bfff", "#a5d8ff", "#b2f2bb", "#fcc2d7", "#ffec99",
                      "#99e9f2", "#e9ecef", "#c5f6fa", "#eebefa", "#d8f5a2", "#ffe3e3", "#dbe4ff")


def _technique_css() -> str:
    from ..techniques.taxonomy import TECHNIQUES

    return "".join(f".tq-{t.id}{{background:{c}}}" for t, c in zip(TECHNIQUES, _TECHNIQUE_COLOURS))


def _marked(text: str, start: int, end: int, entities, techniques: list[dict], mentions: list[dict] = ()) -> str:
    """Escaped ``text[start:end]`` with technique highlights and entity marks.

    Technique spans may overlap and nest, so the paragraph is cut at every
    span boundary and each piece is wrapped in the spans that cover it: the
    colour is the innermost technique's, the underline thickness the number
    of techniques, the tooltip lists them all with their explanations.
    Actor mentions (``{"start", "end", "actor"}``) are cut the same way and
    wrap their pieces in ``<span class="actor-mention" data-actor="a1 ...">``;
    a technique carrying ``"actors"`` lists them in ``data-actors``.
    """
    cuts = {start, end}
    for item in list(entities) + techniques + list(mentions):
        s, e = (item.start, item.end) if hasattr(item, "start") else (item["start"], item["end"])
        cuts.update(x for x in (s, e) if start <= x <= end)
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        piece = escape(text[a:b])
        entity = next((x for x in entities if x.start <= a and b <= x.end), None)
        if entity is not None:
            piece = f'<mark class="{escape(entity.label)}" title="{escape(entity.label)}">{piece}</mark>'
        who = sorted({m["actor"] for m in mentions if m["start"] <= a and b <= m["end"]})
        if who:
            piece = f'<span class="actor-mention" data-actor="{escape(" ".join(who))}">{piece}</span>'
        covering = [t for t in techniques if t["start"] <= a and b <= t["end"]]
        if covering:
            inner = min(covering, key=lambda t: t["end"] - t["start"])
            tip = "\n".join(f"{t['name']} ({t['score']:.2f}): {t['explanation']}" for t in covering)
            ids = " ".join(escape(t["id"]) for t in covering)
            scores = " ".join(f"{t['score']:.4f}" for t in covering)
            attached = sorted({x for t in covering for x in t.get("actors", ())})
            extra = f' data-actors="{escape(" ".join(attached))}"' if attached else ""
            piece = (f'<span class="tq tq-{escape(inner["id"])}" data-depth="{min(len(covering), 3)}" '
                     f'data-t="{ids}" data-s="{scores}"{extra} title="{escape(tip)}">{piece}</span>')
        out.append(piece)
    return "".join(out)


def _techniques_section(spans: list[dict], labels: dict[int, str]) -> str:
    if not spans:
        return '<section class="techniques"><h2>Persuasion techniques</h2><p class="meta">none found</p></section>'
    counts = Counter((s["id"], s["name"]) for s in spans)
    legend = "".join(
        f'<label><input type="checkbox" data-filter="{escape(i)}" checked> <span class="tq tq-{escape(i)}">{escape(n)}</span> {c}</label> '
        for (i, n), c in counts.most_common())
    from .text import is_shown

    # the page opens at the display threshold (the weakest span shown; its script applies it): a span's score is
    # the probability that it is right, and those under it are shown by sliding down; without the script every
    # span shows
    opening = math.floor(100 * min((s["score"] for s in spans if is_shown(s)), default=1.0)) / 100   # never above one
    controls = ('<div class="controls"><label>minimum confidence <input type="range" id="tq-min" min="0" max="1" '
                f'step="0.01" value="{opening:.2f}"> <output id="tq-min-value">{opening:.2f}</output></label> '
                '<span class="meta">a score is how often such a span is right on articles the model never saw; '
                'weaker spans are more often wrong than right: slide down to see them</span></div>'
                '<div id="tq-detail" role="status" hidden></div>')
    from .text import voice_of

    def whose(span: dict) -> str:
        voice = voice_of(span)
        if voice["kind"] == "author":
            return "the author"
        return "quoted: " + ((voice["speaker"] or {}).get("name") or "unnamed")

    # the author's spans first, then those in quoted or reported words, each in text order
    order = sorted(range(len(spans)), key=lambda k: (voice_of(spans[k])["kind"] != "author", spans[k]["start"]))
    rows = "".join(
        f'<tr data-t="{escape(spans[k]["id"])}" data-s="{spans[k]["score"]:.4f}"><td>{spans[k]["start"]}–{spans[k]["end"]}</td>'
        f'<td><span class="tq tq-{escape(spans[k]["id"])}">{escape(labels[k])}</span></td>'
        f'<td>{spans[k]["score"]:.2f}</td><td>{escape(whose(spans[k]))}</td><td>{escape(spans[k]["text"])}</td>'
        f'<td>{escape(spans[k]["explanation"])}</td></tr>'
        for k in order)
    return (f'<section class="techniques"><h2>Persuasion techniques</h2><div class="legend">{legend}</div>{controls}'
            f'<table><tr><th>chars</th><th>technique</th><th>score</th><th>whose words</th><th>fragment</th><th>why</th></tr>'
            f'{rows}</table></section>')


def _actors_section(actors: list[dict], names: dict[tuple[int, int, str], str], shown: dict) -> str:
    """One button per actor; clicking it highlights its mentions and attached technique spans (``shown``: the
    spans the page opens showing, whose techniques the actor's line names)."""
    rows = []
    for actor in actors:
        role = actor.get("role") or {}
        main = role.get("main")
        roles = (main or "no clear role") + (f' ({", ".join(role.get("fine") or [])})' if role.get("fine") else "")
        used = Counter(names.get((t["start"], t["end"], t["technique"]), t["technique"]) for t in actor.get("techniques", [])
                       if (t["start"], t["end"]) in shown)
        top = ", ".join(n for n, _ in used.most_common(3))
        count = len(actor.get("mentions", []))
        details = " · ".join(x for x in [type_in_words(actor.get("type")), f'{count} mention{"s" if count != 1 else ""}', roles,
                                         f"techniques: {top}" if top else ""] if x)
        rows.append(f'<li><button type="button" class="actor-row" data-actor="{escape(actor["id"])}" aria-pressed="false">'
                    f'<b>{escape(actor["name"])}</b> <span class="meta">{escape(details)}</span></button></li>')
    body = f'<ul>{"".join(rows)}</ul>' if rows else '<p class="meta">none found</p>'
    return (f'<section class="actors"><h2>Actors: {len(actors)}</h2>'
            f'<p class="meta">click an actor to highlight its mentions and the techniques aimed at it</p>{body}</section>')


def _bars(rows: list[tuple[str, float, str]]) -> str:
    """A small horizontal bar chart: (label, value 0..1, extra HTML after the bar)."""
    return "".join(
        f'<div class="bar"><span class="bar-label">{escape(label)}</span>'
        f'<span class="bar-track"><span class="bar-fill" style="width:{value * 100:.0f}%"></span></span>'
        f'<span class="bar-value">{value:.2f}</span>{extra}</div>'
        for label, value, extra in rows)


def _framing_section(results: dict) -> str:
    parts = []
    if "genre" in results:
        genre = results["genre"]
        rows = sorted(genre["scores"].items(), key=lambda kv: -kv[1])
        parts.append(f'<section class="genre"><h2>Genre: {escape(genre["label"])}</h2>{_bars([(g, p, "") for g, p in rows])}</section>')
    if "frames" in results:
        frames = results["frames"]
        rows = [(f["frame"].replace("_", " "), f["score"],
                 " ".join(f'<a href="#p{e["start"]}">¶{k}</a>' for k, e in enumerate(f["evidence"], 1))) for f in frames]
        body = _bars(rows) if rows else '<p class="meta">no frame above the threshold</p>'
        parts.append(f'<section class="frames"><h2>Frames</h2>{body}'
                     '<p class="meta">¶ links go to the paragraphs that carry each frame most strongly.</p></section>')
    if "narratives" in results:
        parts.append(_narratives_section(results["narratives"]))
    return "".join(parts)


def _narratives_section(narratives: list[dict]) -> str:
    """One button per narrative: clicking it lights up the paragraphs that carry it (``data-paragraphs``)."""
    from .text import sub_name

    if not narratives or narratives[0]["narrative"] == "Other":
        return ('<section class="narratives"><h2>Narratives</h2><p class="meta">none of the war or climate storylines '
                'the model knows (Other)</p></section>')
    rows = []
    for item in narratives:
        targets = " ".join(f'p{e["start"]}' for e in item["evidence"])
        subs = "; ".join(f'{sub_name(s["label"], item["narrative"])} ({s["score"]:.2f})' for s in item["subnarratives"])
        rows.append(f'<li><button type="button" class="narrative-row" data-paragraphs="{escape(targets)}" '
                    f'aria-pressed="false"><b>{escape(item["narrative"])}</b> <span class="meta">{item["score"]:.2f}'
                    f'{" · " + escape(subs) if subs else ""}</span></button></li>')
    return (f'<section class="narratives"><h2>Narratives</h2><ul>{"".join(rows)}</ul>'
            '<p class="meta">click a narrative to light up the paragraphs that carry it</p></section>')


def _claim_card(card: dict, number: int) -> str:
    from .text import claim_parts, model_reading, verdict_signal

    verification = card.get("verification")
    verdict = verification["verdict"] if verification else None
    head = (f'<span class="verdict">{escape(verdict.replace("_", " "))}</span> ' if verdict else "") + \
        f'claim {number} · check-worthiness {card["score"]:.2f}'
    parts = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in claim_parts(card))
    evidence = ""
    if verification:
        evidence = f'<p class="ev"><b>Why{escape(verdict_signal(verification))}:</b> {escape(verification["explanation"])}</p>' + "".join(
            f'<p class="ev">{escape(item["relation"] + model_reading(item))}: <q>{escape(item["sentence"])}</q> — '
            f'{escape(item.get("source") or item.get("title") or item["document"])}'
            + (f' (<span class="meta">{escape(item["url"])}</span>)' if item.get("url") else "") + "</p>"
            for item in verification["evidence"])
    checked = "".join(_fact_check(check) for check in card.get("fact_checks", []))
    return (f'<aside class="claim-card{" v-" + escape(verdict) if verdict else ""}" id="claim-{card["start"]}" '
            f'data-start="{card["start"]}" data-end="{card["end"]}"><div>{head}</div><q>{escape(card["text"])}</q>'
            f'<dl>{parts}</dl>{checked}{evidence}</aside>')


def _fact_check(check: dict) -> str:
    """An earlier fact-check on a claim card: who, when, their rating as published, the claim as they worded it."""
    who = ", ".join(escape(x) for x in (check.get("reviewer"), check.get("date")) if x) or "a fact-checker"
    rating = escape(check.get("rating") or "no rating given")
    url = check.get("url") or ""
    link = (f' <a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(url)}</a>'
            if url.startswith(("https://", "http://")) else "")
    return (f'<p class="fact-check"><b>Already fact-checked</b> by {who}: <span class="rating">{rating}</span> — '
            f'<q>{escape(check["claim"])}</q> <span class="meta">(match {check["score"]:.2f})</span>{link}</p>')


def _claims_section(cards: list[dict], satire: float | None = None) -> str:
    if any(c.get("satire") for c in cards):
        return (f'<section class="claims"><h2>Check-worthy claims: none shown</h2><p class="meta">the article reads '
                f'as satire (P {satire or 0:.2f}): {len(cards)} of its statements would otherwise be claims; they are '
                'in the JSON report, flagged "satire"</p></section>')
    verdicts = Counter(c["verification"]["verdict"] for c in cards if "verification" in c)
    summary = ", ".join(f"{escape(v.replace('_', ' '))} {n}" for v, n in verdicts.most_common())
    links = " ".join(f'<a href="#claim-{c["start"]}">{k}</a>' for k, c in enumerate(cards, 1))
    return (f'<section class="claims"><h2>Check-worthy claims: {len(cards)}</h2>'
            f'<p class="meta">{summary + " · " if summary else ""}cards under their paragraphs: {links or "none found"}</p></section>')


def render_html(report: "Report") -> str:
    from .text import shown_spans

    doc = report.document
    meta = doc.meta
    title = meta.title or doc.id
    entities = sorted(doc.entities, key=lambda e: e.start)
    reported_all = report.to_dict()
    reported = reported_all.get("techniques")
    # the colour classes use presslens ids whatever taxonomy labels the report
    techniques = [{**t, "id": o["technique"]} for t, o in zip(reported or [], doc.results.get("techniques", []))]
    actors = reported_all.get("actors")
    mentions = [{**m, "actor": a["id"]} for a in actors or [] for m in a.get("mentions", [])]
    attached: dict[tuple[int, int, str], list[str]] = {}
    for a in actors or []:
        for t in a.get("techniques", []):
            attached.setdefault((t["start"], t["end"], t["technique"]), []).append(a["id"])
    if attached:
        techniques = [{**t, "actors": attached.get((t["start"], t["end"], t["technique"]), [])} for t in techniques]
    cards = doc.results.get("claims")
    numbered = {id(c): k for k, c in enumerate(cards or [], 1)}
    blocks = []
    for paragraph in doc.paragraphs:
        inside = [e for e in entities if paragraph.start <= e.start and e.end <= paragraph.end]
        spans = [t for t in techniques if paragraph.start <= t["start"] and t["end"] <= paragraph.end]
        region = doc.region_at(paragraph)
        said = [m for m in mentions if paragraph.start <= m["start"] and m["end"] <= paragraph.end]
        body = _marked(doc.text, paragraph.start, paragraph.end, inside if region is None else [], spans, said)
        if region is not None:
            kind = escape(region.label)
            blocks.append(f'<p class="region {kind}" data-kind="{kind}" data-start="{paragraph.start}" data-end="{paragraph.end}">{body}</p>')
        else:
            blocks.append(f'<p id="p{paragraph.start}" data-start="{paragraph.start}" data-end="{paragraph.end}">{body}</p>')
            blocks.extend(_claim_card(c, numbered[id(c)]) for c in cards or []
                          if paragraph.start <= c["start"] and c["end"] <= paragraph.end and not c.get("satire"))
    details = " · ".join(escape(x) for x in [", ".join(meta.authors), meta.date or "", meta.site or "", meta.url or meta.path or ""] if x)
    warnings = "".join(f'<div class="warn" role="alert">{escape(w)}</div>' for w in doc.warnings)
    counts = Counter(e.label for e in entities)
    legend = "".join(f'<span><mark class="{escape(k)}">{escape(k)}</mark> {n}</span>' for k, n in counts.most_common())
    kinds = Counter(r.label for r in doc.regions)
    region_rows = "".join(
        f"<tr><td>{escape(k)}</td><td>{n}</td><td>{escape(REGION_KIND_DOC.get(k, ''))}</td></tr>" for k, n in kinds.items()
    )
    regions_table = f"<table><tr><th>set apart</th><th>#</th><th>what it is</th></tr>{region_rows}</table>" if kinds else ""
    return f"""<!doctype html>
<html lang="{escape(doc.language or 'en')}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{escape(title)} — presslens</title><style>{_CSS}{_technique_css()}</style></head>
<body><main>
<h1>{escape(title)}</h1>
<div class="meta">{details}</div>
<div class="meta">language: {escape(doc.language or 'unknown')} · {doc.word_count:,} words · {len(doc.sentences)} sentences</div>
{warnings}
<div class="legend">{legend}</div>
{regions_table}
{_framing_section(doc.results)}
{_techniques_section(techniques, {k: t["technique"] for k, t in enumerate(techniques)}) if reported is not None else ""}
{_claims_section(cards, (doc.results.get("genre") or {}).get("scores", {}).get("satire")) if cards is not None else ""}
<article>
{"".join(blocks)}
</article>
{_actors_section(actors, {(t["start"], t["end"], t["technique"]): t["name"] for t in techniques}, shown_spans(techniques)) if actors is not None else ""}
<footer class="meta">presslens report, schema version {SCHEMA_VERSION}{escape(_models_line(doc.models))}</footer>
</main><script>{SCRIPT}</script></body></html>
"""
