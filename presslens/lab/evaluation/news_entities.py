"""Names and actors on news of other outlets: 50 articles labelled by hand, scored as presslens reads them.

The labels (``presslens/labels/news_entities.tsv``, guidelines in ``entity_guidelines.md``) mark every mention of
a named person, organisation, place or group (``PERSON``, ``ORG``, ``PLACE``, ``GROUP``), other names that are
no actors (``OTHER``: nationality adjectives, works, products, events, laws) and common-noun groups of people
(``GROUPNOUN``) in BBC reports, editorials (The Guardian, Al Jazeera, Fox News) and climate articles of the
Narrative Frames Corpus's outlets, in three rounds (``round``: 1 and 2 are where the actor rules were developed, 3
the articles labelled after them). Only offsets are stored.

Each article is analysed as presslens analyses a ``.txt`` file; three things are measured:

- **names**: exact-span precision and recall of the entity layer's names against the labelled names, and on the
  spans both give, how often the type is right (a person is PERSON; an organisation ORG; a place GPE, LOC or FAC; a
  group NORP; another name NORP, EVENT, WORK_OF_ART, PRODUCT, LAW, LANGUAGE or MISC);
- **actors**: of the actors the report lists, those none of whose mentions touches a labelled person,
  organisation, place, group or common-noun group: *not actors*, the junk a reader sees;
- the same for spaCy's entities alone (``--baseline``: the layer before the entity head).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..datasets import label_lines
from ...errors import InvalidRecord
from .. import LABELS_DIR
from .metrics import PRF

LABELS_FILE = LABELS_DIR / "news_entities.tsv"
LABEL_TYPES = ("PERSON", "ORG", "PLACE", "GROUP", "OTHER", "GROUPNOUN")
NAMED = ("PERSON", "ORG", "PLACE", "GROUP", "OTHER")
ACTOR_LABELS = ("PERSON", "ORG", "PLACE", "GROUP", "GROUPNOUN")
# which entity labels are right for each labelled type
RIGHT_LABELS = {"PERSON": {"PERSON"}, "ORG": {"ORG"}, "PLACE": {"GPE", "LOC", "FAC"}, "GROUP": {"NORP"},
                "OTHER": {"NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE", "MISC"}}


@dataclass(frozen=True)
class LabelledMention:
    article: str
    start: int
    end: int
    type: str
    round: int = 1    # 1, 2: the 40 articles the actor rules were written against; 3: 10 labelled after them


def read_entity_labels(path: str | Path = LABELS_FILE) -> list[LabelledMention]:
    lines = list(label_lines(path))
    if not lines or lines[0][1].split("\t")[:4] != ["article", "start", "end", "type"]:
        raise InvalidRecord(f"{path}: expected a header 'article, start, end, type'")
    out = []
    for number, line in lines[1:]:
        fields = line.split("\t")
        if len(fields) < 4 or not fields[1].isdigit() or not fields[2].isdigit() or fields[3] not in LABEL_TYPES:
            raise InvalidRecord(f"{path}:{number}: expected article, start, end, {'|'.join(LABEL_TYPES)}")
        labelled_round = int(fields[4]) if len(fields) > 4 and fields[4].isdigit() else 1
        out.append(LabelledMention(fields[0], int(fields[1]), int(fields[2]), fields[3], labelled_round))
    return out


@dataclass
class NewsEntitiesResult:
    articles: int = 0
    gold: Counter = field(default_factory=Counter)           # labelled names per type
    found: Counter = field(default_factory=Counter)          # ... found with the exact span
    typed_right: Counter = field(default_factory=Counter)    # ... and the right type
    predicted: Counter = field(default_factory=Counter)      # names of the layer per label
    predicted_hits: Counter = field(default_factory=Counter)  # ... that are a labelled name's exact span
    actors: int = 0
    not_actors: list[tuple[str, str, str]] = field(default_factory=list)   # (article, name, type) of junk actors
    group_actors: int = 0

    @property
    def names(self) -> PRF:
        return PRF.from_counts(sum(self.found.values()), sum(self.predicted.values()), sum(self.gold.values()))

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "names": self.names.as_dict(),
            "by_type": {t: {"labelled": self.gold[t], "found": self.found[t], "type_right": self.typed_right[t],
                            "recall": round(self.found[t] / self.gold[t], 4) if self.gold[t] else None,
                            "type_accuracy": round(self.typed_right[t] / self.found[t], 4) if self.found[t] else None}
                        for t in NAMED},
            "by_label": {label: {"listed": n, "exact": self.predicted_hits[label],
                                 "precision": round(self.predicted_hits[label] / n, 4)}
                         for label, n in self.predicted.most_common()},
            "actors": self.actors, "not_actors": len(self.not_actors),
            "not_actor_rate": round(len(self.not_actors) / self.actors, 4) if self.actors else 0.0,
            "not_actor_examples": [list(x) for x in self.not_actors],
        }


def evaluate_news_entities(data: str | Path, labels: str | Path = LABELS_FILE, baseline: bool = False,
                           progress=None, rounds: set[int] | None = None) -> NewsEntitiesResult:
    """Analyse each labelled article (``baseline``: spaCy's entities, without the entity head; ``rounds``: only
    the articles labelled in those rounds) and score it."""
    from ... import analyzers
    from ...entities.layer import type_table
    from ..datasets.corpora import article_text
    from ...ingest import RawInput, load

    by_article: dict[str, list[LabelledMention]] = {}
    labelled = read_entity_labels(labels)
    for mention in labelled:
        if rounds is None or mention.round in rounds:
            by_article.setdefault(mention.article, []).append(mention)
    if not by_article:
        from ...errors import UsageError

        raise UsageError(f"no labelled article of round {', '.join(map(str, sorted(rounds or ())))} in {labels} "
                         f"(its rounds: {', '.join(map(str, sorted({m.round for m in labelled}))) or 'none'})")
    names = [n for n in analyzers.resolve("actors") if not (baseline and n == "entities")]
    name_labels = type_table().name_labels
    result = NewsEntitiesResult()
    keys = list(by_article)
    for key in (progress(keys) if progress else keys):
        text = article_text(data, key)
        doc = load(RawInput(id=key, data=text, kind="text"))
        if doc.text != text:
            raise InvalidRecord(f"{key}: presslens reads this article's text differently from the labels' text")
        analyzers.run(doc, names)
        result.articles += 1
        gold = {(m.start, m.end): m.type for m in by_article[key]}
        for t in gold.values():
            result.gold[t] += t in NAMED
        layer = [e for e in doc.entities if e.label in name_labels]
        for entity in layer:
            result.predicted[entity.label] += 1
            kind = gold.get((entity.start, entity.end))
            if kind in NAMED:
                result.predicted_hits[entity.label] += 1
                result.found[kind] += 1
                result.typed_right[kind] += entity.label in RIGHT_LABELS[kind]
        actor_spans = sorted((s, e) for (s, e), t in gold.items() if t in ACTOR_LABELS)
        for actor in doc.results.get("actors", []):
            result.actors += 1
            touches = any(s < m["end"] and m["start"] < e for m in actor["mentions"] for s, e in actor_spans)
            if not touches:
                result.not_actors.append((key, actor["name"], actor["type"]))
    return result
