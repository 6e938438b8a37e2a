"""SemEval-2023 Task 3 (English): label files, prediction files and the official metrics.

* subtask 1, genre: macro-F1 over the labels that occur in gold or predictions;
* subtask 2, frames: micro-F1 over (article, frame) pairs;
* subtask 3, techniques per paragraph: micro-F1 over (article, paragraph, technique) triples.

File formats (``--labels`` and ``--out``): ``ID<TAB>label`` (genre.txt),
``ID<TAB>frame,frame,...`` (frames.txt), ``ID<TAB>paragraph<TAB>tech,tech,...``
(techniques.txt; paragraph is the 1-based line number, empty lines skipped).
"""
from __future__ import annotations

from pathlib import Path

from ..datasets import label_lines
from ...errors import InputNotFound, InvalidRecord
from .metrics import PRF, f1 as _f1, label_prf


def _lines(path: Path):
    for number, line in label_lines(path):
        yield number, line.split("\t")


def read_genres(path) -> dict[str, str]:
    genres = {}
    for number, fields in _lines(path):
        if len(fields) != 2 or not fields[1]:
            raise InvalidRecord(f"{path}:{number}: expected 'ID<TAB>genre'")
        genres[fields[0]] = fields[1].strip()
    return genres


def read_frames(path) -> dict[str, list[str]]:
    frames = {}
    for number, fields in _lines(path):
        if len(fields) not in (1, 2):
            raise InvalidRecord(f"{path}:{number}: expected 'ID<TAB>frame,frame,...'")
        frames[fields[0]] = [f.strip() for f in (fields[1] if len(fields) == 2 else "").split(",") if f.strip()]
    return frames


def read_paragraph_techniques(path) -> dict[tuple[str, int], list[str]]:
    labels = {}
    for number, fields in _lines(path):
        if len(fields) not in (2, 3) or not fields[1].isdigit():
            raise InvalidRecord(f"{path}:{number}: expected 'ID<TAB>paragraph<TAB>tech,tech,...'")
        labels[(fields[0], int(fields[1]))] = [t.strip() for t in (fields[2] if len(fields) == 3 else "").split(",") if t.strip()]
    return labels


def write_genres(path, genres: dict[str, str]) -> None:
    Path(path).write_text("".join(f"{aid}\t{label}\n" for aid, label in sorted(genres.items())))


def write_frames(path, frames: dict[str, list[str]]) -> None:
    Path(path).write_text("".join(f"{aid}\t{','.join(labels)}\n" for aid, labels in sorted(frames.items())))


def write_paragraph_techniques(path, labels: dict[tuple[str, int], list[str]]) -> None:
    Path(path).write_text("".join(f"{aid}\t{n}\t{','.join(t)}\n" for (aid, n), t in sorted(labels.items())))


def macro_f1(pred: dict[str, str], gold: dict[str, str]) -> PRF:
    """Macro-averaged P/R/F1 over the labels present in gold or predictions (gold articles only)."""
    ids = [aid for aid in gold]
    labels = sorted({gold[a] for a in ids} | {pred[a] for a in ids if a in pred})
    per_label = label_prf([gold[a] for a in ids], [pred.get(a) for a in ids], labels)
    if not labels:
        return PRF(0.0, 0.0, 0.0)
    p = sum(x.precision for x in per_label.values()) / len(labels)
    r = sum(x.recall for x in per_label.values()) / len(labels)
    f = sum(x.f1 for x in per_label.values()) / len(labels)
    return PRF(p, r, f, len(ids), sum(1 for a in ids if a in pred), per_label)


def micro_f1(pred: dict, gold: dict) -> PRF:
    """Micro P/R/F1 of multi-label predictions; keys are articles (or (article, paragraph))."""
    pairs_gold = {(k, l) for k, labels in gold.items() for l in labels}
    pairs_pred = {(k, l) for k, labels in pred.items() if k in gold for l in labels}
    tp = len(pairs_gold & pairs_pred)
    p = tp / len(pairs_pred) if pairs_pred else 0.0
    r = tp / len(pairs_gold) if pairs_gold else 0.0
    per_label = {}
    for label in sorted({l for _, l in pairs_gold | pairs_pred}):
        g = {x for x in pairs_gold if x[1] == label}
        q = {x for x in pairs_pred if x[1] == label}
        lp, lr = (len(g & q) / len(q) if q else 0.0), (len(g & q) / len(g) if g else 0.0)
        per_label[label] = PRF(lp, lr, _f1(lp, lr), len(g), len(q))
    return PRF(p, r, _f1(p, r), len(pairs_gold), len(pairs_pred), per_label)


# --- running the shipped models over the official layout ------------------------

SUBTASKS = {"genre": 1, "frames": 2, "techniques": 3}


# subtasks 1 and 2 share their article files; subtask 3's are split into paragraphs differently
_ARTICLE_FOLDERS = {"genre": (1, 2), "frames": (2, 1), "techniques": (3,)}


def _articles_folder(articles: Path, subtask: str, label_file: Path) -> Path:
    """``articles`` itself, or, given the data root, its ``[train-|dev-|test-]articles-subtask-N`` folder
    (the part named like the label file: dev-labels-subtask-2.txt goes with dev-articles-subtask-2/)."""
    part = label_file.name.split("labels-subtask")[0]  # "", "train-", "dev-", ...
    for number in _ARTICLE_FOLDERS[subtask]:
        for name in (f"{part}articles-subtask-{number}", f"articles-subtask-{number}"):
            candidate = Path(articles) / name
            if candidate.is_dir():
                return candidate
        matches = sorted(p for p in Path(articles).glob(f"*articles-subtask-{number}") if p.is_dir())
        if len(matches) == 1:
            return matches[0]
    return Path(articles)


def _label_file(labels: Path, subtask: str) -> Path:
    labels = Path(labels)
    if labels.is_file():
        return labels
    matches = sorted(labels.glob(f"*labels-subtask-{SUBTASKS[subtask]}.txt"))
    if not matches:
        raise InputNotFound(f"no *labels-subtask-{SUBTASKS[subtask]}.txt in {labels}")
    return matches[0]


def evaluate_semeval2023(subtask: str, articles, labels, out_dir=None, split: str | None = None,
                         progress=None, model_folder=None) -> tuple[PRF, int]:
    """Predict ``subtask`` for every labelled article, write the official file to ``out_dir``, score it."""
    from ..datasets import read_articles, split_of
    from ...models.windows import line_units, numbered_lines

    label_file = _label_file(labels, subtask)
    texts = read_articles(_articles_folder(articles, subtask, label_file))
    if subtask == "genre":
        gold = read_genres(label_file)
    elif subtask == "frames":
        gold = read_frames(label_file)
    else:
        gold = read_paragraph_techniques(label_file)
    ids = sorted({k[0] if isinstance(k, tuple) else k for k in gold} & set(texts))
    if split:
        ids = [a for a in ids if split_of(a) == split]
    items = progress(ids) if progress else ids
    out = Path(out_dir) if out_dir else None
    if out:
        out.mkdir(parents=True, exist_ok=True)

    if subtask in ("genre", "frames"):
        from ...framing import genre_of, load_model, text_features

        model = load_model(str(model_folder) if model_folder else None)
        predictions = {}
        for aid in items:
            features = text_features(texts[aid], model.encoder)[2]
            if subtask == "genre":
                predictions[aid] = genre_of(features, model)[0]
            else:
                probs = model.heads.frame_probabilities(features)
                predictions[aid] = model.heads.frames_over_threshold(probs)
        gold = {a: gold[a] for a in ids}
        if out:
            (write_genres if subtask == "genre" else write_frames)(out / f"{subtask}.txt", predictions)
        return (macro_f1 if subtask == "genre" else micro_f1)(predictions, gold), len(ids)

    from ...techniques import load_model as load_technique_model
    from ...techniques.tasks import find_techniques
    from ...techniques.taxonomy import BY_PTC

    model = load_technique_model()
    predictions = {}
    for aid in items:
        text = texts[aid]
        found = find_techniques(model.heads, text, *model.encoder.encode_text(text))
        for number, (start, end) in numbered_lines(text).items():
            labels_here = {BY_PTC[f.technique].semeval2023 for f in found if f.start < end and f.end > start}
            predictions[(aid, number)] = sorted(l for l in labels_here if l)
    gold = {k: v for k, v in gold.items() if k[0] in set(ids)}
    predictions = {k: v for k, v in predictions.items() if k in gold}
    if out:
        write_paragraph_techniques(out / "techniques.txt", predictions)
    return micro_f1(predictions, gold), len(ids)
