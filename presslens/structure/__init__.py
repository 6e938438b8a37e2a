"""Document structure: paragraphs, non-body regions and header metadata."""
from __future__ import annotations

from ..document import Document, Span
from .glued import cut_glued_tail, cut_inline
from .metadata import header_metadata
from .nonbody import detect_header, detect_regions
from .paragraphs import split_paragraphs

__all__ = ["structure_document", "split_paragraphs", "detect_regions"]


def structure_document(doc: Document, marked: list[Span] = ()) -> None:
    """Fill ``paragraphs`` and ``regions``, and metadata found in the text itself.

    ``marked`` are regions already known from the page's markup (an HTML
    ``<figcaption>``, a subscribe box); they take precedence over the detector.
    """
    doc.paragraphs, glued, glued_to = cut_inline(doc.text, split_paragraphs(doc.text))
    header = detect_header([doc.fragment(p) for p in doc.paragraphs[:5]])
    detected = detect_regions(doc.text, doc.paragraphs, header)
    known = [*glued, *marked]   # what the page's markup or the glued-furniture rules say beats the detector
    overruled = [*known, *glued_to]
    regions = [*(r for r in detected if not any(r.overlaps(k) for k in overruled)), *known]
    doc.paragraphs, regions = cut_glued_tail(doc.text, doc.paragraphs, regions, header, glued_to)
    regions += [k for k in kicker_lines(doc) if not any(k.overlaps(r) for r in regions)]
    doc.regions = sorted(regions, key=lambda r: (r.start, r.end))
    header_metadata(doc, header)


def kicker_lines(doc: Document, most: int = 2, words: int = 3) -> list[Span]:
    """The short lines a page puts above its headline (a live blog's "LIVE" badge, a section kicker), as
    boilerplate regions, so that the headline is the title line and is read as a headline: up to ``most``
    lines of at most ``words`` words each, before the first paragraph that is the page's title."""
    title = " ".join((doc.meta.title or "").split())
    if not title:
        return []
    for index, paragraph in enumerate(doc.paragraphs[:most + 1]):
        if " ".join(doc.fragment(paragraph).split()) == title:
            above = doc.paragraphs[:index]
            if all(len(doc.fragment(p).split()) <= words for p in above):
                return [Span(p.start, p.end, "boilerplate") for p in above]
            break
    return []
