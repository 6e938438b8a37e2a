"""The evidence collection: real SQLite files, the real sentence embedder, the CLI in-process."""
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from presslens.cli import app
from presslens.errors import PARTIAL_FAILURE_EXIT, BinaryInput, EmptyInput, InputNotFound, ModelMissing, UsageError
from presslens.evidence import EvidenceDocument, EvidenceIndex
from presslens.evidence.selection import split_sentences

EVIDENCE = EXAMPLES / "evidence"
runner = CliRunner()


def cli(*args: str):
    result = runner.invoke(app, ["evidence", *args])
    assert "Traceback" not in result.output + result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("evidence") / "evidence.db"
    with EvidenceIndex(db, create=True) as index:
        result = index.add([EVIDENCE])
    assert not result.errors, [str(e) for e in result.errors]
    assert result.documents_added == 13 and result.sentences_added > 50
    return db


def test_paraphrased_questions_find_the_stating_sentence(collection):
    with EvidenceIndex(collection) as index:
        hits = index.search("How many people died in the Madrid train attacks?", k=3)
        assert any("killed 191 people" in h.sentence for h in hits), [h.sentence for h in hits]
        assert all(h.document_id == "madrid-2004" for h in hits)
        hit = next(h for h in hits if "killed 191 people" in h.sentence)
        assert hit.source.startswith("Spanish National Court") and hit.date == "2007-10-31" and hit.url
        assert hit.cosine > 0.5 and hit.bm25 > 0 and hit.score > 0
        top = index.search("When was the tunnel under the Channel opened?", k=2)
        assert "6 May 1994" in top[0].sentence and top[0].title == "The Channel Tunnel"
        assert top[0].source.startswith("Getlink")
        html = index.search("Was anyone killed in the Notre-Dame fire?", k=3)
        assert any("Nobody was killed" in h.sentence for h in html)
        assert html[0].title == "Fire at Notre-Dame de Paris, 15 April 2019"


def test_every_hit_is_its_documents_text_at_its_offsets(collection):
    with EvidenceIndex(collection) as index:
        for query in ("Berlin Wall deaths", "euro coins 2002", "Lehman Brothers bankruptcy", "flights cancelled ash"):
            hits = index.search(query, k=5)
            assert len(hits) == 5
            assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
            for hit in hits:
                assert index.document(hit.document_id).text[hit.start:hit.end] == hit.sentence
        # title and "Source:" lines of a .txt file are kept in the text but never returned as evidence
        berlin = index.document(str((EVIDENCE / "berlin-wall.txt").resolve()))
        assert berlin.title == "The Berlin Wall" and berlin.source.startswith("Berlin Wall Foundation")
        rows = index._db.execute("SELECT text FROM sentences WHERE document = ?", (berlin.id,)).fetchall()
        assert rows and not any(r[0].startswith(("The Berlin Wall\n", "Source:")) for r in rows)


def test_search_vector_matches_search(collection):
    with EvidenceIndex(collection) as index:
        query = "How long is the Gotthard Base Tunnel?"
        vector = index.embedder.embed([query])[0]
        assert index.search_vector(vector, query, k=3) == index.search(query, k=3)
        with pytest.raises(UsageError):
            index.search("   ")


def test_adding_twice_adds_nothing_and_a_new_version_replaces_the_old(tmp_path):
    db = tmp_path / "e.db"
    with EvidenceIndex(db, create=True) as index:
        first = index.add([EVIDENCE / "channel-tunnel.txt", EVIDENCE / "berlin-wall.txt"])
        before = index.stats()
        again = index.add([EVIDENCE])  # the two files again, among the others
        assert again.duplicates_skipped == 2 and again.documents_added == 11 and not again.errors
        assert index.add([EVIDENCE]).documents_added == 0
        assert index.stats()["documents"] == 13 and before["documents"] == first.documents_added == 2

        records = tmp_path / "notes.jsonl"
        records.write_text(json.dumps({"id": "n1", "text": "The old bridge over the Wensum was closed in 1999."}) + "\n")
        assert index.add([records]).documents_added == 1
        records.write_text(json.dumps({"id": "n1", "text": "The old bridge over the Wensum reopened in 2004."}) + "\n")
        replaced = index.add([records])
        assert replaced.documents_replaced == 1 and replaced.documents_added == 0
        assert index.document("n1").text.endswith("reopened in 2004.")
        hits = index.search("Wensum bridge", k=20)
        assert not any("closed in 1999" in h.sentence for h in hits)
        assert any("reopened in 2004" in h.sentence for h in hits)
        # the same text under another id, or re-wrapped, is a duplicate
        copy = EvidenceDocument(id="n2", text="The old  bridge over the Wensum\nreopened in 2004.")
        assert index.add_documents([copy]).duplicates_skipped == 1


def test_a_failed_batch_leaves_no_half_written_document(tmp_path):
    db = tmp_path / "e.db"
    with EvidenceIndex(db, create=True) as index:
        good = EvidenceDocument(id="a", text="The harbour wall was rebuilt in 1988 after the storm.")
        bad = EvidenceDocument(id="b", text="The lighthouse was automated in 1992 by the trust.")
        bad.title = ["not", "a", "string"]  # sqlite cannot bind it: the write fails mid-batch
        with pytest.raises(sqlite3.Error):
            index.add_documents([good, bad])
        assert index.stats()["documents"] == 0 and index.stats()["sentences"] == 0
        assert index._db.execute("SELECT count(*) FROM sentences_fts").fetchone()[0] == 0
        assert index.add_documents([good]).documents_added == 1


def test_sentence_splitter_keeps_offsets_and_abbreviations():
    text = ('Mr. Smith met Dr. J. R. Jones in the U.S. on Monday. He paid $3.5 million for lot No. 5. '
            '"Is it true?" he asked. Prices rose 2.5% in Jan. 2020.\n\nA new paragraph… And the end')
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == [
        "Mr. Smith met Dr. J. R. Jones in the U.S. on Monday.",
        "He paid $3.5 million for lot No. 5.",
        '"Is it true?" he asked.',
        "Prices rose 2.5% in Jan. 2020.",
        "A new paragraph…",
        "And the end",
    ]


def test_cli_add_search_info(tmp_path):
    db = tmp_path / "cli.db"
    result = cli("add", str(EVIDENCE / "facts.jsonl"), "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert "added 10 documents" in result.stdout
    result = cli("search", "How many people died in the Madrid train attacks?", "--db", str(db), "-k", "3")
    assert result.exit_code == 0 and "killed 191 people" in result.stdout and "Spanish National Court" in result.stdout
    result = cli("search", "Apollo 11 landing date", "--db", str(db), "-k", "2", "--format", "json")
    hits = json.loads(result.stdout)
    assert len(hits) == 2 and hits[0]["document_id"] == "apollo-11" and {"score", "bm25", "cosine"} <= set(hits[0])
    result = cli("info", "--db", str(db), "-f", "json")
    assert json.loads(result.stdout)["documents"] == 10
    assert "collection" in cli("info", "--db", str(db)).stdout
    assert "Examples" in cli("add", "--help").stdout


def test_cli_bad_files_are_named_and_the_good_ones_kept(tmp_path):
    db = tmp_path / "bad.db"
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.4\x00\x01\x02\x03" * 200)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"id": "r1", "text": "The museum reopened to visitors in May 2021."}) + "\n{oops\n")
    unknown = tmp_path / "report.pdf"
    unknown.write_bytes(b"%PDF")

    result = cli("add", str(binary), "--db", str(db))
    assert result.exit_code == BinaryInput.exit_code and f"{binary}: " in result.stderr and "binary" in result.stderr
    result = cli("add", str(empty), "--db", str(db))
    assert result.exit_code == EmptyInput.exit_code and "empty" in result.stderr
    result = cli("add", str(unknown), "--db", str(db))
    assert result.exit_code == UsageError.exit_code and "unsupported file type .pdf" in result.stderr
    result = cli("add", str(tmp_path / "missing.txt"), "--db", str(db))
    assert result.exit_code == InputNotFound.exit_code and "no such file" in result.stderr

    result = cli("add", str(records), str(binary), str(EVIDENCE / "berlin-wall.txt"), "--db", str(db))
    assert result.exit_code == PARTIAL_FAILURE_EXIT
    assert f"{records}: line 2: not valid JSON" in result.stderr and str(binary) in result.stderr
    assert "added 2 documents" in result.stdout
    with EvidenceIndex(db) as index:
        assert index.stats()["documents"] == 2


def test_cli_missing_or_foreign_collection(tmp_path):
    result = cli("search", "anything", "--db", str(tmp_path / "nope.db"))
    assert result.exit_code == InputNotFound.exit_code and "no evidence collection" in result.stderr
    assert not (tmp_path / "nope.db").exists()
    text_file = tmp_path / "notes.db"
    text_file.write_text("these are my notes, not a database\n" * 50)
    result = cli("info", "--db", str(text_file))
    assert result.exit_code == InputNotFound.exit_code and "not a presslens evidence collection" in result.stderr
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    result = cli("add", str(EVIDENCE / "berlin-wall.txt"), "--db", str(other))
    assert result.exit_code == InputNotFound.exit_code and "something else" in result.stderr


def test_collections_of_another_embedder_are_refused(tmp_path):
    db = tmp_path / "e.db"
    assert cli("add", str(EVIDENCE / "berlin-wall.txt"), "--db", str(db)).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = 'another-model' WHERE key = 'embedder_fingerprint'")
    for args in (("add", str(EVIDENCE / "channel-tunnel.txt")), ("search", "Berlin Wall")):
        result = cli(*args, "--db", str(db))
        assert result.exit_code == ModelMissing.exit_code
        assert "indexed with sentence embedder another-model" in result.stderr

    class OtherEmbedder:
        fingerprint = "other"

        def embed(self, sentences, batch_size=1):
            raise AssertionError("never called")

    with EvidenceIndex(tmp_path / "x.db", create=True) as index, pytest.raises(ModelMissing):
        EvidenceIndex(index.path, embedder=OtherEmbedder()).search("Berlin Wall")
