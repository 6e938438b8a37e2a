"""Metadata written in the text itself: headline, byline, dateline."""
from __future__ import annotations

import re

from ..document import Document
from .nonbody import HeaderInfo

_MAX_TITLE_WORDS = 25


def parse_date(text: str) -> str | None:
    """ISO date (YYYY-MM-DD) from a dateline such as "Updated March 14, 2025 at 8:00 GMT"."""
    from dateutil import parser

    cleaned = re.sub(r"^(published|updated|posted|last updated)[:\s]*", "", text.strip(), flags=re.I)
    cleaned = re.sub(r"\b(at)\b", " ", cleaned)
    try:
        return parser.parse(cleaned, fuzzy=True, default=None).date().isoformat()
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None


def header_metadata(doc: Document, header: HeaderInfo) -> None:
    """Fill title, authors and date from the first paragraphs when not known yet."""
    if not doc.paragraphs:
        return
    texts = [doc.fragment(p) for p in doc.paragraphs[:5]]
    if not doc.meta.authors and header.authors:
        doc.meta.authors = header.authors
    if not doc.meta.date and header.date_text:
        doc.meta.date = parse_date(header.date_text)
    first = texts[0]
    if not doc.meta.title and 0 not in header.byline_indexes and len(first.split()) <= _MAX_TITLE_WORDS and "\n" not in first:
        # a headline seldom ends with a full stop, but some do ("Max Factor can't claim credit for Marilyn
        # Monroe."): one short sentence standing above a paragraph at least twice its length reads as one too
        one_short_sentence = len(first.split()) <= 15 and not re.search(r"[.!?]\s", first.strip())
        followed_by_longer = len(texts) > 1 and len(texts[1].split()) >= 2 * len(first.split())
        headline_like = (not first.rstrip().endswith((".", ",", ";")) or 1 in header.byline_indexes
                         or (one_short_sentence and followed_by_longer))
        if len(doc.paragraphs) > 1 and headline_like:
            doc.meta.title = first.strip()
