"""Genre (opinion / reporting / satire) and frames (SemEval-2023 Task 3 subtask 2).

Both heads read the technique model's encoder pass (``encode_document``
caches it on the document), so they add no second pass over the text.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ModelMissing
from ..models.encoder import OnnxEncoder, encode_document
from ..techniques import MODEL_DIR as ENCODER_DIR, load_model as load_technique_model
from .features import article_features, paragraph_vectors, style_features
from .model import FramingHeads

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "framing"


@dataclass
class FramingModel:
    encoder: OnnxEncoder
    heads: FramingHeads


@lru_cache(maxsize=4)
def load_model(folder: str | None = None, encoder_folder: str | None = None) -> FramingModel:
    path = Path(folder) if folder else MODEL_DIR
    if not (path / "config.json").is_file():
        raise ModelMissing(f"no genre/frame model in {path}: rebuild it with `presslens train framing`")
    config = json.loads((path / "config.json").read_text())
    with np.load(path / "heads.npz") as arrays:
        heads = FramingHeads.from_arrays(dict(arrays), config)
    technique_model = load_technique_model(encoder_folder)
    if config.get("encoder_fingerprint") != encoder_fingerprint(technique_model.folder):
        raise ModelMissing(f"the genre/frame heads in {path} were fitted to another encoder than the one in "
                           f"{technique_model.folder}: refit them with `presslens train framing`")
    return FramingModel(technique_model.encoder, heads)


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


def encoder_fingerprint(folder: Path) -> str:
    """The heads are fitted to one encoder: a retrained technique model needs refitted heads."""
    config = json.loads((folder / "config.json").read_text())
    digest = hashlib.sha256((folder / config["encoder_file"]).read_bytes()).hexdigest()
    return digest[:16]


__all__ = ["ENCODER_DIR", "FramingModel", "MODEL_DIR", "document_features", "load_model", "text_features"]
