"""Whose words a technique span is in, scored against blind judgements (``presslens/labels/voice.tsv``).

Each labelled span was judged ``author`` (the article's own voice) or ``other`` (words the article quotes or reports
someone else using) by an annotator who saw the paragraph and not presslens's reading. The spans were drawn in three
rounds from the shown technique spans of 400 articles (200 SemEval-2025, 200 PTC): those a rule moved to a
speaker's voice when it was tried (``drawn``: moved-by-naming, moved-by-quotations, moved-by-speech-verbs — the last
rule was not kept) and shown spans left in the author's voice, drawn at random (random-author). The rules were
written on these articles, so the figures are a regression check, not a held-out estimate.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .. import DATA_ROOT, LABELS_DIR
from ..datasets.corpora import article_text
from ...errors import InvalidRecord
from .metrics import binary_prf

LABELS_FILE = LABELS_DIR / "voice.tsv"


@dataclass(frozen=True)
class JudgedSpan:
    article: str
    start: int
    end: int
    whose: str          # author | other
    drawn: str


def read_voice_labels(path: str | Path = LABELS_FILE) -> list[JudgedSpan]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    try:
        spans = [JudgedSpan(r["article"], int(r["start"]), int(r["end"]), r["whose"], r["drawn"]) for r in rows]
    except (KeyError, ValueError, TypeError) as exc:
        raise InvalidRecord(f"not a voice label file ({exc})", str(path)) from None
    if any(s.whose not in ("author", "other") for s in spans):
        raise InvalidRecord("the whose column holds author or other", str(path))
    return spans


@dataclass
class VoiceScores:
    judged: list[JudgedSpan] = field(default_factory=list)
    read: list[str] = field(default_factory=list)        # author | quoted, as presslens reads each span

    def as_dict(self) -> dict:
        prf = binary_prf([s.whose == "other" for s in self.judged], [r == "quoted" for r in self.read])
        groups = {}
        for group in sorted({s.drawn for s in self.judged}):
            pairs = [(s.whose, r) for s, r in zip(self.judged, self.read) if s.drawn == group]
            groups[group] = {"spans": len(pairs), "judged_other": sum(w == "other" for w, _ in pairs),
                             "read_quoted": sum(r == "quoted" for _, r in pairs),
                             "agree": sum((w == "other") == (r == "quoted") for w, r in pairs)}
        return {"spans": len(self.judged), "quoted_precision": round(prf.precision, 4),
                "other_recall": round(prf.recall, 4), "by_drawn": groups}

    def table(self) -> str:
        d = self.as_dict()
        lines = [f"{d['spans']} judged spans: read as quoted, someone else's by the annotator {d['quoted_precision']:.3f};"
                 f" someone else's by the annotator, read as quoted {d['other_recall']:.3f}"]
        for group, g in d["by_drawn"].items():
            lines.append(f"  {group:24} {g['spans']:4d} spans, {g['judged_other']:4d} someone else's, "
                         f"{g['read_quoted']:4d} read as quoted, {g['agree']:4d} agree")
        return "\n".join(lines)


def evaluate_voice(data: str | Path = DATA_ROOT, labels: str | Path = LABELS_FILE, progress=None) -> VoiceScores:
    """Read each judged span's voice as ``presslens analyze`` does (the article ingested, the nlp analysis run)."""
    from ... import analyzers
    from ...ingest import RawInput, load
    from ...techniques.voice import VoiceReader

    judged = read_voice_labels(labels)
    by_article: dict[str, list[int]] = {}
    for index, span in enumerate(judged):
        by_article.setdefault(span.article, []).append(index)
    read = [""] * len(judged)
    names = analyzers.resolve("nlp", None)
    articles = sorted(by_article)
    for article in (progress(articles) if progress else articles):
        doc = load(RawInput(id=article, data=article_text(data, article).encode("utf-8"), kind="text"))
        analyzers.run(doc, names)
        reader = VoiceReader(doc)
        for index in by_article[article]:
            span = judged[index]
            if doc.text[span.start:span.end] == "" or span.end > len(doc.text):
                raise InvalidRecord(f"span {span.start}-{span.end} lies outside the article", article)
            read[index] = "quoted" if reader.voice(span.start, span.end)["kind"] == "quoted" else "author"
    return VoiceScores(judged, read)
