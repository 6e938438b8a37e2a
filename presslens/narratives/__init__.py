"""Narratives: which storyline an article pushes (SemEval-2025 Task 10 subtask 2), a head on the shared pass.

The task's two inventories (the Russia–Ukraine war, ``URW: …``, and climate change, ``CC: …``) name 21
narratives and 90 subnarratives; an article that pushes none of them is ``Other``. The head reads the article's
paragraph vectors from the one encoder pass (:mod:`presslens.heads`) and decides top-down, as the inventory is
built:

1. **domain** (war or climate: a linear head over the article features);
2. **Other or not** (a linear gate over the article features);
3. **narratives** of that domain: the most likely one, and any other over its threshold;
4. **subnarratives** of each chosen narrative over their threshold, else ``<narrative>: Other`` (the task's own
   label for a narrative without one of its listed subnarratives).

The article features are the mean and max of its paragraph vectors and six style cues, as genre and frames read
them (the inventory's own label words embedded as a prior were tried and added nothing: see the model card). A
narrative's evidence is the paragraphs that score highest for it when each is read alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..framing.features import article_features, style_features
from ..heads import LinearHead, load_head, top_rows
from ..heads.poolers import paragraph_vectors
from ..heads.stage import encoding_of
from ..models.encoder import OnnxEncoder

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "narratives"
OTHER = "Other"
EVIDENCE_MIN_WORDS = 8   # shorter paragraphs are never a narrative's evidence
EVIDENCE_TOP = 2


@dataclass
class Narrative:
    label: str
    score: float
    subnarratives: list[tuple[str, float]]
    evidence: list[tuple[int, int, float]]


def features_of(paragraphs: np.ndarray, style: np.ndarray) -> np.ndarray:
    """The narrative heads' input for a set of paragraph vectors: the article features (mean, max, style)."""
    return article_features(paragraphs, style)


@dataclass
class NarrativeHeads:
    domain: LinearHead        # P(war) against climate
    other: LinearHead         # P(none of the inventory's narratives)
    narratives: LinearHead    # P(narrative) for each narrative, each fitted on its domain's articles that have one
    subnarratives: LinearHead  # P(subnarrative | its narrative)
    narrative_labels: list[str]
    subnarrative_labels: list[str]
    other_threshold: float    # Other when P(Other) reaches it
    narrative_threshold: float  # ... or when the most likely narrative is under it
    also_threshold: float     # a narrative besides the most likely one is named at or over it
    sub_threshold: float      # a subnarrative is named at or over it
    sub_fallback: str = "other"   # no subnarrative over the threshold: "<narrative>: Other", or "top": the likeliest

    @classmethod
    def from_arrays(cls, arrays: dict, config: dict) -> "NarrativeHeads":
        return cls(*(LinearHead.from_arrays(arrays, f"{name}_") for name in ("domain", "other", "narratives", "subnarratives")),
                   list(config["narratives"]), list(config["subnarratives"]), float(config["other_threshold"]),
                   float(config.get("narrative_threshold", 0.0)), float(config["also_threshold"]), float(config["sub_threshold"]), config.get("sub_fallback", "other"))

    def domain_of(self, label: str) -> str:
        return label.split(":", 1)[0]

    def parent_of(self, subnarrative: str) -> str:
        return subnarrative.rsplit(":", 1)[0]

    def probabilities(self, features: np.ndarray) -> tuple[float, float, np.ndarray, np.ndarray]:
        """P(war), P(Other), P(each narrative), P(each subnarrative) of one article's features."""
        return (float(self.domain.sigmoid(features[None])[0, 0]), float(self.other.sigmoid(features[None])[0, 0]),
                self.narratives.sigmoid(features[None])[0], self.subnarratives.sigmoid(features[None])[0])

    def decide(self, features: np.ndarray) -> tuple[list[tuple[str, float]], dict[str, list[tuple[str, float]]], float]:
        """The narratives named (``[(label, P)]``, most likely first; empty: Other), the subnarratives named under
        each, and P(Other)."""
        return self.choose(self.probabilities(features), self.setting)

    @property
    def setting(self) -> tuple[float, float, float, float, str]:
        return (self.other_threshold, self.narrative_threshold, self.also_threshold, self.sub_threshold,
                self.sub_fallback)

    def choose(self, probabilities, setting: tuple[float, float, float, float, str]):
        """:meth:`decide` from :meth:`probabilities` and a :attr:`setting` (Other, first narrative, second
        narrative and subnarrative thresholds, subnarrative fallback)."""
        p_war, p_other, p_narrative, p_sub = probabilities
        other_threshold, narrative_threshold, also_threshold, sub_threshold, fallback = setting
        domain = "URW" if p_war >= 0.5 else "CC"
        in_domain = [i for i, label in enumerate(self.narrative_labels) if self.domain_of(label) == domain]
        ranked = sorted(in_domain, key=lambda i: -p_narrative[i])
        if p_other >= other_threshold or not ranked or p_narrative[ranked[0]] < narrative_threshold:
            return [], {}, p_other
        chosen = [ranked[0]] + [i for i in ranked[1:] if p_narrative[i] >= also_threshold]
        named = [(self.narrative_labels[i], float(p_narrative[i])) for i in chosen]
        subs: dict[str, list[tuple[str, float]]] = {}
        for label, _ in named:
            kids = sorted(((s, float(p_sub[k])) for k, s in enumerate(self.subnarrative_labels) if self.parent_of(s) == label),
                          key=lambda kv: -kv[1])
            over = [(s, p) for s, p in kids if p >= sub_threshold]
            if over:
                subs[label] = over
            elif fallback == "top" and kids:
                subs[label] = kids[:1]
            else:   # the task's label for a narrative none of whose listed subnarratives applies
                subs[label] = [(f"{label}: {OTHER}", 1.0 - (kids[0][1] if kids else 0.0))]
        return named, subs, p_other


@dataclass
class NarrativeModel:
    encoder: OnnxEncoder
    heads: NarrativeHeads
    folder: Path
    trained_on: frozenset[str]   # the labelled files the shipped head was fitted on (eval says so)


@lru_cache(maxsize=4)
def load_model(folder: str | None = None, encoder_folder: str | None = None) -> NarrativeModel:
    path = Path(folder) if folder else MODEL_DIR
    config, arrays, encoder = load_head(path, "head.npz", "narrative model", "presslens train narratives", encoder_folder)
    return NarrativeModel(encoder, NarrativeHeads.from_arrays(arrays, config), path, frozenset(config.get("trained_on", [])))


def document_inputs(doc, encoder: OnnxEncoder) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """The body paragraphs the head reads (the headline left out unless it is all there is), their vectors, and
    the style cues of them all, from the document's one encoder pass."""
    encoding = encoding_of(doc, encoder)
    vectors = paragraph_vectors(encoding.tokens, encoding.hidden, len(encoding.units))
    headline = doc.headline()
    kept = [i for i, unit in enumerate(encoding.units) if unit != (headline.start, headline.end)] or list(range(len(encoding.units)))
    units = [encoding.units[i] for i in kept]
    return units, vectors[kept] if len(kept) else np.zeros((0, encoding.dim), dtype=np.float32), style_features(doc.text, units)


def narratives_of(doc, model: NarrativeModel | None = None) -> list[Narrative]:
    """The narratives ``doc`` pushes, each with its subnarratives and the paragraphs that carry it; ``[Other]``
    when none of the inventory's applies."""
    model = model or load_model()
    heads = model.heads
    units, vectors, style = document_inputs(doc, model.encoder)
    named, subs, p_other = heads.decide(features_of(vectors, style))
    if not named:
        return [Narrative(OTHER, round(p_other, 4), [], [])]
    candidates = [k for k, (s, e) in enumerate(units) if len(doc.text[s:e].split()) >= EVIDENCE_MIN_WORDS]
    alone = np.stack([features_of(vectors[k][None], style_features(doc.text, [units[k]]))
                      for k in candidates]) if candidates else np.zeros((0, 0), dtype=np.float32)
    by_paragraph = heads.narratives.sigmoid(alone) if candidates else np.zeros((0, len(heads.narrative_labels)))
    out = []
    for label, p in named:
        column = heads.narrative_labels.index(label)
        evidence = [(units[candidates[row]][0], units[candidates[row]][1], score)
                    for row, score in top_rows(by_paragraph, column, EVIDENCE_TOP)]
        out.append(Narrative(label, p, subs[label], evidence))
    return out


def text_inputs(text: str, encoder: OnnxEncoder) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`document_inputs` of a raw article read as presslens reads a ``.txt`` file (training and evaluation
    see what an analysis sees): paragraph vectors, style cues and article features."""
    from ..ingest import RawInput, load

    doc = load(RawInput(id="article", data=text, kind="text"))
    units, vectors, style = document_inputs(doc, encoder)
    return vectors, style, article_features(vectors, style)
