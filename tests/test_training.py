"""`presslens train` end to end: techniques on a tiny PTC-format corpus, claims on a tiny CheckThat! folder, the embedder export (needs the train extra)."""
import json
import subprocess
import sys

import pytest

from conftest import EXAMPLES, FIXTURES

pytest.importorskip("torch", reason="the train extra is not installed (pip install -e '.[train]')")


def test_train_techniques_exports_a_working_model(tmp_path):
    out = tmp_path / "model"
    out.mkdir()
    (out / "tc_blend.json").write_text("{}")  # chosen for a previous model: a retraining removes it
    memes = tmp_path / "memes.json"  # SemEval-2021 Task 6 layout: extra training texts
    memes.write_text(json.dumps([{"id": 1, "text": "MAKE IT GREAT\nThey lie", "labels": [
        {"start": 0, "end": 13, "technique": "Slogans", "text_fragment": "MAKE IT GREAT"},
        {"start": 14, "end": 22, "technique": "Smears", "text_fragment": "They lie"}]}]), encoding="utf-8")
    # --out relative to the working directory, as `make train-techniques` gives it (the card step loads the model)
    proc = subprocess.run([sys.executable, "-m", "presslens", "train", "techniques", "--data", str(FIXTURES / "ptc"),
                           "--out", "model", "--epochs", "1", "--memes", str(memes)],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
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


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    from tiny_data import write_tiny_data

    return write_tiny_data(tmp_path_factory.mktemp("tiny"))


def test_train_encoder_trains_every_task_and_exports_the_shared_layout(tiny, tmp_path):
    """`presslens train encoder`: one encoder, a head per task, the technique heads served on it by the analyses'
    own loaders, and a stale blend removed."""
    data, labels = tiny
    out = tmp_path / "models"
    (out / "techniques").mkdir(parents=True)
    (out / "techniques" / "tc_blend.json").write_text("{}")
    proc = subprocess.run([sys.executable, "-m", "presslens", "train", "encoder", "--data", str(data), "--out", str(out),
                           "--labels", str(labels), "--epochs", "1"], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "debate sentences before 2012" in proc.stdout and "genre articles" in proc.stdout
    for name in ("shared-encoder/encoder.int8.onnx", "shared-encoder/tokenizer.json", "shared-encoder/config.json",
                 "shared-encoder/MODEL_CARD.md", "shared-encoder/training.json", "techniques/heads.npz",
                 "techniques/config.json", "techniques/MODEL_CARD.md", "claims/trained_head.npz",
                 "framing/trained_heads.npz"):
        assert (out / name).is_file(), name
    assert not (out / "techniques" / "tc_blend.json").exists() and not (out / "techniques" / "encoder.int8.onnx").exists()
    history = json.loads((out / "shared-encoder" / "training.json").read_text())["history"]
    assert {"ptc_si_f1", "cw_2012_f1", "genre_dev_macro_f1", "frames_dev_micro_f1"} <= set(history[0])

    from presslens.models.encoder import encoder_folder_of
    from presslens.techniques import load_model
    from presslens.techniques.tasks import find_techniques

    assert encoder_folder_of(out / "techniques") != out / "techniques"
    model = load_model(str(out / "techniques"))  # heads fitted to the shipped encoder's place: refused
    assert model is not None


def test_train_claims_and_framing_fit_heads_that_the_analyses_load(tiny, tmp_path):
    data, labels = tiny
    claims, framing = tmp_path / "claims", tmp_path / "framing"
    for command, out in (("claims", claims), ("framing", framing)):
        proc = subprocess.run([sys.executable, "-m", "presslens", "train", command, "--data", str(data), "--out", str(out),
                               "--labels", str(labels)], capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, proc.stderr[-3000:]
        card = (out / "MODEL_CARD.md").read_text()
        assert f"presslens train {command}" in card and "Held-out" in card
    config = json.loads((claims / "config.json").read_text())
    assert 0 < config["threshold"] < 1 and 0 < config["debate_threshold"] < 1
    scores = json.loads((claims / "heldout_scores.json").read_text())
    assert {"debates 2016", "debates 2012-2016", "news test", "dev-test"} <= set(scores)

    from presslens.claims.model import load_model as load_claims
    from presslens.framing import genre_of, load_model as load_framing, text_features

    head = load_claims(str(claims)).head
    assert head.w.shape == (768,) and head.debate_threshold == config["debate_threshold"]
    model = load_framing(str(framing))
    label, probabilities = genre_of(text_features((EXAMPLES / "report.txt").read_text(encoding="utf-8"),
                                                  model.encoder)[2], model)
    assert label in ("opinion", "reporting", "satire") and abs(sum(probabilities.values()) - 1) < 1e-3
    assert "genre_news: Fox News editorials" in (framing / "MODEL_CARD.md").read_text()
    frames = json.loads((framing / "config.json").read_text())
    assert frames["fit_news_articles"] > 0 and frames["frames_news_weight"] in (0.0, 1.0, 3.0, 10.0)
    assert "news_frames" in json.loads((framing / "heldout_scores.json").read_text())


def test_train_verifier_exports_an_entailment_model_that_verdicts_load(tiny, tmp_path):
    data, _ = tiny
    out = tmp_path / "verifier"
    command = [sys.executable, "-m", "presslens", "train", "verifier", "--data", str(data), "--out", str(out),
               "--epochs", "1", "--per-rule", "20", "--checkpoints", str(tmp_path / "checkpoints")]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (tmp_path / "checkpoints" / "verifier.pt").is_file(), "each epoch's end is a checkpoint (resuming: below)"
    assert "climate-fever" in proc.stdout and "sick 9" in proc.stdout and "combination" in proc.stdout
    for name in ("encoder.int8.onnx", "head.npz", "tokenizer.json", "config.json", "MODEL_CARD.md"):
        assert (out / name).is_file(), name
    card = (out / "MODEL_CARD.md").read_text()
    assert "presslens train verifier" in card and "Held out" in card and "Climate-FEVER test part" in card
    config = json.loads((out / "config.json").read_text())
    assert config["labels"] == ["SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO"] and len(config["label_biases"]) == 3
    assert set(config["combination"]) == {"confident", "veto_at"}
    assert len(config["trained_claims"]) >= 20   # the training part of the 40 tiny claims, as fingerprints

    from presslens.claims.entailment import EntailmentModel

    probabilities = EntailmentModel(out).predict([("The Ashgrove defences were completed in 1990.",
                                                   "Work on the Ashgrove defences finished in 1990.")])
    assert probabilities.shape == (1, 3) and abs(float(probabilities.sum()) - 1) < 1e-5


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
    from presslens.lab.training.techniques_sweep import parse_grid

    assert parse_grid(["lr=5e-5,8e-5", "si_weights=1:3:2"]) == [
        {"lr": 5e-5, "si_weights": (1.0, 3.0, 2.0)}, {"lr": 8e-5, "si_weights": (1.0, 3.0, 2.0)}]
    for bad, message in ((["lr=abc"], "must be numbers"), (["depth=3"], "unknown recipe field")):
        with pytest.raises(SystemExit, match=message):
            parse_grid(bad)
    out = tmp_path / "sweep.jsonl"
    proc = subprocess.run([sys.executable, "-m", "presslens.lab.training.techniques_sweep", "--data", str(FIXTURES / "ptc"),
                           "--recipe", "epochs=1 window=64", "--seeds", "13,14", "--device", "cpu",
                           "--soup", str(tmp_path / "states"), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    fits, soups = lines[:2], lines[2:]
    assert sorted(f["recipe"]["seed"] for f in fits) == [13, 14] and all(f["recipe"]["window"] == 64 for f in fits)
    assert all(0 <= f["decoding"]["dev_si_f1"] <= 1 and f["history"][0]["epoch"] == 1 for f in fits)
    assert len(soups) == 1 and sorted(soups[0]["soup_of"]) == [13, 14] and "si_f1" in soups[0]["dev"]


def test_a_killed_verifier_run_resumes_from_its_last_checkpoint(tiny, tmp_path, monkeypatch):
    import presslens.lab.training.verifier as training

    data, _ = tiny
    recipe = training.VerifierRecipe(epochs=1, per_rule=20, refuting_per_rule=10, batch_tokens=128)   # many batches
    monkeypatch.setattr(training, "CHECKPOINT_EVERY", 2)
    real_batches = training._batches   # an epoch of 6 training batches: enough to die, resume and finish quickly
    monkeypatch.setattr(training, "_batches", lambda encoded, budget, rng: real_batches(encoded, budget, rng)[:6]
                        if rng is not None else real_batches(encoded, budget, rng))
    steps = {"n": 0}
    real_step = training.optimizer_step

    def dies_after_three(*args):
        steps["n"] += 1
        if steps["n"] > 3:
            raise KeyboardInterrupt("killed")
        real_step(*args)

    monkeypatch.setattr(training, "optimizer_step", dies_after_three)
    with pytest.raises(KeyboardInterrupt):
        training.fit(data, recipe, "cpu", log=lambda m: None, checkpoints=tmp_path)
    monkeypatch.setattr(training, "optimizer_step", real_step)
    monkeypatch.setattr(training, "CHECKPOINT_EVERY", 10 ** 6)   # each checkpoint writes the whole model: few here
    said: list[str] = []
    fitted = training.fit(data, recipe, "cpu", log=said.append, checkpoints=tmp_path, resume=True)
    assert any(line.startswith("resuming at epoch 1, batch 3") for line in said), said
    assert fitted.epochs and fitted.epochs[0]["epoch"] == 1
