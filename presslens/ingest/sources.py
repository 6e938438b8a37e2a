"""Where articles come from: files, stdin, JSONL records and URLs.

Every reader yields :class:`RawInput` objects (or, for a bad JSONL record, the
:class:`~presslens.errors.PresslensError` describing it, so a batch goes on
with the next record).
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from ..errors import EmptyInput, FetchError, InputNotFound, InputTooLarge, InvalidRecord, PresslensError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass
class RawInput:
    """One article as given, before decoding and extraction."""

    id: str
    data: bytes | str
    kind: str = "auto"  # "text", "html" or "auto" (sniffed)
    path: str | None = None
    url: str | None = None
    title: str | None = None
    date: str | None = None
    site: str | None = None

    @property
    def label(self) -> str:
        """How error messages name this input."""
        return self.path or self.url or self.id


def is_url(arg: str) -> bool:
    return arg.startswith(("http://", "https://"))


def check_size(size: int, limit: int, label: str) -> None:
    if limit and size > limit:
        raise InputTooLarge(f"input is {size:,} bytes, over the limit of {limit:,} (raise it with --max-bytes)", label)


def read_path(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> RawInput:
    p = Path(path)
    label = str(path)
    if not p.exists():
        raise InputNotFound("no such file", label)
    if p.is_dir():
        raise InputNotFound("is a directory, not a file", label)
    try:
        check_size(p.stat().st_size, max_bytes, label)
        data = p.read_bytes()
    except PermissionError:
        raise InputNotFound("permission denied", label) from None
    except OSError as exc:
        raise InputNotFound(f"cannot read file ({exc.strerror or exc})", label) from None
    kind = "html" if p.suffix.lower() in HTML_SUFFIXES else ("text" if p.suffix.lower() == ".txt" else "auto")
    return RawInput(id=p.stem, data=data, kind=kind, path=label)


def read_stream(stream: IO[bytes], label: str = "<stdin>", max_bytes: int = DEFAULT_MAX_BYTES) -> RawInput:
    # Read one byte past the limit so an oversized stream is refused without
    # holding more than the limit in memory.
    data = stream.read(max_bytes + 1) if max_bytes else stream.read()
    check_size(len(data), max_bytes, label)
    return RawInput(id="stdin", data=data, kind="auto", path=None, url=None)


def iter_jsonl(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawInput | PresslensError]:
    """Records of a JSONL file: ``id``, ``text`` or ``html``, optional ``url``, ``title``, ``date``, ``source``."""
    p = Path(path)
    if not p.exists():
        raise InputNotFound("no such file", str(path))
    try:
        handle = p.open("rb")
    except OSError as exc:
        raise InputNotFound(f"cannot read file ({exc.strerror or exc})", str(path)) from None
    with handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            label = f"{path}:{lineno}"
            try:
                yield parse_record(line, label, default_id=f"{p.stem}-{lineno}", max_bytes=max_bytes)
            except PresslensError as exc:
                yield exc


def parse_record(line: bytes | str, label: str, default_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawInput:
    check_size(len(line), max_bytes, label)
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidRecord(f"not valid JSON ({exc.msg if hasattr(exc, 'msg') else exc})", label) from None
    if not isinstance(record, dict):
        raise InvalidRecord("a record must be a JSON object", label)
    text, html = record.get("text"), record.get("html")
    if text is None and html is None:
        raise InvalidRecord('a record needs a "text" or an "html" field', label)
    body = text if text is not None else html
    if not isinstance(body, str):
        raise InvalidRecord('"text" and "html" must be strings', label)
    if not body.strip():
        raise EmptyInput("record has empty text", label)
    rid = record.get("id", default_id)
    fields = {k: record.get(k) for k in ("url", "title", "date", "source")}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise InvalidRecord(f'"{key}" must be a string', label)
    return RawInput(
        id=str(rid),
        data=body,
        kind="text" if text is not None else "html",
        path=label,
        url=fields["url"],
        title=fields["title"],
        date=fields["date"],
        site=fields["source"],
    )


def fetch_url(url: str, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 20.0) -> RawInput:
    """Download a page. Only called when the user asked for it (``--fetch``)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "presslens (+article analysis)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}", url) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"could not fetch the page (offline or unreachable: {reason})", url) from None
    check_size(len(data), max_bytes, url)
    kind = "text" if content_type.startswith("text/plain") else "html"
    return RawInput(id=url.rstrip("/").rsplit("/", 1)[-1] or "page", data=data, kind=kind, url=url)


def open_url(url: str, *, fetch: bool, max_bytes: int = DEFAULT_MAX_BYTES) -> RawInput:
    """Fetch ``url`` if the caller allowed it; presslens never goes online unasked."""
    if not fetch:
        raise FetchError("URLs are fetched only when asked (--fetch, or fetch=True in Python)", url)
    return fetch_url(url, max_bytes=max_bytes)


def iter_inputs(
    args: list[str], *, fetch: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, stdin: IO[bytes] | None = None
) -> Iterator[RawInput | PresslensError]:
    """Resolve CLI arguments to inputs, in order. ``-`` (or no argument) is stdin."""
    for arg in args or ["-"]:
        try:
            if arg == "-":
                yield read_stream(stdin or sys.stdin.buffer, max_bytes=max_bytes)
            elif is_url(arg):
                yield open_url(arg, fetch=fetch, max_bytes=max_bytes)
            elif Path(arg).suffix.lower() in JSONL_SUFFIXES:
                yield from iter_jsonl(arg, max_bytes=max_bytes)
            else:
                yield read_path(arg, max_bytes=max_bytes)
        except PresslensError as exc:
            yield exc
