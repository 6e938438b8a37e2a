"""Document structure: paragraphs, non-body regions and header metadata."""
from __future__ import annotations

from ..document import Document, Span
from .metadata import header_metadata
from .nonbody import detect_header, detect_regions
from .paragraphs import split_paragraphs

__all__ = ["structure_document", "split_paragraphs", "detect_regions"]


def structure_document(doc: Document, marked: list[Span] = ()) -> None:
    """Fill ``paragraphs`` and ``regions``, and metadata found in the text itself.

    ``marked`` are regions already known from the page's markup (an HTML
    ``<figcaption>``, a subscribe box); they take precedence over the detector.
    """
    doc.paragraphs = split_paragraphs(doc.text)
    header = detect_header([doc.fragment(p) for p in doc.paragraphs[:5]])
    detected = detect_regions(doc.text, doc.paragraphs, header)
    detected = [r for r in detected if not any(r.overlaps(m) for m in marked)]
    doc.regions = sorted([*detected, *marked], key=lambda r: (r.start, r.end))
    header_metadata(doc, header)
