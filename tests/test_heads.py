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
