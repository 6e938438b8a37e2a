"""The work of a batch: one item per article, named before anything is read.

Items are light (a path, or one JSONL line) so that millions of them stream
through in constant memory; ``key`` (the input path, or ``path:line``) is what
the run records as done, so a restarted run skips exactly those.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..ingest.sources import JSONL_SUFFIXES

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True)
class WorkItem:
    id: str                   # the file's stem, or the JSONL record's id (file stem + line number without one)
    key: str                  # where it came from: a path, or path:line
    path: str | None = None   # a file to read
    line: bytes | None = None  # or one JSONL record
    html: bytes | None = None  # or the body of a WARC response
    url: str | None = None
    unreadable: str | None = None  # why a folder could not be listed: the item is then an error row


def iter_work(inputs: Iterable[str]) -> Iterator[WorkItem]:
    for arg in inputs:
        path = Path(arg)
        if path.is_dir():
            for file in files_under(path):
                if isinstance(file, Unreadable):
                    yield WorkItem(file.path.name, str(file.path), unreadable=file.reason)
                elif file.suffix.lower() in ARTICLE_SUFFIXES:
                    yield WorkItem(file.stem, str(file), path=str(file))
                elif file.suffix.lower() in JSONL_SUFFIXES:
                    yield from _jsonl(file)
                elif file.name.lower().endswith(WARC_SUFFIXES):
                    yield from _warc(file)
        elif path.suffix.lower() in JSONL_SUFFIXES and path.is_file():
            yield from _jsonl(path)
        elif path.name.lower().endswith(WARC_SUFFIXES) and path.is_file():
            yield from _warc(path)
        else:  # a file, or something missing: the worker reports it as an error row
            yield WorkItem(path.stem, str(path), path=str(path))


@dataclass(frozen=True)
class Unreadable:
    path: Path
    reason: str


def files_under(folder: Path) -> Iterator[Path | Unreadable]:
    """The files under ``folder``, in the order of ``sorted(folder.rglob("*"))``, one directory listed at a time.

    Sorting the whole tree first would hold a million paths (hundreds of MB) and stat every file before the first
    article is read; this walk holds the listing of one directory per level. Like ``rglob``, it does not follow
    links to directories. A folder it cannot list is yielded as :class:`Unreadable`, so that the run records it
    instead of silently leaving its articles out.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        yield Unreadable(folder, f"cannot list folder ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from files_under(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _jsonl(path: Path) -> Iterator[WorkItem]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield WorkItem(_record_id(line) or f"{path.stem}-{number}", f"{path}:{number}", line=line)


def _record_id(line: bytes) -> str | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    value = record.get("id") if isinstance(record, dict) else None
    return str(value) if value not in (None, "") else None


def _warc(path: Path) -> Iterator[WorkItem]:
    """HTML responses of a WARC file; the id is the WARC record id, the key its offset in the file."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in content_type:
                continue
            record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
            body = record.content_stream().read()
            yield WorkItem(record_id or f"{path.stem}-{records.get_record_offset()}",
                           f"{path}@{records.get_record_offset()}", html=body,
                           url=record.rec_headers.get_header("WARC-Target-URI"))
