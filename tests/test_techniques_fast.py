"""The fast (linear) technique model of `--fast`: exact offsets, stable hashing, the same report contract."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, FIXTURES, assert_offsets
from presslens.models.windows import line_units, tokenize_units
from presslens.techniques import FAST_MODEL_DIR, load_model
from presslens.techniques.linear import N_BUCKETS, LinearHeads, SparseRows, span_rows, token_rows
from presslens.techniques.taxonomy import PTC_LABELS


@pytest.fixture(scope="module")
def fast_model():
    return load_model(str(FAST_MODEL_DIR))


def test_sparse_rows_multiply_like_a_dense_matrix():
    rows = SparseRows.from_rows([{3: 1.0, 7: 2.0}, {}, {3: 0.5}, {N_BUCKETS - 1: 1.0}])
    weight = np.random.default_rng(1).normal(size=(2, N_BUCKETS)).astype(np.float32)
    dense = np.zeros((4, N_BUCKETS), dtype=np.float32)
    dense[0, 3], dense[0, 7], dense[2, 3], dense[3, N_BUCKETS - 1] = 1.0, 2.0, 0.5, 1.0
    assert np.allclose(rows.dot(weight), dense @ weight.T, atol=1e-5)
    assert rows.dot(weight)[1].tolist() == [0.0, 0.0]  # an empty row scores zero, not its neighbour's sum


_texts = st.lists(st.sampled_from(list("ab cdé’“”\n!?.,-ﬁ€😀\u0301") + ["Ünïcode ", "don't ", "U.S. ", "\r\n"]),
                  min_size=1, max_size=120).map("".join)


@settings(max_examples=40, deadline=None)
@given(text=_texts, seed=st.integers(0, 10_000))
def test_fast_spans_are_exact_and_whole_words(fast_model, text, seed):
    tokens = tokenize_units(fast_model.encoder.tokenizer, text, line_units(text))
    rng = np.random.default_rng(seed)
    heads = LinearHeads({"si.weight": rng.normal(size=(3, N_BUCKETS)).astype(np.float32), "si.bias": np.zeros(3),
                         "tc.weight": rng.normal(size=(14, N_BUCKETS)).astype(np.float32), "tc.bias": np.zeros(14)},
                        PTC_LABELS, threshold=0.3)
    features = fast_model.encoder.encode(tokens)
    for span in heads.detect(text, tokens, features):
        fragment = text[span.start:span.end]
        assert fragment and fragment.strip() == fragment and "\n" not in fragment
    if len(tokens):
        assert len(token_rows(text, tokens)) == len(tokens)
        spans = [(int(tokens.starts[0]), int(tokens.ends[-1]))]
        assert len(span_rows(text, tokens, spans)) == 1
        probs = heads.classify(text, tokens, features, spans)
        assert probs.shape == (1, 14) and np.isclose(probs.sum(), 1.0)


def _analyse_fast(seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run([sys.executable, "-m", "presslens", "analyze", str(EXAMPLES / "opinion.txt"),
                           "--only", "techniques", "--fast", "-f", "json"], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_fast_analysis_in_the_cli_is_exact_and_the_same_in_every_process():
    report = _analyse_fast("1")
    assert_offsets(report)
    spans = report["techniques"]
    assert len(spans) >= 3 and any(s["technique"] == "loaded_language" for s in spans)
    assert all(0 < s["score"] <= 1 and s["explanation"] for s in spans)
    # hashed features must not depend on Python's per-process string hashing
    assert _analyse_fast("2")["techniques"] == spans


def test_fast_and_accurate_models_share_the_report_contract():
    from presslens import analyze

    fast = analyze(EXAMPLES / "opinion.txt", only="techniques", fast=True).to_dict()
    accurate = analyze(EXAMPLES / "opinion.txt", only="techniques").to_dict()
    assert fast["techniques"] != accurate["techniques"]
    assert {k for s in fast["techniques"] for k in s} == {k for s in accurate["techniques"] for k in s}


def test_eval_ptc_fast_writes_official_files(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "ptc", "--fast", "--articles",
                           str(FIXTURES / "ptc" / "articles"), "--labels", str(FIXTURES / "ptc"), "--out",
                           str(tmp_path), "--json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)
    assert {"si", "tc", "flc"} <= set(scores)
    for line in (tmp_path / "tc.labels").read_text().splitlines():
        article, technique, start, end = line.split("\t")
        assert technique in PTC_LABELS and int(start) < int(end)


def test_batch_fast_techniques_only(tmp_path):
    import pyarrow.parquet as pq

    proc = subprocess.run([sys.executable, "-m", "presslens", "batch", str(EXAMPLES / "opinion.txt"),
                           str(EXAMPLES / "report.txt"), "--out", str(tmp_path / "out"), "--workers", "1",
                           "--only", "techniques", "--fast"], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    spans = pq.read_table(tmp_path / "out" / "spans").to_pylist()
    assert sum(1 for s in spans if s["kind"] == "technique") >= 3


# --- the blend of both span classifiers (the default model) --------------------------

def test_blend_weights_move_between_the_two_models():
    from presslens.techniques.blend import blend

    p = np.array([[0.6, 0.35, 0.05]])
    q = np.array([[0.05, 0.35, 0.6]])
    assert np.allclose(blend(p, q, 0.0), p, atol=1e-6) and np.allclose(blend(p, q, 1.0), q, atol=1e-6)
    middle = blend(p, q, 0.5)
    assert np.isclose(middle.sum(), 1.0) and middle.argmax() == 1  # both models' second choice is their common ground


def test_shipped_model_blends_and_refuses_a_stale_blend(tmp_path):
    import shutil

    from presslens.errors import ModelMissing
    from presslens.techniques import MODEL_DIR
    from presslens.techniques.blend import BLEND_FILE, BlendedHeads, with_blend

    load_model.cache_clear()
    model = load_model()
    assert isinstance(model.heads, BlendedHeads) and 0 < model.heads.weight < 1
    text = (EXAMPLES / "opinion.txt").read_text(encoding="utf-8")
    tokens, hidden = model.encoder.encode_text(text)
    spans = [(0, 40), (100, 160)]
    alone = model.heads.neural.classify(text, tokens, hidden, spans)
    assert not np.allclose(model.heads.classify(text, tokens, hidden, spans), alone)

    copy = tmp_path / "techniques"  # the encoder model retrained: its heads are no longer those the blend was chosen for
    shutil.copytree(MODEL_DIR, copy)
    config = json.loads((copy / BLEND_FILE).read_text())
    config["linear_model"] = str(FAST_MODEL_DIR)
    config["fingerprints"]["neural_heads"] = "0" * 16
    (copy / BLEND_FILE).write_text(json.dumps(config))
    with pytest.raises(ModelMissing, match="train techniques-fast"):
        with_blend(model.heads.neural, copy)
    (copy / BLEND_FILE).unlink()
    assert with_blend(model.heads.neural, copy) is model.heads.neural
