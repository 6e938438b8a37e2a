"""Evidence files to :class:`EvidenceDocument` objects.

Accepted inputs (directories are walked recursively, in name order):

- ``.txt``: the whole file is the document. A short first line followed by
  a blank line or a header line is the title; header lines right after it
  (``Source: ...``, ``URL: ...``, ``Date: ...``) give the metadata. Title
  and header lines are stored with the text but not indexed as evidence.
- ``.html`` / ``.htm``: the article body is extracted as in ``presslens
  analyze`` (trafilatura); title, source, author and date come from
  ``<title>`` and ``<meta>`` tags of the page.
- ``.jsonl`` / ``.ndjson`` (or ``.jsonl.gz``): one record per line with ``text`` or ``html`` and
  optional ``id``, ``title``, ``source``, ``url``, ``date``; or a fact-check record (a schema.org ClaimReview
  object, or a CLEF CheckThat! verified claim: ``vclaim_id``, ``vclaim``, ...), stored as a fact-check.
- ``.json``: fact-checks: a ClaimReview, an array of them, or a JSON-LD document with ``@graph``.
- An HTML page's ClaimReview markup (``<script type="application/ld+json">``) is stored as fact-checks beside
  the page's text.

Bytes are decoded like every other presslens input (UTF-8, else a detected
encoding; binary files refused). Each reader yields documents, or the
:class:`~presslens.errors.PresslensError` that describes a bad file or record,
so one bad input never stops the others.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import BinaryInput, EmptyInput, InputNotFound, PresslensError, UsageError
from ..factchecks.records import (FactCheck, fact_checks_from_record, fact_checks_in_html, is_fact_check_record,
                                  read_fact_check_json)
from ..ingest.decoding import decode_bytes, looks_binary
from ..ingest.sources import HTML_SUFFIXES, JSONL_SUFFIXES, check_size, parse_record, read_path

TEXT_SUFFIXES = {".txt"}
JSON_SUFFIXES = {".json"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES
SUPPORTED_NAMES = "folder has no .txt, .html, .htm, .json, .jsonl or .jsonl.gz files"
# Evidence files may be long reports; the limit only guards against reading a disk image by mistake.
DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024
# A JSONL record is one document: the usual per-article limit applies.
MAX_RECORD_BYTES = 5 * 1024 * 1024

_MAX_TITLE_CHARS = 200
_HEADER_LINE = re.compile(r"^(source|url|date)\s*:\s*(\S.*?)\s*$", re.IGNORECASE)


@dataclass
class EvidenceDocument:
    """One document to index. ``body_start``: sentences are indexed from this offset of ``text`` on."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None
    origin: str | None = None   # the file (and line) it was read from
    size: int = 0               # input bytes it came from (for progress bars)
    body_start: int = 0

    @property
    def sha256(self) -> str:
        return content_hash(self.text)


def normalise_text(text: str) -> str:
    """The text as compared for duplicates: Unicode NFC, whitespace runs collapsed, ends stripped.

    Case and punctuation are kept: "191 killed" and "191 Killed." are
    different documents, but a re-wrapped or re-encoded copy is not.
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | PresslensError]:
    """Files to read: explicit files as given, directories walked for supported files only."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = False
            for child in sorted(path.rglob("*")):
                if child.is_file() and _suffix(child) in SUPPORTED_SUFFIXES and not _hidden(child, path):
                    found = True
                    yield child
            if not found:
                yield EmptyInput(SUPPORTED_NAMES, str(path))
        elif not path.exists():
            yield InputNotFound("no such file", str(path))
        elif _suffix(path) not in SUPPORTED_SUFFIXES:
            suffix = path.suffix or "(no extension)"
            yield UsageError(f"unsupported file type {suffix}: evidence files are .txt, .html, .htm, .json, .jsonl "
                             "or .jsonl.gz", str(path))
        else:
            yield path


def _suffix(path: Path) -> str:
    """The suffix that says how a file is read: ``.jsonl`` for ``x.jsonl.gz`` (JSON lines, compressed)."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if len(suffixes) == 2 and suffixes[1] == ".gz" and suffixes[0] in JSONL_SUFFIXES:
        return suffixes[0]
    return path.suffix.lower()


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_evidence_file(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES
                       ) -> Iterator[EvidenceDocument | FactCheck | PresslensError]:
    """The documents and fact-checks in one file, or the errors that explain why (some of) it could not be read."""
    suffix = _suffix(path)
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, max_bytes)
        elif suffix in JSON_SUFFIXES:
            yield from _read_json(path, max_bytes)
        elif suffix in HTML_SUFFIXES:
            yield from _read_html_file(path, max_bytes)
        elif suffix in TEXT_SUFFIXES:
            yield _read_text_file(path, max_bytes)
        else:
            raise UsageError(f"unsupported file type {suffix or '(no extension)'}", str(path))
    except PresslensError as exc:
        yield exc


def file_id(path: Path) -> str:
    """Documents read from files are known by their absolute path: unique, and stable across runs
    (re-adding an edited file replaces its old version)."""
    return str(path.resolve())


def _read_text_file(path: Path, max_bytes: int) -> EvidenceDocument:
    raw = read_path(path, max_bytes=max_bytes)
    text = decode_bytes(raw.data, str(path))
    doc = EvidenceDocument(id=file_id(path), text=text, origin=str(path), size=len(raw.data))
    read_text_header(doc)
    if not doc.text[doc.body_start:].strip():
        raise EmptyInput("file has a title but no text", str(path))
    return doc


def read_text_header(doc: EvidenceDocument) -> None:
    """Title and ``Key: value`` lines at the top of a plain-text document."""
    lines = doc.text.splitlines(keepends=True)
    offset = 0
    index = 0
    first = lines[0].strip().lstrip("\ufeff") if lines else ""  # a byte-order mark is not part of the title
    header_values: dict[str, str] = {}
    match = _HEADER_LINE.match(first)
    next_line = lines[1].strip() if len(lines) > 1 else ""
    if match is None and first and len(first) <= _MAX_TITLE_CHARS and len(lines) > 1 and (
        not next_line or _HEADER_LINE.match(next_line)
    ):
        doc.title = first
        offset += len(lines[0])
        index = 1
    while index < len(lines):
        match = _HEADER_LINE.match(lines[index].strip())
        if not match:
            break
        header_values.setdefault(match.group(1).lower(), match.group(2))
        offset += len(lines[index])
        index += 1
    if doc.title is None and not header_values:
        return
    doc.body_start = offset
    doc.source = header_values.get("source", doc.source)
    doc.url = header_values.get("url", doc.url)
    doc.date = header_values.get("date", doc.date)


def _read_html_file(path: Path, max_bytes: int) -> Iterator[EvidenceDocument | FactCheck | PresslensError]:
    """The page's text, and the fact-checks of its ClaimReview markup (a fact-check page is both)."""
    raw = read_path(path, max_bytes=max_bytes)
    html = decode_bytes(raw.data, str(path))
    checks = fact_checks_in_html(html, str(path))
    for item in checks:
        if isinstance(item, FactCheck):
            item.origin, item.size = str(path), 0
    try:
        doc = html_document(html, doc_id=file_id(path), label=str(path))
        doc.origin, doc.size = str(path), len(raw.data)
        yield doc
    except EmptyInput:
        if not any(isinstance(item, FactCheck) for item in checks):
            raise
    yield from checks


def _read_json(path: Path, max_bytes: int) -> Iterator[FactCheck | PresslensError]:
    raw = read_path(path, max_bytes=max_bytes)
    records = read_fact_check_json(decode_bytes(raw.data, str(path)), str(path))
    found = [r for r in records if isinstance(r, FactCheck)]
    for record in found:
        record.origin = record.origin or str(path)
        record.size = len(raw.data) // len(found)
    if not records:
        raise EmptyInput("no ClaimReview records in it", str(path))
    yield from records


def html_document(html: str, doc_id: str, label: str, url: str | None = None) -> EvidenceDocument:
    """The article body of a page, with metadata from its ``<head>``."""
    from ..ingest.html import extract_html

    article = extract_html(html, label, url=url)
    head = _head_metadata(html)
    source = head.get("source") or head.get("site") or article.meta.site or head.get("author") or (
        ", ".join(article.meta.authors) or None)
    return EvidenceDocument(
        id=doc_id,
        text=article.text,
        title=head.get("title") or article.meta.title,
        source=source,
        url=url or head.get("url") or article.meta.url,
        date=head.get("date") or article.meta.date,
        origin=label,
        size=len(html.encode("utf-8", "replace")),
    )


_META_KEYS = {
    "source": "source", "dc.source": "source", "og:site_name": "site", "application-name": "site",
    "author": "author", "article:author": "author", "dc.creator": "author",
    "date": "date", "article:published_time": "date", "dc.date": "date", "og:url": "url",
}


def _head_metadata(html: str) -> dict[str, str]:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return {}
    found: dict[str, str] = {}
    titles = tree.xpath("//title/text()")
    if titles and titles[0].strip():
        found["title"] = " ".join(titles[0].split())
    for meta in tree.xpath("//meta[@content]"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        key = _META_KEYS.get(name)
        content = " ".join((meta.get("content") or "").split())
        if key and content:
            found.setdefault(key, content)
    return found


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[EvidenceDocument | PresslensError]:
    label = str(path)
    try:
        size = path.stat().st_size
        check_size(size, max_bytes, label)
        handle = gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")
    except PermissionError:
        raise InputNotFound("permission denied", label) from None
    except OSError as exc:
        raise InputNotFound(f"cannot read file ({exc.strerror or exc})", label) from None
    with handle:
        try:
            yield from _jsonl_records(path, handle, size, label)
        except (OSError, EOFError) as exc:   # a damaged .gz
            raise InputNotFound(f"cannot read file ({exc})", label) from None


def _jsonl_records(path: Path, handle, size: int, label: str) -> Iterator[EvidenceDocument | FactCheck | PresslensError]:
    head = handle.read(8192)
    if not head.strip() and size <= len(head):
        raise EmptyInput("file is empty", label)
    if looks_binary(head):
        raise BinaryInput("file looks binary, not JSON lines", label)
    handle.seek(0)
    records = 0
    for lineno, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        records += 1
        line_label = f"{label}:{lineno}"
        try:
            checks = _fact_checks_of_line(line, line_label)
            if checks is not None:
                for item in checks:
                    if isinstance(item, FactCheck):
                        item.origin, item.size = line_label, len(line) // len(checks)
                    yield item
                continue
            raw = parse_record(line, line_label, default_id=f"{file_id(path)}:{lineno}", max_bytes=MAX_RECORD_BYTES)
            if raw.kind == "html":
                doc = html_document(raw.data, raw.id, line_label, url=raw.url)
                doc.title = raw.title or doc.title
                doc.source = raw.site or doc.source
                doc.date = raw.date or doc.date
            else:
                doc = EvidenceDocument(id=raw.id, text=raw.data, title=raw.title, source=raw.site,
                                       url=raw.url, date=raw.date)
            doc.origin, doc.size = line_label, len(line)
            yield doc
        except PresslensError as exc:
            exc.reason = f"line {lineno}: {exc.reason}"
            exc.source = label
            yield exc
    if records == 0:
        raise EmptyInput("file is empty", label)


def _fact_checks_of_line(line: bytes, label: str) -> list[FactCheck | PresslensError] | None:
    """The fact-checks of a JSON line that is a fact-check record (ClaimReview, CheckThat! verified claim), else None
    (a document record, or a line that the document reader will report)."""
    if b"claimReviewed" not in line and b"ClaimReview" not in line and b'"vclaim"' not in line:
        return None   # most lines of a document file: not parsed twice
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if not is_fact_check_record(value):
        return None
    return fact_checks_from_record(value, label)
