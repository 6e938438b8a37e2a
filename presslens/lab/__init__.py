"""The lab: what builds and measures presslens, apart from what analyses an article.

``training`` fits the shipped models (``presslens train HEAD``, one spec per head in ``training/specs.py``),
``evaluation`` scores them on held-out data (``presslens eval TASK``, ``evaluation/specs.py``; the metrics in
``evaluation/metrics.py``), ``bench`` times them (``presslens bench``) and ``datasets`` reads the labelled corpora.
The analysis code never imports this package (the layer contract in ``pyproject.toml``, checked by ``make test``);
only the command line does.

The paths every part of the lab shares are here: the package's own folders, and the labelled data root (``--data``
where a command takes it, else ``$PRESSLENS_DATA``, else ``../shared/data`` beside this repository, where its make
targets find it).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence, TypeVar

from ..errors import UsageError

PACKAGE = Path(__file__).resolve().parents[1]
LABELS_DIR = PACKAGE / "labels"
MODELS_DIR = PACKAGE / "models"
EXAMPLES_DIR = PACKAGE / "examples"
REPOSITORY = PACKAGE.parent
DATA_ROOT = Path(os.environ.get("PRESSLENS_DATA") or REPOSITORY.parent / "shared" / "data")


Named = TypeVar("Named")


def by_name(items: Sequence[Named], name: str, what: str) -> Named:
    """The item of ``items`` (specs) whose ``name`` is ``name``; else a usage error naming ``what`` and the names."""
    for item in items:
        if item.name == name:
            return item
    raise UsageError(f"no {what} {name!r}: {', '.join(item.name for item in items)}")
