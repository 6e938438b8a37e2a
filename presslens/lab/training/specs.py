"""One spec per trainable part of presslens: what ``presslens train HEAD`` fits, from which data, how the data is
split, what scores it, and the options it takes.

The command line builds one ``presslens train`` command per spec (``cli/train.py``: the options, their help and
defaults come from here), ``presslens train list`` prints the table, and Python callers use :func:`train_head`::

    from presslens.lab.training.specs import train_head
    train_head("claims", data="../shared/data", out="/tmp/claims", seed=13)

A spec names its training module (``presslens.lab.training.<module>``) and the function that fits it; every such
function takes ``(data, out, log=..., **options)``, and the module's ``write_model_card`` writes the card after it.
Options marked ``recipe`` are gathered into the module's recipe dataclass (``recipe=Recipe(...)``) instead of being
passed one by one. This module imports nothing heavy: the training modules (PyTorch, scikit-learn) load only when
a head is trained.
"""
from __future__ import annotations

import importlib
import importlib.util
import inspect
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from ...errors import InputNotFound, UsageError
from .. import DATA_ROOT, LABELS_DIR, by_name

LABELS_HELP = "The folder of the project's own label files (news sentences, genres of SemEval-2025 and fabricated stories)."


@dataclass(frozen=True)
class Option:
    """One option of a head's training: ``--flag`` (``name`` with dashes unless given) of ``kind``."""
    name: str
    default: Any
    help: str = ""
    kind: Any = None                       # the option's type; default: the default's type
    flag: str = ""
    minimum: Optional[int] = None
    recipe: bool = False                   # a field of the spec's recipe dataclass
    parse: Optional[Callable[[Any], Any]] = None   # the typed value -> the value the trainer takes (ValueError: usage)

    @property
    def option_flag(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")

    @property
    def option_kind(self) -> Any:
        return self.kind if self.kind is not None else type(self.default)


@dataclass(frozen=True)
class HeadSpec:
    """What ``presslens train <name>`` fits and how it is judged (shown by ``presslens train list``)."""
    name: str
    doc: str                               # the command's help: first line a summary
    module: str                            # presslens.lab.training.<module>
    reads: str                             # the labelled data, in words
    split: str                             # how it is split into what fits, what chooses and what scores
    metric: str                            # the figure the card reports on the held-out part
    scored_by: str                         # the `presslens eval` command that measures the shipped model
    out: str                               # default output folder
    data: Optional[str] = ""               # the --data default under the data root; None: the head reads no data
    needs: str = ""                        # the folder --data must hold
    fit: str = "train"                     # the module's fitting function
    options: tuple[Option, ...] = ()
    recipe: str = ""                       # the module's recipe dataclass, built from the `recipe` options
    out_flag: str = "--out"
    out_help: str = "Where to write the model and its card."
    out_when: tuple[tuple[str, str], ...] = ()   # (a true boolean option, the default output folder then)
    command_option: bool = False           # the fitting function takes the command line (for its card) itself
    card: bool = True                      # the module's write_model_card is called after fitting
    train_extra: bool = True               # needs the train extra (PyTorch, transformers, ONNX, scikit-learn)
    takes: str = ""                        # how long a run takes on 2 cores
    data_help: str = ""

    @property
    def summary(self) -> str:
        return inspect.cleandoc(self.doc).splitlines()[0]

    def default_out(self, values: dict) -> Path:
        for option, folder in self.out_when:
            if values.get(option):
                return Path(folder)
        return Path(self.out)


def _three_weights(text: str) -> tuple[float, float, float]:
    try:
        weights = tuple(float(w) for w in text.split(","))
    except ValueError:
        weights = ()
    if len(weights) != 3 or min(weights) <= 0:
        raise ValueError(f"--si-weights takes three positive numbers, O,B,I (got {text!r})")
    return weights


def _encoder_tasks(text: str) -> tuple[str, ...]:
    from .encoder import TASKS

    chosen = tuple(t.strip() for t in text.split(",") if t.strip())
    if "techniques" not in chosen or not set(chosen) <= set(TASKS):
        raise ValueError(f"--tasks takes techniques and any of {', '.join(TASKS[1:])}, separated by commas (got {text!r})")
    return chosen


def _technique_state(folder: Optional[Path]) -> Optional[str]:
    from .techniques import STATE_FILE

    if folder is None:
        return None
    if not (folder / STATE_FILE).is_file():
        raise InputNotFound(f"no {STATE_FILE} there (train it with `presslens train techniques --out {folder}`)",
                            f"--init {folder}")
    return str(folder)


SEED = Option("seed", 13, "The random seed.")
RECIPE_SEED = Option("seed", 13, "The random seed.", recipe=True)   # a field of the head's recipe
DEVICE = Option("device", "auto", "auto (a GPU when PyTorch sees one), cpu or cuda.")
LABELS = Option("labels", LABELS_DIR, LABELS_HELP, kind=Path)

HEADS: tuple[HeadSpec, ...] = (
    HeadSpec(
        "techniques",
        """Fine-tune the technique model on PTC-2020, export it to ONNX int8 and write MODEL_CARD.md.

        Uses the fixed split (70 % train, 10 % dev, 20 % held out by article-ID hash); the held-out articles are
        scored once, at the end, for the model card.""",
        module="techniques", recipe="Recipe", data="ptc2020/train", needs="articles", out="presslens/models/techniques",
        data_help="PTC-2020 training folder (articles/ and train-task-flc-tc.labels).",
        reads="PTC-2020 news articles with technique spans (+ SemEval-2021 meme texts with --memes)",
        split="70 % fit / 10 % dev (epoch) / 20 % held out, by a hash of the article id",
        metric="span and technique F1 (SI, TC, FLC); precision of the spans shown",
        scored_by="presslens eval ptc --split heldout", takes="about 60 minutes on 2 cores",
        options=(RECIPE_SEED, Option("epochs", 6, recipe=True),
                 Option("batch_size", 16, recipe=True), Option("lr", 8e-5, "Encoder learning rate.", recipe=True),
                 Option("aux_weight", 0.5, "Weight of the auxiliary per-token technique loss (0 = off).", recipe=True),
                 Option("head_lr_factor", 10.0, "How much faster than the encoder the heads learn.", recipe=True),
                 Option("si_weights", "1,3,2", "Loss weights of the O,B,I span tags.", recipe=True, parse=_three_weights),
                 DEVICE,
                 Option("memes", None, "Also train on SemEval-2021 Task 6 meme-text spans (training_set_task2.json), "
                        "techniques mapped to PTC-2020's where exact.", kind=Optional[Path]))),
    HeadSpec(
        "techniques-fast",
        """Fit the linear technique model of `--fast` (a few minutes) and write MODEL_CARD.md.

        Same split as `presslens train techniques`; the held-out articles are scored once, for the card.
        Run it (with --blend-with) after every retraining of the encoder model.""",
        module="techniques_fast", data="ptc2020/train", needs="articles", out="presslens/models/techniques-fast",
        data_help="PTC-2020 training folder (articles/ and train-task-flc-tc.labels).", command_option=True,
        reads="PTC-2020 news articles with technique spans", split="as techniques",
        metric="span and technique F1 (SI, TC, FLC)", scored_by="presslens eval ptc --fast --split heldout",
        takes="a few minutes",
        options=(SEED, Option("blend_with", None, "An encoder technique model folder (the shipped one: "
                              "presslens/models/techniques): choose on dev how much the linear span classifier weighs "
                              "in its own, and write tc_blend.json there.", kind=Optional[Path]))),
    HeadSpec(
        "encoder",
        """Fine-tune the shared encoder for all its heads at once (about 40 minutes on 2 cores), export it to ONNX int8.

        Technique spans (PTC-2020), check-worthiness (ClaimBuster debates before 2012), genre (presslens's genre
        corpus, outlet tells masked) and frames (SemEval-2023) each train a head on the one encoder pass; the dev
        parts choose the epoch. `make train` starts it from the PTC technique model (--init) and then fits the other
        heads to it (the blend, claims, framing).""",
        module="encoder", recipe="EncoderRecipe", needs="ptc2020", out="presslens/models",
        data_help="The labelled data folder (../shared/data): ptc2020, claimbuster, genre_news, semeval2023t3, "
                  "semeval2025t10_en.",
        out_help="The models folder: writes techniques/ (the encoder and technique heads), claims/trained_head.npz and "
                 "framing/trained_heads.npz.",
        reads="PTC-2020, ClaimBuster debates, the genre corpus, SemEval-2023 frames: one encoder, four tasks",
        split="each task's own: PTC by article hash, debates by year (< 2012 fit, 2012 dev), genre and frames by outlet",
        metric="each task's dev figure chooses the epoch; the heads' cards report held-out ones",
        scored_by="presslens eval ptc --split heldout (and each head's own)", takes="about 40 minutes on 2 cores",
        options=(RECIPE_SEED,
                 Option("init", None, "Start from the weights of a technique model trained by `presslens train "
                        "techniques` (its state.fp32.pt; `make train` uses build/techniques-ptc-only). Without it, "
                        "from the pretrained MiniLM.", kind=Optional[Path], recipe=True, parse=_technique_state),
                 Option("epochs", 3, recipe=True), Option("lr", 4e-5, "Encoder learning rate.", recipe=True),
                 Option("tasks", "techniques,checkworthiness,genre,frames", "The tasks trained together (techniques is "
                        "always one of them).", recipe=True, parse=_encoder_tasks),
                 DEVICE, LABELS)),
    HeadSpec(
        "framing",
        """Fit the genre and frame heads on the shipped encoder and write MODEL_CARD.md with held-out figures.

        Run it again whenever the encoder is retrained: the heads are fitted to it.""",
        module="framing", fit="fit", needs="genre_news", out="presslens/models/framing",
        out_help="Where to write the heads and their card.",
        data_help="The labelled data folder (../shared/data): genre_news, semeval2023t3, semeval2025t10_en.",
        reads="the genre corpus (genre_news, SemEval-2025 labelled by us), SemEval-2023 frames, news frames labelled by us",
        split="genre: held-out outlets and sites; frames: SemEval-2023's fixed split, news frames' test half",
        metric="genre macro-F1; frames micro-F1", scored_by="presslens eval genre; presslens eval frames --part test",
        takes="a few minutes",
        options=(SEED, LABELS, Option("keep_genre", False, "Refit the frame head only; keep the genre head already in "
                                      "--out when it was fitted to the same encoder (else fit it too)."))),
    HeadSpec(
        "claims",
        """Choose and calibrate the check-worthiness head on the shipped encoder and write MODEL_CARD.md.

        Fits on the debates before 2012, chooses on those of 2012, calibrates the news threshold on the
        calibration half of the hand-labelled news sentences, and scores the 2016 debates, the news test half
        and the CheckThat! files once, as held-out sets. Refit after retraining the encoder.""",
        module="claims", fit="fit", needs="claimbuster", out="presslens/models/claims",
        out_help="Where to write the head and its card.",
        data_help="The labelled data folder (../shared/data): claimbuster, checkthat2024_t1_en, liar, genre_news, "
                  "semeval2025t10_en.",
        reads="ClaimBuster debates, CheckThat! 2024, news sentences labelled by us",
        split="debates by year (< 2012 fit, 2012 choose, 2016 held out); news sentences: calibration / test halves",
        metric="P, R, F1 of the check-worthy class", scored_by="presslens eval checkworthiness --layout news --part test",
        takes="a few minutes", options=(SEED, LABELS)),
    HeadSpec(
        "nonbody",
        """Fit the non-body paragraph classifier (appeal, bio, caption, boilerplate) and write MODEL_CARD.md.

        Fits on the train part of the real endings (parts by outlet) and the hand-written development endings; chooses
        its settings out of fold; scores the held-out outlets and endings_heldout3.json once. About 3 minutes; with
        --vectors (the encoding stage's second look) about 15.""",
        module="nonbody", needs="semeval2025t10_en", out="presslens/models/nonbody",
        out_when=(("vectors", "presslens/models/nonbody-vectors"),),
        out_help="Where to write the model and its card (default: presslens/models/nonbody, or "
                 "presslens/models/nonbody-vectors with --vectors).",
        data_help="The labelled data folder (../shared/data) that presslens/labels/real_endings.tsv points into.",
        reads="paragraphs of real article endings labelled by us (presslens/labels/real_endings.tsv)",
        split="by outlet: train part fits (settings out of fold, 5 folds), held-out outlets score",
        metric="per-kind F1 (appeal, bio, caption, boilerplate); share of body set apart",
        scored_by="presslens eval nonbody --data presslens/labels/real_endings.tsv", takes="about 3 minutes (15 with --vectors)",
        options=(Option("vectors", False, "Fit the second look instead: the same classifier over the cue features and "
                        "each paragraph's vector from the shared encoder's pass."),)),
    HeadSpec(
        "actors",
        """Fit the actor-role head (SemEval-2025 Task 10 subtask 1) on the shared encoder pass and write MODEL_CARD.md.

        Reads every labelled article as presslens reads an article; holds out 25 % of the articles (by a hash of the
        file name), chooses its settings out of fold on the rest, scores the held-out part once. About 2 minutes.""",
        module="actors", needs="semeval2025t10_en", out="presslens/models/actors",
        data_help="The labelled data folder (../shared/data) holding semeval2025t10_en/train (raw-documents/, "
                  "subtask-1-annotations.txt).",
        reads="SemEval-2025 Task 10 subtask 1 (entity roles)", split="75 % / 25 % of the articles by a hash of the "
        "file name; settings out of fold", metric="main-role accuracy, fine-role exact match",
        scored_by="presslens eval semeval2025 --subtask entity-framing --part heldout", takes="about 2 minutes"),
    HeadSpec(
        "entities",
        """Fit the entity head (CoNLL-2003 train + WNUT-17 train) on the shared encoder pass; the epoch is chosen on
        CoNLL-2003 testa, which the model card reports beside spaCy's names. About 3 minutes.""",
        module="entities", needs="conll2003_en", out="presslens/models/entities", out_help="Where to write the head and its card.",
        data_help="The labelled data folder (../shared/data) holding conll2003_en/ and wnut17/.",
        reads="CoNLL-2003, WNUT-17", split="their train parts fit; CoNLL-2003 testa chooses the epoch",
        metric="exact-span F1; names of news articles labelled by us", scored_by="presslens eval entities --conll",
        takes="about 3 minutes",
        options=(Option("cache", Path("/tmp/presslens-entities-cache"), "Where the encoder's vectors of the corpora "
                        "are kept (a rerun reads them).", kind=Path),
                 Option("epochs", 16, minimum=1))),
    HeadSpec(
        "fact-checks",
        """Fit the fact-check matcher (the re-ranker of earlier fact-checks) on CheckThat! 2022 task 2A and 2B train
        queries; dev scores it and chooses when a claim card shows a match. About 5 minutes (indexing the archives).""",
        module="fact_checks", needs="checkthat2022_t2a_en", out="presslens/models/fact_checks",
        out_help="Where to write the matcher and its card.",
        data_help="The labelled data folder (../shared/data) holding checkthat2022_t2a_en/ and checkthat2022_t2b_en/.",
        reads="CheckThat! 2022 task 2A and 2B (tweets and political claims matched to fact-checks)",
        split="the tasks' train queries fit, dev scores", metric="MAP@5",
        scored_by="presslens eval fact-checked --split dev", takes="about 5 minutes",
        options=(Option("cache", Path("/tmp/presslens-factchecks-cache"), "Where the archives are indexed (a rerun "
                        "reads them).", kind=Path),)),
    HeadSpec(
        "verdict-confidence",
        """How often each kind of verdict (rules/contradicted, model/supported, ...) is right on the verification
        triples' dev half, written beside the entailment model: claim cards show it as the verdict's confidence and
        `presslens eval verification` checks it on the test half. Under a minute.""",
        module="verdict_confidence", data=None, out="presslens/models/verifier", out_flag="--model", card=False,
        train_extra=False,
        out_help="The entailment model folder: verdict_confidence.json is written into it.",
        reads="presslens's verification triples (presslens/lab/evaluation/data/verification.jsonl)",
        split="dev half by a hash of the id (test half scores)", metric="expected calibration error",
        scored_by="presslens eval verification --split test", takes="under a minute"),
    HeadSpec(
        "technique-calibration",
        """Calibrate the technique model's scores (P that a span carries its technique) and choose the display
        threshold, on the PTC dev articles; `presslens eval ptc --split heldout` scores the result. About 1 minute.""",
        module="technique_calibration", fit="fit", data="ptc2020/train", needs="articles",
        out="presslens/models/techniques", out_flag="--model",
        out_help="The technique model folder: calibration.json is written into it.",
        data_help="PTC-2020 training folder (articles/ and its labels): its dev articles (never trained on) are read.",
        reads="PTC-2020 dev articles (never trained on)", split="dev fits the calibration; held out scores it",
        metric="precision of the spans shown", scored_by="presslens eval ptc --split heldout", takes="about a minute"),
    HeadSpec(
        "narratives",
        """Fit the narrative heads (SemEval-2025 Task 10 subtask 2) on the shared encoder pass and write MODEL_CARD.md.

        Prints and records the nested cross-validated samples-F1 (5 folds by article x 3 shufflings, settings chosen
        inside each fold) beside the trivial answer, then fits the heads on every labelled article.""",
        module="narratives", needs="semeval2025t10_en", out="presslens/models/narratives",
        out_help="Where to write the heads and their card.",
        data_help="The labelled data folder (../shared/data) holding semeval2025t10_en (train/raw-documents/, "
                  "train/subtask-2-annotations.txt, the inventories).",
        reads="SemEval-2025 Task 10 subtask 2 (narratives)", split="nested cross-validation: 5 folds by article x 3",
        metric="samples-F1 of narratives and subnarratives",
        scored_by="presslens eval semeval2025 --subtask narratives", takes="a few minutes"),
    HeadSpec(
        "verifier",
        """Fine-tune the claim–evidence entailment model (a MiniLM cross-encoder) and write MODEL_CARD.md.

        Trains on Climate-FEVER's training part (75 % of its claims by a hash of the claim id), SICK and pairs
        made by rules from BBC reports; keeps the epoch and chooses the label biases on Climate-FEVER's dev part
        (10 %), and how the model and the rules combine on the dev half of presslens's verification triples;
        scores Climate-FEVER's test part (15 %) and the triples' test half once, for the card. About 25 minutes
        on 2 CPU cores.""",
        module="verifier", recipe="VerifierRecipe", needs="claim_evidence", out="presslens/models/verifier",
        data_help="The labelled data folder (../shared/data): claim_evidence (Climate-FEVER, SICK) and genre_news "
                  "(BBC reports, for rule-made pairs).",
        reads="Climate-FEVER, SICK, rule-made pairs (+ VitaminC, SNLI, COVID-Fact with --corpus-pairs)",
        split="Climate-FEVER 75/10/15 by claim id; the triples' dev half chooses the combination, test half scores",
        metric="Climate-FEVER pair macro-F1; triples' verdict accuracy",
        scored_by="presslens eval verification --split test", takes="about 25 minutes on 2 cores",
        options=(Option("epochs", 2, minimum=1, recipe=True), RECIPE_SEED,
                 Option("per_rule", 600, "Pairs made by each rule from news sentences (half as many by each rule that "
                        "makes refuting pairs).", minimum=0, recipe=True),
                 DEVICE,
                 Option("corpus_pairs", 0, "Also train on this many pairs of each of VitaminC, SNLI and COVID-Fact "
                        "(0: none, the shipped recipe); FEVER, ANLI and a fifth of VitaminC's cases are never trained "
                        "on and are scored for the card.", minimum=0, recipe=True),
                 Option("checkpoints", None, "Save the run's state here (outside the repository) every 200 batches "
                        "and each epoch.", kind=Optional[Path]),
                 Option("resume", False, "Go on from the last checkpoint in --checkpoints (the same options; a killed "
                        "run loses at most 200 batches)."))),
    HeadSpec(
        "embedder",
        """Export the pretrained sentence encoder (all-MiniLM-L6-v2) to int8 ONNX for evidence search.

        Nothing is learnt: this repackages the upstream weights for ONNX Runtime and measures
        the int8 graph against PyTorch fp32.""",
        module="embedder", fit="export_embedder", data=None, out="presslens/models/sentence", command_option=True,
        card=False, out_help="Where to write the sentence embedder.",
        reads="none (the upstream weights of the train extra)", split="none", metric="cosine of int8 against fp32",
        scored_by="presslens eval evidence-search", takes="about a minute"),
)

HEAD_NAMES = tuple(spec.name for spec in HEADS)


def spec_of(name: str) -> HeadSpec:
    return by_name(HEADS, name, "head to train")


def command_line() -> str:
    """The command as typed, for the model card."""
    return "presslens " + " ".join(shlex.quote(a) for a in sys.argv[1:])


TRAIN_EXTRA = ("torch", "transformers", "onnx", "sklearn")


def _missing_extra(spec: HeadSpec, missing: list[str]) -> UsageError:
    return UsageError(f"presslens train {spec.name} needs the train extra ({', '.join(missing)} missing): "
                      "pip install -e '.[train]'")


def training_module(spec: HeadSpec):
    """``presslens.lab.training.<module>``; a missing train extra is a usage error naming what to install, said
    before any work (the modules import most of it only when they fit)."""
    missing = [name for name in TRAIN_EXTRA if spec.train_extra and importlib.util.find_spec(name) is None]
    if missing:
        raise _missing_extra(spec, missing)
    try:
        return importlib.import_module(f"presslens.lab.training.{spec.module}")
    except ImportError as exc:   # a package the module imports at once, beyond the extra's four
        if (exc.name or "").startswith("presslens"):
            raise
        raise _missing_extra(spec, [exc.name or "a package"]) from None


def trainer_arguments(spec: HeadSpec, module, values: dict) -> dict:
    """The options as the fitting function takes them: each parsed, the recipe options gathered into the recipe.
    A value an option's parser refuses is a :class:`UsageError` naming it."""
    arguments, recipe = {}, {}
    for option in spec.options:
        value = values.get(option.name, option.default)
        if option.parse is not None:
            try:
                value = option.parse(value)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        (recipe if option.recipe else arguments)[option.name] = value
    if spec.recipe:
        arguments["recipe"] = getattr(module, spec.recipe)(**recipe)
    return arguments


def train_head(name: str, data: str | Path | None = None, out: str | Path | None = None, log=print,
               data_root: str | Path = DATA_ROOT, command: str | None = None, **values) -> Any:
    """Fit the head ``name`` as ``presslens train NAME`` does and write its card; returns what the fitting returned.

    ``data``: the folder the head reads (default: the spec's folder under ``data_root``, itself by default
    ``$PRESSLENS_DATA`` or ``../shared/data`` beside the repository); ``out``: where the model
    goes (default: the spec's, relative to the working directory); ``values``: the spec's options by name."""
    spec = spec_of(name)
    unknown = set(values) - {o.name for o in spec.options}
    if unknown:
        raise UsageError(f"presslens train {name} has no option {', '.join(sorted(unknown))}")
    out = Path(out) if out is not None else spec.default_out(values)
    module = training_module(spec)
    arguments = trainer_arguments(spec, module, values)
    command = command or command_line()
    if spec.command_option:
        arguments["command"] = command
    fit = getattr(module, spec.fit)
    if spec.data is None:
        return fit(out, log=log, **arguments)
    data = Path(data) if data is not None else Path(data_root) / spec.data
    if spec.needs and not (data / spec.needs).is_dir():
        raise InputNotFound(f"no {spec.needs}/ folder in {data}")
    result = fit(data, out, log=log, **arguments)
    if spec.card:
        module.write_model_card(data, out, result, command, log=log)
    return result


def table_rows() -> list[tuple[str, str, str, str, str, str]]:
    """(head, data, split, metric, scored by, how long it takes) for each head: ``presslens train list``."""
    return [(s.name, s.reads, s.split, s.metric, s.scored_by, s.takes) for s in HEADS]
