"""The one file format of fitted heads and its loader.

A head folder holds ``config.json`` (labels, thresholds, what was chosen and how; ``encoder_fingerprint``: the
hash of the encoder graph the head was fitted to; ``encoder``: where that encoder is, relative to the folder)
and one ``.npz`` of NumPy arrays. A head is only ever served with the encoder it was fitted to: a retrained
encoder makes every head refuse to load until it is refitted (exit code 11).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..errors import ModelMissing
from ..models.encoder import (OnnxEncoder, check_fitted_to, encoder_beside, encoder_fingerprint, encoder_folder_of,
                              load_shared_encoder)


def load_head(path: Path, file: str, what: str, rebuild: str, encoder_folder: str | None = None,
              expect: dict[str, object] | None = None) -> tuple[dict, dict, OnnxEncoder]:
    """Config and arrays of the head in ``path`` (arrays in ``file``), with the encoder it was fitted to (one
    instance per process, so every head reads the same pass). ``what`` and ``rebuild`` name the head and the
    command that refits it in the error a missing or mismatched head gives; ``expect``: config entries the head
    must have as this presslens reads them (its labels, its features), else it is refused the same way."""
    path = Path(path)
    if not (path / "config.json").is_file():
        raise ModelMissing(f"no {what} in {path}: rebuild it with `{rebuild}`")
    config = json.loads((path / "config.json").read_text())
    for key, value in (expect or {}).items():
        if list(config.get(key, [])) != list(value):
            raise ModelMissing(f"the {what} in {path} has other {key.replace('_', ' ')} than this presslens: "
                               f"refit it with `{rebuild}`")
    folder = Path(encoder_folder).resolve() if encoder_folder else encoder_folder_of(path)
    check_fitted_to(config, path, folder, rebuild)
    with np.load(path / file) as arrays:
        return config, dict(arrays), load_shared_encoder(folder)


def write_head(folder: Path, file: str, arrays: dict[str, np.ndarray], config: dict) -> dict:
    """Write a fitted head: its arrays (float32) and its config, stamped with the encoder it was fitted to (the
    one beside ``folder``, else the shipped one). Returns the config written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    encoder_dir = encoder_beside(folder)
    np.savez_compressed(folder / file, **{k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()})
    config = {**config, "encoder": "../shared-encoder", "encoder_fingerprint": encoder_fingerprint(encoder_dir)}
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return config
