"""Running presslens on SemEval-2025 Task 10 articles: each is read as presslens reads any article."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ...errors import InputNotFound
from .entity_framing import Mention, RoleLabel

HELDOUT_PERCENT = 25   # of the labelled articles, by a hash of the file name (presslens train actors holds them out)


def part_of_article(file: str) -> str:
    """``heldout`` (scored, never trained or tuned on) or ``train``, by a hash of the article's file name."""
    bucket = int(hashlib.sha256(f"presslens-actors-{file}".encode()).hexdigest(), 16) % 100
    return "heldout" if bucket < HELDOUT_PERCENT else "train"


def exact_span(text: str, mention: Mention) -> tuple[int, int]:
    """The mention as a ``(start, end)`` Python slice: the task's end is inclusive, and 11 of the 551 labelled
    offsets are one or two characters off; the entity string nearest the given start is taken then."""
    start, end = mention.start, mention.end + 1
    if text[start:end] == mention.entity:
        return start, end
    candidates = [i for i in range(max(0, start - 5), start + 6) if text.startswith(mention.entity, i)]
    if candidates:
        best = min(candidates, key=lambda i: abs(i - start))
        return best, best + len(mention.entity)
    return start, end


def read_article(folder: str | Path, file: str):
    """The article ``file`` of ``folder`` analysed up to its entities (ingestion, spaCy, the encoder pass and the
    entity head), as the actors analysis reads it."""
    from ...ingest import RawInput
    from ...pipeline import analyze_raw

    path = Path(folder) / file
    if not path.is_file():
        raise InputNotFound("no such article (the mentions file names it)", str(path))
    return analyze_raw(RawInput(id=file, data=path.read_bytes(), kind="text", path=str(path)),
                       names=["nlp", "encoding", "entities"]).document


def narratives_of_files(folder: str | Path, files: list[str], progress=None) -> dict:
    """``file -> NarrativeLabels`` that the narratives analysis gives each article of ``folder``, each read as
    presslens reads any article."""
    from ...ingest import RawInput
    from ...narratives import OTHER
    from ...pipeline import analyze_raw
    from .narratives import NarrativeLabels

    out = {}
    for file in (progress(files) if progress else files):
        path = Path(folder) / file
        if not path.is_file():
            raise InputNotFound("no such article (the labels file names it)", str(path))
        report = analyze_raw(RawInput(id=file, data=path.read_bytes(), kind="text", path=str(path)), only="narratives")
        found = report.document.results["narratives"]
        out[file] = NarrativeLabels(tuple(n["narrative"] for n in found),
                                    tuple(s["label"] for n in found for s in n["subnarratives"]) or (OTHER,))
    return out


def classify_files(folder: str | Path, mentions: list[Mention], part: str = "all") -> dict[Mention, RoleLabel]:
    """The role presslens gives each mention, article by article."""
    from ...actors.roles import classify_mentions, load_model

    model = load_model()
    by_file: dict[str, list[Mention]] = {}
    for mention in mentions:
        if part == "all" or part_of_article(mention.file) == part:
            by_file.setdefault(mention.file, []).append(mention)
    predicted = {}
    for file, items in sorted(by_file.items()):
        doc = read_article(folder, file)
        roles = classify_mentions(doc, [exact_span(doc.text, m) for m in items], model)
        for mention, (main, fine, _) in zip(items, roles):
            predicted[mention] = RoleLabel(main, tuple(fine))
        doc.cache.clear()
    return predicted
