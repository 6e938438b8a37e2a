"""Genre and frames: aggregation over paragraphs, the analyses, and `eval semeval2023`."""
import json
import subprocess
import sys

import numpy as np
import pytest

from conftest import EXAMPLES, FIXTURES, assert_offsets
from presslens.framing.features import article_features, paragraph_vectors
from presslens.models.windows import TokenizedText

FRAMES = ["Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
          "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation", "Crime_and_punishment",
          "Security_and_defense", "Health_and_safety", "Quality_of_life", "Cultural_identity", "Public_opinion",
          "Political", "External_regulation_and_reputation"]


def test_paragraph_vectors_average_each_paragraph_and_keep_empty_ones():
    units = np.array([0, 0, 2, 2, 2], dtype=np.int64)  # paragraph 1 has no tokens
    tokens = TokenizedText(np.zeros(5, np.int64), np.arange(5), np.arange(1, 6), units)
    hidden = np.arange(10, dtype=np.float32).reshape(5, 2)
    vectors = paragraph_vectors(tokens, hidden, 3)
    assert vectors.tolist() == [[1.0, 2.0], [0.0, 0.0], [6.0, 7.0]]


def test_article_features_aggregate_all_paragraphs_without_truncation():
    rng = np.random.default_rng(0)
    paragraphs = rng.normal(size=(400, 384)).astype(np.float32)
    paragraphs[399, 7] = 50.0  # a signal in the very last paragraph of a long article
    features = article_features(paragraphs, np.zeros(6, np.float32))
    assert features.shape == (384 * 2 + 6,)
    assert features[384 + 7] == 50.0  # the max half sees it
    assert np.allclose(features[:384], paragraphs.mean(axis=0))


@pytest.fixture(scope="module")
def report():
    from presslens import analyze

    return analyze(EXAMPLES / "opinion.txt", only="genre,frames,techniques").to_dict()


def test_genre_and_frames_in_the_report(report):
    genre = report["genre"]
    assert genre["label"] in ("opinion", "reporting", "satire")
    assert abs(sum(genre["scores"].values()) - 1) < 1e-3
    assert genre["label"] == "opinion"  # a signed column with "I", "we", "you"
    assert report["frames"], "at least one frame"
    paragraphs = {(p["start"], p["end"]) for p in report["paragraphs"]}
    for frame in report["frames"]:
        assert frame["frame"] in FRAMES and 0 <= frame["score"] <= 1
        for evidence in frame["evidence"]:
            assert (evidence["start"], evidence["end"]) in paragraphs  # a whole body paragraph, offsets exact
            assert all(not (r["start"] < evidence["end"] and evidence["start"] < r["end"]) for r in report["regions"])
    assert_offsets(report)


def test_one_encoder_pass_serves_all_heads(monkeypatch):
    from presslens import analyze
    from presslens.models.encoder import OnnxEncoder

    calls = []
    original = OnnxEncoder.encode
    monkeypatch.setattr(OnnxEncoder, "encode", lambda self, *a: calls.append(1) or original(self, *a))
    report = analyze(EXAMPLES / "report.txt", only="techniques,genre,frames")
    assert {"techniques", "genre", "frames"} <= set(report.results)
    assert len(calls) == 1
    assert not report.document.cache  # the vectors are dropped once the analyses have run


def test_genre_and_frames_render_in_text_and_html():
    from presslens import analyze

    result = analyze(EXAMPLES / "report.txt", only="genre,frames")
    text = result.render("text")
    assert "Genre:" in text and "Frames" in text
    html = result.render("html")
    assert "Genre" in html and 'class="frames"' in html


@pytest.mark.parametrize("subtask,out_name", [("genre", "genre.txt"), ("frames", "frames.txt"), ("techniques", "techniques.txt")])
def test_eval_semeval2023_writes_official_files(tmp_path, subtask, out_name):
    data = FIXTURES / "semeval2023"
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "semeval2023", "--subtask", subtask,
                           "--articles", str(data), "--labels", str(data), "--out", str(tmp_path), "--json"],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)
    assert scores["articles"] == 4 and 0 <= scores["f1"] <= 1
    lines = (tmp_path / out_name).read_text().splitlines()
    if subtask == "genre":
        assert len(lines) == 4 and all(l.split("\t")[1] in ("opinion", "reporting", "satire") for l in lines)
    elif subtask == "frames":
        assert len(lines) == 4 and all(set(filter(None, l.split("\t")[1].split(","))) <= set(FRAMES) for l in lines)
    else:
        gold = (FIXTURES / "semeval2023" / "train-labels-subtask-3.txt").read_text().splitlines()
        assert [l.split("\t")[:2] for l in lines] == [g.split("\t")[:2] for g in gold]


def test_eval_semeval2023_reads_the_organisers_layout(tmp_path):
    import shutil

    shutil.copytree(FIXTURES / "semeval2023" / "articles-subtask-2", tmp_path / "dev-articles-subtask-2")
    shutil.copy(FIXTURES / "semeval2023" / "train-labels-subtask-2.txt", tmp_path / "dev-labels-subtask-2.txt")
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "semeval2023", "--subtask", "frames",
                           "--articles", str(tmp_path), "--labels", str(tmp_path), "--json"],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["articles"] == 4


@pytest.mark.parametrize("name, genre", [
    ("report.txt", "reporting"), ("opinion.txt", "opinion"), ("claims.txt", "opinion"),
    pytest.param("satire.txt", "satire", marks=pytest.mark.xfail(
        strict=True, reason="known miss (README, Limitations): a deadpan satire in a local report's form is called "
                            "opinion; satire from held-out sites is found with recall 0.72")),
])
def test_the_genre_of_a_report_an_opinion_column_and_a_satire_piece(name, genre):
    """What a new user tries first: the bundled news report, columns and satire piece, each called what it is."""
    from presslens import analyze

    result = analyze(EXAMPLES / name, only="genre").to_dict()["genre"]
    assert result["label"] == genre, result


def test_eval_genre_scores_a_folder_of_articles_against_a_tsv(tmp_path):
    labels = tmp_path / "genres.tsv"
    labels.write_text("file\tgenre\nreport.txt\treporting\nopinion.txt\topinion\nsatire.txt\tsatire\n")
    out = tmp_path / "predicted.tsv"
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "genre", "--articles", str(EXAMPLES),
                          "--labels", str(labels), "--out", str(out), "--json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    [scores] = json.loads(run.stdout)
    assert scores["articles"] == 3 and 0 <= scores["f1"] <= 1
    assert set(scores["confusion"]) == {"reporting", "opinion", "satire"}
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert sorted(r[0] for r in rows) == ["opinion.txt", "report.txt", "satire.txt"]
    labels.write_text("file\tgenre\nmissing.txt\treporting\n")
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "genre", "--articles", str(EXAMPLES),
                          "--labels", str(labels)], capture_output=True, text=True)
    assert run.returncode == 3 and "missing.txt" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "genre", "--labels", str(labels)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "go together" in run.stderr
