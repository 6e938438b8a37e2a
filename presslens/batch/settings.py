"""What a batch run was started with, kept in ``OUT/run.json``; a resumed run must match it.

Without this check, a run resumed with other analyses, with ``--fast``, with another evidence
index, or after a model was retrained would finish "complete" while its tables mix two kinds of
rows that no query can tell apart.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import UsageError

RUN_FILE = "run.json"


def run_settings(names: list[str], fast: bool, evidence: str | None) -> dict:
    from ..models.provenance import shipped_models

    return {"analyses": sorted(names), "fast": fast, "evidence": evidence, "models": shipped_models()}


def check_settings(out: Path, settings: dict) -> None:
    """Record ``settings`` in a new output folder; in one that a run already started, refuse other settings."""
    path = Path(out) / RUN_FILE
    if path.is_file():
        started = json.loads(path.read_text())
        changes = _differences(started, settings)
        if changes:
            raise UsageError(f"{out} holds a run started with other settings ({'; '.join(changes)}): "
                             "resume it with the same options and models, or write to a new --out")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.with_suffix(".tmp").write_text(json.dumps(settings, indent=2) + "\n")
    os.replace(path.with_suffix(".tmp"), path)


def _differences(started: dict, now: dict) -> list[str]:
    changes = []
    if started.get("analyses") != now["analyses"]:
        changes.append(f"analyses {','.join(started.get('analyses', []))} then, {','.join(now['analyses'])} now")
    if started.get("fast") != now["fast"]:
        changes.append("--fast then, not now" if started.get("fast") else "no --fast then, --fast now")
    if started.get("evidence") != now["evidence"]:
        changes.append(f"--evidence {started.get('evidence') or '(none)'} then, {now['evidence'] or '(none)'} now")
    models = started.get("models", {})
    retrained = sorted(name for name in set(models) | set(now["models"]) if models.get(name) != now["models"].get(name))
    if retrained:
        changes.append(f"the {', '.join(retrained)} model{'s' if len(retrained) > 1 else ''} changed since")
    return changes
