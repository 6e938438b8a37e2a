"""Claim/evidence pairs for training the entailment model (``presslens train verifier``).

Three kinds of pairs, all labelled SUPPORTS / REFUTES / NOT_ENOUGH_INFO:

* Climate-FEVER's claim/evidence pairs (training part of the claim-level split only) and SICK's sentence
  pairs (ENTAILMENT → SUPPORTS, CONTRADICTION → REFUTES, NEUTRAL → NOT_ENOUGH_INFO; its TRAIN and TRIAL sets);
* optionally, the dev half of the project's verification triples (single-evidence ones; ``mixed`` has no pair
  label) — by default that half is kept for choosing how the model and the rules combine;
* pairs made by rules from news sentences in ``../shared/data`` (BBC reports of ``genre_news``), to teach
  what those sets lack: a figure or a year changed, a negation added or removed, a place, person or
  organisation replaced by another of its kind, two actors swapped (all REFUTES); a clause or attribution
  dropped from the evidence, a figure rounded or reworded, a date given by its month (SUPPORTS); another
  sentence of the same story, or of another story (NOT_ENOUGH_INFO). The rules' word lists are in
  ``tables/verifier_rules.json``; number words and month names come from the quantity and date readers' tables.
"""
from __future__ import annotations

import csv
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from ...claims.entailment import LABEL_ALIASES, LABEL_OF_VERDICT, LABELS, untokenised
from ...claims.quantities import ONES, TEENS, TENS
from ...claims.timex import MONTH_NUMBERS
from ..datasets import label_lines
from ..evaluation.verification import climate_fever_split, read_climate_fever

RULES = json.loads((Path(__file__).resolve().parent / "tables" / "verifier_rules.json").read_text())
# "two" … "twenty", and the months' full names, from the tables the quantity and date readers use
NUMBER_WORDS = {value: word for word, value in {**ONES, **TEENS, "twenty": TENS["twenty"]}.items() if 1 <= value <= 20}
MONTHS = [max((m for m, k in MONTH_NUMBERS.items() if k == n), key=len).capitalize() for n in range(1, 13)]
SWAPPABLE = ("GPE", "PERSON", "ORG", "NORP", "LOC")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")
_AUXILIARY = re.compile(r"\b(?:" + "|".join(RULES["auxiliaries"]) + r")\b(?!\s+(?:not|n't|never)\b)")
_NEGATED = re.compile(r"\s+(?:not|never)\b(?=\s)")
# ', he told the BBC.' / ', Mr Smith said.' / ', according to the report.' at the end of a sentence
_ATTRIBUTION = re.compile(r"[,\"”]+\s+(?:(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}|he|she|they|it)\s+(?:"
                          + "|".join(RULES["reporting_verbs"]) + r")\b|according to\b)[^\"“”]{0,80}$")
_LEADING_PHRASE = re.compile(r"^(?:[A-Z][\w'’-]*)(?:\s+[\w'’-]+){0,4},\s+(?=[A-Za-z])")
_FIGURE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d{2,}(?:\.\d+)?)(?![\w,])")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|where|whose)\s+[^,]{8,120},")


@dataclass(frozen=True)
class Pair:
    claim: str
    evidence: str
    label: str       # one of LABELS
    origin: str      # climate-fever, sick, triples, or the rule that made it
    votes: tuple[float, float, float] | None = None   # Climate-FEVER: the annotators' votes per label, when given


@dataclass(frozen=True)
class NewsSentence:
    text: str
    entities: tuple[tuple[str, str], ...]   # (text, label), in order
    article: str


def climate_fever_pairs(path: Path, part: str = "train") -> list[Pair]:
    return [Pair(record["claim"], evidence["evidence"], evidence["evidence_label"], "climate-fever", _votes(evidence))
            for record in read_climate_fever(path) if climate_fever_split(record["claim_id"]) == part
            for evidence in record["evidences"]]


def _votes(evidence: dict) -> tuple[float, float, float] | None:
    counted = [LABELS.index(v) for v in evidence.get("votes") or [] if v in LABELS]
    if not counted:
        return None
    return tuple(counted.count(k) / len(counted) for k in range(len(LABELS)))


def sick_pairs(path: Path, sets: tuple[str, ...] = ("TRAIN", "TRIAL")) -> list[Pair]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [Pair(row["sentence_A"], row["sentence_B"], LABEL_ALIASES[row["entailment_label"]], "sick")
            for row in rows if row["SemEval_set"] in sets and row["entailment_label"] in LABEL_ALIASES]


def triple_pairs(triples: list[dict]) -> list[Pair]:
    """Single-evidence triples with a pair label (the caller passes only the training half)."""
    return [Pair(t["claim"], t["evidence"][0]["text"], LABEL_OF_VERDICT[t["verdict"]], "triples")
            for t in triples if len(t["evidence"]) == 1 and t["verdict"] in LABEL_OF_VERDICT]


def news_sentences(data: Path, limit_articles: int = 400, seed: int = 13) -> list[list[NewsSentence]]:
    """Sentences (8–60 words) with their entities, from BBC reports of ``genre_news``, grouped by article."""
    from ..datasets.corpora import read_genre_news
    from ...nlp import get_nlp

    articles = [a for a in read_genre_news(data / "genre_news") if a.genre == "reporting" and a.source.lower().startswith("bbc")]
    random.Random(seed).shuffle(articles)
    nlp = get_nlp()
    articles = articles[:limit_articles]
    # Whole articles, as the shipped model's pairs were made: the pipeline's length cap (set for analysis, which
    # parses paragraph by paragraph) is lifted for these few thousand-word reports, then put back.
    cap, nlp.max_length = nlp.max_length, max([nlp.max_length] + [len(a.text) + 1 for a in articles])
    try:
        docs = list(nlp.pipe(a.text for a in articles))
    finally:
        nlp.max_length = cap
    grouped = []
    for article, doc in zip(articles, docs):
        sentences = []
        for sentence in doc.sents:
            text = sentence.text.strip()
            if 8 <= len(text.split()) <= 60 and "\n" not in text and text[-1:] in ".!?\"'’”":
                sentences.append(NewsSentence(text, tuple((e.text, e.label_) for e in sentence.ents), article.id))
        if len(sentences) >= 2:
            grouped.append(sentences)
    return grouped


REFUTING_RULES = ("figure_changed", "negation_flipped", "entity_replaced", "actors_swapped")


def rule_pairs(articles: list[list[NewsSentence]], per_rule: int = 700, seed: int = 13,
               refuting_per_rule: int | None = None) -> list[Pair]:
    """Pairs made by the rules of this module, at most ``per_rule`` of each kind (``refuting_per_rule`` of each
    refuting kind: a one-word edit that refutes is easy to learn too well, until any small difference reads as
    a contradiction)."""
    rng = random.Random(seed)
    pool: dict[str, list[str]] = {}
    for sentences in articles:
        for sentence in sentences:
            for text, label in sentence.entities:
                if label in SWAPPABLE and len(text) > 2:
                    pool.setdefault(label, []).append(text)
    makers = {"figure_changed": lambda s, a: _figure_changed(s, rng),
              "negation_flipped": lambda s, a: _negation_flipped(s),
              "entity_replaced": lambda s, a: _entity_replaced(s, pool, rng),
              "actors_swapped": lambda s, a: _actors_swapped(s),
              "clause_dropped": lambda s, a: _clause_dropped(s),
              "figure_rounded": lambda s, a: _figure_rounded(s),
              "figure_reworded": lambda s, a: _figure_reworded(s, rng),
              "date_coarsened": lambda s, a: _date_coarsened(s),
              "same_story": lambda s, a: _same_story(s, a, rng),
              "other_story": lambda s, a: _other_story(s, articles, rng)}
    pairs = []
    order = [(sentence, sentences) for sentences in articles for sentence in sentences]
    for name, make in makers.items():
        rng.shuffle(order)
        made = 0
        for sentence, sentences in order:
            pair = make(sentence, sentences)
            if pair is not None:
                claim, evidence, label = pair
                pairs.append(Pair(claim, evidence, label, name))
                made += 1
                if made >= (refuting_per_rule if name in REFUTING_RULES and refuting_per_rule is not None else per_rule):
                    break
    return pairs


def _figure_changed(sentence: NewsSentence, rng: random.Random):
    """A figure (or a year) of the evidence changed in the claim by a factor no rounding explains."""
    numbers = list(_NUMBER.finditer(sentence.text))
    if not numbers:
        return None
    match = rng.choice(numbers)
    raw = match.group(0)
    value = float(raw.replace(",", ""))
    if 1900 <= value <= 2100 and "." not in raw:
        new = value + rng.choice([-3, -2, -1, 1, 2, 4])
    elif value < 10:
        new = value + rng.choice([2, 3, 5]) if value < 3 or rng.random() < 0.5 else value - rng.choice([1, 2])
    else:
        new = value * rng.choice([0.5, 0.6, 0.75, 1.4, 1.8, 2.5, 3])
    if new == value or new <= 0:
        return None
    text = f"{new:,.0f}" if "," in raw else (f"{new:.{len(raw.split('.')[1])}f}" if "." in raw else f"{new:.0f}")
    claim = sentence.text[:match.start()] + text + sentence.text[match.end():]
    return claim, sentence.text, "REFUTES"


def _negation_flipped(sentence: NewsSentence):
    """"has agreed" → "has not agreed", or "did not attend" → "did attend"."""
    if re.search(r"n['’]t\b", sentence.text):
        return None  # "don't", "won't": leave contractions alone
    negated = _NEGATED.search(sentence.text)
    if negated:
        claim = sentence.text[:negated.start()] + sentence.text[negated.end():]
    else:
        auxiliary = _AUXILIARY.search(sentence.text)
        if not auxiliary:
            return None
        claim = sentence.text[:auxiliary.end()] + " not" + sentence.text[auxiliary.end():]
    return claim, sentence.text, "REFUTES"


def _entity_replaced(sentence: NewsSentence, pool: dict[str, list[str]], rng: random.Random):
    """A place, person or organisation of the evidence replaced in the claim by another of its kind."""
    candidates = [(t, label) for t, label in sentence.entities if label in SWAPPABLE and t in sentence.text and len(t) > 2]
    if not candidates:
        return None
    name, label = rng.choice(candidates)
    others = [o for o in pool.get(label, []) if o.lower() not in sentence.text.lower() and name.lower() not in o.lower()]
    if not others:
        return None
    return sentence.text.replace(name, rng.choice(others), 1), sentence.text, "REFUTES"


def _actors_swapped(sentence: NewsSentence):
    """"A defeated B" → "B defeated A": two names of one kind, with a verb (not "and") between them."""
    names = [(t, label) for t, label in sentence.entities if label in ("PERSON", "GPE") and t in sentence.text]
    for (a, label_a), (b, label_b) in zip(names, names[1:]):
        if label_a != label_b or a == b or a in b or b in a:
            continue
        first, second = sentence.text.index(a), sentence.text.index(b)
        if first >= second:
            continue
        between = sentence.text[first + len(a):second]
        if len(between.split()) < 2 or re.search(r"\band\b|\bor\b|,|\bwith\b|\bvs\b", between):
            continue
        claim = sentence.text[:first] + b + between + a + sentence.text[second + len(b):]
        return claim, sentence.text, "REFUTES"
    return None


def _clause_dropped(sentence: NewsSentence):
    """The claim says less than the evidence: its attribution, a relative clause or a leading phrase dropped."""
    text = sentence.text
    clause = _RELATIVE_CLAUSE.search(text)
    attribution = _ATTRIBUTION.search(text)
    leading = _LEADING_PHRASE.match(text)
    if clause:
        claim = text[:clause.start()] + text[clause.end() - 1:]
    elif attribution and attribution.start() >= 30:
        claim = text[:attribution.start()].rstrip(",") + "."
    elif leading:
        rest = text[leading.end():]
        claim = rest[0].upper() + rest[1:]
    else:
        return None
    claim = claim.strip("\"“”' ")
    if len(claim.split()) < 6:
        return None
    return claim, text, "SUPPORTS"


def _figure_rounded(sentence: NewsSentence):
    """A figure of the evidence given roughly in the claim: "28.1%" → "about 28%", "1,784" → "about 1,800"."""
    match = _FIGURE.search(sentence.text)
    if not match:
        return None
    raw = match.group(1)
    value = float(raw.replace(",", ""))
    if 1900 <= value <= 2100 and "." not in raw:
        return None  # a year is not rounded
    if "." in raw:
        text = f"{round(value):,}" if "," in raw else f"{round(value)}"
    else:
        digits = len(str(int(value)))
        rounded = round(value, -max(1, digits - 2))   # 28 → 30, 1,784 → 1,800
        if rounded == value or abs(rounded - value) / value > 0.08:
            return None
        text = f"{rounded:,.0f}" if "," in raw else f"{rounded:.0f}"
    claim = sentence.text[:match.start()] + "about " + text + sentence.text[match.end():]
    return claim, sentence.text, "SUPPORTS"


def _figure_reworded(sentence: NewsSentence, rng: random.Random):
    """The same figure written another way: "11" ↔ "eleven", "85%" ↔ "85 percent"."""
    text = sentence.text
    percent = re.search(r"(\d+(?:\.\d+)?)(%| per ?cent\b)", text)
    if percent:
        other = rng.choice([" percent", " per cent"]) if percent.group(2) == "%" else "%"
        return text[:percent.start()] + percent.group(1) + other + text[percent.end():], text, "SUPPORTS"
    months = "|".join(MONTHS)
    for match in re.finditer(rf"(?<![\w.,])(\d{{1,2}})(?![\w.,%])(?! (?:{months}))", text):
        if 1 < int(match.group(1)) <= len(NUMBER_WORDS):
            return text[:match.start()] + NUMBER_WORDS[int(match.group(1))] + text[match.end():], text, "SUPPORTS"
    for k, word in sorted(NUMBER_WORDS.items()):
        found = re.search(rf"\b{word}\b", text, flags=re.IGNORECASE)
        if found and k > 1:
            return text[:found.start()] + str(k) + text[found.end():], text, "SUPPORTS"
    return None


def _date_coarsened(sentence: NewsSentence):
    """A date given less precisely in the claim: "on 8 September 2022" → "in September 2022"."""
    months = "|".join(MONTHS)
    match = re.search(rf"\bon (?:\w+day,? )?(\d{{1,2}}) ({months})\b", sentence.text) or \
        re.search(rf"\bon (?:\w+day,? )?({months}) (\d{{1,2}})\b", sentence.text)
    if not match:
        return None
    month = match.group(2) if match.group(1).isdigit() else match.group(1)
    return sentence.text[:match.start()] + f"in {month}" + sentence.text[match.end():], sentence.text, "SUPPORTS"


def _same_story(sentence: NewsSentence, sentences: list[NewsSentence], rng: random.Random):
    """Another sentence of the same article: on topic, about another fact."""
    index = sentences.index(sentence)
    near = [s for s in sentences[max(0, index - 3):index + 4] if s is not sentence and _NUMBER.search(s.text) is not None]
    if not near:
        return None
    return sentence.text, rng.choice(near).text, "NOT_ENOUGH_INFO"


def _other_story(sentence: NewsSentence, articles: list[list[NewsSentence]], rng: random.Random):
    other = rng.choice(articles)
    if other[0].article == sentence.article:
        return None
    return sentence.text, rng.choice(other).text, "NOT_ENOUGH_INFO"


def training_pairs(data: Path, triples: list[dict], per_rule: int = 700, seed: int = 13, log=print,
                   refuting_per_rule: int | None = None) -> list[Pair]:
    """Every training pair: Climate-FEVER's training part, SICK, the triples given and the rule pairs."""
    evidence = data / "claim_evidence"
    pairs = climate_fever_pairs(evidence / "climate_fever" / "climate-fever.jsonl", "train")
    pairs += sick_pairs(evidence / "sick" / "SICK.txt")
    if triples:
        pairs += triple_pairs(triples)
    news = news_sentences(data, seed=seed)
    pairs += rule_pairs(news, per_rule=per_rule, seed=seed, refuting_per_rule=refuting_per_rule)
    counts: dict[str, int] = {}
    for pair in pairs:
        counts[pair.origin] = counts.get(pair.origin, 0) + 1
    log("training pairs: " + ", ".join(f"{origin} {n}" for origin, n in counts.items()))
    assert all(p.label in LABELS for p in pairs)
    return pairs


# -- fact-verification and NLI corpora (``VerifierRecipe.corpora``) -------------------------------------------------

# NLI's labels as pair labels; the corpora's own spellings of the three
# What each corpus gives for training, and where it is read: VitaminC's contrastive pairs (both of its files; the
# release here is its test split, so a part of its cases, by a hash of the case id, is kept out of training),
# SNLI's dev and test pairs, COVID-Fact's train split. Never trained on, so that they validate: FEVER (fever_rte is
# FEVER's dev claims, from which FEVER-Symmetric is built) and ANLI.
TRAINING_CORPORA = ("vitaminc", "snli", "covidfact")
HELD_OUT_PERCENT = 20   # of VitaminC's cases, never trained on


def _gzip_lines(path: Path):
    for _, line in label_lines(path):
        yield json.loads(line)


def _held_out(group: str) -> bool:
    import hashlib

    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % 100 < HELD_OUT_PERCENT


def corpus_pairs(data: Path, corpus: str, part: str = "train", limit: int | None = None, seed: int = 13) -> list[Pair]:
    """Pairs of one corpus: ``part`` "train" (what training may read) or "held_out" (VitaminC's held-out cases);
    ``limit``: at most this many, drawn at random (``seed``) with the labels' shares kept."""
    rows: list[tuple[str, str, str]] = []
    if corpus == "vitaminc":
        for name in ("real", "synthetic"):
            for row in _gzip_lines(data / "vitaminc" / name / "test.jsonl.gz"):
                if _held_out(str(row["case_id"])) == (part == "held_out"):
                    rows.append((untokenised(row["claim"]), untokenised(row["evidence"]), row["label"]))
    elif corpus == "snli" and part == "train":
        for split in ("dev", "test"):
            rows += [(r["hypothesis"], r["premise"], r["label"]) for r in _gzip_lines(data / "snli" / f"{split}.jsonl.gz")]
    elif corpus == "covidfact" and part == "train":
        rows += [(r["claim"], " ".join(r["evidence"]), r["label"])
                 for r in _gzip_lines(data / "covidfact" / "train.jsonl.gz")]
    elif corpus in ("fever_symmetric", "anli"):
        files = ([data / "fever" / "symmetric_v0.2" / "dev.jsonl.gz"] if corpus == "fever_symmetric" else
                 sorted((data / "anli").glob("R*/*.jsonl.gz")))
        for path in files:
            for r in _gzip_lines(path):
                claim, evidence = (r["claim"], r["evidence"]) if "claim" in r else (r["hypothesis"], r["premise"])
                rows.append((untokenised(claim), untokenised(evidence), r["label"]))
    pairs = [Pair(c, e, LABEL_ALIASES[label.upper()], corpus) for c, e, label in rows if label.upper() in LABEL_ALIASES]
    if limit is not None and len(pairs) > limit:
        pairs = random.Random(seed).sample(pairs, limit)
    return pairs
