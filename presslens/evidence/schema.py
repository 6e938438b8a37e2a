"""The on-disk layout of an evidence collection (one SQLite file).

- ``meta``: key/value facts about the collection (the embedder's fingerprint,
  the vector format). The file's ``application_id`` marks it as a presslens
  evidence collection and ``user_version`` is the schema version, so any
  other file is recognised and refused before anything is read or written.
- ``documents``: one row per document with its full text (hits point into it
  by offsets) and the SHA-256 of its normalised text (duplicates are skipped).
- ``sentences``: the indexed evidence sentences, ``text[start_offset:end_offset]``
  of their document, each with its embedding as a float16 BLOB (384 x 2 bytes:
  half of float32, and cosine scores change by less than 0.001).
- ``sentences_fts``: an FTS5 index over sentence text (Porter stemming, so
  "killed" matches "kill"), kept in step with ``sentences`` by triggers.
"""
from __future__ import annotations

APPLICATION_ID = 0x50524C45  # "PRLE": presslens evidence
SCHEMA_VERSION = 1
VECTOR_DTYPE = "float16"

SCHEMA = f"""
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = {SCHEMA_VERSION};
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT,
    source TEXT,
    url TEXT,
    date TEXT,
    origin TEXT,            -- the file (and line) it was read from
    added REAL NOT NULL,    -- Unix time
    sha256 TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL
);
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,     -- == documents.text[start_offset:end_offset]
    vector BLOB NOT NULL
);
CREATE INDEX sentences_document ON sentences(document);
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""
