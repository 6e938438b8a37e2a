"""Turning a report into table rows: one article row, and one row per span (technique, claim, earlier fact-check of a
claim, narrative evidence paragraph, entity, region),
per actor (its role) and per technique span attached to an actor (``actor_technique``)."""
from __future__ import annotations

import pyarrow as pa

from ..results import ReportBase

ARTICLES = pa.schema([
    ("id", pa.string()), ("input", pa.string()), ("title", pa.string()), ("authors", pa.string()),
    ("date", pa.string()), ("site", pa.string()), ("url", pa.string()), ("language", pa.string()),
    ("words", pa.int64()), ("techniques", pa.int64()), ("entities", pa.int64()), ("genre", pa.string()),
    ("frames", pa.string()), ("narratives", pa.string()), ("warnings", pa.int64()),
])
SPANS = pa.schema([
    ("id", pa.string()), ("kind", pa.string()), ("label", pa.string()), ("start", pa.int64()),
    ("end", pa.int64()), ("score", pa.float64()), ("text", pa.string()),
    ("actor", pa.string()),     # actor and actor_technique rows: the actor's canonical name
    ("mentions", pa.int64()),   # actor rows: how many times the article names it
    ("reference", pa.string()),  # fact_check rows: the earlier fact-check's URL (or its id without one)
])
ERRORS = pa.schema([("id", pa.string()), ("input", pa.string()), ("error", pa.string()), ("reason", pa.string())])


def _results(report, name: str) -> list:
    """An analysis's list of results in the typed report, empty when the analysis did not run."""
    return getattr(report, name, None) or []


def article_row(article_id: str, key: str, report: ReportBase) -> dict:
    """The article's row, from its typed report (:meth:`presslens.report.Report.typed`)."""
    source = report.source
    genre = getattr(report, "genre", None)
    narratives = getattr(report, "narratives", None)
    return {
        "id": article_id, "input": key, "title": source.title, "authors": "; ".join(source.authors),
        "date": source.date, "site": source.site, "url": source.url, "language": report.language,
        "words": len(report.text.split()), "techniques": len(_results(report, "techniques")),
        "entities": len(report.entities), "genre": genre.label if genre else None,
        "frames": ",".join(f.frame for f in _results(report, "frames")),
        # the task's strings are full of commas: joined with ";" as in its files ("Other" when none applies)
        "narratives": ";".join(n.narrative for n in narratives) if narratives is not None else None,
        "warnings": len(report.warnings),
    }


def span_rows(article_id: str, report: ReportBase) -> list[dict]:
    """One row per finding of the typed report: techniques, claims (and their earlier fact-checks), narrative
    evidence paragraphs, entities, regions, actors and the technique spans attached to them."""
    text = report.text
    rows = [{"id": article_id, "kind": "technique", "label": s.technique, "start": s.start, "end": s.end,
             "score": s.score, "text": s.text} for s in _results(report, "techniques")]
    # a claim's label is its verdict when the batch ran with evidence, else "check-worthy"; "satire" in a satire
    claims = _results(report, "claims")
    rows += [{"id": article_id, "kind": "claim", "label": "satire" if c.satire else
              (c.verification.verdict if c.verification else "check-worthy"),
              "start": c.start, "end": c.end, "score": c.score, "text": c.text} for c in claims]
    # an earlier fact-check of a claim: the claim's span, the rating as its fact-checker published it, the match score
    rows += [{"id": article_id, "kind": "fact_check", "label": f.rating or "unrated", "start": c.start,
              "end": c.end, "score": f.score, "text": c.text, "reference": f.url or f.id}
             for c in claims for f in c.fact_checks or []]
    # a narrative row is a paragraph that carries it (one per evidence paragraph); its score the narrative's
    rows += [{"id": article_id, "kind": "narrative", "label": n.narrative, "start": e.start, "end": e.end,
              "score": n.score, "text": text[e.start:e.end]}
             for n in _results(report, "narratives") for e in n.evidence]
    rows += [{"id": article_id, "kind": "entity", "label": e.label, "start": e.start, "end": e.end,
              "score": None, "text": e.text} for e in report.entities]
    rows += [{"id": article_id, "kind": "region", "label": r.kind, "start": r.start, "end": r.end,
              "score": None, "text": text[r.start:r.end]} for r in report.regions]
    # an actor row spans its first mention; its label is its main role ("none": no stance), its score P(that role)
    for actor in _results(report, "actors"):
        role, first = actor.role, actor.mentions[0]
        rows.append({"id": article_id, "kind": "actor", "label": role.main or "none", "start": first.start,
                     "end": first.end, "score": role.scores[role.main] if role.main else role.stance,
                     "text": first.text, "actor": actor.name, "mentions": len(actor.mentions)})
        rows += [{"id": article_id, "kind": "actor_technique", "label": t.technique, "start": t.start,
                  "end": t.end, "score": None, "text": text[t.start:t.end], "actor": actor.name}
                 for t in actor.techniques]
    for row in rows:
        row.setdefault("actor", None)
        row.setdefault("mentions", None)
        row.setdefault("reference", None)
    return rows
