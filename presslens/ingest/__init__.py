"""Ingestion: from what the user gives to a :class:`~presslens.document.Document`.

``load(raw)`` decodes bytes, extracts HTML with trafilatura, finds paragraphs
and non-body regions, reads metadata and identifies the language.
"""
from __future__ import annotations

import json
import re

from ..budget import Budget, count_words
from ..document import Document, Metadata, Span
from ..errors import EmptyInput, InvalidRecord
from ..structure import structure_document
from .decoding import decode_bytes
from .html import extract_html, looks_like_html
from .language import detect_language
from .sources import DEFAULT_MAX_BYTES, RawInput, iter_inputs, read_path

__all__ = ["DEFAULT_MAX_BYTES", "RawInput", "iter_inputs", "load", "read_path"]


def _is_json_data(content: str) -> bool:
    """A whole JSON object or array (a data file given by mistake), which would be analysed as prose."""
    stripped = content.strip()
    if not (stripped[:1] in "{[" and stripped[-1:] in "}]"):
        return False
    try:
        json.loads(stripped)
    except ValueError:
        return False
    return True


def load(raw: RawInput, budget: Budget | None = None) -> Document:
    """Build a structured :class:`Document` (no analyses yet) from one input.

    ``budget``'s word limit is checked as soon as the text is known, before the
    costly structuring (paragraphs, furniture, language), so an over-long article
    is refused in a moment, whatever the time budget."""
    warnings: list[str] = []
    label = raw.label
    if isinstance(raw.data, bytes):
        content = decode_bytes(raw.data, label, warnings)
    else:
        if not raw.data.strip():
            raise EmptyInput("input is empty", label)
        content = raw.data
    kind = raw.kind
    if kind == "auto":
        kind = "html" if looks_like_html(content) else "text"
    meta = Metadata(path=raw.path, url=raw.url)
    set_apart: list[tuple[str, str]] = []
    if kind == "html":
        article = extract_html(content, label, url=raw.url)
        text = article.text
        set_apart = article.set_apart
        extracted = article.meta
        meta.title, meta.authors, meta.date, meta.site = extracted.title, extracted.authors, extracted.date, extracted.site
        meta.url = raw.url or extracted.url
    else:
        if _is_json_data(content):
            raise InvalidRecord("the input is JSON data, not an article: give the article's text or HTML (a "
                                "JSONL file of {\"text\": ...} records goes to `presslens batch`)", label)
        text = content
    # Set-apart parts of an HTML page follow the body, so offsets into the body
    # are unaffected and the reader still sees them, marked.
    marked: list[Span] = []
    for part_kind, part in set_apart:
        text += "\n\n"
        marked.append(Span(len(text), len(text) + len(part), part_kind))
        text += part
    if budget is not None:
        budget.check_words(count_words(text), label)
    doc = Document(text=text, id=raw.id, meta=meta, warnings=warnings)
    structure_document(doc, marked)
    # What the caller states about the input beats what we infer from it.
    doc.meta.title = raw.title or doc.meta.title
    doc.meta.date = _iso_date(raw.date) or doc.meta.date
    doc.meta.site = raw.site or doc.meta.site
    _identify_language(doc)
    return doc


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", value)
    return match.group(0) if match else value


def _identify_language(doc: Document) -> None:
    body = " ".join(doc.text[p.start : p.end] for p in doc.body_paragraphs()[:20])
    doc.language = detect_language(body or doc.text)
    if doc.language and doc.language != "en":
        message = (
            f"the article seems to be in '{doc.language}', not English: "
            "presslens' analysis models are English, so results may be unreliable"
        )
        doc.warnings.append(message)
