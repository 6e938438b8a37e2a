"""Paragraph boundaries with exact offsets.

Blank lines always separate paragraphs. Inside a block, a single line break
also separates paragraphs (pasted articles and the PTC/SemEval corpora put
one paragraph or sentence per line) unless the block is *hard-wrapped*:
many lines of similar width that break mid-sentence, as in e-mail or
fixed-width text, where the lines are joined into one paragraph.
"""
from __future__ import annotations

import re

from ..document import Span, trim

_BLOCK_SEP = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_SENTENCE_END = re.compile(r"""[.!?:;…"'”’)\]]\s*$""")


def _is_hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 3:
        return False
    widths = [len(line.rstrip()) for line in lines[:-1]]
    if not widths or max(widths) > 100 or min(widths) < 35:
        return False
    open_ended = sum(1 for line in lines[:-1] if not _SENTENCE_END.search(line))
    return open_ended >= len(widths) / 2


def split_paragraphs(text: str) -> list[Span]:
    paragraphs: list[Span] = []
    pos = 0
    blocks: list[tuple[int, int]] = []
    for match in _BLOCK_SEP.finditer(text):
        blocks.append((pos, match.start()))
        pos = match.end()
    blocks.append((pos, len(text)))
    for block_start, block_end in blocks:
        start, end = trim(text, block_start, block_end)
        if start == end:
            continue
        block = text[start:end]
        lines = block.split("\n")
        if len(lines) == 1 or _is_hard_wrapped(lines):
            paragraphs.append(Span(start, end))
            continue
        offset = start
        for line in lines:
            s, e = trim(text, offset, offset + len(line))
            if s < e:
                paragraphs.append(Span(s, e))
            offset += len(line) + 1
    return paragraphs
