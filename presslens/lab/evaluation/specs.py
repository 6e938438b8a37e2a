"""One spec per evaluation task: what ``presslens eval TASK`` scores, the data it reads by default (under the data
root: ``--data``-style options, else ``$PRESSLENS_DATA``, else ``../shared/data`` beside the repository), the part
of that data that gives the reported figure, and the metric.

The command line takes each task's default files from here (``cli/evaluate.py``), so the reported figure of every
head is ``presslens eval TASK`` with at most its split; ``presslens eval list`` prints the table, and the training
specs (``presslens.lab.training.specs``) name the task that scores each head. A test checks that the two agree and that
every command of the results table names a task.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import by_name

@dataclass(frozen=True)
class TaskSpec:
    """What ``presslens eval <name>`` measures and where its data is."""
    name: str
    scores: tuple[str, ...]                # the heads (``presslens train`` names) or analyses it measures
    data: str                              # the labelled data, in words
    split: str                             # the part scored for the reported figure, and why it is held out
    metric: str
    reported: str                          # the command line of the reported figure
    files: dict[str, str] = field(default_factory=dict)   # option -> its default, a path under the data root
    # (defaults inside the package, such as presslens/labels/*.tsv, are the evaluation modules' own constants)

    def default(self, option: str, data_root: Path) -> Path:
        """The default of ``option`` (``articles``, ``labels``, ...) under ``data_root``."""
        return Path(data_root) / self.files[option]


TASKS: tuple[TaskSpec, ...] = (
    TaskSpec("ptc", ("techniques", "encoder", "techniques-fast", "technique-calibration"),
             "PTC-2020 (SemEval-2020 Task 11) articles with technique spans",
             "heldout: the 20 % of articles by a hash of the id never trained or tuned on",
             "SI / TC / FLC F1; precision of the spans the views show",
             "presslens eval ptc --split heldout",
             files={"articles": "ptc2020/train/articles", "labels": "ptc2020/train"}),
    TaskSpec("semeval2023", ("encoder", "framing"), "SemEval-2023 Task 3 (English): genre, frames, techniques per "
             "paragraph", "heldout: presslens's fixed split of the training release",
             "genre macro-F1; frames and techniques micro-F1",
             "presslens eval semeval2023 --subtask frames --split heldout",
             files={"articles": "semeval2023t3/train", "labels": "semeval2023t3/train"}),
    TaskSpec("semeval2025", ("actors", "narratives"), "SemEval-2025 Task 10 (English): entity roles, narratives",
             "entity framing: the held-out 25 % of articles; narratives: cross-validated in the card",
             "fine-role exact match, main-role accuracy; narratives samples-F1",
             "presslens eval semeval2025 --subtask entity-framing --part heldout",
             files={"articles": "semeval2025t10_en/train/raw-documents",
                    "entity-framing": "semeval2025t10_en/train/subtask-1-annotations.txt",
                    "narratives": "semeval2025t10_en/train/subtask-2-annotations.txt"}),
    TaskSpec("genre", ("framing",), "the genre corpus: SemEval-2025 articles labelled by us, SemEval-2023, genre_news",
             "heldout: outlets and sites never fitted on (Fox News editorials, 30 % of satire sites, BBC)",
             "macro-F1 over opinion / reporting / satire", "presslens eval genre"),
    TaskSpec("frames", ("framing",), "news articles of other outlets, frames labelled by us (presslens/labels)",
             "test: the half never fitted or tuned on", "micro-F1 of frames", "presslens eval frames --part test"),
    TaskSpec("checkworthiness", ("claims", "encoder"), "news sentences labelled by us; ClaimBuster debates; "
             "CheckThat! 2024", "news: the test half; debates: 2016 (fitted before 2012)",
             "P, R, F1 of the check-worthy class", "presslens eval checkworthiness --layout news --part test"),
    TaskSpec("entities", ("entities",), "50 news articles of other outlets, names labelled by us; CoNLL-2003 testa",
             "all (the head never trains on news; round 3 labelled after the actor rules)",
             "exact-span F1 of names; share of listed actors that are not actors", "presslens eval entities --conll"),
    TaskSpec("nonbody", ("nonbody",), "paragraphs of real article endings labelled by us",
             "heldout: outlets never trained or tuned on", "per-kind F1; share of body paragraphs set apart",
             "presslens eval nonbody"),
    TaskSpec("verification", ("verifier", "verdict-confidence"), "presslens's claim/evidence/verdict triples; "
             "Climate-FEVER; any labelled pairs (FEVER-Symmetric, VitaminC)",
             "test: the triples' half never looked at; Climate-FEVER's 15 % by claim id",
             "verdict accuracy; pair macro-F1", "presslens eval verification --split test",
             files={"climate-fever": "claim_evidence/climate_fever/climate-fever.jsonl"}),
    TaskSpec("fact-checked", ("fact-checks",), "CheckThat! 2022 task 2A: tweets matched to Snopes fact-checks",
             "dev (the train queries fit the matcher)", "MAP@5 (the task's measure), MRR, P@k",
             "presslens eval fact-checked --split dev",
             files={"queries": "checkthat2022_t2a_en/queries.jsonl.gz", "archive": "checkthat2022_t2a_en/vclaims.jsonl.gz",
                    "qrels": "checkthat2022_t2a_en/pairs.jsonl.gz"}),
    TaskSpec("evidence-search", ("embedder",), "Climate-FEVER: each claim's gold evidence among all its sentences",
             "test: the claims never tuned on", "recall@k, hit@k", "presslens eval evidence-search --split test",
             files={"data": "claim_evidence/climate_fever/climate-fever.jsonl"}),
    TaskSpec("voice", ("techniques",), "shown technique spans of 400 SemEval-2025 and PTC articles, whose words "
             "judged blind (presslens/labels/voice.tsv)", "all: the voice rules were written on these articles (a "
             "regression check, not held out)", "precision of 'quoted'; recall of someone else's words",
             "presslens eval voice"),
    TaskSpec("quantities", ("claims",), "100 sentences with their figures written out by us",
             "all (written after the reader, never tuned on)", "share of sentences read as expected",
             "presslens eval quantities"),
)

TASK_NAMES = tuple(task.name for task in TASKS)


def task_of(name: str) -> TaskSpec:
    return by_name(TASKS, name, "evaluation task")


def table_rows() -> list[tuple[str, str, str, str, str, str]]:
    """(task, scores, data, split, metric, reported by) for each task: ``presslens eval list``."""
    return [(t.name, ", ".join(t.scores), t.data, t.split, t.metric, t.reported) for t in TASKS]
