"""The history of analysed articles: an embedded SQLite file with full-text search (FTS5)."""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    report TEXT NOT NULL,   -- the JSON report contract
    page TEXT NOT NULL      -- the HTML report page, as rendered then
);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, content='articles', content_rowid='id');
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""


class History:
    """Thread-safe: one connection, one lock (analyses are slow; these queries are not)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        with self._lock, self._db:
            self._db.executescript(_SCHEMA)

    def add(self, report: dict, page: str) -> int:
        title = report["source"].get("title") or report["text"].strip().split("\n", 1)[0][:120] or "untitled"
        with self._lock, self._db:
            cursor = self._db.execute(
                "INSERT INTO articles (created, title, text, report, page) VALUES (?, ?, ?, ?, ?)",
                (time.time(), title, report["text"], json.dumps(report, ensure_ascii=False), page))
            return int(cursor.lastrowid)

    def report(self, article_id: int) -> dict | None:
        row = self._one("SELECT report FROM articles WHERE id = ?", article_id)
        return json.loads(row["report"]) if row else None

    def page(self, article_id: int) -> str | None:
        row = self._one("SELECT page FROM articles WHERE id = ?", article_id)
        return row["page"] if row else None

    def _one(self, sql: str, *params):
        with self._lock:
            return self._db.execute(sql, params).fetchone()

    def search(self, query: str = "", limit: int = 50) -> list[dict]:
        """Newest first; with a query, the articles whose title or text match it (FTS5, every word must occur)."""
        sql = "SELECT id, created, title, substr(text, 1, 200) AS excerpt FROM articles"
        params: list = []
        words = [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]
        if words:
            sql += " WHERE id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
            params.append(" AND ".join(f'"{w}"' for w in words))  # quoted: FTS syntax in queries is not interpreted
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(limit)
        with self._lock:
            return [dict(row) for row in self._db.execute(sql, params).fetchall()]
