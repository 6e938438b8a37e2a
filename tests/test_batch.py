"""`presslens batch`: Parquet tables, bad inputs as error rows, and a real kill -9 in the middle of a run."""
import json
import re
import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from conftest import EXAMPLES, FIXTURES


def make_corpus(folder, n):
    folder.mkdir()
    texts = [(EXAMPLES / name).read_text(encoding="utf-8") for name in ("opinion.txt", "report.txt", "unseen_opinion.txt")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "ptc" / "articles").glob("*.txt"))]
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(texts[i % len(texts)] + f"\n\nFile number {i}.\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\x03 not text")
    records = [{"id": "rec-1", "text": "The council voted on Tuesday to close the line, officials said."},
               {"id": "rec-2", "html": "<html><body><article><p>A reckless, shameful plan by corrupt officials.</p>"
                                       "<p>They lie to you every day.</p></article></body></html>"}]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{not json\n", encoding="utf-8")
    return n + 1 + 3  # files, the broken file, three JSONL lines


def run_batch(*args, wait=True):
    cmd = [sys.executable, "-m", "presslens", "batch", *map(str, args)]
    if wait:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def tables(out):
    return {name: pq.read_table(out / name).to_pylist() for name in ("articles", "spans", "errors")}


def test_batch_writes_articles_spans_and_errors(tmp_path):
    total = make_corpus(tmp_path / "corpus", 4)
    out = tmp_path / "out"
    proc = run_batch(tmp_path / "corpus", "--out", out, "--workers", "1", "--part-size", "3")
    assert proc.returncode == 0, proc.stderr
    t = tables(out)
    assert len(t["articles"]) + len(t["errors"]) == total
    assert {r["id"] for r in t["errors"]} == {"broken", "feed-3"}  # the bad JSONL line: file stem + line number
    assert {"rec-1", "rec-2", "a000"} <= {r["id"] for r in t["articles"]}
    texts = {}
    for row in t["spans"]:
        assert row["kind"] in ("technique", "claim", "entity", "region", "actor", "actor_technique") and row["start"] < row["end"]
        texts.setdefault(row["id"], []).append(row)
    opinion = EXAMPLES.joinpath("opinion.txt").read_text(encoding="utf-8") + "\n\nFile number 0.\n"
    for row in texts["a000"]:
        assert opinion[row["start"]:row["end"]] == row["text"]  # offsets into the article's text
    again = run_batch(tmp_path / "corpus", "--out", out, "--workers", "1")
    assert again.returncode == 0 and "0 articles analysed, 0 errors" in again.stdout and f"{total} done before" in again.stdout


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
def test_kill_9_mid_run_then_resume_gives_every_input_exactly_once(tmp_path):
    total = make_corpus(tmp_path / "corpus", 40)
    out = tmp_path / "out"
    proc = run_batch(tmp_path / "corpus", "--out", out, "--workers", "2", "--part-size", "4", wait=False)
    deadline = time.time() + 300
    while time.time() < deadline and len(list((out / "_parts").glob("*.json"))) < 2:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole run, workers included, with no chance to clean up
    proc.wait()
    committed = len(list((out / "_parts").glob("*.json")))
    assert 2 <= committed < 12, "killed mid-run"

    resumed = run_batch(tmp_path / "corpus", "--out", out, "--workers", "2", "--part-size", "4")
    assert resumed.returncode == 0, resumed.stderr
    t = tables(out)
    ids = [r["id"] for r in t["articles"]] + [r["id"] for r in t["errors"]]
    assert len(ids) == len(set(ids)) == total  # no duplicate, none missing
    span_ids = {r["id"] for r in t["spans"]}
    assert span_ids <= {r["id"] for r in t["articles"]}


def test_warc_input(tmp_path):
    out = tmp_path / "out"
    proc = run_batch(FIXTURES / "pages.warc.gz", "--out", out, "--workers", "1", "--only", "techniques")
    assert proc.returncode == 0, proc.stderr
    t = tables(out)
    assert len(t["articles"]) == 2 and not t["errors"]  # the two HTML responses; the image is not an article
    assert {r["url"] for r in t["articles"]} == {"https://www.carrowmorecourier.example/opinion/green-line",
                                                  "https://www.northernherald.example/kjelvik-floods"}
    assert all(r["id"].startswith("urn:uuid:") for r in t["articles"])


def test_stats_tables_chart_and_page(tmp_path):
    make_corpus(tmp_path / "corpus", 6)
    out = tmp_path / "out"
    assert run_batch(tmp_path / "corpus", "--out", out, "--workers", "1").returncode == 0
    proc = subprocess.run([sys.executable, "-m", "presslens", "stats", str(out), "--by", "genre", "-f", "json",
                           "--plot", str(tmp_path / "chart.png"), "--html", str(tmp_path / "page.html"),
                           "--plot-actors", str(tmp_path / "actors.png"), "--plot-narratives", str(tmp_path / "narratives.png")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    spans = [r for r in tables(out)["spans"] if r["kind"] == "technique"]
    assert sum(row["spans"] for row in data["techniques"]) == len(spans)
    assert sum(row["articles"] for row in data["overview"]) == len(tables(out)["articles"])
    assert {row["genre"] for row in data["overview"]} <= {"opinion", "reporting", "satire", "unknown"}
    assert data["entities"] and all(e["mentions"] >= e["in_technique_spans"] for e in data["entities"])
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # who is portrayed how: one actor row per actor and article, its mentions summed per group
    actor_rows = [r for r in tables(out)["spans"] if r["kind"] == "actor"]
    assert actor_rows and all(r["actor"] and r["mentions"] >= 1 for r in actor_rows)
    assert data["actors"] and all(0 <= row[k] <= 1 for row in data["actors"] for k in ("antagonist", "protagonist", "innocent"))
    assert all(row["mentions"] == sum(r["mentions"] for r in actor_rows if r["actor"] == row["actor"]
                                      and r["id"] in {a["id"] for a in tables(out)["articles"] if (a["genre"] or "unknown") == row["genre"]})
               for row in data["actors"])
    assert (tmp_path / "actors.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # narratives: every article pushes at least one (Other included), so each group's articles are all counted
    articles = tables(out)["articles"]
    assert all(a["narratives"] for a in articles)
    for genre in {row["genre"] for row in data["narratives"]}:
        in_group = [a for a in articles if (a["genre"] or "unknown") == genre]
        assert max(r["articles"] for r in data["narratives"] if r["genre"] == genre) <= len(in_group)
        assert all(0 < r["share"] <= 1 for r in data["narratives"] if r["genre"] == genre)
    assert (tmp_path / "narratives.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and "Narratives" in (tmp_path / "page.html").read_text()
    page = (tmp_path / "page.html").read_text()
    assert "data:image/png;base64," in page and "<script" not in page and "Who is portrayed how" in page
    csv_out = subprocess.run([sys.executable, "-m", "presslens", "stats", str(out), "--by", "month", "-f", "csv"],
                             capture_output=True, text=True, timeout=300)
    assert csv_out.returncode == 0 and csv_out.stdout.startswith("month,technique,spans,articles,per_1000_words")
    text_out = subprocess.run([sys.executable, "-m", "presslens", "stats", str(out)], capture_output=True, text=True,
                              timeout=300, env={**os.environ, "COLUMNS": "200"})
    assert text_out.returncode == 0 and "Most-named entities" in text_out.stdout
    assert not re.search(r"│\s*(?:GPE|NORP)\s*│", text_out.stdout), "the table says types in words, not GPE/NORP"
    missing = subprocess.run([sys.executable, "-m", "presslens", "stats", str(tmp_path / "nothing")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 3 and "presslens batch" in missing.stderr


def test_dask_cluster_gives_the_same_rows_as_a_local_run(tmp_path):
    pytest.importorskip("distributed")
    import socket

    make_corpus(tmp_path / "corpus", 8)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    bin_dir = os.path.dirname(sys.executable)
    procs = [subprocess.Popen([os.path.join(bin_dir, "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(2):
            procs.append(subprocess.Popen([os.path.join(bin_dir, "dask"), "worker", address, "--nthreads", "1",
                                           "--no-dashboard", "--host", "127.0.0.1"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            assert len(client.scheduler_info()["workers"]) == 2
        remote = run_batch(tmp_path / "corpus", "--out", tmp_path / "dask", "--dask", address, "--part-size", "4")
        assert remote.returncode == 0, remote.stderr
    finally:
        for proc in procs[::-1]:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
    local = run_batch(tmp_path / "corpus", "--out", tmp_path / "local", "--workers", "1", "--part-size", "4")
    assert local.returncode == 0, local.stderr
    a, b = tables(tmp_path / "dask"), tables(tmp_path / "local")
    for name, key in (("articles", ("id",)), ("spans", ("id", "kind", "start", "end", "label")), ("errors", ("id",))):
        assert sorted(a[name], key=lambda r: tuple(r[k] for k in key)) == \
               sorted(b[name], key=lambda r: tuple(r[k] for k in key)), name


def test_batch_with_evidence_labels_claims_with_verdicts(tmp_path):
    db = tmp_path / "evidence.db"
    added = subprocess.run([sys.executable, "-m", "presslens", "evidence", "add", str(EXAMPLES / "evidence"), "--db", str(db)],
                           capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "claims.txt").write_text((EXAMPLES / "claims.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    proc = run_batch(corpus, "--out", out, "--workers", "2", "--only", "claims", "--evidence", db)
    assert proc.returncode == 0, proc.stderr
    claims = [r for r in tables(out)["spans"] if r["kind"] == "claim"]
    assert len(claims) >= 10
    assert {"supported", "contradicted", "not_enough_evidence"} <= {r["label"] for r in claims}
    stats = subprocess.run([sys.executable, "-m", "presslens", "stats", str(out), "-f", "json"], capture_output=True, text=True)
    assert stats.returncode == 0, stats.stderr
    overview = json.loads(stats.stdout)["overview"][0]
    assert overview["claims_per_1000_words"] > 0
    assert overview["contradicted_claims"] == sum(r["label"] == "contradicted" for r in claims)
    missing = run_batch(corpus, "--out", tmp_path / "out2", "--evidence", tmp_path / "none.db")
    assert missing.returncode == 3 and "Traceback" not in missing.stderr


def test_resuming_with_other_settings_is_refused(tmp_path):
    """A resumed run must not mix rows of two settings (analyses, --fast, a retrained model) in one table."""
    make_corpus(tmp_path / "corpus", 2)
    out = tmp_path / "out"
    first = run_batch(tmp_path / "corpus", "--out", out, "--workers", "1", "--only", "techniques", "--fast")
    assert first.returncode == 0, first.stderr
    started = json.loads((out / "run.json").read_text())
    assert started["analyses"] == ["encoding", "techniques"] and started["fast"] is True   # the stage encodes nothing then
    assert {"techniques", "techniques-fast", "claims", "framing"} <= set(started["models"])
    for args, change in ((["--only", "techniques"], "--fast then, not now"),
                         (["--only", "techniques,claims", "--fast"], "analyses encoding,techniques then, claims,encoding,entities,nlp,techniques now")):
        refused = run_batch(tmp_path / "corpus", "--out", out, "--workers", "1", *args)
        assert refused.returncode == 2 and change in refused.stderr and "new --out" in refused.stderr
        assert "Traceback" not in refused.stderr
    retrained = dict(started, models={**started["models"], "techniques-fast": "0" * 12})
    (out / "run.json").write_text(json.dumps(retrained))
    refused = run_batch(tmp_path / "corpus", "--out", out, "--workers", "1", "--only", "techniques", "--fast")
    assert refused.returncode == 2 and "the techniques-fast model changed since" in refused.stderr
    (out / "run.json").write_text(json.dumps(started))
    same = run_batch(tmp_path / "corpus", "--out", out, "--workers", "1", "--only", "techniques", "--fast")
    assert same.returncode == 0 and "0 articles analysed" in same.stdout



def test_folders_are_walked_in_sorted_order_one_directory_at_a_time(tmp_path):
    from presslens.batch.inputs import files_under

    for name in ["a.txt", "a/b.txt", "a/c/d.html", "a-b/e.txt", "B/f.txt", "a b/g.txt", ".hidden.txt", "z/y/x/w.txt",
                 "a/c.txt", "empty/.keep"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)  # followed by neither
    walked = files_under(tmp_path)
    assert next(walked) == tmp_path / ".hidden.txt"  # lazily: the first file before the rest is listed
    assert [tmp_path / ".hidden.txt", *walked] == sorted(p for p in tmp_path.rglob("*") if p.is_file())


def test_a_folder_that_cannot_be_listed_becomes_an_error_row(tmp_path, monkeypatch):
    from presslens.batch import analyse_item, inputs

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("An article.")
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path):  # root reads every folder, so the refusal is simulated
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(inputs.os, "scandir", scandir)
    items = list(inputs.iter_work([str(tmp_path)]))
    assert [(i.key, i.unreadable) for i in items] == [
        (str(tmp_path / "locked"), "cannot list folder (Permission denied)"), (str(tmp_path / "ok" / "a.txt"), None)]
    key, article, spans, error = analyse_item(items[0])
    assert article is None and error["input"] == key and "Permission denied" in error["reason"]
