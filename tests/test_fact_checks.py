"""Earlier fact-checks: archives stored beside evidence, matched against claim cards, scored as CheckThat! does."""
import gzip
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from presslens.lab.evaluation.metrics import average_precision_at, precision_at, reciprocal_rank
from presslens.lab.evaluation.retrieval import read_qrels, read_queries, read_run, run_lines, score_run
from presslens.evidence import EvidenceIndex
from presslens.evidence.schema import APPLICATION_ID, SCHEMA_1, SCHEMA_VERSION

EXAMPLES = Path(__file__).resolve().parents[1] / "presslens" / "examples"


# ---------------------------------------------------------------- the scorer, on hand-computed cases

def test_average_precision_reciprocal_rank_and_precision_by_hand():
    ranked = ["d1", "d2", "d3", "d4", "d5", "d6"]
    # relevant at ranks 2 and 5: AP@5 = (1/2 + 2/5) / 2 = 0.45; AP@3 = (1/2) / 2 = 0.25; AP@1 = 0
    assert average_precision_at(ranked, {"d2", "d5"}, 5) == pytest.approx(0.45)
    assert average_precision_at(ranked, {"d2", "d5"}, 3) == pytest.approx(0.25)
    assert average_precision_at(ranked, {"d2", "d5"}, 1) == 0
    # one relevant document: AP@k is 1/rank inside the top k
    assert average_precision_at(ranked, {"d3"}, 5) == pytest.approx(1 / 3)
    assert average_precision_at(ranked, {"d6"}, 5) == 0
    assert reciprocal_rank(ranked, {"d4", "d6"}) == pytest.approx(0.25)
    assert reciprocal_rank(ranked, {"x"}) == 0
    assert precision_at(ranked, {"d1", "d3"}, 3) == pytest.approx(2 / 3)
    assert precision_at(["d1"], {"d1"}, 5) == pytest.approx(0.2)   # a short run: P@k still divides by k


def test_a_run_is_scored_over_the_judged_queries_and_a_missing_query_scores_zero():
    run = {"q1": ["a", "b"], "q2": ["c", "d", "e"], "q9": ["z"]}
    qrels = {"q1": {"a"}, "q2": {"e"}, "q3": {"x"}}
    scores = score_run(run, qrels)
    assert scores["queries"] == 3
    assert scores["MAP@1"] == pytest.approx(1 / 3)
    assert scores["MAP@5"] == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert scores["MRR"] == pytest.approx((1 + 1 / 3) / 3)
    assert scores["P@1"] == pytest.approx(1 / 3)


def test_run_lines_round_trip_and_qrels_in_both_layouts(tmp_path):
    lines = run_lines({"q1": [(f"v{i}", 1 - i / 100) for i in range(30)]}, tag="t")
    assert len(lines) == 20 and lines[0] == "q1\tQ0\tv0\t1\t1.000000\tt\n"
    (tmp_path / "run.tsv").write_text("".join(lines))
    assert read_run(tmp_path / "run.tsv")["q1"][:3] == ["v0", "v1", "v2"]
    (tmp_path / "qrels.tsv").write_text("q1\t0\tv3\t1\nq1\t0\tv4\t0\nq2 0 v9 1\n")
    assert read_qrels(tmp_path / "qrels.tsv") == {"q1": {"v3"}, "q2": {"v9"}}
    with gzip.open(tmp_path / "pairs.jsonl.gz", "wt") as handle:
        handle.write(json.dumps({"query_id": "q1", "vclaim_id": "v3", "split": "dev"}) + "\n")
    assert read_qrels(tmp_path / "pairs.jsonl.gz") == {"q1": {"v3"}}
    (tmp_path / "queries.tsv").write_text("query_id\ttext\nq1\tHas the claim been checked?\n")
    assert read_queries(tmp_path / "queries.tsv") == {"q1": "Has the claim been checked?"}


# ---------------------------------------------------------------- the store: schema 2 and the migration

def _schema_1_file(path: Path, fresh_path: Path) -> None:
    """A collection as presslens wrote it before fact-checks (schema 1), holding one document."""
    import numpy as np

    with EvidenceIndex(fresh_path, create=True) as fresh:
        meta = fresh.meta()
        vector = fresh.embedder.embed(["The 2004 bombings in Madrid killed 191 people."])[0].astype(np.float16)
    text = "The 2004 bombings in Madrid killed 191 people."
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_1 + "PRAGMA user_version = 1;")
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.execute("INSERT INTO documents (id, title, source, url, date, origin, added, sha256, text) "
               "VALUES ('old', 'Madrid', 'court', NULL, '2007-10-31', 'old.txt', 0, 'x', ?)", (text,))
    db.execute("INSERT INTO sentences (document, start_offset, end_offset, text, vector) VALUES ('old', 0, ?, ?, ?)",
               (len(text), text, vector.tobytes()))
    db.commit()
    db.close()


def test_a_schema_1_collection_is_migrated_and_keeps_its_documents(tmp_path):
    path = tmp_path / "old.db"
    _schema_1_file(path, tmp_path / "fresh.db")
    with EvidenceIndex(path) as index:   # writable: migrated on opening
        assert index.schema_version == SCHEMA_VERSION == 2
        assert index.document("old").text.startswith("The 2004 bombings")
        assert index.search("How many people died in the Madrid bombings?", k=1)[0].document_id == "old"
        result = index.add([EXAMPLES / "evidence", EXAMPLES / "fact_checks.jsonl"])
        assert result.fact_checks_added == 10 and result.documents_added >= 10 and not result.errors
        assert index.stats()["fact_checks"] == 10 and index.stats()["schema_version"] == 2
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_schema_1_collection_opened_read_only_is_read_as_it_is(tmp_path):
    from unittest import mock

    path = tmp_path / "old.db"
    _schema_1_file(path, tmp_path / "fresh.db")
    # a reader without write access (another user's file): opened with SQLite's read-only mode
    with mock.patch("os.access", return_value=False):
        with EvidenceIndex(path) as index:
            assert index.schema_version == 1 and index.fact_check_count() == 0
            assert index.search("Madrid bombings", k=1)[0].document_id == "old"
            with pytest.raises(Exception, match="read-only"):
                index.add([EXAMPLES / "fact_checks.jsonl"])


def test_fact_checks_added_again_are_left_alone_and_a_changed_one_replaces_it(tmp_path):
    archive = tmp_path / "checks.jsonl"
    records = [json.loads(line) for line in (EXAMPLES / "fact_checks.jsonl").read_text().splitlines()]
    archive.write_text("".join(json.dumps(r) + "\n" for r in records[:3]))
    with EvidenceIndex(tmp_path / "c.db", create=True) as index:
        assert index.add([archive]).fact_checks_added == 3
        again = index.add([archive])
        assert again.fact_checks_added == 0 and again.fact_checks_unchanged == 3
        records[0]["reviewRating"] = {"@type": "Rating", "alternateName": "Mostly false"}
        archive.write_text("".join(json.dumps(r) + "\n" for r in records[:3]))
        changed = index.add([archive])
        assert changed.fact_checks_replaced == 1 and changed.fact_checks_unchanged == 2
        assert index.fact_check_count() == 3
        ids, claims, titles = index.fact_check_vectors()
        assert claims.shape == (3, 384) and titles.shape == (3, 384)


def test_evidence_add_reads_claimreview_in_pages_arrays_and_broken_feeds(tmp_path):
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://factcheck.example/tunnel",
              "claimReviewed": "The Channel Tunnel is 150 kilometres long.", "datePublished": "2024-05-02",
              "author": {"@type": "Organization", "name": "Example Fact Desk"},
              "reviewRating": {"@type": "Rating", "alternateName": "False"}}
    page = tmp_path / "check.html"
    page.write_text("<html><head><title>Is the Channel Tunnel 150 km long?</title><script type='application/ld+json'>"
                    + json.dumps(review) + "</script></head><body><article><p>The Channel Tunnel runs for about 50 "
                    "kilometres, 38 of them under the sea, according to its operator.</p><p>Claims that it is three "
                    "times as long confuse it with a road network that was never built.</p></article></body></html>")
    array = tmp_path / "checks.json"
    array.write_text(json.dumps([{**review, "url": "https://factcheck.example/a", "claimReviewed": "Cats can fly."},
                                 {"@type": "ClaimReview", "url": "https://factcheck.example/b"},    # no claimReviewed
                                 {**review, "url": "https://factcheck.example/c", "claimReviewed": "Dogs can read.",
                                  "reviewRating": {"@type": "Rating", "ratingValue": 3}}]))      # unknown scale
    feed = tmp_path / "feed.jsonl.gz"
    with gzip.open(feed, "wt") as handle:
        handle.write(json.dumps({**review, "url": "https://factcheck.example/d", "claimReviewed": "Fish can sing."})
                     + "\n{broken\n" + json.dumps({"vclaim_id": "vclaim-sno-x", "vclaim": "A shark swam on a flooded "
                                                   "motorway.", "title": "Shark on a motorway?", "date": "26 May 2015"})
                     + "\n")
    proc = subprocess.run([sys.executable, "-m", "presslens", "evidence", "add", str(page), str(array), str(feed),
                           "--db", str(tmp_path / "c.db")], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr
    problems = [line for line in proc.stderr.splitlines() if line.strip()]
    assert any("claimReviewed" in line for line in problems) and any("line 2" in line for line in problems)
    assert any("unknown scale" in line for line in problems)
    with EvidenceIndex(tmp_path / "c.db") as index:
        assert index.fact_check_count() == 5 and index.stats()["documents"] == 1
        checks = list(index.fact_checks([int(i) for i in index.fact_check_vectors()[0]]).values())
        by_url = {c.url: c for c in checks}
        assert by_url["https://factcheck.example/tunnel"].rating == "False"
        assert by_url["https://factcheck.example/c"].rating is None
        assert {c.reviewer for c in checks} == {"Example Fact Desk", "Snopes"}


# ---------------------------------------------------------------- matching on claim cards

@pytest.fixture(scope="module")
def demo_collection(tmp_path_factory):
    path = tmp_path_factory.mktemp("checks") / "demo.db"
    with EvidenceIndex(path, create=True) as index:
        index.add([EXAMPLES / "evidence", EXAMPLES / "fact_checks.jsonl"])
    return path


def test_a_claim_card_shows_its_earlier_fact_check_and_never_an_unrelated_one(demo_collection):
    from presslens import analyze

    report = analyze(EXAMPLES / "claims.txt", only="claims", evidence=demo_collection).to_dict()
    checked = [c for c in report["claims"] if c.get("fact_checks")]
    assert checked, "no claim card shows a fact-check"
    lehman = [c for c in report["claims"] if "Lehman" in c["text"]]
    assert lehman and lehman[0]["fact_checks"][0]["rating"] == "False"
    assert "2009" in lehman[0]["fact_checks"][0]["claim"] and lehman[0]["fact_checks"][0]["url"].startswith("https://")
    for card in checked:
        assert report["text"][card["start"]:card["end"]] == card["text"]   # offsets of matched claims
        for check in card["fact_checks"]:
            assert not any(w in check["claim"] for w in ("MMR", "5G", "shark"))
            assert 0 <= check["score"] <= 1 and set(check) >= {"claim", "rating", "reviewer", "date", "url", "score"}
    assert "fact_checks" in report["models"]


def test_html_and_text_views_show_the_fact_check_escaped(demo_collection, tmp_path):
    hostile = tmp_path / "hostile.jsonl"   # the demo archive, its Lehman record made hostile
    records = [json.loads(line) for line in (EXAMPLES / "fact_checks.jsonl").read_text().splitlines()]
    for record in records:
        if "Lehman" in record["claimReviewed"]:
            record.update({"url": "javascript:alert(1)", "author": {"name": "<b>Desk</b>"},
                           "claimReviewed": record["claimReviewed"] + " <script>x()</script>"})
    hostile.write_text("".join(json.dumps(r) + "\n" for r in records))
    db = tmp_path / "hostile.db"
    with EvidenceIndex(db, create=True) as index:
        index.add([EXAMPLES / "evidence", hostile])
    article = tmp_path / "a.txt"
    article.write_text("Markets in 2008\n\nWhen Lehman Brothers filed for bankruptcy in September 2009, governments "
                       "found billions for the banks almost overnight, the central bank said on Monday.\n")
    html = subprocess.run([sys.executable, "-m", "presslens", "analyze", str(article), "--evidence", str(db),
                           "--only", "claims", "--format", "html"], capture_output=True, text=True, timeout=300)
    assert html.returncode == 0, html.stderr
    assert "Already fact-checked" in html.stdout
    assert "<script>x()" not in html.stdout and "&lt;script&gt;" in html.stdout
    assert 'href="javascript:' not in html.stdout and "<b>Desk</b>" not in html.stdout
    text = subprocess.run([sys.executable, "-m", "presslens", "analyze", str(article), "--evidence", str(db),
                           "--only", "claims", "--format", "text"], capture_output=True, text=True, timeout=300)
    assert text.returncode == 0 and "already fact-checked: <b>Desk</b>, " in text.stdout and ": False —" in text.stdout


# ---------------------------------------------------------------- presslens eval fact-checked

def test_eval_fact_checked_writes_a_run_and_scores_it(tmp_path):
    queries = tmp_path / "queries.tsv"
    queries.write_text("q1\tLehman Brothers went bankrupt in September 2009, didn't it?\n"
                       "q2\tThe euro notes and coins came in on 1 January 2001\n"
                       "q3\tA video shows a shark swimming down a flooded motorway\n")
    qrels = tmp_path / "qrels.tsv"
    records = [json.loads(line) for line in (EXAMPLES / "fact_checks.jsonl").read_text().splitlines()]
    ids = {}
    for record in records:
        for key, word in (("q1", "Lehman"), ("q2", "euro"), ("q3", "shark")):
            if word.lower() in record["claimReviewed"].lower():
                ids[key] = record["url"]
    qrels.write_text("".join(f"{q}\t0\t{doc}\t1\n" for q, doc in ids.items()))
    out = tmp_path / "run.tsv"
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "fact-checked", "--queries", str(queries),
                           "--archive", str(EXAMPLES / "fact_checks.jsonl"), "--qrels", str(qrels), "--out", str(out),
                           "--json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)
    assert scores["queries"] == 3 and scores["MAP@5"] == pytest.approx(1.0)
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert all(len(r) == 6 and r[1] == "Q0" for r in rows)
    assert {r[0] for r in rows} == {"q1", "q2", "q3"} and len(rows) <= 3 * 20
    assert [r[3] for r in rows if r[0] == "q1"][:3] == ["1", "2", "3"]
    missing = subprocess.run([sys.executable, "-m", "presslens", "eval", "fact-checked", "--queries", str(queries),
                              "--archive", str(tmp_path / "none.jsonl"), "--out", str(out)],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode != 0 and len(missing.stderr.strip().splitlines()) == 1
    assert "Traceback" not in missing.stderr
