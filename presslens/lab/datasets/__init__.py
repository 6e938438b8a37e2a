"""Labelled corpora on disk: article folders and the fixed train/dev/held-out split.

Shared by every trained analysis, so that one article is in the same part of
the split for all of them: an article the technique encoder trained on is
never a held-out article for the heads that read that encoder.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ...errors import InputNotFound, InvalidRecord

ARTICLE_ID = re.compile(r"article(\d+)")


def article_id_of(path: Path) -> str:
    match = ARTICLE_ID.search(path.name)
    return match.group(1) if match else path.stem


def read_articles(folder: str | Path) -> dict[str, str]:
    folder = Path(folder)
    if not folder.is_dir():
        raise InputNotFound(f"articles folder not found: {folder}")
    articles = {}
    # article<ID>.txt as in PTC and SemEval; any .txt only where a folder has none of those
    paths = sorted(folder.glob("article*.txt")) or sorted(folder.glob("*.txt"))
    for path in paths:
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                articles[article_id_of(path)] = handle.read()
        except UnicodeDecodeError:
            raise InvalidRecord(f"{path}: not UTF-8 text (article files must be UTF-8)") from None
    if not articles:
        raise InputNotFound(f"no article*.txt files in {folder}")
    return articles


def label_lines(path: str | Path):
    """(line number, line without its newline) of the non-blank lines of a UTF-8 label or data file (``.gz`` read
    as gzip)."""
    import gzip

    path = Path(path)
    if not path.is_file():
        raise InputNotFound(f"label file not found: {path}")
    try:
        opened = gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8")
        with opened as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield number, line.rstrip("\r\n")
    except UnicodeDecodeError:
        raise InvalidRecord(f"{path}: not UTF-8 text (label files must be UTF-8)") from None
    except (OSError, EOFError) as exc:   # a damaged or truncated .gz
        raise InvalidRecord(f"{path}: cannot be read ({exc})") from None


# --- the fixed held-out split -------------------------------------------------

HELDOUT_PERCENT = 20
DEV_PERCENT = 10


def split_of(article_id: str) -> str:
    """'heldout', 'dev' or 'train' for an article, fixed by a hash of its ID (PTC and SemEval-2023 share IDs).

    The split depends on nothing but the ID, so it is the same on every
    machine and for every future article set: 20 % held out for the reported
    figures (never used for training or tuning), 10 % dev (early stopping and
    the span threshold), 70 % training.
    """
    bucket = int(hashlib.sha256(f"presslens-ptc-{article_id}".encode()).hexdigest(), 16) % 100
    if bucket < HELDOUT_PERCENT:
        return "heldout"
    if bucket < HELDOUT_PERCENT + DEV_PERCENT:
        return "dev"
    return "train"
