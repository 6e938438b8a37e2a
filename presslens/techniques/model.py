"""The technique heads on top of the shared encoder: span detection and span classification.

Both heads are a few matrices applied in NumPy to the encoder's token vectors,
so detection, classification of given spans (the TC task) and classification
of detected spans (FLC) all read one encoder pass.

* detection: per token, P(outside), P(begins a span), P(inside a span); a
  span is a run of tokens whose P(begin)+P(inside) reaches the threshold,
  split where a token is most likely a new beginning;
* classification: a small MLP over [mean of the span's tokens, first token,
  last token, mean of its paragraph/line, hand features] gives a
  distribution over the 14 techniques.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..heads.decoders import gelu, softmax
from ..models.encoder import windows_for
from ..models.windows import TokenizedText, Window

N_FEATURES = 5
_WORD = re.compile(r"\w", re.UNICODE)


class TextCues:
    """What :func:`span_features` reads of the whole text, prepared once per text, so that the cues of a span
    cost about its own length rather than the text's (an article pasted as one paragraph of a megabyte has
    thousands of spans). :meth:`of` shares one between the models that classify the same text."""

    # Repeats are counted within this many characters either side of the span: the whole text of any
    # article, and a bounded scan per span in a book-length input (else spans x length: 5 s per megabyte).
    REPEAT_WINDOW = 100_000
    _last: "TextCues | None" = None

    def __init__(self, text: str):
        self.text = text
        self.lower = text.lower()
        self.whole = len(self.lower) <= 2 * self.REPEAT_WINDOW
        self.line_starts = np.array([0] + [m.end() for m in re.finditer("\n", text)], dtype=np.int64)
        self._repeats: dict[str, int] = {}

    @classmethod
    def of(cls, text: str) -> "TextCues":
        cues = cls._last  # read once: another thread may replace it meanwhile
        if cues is None or cues.text is not text:
            cues = cls._last = cls(text)
        return cues

    def repeats(self, fragment: str, start: int = 0) -> int:
        """How often ``fragment`` (lower case) recurs in the text besides once (near ``start`` in a long text)."""
        if self.whole:
            if fragment not in self._repeats:
                self._repeats[fragment] = self.lower.count(fragment) - 1
            return self._repeats[fragment]
        return self.lower.count(fragment, max(0, start - self.REPEAT_WINDOW), start + self.REPEAT_WINDOW) - 1

    def line_start(self, offset: int) -> int:
        return int(self.line_starts[np.searchsorted(self.line_starts, offset, side="right") - 1])


def span_features(text: str, start: int, end: int, n_tokens: int, cues: TextCues | None = None) -> np.ndarray:
    """Cues the encoder cannot see from inside one window.

    Repetition is the main one: how often the fragment recurs in the article,
    which a window of 126 tokens cannot know. Pass ``cues`` of the text when
    there are several spans of one text.
    """
    cues = cues if cues is not None else TextCues.of(text)
    fragment = text[start:end].strip().lower()
    repeats = cues.repeats(fragment, start) if len(fragment) >= 3 else 0
    line_start = cues.line_start(start)
    return np.array([
        np.log1p(max(repeats, 0)),
        np.log1p(n_tokens),
        1.0 if "?" in text[start:min(len(text), end + 1)] else 0.0,
        1.0 if any(q in text[max(0, start - 1):end + 1] for q in "\"“”") else 0.0,
        1.0 if not text[line_start:start].strip() else 0.0,
    ], dtype=np.float32)


def token_range(tokens: TokenizedText, start: int, end: int) -> tuple[int, int]:
    """Indexes [first, last+1) of the tokens overlapping characters [start, end)."""
    first = int(np.searchsorted(tokens.ends, start, side="right"))
    last = int(np.searchsorted(tokens.starts, end, side="left"))
    return first, max(first, last)


def span_vector(hidden: np.ndarray, tokens: TokenizedText, text: str, start: int, end: int,
                windows: list[Window], window_starts: np.ndarray, cues: TextCues) -> np.ndarray:
    """The classifier's input for characters [start, end): ``window_starts`` are the ``own_start`` of ``windows``."""
    first, stop = token_range(tokens, start, end)
    if stop <= first:  # a span between tokens (whitespace only): use the nearest token
        first = min(first, len(tokens) - 1)
        stop = first + 1
    # The paragraph part is the paragraph's tokens in the window the span starts in, as in training
    # (build_examples): a paragraph of 40,000 tokens is not averaged whole for each of its spans.
    window = windows[int(np.searchsorted(window_starts, first, side="right")) - 1]
    unit = tokens.units[first]
    unit_first = max(int(np.searchsorted(tokens.units, unit, side="left")), window.start)
    unit_stop = min(int(np.searchsorted(tokens.units, unit, side="right")), window.end)
    return np.concatenate([
        hidden[first:stop].mean(axis=0), hidden[first], hidden[stop - 1],
        hidden[unit_first:unit_stop].mean(axis=0),
        span_features(text, start, end, stop - first, cues),
    ])


@dataclass
class DetectedSpan:
    start: int
    end: int
    score: float


class TechniqueHeads:
    """The trained heads, as NumPy arrays (``heads.npz``)."""

    def __init__(self, weights: dict[str, np.ndarray], techniques: list[str], threshold: float,
                 merge_gap: int = 0, min_tokens: int = 1):
        self.w = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
        self.techniques = techniques
        self.threshold = threshold      # P(begin) + P(inside) a token needs to be in a span
        self.merge_gap = merge_gap      # runs this many tokens apart or closer in one paragraph become one span
        self.min_tokens = min_tokens    # shorter runs are dropped

    def token_probabilities(self, hidden: np.ndarray) -> np.ndarray:
        """[n_tokens, 3]: P(outside), P(begin), P(inside)."""
        return softmax(hidden @ self.w["si.weight"].T + self.w["si.bias"])

    def probabilities_of(self, text: str, tokens: TokenizedText, hidden) -> np.ndarray:
        """Token probabilities of one text (the linear heads read the text itself, not only vectors)."""
        return self.token_probabilities(hidden)

    def detect(self, text: str, tokens: TokenizedText, hidden: np.ndarray,
               threshold: float | None = None) -> list[DetectedSpan]:
        if len(tokens) == 0:
            return []
        threshold = self.threshold if threshold is None else threshold
        probs = self.probabilities_of(text, tokens, hidden)
        inside = probs[:, 1] + probs[:, 2]
        runs: list[list[int]] = []  # [first, last] token indexes
        for i in range(len(tokens)):
            if inside[i] < threshold:
                continue
            new_span = (not runs or runs[-1][1] != i - 1 or tokens.units[i] != tokens.units[runs[-1][1]]
                        or (probs[i, 1] > probs[i, 2] and probs[i, 1] > probs[i, 0]))
            if new_span:
                runs.append([i, i])
            else:
                runs[-1][1] = i
        merged: list[list[int]] = []
        for run in runs:  # close small gaps inside one paragraph ("the [corrupt] and [lying] elite")
            if (merged and run[0] - merged[-1][1] - 1 <= self.merge_gap and run[0] - merged[-1][1] > 1
                    and tokens.units[run[0]] == tokens.units[merged[-1][1]]):
                merged[-1][1] = run[1]
            else:
                merged.append(run)
        spans = []
        for first, last in merged:
            if last - first + 1 < self.min_tokens:
                continue
            start, end = trim_dangling(text, *word_aligned(text, int(tokens.starts[first]), int(tokens.ends[last])))
            if end > start and not says_nothing(text[start:end]):
                spans.append(DetectedSpan(start, end, float(inside[first:last + 1].mean())))
        return spans

    def classify(self, text: str, tokens: TokenizedText, hidden: np.ndarray,
                 spans: list[tuple[int, int]]) -> np.ndarray:
        """[n_spans, n_techniques]: a distribution over techniques for each given span."""
        if not spans:
            return np.zeros((0, len(self.techniques)), dtype=np.float32)
        windows, cues = windows_for(tokens), TextCues.of(text)
        starts = np.array([w.own_start for w in windows])
        out = []
        for first in range(0, len(spans), 1024):  # 1,024 spans at a time: 6 MB of inputs, not 27 per 4,000 spans
            x = np.stack([span_vector(hidden, tokens, text, s, e, windows, starts, cues)
                          for s, e in spans[first:first + 1024]])
            h = gelu(x @ self.w["tc.1.weight"].T + self.w["tc.1.bias"])
            out.append(softmax(h @ self.w["tc.3.weight"].T + self.w["tc.3.bias"]))
        return np.vstack(out)


def _in_word(text: str, i: int) -> bool:
    """Is ``text[i]`` part of a word? Letters and digits, and an apostrophe between two of them (don’t)."""
    if not 0 <= i < len(text):
        return False
    if _WORD.match(text[i]):
        return True
    return text[i] in "'’" and 0 < i < len(text) - 1 and bool(_WORD.match(text[i - 1])) and bool(_WORD.match(text[i + 1]))


def word_aligned(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span cut inside a word (word pieces) to whole words, then trim spaces."""
    while start > 0 and _in_word(text, start - 1) and _in_word(text, start):
        start -= 1
    while end < len(text) and _in_word(text, end) and _in_word(text, end - 1):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Words that PTC's gold spans seldom end with (the model may cut a span just before its noun: "what it is: the"),
# and marks that join a span to what follows.
DANGLING_WORDS = frozenset("a an the of to in on at by for from with and or but nor as that than "
                           "its their his her our my your".split())
DANGLING_MARKS = ",;:-–—("
# A span made of these words only says nothing by itself ("It's", "as", "nearly"): the span head's B tag
# split "It's | as depressing as it is disturbing", and the stub was shown as loaded language.
FUNCTION_WORDS = DANGLING_WORDS | frozenset(
    "it it's it’s is was are were be been being this these those there here he she they we i you me him us them "
    "do does did has have had will would can could may might shall should must so just not no yes very too also "
    "nearly almost only even still then now if when while who which what where why how all some any".split())
_WORDS_OF = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def says_nothing(fragment: str) -> bool:
    """Whether a span is function words only (or no word at all)."""
    return all(word.lower() in FUNCTION_WORDS for word in _WORDS_OF.findall(fragment))


def trim_dangling(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the trailing words and marks that leave a span hanging; never emptied."""
    def before_marks(i: int) -> int:
        while i > start and (text[i - 1].isspace() or text[i - 1] in DANGLING_MARKS):
            i -= 1
        return i

    while True:
        cut = before_marks(end)
        word_start = cut
        while word_start > start and _in_word(text, word_start - 1):
            word_start -= 1
        if start < word_start < cut and text[word_start:cut].lower() in DANGLING_WORDS:
            cut = before_marks(word_start)
        if cut <= start or cut == end:  # nothing more to trim, or nothing would be left
            return start, end
        end = cut
