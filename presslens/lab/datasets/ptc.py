"""Reading PTC-format span labels, in both layouts found in the wild (articles: :mod:`presslens.lab.datasets`).

* labels: either per-article files (``article<ID>.task1-SI.labels``,
  ``article<ID>.task2-TC.labels``) or combined files
  (``train-task-si.labels``, ``train-task-flc-tc.labels``), as a folder or a
  single file. Lines are ``ID<TAB>start<TAB>end`` (SI) or
  ``ID<TAB>technique<TAB>start<TAB>end`` (TC/FLC).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputNotFound, InvalidRecord
from ...techniques.phrases import sentence_ends
from . import ARTICLE_ID, label_lines


@dataclass(frozen=True)
class GoldSpan:
    article_id: str
    start: int
    end: int
    technique: str | None = None  # None for SI-only labels


def _label_files(location: Path, kind: str) -> list[Path]:
    """Label files of ``kind`` ('si' or 'tc') at ``location`` (a file or a folder)."""
    if location.is_file():
        return [location]
    if not location.is_dir():
        raise InputNotFound(f"labels not found: {location}")
    files = sorted(p for p in location.rglob("*.labels"))
    if kind == "tc":
        return [p for p in files if re.search(r"(tc|TC|flc)", p.name)]
    return [p for p in files if re.search(r"(si|SI)\.labels$|task1", p.name)]


def _parse_label_line(line: str, path: Path, number: int) -> GoldSpan:
    fields = line.rstrip("\r\n").split("\t")
    try:
        if len(fields) == 3:
            return GoldSpan(ARTICLE_ID.sub(r"\1", fields[0]), int(fields[1]), int(fields[2]))
        if len(fields) == 4:
            return GoldSpan(ARTICLE_ID.sub(r"\1", fields[0]), int(fields[2]), int(fields[3]), fields[1])
    except ValueError:
        pass
    raise InvalidRecord(f"{path}:{number}: expected 'ID<TAB>[technique<TAB>]start<TAB>end', got {line.strip()!r}")


def read_labels(location: str | Path, kind: str) -> list[GoldSpan]:
    """Gold spans of ``kind`` ('tc' with techniques, 'si' without) from a file or folder.

    Returns an empty list when the location has no file of that kind (a folder
    with TC labels only, say): callers derive SI spans from TC spans then.
    """
    spans: list[GoldSpan] = []
    for path in _label_files(Path(location), kind):
        for number, line in label_lines(path):
            span = _parse_label_line(line, path, number)
            if kind == "tc" and span.technique is None:
                raise InvalidRecord(f"{path}:{number}: a TC label line needs a technique")
            spans.append(span)
    return spans


def by_article(spans: list[GoldSpan]) -> dict[str, list[GoldSpan]]:
    grouped: dict[str, list[GoldSpan]] = {}
    for span in spans:
        grouped.setdefault(span.article_id, []).append(span)
    return grouped


# SemEval-2021 Task 6 (meme text) technique names that are one of the 14 PTC-2020 techniques, by the
# definitions of both tasks; PTC-2020 merged whataboutism, straw man and red herring, and bandwagon and
# reductio ad hitlerum, so those map to the merged labels. Smears, glittering generalities and obfuscation
# have no PTC-2020 counterpart: their tokens are left out of training, neither propaganda nor not.
MEME_TECHNIQUES = {
    "Appeal to authority": "Appeal_to_Authority",
    "Appeal to fear/prejudice": "Appeal_to_fear-prejudice",
    "Black-and-white Fallacy/Dictatorship": "Black-and-White_Fallacy",
    "Causal Oversimplification": "Causal_Oversimplification",
    "Doubt": "Doubt",
    "Exaggeration/Minimisation": "Exaggeration,Minimisation",
    "Flag-waving": "Flag-Waving",
    "Loaded Language": "Loaded_Language",
    "Misrepresentation of Someone's Position (Straw Man)": "Whataboutism,Straw_Men,Red_Herring",
    "Name calling/Labeling": "Name_Calling,Labeling",
    "Presenting Irrelevant Data (Red Herring)": "Whataboutism,Straw_Men,Red_Herring",
    "Reductio ad hitlerum": "Bandwagon,Reductio_ad_hitlerum",
    "Repetition": "Repetition",
    "Slogans": "Slogans",
    "Thought-terminating cliché": "Thought-terminating_Cliches",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Bandwagon": "Bandwagon,Reductio_ad_hitlerum",
}
MEME_UNMAPPED = {"Smears", "Glittering generalities (Virtue)", "Obfuscation, Intentional vagueness, Confusion"}


def read_meme_spans(path: str | Path) -> list[tuple[str, str, list[GoldSpan], list[tuple[int, int]]]]:
    """SemEval-2021 Task 6 subtask 2 (``training_set_task2.json``): per meme, its id, text, the spans of
    PTC techniques and the spans of techniques PTC does not have (to be ignored in training)."""
    import json

    path = Path(path)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputNotFound(f"cannot read meme spans: {exc}", str(path)) from None
    memes = []
    for record in records:
        meme_id, text = f"meme{record['id']}", record["text"]
        spans, ignored = [], []
        for label in record["labels"]:
            if text[label["start"]:label["end"]] != label["text_fragment"]:
                raise InvalidRecord(f"span {label['start']}-{label['end']} does not match its fragment", meme_id)
            if label["technique"] in MEME_TECHNIQUES:
                spans.append(GoldSpan(meme_id, label["start"], label["end"], MEME_TECHNIQUES[label["technique"]]))
            elif label["technique"] in MEME_UNMAPPED:
                ignored.append((label["start"], label["end"]))
            else:
                raise InvalidRecord(f"unknown technique {label['technique']!r}", meme_id)
        memes.append((meme_id, text, spans, ignored))
    return memes


# --- how often gold spans run across a sentence end --------------------------------------------------------

def sentence_crossing(articles: dict[str, str], spans: dict[str, list[GoldSpan]]) -> dict[str, tuple[int, float]]:
    """Per technique, its gold spans and the share of them that run across a sentence end (the table
    ``tables/sentence_crossing.tsv`` is this over all PTC-2020 training articles)."""
    counts: dict[str, list[int]] = {}
    for aid, items in spans.items():
        text = articles.get(aid)
        if text is None:
            continue
        for g in items:
            row = counts.setdefault(g.technique, [0, 0])
            row[0] += 1
            row[1] += bool(sentence_ends(text, g.start, g.end))
    return {t: (n, crossing / n) for t, (n, crossing) in counts.items()}
