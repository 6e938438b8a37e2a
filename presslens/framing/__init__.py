"""Genre (opinion / reporting / satire) and frames (SemEval-2023 Task 3 subtask 2).

Both heads read the technique model's encoder pass (``encode_document``
caches it on the document), so they add no second pass over the text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..models.encoder import OnnxEncoder, encode_document
from ..techniques import MODEL_DIR as ENCODER_DIR, load_fitted_heads
from .features import article_features, paragraph_vectors, style_features
from .model import FramingHeads

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "framing"


@dataclass
class FramingModel:
    encoder: OnnxEncoder
    heads: FramingHeads
    folder: Path


@lru_cache(maxsize=4)
def load_model(folder: str | None = None, encoder_folder: str | None = None) -> FramingModel:
    path = Path(folder) if folder else MODEL_DIR
    config, arrays, technique_model = load_fitted_heads(path, "heads.npz", "genre/frame model",
                                                        "presslens train framing", encoder_folder)
    return FramingModel(technique_model.encoder, FramingHeads.from_arrays(arrays, config), path)


def document_features(doc, model: FramingModel) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Body units, their paragraph vectors and the article feature vector (cached per document)."""
    key = ("framing-features", id(model))
    if key not in doc.cache:
        units = [(p.start, p.end) for p in doc.body_paragraphs()]
        tokens, hidden = encode_document(doc, model.encoder, units)
        doc.cache[key] = (units, *features_from_pass(doc.text, units, tokens, hidden))
    return doc.cache[key]


def text_features(text: str, units: list[tuple[int, int]], model: FramingModel) -> tuple[np.ndarray, np.ndarray]:
    """Paragraph vectors and article features of a raw text (training and evaluation)."""
    return features_from_pass(text, units, *model.encoder.encode_text(text, units))


def features_from_pass(text, units, tokens, hidden) -> tuple[np.ndarray, np.ndarray]:
    paragraphs = paragraph_vectors(tokens, hidden, len(units))
    return paragraphs, article_features(paragraphs, style_features(text, units))


__all__ = ["ENCODER_DIR", "FramingModel", "MODEL_DIR", "document_features", "load_model", "text_features"]
