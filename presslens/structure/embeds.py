"""Embedded posts and teasers: page furniture found by rules, not by the paragraph classifier.

* **embed** — a post embedded in the article (a tweet, an Instagram or Facebook post): its signature line ("— Name
  (@handle) Date", "A post shared by …") or its link line (``pic.twitter.com/…``, a status URL) marks it; the post's
  text is the paragraph the signature ends, or the paragraph just before a signature or link that stands alone, so
  the whole unit is set apart (``tables/embeds.txt`` holds the patterns).
* **teaser** — a paragraph repeated word for word in the article (a standfirst or promotion duplicated in the
  story, a block pasted twice, the headline again as the first line): the later copy is set apart, so its claims
  and techniques are not listed twice (the text is read once, where it first stands; annotators of the real endings
  call the later copy the repeat). Short paragraphs (fewer than :data:`TEASER_MIN_WORDS` words) repeat by chance
  ("Read more.") and are left to the classifier.
* a **bare URL** line (a link with no words) is boilerplate.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .rule_tables import read_groups

TABLE = Path(__file__).resolve().parent / "tables" / "embeds.txt"
TEASER_MIN_WORDS = 8
POST_MAX_WORDS = 80       # a post's text before a lone signature line is at most this long
SIGNATURE_MAX_WORDS = 25  # a paragraph with a post's link is the post (or its link line) up to this length
_BARE_URL = re.compile(r"^\s*(?:<\s*)?(?:https?://|www\.)\S+\s*>?\s*$", re.I)


@lru_cache(maxsize=1)
def patterns() -> dict[str, list[re.Pattern]]:
    return {group: [re.compile(line, re.I | re.M) for line in lines] for group, lines in read_groups(TABLE).items()}


def _has(group: str, text: str) -> bool:
    return any(p.search(text) for p in patterns()[group])


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def furniture_kinds(texts: list[str]) -> list[str | None]:
    """``embed``, ``teaser``, ``boilerplate`` (a bare URL) or None for each paragraph, by the rules above."""
    kinds: list[str | None] = [None] * len(texts)
    for i, text in enumerate(texts):
        words = len(text.split())
        if _BARE_URL.match(text):
            kinds[i] = "embed" if _has("link", text) else "boilerplate"
            continue
        signature, link = _has("signature", text), _has("link", text)
        if not (signature or link):
            continue
        rest = text
        for pattern in patterns()["signature"] + patterns()["link"]:
            rest = pattern.sub(" ", rest)
        lone_signature = signature and len(rest.split()) <= 3
        if lone_signature and i > 0 and kinds[i - 1] is None and len(texts[i - 1].split()) <= POST_MAX_WORDS:
            kinds[i - 1] = "embed"   # the post's text, just before its signature line
        if signature or words <= SIGNATURE_MAX_WORDS:
            kinds[i] = "embed"
    seen: dict[str, int] = {}
    for i, text in enumerate(texts):
        key = _normalised(text)
        if kinds[i] is not None or len(key.split()) < TEASER_MIN_WORDS:
            continue
        if key in seen:
            kinds[i] = "teaser"
        seen.setdefault(key, i)
    return kinds
