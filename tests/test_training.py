"""`presslens train techniques` end to end on a tiny PTC-format corpus (needs the train extra)."""
import subprocess
import sys

import pytest

from conftest import FIXTURES

pytest.importorskip("torch", reason="the train extra is not installed (pip install -e '.[train]')")


def test_train_techniques_exports_a_working_model(tmp_path):
    out = tmp_path / "model"
    proc = subprocess.run([sys.executable, "-m", "presslens", "train", "techniques", "--data", str(FIXTURES / "ptc"),
                           "--out", str(out), "--epochs", "1"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for name in ("encoder.int8.onnx", "heads.npz", "tokenizer.json", "config.json", "MODEL_CARD.md", "training.json"):
        assert (out / name).is_file(), name
    assert not (out / "encoder.fp32.onnx").exists()
    card = (out / "MODEL_CARD.md").read_text()
    assert "presslens train techniques" in card and "Held-out results" in card

    from presslens.techniques import load_model
    from presslens.techniques.tasks import find_techniques

    model = load_model(str(out))
    text = (FIXTURES / "ptc" / "articles" / "article1000.txt").read_text(encoding="utf-8")
    tokens, hidden = model.encoder.encode_text(text)
    assert hidden.shape == (len(tokens), 384)
    for span in find_techniques(model.heads, text, tokens, hidden, threshold=0.0):
        assert text[span.start:span.end].strip() == text[span.start:span.end]
