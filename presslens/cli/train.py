"""``presslens train``: rebuild the shipped models (needs the ``train`` extra)."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Optional

import typer

from . import DATA_ROOT, _error, app, reported_errors

train_app = typer.Typer(help="Rebuild the shipped models from labelled data (needs the train extra: `pip install -e '.\\[train]'`).")
app.add_typer(train_app, name="train")

def _training_module(name: str, data: Path, needed_folder: str):
    """``presslens.training.<name>``, or a one-line error when the train extra or the data is missing."""
    import importlib

    try:
        module = importlib.import_module(f"presslens.training.{name}")
    except ImportError as exc:
        _error(f"error: training needs the train extra ({exc.name} is missing): pip install -e '.[train]'")
        raise typer.Exit(2)
    if not (data / needed_folder).is_dir():
        _error(f"error: no {needed_folder}/ folder in {data}")
        raise typer.Exit(3)
    return module


def _fit_and_describe(name: str, data: Path, needed_folder: str, out: Path, fit: str = "train", **options) -> None:
    """Run ``presslens.training.<name>.<fit>(data, out, ...)``, then its ``write_model_card``; a bad input
    (unreadable file, missing model) is one line on stderr with its exit code, never a traceback."""
    training = _training_module(name, data, needed_folder)
    with reported_errors():
        result = getattr(training, fit)(data, out, log=typer.echo, **options)
        training.write_model_card(data, out, result, _command_line(), log=typer.echo)


def _command_line() -> str:
    """The command as typed, for the model card."""
    return "presslens " + " ".join(shlex.quote(a) for a in sys.argv[1:])


DEFAULT_PTC = DATA_ROOT / "ptc2020" / "train"


@train_app.command("techniques")
def train_techniques(
    data: Path = typer.Option(DEFAULT_PTC, "--data", help="PTC-2020 training folder (articles/ and train-task-flc-tc.labels)."),
    out: Path = typer.Option(Path("presslens/models/techniques"), "--out", help="Where to write the model and its card."),
    seed: int = typer.Option(13, "--seed"),
    epochs: int = typer.Option(6, "--epochs"),
    batch_size: int = typer.Option(16, "--batch-size"),
    lr: float = typer.Option(8e-5, "--lr", help="Encoder learning rate."),
    aux_weight: float = typer.Option(0.5, "--aux-weight", help="Weight of the auxiliary per-token technique loss (0 = off)."),
    head_lr_factor: float = typer.Option(10.0, "--head-lr-factor", help="How much faster than the encoder the heads learn."),
    si_weights: str = typer.Option("1,3,2", "--si-weights", help="Loss weights of the O,B,I span tags."),
    device: str = typer.Option("auto", "--device", help="auto (a GPU when PyTorch sees one), cpu or cuda."),
    memes: Optional[Path] = typer.Option(None, "--memes", help="Also train on SemEval-2021 Task 6 meme-text spans "
                                         "(training_set_task2.json), techniques mapped to PTC-2020's where exact."),
) -> None:
    """Fine-tune the technique model on PTC-2020, export it to ONNX int8 and write MODEL_CARD.md.

    Uses the fixed split (70 % train, 10 % dev, 20 % held out by article-ID hash); the
    held-out articles are scored once, at the end, for the model card.
    """
    try:
        weights = tuple(float(w) for w in si_weights.split(","))
    except ValueError:
        weights = ()
    if len(weights) != 3 or min(weights) <= 0:
        _error(f"error: --si-weights takes three positive numbers, O,B,I (got {si_weights!r})")
        raise typer.Exit(2)
    from ..training.techniques import Recipe

    recipe = Recipe(seed=seed, epochs=epochs, batch_size=batch_size, lr=lr, aux_weight=aux_weight,
                    head_lr_factor=head_lr_factor, si_weights=weights)
    _fit_and_describe("techniques", data, "articles", out, recipe=recipe, memes=memes, device=device)


@train_app.command("techniques-fast")
def train_techniques_fast(
    data: Path = typer.Option(DEFAULT_PTC, "--data", help="PTC-2020 training folder (articles/ and train-task-flc-tc.labels)."),
    out: Path = typer.Option(Path("presslens/models/techniques-fast"), "--out", help="Where to write the model and its card."),
    seed: int = typer.Option(13, "--seed"),
    blend_with: Optional[Path] = typer.Option(None, "--blend-with", help="An encoder technique model folder (the "
                                              "shipped one: presslens/models/techniques): choose on dev how much the "
                                              "linear span classifier weighs in its own, and write tc_blend.json there."),
) -> None:
    """Fit the linear technique model of `--fast` (a few minutes) and write MODEL_CARD.md.

    Same split as `presslens train techniques`; the held-out articles are scored once, for the card.
    Run it (with --blend-with) after every retraining of the encoder model.
    """
    _fit_and_describe("techniques_fast", data, "articles", out, seed=seed, blend_with=blend_with,
                      command=_command_line())


DEFAULT_DATA = DATA_ROOT
DEFAULT_LABELS = Path(__file__).resolve().parents[1] / "labels"
LABELS_HELP = "The folder of the project's own label files (news sentences, genres of SemEval-2025 and fabricated stories)."


@train_app.command("encoder")
def train_encoder(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The labelled data folder (../shared/data): ptc2020, "
                              "claimbuster, genre_news, semeval2023t3, semeval2025t10_en."),
    out: Path = typer.Option(Path("presslens/models"), "--out", help="The models folder: writes techniques/ (the "
                             "encoder and technique heads), claims/trained_head.npz and framing/trained_heads.npz."),
    seed: int = typer.Option(13, "--seed"),
    init: Optional[Path] = typer.Option(None, "--init", help="Start from the weights of a technique model trained by "
                                        "`presslens train techniques` (its state.fp32.pt; `make train` uses "
                                        "build/techniques-ptc-only). Without it, from the pretrained MiniLM."),
    epochs: int = typer.Option(3, "--epochs"),
    lr: float = typer.Option(4e-5, "--lr", help="Encoder learning rate."),
    tasks: str = typer.Option("techniques,checkworthiness,genre,frames", "--tasks",
                              help="The tasks trained together (techniques is always one of them)."),
    device: str = typer.Option("auto", "--device", help="auto (a GPU when PyTorch sees one), cpu or cuda."),
    labels: Path = typer.Option(DEFAULT_LABELS, "--labels", help=LABELS_HELP),
) -> None:
    """Fine-tune the shared encoder for all its heads at once (about 40 minutes on 2 cores), export it to ONNX int8.

    Technique spans (PTC-2020), check-worthiness (ClaimBuster debates before 2012), genre (presslens's genre
    corpus, outlet tells masked) and frames (SemEval-2023) each train a head on the one encoder pass; the dev
    parts choose the epoch. `make train` starts it from the PTC technique model (--init) and then fits the other
    heads to it (the blend, claims, framing).
    """
    from ..training.encoder import TASKS, EncoderRecipe

    chosen = tuple(t.strip() for t in tasks.split(",") if t.strip())
    if "techniques" not in chosen or not set(chosen) <= set(TASKS):
        _error(f"error: --tasks takes techniques and any of {', '.join(TASKS[1:])}, separated by commas (got {tasks!r})")
        raise typer.Exit(2)
    from ..training.techniques import STATE_FILE

    if init is not None and not (init / STATE_FILE).is_file():
        _error(f"error: --init {init}: no {STATE_FILE} there (train it with `presslens train techniques --out {init}`)")
        raise typer.Exit(3)
    recipe = EncoderRecipe(seed=seed, epochs=epochs, lr=lr, tasks=chosen, init=str(init) if init else None)
    _fit_and_describe("encoder", data, "ptc2020", out, recipe=recipe, device=device, labels=labels)


@train_app.command("framing")
def train_framing(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The labelled data folder (../shared/data): genre_news, "
                              "semeval2023t3, semeval2025t10_en."),
    out: Path = typer.Option(Path("presslens/models/framing"), "--out", help="Where to write the heads and their card."),
    seed: int = typer.Option(13, "--seed"),
    labels: Path = typer.Option(DEFAULT_LABELS, "--labels", help=LABELS_HELP),
    keep_genre: bool = typer.Option(False, "--keep-genre", help="Refit the frame head only; keep the genre head "
                                    "already in --out when it was fitted to the same encoder (else fit it too)."),
) -> None:
    """Fit the genre and frame heads on the shipped encoder and write MODEL_CARD.md with held-out figures.

    Run it again whenever the encoder is retrained: the heads are fitted to it.
    """
    _fit_and_describe("framing", data, "genre_news", out, fit="fit", seed=seed, labels=labels, keep_genre=keep_genre)


@train_app.command("claims")
def train_claims(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The labelled data folder (../shared/data): claimbuster, "
                              "checkthat2024_t1_en, liar, genre_news, semeval2025t10_en."),
    out: Path = typer.Option(Path("presslens/models/claims"), "--out", help="Where to write the head and its card."),
    seed: int = typer.Option(13, "--seed"),
    labels: Path = typer.Option(DEFAULT_LABELS, "--labels", help=LABELS_HELP),
) -> None:
    """Choose and calibrate the check-worthiness head on the shipped encoder and write MODEL_CARD.md.

    Fits on the debates before 2012, chooses on those of 2012, calibrates the news threshold on the
    calibration half of the hand-labelled news sentences, and scores the 2016 debates, the news test half
    and the CheckThat! files once, as held-out sets. Refit after retraining the encoder.
    """
    _fit_and_describe("claims", data, "claimbuster", out, fit="fit", seed=seed, labels=labels)


@train_app.command("nonbody")
def train_nonbody(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The labelled data folder (../shared/data) that "
                              "presslens/labels/real_endings.tsv points into."),
    out: Optional[Path] = typer.Option(None, "--out", help="Where to write the model and its card (default: "
                                       "presslens/models/nonbody, or presslens/models/nonbody-vectors with --vectors)."),
    vectors: bool = typer.Option(False, "--vectors", help="Fit the second look instead: the same classifier over the "
                                 "cue features and each paragraph's vector from the shared encoder's pass."),
) -> None:
    """Fit the non-body paragraph classifier (appeal, bio, caption, boilerplate) and write MODEL_CARD.md.

    Fits on the train part of the real endings (parts by outlet) and the hand-written development endings; chooses
    its settings out of fold; scores the held-out outlets and endings_heldout3.json once. About 3 minutes; with
    --vectors (the encoding stage's second look) about 15.
    """
    default = Path("presslens/models/nonbody-vectors" if vectors else "presslens/models/nonbody")
    _fit_and_describe("nonbody", data, "semeval2025t10_en", out or default, vectors=vectors)


@train_app.command("actors")
def train_actors(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The labelled data folder (../shared/data) holding "
                              "semeval2025t10_en/train (raw-documents/, subtask-1-annotations.txt)."),
    out: Path = typer.Option(Path("presslens/models/actors"), "--out", help="Where to write the model and its card."),
) -> None:
    """Fit the actor-role head (SemEval-2025 Task 10 subtask 1) on the shared encoder pass and write MODEL_CARD.md.

    Reads every labelled article as presslens reads an article; holds out 25 % of the articles (by a hash of the
    file name), chooses its settings out of fold on the rest, scores the held-out part once. About 2 minutes.
    """
    _fit_and_describe("actors", data, "semeval2025t10_en", out)


@train_app.command("entities")
def train_entities(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The labelled data folder (../shared/data) holding "
                              "conll2003_en/ and wnut17/."),
    out: Path = typer.Option(Path("presslens/models/entities"), "--out", help="Where to write the head and its card."),
    cache: Path = typer.Option(Path("/tmp/presslens-entities-cache"), "--cache",
                               help="Where the encoder's vectors of the corpora are kept (a rerun reads them)."),
    epochs: int = typer.Option(16, "--epochs", min=1),
) -> None:
    """Fit the entity head (CoNLL-2003 train + WNUT-17 train) on the shared encoder pass; the epoch is chosen on
    CoNLL-2003 testa, which the model card reports beside spaCy's names. About 3 minutes."""
    _fit_and_describe("entities", data, "conll2003_en", out, cache=cache, epochs=epochs)


@train_app.command("fact-checks")
def train_fact_checks(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The labelled data folder (../shared/data) holding "
                              "checkthat2022_t2a_en/ and checkthat2022_t2b_en/."),
    out: Path = typer.Option(Path("presslens/models/fact_checks"), "--out", help="Where to write the matcher and its card."),
    cache: Path = typer.Option(Path("/tmp/presslens-factchecks-cache"), "--cache",
                               help="Where the archives are indexed (a rerun reads them)."),
) -> None:
    """Fit the fact-check matcher (the re-ranker of earlier fact-checks) on CheckThat! 2022 task 2A and 2B train
    queries; dev scores it and chooses when a claim card shows a match. About 5 minutes (indexing the archives)."""
    _fit_and_describe("fact_checks", data, "checkthat2022_t2a_en", out, cache=cache)


@train_app.command("verdict-confidence")
def train_verdict_confidence(
    model: Path = typer.Option(Path("presslens/models/verifier"), "--model", help="The entailment model folder: "
                               "verdict_confidence.json is written into it."),
) -> None:
    """How often each kind of verdict (rules/contradicted, model/supported, ...) is right on the verification
    triples' dev half, written beside the entailment model: claim cards show it as the verdict's confidence and
    `presslens eval verification` checks it on the test half. Under a minute."""
    from ..evaluation.verification import write_verdict_confidence

    with reported_errors():
        table = write_verdict_confidence(model)
    for kind, cell in table["by_kind"].items():
        typer.echo(f"{kind:32} right {cell['right']:3d} of {cell['total']:3d}  confidence {cell['confidence']:.2f}")


@train_app.command("technique-calibration")
def train_technique_calibration(
    data: Path = typer.Option(DEFAULT_PTC, "--data", help="PTC-2020 training folder (articles/ and its labels): its "
                              "dev articles (never trained on) are read."),
    model: Path = typer.Option(Path("presslens/models/techniques"), "--model", help="The technique model folder: "
                               "calibration.json is written into it."),
) -> None:
    """Calibrate the technique model's scores (P that a span carries its technique) and choose the display threshold,
    on the PTC dev articles; `presslens eval ptc --split heldout` scores the result. About 1 minute."""
    _fit_and_describe("technique_calibration", data, "articles", model, fit="fit")


@train_app.command("narratives")
def train_narratives(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The labelled data folder (../shared/data) holding "
                              "semeval2025t10_en (train/raw-documents/, train/subtask-2-annotations.txt, the inventories)."),
    out: Path = typer.Option(Path("presslens/models/narratives"), "--out", help="Where to write the heads and their card."),
) -> None:
    """Fit the narrative heads (SemEval-2025 Task 10 subtask 2) on the shared encoder pass and write MODEL_CARD.md.

    Prints and records the nested cross-validated samples-F1 (5 folds by article x 3 shufflings, settings chosen
    inside each fold) beside the trivial answer, then fits the heads on every labelled article.
    """
    _fit_and_describe("narratives", data, "semeval2025t10_en", out)


@train_app.command("verifier")
def train_verifier(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The labelled data folder (../shared/data): "
                              "claim_evidence (Climate-FEVER, SICK) and genre_news (BBC reports, for rule-made pairs)."),
    out: Path = typer.Option(Path("presslens/models/verifier"), "--out", help="Where to write the model and its card."),
    epochs: int = typer.Option(2, "--epochs", min=1),
    seed: int = typer.Option(13, "--seed"),
    per_rule: int = typer.Option(600, "--per-rule", min=0, help="Pairs made by each rule from news sentences "
                                 "(half as many by each rule that makes refuting pairs)."),
    device: str = typer.Option("auto", "--device", help="auto (a GPU when PyTorch sees one), cpu or cuda."),
    corpus_pairs: int = typer.Option(0, "--corpus-pairs", min=0, help="Also train on this many pairs of each of "
                                     "VitaminC, SNLI and COVID-Fact (0: none, the shipped recipe); FEVER, ANLI and a "
                                     "fifth of VitaminC's cases are never trained on and are scored for the card."),
    checkpoints: Optional[Path] = typer.Option(None, "--checkpoints", file_okay=False, help="Save the run's state "
                                               "here (outside the repository) every 200 batches and each epoch."),
    resume: bool = typer.Option(False, "--resume", help="Go on from the last checkpoint in --checkpoints (the same "
                                "options; a killed run loses at most 200 batches)."),
) -> None:
    """Fine-tune the claim–evidence entailment model (a MiniLM cross-encoder) and write MODEL_CARD.md.

    Trains on Climate-FEVER's training part (75 % of its claims by a hash of the claim id), SICK and pairs
    made by rules from BBC reports; keeps the epoch and chooses the label biases on Climate-FEVER's dev part
    (10 %), and how the model and the rules combine on the dev half of presslens's verification triples;
    scores Climate-FEVER's test part (15 %) and the triples' test half once, for the card. About 25 minutes
    on 2 CPU cores.
    """
    training = _training_module("verifier", data, "claim_evidence")
    recipe = training.VerifierRecipe(seed=seed, epochs=epochs, per_rule=per_rule, refuting_per_rule=per_rule // 2,
                                     corpus_pairs=corpus_pairs)
    with reported_errors():
        result = training.train(data, out, recipe=recipe, device=device, log=typer.echo, checkpoints=checkpoints,
                                resume=resume)
        training.write_model_card(data, out, result, _command_line(), log=typer.echo)


@train_app.command("embedder")
def train_embedder(
    out: Path = typer.Option(Path("presslens/models/sentence"), "--out", help="Where to write the sentence embedder."),
) -> None:
    """Export the pretrained sentence encoder (all-MiniLM-L6-v2) to int8 ONNX for evidence search.

    Nothing is learnt: this repackages the upstream weights for ONNX Runtime and measures
    the int8 graph against PyTorch fp32.
    """
    training = _training_module("embedder", Path("."), ".")
    with reported_errors():
        training.export_embedder(out, _command_line(), log=typer.echo)
