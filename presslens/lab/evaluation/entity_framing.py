"""SemEval-2025 Task 10 subtask 1 (entity framing): its file formats and its scorer, written from the task definition.

A line of an annotation or prediction file is a TSV line without header::

    file<TAB>entity<TAB>start<TAB>end<TAB>Main_Role<TAB>Fine_Role[<TAB>Fine_Role...]

with the task's own label strings (``Antagonist``, ``Foreign Adversary``) and an INCLUSIVE ``end``
(``text[start:end + 1]`` is the entity). presslens's ids are lower case with underscores (``foreign_adversary``);
this module converts at the file boundary, so the rest of presslens never sees the task's strings.

Scores over the gold mentions, matched by ``(file, start, end)`` and not by the entity column (teams spell it
differently, e.g. without quotes): the exact match ratio of the fine-role set (EMR, the official metric),
main-role accuracy, and micro precision/recall/F1 of fine roles. A gold mention without a prediction counts as
wrong; predictions of mentions not in the gold file are ignored.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The ids belong to the role head (its saved model lists them): imported, not redefined, so the scorer and the
# model cannot drift apart; re-exported here for the scorer's users.
from ...actors.roles import ALL_FINE_ROLES, FINE_ROLES, MAIN_ROLES
from ..datasets import label_lines
from ...errors import InvalidRecord

__all__ = ["ALL_FINE_ROLES", "FINE_ROLES", "MAIN_ROLES", "Mention", "RoleLabel", "format_line", "label_id",
           "per_role", "read_labels", "read_mentions", "score", "task_label", "write_predictions"]

# The task's exact strings, main role -> its fine roles, in the task's order. Written out rather than derived from
# the ids (``.title()``), so that a file is written with what the task's scorer compares, whatever the ids become.
TASK_ROLES: dict[str, tuple[str, ...]] = {
    "Protagonist": ("Guardian", "Martyr", "Peacemaker", "Rebel", "Underdog", "Virtuous"),
    "Antagonist": ("Instigator", "Conspirator", "Tyrant", "Foreign Adversary", "Traitor", "Spy", "Saboteur",
                   "Corrupt", "Incompetent", "Terrorist", "Deceiver", "Bigot"),
    "Innocent": ("Forgotten", "Exploited", "Victim", "Scapegoat"),
}

_TASK_TO_ID: dict[str, str] = {s: s.lower().replace(" ", "_")
                               for main, fines in TASK_ROLES.items() for s in (main, *fines)}
_ID_TO_TASK: dict[str, str] = {i: s for s, i in _TASK_TO_ID.items()}
_MAIN_OF: dict[str, str] = {f: main for main, fines in FINE_ROLES.items() for f in fines}


def task_label(role: str) -> str:
    """The task's string for a presslens id, main or fine: ``foreign_adversary`` -> ``Foreign Adversary``."""
    if role not in _ID_TO_TASK:
        raise ValueError(f"unknown role '{role}'")
    return _ID_TO_TASK[role]


def label_id(label: str) -> str:
    """The presslens id for a task string, main or fine: ``Foreign Adversary`` -> ``foreign_adversary``."""
    if label.strip() not in _TASK_TO_ID:
        raise ValueError(f"unknown role label '{label}'")
    return _TASK_TO_ID[label.strip()]


@dataclass(frozen=True)
class Mention:
    """One entity mention of an article. ``end`` is inclusive, exactly as in the task's files."""

    file: str
    entity: str
    start: int
    end: int

    @property
    def key(self) -> tuple[str, int, int]:
        """What scoring matches on: the span, not the entity string."""
        return (self.file, self.start, self.end)


@dataclass(frozen=True)
class RoleLabel:
    """A main role and its fine roles, as presslens ids.

    Checked when made, so that a label the task's taxonomy cannot express (an unknown id, a fine role of another
    main role) fails where it is produced rather than in a written file. An empty ``fine`` is allowed here
    (the scorer handles it), but :func:`format_line` refuses it: the task's format needs one fine role.
    """

    main: str
    fine: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.main not in FINE_ROLES:
            raise ValueError(f"unknown main role '{self.main}'")
        for fine in self.fine:
            if fine not in _MAIN_OF:
                raise ValueError(f"unknown fine role '{fine}'")
            if _MAIN_OF[fine] != self.main:
                raise ValueError(f"fine role '{fine}' is one of {_MAIN_OF[fine]}, not of {self.main}")


# --- reading and writing --------------------------------------------------------------------------------------

def _rows(path: str | Path):
    """(line number, tab-separated columns) of the non-blank lines (a missing file: InputNotFound)."""
    for number, line in label_lines(path):
        yield number, line.split("\t")


def _mention(path, number: int, columns: list[str]) -> Mention:
    expected = f"line {number}: expected file, entity, start, end (tab-separated, integer offsets)"
    if len(columns) < 4:
        raise InvalidRecord(expected, str(path))
    file, entity, start, end = columns[:4]
    start, end = start.strip(), end.strip()
    if not file.strip() or not (start.isdigit() and end.isdigit()):
        raise InvalidRecord(expected, str(path))
    if int(end) < int(start):
        raise InvalidRecord(f"line {number}: end {end} before start {start} (end is inclusive)", str(path))
    return Mention(file.strip(), entity, int(start), int(end))


def read_mentions(path: str | Path) -> list[Mention]:
    """The mentions to classify: a TSV whose first four columns are file, entity, start, end (inclusive).

    Further columns are ignored, so an annotation file also reads as its mentions.
    """
    return [_mention(path, number, columns) for number, columns in _rows(path)]


def read_labels(path: str | Path) -> dict[Mention, RoleLabel]:
    """The annotations file: every mention with its main role and at least one fine role of that main role.

    A span given twice is refused: the scorer could not tell which line counts.
    """
    labels: dict[Mention, RoleLabel] = {}
    seen: dict[tuple[str, int, int], int] = {}
    for number, columns in _rows(path):
        mention = _mention(path, number, columns)
        fines = [c for c in columns[5:] if c.strip()]
        if len(columns) < 5 or not columns[4].strip() or not fines:
            raise InvalidRecord(f"line {number}: expected a main role and at least one fine role", str(path))
        try:
            main = label_id(columns[4])
            if main not in FINE_ROLES:
                raise ValueError(f"'{columns[4]}' is a fine role, not a main role")
            label = RoleLabel(main, tuple(dict.fromkeys(label_id(c) for c in fines)))  # repeats dropped, order kept
        except ValueError as exc:
            raise InvalidRecord(f"line {number}: {exc}", str(path)) from None
        if mention.key in seen:
            raise InvalidRecord(f"line {number}: the span {mention.key} is already labelled on line "
                                f"{seen[mention.key]}", str(path))
        seen[mention.key] = number
        labels[mention] = label
    return labels


def format_line(mention: Mention, label: RoleLabel) -> str:
    """One line of the task's format (no newline), with the task's own role strings."""
    if not label.fine:
        raise ValueError(f"{mention.key}: the task's format needs at least one fine role")
    return "\t".join([mention.file, mention.entity, str(mention.start), str(mention.end), task_label(label.main),
                      *(task_label(f) for f in label.fine)])


def write_predictions(path: str | Path, items: list[tuple[Mention, RoleLabel]]) -> None:
    """The predictions in the task's format, in the order given (UTF-8, ``\\n`` line ends on every system)."""
    Path(path).write_text("".join(format_line(m, label) + "\n" for m, label in items), encoding="utf-8",
                          newline="\n")


# --- scoring --------------------------------------------------------------------------------------------------

def _by_span(labels: dict[Mention, RoleLabel], side: str) -> dict[tuple[str, int, int], RoleLabel]:
    out: dict[tuple[str, int, int], RoleLabel] = {}
    for mention, label in labels.items():
        if mention.key in out:   # the same span under two entity strings: which one counts is undefined
            raise ValueError(f"{side}: the span {mention.key} is labelled twice")
        out[mention.key] = label
    return out


def _pairs(gold: dict[Mention, RoleLabel], predicted: dict[Mention, RoleLabel]
           ) -> list[tuple[RoleLabel, RoleLabel | None]]:
    """(gold label, predicted label or None) per gold mention; predictions of other spans are dropped."""
    guesses = _by_span(predicted, "predicted")
    return [(truth, guesses.get(key)) for key, truth in _by_span(gold, "gold").items()]


def score(gold: dict[Mention, RoleLabel], predicted: dict[Mention, RoleLabel]) -> dict:
    """EMR (official), main-role accuracy and micro P/R/F1 of fine roles over the gold mentions, rounded to 4 places.

    A gold mention without a prediction counts as wrong (no main role, no fine role) and in ``missing``, so that
    skipping hard mentions cannot raise a score. Fine roles are compared as sets: their order carries no meaning.
    """
    exact = main = overlap = n_predicted = n_gold = missing = 0
    pairs = _pairs(gold, predicted)
    for truth, guess in pairs:
        missing += guess is None
        said, meant = (set(guess.fine) if guess else set()), set(truth.fine)
        exact += said == meant
        main += guess is not None and guess.main == truth.main
        overlap += len(said & meant)
        n_predicted += len(said)
        n_gold += len(meant)
    n = len(pairs)
    precision = overlap / n_predicted if n_predicted else 0.0
    recall = overlap / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"mentions": n, "emr": round(exact / n, 4) if n else 0.0, "main_accuracy": round(main / n, 4) if n else 0.0,
            "fine_precision": round(precision, 4), "fine_recall": round(recall, 4), "fine_f1": round(f1, 4),
            "missing": missing}


def per_role(gold: dict[Mention, RoleLabel], predicted: dict[Mention, RoleLabel]) -> dict[str, dict]:
    """Per gold main role: ``mentions`` (gold count) and ``accuracy``, the share of them predicted with that main
    role (its recall), for the README's table of where the errors are."""
    counts = {role: [0, 0] for role in MAIN_ROLES}
    for truth, guess in _pairs(gold, predicted):
        counts[truth.main][0] += 1
        counts[truth.main][1] += guess is not None and guess.main == truth.main
    return {role: {"mentions": n, "accuracy": round(right / n, 4) if n else 0.0} for role, (n, right) in counts.items()}
