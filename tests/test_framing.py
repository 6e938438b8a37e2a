"""Genre and frames: aggregation over paragraphs, the analyses, and `eval semeval2023`."""
import json
import subprocess
import sys

import numpy as np
import pytest

from conftest import EXAMPLES, FIXTURES, assert_offsets
from presslens import analyze
from presslens.framing.features import article_features
from presslens.heads.poolers import paragraph_vectors
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
    return analyze(EXAMPLES / "opinion.txt", only="genre,frames,techniques").to_dict()


def test_genre_and_frames_in_the_report(report):
    genre = report["genre"]
    assert genre["label"] in ("opinion", "reporting", "satire")
    assert abs(sum(genre["scores"].values()) - 1) < 1e-3
    assert genre["label"] == "opinion"  # a signed column with "I", "we", "you"
    # an article may have no frame above the threshold (the transit column's best is under it); a flood report has
    assert all(f["frame"] != "Security_and_defense" for f in report["frames"])
    flood = analyze(EXAMPLES / "report.txt", only="frames").to_dict()
    assert flood["frames"] and flood["frames"][0]["frame"] in ("Quality_of_life", "Health_and_safety")
    for report in (report, flood):
        _frames_point_at_body_paragraphs(report)


def _frames_point_at_body_paragraphs(report):
    paragraphs = {(p["start"], p["end"]) for p in report["paragraphs"]}
    for frame in report["frames"]:
        assert frame["frame"] in FRAMES and 0 <= frame["score"] <= 1
        for evidence in frame["evidence"]:
            assert (evidence["start"], evidence["end"]) in paragraphs  # a whole body paragraph, offsets exact
            assert all(not (r["start"] < evidence["end"] and evidence["start"] < r["end"]) for r in report["regions"])
    assert_offsets(report)


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


def _news_frames_data(tmp_path):
    """A data folder in ../shared/data's layout with three of the bundled examples, and frame labels for them."""
    data = tmp_path / "data"
    bbc = data / "genre_news" / "articles" / "bbc" / "politics"
    documents = data / "semeval2025t10_en" / "train" / "raw-documents"
    for folder in (bbc, documents):
        folder.mkdir(parents=True)
    (bbc / "001.txt").write_text((EXAMPLES / "report.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (documents / "EN_CC_1.txt").write_text((EXAMPLES / "opinion.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (documents / "EN_UA_2.txt").write_text((EXAMPLES / "claims.txt").read_text(encoding="utf-8"), encoding="utf-8")
    labels = tmp_path / "news_frames.tsv"
    labels.write_text("article\tpart\tround\tframes\tannotator_1\tannotator_2\n"
                      "genre_news/bbc/politics/001.txt\ttest\t2\tPolitical,Economic\tPolitical,Economic\tPolitical\n"
                      "semeval2025/EN_CC_1.txt\ttest\t2\tMorality\tMorality\tMorality\n"
                      "semeval2025/EN_UA_2.txt\tcalibration\t1\tHealth_and_safety\tHealth_and_safety\t\n")
    return data, labels


def test_eval_frames_scores_hand_labelled_news_by_part_and_source(tmp_path):
    from presslens.lab.evaluation.semeval2023 import micro_f1
    from presslens.framing import load_model

    data, labels = _news_frames_data(tmp_path)
    out = tmp_path / "predicted.tsv"
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "frames", "--data", str(data), "--labels", str(labels),
                          "--part", "all", "--out", str(out), "--json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    scores = json.loads(run.stdout)
    assert scores["articles"] == 3 and scores["gold"] == 4 and set(scores["by_source"]) == {"bbc", "semeval2025"}
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    frames = set(load_model().heads.frames)
    predicted = {r[0]: [f for f in r[1].split(",") if f] for r in rows}
    assert all(set(p) <= frames for p in predicted.values())
    # the printed figure is the scorer's on the written predictions
    gold = {r[0]: [f for f in r[2].split(",") if f] for r in rows}
    assert abs(micro_f1(predicted, gold).f1 - scores["f1"]) < 1e-4
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "frames", "--data", str(data), "--labels", str(labels)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("frames on news (test): 2 articles, micro-F1") and "semeval2025" in run.stdout


@pytest.mark.parametrize("content, message", [
    ("article\tframes\nx\tEconomic\n", "expected a header"),
    ("article\tpart\tround\tframes\nsemeval2025/EN_CC_1.txt\theldout\t1\tEconomic\n", "calibration|test"),
    ("article\tpart\tround\tframes\nsemeval2025/EN_CC_1.txt\ttest\t1\tEconomy\n", "unknown frame 'Economy'"),
])
def test_eval_frames_bad_labels_are_one_line(tmp_path, content, message):
    data, labels = _news_frames_data(tmp_path)
    labels.write_text(content)
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "frames", "--data", str(data), "--labels", str(labels)],
                         capture_output=True, text=True)
    assert run.returncode != 0 and "Traceback" not in run.stderr and message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_frame_fitting_gives_constant_frames_a_bias_and_ignores_unweighted_articles():
    from presslens.lab.training.framing import _fit_per_frame

    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 5))
    y = np.zeros((40, 3), dtype=int)
    y[:, 0] = x[:, 0] > 0        # learnable
    y[:20, 1] = 1                # every weighted article has it
    y[20:, 2] = 1                # only unweighted articles have it
    weights = np.r_[np.ones(20), np.zeros(20)]
    w, b = _fit_per_frame(x, y, weights, 1.0)
    assert w[0, 0] > 0 and not w[1].any() and b[1] == 20.0 and not w[2].any() and b[2] == -20.0


def test_keep_genre_keeps_the_genre_head_only_for_the_encoder_it_was_fitted_to(tmp_path):
    from presslens.lab.training.framing import kept_genre_head

    np.savez_compressed(tmp_path / "heads.npz", genre_w=np.ones((3, 4)), genre_b=np.zeros(3), frames_w=np.ones((2, 4)))
    (tmp_path / "config.json").write_text(json.dumps(
        {"encoder_fingerprint": "abc", "genre_head": "lr", "dev_genre_macro_f1": 0.8, "frames_C": 0.01}))
    arrays, config = kept_genre_head(tmp_path, "abc")
    assert sorted(arrays) == ["genre_b", "genre_w"] and config == {"genre_head": "lr", "dev_genre_macro_f1": 0.8}
    assert kept_genre_head(tmp_path, "another encoder") is None
    assert kept_genre_head(tmp_path / "missing", "abc") is None


def test_each_frame_has_its_own_threshold_and_an_article_may_have_none():
    from presslens.framing import load_model

    heads = load_model().heads
    assert len(heads.frame_thresholds) == len(heads.frames)
    assert all(0.1 <= t <= 0.9 for t in heads.frame_thresholds) and len(set(heads.frame_thresholds.tolist())) > 1
    probabilities = np.array(heads.frame_thresholds) - 0.01
    assert heads.frames_over_threshold(probabilities) == []            # just under every threshold: no frame
    j = int(np.argmax(heads.frame_thresholds))
    probabilities[j] = heads.frame_thresholds[j]
    assert heads.frames_over_threshold(probabilities) == [heads.frames[j]]
    # a probability over the common threshold but under its frame's own is not a frame
    k = int(np.argmax(np.array(heads.frame_thresholds) > heads.frame_threshold))
    if heads.frame_thresholds[k] > heads.frame_threshold:
        probabilities = np.zeros(len(heads.frames))
        probabilities[k] = (heads.frame_threshold + heads.frame_thresholds[k]) / 2
        assert heads.frames_over_threshold(probabilities) == []


def test_per_frame_thresholds_raise_news_f1_without_costing_ptc_more_than_its_tolerance():
    from sklearn.metrics import f1_score

    from presslens.lab.training.framing import PTC_TOLERANCE, per_frame_thresholds

    rng = np.random.default_rng(0)
    y_news = rng.random((80, 3)) < 0.4
    y_ptc = rng.random((80, 3)) < 0.4
    # frame 0 is over-scored on news (needs a high threshold), frame 1 under-scored (a low one)
    p_news = np.clip(np.c_[0.45 + 0.5 * y_news[:, 0], 0.05 + 0.3 * y_news[:, 1], 0.2 + 0.5 * y_news[:, 2]], 0, 1)
    p_ptc = np.clip(0.2 + 0.5 * y_ptc + 0.05 * rng.standard_normal(y_ptc.shape), 0, 1)
    thresholds = per_frame_thresholds(p_ptc, y_ptc, p_news, y_news, 0.4)
    assert thresholds[0] > 0.4 and thresholds[1] < 0.4
    common = f1_score(y_news, p_news >= 0.4, average="micro")
    assert f1_score(y_news, p_news >= np.array(thresholds), average="micro") > common
    assert f1_score(y_ptc, p_ptc >= np.array(thresholds), average="micro") >= \
        f1_score(y_ptc, p_ptc >= 0.4, average="micro") - PTC_TOLERANCE
