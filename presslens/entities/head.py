"""The entity head: BIO tags over the words of the shared encoder pass, decoded into offset-exact entities.

The shared encoder is uncased (MiniLM), and capitals are most of what marks a name in English, so each word's
vector is read with a few shape features of its characters (:func:`word_features`). A word is a word piece that
starts a pre-tokenised word (``"Obama's"`` is the words ``Obama``, ``'`` and ``s``): its tag is read from its
first piece, and an entity runs from its first word's first character to its last word's last one, so every
entity's ``(start, end)`` cuts the document's text at word boundaries.

The head is two small layers over the words (a projection of each word, then a window of three projected words)
and a BIO decoder that never lets an entity start inside a word or continue into another type (Viterbi over
the allowed transitions).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..heads.decoders import gelu
from ..models.windows import TokenizedText

TYPES = ("PER", "ORG", "LOC", "MISC")
TAGS = ("O",) + tuple(f"{p}-{t}" for t in TYPES for p in ("B", "I"))
SHAPE_FEATURES = ("capitalised", "all_caps", "inner_capital", "digit", "punctuation", "lowercase",
                  "sentence_initial", "previous_capitalised", "next_capitalised", "log_length",
                  "shouting_unit", "after_hyphen", "lowercase_elsewhere", "capitalised_elsewhere")
_SENTENCE_END = set(".!?:;\"“”'‘’([—–-")
_DIGIT, _ALNUM = re.compile(r"\d"), re.compile(r"[^\W_]")


def continuation_mask(tokenizer) -> np.ndarray:
    """``[vocab]``: True for the word pieces that continue a word (``##ing``)."""
    vocab = tokenizer.get_vocab()
    mask = np.zeros(max(vocab.values()) + 1, dtype=bool)
    for piece, index in vocab.items():
        mask[index] = piece.startswith("##")
    return mask


@dataclass
class Words:
    """The words of a pass: ``first`` (the index of each word's first piece), ``starts``/``ends`` (characters)."""
    first: np.ndarray
    starts: np.ndarray
    ends: np.ndarray

    def __len__(self) -> int:
        return len(self.first)


def words_of(tokens: TokenizedText, continues: np.ndarray) -> Words:
    """Pieces grouped into words: a piece starts a word unless it is a ``##`` piece right after the one before."""
    n = len(tokens)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Words(empty, empty, empty)
    ids = np.asarray(tokens.ids)
    glued = np.zeros(n, dtype=bool)
    glued[1:] = continues[np.clip(ids[1:], 0, len(continues) - 1)] & (tokens.starts[1:] == tokens.ends[:-1]) \
        & (tokens.units[1:] == tokens.units[:-1])
    first = np.flatnonzero(~glued)
    last = np.append(first[1:], n) - 1
    return Words(first, np.asarray(tokens.starts)[first], np.asarray(tokens.ends)[last])


def word_features(text: str, words: Words, units: np.ndarray) -> np.ndarray:
    """``[n_words, len(SHAPE_FEATURES)]`` shape features of each word (``units``: each word's unit)."""
    n = len(words)
    out = np.zeros((n, len(SHAPE_FEATURES)), dtype=np.float32)
    if n == 0:
        return out
    strings = [text[s:e] for s, e in zip(words.starts.tolist(), words.ends.tolist())]
    capitalised = np.array([w[:1].isupper() for w in strings])
    out[:, 0] = capitalised
    out[:, 1] = [len(w) > 1 and w.isupper() for w in strings]
    out[:, 2] = [w[1:] != w[1:].lower() and not w.isupper() for w in strings]
    out[:, 3] = [_DIGIT.search(w) is not None for w in strings]
    out[:, 4] = [_ALNUM.search(w) is None for w in strings]
    out[:, 5] = [w.islower() for w in strings]
    new_unit = np.ones(n, dtype=bool)
    new_unit[1:] = units[1:] != units[:-1]
    after_stop = np.zeros(n, dtype=bool)
    after_stop[1:] = np.array([s[-1:] in _SENTENCE_END for s in strings[:-1]], dtype=bool)
    out[:, 6] = new_unit | after_stop
    out[1:, 7] = capitalised[:-1] & ~new_unit[1:]
    out[:-1, 8] = capitalised[1:] & ~new_unit[1:]
    out[:, 9] = np.log1p([len(w) for w in strings])
    # a unit in capitals (a headline, a dateline) says nothing by its capitals
    # (counted over each unit's words at once: between its words there are only spaces)
    kept, unit_index = np.unique(units, return_inverse=True)
    firsts = np.searchsorted(unit_index, np.arange(len(kept)))
    lasts = np.append(firsts[1:], n) - 1
    share = np.zeros(len(kept), dtype=np.float32)
    for k, (first, last) in enumerate(zip(firsts.tolist(), lasts.tolist())):
        span = "".join(strings[first:last + 1])
        share[k] = sum(map(str.isupper, span)) / max(sum(map(str.isalpha, span)), 1)
    out[:, 10] = share[unit_index] > 0.6
    gap = np.ones(n, dtype=bool)
    gap[1:] = words.starts[1:] != words.ends[:-1]
    out[1:, 11] = ~gap[1:] & np.array([s in ("-", "–") for s in strings[:-1]], dtype=bool)
    # what the rest of the text says of the word: "He" or "The" at a sentence start is written "he", "the"
    # elsewhere; a name is capitalised wherever it stands (a document-level cue for the uncased encoder)
    lowered = [w.lower() for w in strings]
    written_lower = {w for w in strings if w.islower()}
    capitalised_inside = {low for low, cap, initial in zip(lowered, capitalised, out[:, 6]) if cap and not initial}
    out[:, 12] = [cap and low in written_lower for low, cap in zip(lowered, capitalised)]
    out[:, 13] = [low in capitalised_inside and not w.islower() for low, w in zip(lowered, strings)]
    return out


@dataclass
class EntityHead:
    """Word vectors (the first piece's, with shape features) -> a projection -> a window of words -> tag scores."""
    mean: np.ndarray      # [dim + shapes]
    std: np.ndarray
    w1: np.ndarray        # [dim + shapes, p]
    b1: np.ndarray
    w2: np.ndarray        # [3 * p, q]
    b2: np.ndarray
    w3: np.ndarray        # [q, n_tags]
    b3: np.ndarray
    transitions: np.ndarray   # [n_tags, n_tags] 0 where allowed, -inf where not

    @classmethod
    def from_arrays(cls, arrays: dict) -> "EntityHead":
        return cls(*(np.asarray(arrays[k], dtype=np.float32) for k in
                     ("mean", "std", "w1", "b1", "w2", "b2", "w3", "b3")), allowed_transitions())

    def arrays(self) -> dict[str, np.ndarray]:
        return {k: getattr(self, k) for k in ("mean", "std", "w1", "b1", "w2", "b2", "w3", "b3")}

    def log_probabilities(self, vectors: np.ndarray, shapes: np.ndarray, units: np.ndarray) -> np.ndarray:
        """``[n_words, n_tags]`` log P(tag) of each word; the window never reaches across a unit (paragraph)."""
        x = (np.concatenate([vectors, shapes], axis=1) - self.mean) / self.std
        h = gelu(x @ self.w1 + self.b1)
        g = gelu(windowed_product(h, units, self.w2) + self.b2)
        logits = g @ self.w3 + self.b3
        logits -= logits.max(axis=1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))


def windowed_product(h: np.ndarray, units: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Each word's window of ``w.shape[0] // h.shape[1]`` words (itself in the middle; zero where the window leaves
    the unit, a paragraph, or the text) times ``w``: each shift's block of ``w`` multiplied on its own and added in
    place, without the concatenated copy of the window (1.4 ms less for an 800-word article)."""
    n, p = h.shape
    half = w.shape[0] // p // 2
    out = h @ w[half * p:(half + 1) * p]
    for block, shift in enumerate(range(-half, half + 1)):
        if shift == 0 or abs(shift) >= n:
            continue
        part = h @ w[block * p:(block + 1) * p]
        if shift < 0:   # the word |shift| before
            same = (units[-shift:] == units[:shift])[:, None]
            out[-shift:] += part[:shift] * same
        else:
            same = (units[:-shift] == units[shift:])[:, None]
            out[:-shift] += part[shift:] * same
    return out


def allowed_transitions() -> np.ndarray:
    """0 where tag ``j`` may follow tag ``i``, -inf where not (``I-X`` only after ``B-X`` or ``I-X``)."""
    out = np.zeros((len(TAGS), len(TAGS)), dtype=np.float32)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            for i, before in enumerate(TAGS):
                if before[2:] != tag[2:]:
                    out[i, j] = -np.inf
    return out


_STARTS_ALLOWED = np.array([0.0 if not t.startswith("I-") else -np.inf for t in TAGS], dtype=np.float32)


def decode_tags(log_probs: np.ndarray, transitions: np.ndarray, units: np.ndarray, sure: float = 0.995) -> np.ndarray:
    """The best allowed tag path, searched only where it is in doubt: a word whose P(O) is at least ``sure`` is O,
    and the runs of other words between them (a few words each) are decoded by :func:`viterbi`. An article's
    thousand words take a Python loop over a few dozen instead of all of them."""
    path = np.zeros(len(log_probs), dtype=np.int64)
    doubtful = log_probs[:, 0] < np.log(sure)
    if not doubtful.any():
        return path
    index = np.flatnonzero(doubtful)
    breaks = np.flatnonzero((np.diff(index) > 1) | (units[index[1:]] != units[index[:-1]])) + 1
    for run in np.split(index, breaks):
        path[run] = viterbi(log_probs[run], transitions, units[run])
    return path


def viterbi(log_probs: np.ndarray, transitions: np.ndarray, units: np.ndarray) -> np.ndarray:
    """The best allowed tag sequence; a new unit starts afresh (no entity runs across a paragraph)."""
    n = len(log_probs)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    back = np.zeros((n, len(TAGS)), dtype=np.int64)
    score = log_probs[0] + _STARTS_ALLOWED
    for i in range(1, n):
        if units[i] != units[i - 1]:
            back[i] = int(np.argmax(score))
            score = log_probs[i] + score.max() + _STARTS_ALLOWED
            continue
        total = score[:, None] + transitions
        back[i] = np.argmax(total, axis=0)
        score = total[back[i], np.arange(len(TAGS))] + log_probs[i]
    path = np.zeros(n, dtype=np.int64)
    path[-1] = int(np.argmax(score))
    for i in range(n - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path


def decode_entities(path: np.ndarray, words: Words, log_probs: np.ndarray,
                    text: str | None = None) -> list[tuple[int, int, str, float]]:
    """``(start, end, type, confidence)`` of each entity of a tag path; confidence: the least P(tag) of its words.
    With ``text``, a name never ends on a word of dashes, commas or quotes ("UMP -" is "UMP"); a final "." stays
    ("U.S.")."""
    out: list[tuple[int, int, str, float]] = []
    current: list | None = None

    def solid(i: int) -> bool:
        word = text[int(words.starts[i]):int(words.ends[i])] if text is not None else "x"
        return word == "." or _ALNUM.search(word) is not None

    for i, tag_index in enumerate(path.tolist()):
        tag = TAGS[tag_index]
        p = float(np.exp(log_probs[i, tag_index]))
        if tag.startswith("I-") and current is not None:
            if solid(i):
                current[0] = int(words.starts[i]) if current[0] is None else current[0]
                current[1] = int(words.ends[i])
            current[3] = min(current[3], p)
            continue
        if current is not None and current[0] is not None:
            out.append(tuple(current))
        current = None
        if tag.startswith("B-"):   # a name opening on a quotation mark starts at its first word
            current = [int(words.starts[i]), int(words.ends[i]), tag[2:], p] if solid(i) else [None, None, tag[2:], p]
    if current is not None and current[0] is not None:
        out.append(tuple(current))
    return out


# --- the shipped model ------------------------------------------------------------------------------------------

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "entities"


@dataclass
class EntityModel:
    encoder: object
    head: EntityHead
    continues: np.ndarray     # which word pieces continue a word
    folder: Path


@lru_cache(maxsize=4)
def load_model(folder: str | None = None, encoder_folder: str | None = None) -> EntityModel:
    from ..heads.files import load_head

    path = Path(folder) if folder else MODEL_DIR
    _, arrays, encoder = load_head(path, "head.npz", "entity head", "presslens train entities", encoder_folder,
                                   expect={"tags": TAGS, "shape_features": SHAPE_FEATURES})
    return EntityModel(encoder, EntityHead.from_arrays(arrays), continuation_mask(encoder.tokenizer), path)


def unread_words(tokens: TokenizedText, model: EntityModel) -> list[tuple[int, int]]:
    """The characters of the word pieces the encoder knows only as unknown (``[UNK]``): the head cannot read them."""
    unknown = model.encoder.tokenizer.token_to_id("[UNK]")
    return [(int(tokens.starts[i]), int(tokens.ends[i])) for i in np.flatnonzero(np.asarray(tokens.ids) == unknown)]


def head_entities(text: str, tokens: TokenizedText, hidden: np.ndarray, model: EntityModel
                  ) -> list[tuple[int, int, str, float]]:
    """``(start, end, type, confidence)`` of every name in an encoder pass (its tokens and their vectors)."""
    words = words_of(tokens, model.continues)
    if len(words) == 0:
        return []
    units = np.asarray(tokens.units)[words.first]
    log_probs = model.head.log_probabilities(hidden[words.first], word_features(text, words, units), units)
    return decode_entities(decode_tags(log_probs, model.head.transitions, units), words, log_probs, text)
