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
# files that describe a model rather than decide its output (and the evaluations' score files, eval_*.json, kept
# beside it for the results table: refreshing a figure is no new model)
_DESCRIPTIVE = {"MODEL_CARD.md", "training.json", "heldout_scores.json"}
LICENCES_PAGE = "docs/licences.md"


def _describes(path: Path) -> bool:
    return path.name in _DESCRIPTIVE or (path.name.startswith("eval_") and path.suffix == ".json")


def save_model_card(folder: Path, card: str) -> None:
    """Write ``folder``/MODEL_CARD.md, ending with where the licences of its base weights and data are stated (one
    page for every model: several share data, and a licence is read from its dataset's PROVENANCE.md once)."""
    anchor = Path(folder).name.lower()
    licences = (f"\n## Licences\nThe licences of this model's base weights and of the data it was fitted, tuned and "
                f"scored on: [{LICENCES_PAGE}](../../../{LICENCES_PAGE}#{anchor}).\n")
    text = card.rstrip("\n") + "\n"
    (Path(folder) / "MODEL_CARD.md").write_text(text if "\n## Licences\n" in text else text + licences,
                                                encoding="utf-8")


@lru_cache(maxsize=16)
def folder_fingerprint(folder: str) -> str:
    """A short hash over the names and bytes of the files that decide a model's output (weights, tokenizer,
    config, blend); a retrained or re-blended model gets a new one."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and not _describes(path) and path.suffix in (".json", ".npz", ".onnx"):
            digest.update(f"{path.name}={file_fingerprint(path)};".encode())
    return digest.hexdigest()[:12]


def model_ref(folder: Path) -> dict:
    """``{"model": <folder name>, "fingerprint": ...}`` for a report's ``models``."""
    return {"model": Path(folder).name, "fingerprint": folder_fingerprint(str(folder))}


def shipped_models() -> dict[str, str]:
    """Fingerprint of every model folder shipped in ``presslens/models``."""
    return {folder.name: folder_fingerprint(str(folder))
            for folder in sorted(MODELS_DIR.iterdir()) if (folder / "config.json").is_file()}

