"""Reading check-worthiness data in the CheckThat! TSV layout (``Sentence_id``, ``Text``, ``class_label``)."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputNotFound, InvalidRecord

# CT24's train file has a record whose line break went missing ("...\tNo29286\tYou can't...\tNo"):
# a label directly followed by the next record's id.
_GLUED_LABEL = re.compile(r"^(Yes|No)(\d+)$")


@dataclass(frozen=True)
class LabelledSentence:
    id: str
    text: str
    label: bool | None   # True = check-worthy ("Yes"); None when the file has no labels


def read_checkworthiness(path: str | Path) -> list[LabelledSentence]:
    """Sentences of a CheckThat!-format TSV (header line, standard CSV quoting, tab-separated).

    The ``class_label`` column is optional (a file to predict); ids must be unique.
    """
    path = Path(path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
    except FileNotFoundError:
        raise InputNotFound("no such file", str(path)) from None
    except UnicodeDecodeError:
        raise InvalidRecord("not UTF-8 text", str(path)) from None
    except (OSError, csv.Error) as error:
        raise InvalidRecord(f"cannot read it as TSV ({error})", str(path)) from None
    if not rows:
        raise InvalidRecord("empty file (expected a header: Sentence_id, Text, class_label)", str(path))
    header = [h.strip().lower() for h in rows[0]]
    if "text" not in header or not any(h in header for h in ("sentence_id", "id")):
        raise InvalidRecord(f"header {rows[0]!r} lacks Sentence_id and Text columns", str(path))
    id_col = header.index("sentence_id") if "sentence_id" in header else header.index("id")
    text_col = header.index("text")
    label_col = header.index("class_label") if "class_label" in header else None
    width = max(id_col, text_col, label_col or 0) + 1
    sentences: list[LabelledSentence] = []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        while label_col is not None and len(row) > width and _GLUED_LABEL.match(row[label_col]):
            glued = _GLUED_LABEL.match(row[label_col])
            sentences.append(_sentence(row[:label_col] + [glued.group(1)], id_col, text_col, label_col, path, number))
            row = [glued.group(2)] + row[label_col + 1:]
        if len(row) < width:
            raise InvalidRecord(f"line {number}: expected {width} tab-separated columns, found {len(row)}", str(path))
        sentences.append(_sentence(row, id_col, text_col, label_col, path, number))
    seen: set[str] = set()
    for sentence in sentences:
        if sentence.id in seen:
            raise InvalidRecord(f"sentence id {sentence.id} occurs twice", str(path))
        seen.add(sentence.id)
    return sentences


def _sentence(row, id_col, text_col, label_col, path, number) -> LabelledSentence:
    label = None
    if label_col is not None:
        value = row[label_col].strip().lower()
        if value not in ("yes", "no", "1", "0"):
            raise InvalidRecord(f"line {number}: class_label {row[label_col]!r} is not Yes or No", str(path))
        label = value in ("yes", "1")
    return LabelledSentence(row[id_col].strip(), row[text_col], label)


def read_liar(path: str | Path) -> list[LabelledSentence]:
    """The statements of a LIAR file (Wang 2017: TSV, no header, 14 columns, no quoting), all labelled
    check-worthy: each is a claim PolitiFact checked. Scoring them measures recall only."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = [row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if any(row)]
    except FileNotFoundError:
        raise InputNotFound("no such file", str(path)) from None
    except UnicodeDecodeError:
        raise InvalidRecord("not UTF-8 text", str(path)) from None
    for number, row in enumerate(rows, 1):
        if len(row) < 3:
            raise InvalidRecord(f"line {number}: not a LIAR record (id, label, statement, ...)", str(path))
    return [LabelledSentence(row[0], row[2], True) for row in rows]


@dataclass(frozen=True)
class DebateSentence:
    id: str
    text: str
    verdict: int     # ClaimBuster: 1 check-worthy factual (CFS), 0 unimportant factual (UFS), -1 not factual (NFS)
    debate: str      # the transcript's date, YYYY-MM-DD (``File_id`` without .txt)
    line: int        # position in the transcript

    @property
    def year(self) -> int:
        return int(self.debate[:4])

    @property
    def check_worthy(self) -> bool:
        return self.verdict == 1


def read_claimbuster(path: str | Path) -> list[DebateSentence]:
    """ClaimBuster's ``crowdsourced.csv`` / ``groundtruth.csv`` (Arslan et al. 2020), in transcript order.

    ``File_id`` dates each sentence's debate, which is what a split by time needs (CheckThat! 2024's train
    file holds the same sentences without it).
    """
    path = Path(path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise InputNotFound("no such file", str(path)) from None
    except UnicodeDecodeError:
        raise InvalidRecord("not UTF-8 text", str(path)) from None
    needed = {"Sentence_id", "Text", "File_id", "Line_number", "Verdict"}
    if not rows or not needed <= set(rows[0]):
        raise InvalidRecord(f"expected ClaimBuster columns {sorted(needed)}", str(path))
    sentences = []
    for number, row in enumerate(rows, 2):
        try:
            sentences.append(DebateSentence(row["Sentence_id"], row["Text"], int(row["Verdict"]),
                                            row["File_id"].removesuffix(".txt"), int(row["Line_number"])))
        except ValueError:
            raise InvalidRecord(f"line {number}: Verdict and Line_number must be integers", str(path)) from None
    return sorted(sentences, key=lambda s: (s.debate, s.line))
