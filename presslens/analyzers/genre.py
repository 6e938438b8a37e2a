"""The ``genre`` analysis: is the article opinion, reporting or satire?"""
from __future__ import annotations

from ..document import Document
from ..framing import document_features, genre_of, load_model
from ..models.provenance import model_ref
from ..results import Genre as GenreResult
from .registry import register


@register
class Genre:
    name = "genre"
    requires: tuple[str, ...] = ("encoding",)
    description = "genre of the whole article: opinion, reporting or satire, with a probability for each"
    result_model = GenreResult

    def __call__(self, doc: Document) -> None:
        model = load_model()
        doc.models[self.name] = model_ref(model.folder)
        label, scores = genre_of(document_features(doc, model.encoder)[2], model)
        doc.results[self.name] = {"label": label, "scores": scores}
