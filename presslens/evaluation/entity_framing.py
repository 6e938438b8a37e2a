"""SemEval-2025 Task 10 subtask 1 (entity framing): its file formats and its scorer, written from the task definition.

A line of an annotation or prediction file is ``file<TAB>entity<TAB>start<TAB>end<TAB>Main_Role<TAB>Fine_Role[...]``
with the task's own label strings (``Antagonist``, ``Foreign Adversary``) and an INCLUSIVE ``end``
(``text[start:end + 1]`` is the entity). presslens's ids are lower case with underscores (``foreign_adversary``).

Scores over the gold mentions, matched by ``(file, start, end)``: the exact match ratio of the fine-role set (EMR,
the official metric), main-role accuracy, and micro precision/recall/F1 of fine roles. A gold mention without a
prediction counts as wrong; predictions of mentions not in the gold file are ignored.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..actors.roles import ALL_FINE_ROLES, FINE_ROLES, MAIN_ROLES
from ..errors import InvalidRecord

__all__ = ["ALL_FINE_ROLES", "FINE_ROLES", "MAIN_ROLES", "Mention", "RoleLabel", "format_line", "label_id",
           "per_role", "read_labels", "read_mentions", "score", "task_label", "write_predictions"]

_TASK = {role: role.replace("_", " ").title() for role in (*MAIN_ROLES, *ALL_FINE_ROLES)}
_IDS = {label: role for role, label in _TASK.items()}


def task_label(role: str) -> str:
    """``foreign_adversary`` -> ``Foreign Adversary``."""
    if role not in _TASK:
        raise ValueError(f"unknown role '{role}'")
    return _TASK[role]


def label_id(label: str) -> str:
    """``Foreign Adversary`` -> ``foreign_adversary``."""
    if label.strip() not in _IDS:
        raise ValueError(f"unknown role label '{label}'")
    return _IDS[label.strip()]


@dataclass(frozen=True)
class Mention:
    file: str
    entity: str
    start: int
    end: int     # inclusive, as in the task's files

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.file, self.start, self.end)


@dataclass(frozen=True)
class RoleLabel:
    main: str
    fine: tuple[str, ...]


def _rows(path: str | Path):
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidRecord(f"cannot read the mentions file ({exc.__class__.__name__})", str(path)) from None
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield number, line.rstrip("\r").split("\t")


def _mention(path, number: int, columns: list[str]) -> Mention:
    try:
        file, entity, start, end = columns[:4]
        return Mention(file.strip(), entity, int(start), int(end))
    except ValueError:
        raise InvalidRecord(f"line {number}: expected file, entity, start, end (tab-separated, integer offsets)",
                            str(path)) from None


def read_mentions(path: str | Path) -> list[Mention]:
    """The mentions to classify: a TSV whose first four columns are file, entity, start, end (inclusive)."""
    return [_mention(path, number, columns) for number, columns in _rows(path)]


def read_labels(path: str | Path) -> dict[Mention, RoleLabel]:
    """The annotations file: every mention with its main role and at least one fine role."""
    labels = {}
    for number, columns in _rows(path):
        mention = _mention(path, number, columns)
        if len(columns) < 6 or not any(c.strip() for c in columns[5:]):
            raise InvalidRecord(f"line {number}: expected a main role and at least one fine role", str(path))
        try:
            labels[mention] = RoleLabel(label_id(columns[4]), tuple(label_id(c) for c in columns[5:] if c.strip()))
        except ValueError as exc:
            raise InvalidRecord(f"line {number}: {exc}", str(path)) from None
    return labels


def format_line(mention: Mention, label: RoleLabel) -> str:
    return "\t".join([mention.file, mention.entity, str(mention.start), str(mention.end), task_label(label.main),
                      *(task_label(f) for f in label.fine)])


def write_predictions(path: str | Path, items: list[tuple[Mention, RoleLabel]]) -> None:
    Path(path).write_text("".join(format_line(m, label) + "\n" for m, label in items), encoding="utf-8")


def score(gold: dict[Mention, RoleLabel], predicted: dict[Mention, RoleLabel]) -> dict:
    by_key = {mention.key: label for mention, label in predicted.items()}
    exact = main = overlap = n_predicted = n_gold = missing = 0
    for mention, truth in gold.items():
        guess = by_key.get(mention.key)
        missing += guess is None
        said = set(guess.fine) if guess else set()
        exact += said == set(truth.fine)
        main += bool(guess and guess.main == truth.main)
        overlap += len(said & set(truth.fine))
        n_predicted += len(said)
        n_gold += len(set(truth.fine))
    n = len(gold)
    precision = overlap / n_predicted if n_predicted else 0.0
    recall = overlap / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"mentions": n, "emr": round(exact / n, 4) if n else 0.0, "main_accuracy": round(main / n, 4) if n else 0.0,
            "fine_precision": round(precision, 4), "fine_recall": round(recall, 4), "fine_f1": round(f1, 4),
            "missing": missing}


def per_role(gold: dict[Mention, RoleLabel], predicted: dict[Mention, RoleLabel]) -> dict[str, dict]:
    """Per gold main role: how many mentions, and the share given that main role."""
    by_key = {mention.key: label for mention, label in predicted.items()}
    out = {}
    for role in MAIN_ROLES:
        of_role = [m for m, label in gold.items() if label.main == role]
        right = sum(1 for m in of_role if by_key.get(m.key) and by_key[m.key].main == role)
        out[role] = {"mentions": len(of_role), "accuracy": round(right / len(of_role), 4) if of_role else 0.0}
    return out
