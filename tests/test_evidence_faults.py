"""The evidence store under faults: written while a server reads it, truncated, corrupt, out of disk.
Clear one-line errors; no damaged collection left behind; nothing already indexed lost."""
import contextlib
import hashlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import EXAMPLES
from presslens.server.process import start_server

EVIDENCE = EXAMPLES / "evidence"
CLAIMS = EXAMPLES / "claims.txt"


def _cli(*args, timeout=300, preexec_fn=None):
    proc = subprocess.run([sys.executable, "-m", "presslens", *map(str, args)], capture_output=True, timeout=timeout,
                          preexec_fn=preexec_fn)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def _one_line_error(code: int, err: str) -> str:
    assert code not in (0, 1) and "Traceback" not in err, (code, err)
    errors = [line for line in err.splitlines() if line.startswith("presslens: error")]
    assert len(errors) == 1, err
    return errors[0]


def _documents(folder: Path, count: int, sentences: int) -> Path:
    """``count`` evidence documents of ``sentences`` distinct sentences each."""
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(count):
        lines = [f"The depot in district {d} handled {1000 + 37 * s + d} parcels in week {s % 52 + 1} of {1990 + s % 30}, "
                 f"the operator's report number {d}-{s} said." for s in range(sentences)]
        (folder / f"report-{d:03}.txt").write_text(f"Depot report {d}\n\n" + " ".join(lines) + "\n", encoding="utf-8")
    return folder


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("evidence") / "evidence.db"
    code, _, err = _cli("evidence", "add", EVIDENCE, "--db", db, "--quiet")
    assert code == 0, err
    return db


def _count(db: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_collection_written_while_the_server_reads_it(collection, tmp_path):
    db = tmp_path / "live.db"
    shutil.copy(collection, db)
    before = _count(db, "documents")
    more = _documents(tmp_path / "more", 30, 60)  # 1,800 sentences: two write transactions, seconds apart
    proc, url = start_server(tmp_path / "history.sqlite", "--evidence", str(db), "--workers", "1")
    try:
        body = json.dumps({"text": CLAIMS.read_text(encoding="utf-8"), "only": "claims"}).encode()
        statuses = []
        writer = subprocess.Popen([sys.executable, "-m", "presslens", "evidence", "add", str(more), "--db", str(db),
                                   "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        while writer.poll() is None or not statuses:
            request = urllib.request.Request(url + "/v1/analyze", data=body, headers={"content-type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    report = json.loads(response.read())
                    statuses.append(response.status)
                    assert all("verification" in card for card in report["claims"])
            except urllib.error.HTTPError as error:
                statuses.append((error.code, error.read().decode()))
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err.decode()
        assert statuses and all(s == 200 for s in statuses), statuses
        assert _count(db, "documents") == before + 30
        # the server sees the new documents without a restart
        query = json.dumps({"text": "The depot in district 7 handled 1044 parcels in week 1 of 1990, the "
                                    "operator's report number 7-0 said.", "only": "claims"}).encode()
        request = urllib.request.Request(url + "/v1/analyze", data=query, headers={"content-type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            cards = json.loads(response.read())["claims"]
        found = [e["document"] for c in cards for e in c["verification"]["evidence"]]
        assert any("report-007" in doc for doc in found), cards
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _damaged_copies(collection: Path, folder: Path) -> dict[str, Path]:
    data = collection.read_bytes()
    truncated = folder / "truncated.db"
    truncated.write_bytes(data[: len(data) // 2])
    corrupt = folder / "corrupt.db"
    middle = len(data) // 2
    corrupt.write_bytes(data[:middle] + bytes((b * 7 + 13) % 256 for b in range(8192)) + data[middle + 8192:])
    header_only = folder / "header-only.db"
    header_only.write_bytes(data[:4096])
    return {"truncated": truncated, "corrupt": corrupt, "header-only": header_only}


def test_truncated_or_corrupt_collections_give_a_clear_error_and_stay_as_they_were(collection, tmp_path):
    for name, damaged in _damaged_copies(collection, tmp_path).items():
        before = _sha(damaged)
        code, out, err = _cli("analyze", CLAIMS, "--evidence", damaged, "-f", "json")
        line = _one_line_error(code, err)
        assert "damaged" in line or "not a presslens evidence collection" in line, (name, line)
        code, _, err = _cli("evidence", "add", EVIDENCE / "berlin-wall.txt", "--db", damaged, "--quiet")
        line = _one_line_error(code, err)
        assert "damaged" in line or "not a presslens evidence collection" in line, (name, line)
        code, _, err = _cli("evidence", "search", "When did the Berlin Wall fall?", "--db", damaged)
        _one_line_error(code, err)
        assert _sha(damaged) == before, f"{name}: a damaged collection was written to"
        assert not list(tmp_path.glob(f"{damaged.name}-journal")), name


@contextlib.contextmanager
def _small_file_system(path: Path, size_kb: int):
    """A small tmpfs at ``path`` where it can be mounted (root); else the same limit on file size for the
    processes started with the returned ``preexec_fn`` (RLIMIT_FSIZE: writes past it fail as on a full disk)."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = False
    if os.geteuid() == 0 and shutil.which("mount"):
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
                                 capture_output=True).returncode == 0

    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (size_kb * 1024, size_kb * 1024))

    try:
        yield None if mounted else limit_file_size
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_a_full_disk_while_adding_loses_nothing_already_indexed(collection, tmp_path):
    size_kb = (collection.stat().st_size // 1024) + 400
    more = _documents(tmp_path / "more", 40, 60)  # ~2,400 sentences: more than the room left
    with _small_file_system(tmp_path / "small", size_kb) as preexec_fn:
        db = tmp_path / "small" / "evidence.db"
        shutil.copy(collection, db)
        documents, sentences = _count(db, "documents"), _count(db, "sentences")
        code, _, err = _cli("evidence", "add", more, "--db", db, "--quiet", preexec_fn=preexec_fn)
        line = _one_line_error(code, err)
        assert "full" in line or "cannot write" in line, line
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # whole chunks were written or none; what was there before is all there
        assert _count(db, "documents") >= documents and _count(db, "sentences") >= sentences
        assert _count(db, "sentences") == _count(db, "sentences_fts")
        code, out, err = _cli("evidence", "search", "When did the Berlin Wall fall?", "--db", db, "--format", "json")
        assert code == 0, err
        assert any("1989" in hit["sentence"] for hit in json.loads(out))
