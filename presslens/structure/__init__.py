"""Document structure: paragraphs, non-body regions and header metadata."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..document import Document, Span
from .glued import cut_glued_tail, cut_inline
from .metadata import header_metadata
from .nonbody import HeaderInfo, detect_header, paragraph_kinds, regions_of, united
from .paragraphs import split_paragraphs

__all__ = ["structure_document", "revise_regions", "split_paragraphs"]


@dataclass
class Structuring:
    """What the detector's decision was made beside, kept on the document (``doc.cache``) so that the second look
    (:func:`revise_regions`) decides again with the same header and the same fixed parts."""

    header: HeaderInfo
    fixed: list[Span]         # regions not from the detector: the page's markup, glued furniture, kicker lines
    overruled: list[Span]     # where the detector's regions are dropped: the fixed ones, text forced to be body,
                              # the pieces the glued tail's cut made (decided by that cut)


def structure_document(doc: Document, marked: list[Span] = ()) -> None:
    """Fill ``paragraphs`` and ``regions``, and metadata found in the text itself.

    ``marked`` are regions already known from the page's markup (an HTML
    ``<figcaption>``, a subscribe box); they take precedence over the detector.
    """
    doc.paragraphs, glued, glued_to = cut_inline(doc.text, split_paragraphs(doc.text))
    header = detect_header([doc.fragment(p) for p in doc.paragraphs[:5]])
    read = set(doc.paragraphs)
    known = [*glued, *marked]   # what the page's markup or the glued-furniture rules say beats the detector
    overruled = [*known, *glued_to]
    # here a region that touches what is overruled is dropped whole: the first decision reads no vectors, and a run
    # of paragraphs it merged with text forced to be body is as likely story as box (a live blog's lines)
    kept = [r for r in regions_of(doc.text, doc.paragraphs, detected_kinds(doc, header, []))
            if not any(r.overlaps(k) for k in overruled)]
    doc.paragraphs, regions = cut_glued_tail(doc.text, doc.paragraphs, [*kept, *known], header, glued_to)
    regions += [k for k in kicker_lines(doc) if not any(k.overlaps(r) for r in regions)]
    doc.regions = sorted(regions, key=lambda r: (r.start, r.end))
    header_metadata(doc, header)
    fixed = [r for r in doc.regions if r not in kept]
    cut = [p for p in doc.paragraphs if p not in read]
    doc.cache[STRUCTURING] = Structuring(header, fixed, [*overruled, *fixed, *cut])


STRUCTURING = "structuring"


def detected_kinds(doc: Document, header: HeaderInfo, overruled: list[Span], model=None,
                   vectors: np.ndarray | None = None, first: list[str | None] | None = None) -> list[str | None]:
    """The detector's kind of each of ``doc.paragraphs`` (:func:`~.nonbody.paragraph_kinds` with ``model`` and
    ``vectors``; united with the ``first`` decision's kinds when given), None for every paragraph that overlaps
    what is ``overruled``: paragraph by paragraph, not region by region, so a box's lines stay apart when the line
    after it is text the glued-furniture rules forced to be body."""
    kinds = paragraph_kinds([doc.fragment(p) for p in doc.paragraphs], header, model, vectors)
    if first is not None:
        kinds = united(first, kinds)
    return [None if any(p.overlaps(k) for k in overruled) else kind for p, kind in zip(doc.paragraphs, kinds)]


def revise_regions(doc: Document, model, vectors: dict[tuple[int, int], np.ndarray]) -> bool:
    """The second look: the detector's decision made again by ``model`` (a non-body model that reads paragraph
    vectors, :func:`~.nonbody.second_look_model`) with ``vectors`` (``(start, end)`` of a paragraph -> its vector),
    over every paragraph; the fixed parts stay as they are. Returns whether the regions changed (False, and
    nothing done, for a document structured without its :class:`Structuring` or a paragraph without a vector)."""
    state = doc.cache.get(STRUCTURING)
    if state is None or not doc.paragraphs or any((p.start, p.end) not in vectors for p in doc.paragraphs):
        return False
    rows = np.stack([vectors[(p.start, p.end)] for p in doc.paragraphs])
    first = None
    if model.config.get("policy") == "union":   # what the first decision set apart stays apart
        first = [None if region is None or region in state.fixed else region.label
                 for region in map(doc.region_at, doc.paragraphs)]
    kinds = detected_kinds(doc, state.header, state.overruled, model, rows, first)
    regions = sorted([*regions_of(doc.text, doc.paragraphs, kinds), *state.fixed], key=lambda r: (r.start, r.end))
    if regions == doc.regions or all(kind not in (None, "heading") for kind in kinds):
        return False   # unchanged, or a text it would leave without body (a paste of links): the first decision
    doc.regions = regions
    return True


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
