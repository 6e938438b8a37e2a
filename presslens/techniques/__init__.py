"""Persuasion techniques: the taxonomy, the trained model and the PTC tasks.

``load_model()`` gives the shipped model (ONNX encoder + NumPy heads) from
``presslens/models/techniques/``; the ``techniques`` analysis
(:mod:`presslens.analyzers.techniques`) runs it on a document's body.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ModelMissing
from ..heads.calibration import ScoreCalibration
from ..models.encoder import OnnxEncoder, check_fitted_to, encoder_folder_of, load_shared_encoder
from .model import TechniqueHeads

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "techniques"
# the linear model of ``--fast`` (no encoder pass): presslens train techniques-fast
FAST_MODEL_DIR = MODEL_DIR.parent / "techniques-fast"


@dataclass
class TechniqueModel:
    encoder: OnnxEncoder   # or, for the linear model, a FeatureEncoder (same protocol)
    heads: TechniqueHeads
    folder: Path
    calibration: ScoreCalibration | None = None   # P(right) of a span and the display threshold (calibration.json)


@lru_cache(maxsize=4)
def load_model(folder: str | None = None, blend: bool = True, calibrated: bool = True) -> TechniqueModel:
    """The technique model in ``folder`` (default: the shipped heads on the shared encoder). A folder with its own
    encoder (``presslens train techniques``) is served with it; heads fitted to the shared encoder are refused when
    it has changed. An encoder model's span classifier is blended with the linear model's where its folder says
    so (``tc_blend.json``; ``blend=False``: never). Its scores are calibrated where the folder has a
    ``calibration.json`` (``calibrated=False``: never; the calibration is fitted on the uncalibrated model)."""
    path = Path(folder) if folder else MODEL_DIR
    if not (path / "config.json").is_file():
        raise ModelMissing(f"no technique model in {path}: rebuild it with `presslens train encoder`")
    config = json.loads((path / "config.json").read_text())
    linear = config.get("kind") == "linear"
    if linear:
        from .linear import FeatureEncoder, LinearHeads
    with np.load(path / "heads.npz") as weights:
        heads = (LinearHeads if linear else TechniqueHeads)(
            dict(weights), config["techniques"], config["threshold"], config.get("merge_gap", 0),
            config.get("min_tokens", 1))
    if linear:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return TechniqueModel(FeatureEncoder(tokenizer), heads, path,
                              ScoreCalibration.read(path / "calibration.json") if calibrated else None)
    encoder_folder = encoder_folder_of(path)
    if encoder_folder != Path(path).resolve():   # a self-contained model carries its own encoder
        check_fitted_to(config, path, encoder_folder, "presslens train encoder")
    if blend:
        from .blend import with_blend

        heads = with_blend(heads, path)
    return TechniqueModel(load_shared_encoder(encoder_folder), heads, path,
                          ScoreCalibration.read(path / "calibration.json") if calibrated else None)
