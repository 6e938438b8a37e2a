"""Which model produced a finding: a short fingerprint of each model folder.

Reports name the models their analyses used (``models`` in the report), and a
batch run records the fingerprints of every shipped model when it starts, so
that a run resumed after a retraining does not mix two models' results in one
table.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .encoder import file_fingerprint

MODELS_DIR = Path(__file__).resolve().parent
# files that describe a model rather than decide its output
_DESCRIPTIVE = {"MODEL_CARD.md", "training.json", "heldout_scores.json"}


@lru_cache(maxsize=16)
def folder_fingerprint(folder: str) -> str:
    """A short hash over the names and bytes of the files that decide a model's output (weights, tokenizer,
    config, blend); a retrained or re-blended model gets a new one."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and path.name not in _DESCRIPTIVE and path.suffix in (".json", ".npz", ".onnx"):
            digest.update(f"{path.name}={file_fingerprint(path)};".encode())
    return digest.hexdigest()[:12]


def model_ref(folder: Path) -> dict:
    """``{"model": <folder name>, "fingerprint": ...}`` for a report's ``models``."""
    return {"model": Path(folder).name, "fingerprint": folder_fingerprint(str(folder))}


def shipped_models() -> dict[str, str]:
    """Fingerprint of every model folder shipped in ``presslens/models``."""
    return {folder.name: folder_fingerprint(str(folder))
            for folder in sorted(MODELS_DIR.iterdir()) if (folder / "config.json").is_file()}

