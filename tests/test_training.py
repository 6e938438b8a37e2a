"""`presslens train` end to end: techniques on a tiny PTC-format corpus, claims on a tiny CheckThat! folder, the embedder export (needs the train extra)."""
import json
import subprocess
import sys

import pytest

from conftest import FIXTURES

pytest.importorskip("torch", reason="the train extra is not installed (pip install -e '.[train]')")


def test_train_techniques_exports_a_working_model(tmp_path):
    out = tmp_path / "model"
    out.mkdir()
    (out / "tc_blend.json").write_text("{}")  # chosen for a previous model: a retraining removes it
    memes = tmp_path / "memes.json"  # SemEval-2021 Task 6 layout: extra training texts
    memes.write_text(json.dumps([{"id": 1, "text": "MAKE IT GREAT\nThey lie", "labels": [
        {"start": 0, "end": 13, "technique": "Slogans", "text_fragment": "MAKE IT GREAT"},
        {"start": 14, "end": 22, "technique": "Smears", "text_fragment": "They lie"}]}]), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "presslens", "train", "techniques", "--data", str(FIXTURES / "ptc"),
                           "--out", str(out), "--epochs", "1", "--memes", str(memes)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "1 meme windows added" in proc.stdout
    for name in ("encoder.int8.onnx", "heads.npz", "tokenizer.json", "config.json", "MODEL_CARD.md", "training.json"):
        assert (out / name).is_file(), name
    assert not (out / "encoder.fp32.onnx").exists() and not (out / "tc_blend.json").exists()
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

    # the linear model of --fast, blended into this encoder model's span classifier
    fast = tmp_path / "fast"
    proc = subprocess.run([sys.executable, "-m", "presslens", "train", "techniques-fast", "--data", str(FIXTURES / "ptc"),
                           "--out", str(fast), "--blend-with", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    config = json.loads((fast / "config.json").read_text())
    card = (fast / "MODEL_CARD.md").read_text()
    assert config["kind"] == "linear" and "presslens train techniques-fast" in card and "Blended into" in card

    from presslens.techniques.blend import BlendedHeads
    from presslens.techniques.linear import LinearHeads
    from presslens.techniques.tasks import label_spans

    linear = load_model(str(fast))
    assert isinstance(linear.heads, LinearHeads)
    text = (FIXTURES / "ptc" / "articles" / "article1001.txt").read_text(encoding="utf-8")
    tokens, features = linear.encoder.encode_text(text)
    labels = label_spans(linear.heads, text, tokens, features, [(168, 185), (196, 260)])
    assert len(labels) == 2 and set(labels) <= set(config["techniques"])
    load_model.cache_clear()
    assert isinstance(load_model(str(out)).heads, BlendedHeads)


def _checkworthiness_folder(folder):
    from test_claims import CLAIMS, NOT_CLAIMS

    folder.mkdir()
    names = {"train": "CT24_checkworthy_english_train.tsv", "dev": "CT24_checkworthy_english_dev.tsv",
             "dev-test": "CT24_checkworthy_english_dev-test.tsv"}
    for part, name in names.items():
        rows = [(f"{part}-y{i}-{k}", f"{s[:-1]} ({part} {k}).", "Yes") for k in range(4) for i, s in enumerate(CLAIMS)]
        rows += [(f"{part}-n{i}-{k}", f"{s[:-1]} ({part} {k}).", "No") for k in range(4) for i, s in enumerate(NOT_CLAIMS)]
        (folder / name).write_text("Sentence_id\tText\tclass_label\n" + "".join(f"{i}\t{t}\t{l}\n" for i, t, l in rows),
                                   encoding="utf-8")
    return folder


def test_train_claims_fits_a_head_that_the_analysis_loads(tmp_path):
    data = _checkworthiness_folder(tmp_path / "cw")
    out = tmp_path / "claims"
    proc = subprocess.run([sys.executable, "-m", "presslens", "train", "claims", "--data", str(data), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    card = (out / "MODEL_CARD.md").read_text()
    assert "presslens train claims" in card and "Held-out results" in card
    from presslens.claims.model import load_model

    head = load_model(str(out)).head
    assert head.w.shape == (768,) and 0 < head.threshold < 1


def test_train_embedder_exports_a_faithful_int8_encoder(tmp_path):
    out = tmp_path / "sentence"
    proc = subprocess.run([sys.executable, "-m", "presslens", "train", "embedder", "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    from presslens.models.sentence import SentenceEmbedder

    vectors = SentenceEmbedder(out).embed(["The Madrid bombings killed 191 people.", "Bombs in Madrid left 191 dead."])
    assert abs(float((vectors ** 2).sum(axis=1)[0]) - 1) < 1e-4 and float(vectors[0] @ vectors[1]) > 0.6
    assert "cosine" in (out / "MODEL_CARD.md").read_text()


@pytest.mark.parametrize("args, code, message", [
    (["techniques", "--memes", "no-such-memes.json", "--epochs", "1"], 3, "cannot read meme spans"),
    (["techniques-fast", "--blend-with", "no-such-model"], 11, "to blend with"),
    (["techniques", "--si-weights", "1,x,2"], 2, "three positive numbers"),
    (["techniques", "--device", "tpu", "--epochs", "1"], 2, "unknown training device"),
])
def test_training_bad_inputs_are_one_line_errors(tmp_path, args, code, message):
    proc = subprocess.run([sys.executable, "-m", "presslens", "train", *args, "--data", str(FIXTURES / "ptc"),
                           "--out", str(tmp_path / "model")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == code and message in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_recipe_sweep_scores_every_recipe_on_dev_and_averages_seeds(tmp_path):
    """The sweep behind the recipe choice: one JSON line per fitted recipe and seed, then one per weight soup."""
    from presslens.training.techniques_sweep import parse_grid

    assert parse_grid(["lr=5e-5,8e-5", "si_weights=1:3:2"]) == [
        {"lr": 5e-5, "si_weights": (1.0, 3.0, 2.0)}, {"lr": 8e-5, "si_weights": (1.0, 3.0, 2.0)}]
    for bad, message in ((["lr=abc"], "must be numbers"), (["depth=3"], "unknown recipe field")):
        with pytest.raises(SystemExit, match=message):
            parse_grid(bad)
    out = tmp_path / "sweep.jsonl"
    proc = subprocess.run([sys.executable, "-m", "presslens.training.techniques_sweep", "--data", str(FIXTURES / "ptc"),
                           "--recipe", "epochs=1 window=64", "--seeds", "13,14", "--device", "cpu",
                           "--soup", str(tmp_path / "states"), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    fits, soups = lines[:2], lines[2:]
    assert sorted(f["recipe"]["seed"] for f in fits) == [13, 14] and all(f["recipe"]["window"] == 64 for f in fits)
    assert all(0 <= f["decoding"]["dev_si_f1"] <= 1 and f["history"][0]["epoch"] == 1 for f in fits)
    assert len(soups) == 1 and sorted(soups[0]["soup_of"]) == [13, 14] and "si_f1" in soups[0]["dev"]
