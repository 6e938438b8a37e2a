"""The evidence index: documents split into sentences, searchable by words and by meaning.

Search is hybrid (BM25 and embedding cosine, fused by reciprocal rank
fusion): see :mod:`presslens.evidence.ranking`. The sentence vectors are kept
in memory as one float32 matrix, loaded on the first search of an index
object and again only after the collection changed.

Duplicates and updates (documents are keyed by ``id``; file documents by
their absolute path, JSONL records by their ``id`` field):

- a document whose normalised text (see :func:`~.readers.normalise_text`) is
  already in the collection, under any id, is skipped as a duplicate;
- a document with an id that is already there but with different text
  replaces the old version (its sentences are removed and re-indexed).

Every batch of documents is written in one transaction, after its sentences
are embedded: an interrupted ``add`` leaves whole documents or none.
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from ..errors import EmptyInput, InputNotFound, ModelMissing, PresslensError, UsageError
from ..factchecks.records import FactCheck
from .progress import IndexingProgress
from .ranking import CANDIDATES, fts_match_expression, fuse, top_by_cosine
from .results import AddResult, EvidenceHit, StoredDocument
from .readers import DEFAULT_MAX_FILE_BYTES, EvidenceDocument, expand_paths, read_evidence_file
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA, SCHEMA_VERSION, VECTOR_DTYPE
from .selection import MIN_WORDS, evidence_spans

INDEX_BATCH_SIZE = 32     # sentences per embedder run while indexing (sorted by length, little padding)
CHUNK_SENTENCES = 1024    # sentences embedded, then written in one transaction


class DamagedCollection(InputNotFound):
    """An evidence file that SQLite finds malformed (truncated, overwritten): it is never written to."""

    code = "damaged"


class EmbedderMismatch(ModelMissing):
    """The collection was indexed with another sentence embedder: its vectors and the query's do not compare."""

    code = "embedder_mismatch"


@dataclass
class _Pending:
    doc: EvidenceDocument
    sha256: str
    spans: list[tuple[int, int]]


class EvidenceIndex:
    """An evidence collection in one SQLite file. Thread-safe (one connection, one lock)."""

    def __init__(self, path: str | Path, create: bool = False, embedder=None):
        """Open the collection at ``path``; with ``create``, make it if it does not exist.

        ``embedder`` defaults to presslens' sentence embedder, loaded when first needed.
        """
        self.path = Path(path)
        self._lock = threading.RLock()
        self._embedder = embedder
        self._matrix: np.ndarray | None = None    # [n, dim] float32, rows in sentence id order
        self._matrix_ids: np.ndarray | None = None
        self._data_version: int | None = None
        self._checks: tuple | None = None          # fact-checks' rowids, claim and headline matrices, data version
        self._writes = 0                           # this object's writes (they leave PRAGMA data_version alone)
        self.schema_version = SCHEMA_VERSION
        label = str(self.path)
        if self.path.is_dir():
            raise InputNotFound("is a directory, not an evidence collection file", label)
        exists = self.path.exists()
        if not exists and not create:
            raise InputNotFound("no evidence collection here (make one with `presslens evidence add FILES --db PATH`)",
                                label)
        if not exists:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputNotFound(f"cannot create the collection ({exc.strerror or exc})", label) from None
        writable = not exists or os.access(self.path, os.W_OK)
        mode = "rwc" if not exists else ("rw" if writable else "ro")
        try:
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode={mode}", uri=True,
                                       check_same_thread=False, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise InputNotFound(f"cannot open the collection ({exc})", label) from None
        self._db.row_factory = sqlite3.Row
        try:
            with self._sqlite_errors("open"):
                self._check_or_create(create and writable, writable)
        except PresslensError:
            self._db.close()
            raise

    @contextmanager
    def _sqlite_errors(self, doing: str) -> Iterator[None]:
        """SQLite's errors as presslens errors: a damaged file, or one that cannot be read or written now."""
        try:
            yield
        except sqlite3.OperationalError as exc:  # locked past the timeout, disk full, I/O error
            raise InputNotFound(f"cannot {doing} the collection ({exc})", str(self.path)) from None
        except sqlite3.DatabaseError as exc:     # "file is not a database", "database disk image is malformed"
            if type(exc) is not sqlite3.DatabaseError:  # a bug of ours (binding, integrity), not the file's
                raise
            if "not a database" in str(exc):
                raise InputNotFound(f"not a presslens evidence collection ({exc})", str(self.path)) from None
            raise DamagedCollection(f"the collection is damaged ({exc}); build it again from its documents with "
                                    "`presslens evidence add`", str(self.path)) from None

    def _check_intact(self) -> None:
        """Refuse to write into a damaged file (a write could spread the damage); reads the whole file."""
        with self._lock, self._sqlite_errors("check"):
            problems = [row[0] for row in self._db.execute("PRAGMA quick_check(3)").fetchall()]
        if problems != ["ok"]:
            raise DamagedCollection(f"the collection is damaged ({'; '.join(problems)}); build it again from its "
                                    "documents with `presslens evidence add` into a new --db", str(self.path))

    # ------------------------------------------------------------------ opening

    def _check_or_create(self, may_create: bool, writable: bool) -> None:
        label = str(self.path)
        application_id = self._db.execute("PRAGMA application_id").fetchone()[0]
        if application_id == 0:
            has_tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if has_tables:
                raise InputNotFound("not a presslens evidence collection (an SQLite database of something else)", label)
            if not may_create:
                raise InputNotFound("not a presslens evidence collection (an empty file)", label)
            self._create()
            return
        if application_id != APPLICATION_ID:
            raise InputNotFound("not a presslens evidence collection (an SQLite database of something else)", label)
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise InputNotFound(f"made by a newer presslens (schema {version}; this one reads {SCHEMA_VERSION})", label)
        meta = self.meta()
        if "embedder_fingerprint" not in meta:
            raise InputNotFound("not a presslens evidence collection (its meta table is incomplete)", label)
        self.schema_version = version
        if version < SCHEMA_VERSION and writable:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Bring a file of an older schema to this one, a step a transaction (see :mod:`.schema`)."""
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self._lock:
                try:
                    self._db.executescript(f"BEGIN IMMEDIATE; {MIGRATIONS[target]} PRAGMA user_version = {target}; COMMIT;")
                except sqlite3.Error:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
            self.schema_version = target

    def _create(self) -> None:
        embedder = self.embedder_loaded()
        meta = {
            "embedder_fingerprint": str(embedder.fingerprint),
            "embedder_dim": str(_dim(embedder)),
            "vector_dtype": VECTOR_DTYPE,
            "created": str(time.time()),
        }
        rows = ", ".join(f"({_sql_text(k)}, {_sql_text(v)})" for k, v in meta.items())
        with self._lock:
            # one script, one transaction: a file is a complete empty collection or an empty file
            self._db.executescript(f"BEGIN; {SCHEMA} INSERT INTO meta (key, value) VALUES {rows}; COMMIT;")

    def meta(self) -> dict[str, str]:
        with self._lock, self._sqlite_errors("read"):
            return {row["key"]: row["value"] for row in self._db.execute("SELECT key, value FROM meta")}

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "EvidenceIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ embedder

    def embedder_loaded(self):
        if self._embedder is None:
            from ..models.sentence import load_embedder

            self._embedder = load_embedder()
        return self._embedder

    @property
    def embedder(self):
        """The sentence embedder, checked against the one the collection was indexed with."""
        embedder = self.embedder_loaded()
        stored = self.meta().get("embedder_fingerprint")
        if stored != str(embedder.fingerprint):
            raise EmbedderMismatch(
                f"the collection was indexed with sentence embedder {stored}, but the installed embedder is "
                f"{embedder.fingerprint}: their vectors do not compare; index the files again into a new --db",
                str(self.path))
        return embedder

    # ------------------------------------------------------------------ adding

    def add(self, paths: Iterable[str | Path], progress: bool = False,
            max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> AddResult:
        """Index files and folders (recursively). Bad files are reported in ``AddResult.errors``, never raised."""
        result = AddResult()
        files: list[Path] = []
        for item in expand_paths(paths):
            if isinstance(item, PresslensError):
                result.errors.append(item)
            else:
                files.append(item)
        total = sum(_file_size(f) for f in files)

        def documents() -> Iterator[EvidenceDocument | PresslensError]:
            for path in files:
                result.files_read += 1
                yield from read_evidence_file(path, max_bytes=max_bytes)

        return self.add_documents(documents(), progress=progress, progress_total=total, result=result)

    def add_documents(self, documents: Iterable[EvidenceDocument | FactCheck | PresslensError], progress: bool = False,
                      progress_total: int | None = None, result: AddResult | None = None) -> AddResult:
        """Index documents and fact-checks made by the caller (errors among them are collected)."""
        result = result or AddResult()
        embedder = self.embedder  # refuses a mismatched embedder before any work
        self._check_intact()
        if self.schema_version < SCHEMA_VERSION:
            raise InputNotFound(f"the collection is of schema {self.schema_version} and read-only here: it cannot be "
                                "brought to this presslens's schema", str(self.path))
        bar = IndexingProgress(progress, progress_total)
        pending: list[_Pending] = []
        pending_shas: set[str] = set()
        pending_ids: set[str] = set()
        pending_sentences = 0
        checks: dict[str, FactCheck] = {}    # by id: a later record of the same id replaces an earlier one

        def flush() -> None:
            nonlocal pending_sentences
            pending_sentences = 0
            if pending:
                self._write_documents(pending, embedder, result)
                bar.advance(sum(p.doc.size for p in pending), result.documents_ok, result.sentences_added)
                pending.clear()
                pending_shas.clear()
                pending_ids.clear()
            if checks:
                self._write_fact_checks(list(checks.values()), embedder, result)
                bar.advance(sum(c.size for c in checks.values()), result.documents_ok, result.sentences_added)
                checks.clear()

        with bar:
            for item in documents:
                if isinstance(item, PresslensError):
                    result.errors.append(item)
                    continue
                if isinstance(item, FactCheck):
                    if item.problem:
                        result.notes.append(f"{item.origin or item.id}: {item.problem}")
                    checks[item.id] = item
                    if len(checks) >= CHUNK_SENTENCES:
                        flush()
                    continue
                sha = item.sha256
                if sha in pending_shas or self._has_text(sha):
                    result.duplicates_skipped += 1
                    bar.advance(item.size, result.documents_ok, result.sentences_added)
                    continue
                spans = evidence_spans(item.text, item.body_start)
                if not spans:
                    error = EmptyInput(f"no sentence of {MIN_WORDS} or more words to index", item.origin or item.id)
                    result.errors.append(error)
                    continue
                if item.id in pending_ids:
                    flush()  # a later version of the same id replaces the earlier one, in order
                pending.append(_Pending(item, sha, spans))
                pending_shas.add(sha)
                pending_ids.add(item.id)
                pending_sentences += len(spans)
                if pending_sentences >= CHUNK_SENTENCES:
                    flush()
            flush()
        return result

    def _has_text(self, sha: str) -> bool:
        with self._lock, self._sqlite_errors("read"):
            return self._db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha,)).fetchone() is not None

    def _write_documents(self, pending: list[_Pending], embedder, result: AddResult) -> None:
        texts = [p.doc.text[s:e] for p in pending for s, e in p.spans]
        unique = list(dict.fromkeys(texts))  # repeated sentences (boilerplate) are embedded once
        vectors = embedder.embed(unique, batch_size=INDEX_BATCH_SIZE).astype(np.float16)
        by_text = {text: vectors[i].tobytes() for i, text in enumerate(unique)}
        counts = {"added": 0, "replaced": 0, "duplicates": 0, "sentences": 0}
        now = time.time()

        def write(db: sqlite3.Connection) -> None:
            for p in pending:
                doc = p.doc
                if db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (p.sha256,)).fetchone():
                    counts["duplicates"] += 1  # written meanwhile (another process)
                    continue
                if db.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
                    db.execute("DELETE FROM sentences WHERE document = ?", (doc.id,))
                    db.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
                    counts["replaced"] += 1
                else:
                    counts["added"] += 1
                db.execute("INSERT INTO documents (id, title, source, url, date, origin, added, sha256, text) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (doc.id, doc.title, doc.source, doc.url, doc.date, doc.origin, now, p.sha256, doc.text))
                db.executemany("INSERT INTO sentences (document, start_offset, end_offset, text, vector) "
                               "VALUES (?, ?, ?, ?, ?)",
                               [(doc.id, s, e, doc.text[s:e], by_text[doc.text[s:e]]) for s, e in p.spans])
                counts["sentences"] += len(p.spans)

        self._write(write)
        result.documents_added += counts["added"]
        result.documents_replaced += counts["replaced"]
        result.duplicates_skipped += counts["duplicates"]
        result.sentences_added += counts["sentences"]

    def _write_fact_checks(self, records: list[FactCheck], embedder, result: AddResult) -> None:
        """Embed the records' claims and headlines, then write them in one transaction: a record whose id is there
        with the same fields is left alone, with other fields it is replaced."""
        digests = {r.id: r.digest for r in records}
        with self._lock, self._sqlite_errors("read"):
            stored = {}
            ids = list(digests)
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                stored.update(self._db.execute(f"SELECT id, sha256 FROM fact_checks WHERE id IN "
                                               f"({','.join('?' * len(chunk))})", chunk).fetchall())
        fresh = [r for r in records if stored.get(r.id) != digests[r.id]]
        result.fact_checks_unchanged += len(records) - len(fresh)
        if not fresh:
            return
        texts = list(dict.fromkeys([r.claim for r in fresh] + [r.title for r in fresh if r.title]))
        vectors = embedder.embed(texts, batch_size=INDEX_BATCH_SIZE).astype(np.float16)
        by_text = {text: vectors[i].tobytes() for i, text in enumerate(texts)}
        now = time.time()

        def write(db: sqlite3.Connection) -> None:
            for r in fresh:
                if r.id in stored:
                    db.execute("DELETE FROM fact_checks WHERE id = ?", (r.id,))
                    result.fact_checks_replaced += 1
                else:
                    result.fact_checks_added += 1
                db.execute("INSERT INTO fact_checks (id, claim, rating, reviewer, date, url, title, speaker, summary, "
                           "origin, added, sha256, vector, title_vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (r.id, r.claim, r.rating, r.reviewer, r.date, r.url, r.title, r.speaker, r.summary, r.origin,
                            now, digests[r.id], by_text[r.claim], by_text[r.title] if r.title else None))

        self._write(write)

    def _write(self, work) -> None:
        """Run ``work(db)`` in one immediate transaction: all of it is written, or nothing."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise InputNotFound(f"cannot write to the collection ({exc})", str(self.path)) from None
            try:
                work(self._db)
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:  # SQLite may have rolled back itself (a full disk)
                    try:
                        self._db.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                if isinstance(exc, sqlite3.OperationalError):
                    raise InputNotFound(f"cannot write to the collection ({exc})", str(self.path)) from None
                if type(exc) is sqlite3.DatabaseError:  # the file is damaged
                    with self._sqlite_errors("write to"):
                        raise exc
                raise
            self._matrix = None  # our own writes do not change PRAGMA data_version
            self._checks = None
            self._writes += 1

    # ------------------------------------------------------------------ searching

    def search(self, query: str, k: int = 5) -> list[EvidenceHit]:
        """The ``k`` evidence sentences that best match ``query`` (hybrid BM25 + embeddings)."""
        if not query or not query.strip():
            raise UsageError("the query is empty")
        vector = self.embedder.embed([query], batch_size=1)[0]
        return self.search_vector(vector, query, k)

    def search_vector(self, vector: np.ndarray, query: str, k: int = 5) -> list[EvidenceHit]:
        """Like :meth:`search`, with the query's embedding given (callers that embed claims in bulk)."""
        if k < 1:
            raise UsageError(f"k must be at least 1 (got {k})")
        query_vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        with self._lock, self._sqlite_errors("read"):
            ids, matrix = self._vectors()
            if matrix.shape[0] == 0:
                return []
            if query_vector.shape[0] != matrix.shape[1]:
                raise UsageError(f"the query vector has {query_vector.shape[0]} dimensions; the collection's have "
                                 f"{matrix.shape[1]}")
            cosines = matrix @ query_vector

            def cosine_of(sentence_id: int) -> float:
                row = int(np.searchsorted(ids, sentence_id))
                # a sentence written by another process after the matrix was loaded has no vector here yet
                return float(cosines[row]) if row < len(ids) and ids[row] == sentence_id else -1.0

            by_bm25 = self._bm25(query)
            ranked = fuse([int(ids[row]) for row in top_by_cosine(cosines)], by_bm25, cosine_of)[:k]
            rows = self._sentence_rows([sentence_id for sentence_id, _ in ranked])
        return [
            EvidenceHit(sentence=rows[sid]["text"], start=rows[sid]["start_offset"], end=rows[sid]["end_offset"],
                        document_id=rows[sid]["document"], title=rows[sid]["title"], source=rows[sid]["source"],
                        url=rows[sid]["url"], date=rows[sid]["date"], score=round(score, 6),
                        bm25=round(by_bm25[sid], 4) if sid in by_bm25 else None, cosine=round(cosine_of(sid), 4))
            for sid, score in ranked if sid in rows
        ]

    def _bm25(self, query: str) -> dict[int, float]:
        """Sentence id → BM25 (positive, higher better) of the best candidates, in rank order."""
        match = fts_match_expression(query)
        if match is None:
            return {}
        rows = self._db.execute(
            "SELECT rowid, bm25(sentences_fts) AS rank FROM sentences_fts WHERE sentences_fts MATCH ? "
            "ORDER BY rank LIMIT ?", (match, CANDIDATES)).fetchall()
        return {int(row[0]): -float(row[1]) for row in rows}  # FTS5's bm25() is negative: lower is better

    def _sentence_rows(self, sentence_ids: list[int]) -> dict[int, sqlite3.Row]:
        if not sentence_ids:
            return {}
        marks = ",".join("?" * len(sentence_ids))
        rows = self._db.execute(
            "SELECT s.id, s.document, s.start_offset, s.end_offset, s.text, d.title, d.source, d.url, d.date "
            f"FROM sentences s JOIN documents d ON d.id = s.document WHERE s.id IN ({marks})", sentence_ids)
        return {row["id"]: row for row in rows}

    def _vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Sentence ids (sorted) and their vectors as one float32 matrix, loaded once and again only
        after the collection changed (here or in another process)."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if self._matrix is None or version != self._data_version:
            dim = int(self.meta().get("embedder_dim", "384"))
            rows = self._db.execute("SELECT id, vector FROM sentences ORDER BY id").fetchall()
            self._matrix_ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
            blob = b"".join(row[1] for row in rows)
            # float32 in memory: BLAS multiplies it ~10x faster than float16 (100k sentences: 154 MB)
            self._matrix = np.frombuffer(blob, dtype=np.float16).reshape(len(rows), dim).astype(np.float32)
            self._data_version = version
        return self._matrix_ids, self._matrix

    # ------------------------------------------------------------------ fact-checks

    def fact_check_count(self) -> int:
        if self.schema_version < 2:
            return 0
        with self._lock, self._sqlite_errors("read"):
            return self._db.execute("SELECT count(*) FROM fact_checks").fetchone()[0]

    def fact_check_vectors(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The fact-checks' rowids and their claim and headline embeddings (float32 matrices; a zero row where a
        record has no headline), loaded once and again only after the collection changed."""
        if self.schema_version < 2:
            empty = np.zeros((0, _dim(self.embedder_loaded())), dtype=np.float32)
            return np.zeros(0, dtype=np.int64), empty, empty
        with self._lock, self._sqlite_errors("read"):
            version = self._db.execute("PRAGMA data_version").fetchone()[0]
            if self._checks is None or self._checks[3] != version:
                dim = int(self.meta().get("embedder_dim", "384"))
                rows = self._db.execute("SELECT rowid, vector, title_vector FROM fact_checks ORDER BY rowid").fetchall()
                zero = bytes(2 * dim)
                ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
                claims = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float16).reshape(len(rows), dim)
                titles = np.frombuffer(b"".join(row[2] or zero for row in rows), dtype=np.float16).reshape(len(rows), dim)
                self._checks = (ids, claims.astype(np.float32), titles.astype(np.float32), version)
            return self._checks[0], self._checks[1], self._checks[2]

    def fact_check_texts(self) -> list[tuple[str, str, str | None]]:
        """(id, claim, headline) of every fact-check, in rowid order (the row order of :meth:`fact_check_vectors`)."""
        if self.schema_version < 2:
            return []
        with self._lock, self._sqlite_errors("read"):
            return [tuple(row) for row in self._db.execute("SELECT id, claim, title FROM fact_checks ORDER BY rowid")]

    def fact_check_version(self):
        """Changes when the collection does (here or in another process)."""
        with self._lock, self._sqlite_errors("read"):
            return self._db.execute("PRAGMA data_version").fetchone()[0], self._writes

    def fact_checks(self, rowids: list[int]) -> dict[int, FactCheck]:
        """The records of these rowids."""
        if not rowids or self.schema_version < 2:
            return {}
        with self._lock, self._sqlite_errors("read"):
            rows = self._db.execute(
                "SELECT rowid, id, claim, rating, reviewer, date, url, title, speaker, summary, origin FROM fact_checks "
                f"WHERE rowid IN ({','.join('?' * len(rowids))})", [int(r) for r in rowids]).fetchall()
        return {row["rowid"]: FactCheck(**{k: row[k] for k in row.keys() if k != "rowid"}) for row in rows}

    # ------------------------------------------------------------------ reading

    def document(self, document_id: str) -> StoredDocument | None:
        """A stored document with its full text (to show a hit in context), or None."""
        with self._lock, self._sqlite_errors("read"):
            row = self._db.execute("SELECT id, title, source, url, date, origin, added, sha256, text "
                                   "FROM documents WHERE id = ?", (document_id,)).fetchone()
        return StoredDocument(**dict(row)) if row else None

    def stats(self) -> dict:
        """Counts and facts about the collection."""
        with self._lock, self._sqlite_errors("read"):
            one = lambda sql: self._db.execute(sql).fetchone()[0]  # noqa: E731
            documents = one("SELECT count(*) FROM documents")
            sentences = one("SELECT count(*) FROM sentences")
            sources = one("SELECT count(DISTINCT source) FROM documents WHERE source IS NOT NULL")
            fact_checks = one("SELECT count(*) FROM fact_checks") if self.schema_version >= 2 else 0
            top = self._db.execute(
                "SELECT source, count(*) AS n FROM documents WHERE source IS NOT NULL "
                "GROUP BY source ORDER BY n DESC, source LIMIT 10").fetchall()
            meta = self.meta()
        return {
            "path": str(self.path),
            "documents": documents,
            "sentences": sentences,
            "sources": sources,
            "fact_checks": fact_checks,
            "top_sources": [{"source": row["source"], "documents": row["n"]} for row in top],
            "embedder_fingerprint": meta.get("embedder_fingerprint"),
            "vector_dtype": meta.get("vector_dtype"),
            "schema_version": self.schema_version,
            "size_bytes": _file_size(self.path),
        }


def _dim(embedder) -> int:
    dim = getattr(embedder, "dim", None)
    if dim:
        return int(dim)
    from ..models.sentence import DIM

    return DIM


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _file_size(path: Path) -> int:
    """Bytes a file gives when read: a ``.gz`` file's uncompressed size (its trailer, modulo 4 GiB)."""
    try:
        if path.suffix.lower() == ".gz":
            with path.open("rb") as handle:
                handle.seek(-4, os.SEEK_END)
                return int.from_bytes(handle.read(4), "little")
        return path.stat().st_size
    except OSError:
        return 0
