"""Hostile inputs of a given size, built from real news text: what a careless or hostile user sends.

Used by ``presslens bench --stress`` (time and memory of each shape) and by the
tests (the server under mixed load, the fuzz tests' seeds). Every shape is
deterministic: the same size gives the same bytes.
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import DATA_ROOT, EXAMPLES_DIR

EXAMPLES = EXAMPLES_DIR
PTC_ARTICLES = DATA_ROOT / "ptc2020" / "train" / "articles"


@dataclass(frozen=True)
class Shape:
    name: str
    kind: str                        # "text" or "html"
    build: Callable[[int], str]      # size in characters -> the input
    what: str


def news_paragraphs(chars: int) -> list[str]:
    """Paragraphs of real news, at least ``chars`` characters in all: the PTC training articles when
    ``../shared/data`` is there, else the bundled examples, repeated."""
    folder = PTC_ARTICLES if PTC_ARTICLES.is_dir() else EXAMPLES
    source = []
    for path in sorted(folder.glob("*.txt")):
        source += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    paragraphs, total = [], 0
    while total < chars:
        for paragraph in source:
            paragraphs.append(paragraph)
            total += len(paragraph) + 2
            if total >= chars:
                break
    return paragraphs


def in_paragraphs(chars: int) -> str:
    return "\n\n".join(news_paragraphs(chars))[:chars]


def one_paragraph(chars: int) -> str:
    """The same words as :func:`in_paragraphs`, with no line break (a transcript pasted whole)."""
    return " ".join(in_paragraphs(chars).split())


def tiny_paragraphs(chars: int) -> str:
    """Thousands of paragraphs of one to three words."""
    words = one_paragraph(chars).split()
    lines, k = [], 0
    while k < len(words):
        n = 1 + k % 3
        lines.append(" ".join(words[k:k + n]))
        k += n
    return "\n\n".join(lines)[:chars]


def html_small_blocks(chars: int) -> str:
    """A page of tens of thousands of tiny tables and list items around a short article."""
    words = one_paragraph(chars).split()
    article = "".join(f"<p>{p}</p>" for p in news_paragraphs(3000))
    blocks, size, k = [], 0, 0
    while size < chars:
        block = (f"<table><tr><td>{words[k % len(words)]}</td><td>{k}</td></tr></table>" if k % 2 == 0
                 else f"<ul><li><a href=\"/t/{k}\">{words[k % len(words)]}</a></li></ul>")
        blocks.append(block)
        size += len(block)
        k += 1
    half = len(blocks) // 2
    return ("<!doctype html><html><head><title>Blocks</title></head><body>" + "".join(blocks[:half])
            + f"<article><h1>An article among blocks</h1>{article}</article>" + "".join(blocks[half:]) + "</body></html>")


def html_deeply_nested(chars: int) -> str:
    """An article inside thousands of nested elements, some never closed."""
    article = "".join(f"<p>{p}</p>" for p in news_paragraphs(max(2000, chars // 4)))
    depth = max(100, (chars - len(article)) // 24)
    opening = "".join("<div><span>" if i % 2 else "<div>" for i in range(depth))
    closing = "".join("</span></div>" if i % 2 else "</div>" for i in range(depth // 2))  # half left open
    return f"<html><body>{opening}<article>{article}</article>{closing}</body></html>"


def long_tokens(chars: int) -> str:
    """News paragraphs between URLs of thousands of characters and base64 blobs with no space in them."""
    paragraphs = news_paragraphs(chars // 3)
    out, size, k = [], 0, 0
    while size < chars:
        if k % 3 == 0:
            piece = "https://example.com/" + "/".join(hashlib.sha1(f"{k}-{j}".encode()).hexdigest()
                                                     for j in range(60)) + "?utm_source=" + "x" * 500
        elif k % 3 == 1:
            piece = base64.b64encode(hashlib.sha512(str(k).encode()).digest() * 400).decode()  # 34 kB, no space
        else:
            piece = paragraphs[k % len(paragraphs)]
        out.append(piece)
        size += len(piece) + 2
        k += 1
    return "\n\n".join(out)[:chars]


# Scripts, emoji sequences and invisible marks that real pages carry.
_MIXED = [
    "北京市政府周三宣布新的空气质量措施。", "قالت الحكومة إن المحادثات ستستمر الأسبوع المقبل.",
    "सरकार ने बुधवार को नई नीति की घोषणा की।", "Правительство объявило о новых мерах.",
    "👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇺🇦 🇬🇧 ❤️‍🔥", "ca\u0301fe\u0301 e\u0308\u0301\u0327 \u0301lone mark",
    "zero\u200bwidth\u200cjoin\u200dmarks\ufeff", "\u202eright-to-left override\u202c \u2066isolate\u2069 \u200fRLM",
    "line\rwith\rCR\rends", "tab\tvertical\x0bform\x0cfeed", "nul\x00and\x07bell\x1bescape",
]


def mixed_scripts(chars: int) -> str:
    """English news sentences mixed with other scripts, emoji sequences, combining and invisible marks,
    control characters and CR-only line ends."""
    paragraphs = news_paragraphs(chars)
    out, size, k = [], 0, 0
    while size < chars:
        piece = paragraphs[k % len(paragraphs)] + " " + _MIXED[k % len(_MIXED)] + " " + _MIXED[(3 * k + 1) % len(_MIXED)]
        out.append(piece)
        size += len(piece) + 1
        k += 1
    return "\r".join(out)[:chars]  # CR-only line ends, as old Mac files have


SHAPES: dict[str, Shape] = {shape.name: shape for shape in [
    Shape("paragraphs", "text", in_paragraphs, "real news in its paragraphs (the reference)"),
    Shape("one-paragraph", "text", one_paragraph, "the same words with no line break"),
    Shape("tiny-paragraphs", "text", tiny_paragraphs, "paragraphs of one to three words"),
    Shape("html-small-blocks", "html", html_small_blocks, "a page of tiny tables and lists"),
    Shape("html-nested", "html", html_deeply_nested, "an article inside thousands of nested elements"),
    Shape("long-tokens", "text", long_tokens, "URLs and base64 blobs without spaces"),
    Shape("mixed-scripts", "text", mixed_scripts, "other scripts, emoji, invisible and control characters"),
]}


def build(name: str, chars: int) -> tuple[str, str]:
    """``(kind, data)`` of shape ``name`` at about ``chars`` characters."""
    shape = SHAPES[name]
    return shape.kind, shape.build(chars)
