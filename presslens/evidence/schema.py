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
- ``fact_checks`` (schema 2): earlier fact-checks (ClaimReview records, CheckThat! archives), each with the
  embeddings of its claim and of its headline (matching reads their words into memory for BM25,
  :mod:`presslens.factchecks.lexical`: no full-text index is kept for them).

A file of an older schema is migrated when it is opened for writing: each step of :data:`MIGRATIONS` in one
transaction with its ``user_version``, so a file is of one schema or the next, never between. Opened read-only,
an older file is read as it is (a schema-1 file has no fact-checks).
"""
from __future__ import annotations

APPLICATION_ID = 0x50524C45  # "PRLE": presslens evidence
SCHEMA_VERSION = 2
VECTOR_DTYPE = "float16"

SCHEMA_1 = f"""
PRAGMA application_id = {APPLICATION_ID};
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

FACT_CHECKS = """
CREATE TABLE fact_checks (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,  -- the fact-check's URL, CheckThat's vclaim_id, or a hash of claim, reviewer and date
    claim TEXT NOT NULL,      -- as the fact-checker worded it (ClaimReview claimReviewed)
    rating TEXT,              -- as published: never turned into a presslens verdict
    reviewer TEXT,
    date TEXT,
    url TEXT,
    title TEXT,
    speaker TEXT,             -- who made the claim
    summary TEXT,
    origin TEXT,
    added REAL NOT NULL,
    sha256 TEXT NOT NULL,     -- of the record's fields: the same record added again is skipped
    vector BLOB NOT NULL,     -- the claim's embedding
    title_vector BLOB         -- the headline's (NULL without one)
);
"""
# schema version -> the SQL that makes a file of the version before into one of it
MIGRATIONS = {2: FACT_CHECKS}
SCHEMA = SCHEMA_1 + FACT_CHECKS + f"PRAGMA user_version = {SCHEMA_VERSION};\n"
