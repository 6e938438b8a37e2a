"""The head mechanism: one encoder stage, one head file format and loader, the shared decoders."""
import json

import numpy as np
import pytest

from conftest import EXAMPLES
from presslens import analyze
from presslens.errors import ModelMissing
from presslens.heads import LinearHead, labels_over, load_head, sigmoid, softmax, top_rows, write_head
from presslens.models.encoder import OnnxEncoder

NEURAL = ("techniques", "genre", "frames", "narratives", "claims", "actors")


def count_passes(monkeypatch) -> list:
    calls = []
    original = OnnxEncoder.encode
    monkeypatch.setattr(OnnxEncoder, "encode", lambda self, *a: calls.append(1) or original(self, *a))
    return calls


@pytest.mark.parametrize("only", [",".join(NEURAL), "genre", "claims,frames", "narratives,actors", None])
def test_a_document_is_encoded_exactly_once_whatever_analyses_run(monkeypatch, only):
    calls = count_passes(monkeypatch)
    report = analyze(EXAMPLES / "report.txt", only=only)
    assert set(only.split(",") if only else NEURAL) <= set(report.results)
    assert len(calls) == 1
    assert "encoding" in report.document.timings_ms
    assert report.document.encoding is None and not report.document.cache   # the vectors are dropped afterwards


def test_nothing_is_encoded_for_fast_techniques_alone(monkeypatch):
    calls = count_passes(monkeypatch)
    report = analyze(EXAMPLES / "opinion.txt", only="techniques", fast=True)
    assert report.results["techniques"] and not calls


def test_a_head_file_round_trips_and_refuses_another_encoder(tmp_path):
    rng = np.random.default_rng(1)
    head = LinearHead(rng.normal(size=8), rng.random(8) + 0.5, rng.normal(size=(3, 8)), rng.normal(size=3))
    config = write_head(tmp_path / "toy", "head.npz", head.arrays("toy_"), {"labels": ["a", "b", "c"], "threshold": 0.4})
    loaded_config, arrays, encoder = load_head(tmp_path / "toy", "head.npz", "toy head", "presslens train toy")
    assert loaded_config == config and loaded_config["labels"] == ["a", "b", "c"]
    assert isinstance(encoder, OnnxEncoder)
    again = LinearHead.from_arrays(arrays, "toy_")
    x = rng.normal(size=(5, 8)).astype(np.float32)
    assert np.allclose(again.sigmoid(x), head.sigmoid(x), atol=1e-5)
    assert np.allclose(again.softmax(x).sum(axis=1), 1)
    stale = {**config, "encoder_fingerprint": "0000000000000000"}
    (tmp_path / "toy" / "config.json").write_text(json.dumps(stale))
    with pytest.raises(ModelMissing, match="refit them with `presslens train toy`"):
        load_head(tmp_path / "toy", "head.npz", "toy head", "presslens train toy")
    with pytest.raises(ModelMissing, match="no toy head in"):
        load_head(tmp_path / "none", "head.npz", "toy head", "presslens train toy")


def test_decoders():
    assert sigmoid(np.array([0.0, 1000.0, -1000.0])).tolist() == pytest.approx([0.5, 1.0, 0.0], abs=1e-9)
    assert softmax(np.array([[1.0, 1.0]])).tolist() == [[0.5, 0.5]]
    probabilities = np.array([0.2, 0.9, 0.5, 0.45])
    assert labels_over(probabilities, list("abcd"), 0.45) == [("b", 0.9), ("c", 0.5), ("d", 0.45)]
    assert labels_over(probabilities, list("abcd"), [0.1, 0.95, 0.6, 0.4]) == [("d", 0.45), ("a", 0.2)]
    scores = np.array([[0.1, 0.7], [0.9, 0.2], [0.3, 0.8]])
    assert top_rows(scores, 1) == [(2, 0.8), (0, 0.7)]
    assert top_rows(np.zeros((0, 2)), 0) == []


def test_a_score_calibration_round_trips_and_orders_like_its_scores(tmp_path):
    from presslens.heads.calibration import ScoreCalibration

    calibration = ScoreCalibration(np.array([1.0, 0.5, 0.2]), -0.3, {"a": 0.4, "b": -1.0}, 0.3, {"fitted_on": "toy"})
    (tmp_path / "calibration.json").write_text(calibration.to_json())
    again = ScoreCalibration.read(tmp_path / "calibration.json")
    assert again.threshold == 0.3 and again.meta == {"fitted_on": "toy"}
    scores = np.array([[0.1, 0.5, 0.2], [0.4, 0.8, 0.5], [0.4, 0.8, 0.5]])
    p = again.probabilities(scores, ["a", "a", "b"])
    assert np.allclose(p, calibration.probabilities(scores, ["a", "a", "b"]))
    assert p[0] < p[1] and p[2] < p[1]   # higher raw scores, and a label's own intercept, move it
    assert again.probabilities(np.zeros((0, 3)), []).shape == (0,)
    assert ScoreCalibration.read(tmp_path / "none.json") is None


def test_the_display_threshold_is_the_lowest_that_reaches_the_precision():
    pytest.importorskip("sklearn")
    from presslens.lab.training.technique_calibration import MIN_SHOWN, TARGET_PRECISION, choose_threshold

    rng = np.random.default_rng(3)
    p = rng.random(4000) * 0.6
    right = rng.random(4000) < p   # a calibrated score: right as often as it says
    threshold, precision, shown = choose_threshold(p, right)
    assert precision >= TARGET_PRECISION and shown >= MIN_SHOWN
    lower = round(threshold - 0.01, 2)
    assert right[p >= lower].mean() < TARGET_PRECISION or lower < 0.10
    assert 0.12 < threshold < 0.22   # scores uniform over 0.0-0.6 are right at (t + 0.6) / 2 from t: 0.38 at 0.16
