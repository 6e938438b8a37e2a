"""Tokenising a document once and cutting it into encoder windows.

Offsets are the point: every token keeps the ``(start, end)`` of the
characters it came from in ``Document.text``, so whatever a head predicts per
token maps back to exact character offsets, however the text was windowed.

Windows are packed from *units* (paragraphs, or lines of a PTC article): whole
units are packed together up to ``max_tokens``; a unit longer than that is cut
into overlapping windows, and each token takes its vector from the window in
which it sits furthest from an edge (its ``own`` range).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np


@dataclass
class TokenizedText:
    ids: np.ndarray     # int64 [n] word-piece ids, no special tokens
    starts: np.ndarray  # int64 [n] character offsets into the document text
    ends: np.ndarray
    units: np.ndarray   # int64 [n] index of the unit (paragraph/line) each token is in

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Window:
    start: int      # token range fed to the encoder
    end: int
    own_start: int  # the tokens whose vectors are taken from this window
    own_end: int


def numbered_lines(text: str) -> dict[int, tuple[int, int]]:
    """1-based line number -> (start, end) of every non-empty line (SemEval-2023's paragraph numbers)."""
    lines, position = {}, 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            lines[number] = (position, position + len(line))
        position += len(line) + 1
    return lines


def line_units(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as units (PTC articles have one sentence per line)."""
    return list(numbered_lines(text).values())


# A word (between spaces) longer than this is one [UNK] token, as WordPiece makes of a longer word between
# punctuation: a URL or a base64 blob of 30,000 characters would otherwise be thousands of word pieces that
# mean nothing and cost the encoder as much as a page of prose each.
MAX_WORD_CHARS = 100
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))


# A unit longer than this is tokenised in pieces cut at a space (word pieces never cross one): one Encoding of a
# 1 MB paragraph held 200 MB in the tokenizer at once.
MAX_PIECE_CHARS = 10_000
_PIECE_CUT = re.compile(r"[ \t\n\r]")


def tokenize_units(tokenizer, text: str, units: list[tuple[int, int]], chunk: int = 2048) -> TokenizedText:
    """Word pieces of ``text[s:e]`` for every unit, with offsets into ``text``.

    Pieces are tokenised ``chunk`` at a time: the tokenizer's encodings of 100,000 one-line paragraphs at once
    held 190 MB that the allocator kept after they were freed."""
    pieces = list(_pieces(text, units))
    return TokenizedText(*_joined([_tokenize_pieces(tokenizer, text, pieces[first:first + chunk])
                                   for first in range(0, len(pieces), chunk)]))


def _joined(parts: list[tuple[np.ndarray, ...]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(ids, starts, ends, units) of consecutive parts, one array each."""
    if not parts:
        return tuple(np.zeros(0, dtype=np.int64) for _ in range(4))
    return tuple(np.concatenate([part[i] for part in parts]) for i in range(4))


def _pieces(text: str, units: list[tuple[int, int]]):
    """``(unit index, start, end)`` of what the tokenizer reads at once: each unit, a long one cut after spaces."""
    for index, (start, end) in enumerate(units):
        while end - start > MAX_PIECE_CHARS:
            cut = _PIECE_CUT.search(text, start + MAX_PIECE_CHARS, end)
            if cut is None:
                break
            yield index, start, cut.end()
            start = cut.end()
        yield index, start, end


def _tokenize_pieces(tokenizer, text: str, pieces: list[tuple[int, int, int]]
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    strings = [text[s:e] for _, s, e in pieces]
    encodings = tokenizer.encode_batch(strings, add_special_tokens=False) if strings else []
    parts = []
    for (index, piece_start, _), piece, encoding in zip(pieces, strings, encodings):
        ids = np.asarray(encoding.ids, dtype=np.int64)
        offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2)
        keep = offsets[:, 1] > offsets[:, 0]
        ids, offsets = ids[keep], offsets[keep]
        if len(piece) > MAX_WORD_CHARS and _LONG_WORD.search(piece):
            ids, offsets = _long_words_unknown(tokenizer, piece, ids, offsets)
        parts.append((ids, offsets[:, 0] + piece_start, offsets[:, 1] + piece_start,
                      np.full(len(ids), index, dtype=np.int64)))
    return _joined(parts)


def _long_words_unknown(tokenizer, piece: str, ids: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each word of more than :data:`MAX_WORD_CHARS` characters (a URL, a base64 blob) as one ``[UNK]`` over
    the whole word, instead of its thousands of word pieces."""
    long_words = [m.span() for m in _LONG_WORD.finditer(piece)]
    unknown = tokenizer.token_to_id("[UNK]")
    kept_ids, kept_offsets = [], []
    k, emitted = 0, -1  # the long word at or after the current token; the last one emitted as [UNK]
    for token_id, (s, e) in zip(ids.tolist(), offsets.tolist()):
        while k < len(long_words) and long_words[k][1] <= s:
            k += 1
        if k < len(long_words) and long_words[k][0] <= s:
            if emitted == k:
                continue
            emitted, (s, e), token_id = k, long_words[k], unknown
        kept_ids.append(token_id)
        kept_offsets.append((s, e))
    return np.asarray(kept_ids, dtype=np.int64), np.asarray(kept_offsets, dtype=np.int64).reshape(-1, 2)


def make_windows(units: np.ndarray, max_tokens: int, overlap: int) -> list[Window]:
    """Windows of at most ``max_tokens`` tokens covering every token exactly once (by ``own``)."""
    n = len(units)
    if n == 0:
        return []
    # boundaries between units
    cuts = [0] + [i for i in range(1, n) if units[i] != units[i - 1]] + [n]
    windows: list[Window] = []
    pack_start = None
    for unit_start, unit_end in zip(cuts, cuts[1:]):
        length = unit_end - unit_start
        if length > max_tokens:
            if pack_start is not None:
                windows.append(Window(pack_start, unit_start, pack_start, unit_start))
                pack_start = None
            windows.extend(_slide(unit_start, unit_end, max_tokens, overlap))
            continue
        if pack_start is not None and unit_end - pack_start > max_tokens:
            windows.append(Window(pack_start, unit_start, pack_start, unit_start))
            pack_start = None
        if pack_start is None:
            pack_start = unit_start
    if pack_start is not None:
        windows.append(Window(pack_start, n, pack_start, n))
    return windows


def _slide(start: int, end: int, size: int, overlap: int) -> list[Window]:
    step = max(1, size - overlap)
    half = overlap // 2
    windows = []
    position = start
    while True:
        window_end = min(position + size, end)
        own_start = start if position == start else position + half
        own_end = end if window_end == end else window_end - (overlap - half)
        windows.append(Window(position, window_end, own_start, own_end))
        if window_end == end:
            return windows
        position += step


def pad_batch(tokens: TokenizedText, windows: list[Window], cls_id: int, sep_id: int, pad_id: int = 0):
    """``input_ids`` and ``attention_mask`` for a batch of windows, [CLS] w [SEP], padded."""
    longest = max(w.end - w.start for w in windows) + 2
    input_ids = np.full((len(windows), longest), pad_id, dtype=np.int64)
    mask = np.zeros((len(windows), longest), dtype=np.int64)
    for row, window in enumerate(windows):
        length = window.end - window.start
        input_ids[row, 0] = cls_id
        input_ids[row, 1:length + 1] = tokens.ids[window.start:window.end]
        input_ids[row, length + 1] = sep_id
        mask[row, :length + 2] = 1
    return input_ids, mask
