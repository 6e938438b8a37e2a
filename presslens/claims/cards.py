"""Claim cards: a check-worthy sentence and what it asserts, every part with offsets into ``text``."""
from __future__ import annotations

from bisect import bisect_left
from datetime import date

import numpy as np

from ..actors.aliases import actor_mentions, dateline_end
from ..budget import check_deadline
from ..document import Document, Span
from ..heads.poolers import span_vectors
from ..heads.stage import encoding_of
from ..models.provenance import model_ref
from ..nlp.attribution import find_attribution
from ..nlp.entity_kinds import ACTOR_LABELS, PLACE_LABELS
from .model import load_model
from .news import sentence_cues
from .quantities import find_quantities
from .timex import find_times

MIN_WORDS = 4   # shorter "sentences" are headings, fragments or interjections


# Sentences scored at a time: a transcript pasted as 90,000 one-line paragraphs would otherwise hold several
# copies of 90,000 x 768 floats at once (1.2 GB at its peak).
SCORING_CHUNK = 2048


def scored_sentences(doc: Document) -> list[tuple[Span, float, bool]]:
    """Every body sentence with its check-worthiness score and whether it may be a claim at all
    (a statement, not the headline, read by the encoder); the sentence is a claim when it may be one
    and its score reaches the head's threshold."""
    if not doc.sentences:
        return []
    model = load_model(doc.options.get("claims_model"))
    doc.models["claims"] = model_ref(model.folder)
    headline = doc.headline()
    scored = []
    for first in range(0, len(doc.sentences), SCORING_CHUNK):
        sentences = doc.sentences[first:first + SCORING_CHUNK]
        features = sentence_vectors(doc, sentences)
        scores = model.head.probabilities(features)
        if model.news is not None:
            scores = model.news.probabilities(sentence_cues_of(doc, scores, sentences), features)
        encoded = np.abs(features).sum(axis=1) > 0  # sentences past the encoder's length limit are not scored
        scored += [(sentence, float(score), bool(seen) and not headline.contains(sentence)
                    and _is_statement(doc.fragment(sentence), _tags(doc, sentence)))
                   for sentence, score, seen in zip(sentences, scores, encoded)]
    return scored


def sentence_vectors(doc: Document, sentences: list[Span] | None = None) -> np.ndarray:
    """[mean, max] of the token vectors of each body sentence (or of ``sentences``), from the document's one
    encoder pass."""
    model = load_model(doc.options.get("claims_model"))
    tokens, hidden = encoding_of(doc, model.encoder)
    sentences = doc.sentences if sentences is None else sentences
    return span_vectors(tokens, hidden, [(s.start, s.end) for s in sentences])


def sentence_cues_of(doc: Document, scores: np.ndarray, sentences: list[Span] | None = None) -> np.ndarray:
    """The news calibration's cues of every body sentence (or of ``sentences``; the head's logit first)."""
    cues = []
    for sentence, score in zip(doc.sentences if sentences is None else sentences, scores):
        check_deadline()
        cues.append(news_cues(doc, sentence, float(score)))
    return np.stack(cues)


def news_cues(doc: Document, sentence: Span, score: float) -> np.ndarray:
    """The news calibration's inputs for one sentence (its words and the entities inside it)."""
    labels = [e.label or "" for e in _inside(doc.entities, sentence)]
    return sentence_cues(doc.text, sentence.start, sentence.end, labels, score)


def _inside(layer: list[Span], sentence: Span) -> list[Span]:
    """The spans of a layer sorted by start (tokens, entities) that lie inside ``sentence``."""
    first = bisect_left(layer, sentence.start, key=lambda s: s.start)
    stop = bisect_left(layer, sentence.end, lo=first, key=lambda s: s.start)
    return [s for s in layer[first:stop] if s.end <= sentence.end]


def claim_cards(doc: Document) -> list[dict]:
    """Cards for the body sentences the check-worthiness head scores at or above its threshold."""
    scored = scored_sentences(doc)
    if not scored:
        return []
    threshold = load_model(doc.options.get("claims_model")).head.threshold
    base = _article_date(doc)
    cards = [card(doc, sentence, score, base) for sentence, score, eligible in scored
             if eligible and score >= threshold]
    if reads_as_satire(doc):
        for item in cards:
            item["satire"] = True
    evidence = doc.options.get("evidence")
    if evidence is not None and cards:
        from .verify import verify_cards

        verify_cards(doc, cards, evidence, base)
    return cards


# P(satire) of the genre analysis from which an article's statements are flagged as satire, not shown as claims.
# On the genre corpus's held-out part (sites never trained on): from 0.9, 86 % of the articles flagged are satire
# (51 flagged, 51 % of the satire found); at the label (0.5), 76 %, and PTC's mocking columns and hoax stories among
# the rest: a hoax's claims are what a fact-checker wants shown.
SATIRE_FLAG_FROM = 0.9


def reads_as_satire(doc: Document) -> bool:
    genre = doc.results.get("genre")
    return bool(genre) and genre["scores"].get("satire", 0.0) >= SATIRE_FLAG_FROM


def card(doc: Document, sentence: Span, score: float, base: date | None) -> dict:
    text, start, end = doc.text, sentence.start, sentence.end
    entities = _inside(doc.entities, sentence)
    attribution = find_attribution(text, start, end, entities)
    return {
        "start": start, "end": end, "text": text[start:end], "score": round(score, 4),
        "quantities": [quantity_dict(q) for q in find_quantities(text, start, end)],
        "times": [time_dict(t) for t in find_times(text, base, start, end)],
        # not the dateline's place ("NORFOLK, Va. —"): where the story was filed is not what the claim is about
        "places": [{"start": e.start, "end": e.end, "text": text[e.start:e.end]} for e in entities
                   if e.label in PLACE_LABELS and dateline_end(text, e.start) is None],
        # the actors module's reading of the entities: "Ms James'" is Ms James, "Welsh" (an adjective) none
        "actors": [{"start": e.start, "end": e.end, "text": text[e.start:e.end], "label": e.label}
                   for e in actor_mentions(text, entities) if e.label in ACTOR_LABELS],
        "attribution": attribution.as_dict(text) if attribution else None,
    }


def quantity_dict(q) -> dict:
    return {"start": q.start, "end": q.end, "text": q.text, "value": q.value, "high": q.high, "bound": q.bound,
            "hedge": q.hedge, "unit": q.unit, "counted": q.counted, "event": q.event}


def time_dict(t) -> dict:
    return {"start": t.start, "end": t.end, "text": t.text, "kind": t.kind, "value": t.value, "end_value": t.end_value,
            "granularity": t.granularity, "relative": t.relative, "future": t.future}


def _is_statement(sentence: str, tags: list[tuple[str, str]]) -> bool:
    """A statement of fact, by its form: not a question, an order, a prediction or a fragment.

    The head was trained on debate sentences; these forms are never check-worthy whatever
    their words, and news prose has more of them (calls to action, forecasts).
    """
    stripped = sentence.strip().rstrip("\"'”’)»")
    if stripped.endswith("?") or len(stripped.split()) < MIN_WORDS:
        return False
    words = [(w, t) for w, t in tags if t and t[0].isalpha()]
    if words and words[0][1] == "VB":   # "Restore the budget.", "Let us be honest."
        return False
    # No verb at all: a fragment, or an order whose verb the tagger read as a noun ("Staff every station
    # after dark."). None of the 346 check-worthy sentences of CheckThat! 2024 dev and dev-test is verbless;
    # 13 of their 1,004 others are.
    if not any(t.startswith("VB") or t == "MD" for _, t in words):
        return False
    # A hypothetical ("If 59 percent of them went for Hassan, the election was stolen"): nothing to check.
    if words and words[0][0].lower() in ("if", "unless"):
        return False
    # A prediction: the first finite verb is "will" ("The next attack will come at rush hour"), unless the
    # sentence carries a figure: "The government will pump 154m naira into subsidies" reports a decision taken.
    finite = next(((w, t) for w, t in words if t in ("MD", "VBD", "VBZ", "VBP")), ("", ""))
    if finite[1] == "MD" and finite[0].lower() in ("will", "'ll", "’ll", "shall", "wo"):
        return any(ch.isdigit() for ch in sentence)
    return True


def _tags(doc: Document, sentence: Span) -> list[tuple[str, str]]:
    """(word, Penn tag) of the sentence's tokens (the token layer is sorted by start)."""
    return [(doc.text[t.start:t.end], t.label or "") for t in _inside(doc.tokens, sentence)]


def _article_date(doc: Document) -> date | None:
    try:
        return date.fromisoformat(doc.meta.date) if doc.meta.date else None
    except ValueError:
        return None
