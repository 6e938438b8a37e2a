"""What the learned non-body classifier sees of each paragraph: the cue patterns (as features, not rules),
position, length and form, and the same of its neighbours (furniture comes in runs: a box of three lines).

One row per paragraph; :data:`FEATURE_NAMES` names the columns, and the shipped model records them so a model
fitted on other columns is refused rather than misread.
"""
from __future__ import annotations

import math
import re

import numpy as np

from . import nonbody as cues

_GROUPS = cues.CUE_GROUPS
_KINDS = cues.KINDS
_FROM_END = (0, 1, 2, 3, 5, 8)       # buckets: last, 2nd last, 3rd, 4th, 5th-6th... ; beyond 8 is "deep"
_FROM_START = (0, 1, 2, 4)
_WORDS = (4, 10, 20, 40, 80, 150)

_url = re.compile(r"https?://|www\.|\.(com|org|net|co\.uk)\b", re.I)
_email = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_handle = re.compile(r"(?<![\w@])@\w{2,}")
_separators = re.compile(r"[|•·»›]")
_sentence_end = re.compile(r"""[.!?…]["'”’)\]]*\s*$""")
_colon_lead = re.compile(r"^[^.!?]{1,40}:\s")
_quote_start = re.compile(r"""^\s*["“‘']""")
_quote_any = re.compile(r"""["“”]""")
_i_words = re.compile(r"\b(I|my|me|I'm|I’m)\b")
_you_words = re.compile(r"\b(you|your|yours)\b", re.I)
_we_words = re.compile(r"\b(we|our|us)\b", re.I)
_digits = re.compile(r"\d")
_year = re.compile(r"\b(19|20)\d\d\b")
_all_caps_word = re.compile(r"\b[A-Z]{3,}\b")
_sentences = re.compile(r"[.!?](\s|$)")
_bare_url = re.compile(r"^\s*(https?://|www\.)\S+\s*$")
_hashtag = re.compile(r"(?<!\w)#\w+")
_letter = re.compile(r"[^\W\d_]")


def _pattern_names() -> list[str]:
    names = []
    for group in _GROUPS:
        names += [f"cue:{group}:{i}" for i in range(len(cues._compiled[group]))]
    return names


def _own_names() -> list[str]:
    names = [f"count:{g}" for g in _GROUPS]
    names += [f"rule:{k}" for k in _KINDS]
    names += ["appeal_weak", "second_person", "bio_covers", "bio_negative", "reported_speech", "photo_marker",
              "byline", "dateline"]
    names += [f"from_end<={b}" for b in _FROM_END] + [f"from_start<={b}" for b in _FROM_START]
    names += ["position", "log_paragraphs"]
    names += [f"words<={b}" for b in _WORDS] + ["log_words", "log_chars", "sentences"]
    names += ["url", "email", "handle", "separators", "sentence_end", "colon_lead", "quote_start", "quotes",
              "i_words", "you_words", "we_words", "digit_ratio", "year", "caps_words", "title_ratio",
              "starts_lower", "bare_url", "hashtags", "no_letters", "question", "ends_colon", "repeats_earlier"]
    return names


_OWN_NAMES = _own_names()
_NEIGHBOUR = [f"rule:{k}" for k in _KINDS] + ["log_words", "sentence_end", "quote_start", "reported_speech",
                                              "url", "handle"]
_PATTERN_NAMES = _pattern_names()
FEATURE_NAMES: list[str] = (
    _PATTERN_NAMES + _OWN_NAMES
    + [f"prev:{n}" for n in _NEIGHBOUR] + [f"next:{n}" for n in _NEIGHBOUR]
    + [f"run2:{k}" for k in _KINDS] + ["prev:missing", "next:missing"]
)


def _own_row(text: str, index: int, n: int, repeats: bool) -> tuple[list[float], dict[str, float], "cues.ParagraphScores"]:
    words = len(text.split())
    from_end = n - 1 - index
    hits = []
    counts = {}
    cue_text = cues.cue_text(text)
    for group in _GROUPS:
        found = [1.0 if p.search(cue_text) else 0.0 for p in cues._compiled[group]]
        hits += found
        counts[group] = sum(found)
    rule = cues.score_paragraph(text, from_end, words, {g: int(c) for g, c in counts.items()})
    letters = [w for w in text.split() if w[:1].isalpha()]
    stripped = text.strip()
    own = {
        **{f"count:{g}": min(counts[g], 3.0) for g in _GROUPS},
        **{f"rule:{k}": min(getattr(rule, k), 2.0) for k in _KINDS},
        "appeal_weak": float(bool(cues._appeal_weak.search(text))),
        "second_person": float(bool(cues._second_person.search(text))),
        "bio_covers": float(bool(cues._bio_covers.match(text))),
        "bio_negative": float(bool(cues._bio_negative.search(text))),
        "reported_speech": float(bool(cues._reported_speech.search(text))),
        "photo_marker": float(bool(cues._photo_marker.search(text))),
        "byline": float(len(stripped) <= 120 and bool(cues._BYLINE.match(stripped))),
        "dateline": float(len(stripped) <= 120 and bool(cues._DATELINE.match(stripped))),
        **{f"from_end<={b}": float(from_end <= b) for b in _FROM_END},
        **{f"from_start<={b}": float(index <= b) for b in _FROM_START},
        "position": index / max(n - 1, 1),
        "log_paragraphs": math.log1p(n),
        **{f"words<={b}": float(words <= b) for b in _WORDS},
        "log_words": math.log1p(words),
        "log_chars": math.log1p(len(text)),
        "sentences": min(len(_sentences.findall(text)), 10) / 10,
        "url": float(bool(_url.search(text))),
        "email": float(bool(_email.search(text))),
        "handle": float(bool(_handle.search(text))),
        "separators": min(len(_separators.findall(text)), 5) / 5,
        "sentence_end": float(bool(_sentence_end.search(text))),
        "colon_lead": float(bool(_colon_lead.match(text))),
        "quote_start": float(bool(_quote_start.match(text))),
        "quotes": float(bool(_quote_any.search(text))),
        "i_words": float(bool(_i_words.search(text))),
        "you_words": float(bool(_you_words.search(text))),
        "we_words": float(bool(_we_words.search(text))),
        "digit_ratio": len(_digits.findall(text)) / max(len(text), 1),
        "year": float(bool(_year.search(text))),
        "caps_words": min(len(_all_caps_word.findall(text)), 5) / 5,
        "title_ratio": sum(w[0].isupper() for w in letters) / max(len(letters), 1),
        "starts_lower": float(stripped[:1].islower()),
        "bare_url": float(bool(_bare_url.match(text))),
        "hashtags": min(len(_hashtag.findall(text)), 5) / 5,
        "no_letters": float(not _letter.search(text)),
        "question": float(stripped.endswith("?")),
        "ends_colon": float(stripped.endswith(":")),
        "repeats_earlier": float(repeats),   # a teaser or widget that repeats text already on the page
    }
    return hits, own, rule


_last: tuple = ((), None)   # the paragraphs last featurised and their (features, scores): the second look
                            # reads the same paragraphs the ingestion's decision just did (a third of its cost)


def paragraph_features(texts: list[str], with_scores: bool = False):
    """``[len(texts), len(FEATURE_NAMES)]`` features of the paragraphs of one article, in order; with
    ``with_scores``, also each paragraph's cue scores (:class:`~presslens.structure.nonbody.ParagraphScores`),
    so the rules' decision costs no second search.

    Each paragraph's row goes into arrays at once and the neighbours' columns are shifted copies: a dict of
    ninety floats kept per paragraph cost 7 kB each, 700 MB for a text of 100,000 one-line paragraphs."""
    global _last
    key = tuple(texts)
    last_key, last = _last   # one read: another thread may replace it meanwhile
    if last is None or last_key != key:
        last = _featurised(texts)
        _last = (key, last)
    return last if with_scores else last[0]


def _featurised(texts: list[str]) -> tuple[np.ndarray, list]:
    n = len(texts)
    seen: set[str] = set()
    hits = np.zeros((n, len(_PATTERN_NAMES)), dtype=np.float32)
    own = np.zeros((n, len(_OWN_NAMES)), dtype=np.float32)
    scores = []
    for i, t in enumerate(texts):
        head = " ".join(t.split()[:12]).lower()
        row_hits, row_own, rule = _own_row(t, i, n, len(head) > 20 and head in seen)
        hits[i] = row_hits
        own[i] = [row_own[name] for name in _OWN_NAMES]
        scores.append(rule)
        seen.add(head)
    neighbour = own[:, [_OWN_NAMES.index(name) for name in _NEIGHBOUR]]
    before, after = np.zeros_like(neighbour), np.zeros_like(neighbour)
    before[1:], after[:-1] = neighbour[:-1], neighbour[1:]
    # the strongest rule score of each kind among the two paragraphs either side (0 where there are none)
    rules = own[:, [_OWN_NAMES.index(f"rule:{k}") for k in _KINDS]]
    padded = np.full((n + 4, len(_KINDS)), -np.inf, dtype=np.float32)
    padded[2:n + 2] = rules
    nearby = np.max([padded[2 + d:n + 2 + d] for d in (-2, -1, 1, 2)], axis=0) if n else rules
    nearby[np.isneginf(nearby)] = 0.0
    ends = np.zeros((n, 2), dtype=np.float32)
    if n:
        ends[0, 0], ends[-1, 1] = 1.0, 1.0
    out = np.concatenate([hits, own, before, after, nearby, ends], axis=1)
    out.setflags(write=False)   # shared by the calls that read the same paragraphs
    return out, scores
