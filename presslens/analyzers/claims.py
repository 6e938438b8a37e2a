"""The ``claims`` analysis: check-worthy sentences as claim cards, verified against evidence when given.

Each body sentence is scored by the check-worthiness head over the shared
encoder pass (no second pass). Sentences at or above the head's threshold
become claim cards: quantities, time expressions, places, actors and the
source the claim is attributed to, every part with offsets into ``text``.
With an evidence index (``analyze --evidence evidence.db``) each card also
gets a verdict and the evidence sentences behind it.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..claims.cards import claim_cards
from ..document import Document
from ..results import ClaimCard
from .registry import register


@register
class Claims:
    name = "claims"
    requires: tuple[str, ...] = ("nlp", "encoding", "entities")
    follows: tuple[str, ...] = ("genre",)   # a satire's statements are flagged, not shown as check-worthy
    description = "check-worthy factual claims with their numbers, dates, places, actors and source; verdicts with --evidence"
    result_model = Annotated[list[ClaimCard], Field(description="claim cards over the body, sorted by start")]

    def __call__(self, doc: Document) -> None:
        doc.results[self.name] = claim_cards(doc)
