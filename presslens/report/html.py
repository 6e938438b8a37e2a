"""A self-contained HTML page of a report: the article with regions and entities marked.

Everything from the article is escaped; the page loads nothing from outside
(inline CSS, no scripts), so it can be mailed, archived and opened offline.
"""
from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING

from .schema import REGION_KIND_DOC, SCHEMA_VERSION

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
.region.appeal{border-color:#b05fb0}.region.bio{border-color:#3a9bb0}.region.caption{border-color:#c9a227}.region.byline{border-color:#4a6fb0}
mark{border-radius:2px;padding:0 1px;background:none;border-bottom:2px solid}
mark.PERSON{border-color:#d9480f;background:#fff4e6}mark.ORG{border-color:#1971c2;background:#e7f5ff}
mark.GPE,mark.LOC,mark.FAC{border-color:#2b8a3e;background:#ebfbee}mark.NORP{border-color:#862e9c;background:#f8f0fc}
mark.DATE,mark.TIME{border-color:#868e96}mark.CARDINAL,mark.QUANTITY,mark.MONEY,mark.PERCENT,mark.ORDINAL{border-color:#e67700}
table{border-collapse:collapse;font:14px system-ui,sans-serif;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
@media print{body{background:#fff}main{padding:0}}
"""


def _marked(text: str, start: int, end: int, entities) -> str:
    """Escaped ``text[start:end]`` with entity ``<mark>``s (entities do not overlap)."""
    out, pos = [], start
    for ent in entities:
        if ent.start < pos or ent.end > end:
            continue
        out.append(escape(text[pos : ent.start]))
        out.append(f'<mark class="{escape(ent.label)}" title="{escape(ent.label)}">{escape(text[ent.start:ent.end])}</mark>')
        pos = ent.end
    out.append(escape(text[pos:end]))
    return "".join(out)


def render_html(report: "Report") -> str:
    doc = report.document
    meta = doc.meta
    title = meta.title or doc.id
    entities = sorted(doc.entities, key=lambda e: e.start)
    blocks = []
    for paragraph in doc.paragraphs:
        inside = [e for e in entities if paragraph.start <= e.start and e.end <= paragraph.end]
        region = doc.region_at(paragraph)
        body = _marked(doc.text, paragraph.start, paragraph.end, inside if region is None else [])
        if region is not None:
            kind = escape(region.label)
            blocks.append(f'<p class="region {kind}" data-kind="{kind}" data-start="{paragraph.start}" data-end="{paragraph.end}">{body}</p>')
        else:
            blocks.append(f'<p data-start="{paragraph.start}" data-end="{paragraph.end}">{body}</p>')
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
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{escape(title)} — presslens</title><style>{_CSS}</style></head>
<body><main>
<h1>{escape(title)}</h1>
<div class="meta">{details}</div>
<div class="meta">language: {escape(doc.language or 'unknown')} · {doc.word_count:,} words · {len(doc.sentences)} sentences</div>
{warnings}
<div class="legend">{legend}</div>
{regions_table}
<article>
{"".join(blocks)}
</article>
<footer class="meta">presslens report, schema version {SCHEMA_VERSION}</footer>
</main></body></html>
"""
