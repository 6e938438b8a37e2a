"""``presslens eval``: score presslens on labelled data."""
from __future__ import annotations

import json
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import DATA_ROOT, _error, app, print_specs, reported_errors
from ..errors import InputNotFound, InvalidRecord
from ..lab.evaluation.real_endings import REAL_ENDINGS
from ..lab.evaluation.specs import table_rows, task_of

eval_app = typer.Typer(help="Score presslens on labelled data (held-out sets only: never on what it was tuned on).")
app.add_typer(eval_app, name="eval")


def _default(task: str, option: str) -> Path:
    """The default file of a task's option under the data root (``presslens.lab.evaluation.specs``)."""
    return task_of(task).default(option, DATA_ROOT)


@eval_app.command("list")
def list_tasks(as_json: bool = typer.Option(False, "--json", help="Print the specs as JSON.")) -> None:
    """What each task scores, the data it reads, the part held out for the reported figure, the metric and the
    command of the reported figure."""
    print_specs(("task", "scores", "data", "split", "metric", "reported"), table_rows(), as_json, about="scores {}")



class EndingsPart(str, Enum):
    heldout = "heldout"
    train = "train"
    all = "all"


@eval_app.command("nonbody")
def eval_nonbody(
    data: Path = typer.Option(REAL_ENDINGS, "--data", exists=True, dir_okay=False,
                              help="Labelled endings: a .tsv of real ones (presslens/labels/real_endings.tsv: article "
                              "keys and offsets into --articles) or a .json list of hand-written cases "
                              "{name, paragraphs: [{text, kind}]}."),
    articles: Path = typer.Option(DATA_ROOT, "--articles", help="Real endings: the data folder the labels point "
                                  "into (../shared/data)."),
    part: EndingsPart = typer.Option(EndingsPart.heldout, "--part", help="Real endings: heldout (outlets never "
                                     "trained or tuned on), train, or all."),
    rules_only: bool = typer.Option(False, "--rules", help="Score the hand-written cue rules alone (the baseline "
                                    "the classifier replaced)."),
    units: bool = typer.Option(False, "--units", help="Real endings: the labels are spans of any extent (the "
                               "sentences of articles that came as one block: presslens/labels/glued_endings.tsv), "
                               "each scored by the region a reader sees it in after the whole article is structured."),
    second_look: bool = typer.Option(True, "--second-look/--ingestion-only", help="Score what `presslens "
                                     "analyze` shows: the decision at ingestion, then the encoding stage's second "
                                     "look with paragraph vectors (when a second-look model is shipped); "
                                     "--ingestion-only scores the first decision alone."),
    show_misses: bool = typer.Option(False, "--misses", help="Print every misclassified paragraph."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Precision/recall/F1 of non-body detection (appeal, bio, caption, boilerplate; embeds and teasers where
    labelled) per paragraph, and the share of body paragraphs wrongly set apart.

    Examples:

      presslens eval nonbody

      presslens eval nonbody --data presslens/labels/glued_endings.tsv --units

      presslens eval nonbody --data tests/fixtures/endings_heldout3.json --misses
    """
    from ..lab.evaluation.nonbody import evaluate_glued_endings, evaluate_nonbody, evaluate_real_endings
    from ..structure.nonbody import second_look_model

    model = False if rules_only else None
    # the classifier alone for --rules (its baseline), else articles as analysed: with or without the second look
    looked = None if rules_only else (second_look and second_look_model() is not None)
    if units and (rules_only or data.suffix.lower() != ".tsv"):
        _error("error: --units reads a .tsv of labelled spans with the shipped detector (not with --rules)")
        raise typer.Exit(2)
    with reported_errors():
        try:
            if units:
                scores = evaluate_glued_endings(articles, data, part.value, second_look=looked)
            elif data.suffix.lower() == ".tsv":
                scores = evaluate_real_endings(articles, data, part.value, model=model, second_look=looked)
            else:
                scores = evaluate_nonbody(data, model=model, second_look=looked)
        except (ValueError, KeyError, TypeError) as exc:
            _error(f"error: {data}: not labelled endings ({exc})")
            raise typer.Exit(8)
    if as_json:
        typer.echo(json.dumps(scores.as_dict(), indent=1))
    else:
        typer.echo(scores.table())
    if show_misses:
        for name, gold, predicted, text in scores.misses:
            typer.echo(f"  {name}: gold {gold}, predicted {predicted}: {text[:100]}")


class Semeval2025Subtask(str, Enum):
    entity_framing = "entity-framing"
    narratives = "narratives"


@eval_app.command("semeval2025")
def eval_semeval2025(
    subtask: Semeval2025Subtask = typer.Option(..., "--subtask", help="entity-framing (subtask 1: the role of each "
                                               "mention) or narratives (subtask 2: the narratives of each article)."),
    articles: Path = typer.Option(_default("semeval2025", "articles"), "--articles", exists=True, file_okay=False,
                                  help="Folder of the articles (raw-documents/: title, blank line, text)."),
    mentions: Optional[Path] = typer.Option(None, "--mentions", exists=True, dir_okay=False,
                                            help="entity-framing: TSV whose first four columns are file, entity, "
                                            "start, end (end inclusive, as in the task); further columns are ignored "
                                            "(the annotations file will do). Default: the subtask's annotations file "
                                            "beside --articles' default."),
    labels: Optional[Path] = typer.Option(None, "--labels", exists=True, dir_okay=False,
                                          help="The annotations file: print the task's metrics. Default: the "
                                          "subtask's annotations file under the data root, when --articles is not "
                                          "given and it is there."),
    out: Optional[Path] = typer.Option(None, "--out", file_okay=False,
                                       help="Folder to write entity-framing.txt or narratives.txt into (the task's "
                                       "format); default: a new temporary folder, never the working tree."),
    part: EndingsPart = typer.Option(EndingsPart.all, "--part", help="Only the articles of presslens's held-out part "
                                     "(never trained or tuned on), of its training part, or all."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Entity framing (subtask 1) or narratives (subtask 2) of SemEval-2025 Task 10 and, with --labels, the task's
    metric. Narratives: writes --out/narratives.txt (file, narratives, subnarratives) and prints samples-F1 over
    narratives and subnarratives:

      presslens eval semeval2025 --subtask narratives

    Entity framing: classify given entity mentions and, with --labels, score them.

    Writes --out/entity-framing.txt (file, entity, start, end, Main_Role, Fine_Role...) and prints the exact
    match ratio of fine roles (EMR, official), main-role accuracy and micro P/R/F1 of fine roles. Example
    (presslens's held-out articles of the training release):

      presslens eval semeval2025 --subtask entity-framing --part heldout
    """
    out = out or Path(tempfile.mkdtemp(prefix="presslens-semeval2025-"))
    annotations = _default("semeval2025", subtask.value)
    if labels is None and articles == _default("semeval2025", "articles") and annotations.is_file():
        labels = annotations   # the data root's own articles: score them against their annotations
    if mentions is None and subtask is Semeval2025Subtask.entity_framing:
        mentions = labels or annotations
    if subtask is Semeval2025Subtask.narratives:
        return _eval_narratives(articles, labels, out, as_json)
    if mentions is None:
        _error("error: --subtask entity-framing needs --mentions (the mentions to classify)")
        raise typer.Exit(2)
    from ..lab.evaluation.entity_framing import per_role, read_labels, read_mentions, score, write_predictions
    from ..lab.evaluation.semeval2025 import classify_files

    with reported_errors():
        given = read_mentions(mentions)
        gold = read_labels(labels) if labels else None
        predicted = classify_files(articles, given, part.value)
        _write_into(out, "entity-framing.txt", write_predictions, list(predicted.items()))
    if gold is None:
        typer.echo(f"{len(predicted)} mentions classified; written to {out / 'entity-framing.txt'}")
        return
    if part.value != "all":   # the gold mentions of the chosen part's articles only
        classified = {m.file for m in predicted}
        gold = {m: g for m, g in gold.items() if m.file in classified}
    scores = {**score(gold, predicted), "per_main_role": per_role(gold, predicted)}
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
        return
    typer.echo(f"{scores['mentions']} mentions ({part.value}): EMR {scores['emr']:.4f}, main-role accuracy "
               f"{scores['main_accuracy']:.4f}, fine roles P {scores['fine_precision']:.4f} R {scores['fine_recall']:.4f} "
               f"F1 {scores['fine_f1']:.4f}" + (f"; {scores['missing']} without a prediction" if scores["missing"] else ""))
    for role, row in scores["per_main_role"].items():
        typer.echo(f"  {role:12} {row['mentions']:4d} mentions, given that role: {row['accuracy']:.3f}")
    typer.echo(f"predictions written to {out / 'entity-framing.txt'}")


def _write_into(out: Path, name: str, write, rows) -> None:
    """``write(out / name, rows)``, the folder made if need be; a write error is one line and exit code 3."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        write(out / name, rows)
    except OSError as exc:
        _error(f"error: cannot write {out}: {exc.strerror}")
        raise typer.Exit(3)


def _eval_narratives(articles: Path, labels: Optional[Path], out: Path, as_json: bool) -> None:
    """The narratives of every article of ``articles`` (all, or those ``labels`` names), in the task's format, and
    with ``labels`` the task's metric."""
    from rich.console import Console
    from rich.progress import track

    from ..errors import EmptyInput
    from ..lab.evaluation.narratives import read_labels, score, write_predictions
    from ..lab.evaluation.semeval2025 import narratives_of_files
    from ..narratives import load_model

    with reported_errors():
        gold = read_labels(labels) if labels else None
        files = sorted(gold) if gold is not None else sorted(p.name for p in articles.glob("*.txt"))
        if not files:
            raise EmptyInput(f"no .txt articles in {articles} (and no --labels naming any)")
        progress = lambda items: track(list(items), description="articles", transient=True, console=Console(stderr=True))  # noqa: E731
        predicted = narratives_of_files(articles, files, progress=progress)
        _write_into(out, "narratives.txt", write_predictions, predicted)
    if gold is None:
        typer.echo(f"{len(predicted)} articles; narratives written to {out / 'narratives.txt'}")
        return
    result = score(gold, predicted)
    trained = sorted(set(gold) & load_model().trained_on)
    if as_json:
        typer.echo(json.dumps({**result.as_dict(), "trained_on": len(trained)}, indent=2))
        return
    typer.echo(f"{result.articles} articles: samples-F1 coarse {result.coarse:.4f}, fine {result.fine:.4f}")
    if trained:
        _error(f"note: the shipped narrative heads were fitted on {len(trained)} of these articles, so this is not a "
               "held-out figure: the cross-validated one is in presslens/models/narratives/MODEL_CARD.md")
    for level in ("coarse", "fine"):
        typer.echo(f"  {level}:")
        for label, row in result.as_dict()["per_label"][level].items():
            typer.echo(f"    {label[:78]:78} F1 {row['f1']:.3f}  P {row['precision']:.3f}  R {row['recall']:.3f}  "
                       f"({row['gold']} gold, {row['predicted']} predicted)")
    typer.echo(f"predictions written to {out / 'narratives.txt'}")


class Split(str, Enum):
    heldout = "heldout"
    dev = "dev"
    train = "train"


@eval_app.command("ptc")
def eval_ptc(
    articles: Path = typer.Option(_default("ptc", "articles"), "--articles", help="Folder of article<ID>.txt files.",
                                  exists=True, file_okay=False),
    labels: Path = typer.Option(_default("ptc", "labels"), "--labels", exists=True,
                                help="Gold labels: a folder of article<ID>.task1-SI.labels / .task2-TC.labels files, "
                                "or combined files (train-task-si.labels, train-task-flc-tc.labels), or one such file."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write si.labels, tc.labels and flc.labels (official formats) here."),
    split: Optional[Split] = typer.Option(None, "--split", help="Only the articles of this part of presslens's fixed split "
                                          "of the PTC training data (the reported figures use 'heldout')."),
    model: Optional[Path] = typer.Option(None, "--model", help="Model folder (default: the shipped model)."),
    fast: bool = typer.Option(False, "--fast", help="Score the fast linear model (presslens/models/techniques-fast)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """SI, TC and FLC scores of the technique model on PTC-format data (SemEval-2020 Task 11).

    SI: span identification, partial credit by character overlap.
    TC: micro-F1 of the technique given to each gold span.
    FLC: spans and techniques together (credit only where the labels match).

    Example (the held-out figures of the README):

      presslens eval ptc --split heldout --out /tmp/ptc-predictions
    """
    from ..lab.evaluation.ptc import evaluate_ptc

    if fast:
        from ..techniques import FAST_MODEL_DIR

        model = model or FAST_MODEL_DIR
    result = _scored(evaluate_ptc, articles, labels, out, split.value if split else None, model)
    scores = {"articles": result.articles, "si": result.si.as_dict()}
    if result.tc:
        scores["tc"] = result.tc.as_dict()
        scores["flc"] = result.flc.as_dict()
        scores["by_score"] = result.by_score
        if result.shown:
            scores["shown"] = result.shown
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
        return
    typer.echo(f"{result.articles} articles")
    typer.echo(f"{'task':5} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}")
    for task in ("si", "tc", "flc"):
        prf = getattr(result, task)
        if prf is not None:
            typer.echo(f"{task.upper():5} {prf.precision:7.4f} {prf.recall:7.4f} {prf.f1:7.4f} {prf.support:6d} {prf.predicted:6d}")
    if result.flc:
        typer.echo("\nper technique (FLC F1 / TC F1, gold spans):")
        for label, prf in sorted(result.flc.per_label.items(), key=lambda kv: -kv[1].support):
            tc = result.tc.per_label.get(label)
            typer.echo(f"  {label:38} {prf.f1:6.3f} / {tc.f1 if tc else 0:6.3f}  ({prf.support})")
        if result.shown:
            shown = result.shown
            typer.echo(f"\nshown spans (the views' display threshold): {shown['shown']} of {shown['found_spans']}, "
                       f"precision {shown['precision']:.3f} (overlap a gold span of the same technique), recall "
                       f"{shown['recall']:.3f} (of {shown['gold']} gold spans)")
            typer.echo("calibrated scores: spans, mean score, share right, by score")
            for row in shown["by_score"]:
                if row["spans"]:
                    typer.echo(f"  {row['from']:.1f}-{row['to']:.1f}  {row['spans']:5d}  {row['mean_score']:.3f}  {row['right']:.3f}")
            typer.echo("per technique: spans, mean score, share right; shown, share of them right; gold spans")
            for label, row in sorted(shown["by_technique"].items(), key=lambda kv: -kv[1]["spans"]):
                typer.echo(f"  {label:38} {row['spans']:5d}  {row['mean_score']:.3f}  {row['right']:.3f}  "
                           f"{row['shown']:5d}  {row['shown_right'] if row['shown_right'] is not None else '-':>5}  ({row['gold']})")
        typer.echo("\nfound spans by score (share overlapping a gold span / of the same technique):")
        for row in result.by_score:
            if row["spans"]:
                typer.echo(f"  {row['from']:.1f}-{row['to']:.1f}  {row['spans']:5d} spans  {row['overlap_gold']:.2f} / "
                           f"{row['same_technique']:.2f}")
    if out:
        typer.echo(f"\npredictions written to {out}/si.labels, tc.labels, flc.labels")


def _scored(evaluate, *args):
    """Run an evaluation with a progress bar on stderr; bad data ends in a one-line error."""
    from rich.console import Console
    from rich.progress import track

    with reported_errors():
        return evaluate(*args, progress=lambda items: track(list(items), description="articles", transient=True,
                                                            console=Console(stderr=True)))


class Subtask(str, Enum):
    genre = "genre"
    frames = "frames"
    techniques = "techniques"


@eval_app.command("semeval2023")
def eval_semeval2023(
    subtask: Subtask = typer.Option(..., "--subtask", help="genre (macro-F1), frames (micro-F1) or techniques (paragraph level, micro-F1)."),
    articles: Path = typer.Option(_default("semeval2023", "articles"), "--articles", exists=True, file_okay=False,
                                  help="Folder of article<ID>.txt, or the data folder holding articles-subtask-1/2/3."),
    labels: Path = typer.Option(_default("semeval2023", "labels"), "--labels", exists=True,
                                help="The official label file, or the folder holding train-labels-subtask-1/2/3.txt."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write genre.txt / frames.txt / techniques.txt (official formats) here."),
    split: Optional[Split] = typer.Option(None, "--split", help="Only the articles of this part of presslens's fixed split "
                                          "(the reported figures use 'heldout')."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """SemEval-2023 Task 3 (English) scores of presslens: genre, frames, or techniques per paragraph.

    Techniques are mapped from presslens's PTC-2020 inventory to the 23 SemEval-2023 techniques where the
    mapping is exact; the others count as misses.

    Example (the held-out figures of the README):

      presslens eval semeval2023 --subtask frames --split heldout --out /tmp/semeval-predictions
    """
    from ..lab.evaluation.semeval2023 import evaluate_semeval2023

    score, n = _scored(evaluate_semeval2023, subtask.value, articles, labels, out, split.value if split else None)
    metric = "macro-F1" if subtask is Subtask.genre else "micro-F1"
    if as_json:
        typer.echo(json.dumps({"subtask": subtask.value, "articles": n, "metric": metric, **score.as_dict()}, indent=2))
        return
    typer.echo(f"{subtask.value}: {n} articles, {metric} {score.f1:.4f} (P {score.precision:.4f}, R {score.recall:.4f})")
    for label, prf in sorted(score.per_label.items(), key=lambda kv: -kv[1].support):
        typer.echo(f"  {label:44} F1 {prf.f1:6.3f}  P {prf.precision:6.3f}  R {prf.recall:6.3f}  ({prf.support} gold)")
    if out:
        typer.echo(f"predictions written to {out}/{subtask.value}.txt")


class CheckworthinessLayout(str, Enum):
    checkthat = "checkthat"
    claimbuster = "claimbuster"
    liar = "liar"
    news = "news"


DEFAULT_DATA = DATA_ROOT


class NewsPart(str, Enum):
    test = "test"
    calibration = "calibration"
    all = "all"


@eval_app.command("checkworthiness")
def eval_checkworthiness(
    data: Optional[Path] = typer.Option(None, "--data", dir_okay=False,
                                        help="checkthat: a CheckThat!-format TSV (Sentence_id, Text, class_label); "
                                        "claimbuster: crowdsourced.csv or groundtruth.csv; liar: LIAR's TSV; news: the "
                                        "label file (default: presslens/labels/news_checkworthiness.tsv)."),
    layout: CheckworthinessLayout = typer.Option(CheckworthinessLayout.checkthat, "--layout",
                                                 help="checkthat, claimbuster (debates dated by transcript: see "
                                                 "--years), liar (every statement is a fact-checked claim, so only "
                                                 "recall means something), or news (hand-labelled sentences of real "
                                                 "articles, scored through the whole claims analysis)."),
    years: Optional[str] = typer.Option(None, "--years", help="claimbuster: only the debates of these years, "
                                        "e.g. 2016 or 2012,2016 (the model was fitted on debates before 2012)."),
    articles: Path = typer.Option(DEFAULT_DATA, "--articles", help="news: the data folder the labels point into "
                                  "(../shared/data)."),
    part: NewsPart = typer.Option(NewsPart.test, "--part", help="news: the test half (the reported figure), the "
                                  "calibration half (where the threshold was chosen), or all."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write Sentence_id<TAB>score<TAB>Yes|No here (not for news)."),
    model: Optional[Path] = typer.Option(None, "--model", help="Check-worthiness head folder (default: the shipped one)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Precision, recall and F1 of the check-worthy class (CLEF CheckThat! Task 1).

    Debate sentences (checkthat, claimbuster, liar) are each scored on their own, at the head's debate
    threshold; news sentences are scored inside their articles, at the threshold the claims analysis uses,
    and count as predicted when they become claim cards. Examples (figures of the README):

      presslens eval checkworthiness --layout claimbuster --data ../shared/data/claimbuster/crowdsourced.csv --years 2016

      presslens eval checkworthiness --layout news --part test

      presslens eval checkworthiness --data ../shared/data/checkthat2024_t1_en/train/CT24_checkworthy_english_dev-test.tsv
    """
    from rich.console import Console
    from rich.progress import track

    progress = lambda items: track(list(items), description="sentences" if layout is not CheckworthinessLayout.news  # noqa: E731
                                   else "articles", transient=True, console=Console(stderr=True))
    if layout is CheckworthinessLayout.news:
        _eval_news_checkworthiness(data, articles, part, model, progress, as_json)
        return
    if data is None:
        _error("error: --data is required with --layout checkthat, claimbuster or liar")
        raise typer.Exit(2)
    if not data.is_file():
        _error(f"error: {data}: no such file")
        raise typer.Exit(3)
    try:
        chosen_years = [int(y) for y in years.split(",")] if years else None
    except ValueError:
        _error(f"error: --years takes years separated by commas (got {years!r})")
        raise typer.Exit(2)
    from ..lab.evaluation.checkworthiness import evaluate_checkworthiness, evaluate_debates

    with reported_errors():
        if layout is CheckworthinessLayout.claimbuster:
            result = evaluate_debates(data, chosen_years, model, progress)
        else:
            result = evaluate_checkworthiness(data, model, progress=progress, layout=layout.value)
    if out:
        try:
            result.write(out)
        except OSError as exc:
            _error(f"error: cannot write {out}: {exc.strerror}")
            raise typer.Exit(3)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
    elif result.scores is None:
        typer.echo(f"{len(result.ids)} sentences scored (no class_label column: nothing to compare with)")
    elif layout is CheckworthinessLayout.liar:  # no negatives: precision and F1 would mean nothing
        typer.echo(f"recall {result.scores.recall:.4f}: {result.scores.predicted} of {len(result.ids)} fact-checked "
                   f"statements scored check-worthy (threshold {result.threshold})")
    else:
        s = result.scores
        typer.echo(f"check-worthy class: P {s.precision:.4f}  R {s.recall:.4f}  F1 {s.f1:.4f}  "
                   f"({len(result.ids)} sentences, {s.support} check-worthy, {s.predicted} predicted; threshold {result.threshold})")
    if out:
        typer.echo(f"predictions written to {out}", err=as_json)  # --json keeps stdout pure JSON


def _eval_news_checkworthiness(labels, articles, part, model, progress, as_json) -> None:
    from ..lab.evaluation.news_checkworthiness import LABELS_FILE, evaluate_news_checkworthiness

    with reported_errors():
        result = evaluate_news_checkworthiness(articles, labels or LABELS_FILE, None if part is NewsPart.all else part.value,
                                               model_folder=model, progress=progress)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
        return
    s = result.prf
    typer.echo(f"news sentences ({part.value}): check-worthy class P {s.precision:.4f}  R {s.recall:.4f}  F1 {s.f1:.4f}  "
               f"({len(result.sentences)} sentences, {s.support} check-worthy, {s.predicted} claim cards; "
               f"threshold {result.threshold})")
    if result.missing:
        typer.echo(f"note: {result.missing} labelled sentences were not sentences of presslens's reading (counted as not predicted)")
    by_source: dict[str, list[int]] = {}
    for index, sentence in enumerate(result.sentences):
        by_source.setdefault(sentence.article.split("/")[1] if sentence.article.startswith("genre_news/")
                             else sentence.article.split("/")[0], []).append(index)
    from ..lab.evaluation.metrics import binary_prf

    predicted = result.predicted(result.threshold)
    for source, indexes in sorted(by_source.items()):
        prf = binary_prf([result.sentences[i].check_worthy for i in indexes], [bool(predicted[i]) for i in indexes])
        typer.echo(f"  {source:18} P {prf.precision:6.3f}  R {prf.recall:6.3f}  F1 {prf.f1:6.3f}  ({len(indexes)} sentences)")


@eval_app.command("genre")
def eval_genre(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The labelled data folder (../shared/data)."),
    articles: Optional[Path] = typer.Option(None, "--articles", file_okay=False,
                                            help="Instead of presslens's genre corpus: a folder of article files..."),
    labels: Optional[Path] = typer.Option(None, "--labels", dir_okay=False,
                                          help="...and a file<TAB>genre TSV naming them (e.g. "
                                          "semeval2025t10_en/train/genre-labels.tsv with its raw-documents/)."),
    part: Split = typer.Option(Split.heldout, "--part", help="The part of presslens's genre corpus: heldout (the reported "
                               "figures), dev (where the biases were chosen) or train."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write id<TAB>predicted<TAB>gold here."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Macro-F1 of the genre analysis on articles from outlets and collections it was never fitted on.

    By default the held-out part of presslens's genre corpus, in three groups: the 58 hand-labelled SemEval-2025
    articles (many outlets), SemEval-2023's held-out split, and genre_news's held-out outlets and sites (Fox News
    editorials, 30 % of the satire and fabricated-story sites, one BBC report in seven). Example:

      presslens eval genre --data ../shared/data
    """
    from rich.console import Console
    from rich.progress import track

    from ..lab.evaluation.genre import GROUPS, evaluate_genre_corpus, evaluate_genre_files

    progress = lambda items: track(list(items), description="articles", transient=True, console=Console(stderr=True))  # noqa: E731
    if (articles is None) != (labels is None):
        _error("error: --articles and --labels go together")
        raise typer.Exit(2)
    with reported_errors():
        groups = ([evaluate_genre_files(articles, labels, progress)] if labels
                  else evaluate_genre_corpus(data, part.value, progress))
    if out:
        try:
            out.write_text("".join(f"{aid}\t{g.predicted.get(aid, '')}\t{gold}\n" for g in groups for aid, gold in g.gold.items()))
        except OSError as exc:
            _error(f"error: cannot write {out}: {exc.strerror}")
            raise typer.Exit(3)
    if as_json:
        typer.echo(json.dumps([g.as_dict() for g in groups], indent=2))
        return
    for g in groups:
        prf = g.prf
        typer.echo(f"{GROUPS.get(g.name, g.name)}: {len(g.gold)} articles, macro-F1 {prf.f1:.4f}")
        for label, p in sorted(prf.per_label.items()):
            typer.echo(f"  {label:10} F1 {p.f1:6.3f}  P {p.precision:6.3f}  R {p.recall:6.3f}  ({p.support} gold, {p.predicted} predicted)")
        typer.echo("  gold \\ predicted: " + ", ".join(f"{gold}: {dict(row)}" for gold, row in g.confusion().items()))


@eval_app.command("frames")
def eval_frames(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The data folder the labels point into (../shared/data)."),
    labels: Optional[Path] = typer.Option(None, "--labels", dir_okay=False,
                                          help="article<TAB>part<TAB>round<TAB>frames TSV (default: "
                                          "presslens/labels/news_frames.tsv)."),
    part: NewsPart = typer.Option(NewsPart.test, "--part", help="test (never fitted or tuned on: the reported figure), "
                                  "calibration (fitted on beside SemEval-2023) or all."),
    model: Optional[Path] = typer.Option(None, "--model", help="Genre/frame model folder (default: the shipped one)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write article<TAB>predicted frames<TAB>gold frames here."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Micro-F1 of the frames analysis on news unlike SemEval-2023's: BBC reports, editorials of three outlets,
    SemEval-2025 articles (Ukraine war, climate), climate articles of the Narrative Frames Corpus, labelled by hand by the project (two blind annotators and an
    adjudicator). SemEval-2023's own held-out articles: `presslens eval semeval2023 --subtask frames`. Example:

      presslens eval frames --part test
    """
    from rich.console import Console
    from rich.progress import track

    from ..lab.evaluation.news_frames import LABELS_FILE, evaluate_news_frames

    progress = lambda items: track(list(items), description="articles", transient=True, console=Console(stderr=True))  # noqa: E731
    with reported_errors():
        result = evaluate_news_frames(data, labels or LABELS_FILE, None if part is NewsPart.all else part.value,
                                      model_folder=model, progress=progress)
    if out:
        try:
            out.write_text("".join(f"{a.article}\t{','.join(result.predicted[a.article])}\t{','.join(a.frames)}\n"
                                   for a in result.articles))
        except OSError as exc:
            _error(f"error: cannot write {out}: {exc.strerror}")
            raise typer.Exit(3)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
        return
    s = result.prf
    typer.echo(f"frames on news ({part.value}): {len(result.articles)} articles, micro-F1 {s.f1:.4f} "
               f"(P {s.precision:.4f}, R {s.recall:.4f}; {s.support} gold frames, {s.predicted} predicted)")
    typer.echo(f"  Security_and_defense listed where it is no frame: {result.listed_where_absent('Security_and_defense'):.1%} "
               f"of the articles; Economic found where it is one: {result.found_where_present('Economic'):.1%}")
    for source, prf in result.by_source().items():
        n = sum(1 for a in result.articles if a.source == source)
        typer.echo(f"  {source:18} micro-F1 {prf.f1:6.3f}  P {prf.precision:6.3f}  R {prf.recall:6.3f}  ({n} articles)")
    for label, prf in sorted(s.per_label.items(), key=lambda kv: -kv[1].support):
        typer.echo(f"  {label:44} F1 {prf.f1:6.3f}  P {prf.precision:6.3f}  R {prf.recall:6.3f}  "
                   f"({prf.support} gold, {prf.predicted} predicted)")


@eval_app.command("entities")
def eval_entities(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The data folder the labels point into (../shared/data)."),
    labels: Optional[Path] = typer.Option(None, "--labels", dir_okay=False,
                                          help="article<TAB>start<TAB>end<TAB>type TSV (default: "
                                          "presslens/labels/news_entities.tsv)."),
    conll: bool = typer.Option(False, "--conll", help="Also score the entity head on CoNLL-2003 testa (exact spans)."),
    baseline: bool = typer.Option(False, "--baseline", help="Score spaCy's entities alone (no entity head)."),
    labelled_round: Optional[int] = typer.Option(None, "--round", min=1, help="Only the articles of this labelling "
                                                 "round (1 and 2: the 40 the actor rules were written against; "
                                                 "3: 10 labelled after them, the unbiased check); default: all."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Names and actors on 50 news articles of other outlets (BBC, three editorial outlets, ten climate outlets)
    labelled by hand: exact-span names, how often each type is right, and how many listed actors are not actors.
    Example:

      presslens eval entities --conll --round 3
    """
    from rich.console import Console
    from rich.progress import track

    from ..lab.evaluation.news_entities import LABELS_FILE, NAMED, evaluate_news_entities

    progress = lambda items: track(list(items), description="articles", transient=True, console=Console(stderr=True))  # noqa: E731
    scores: dict = {}
    with reported_errors():
        if conll:
            from ..entities.head import load_model
            from ..lab.evaluation.conll import DEFAULT_CACHE, cached_corpus, predict, span_scores

            corpus = cached_corpus(DEFAULT_CACHE, data, "conll", "testa", load_model().encoder,
                                   log=lambda m: _error(m))
            scores["conll_testa"] = span_scores(predict(load_model().head, corpus), corpus.gold)
        scores["news"] = evaluate_news_entities(data, labels or LABELS_FILE, baseline, progress,
                                                None if labelled_round is None else {labelled_round}).as_dict()
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
        return
    if "conll_testa" in scores:
        c = scores["conll_testa"]
        typer.echo(f"CoNLL-2003 testa, exact spans: F1 {c['all']['f1']:.4f} (P {c['all']['precision']:.4f}, "
                   f"R {c['all']['recall']:.4f}); " + ", ".join(f"{k} {c[k]['f1']:.3f}" for k in ("PER", "ORG", "LOC", "MISC")))
    n = scores["news"]
    typer.echo(f"news names ({n['articles']} articles{', spaCy alone' if baseline else ''}): exact-span P "
               f"{n['names']['precision']:.3f} R {n['names']['recall']:.3f} F1 {n['names']['f1']:.3f}")
    for kind in NAMED:
        row = n["by_type"][kind]
        typer.echo(f"  {kind:7} {row['labelled']:4} labelled, found {row['found']:4} "
                   f"(recall {row['recall'] or 0:.3f}), type right {row['type_accuracy'] or 0:.3f}")
    typer.echo(f"actors listed: {n['actors']}, not actors: {n['not_actors']} ({n['not_actor_rate']:.1%})")
    for article, name, kind in n["not_actor_examples"]:
        typer.echo(f"  {name} ({kind})  [{article}]")


class VerifySplit(str, Enum):
    dev = "dev"
    test = "test"
    all = "all"


class VerifyLayout(str, Enum):
    triples = "triples"
    pairs = "pairs"
    climate_fever = "climate-fever"


@eval_app.command("verification")
def eval_verification(
    layout: VerifyLayout = typer.Option(VerifyLayout.triples, "--layout", help="'triples': claim/evidence/verdict "
                                        "triples (presslens's own set by default); 'pairs': JSON lines of {id, claim, evidence, label?}, "
                                        "a label per pair; 'climate-fever': Climate-FEVER JSONL, "
                                        "a label per (claim, evidence) pair."),
    data: Optional[Path] = typer.Option(None, "--data", dir_okay=False,
                                        help="triples: JSONL of {id, claim, article_date, evidence: [{text, source}], "
                                        "verdict, tags} (default: presslens/lab/evaluation/data/verification.jsonl). "
                                        "pairs: JSONL (or .jsonl.gz) of {id, claim, evidence, label?} (required). "
                                        "climate-fever: JSONL of {claim_id, claim, claim_label?, evidences: "
                                        "[{evidence_id, evidence, evidence_label?}]} (default: Climate-FEVER under "
                                        "the data root)."),
    split: Optional[VerifySplit] = typer.Option(None, "--split", help="triples: half of the set by a hash of the id, "
                                                "'dev' (looked at while developing; it chooses how the model and the "
                                                "rules combine), 'test' (default: the "
                                                "reported figure) or 'all'. climate-fever: part of presslens's split by "
                                                "claim id, 'dev', 'test' (the reported figure) or 'all' (default)."),
    out: Optional[Path] = typer.Option(None, "--out", dir_okay=False, help="climate-fever: write "
                                       "claim_id<TAB>evidence_id<TAB>label for every pair to this file; pairs: "
                                       "id<TAB>label (SUPPORTS, REFUTES or NOT_ENOUGH_INFO)."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Decide by the numeric and date rules alone, "
                                    "without the entailment model (to see what the model adds)."),
    show_misses: bool = typer.Option(False, "--misses", help="triples: print every triple given the wrong verdict."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Claim verification: verdicts on triples, or pair labels on Climate-FEVER.

    Each claim is checked against its own evidence sentences, without retrieval: this measures the
    verdict logic (the rules for numbers, hedges and dates; the entailment model for the rest). Examples:

      presslens eval verification --split test

      presslens eval verification --layout climate-fever --split test --out /tmp/pairs.tsv

      presslens eval verification --layout pairs --data ../shared/data/fever/symmetric_v0.2/dev.jsonl.gz --out pred.tsv

    Climate-FEVER prints pair accuracy and macro-F1 over SUPPORTS / REFUTES / NOT_ENOUGH_INFO, and the
    claim-level label accuracy (a claim is SUPPORTS or REFUTES when the pairs that take a side all take that
    one, DISPUTED when they take both, else NOT_ENOUGH_INFO). It warns when the file holds claims the model
    trained on (presslens's own split: only 'test' and 'dev' are held out).
    """
    if layout is VerifyLayout.climate_fever:
        _eval_climate_fever(data, split or VerifySplit.all, out, rules_only, as_json)
        return
    if layout is VerifyLayout.pairs:
        _eval_pairs(data, out, rules_only, as_json)
        return
    from ..lab.evaluation.verification import DEFAULT_SET, PREDICTED_ONLY, VERDICTS, evaluate_verification

    split = split or VerifySplit.test
    misses: list = []
    with reported_errors():
        result = evaluate_verification(data or DEFAULT_SET, None if split is VerifySplit.all else split.value, misses,
                                       model=None if rules_only else "default")
    from ..claims.entailment import load_entailment
    from ..lab.evaluation.verification import calibration_error

    table = None if rules_only else load_entailment().verdict_confidence
    checked = calibration_error(result, table) if table else None
    if as_json:
        typer.echo(json.dumps({**result.as_dict(), **({"confidence": checked} if checked else {})}, indent=2))
        return
    typer.echo(f"{len(result.gold)} triples ({split.value}{', rules only' if rules_only else ''}): "
               f"accuracy {result.accuracy:.4f}, macro-F1 {result.macro_f1():.4f}")
    columns = VERDICTS + PREDICTED_ONLY
    typer.echo("\n" + "gold / predicted".ljust(22) + "".join(f"{v[:12]:>14}" for v in columns))
    for gold, row in result.confusion().items():
        typer.echo(f"{gold:22}" + "".join(f"{row[v]:14d}" for v in columns))
    if checked:
        typer.echo(f"\nconfidence of each kind of verdict (from the dev half) against its right share here; "
                   f"expected calibration error {checked['expected_calibration_error']:.3f}:")
        for kind, row in checked["by_kind"].items():
            typer.echo(f"  {kind:32} confidence {row['confidence']:.2f}  right {row['right']:3d} of {row['total']:3d}")
    typer.echo("\naccuracy per tag:")
    for tag, (right, total) in result.per_tag().items():
        typer.echo(f"  {tag:24} {right:3d}/{total:<3d} {right / total:6.2f}")
    if show_misses:
        typer.echo("\nmisses:")
        for triple, verdict in misses:
            typer.echo(f"  {triple['id']}: gold {triple['verdict']}, predicted {verdict.verdict} [{verdict.signal}] "
                       f"({verdict.explanation})\n    claim: {triple['claim']}")


def _eval_pairs(data: Optional[Path], out: Optional[Path], rules_only: bool, as_json: bool) -> None:
    from rich.progress import Progress

    from ..lab.evaluation.verification import evaluate_climate_fever, read_pairs

    if data is None:
        _error("error: --layout pairs needs --data FILE.jsonl[.gz] of {id, claim, evidence, label?}")
        raise typer.Exit(2)
    with reported_errors():
        records = read_pairs(data)
        with Progress(transient=True, disable=as_json or not sys.stderr.isatty()) as bar:
            task = bar.add_task("pairs", total=len(records))
            result = evaluate_climate_fever(records, None, model=None if rules_only else "default",
                                            progress=lambda: bar.advance(task))
    if out:
        _write_rows(out, (f"{pair_id}\t{label}\n" for pair_id, _, _, label in result.rows))
    scores = result.as_dict()
    for key in ("claims", "claim_accuracy", "claims_seen_in_training"):   # one pair a claim: nothing to add
        scores.pop(key)
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
        return
    if not scores["labelled_pairs"]:
        typer.echo(f"{len(result.rows)} pairs labelled (no gold labels in the file)")
        return
    typer.echo(f"{scores['labelled_pairs']} labelled pairs{' (rules only)' if rules_only else ''}: "
               f"accuracy {scores['pair_accuracy']:.4f}, macro-F1 {scores['pair_macro_f1']:.4f}")
    typer.echo("  F1: " + ", ".join(f"{label} {f1:.3f}" for label, f1 in scores["per_label_f1"].items()))


def _write_rows(out: Path, rows) -> None:
    try:
        out.write_text("".join(rows), encoding="utf-8")
    except OSError as exc:
        _error(f"error: cannot write {out}: {exc.strerror}")
        raise typer.Exit(3)


def _eval_climate_fever(data: Optional[Path], split: VerifySplit, out: Optional[Path], rules_only: bool,
                        as_json: bool) -> None:
    from rich.progress import Progress

    from ..lab.evaluation.verification import climate_fever_split, evaluate_climate_fever, read_climate_fever

    data = data or _default("verification", "climate-fever")
    with reported_errors():
        records = read_climate_fever(data)
        chosen = None if split is VerifySplit.all else split.value
        with Progress(transient=True, disable=as_json or not sys.stderr.isatty()) as bar:
            task = bar.add_task("claims", total=sum(chosen is None or climate_fever_split(r["claim_id"]) == chosen
                                                    for r in records))
            result = evaluate_climate_fever(records, chosen,
                                            model=None if rules_only else "default", progress=lambda: bar.advance(task))
    if out:
        _write_rows(out, (f"{c}\t{e}\t{label}\n" for c, e, _, label in result.rows))
    scores = result.as_dict()
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
        return
    if result.seen_in_training:
        hint = "the same claim text under another id" if split is not VerifySplit.all else "use --split test"
        _error(f"warning: {result.seen_in_training} of {len(result.claims)} claims are in the entailment model's "
               f"training data ({hint}): figures over them are not held out")
    if not scores["labelled_pairs"]:
        typer.echo(f"{len(result.claims)} claims, {len(result.rows)} pairs labelled (no gold labels in the file)")
        return
    typer.echo(f"{len(result.claims)} claims, {len(result.rows)} pairs ({split.value}{', rules only' if rules_only else ''}): "
               f"pair accuracy {scores['pair_accuracy']:.4f}, pair macro-F1 {scores['pair_macro_f1']:.4f}; "
               f"claim-level accuracy {scores['claim_accuracy']:.4f}")
    typer.echo("  pair F1: " + ", ".join(f"{label} {f1:.3f}" for label, f1 in scores["per_label_f1"].items()))


@eval_app.command("fact-checked")
def eval_fact_checked(
    queries: Path = typer.Option(_default("fact-checked", "queries"), "--queries", dir_okay=False, help="TSV of query_id<TAB>text, or JSON lines of "
                                 "{query_id, query, split} (CheckThat!'s queries.jsonl.gz; see --split)."),
    archive: Path = typer.Option(_default("fact-checked", "archive"), "--archive", dir_okay=False, help="The fact-checks: any file `presslens evidence "
                                 "add` accepts (ClaimReview JSON / JSON lines / HTML, CheckThat! vclaims.jsonl.gz), or "
                                 "an evidence collection already made (.db)."),
    out: Optional[Path] = typer.Option(None, "--out", dir_okay=False, help="Write the run here: query_id<TAB>Q0<TAB>"
                                       "vclaim_id<TAB>rank<TAB>score<TAB>tag, the top 20 of each query (default: "
                                       "run.tsv in a new temporary folder, never the working tree)."),
    qrels: Optional[Path] = typer.Option(None, "--qrels", dir_okay=False, help="Relevance judgements (TREC qrels "
                                         "`query 0 doc 1`, or CheckThat!'s pairs.jsonl.gz): print MAP@1/3/5, MRR, P@k. "
                                         "Default: CheckThat!'s, when --queries is not given and they are there."),
    split: Optional[str] = typer.Option(None, "--split", help="With JSON-lines queries: only this split (train, dev, "
                                        "dev_test)."),
    db: Optional[Path] = typer.Option(None, "--db", dir_okay=False, help="Index the archive into this collection and "
                                      "keep it (default: a temporary one); an existing one is added to."),
    tag: str = typer.Option("presslens", "--tag", help="The run's tag column."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Already fact-checked: rank an archive's fact-checks for each query, as claim cards do, and score the run as
    CLEF CheckThat! task 2 does (MAP@5 is its measure). Example:

      presslens eval fact-checked --split dev --db /tmp/snopes.db
    """
    out = out or Path(tempfile.mkdtemp(prefix="presslens-fact-checked-")) / "run.tsv"
    if qrels is None and queries == _default("fact-checked", "queries") and _default("fact-checked", "qrels").is_file():
        qrels = _default("fact-checked", "qrels")

    from rich.progress import Progress

    from ..lab.evaluation.retrieval import read_qrels, read_queries, rank_fact_checks, run_lines, score_run
    from ..evidence import EvidenceIndex

    with reported_errors(), tempfile.TemporaryDirectory(prefix="presslens-archive-") as scratch:
        asked = read_queries(queries, split)
        judged = read_qrels(qrels) if qrels else None
        if not archive.is_file():
            raise InputNotFound("no such file", str(archive))
        if archive.read_bytes()[:16] == b"SQLite format 3\x00":
            index = EvidenceIndex(archive)
        else:
            index = EvidenceIndex(db or Path(scratch) / "archive.db", create=True)
            added = index.add([archive], progress=sys.stderr.isatty())
            for error in added.errors:
                _error(f"warning: {error}")
            if not as_json:
                typer.echo(f"archive: {added.summary()}", err=True)
        if index.fact_check_count() == 0:
            raise InvalidRecord("no fact-checks in the archive", str(archive))
        with Progress(transient=True, disable=as_json or not sys.stderr.isatty()) as bar:
            task = bar.add_task("queries", total=len(asked))
            ranking = rank_fact_checks(index, asked, progress=lambda n: bar.advance(task, n))
        index.close()
    try:
        out.write_text("".join(run_lines(ranking, tag)), encoding="utf-8")
    except OSError as exc:
        _error(f"error: cannot write {out}: {exc.strerror}")
        raise typer.Exit(3)
    if judged is None:
        if not as_json:
            typer.echo(f"{len(ranking)} queries ranked; run written to {out}")
        return
    with reported_errors():
        scores = score_run({q: [doc for doc, _ in ranked] for q, ranked in ranking.items()},
                           {q: judged[q] for q in asked if q in judged})
    if as_json:
        typer.echo(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()}, indent=2))
        return
    unjudged = len(asked) - scores["queries"]
    typer.echo(f"{scores['queries']} judged queries" + (f" ({unjudged} without judgements left out)" if unjudged else "")
               + ": " + ", ".join(f"{k} {scores[k]:.4f}" for k in ("MAP@1", "MAP@3", "MAP@5", "MRR")))
    typer.echo("  " + ", ".join(f"{k} {scores[k]:.4f}" for k in ("P@1", "P@3", "P@5", "P@10", "P@20")))


@eval_app.command("voice")
def eval_voice(
    data: Path = typer.Option(DATA_ROOT, "--data", help="The data folder the labels point into (../shared/data)."),
    labels: Optional[Path] = typer.Option(None, "--labels", dir_okay=False, help="article<TAB>start<TAB>end<TAB>whose"
                                          "<TAB>round<TAB>drawn TSV (default: presslens/labels/voice.tsv)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Whose words a technique span is in (the author's, or someone's the article quotes or reports), against blind
    judgements of shown spans; by how the spans were drawn. The voice rules were written on these articles: a
    regression check, not a held-out figure.

      presslens eval voice
    """
    from ..lab.evaluation.voice import LABELS_FILE, evaluate_voice

    scores = _scored(evaluate_voice, data, labels or LABELS_FILE)
    typer.echo(json.dumps(scores.as_dict(), indent=2) if as_json else scores.table())


@eval_app.command("quantities")
def eval_quantities(
    data: Optional[Path] = typer.Option(None, "--data", exists=True, dir_okay=False,
                                        help="JSON lines {sentence, quantities: [{text, value, high, bound, unit}]} "
                                        "(default: presslens/lab/evaluation/data/quantities.jsonl, 100 written sentences)."),
    show_misses: bool = typer.Option(False, "--misses", help="Print every sentence not read as expected."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """How often the quantity reader reads a sentence's figures as expected: the same words, value, high end,
    bound and unit for each, and nothing else.

      presslens eval quantities --misses
    """
    from ..lab.evaluation.quantities import DEFAULT_SET, evaluate_quantities

    with reported_errors():
        scores = evaluate_quantities(data or DEFAULT_SET)
    if as_json:
        typer.echo(json.dumps(scores.as_dict(), indent=2))
        return
    typer.echo(f"{scores.as_expected} of {scores.sentences} sentences read as expected ({scores.rate:.1%}); "
               f"{scores.found} quantities found for {scores.expected} written")
    typer.echo("right per field: " + ", ".join(f"{k} {v:.1%}" for k, v in scores.as_dict()["fields_right"].items()))
    if show_misses:
        for sentence, expected, found in scores.misses:
            typer.echo(f"\n  {sentence}\n    expected: {expected}\n    found:    {found}")


@eval_app.command("evidence-search")
def eval_evidence_search(
    data: Path = typer.Option(_default("evidence-search", "data"), "--data", dir_okay=False, help="Climate-FEVER JSONL "
                              "({claim_id, claim, evidences: [{evidence_id, evidence, evidence_label}]})."),
    split: VerifySplit = typer.Option(VerifySplit.test, "--split", help="The claims searched: presslens's Climate-FEVER "
                                      "split by claim id ('test': never tuned on; 'dev'; 'all'). Every claim's "
                                      "evidence is indexed whatever the split."),
    db: Optional[Path] = typer.Option(None, "--db", dir_okay=False, help="Keep the collection of evidence sentences "
                                      "here (default: a temporary one); an existing one is searched as it is."),
    rerank: bool = typer.Option(False, "--rerank", help="Also re-rank the best 20 hits by the entailment model's "
                                "P(supports) + P(refutes)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Evidence search: recall@k of each claim's gold evidence among all of Climate-FEVER's evidence sentences.

      presslens eval evidence-search --rerank
    """

    from rich.progress import Progress

    from ..lab.evaluation.evidence_search import climate_fever_collection, evaluate_search
    from ..lab.evaluation.verification import climate_fever_split, read_climate_fever

    with reported_errors(), tempfile.TemporaryDirectory(prefix="presslens-cf-") as scratch:
        records = read_climate_fever(data)
        index = climate_fever_collection(records, db or Path(scratch) / "evidence.db", progress=sys.stderr.isatty())
        chosen = [r for r in records if split is VerifySplit.all or climate_fever_split(r["claim_id"]) == split.value]
        model = None
        if rerank:
            from ..claims.entailment import load_entailment

            model = load_entailment()
        with Progress(transient=True, disable=as_json or not sys.stderr.isatty()) as bar:
            task = bar.add_task("claims", total=len(chosen))
            plain, reranked = evaluate_search(chosen, index, model, progress=lambda: bar.advance(task))
        sentences = index.stats()["sentences"]
        index.close()
    result = {"split": split.value, "indexed_sentences": sentences, "search": plain.as_dict()}
    if reranked is not None:
        result["reranked"] = reranked.as_dict()
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    typer.echo(f"{plain.claims} claims with gold evidence ({split.value}), searched among {sentences:,} sentences:")
    for name, scores in (("search", plain), ("re-ranked", reranked)):
        if scores is not None:
            typer.echo(f"  {name:10} " + ", ".join(f"recall@{k} {v:.3f}" for k, v in scores.recall.items()) + "; "
                       + ", ".join(f"hit@{k} {v:.3f}" for k, v in scores.hit.items()))
