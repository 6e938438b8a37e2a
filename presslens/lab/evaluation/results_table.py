"""The results table of the README and of docs/evaluation.md, made from the models' score files.

Each figure a reader is shown is read from a score file in ``presslens/models`` (written when a model is trained,
or by ``--refresh``, which runs each row's evaluation command with ``--json`` and keeps its output), never typed by
hand: the table is rewritten between the markers :data:`START` and :data:`END` of each page, and a test checks that
the pages hold what the score files say. The rows (``results.json`` beside this module) say which figure of which
file, on what data, against which target, and the command that measures it.

    python -m presslens.lab.evaluation.results_table            # rewrite the pages' tables from the score files
    python -m presslens.lab.evaluation.results_table --check    # exit 1 when a page's table is not what the files say
    python -m presslens.lab.evaluation.results_table --refresh  # run every row's command first (tens of minutes)
    python -m presslens.lab.evaluation.results_table --refresh "actor roles"  # only the rows of these analyses
"""
from __future__ import annotations

import json
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import MODELS_DIR, REPOSITORY

SPEC = Path(__file__).resolve().parent / "results.json"
MODELS = MODELS_DIR
ROOT = REPOSITORY
PAGES = (ROOT / "README.md", ROOT / "docs" / "evaluation.md")
START = "<!-- results table: made by `python -m presslens.lab.evaluation.results_table`; do not edit by hand -->"
END = "<!-- end of results table -->"


@dataclass(frozen=True)
class Figure:
    file: str          # relative to presslens/models
    path: str          # keys, dot-separated ("genre.semeval2025.f1"); a list is indexed by its items' "name"
    percent: bool = False

    def value(self) -> float:
        data = json.loads((MODELS / self.file).read_text(encoding="utf-8"))
        for key in self.path.split("."):
            data = next(item for item in data if item.get("name") == key) if isinstance(data, list) else data[key]
        return float(data)

    def shown(self) -> str:
        value = self.value()
        return f"{value * 100:.1f} %" if self.percent else f"{value:.3f}"


def read_spec(path: Path = SPEC) -> list[dict]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        missing = [k for k in ("analysis", "data", "metric", "figures", "command") if k not in row]
        if missing:
            raise ValueError(f"{path}: a row has no {', '.join(missing)}: {row}")
    return rows


def _figures(row: dict) -> list[Figure]:
    return [Figure(**f) for f in row["figures"]]


def _target(row: dict, values: list[float]) -> str:
    """"≥ 0.80 met", "≤ 15 % met", "≥ 0.45 missed by 0.012": each target of the row, judged on its figure."""
    said = []
    for target in row.get("targets", []):
        figure = _figures(row)[target["figure"]]
        value = values[target["figure"]]
        if "at_least" in target:
            bound, sign, gap = target["at_least"], "≥", target["at_least"] - value
        else:
            bound, sign, gap = target["at_most"], "≤", value - target["at_most"]
        if figure.percent:
            level, missed = f"{sign} {bound * 100:g} %", f"{gap * 100:.1f} points"
        else:
            level, missed = f"{sign} {_bound(bound)}", f"{gap:.3f}"
        said.append(f"{level} met" if gap <= 1e-9 else f"{level} missed by {missed}")
    return "; ".join(said) or "—"


def _bound(value: float) -> str:
    """0.8 -> "0.80", 0.438 -> "0.438": a target with the digits it was set with, at least two."""
    text = f"{value:.3f}"
    return text[:-1] if text.endswith("0") else text


def table(rows: list[dict] | None = None) -> str:
    """The Markdown table: analysis, data, metric, figure, target, command."""
    rows = read_spec() if rows is None else rows
    lines = ["| analysis | data (held out) | metric | figure | target | command |", "|---|---|---|---|---|---|"]
    for row in rows:
        figures = _figures(row)
        values = [f.value() for f in figures]
        shown = row.get("shown", " / ".join("{%d}" % i for i in range(len(figures))))
        text = shown.format(*(f.shown() for f in figures))
        lines.append(f"| {row['analysis']} | {row['data']} | {row['metric']} | **{text}** | {_target(row, values)} | "
                     f"`{row['command']}` |")
    return "\n".join(lines)


def block(rows: list[dict] | None = None) -> str:
    return f"{START}\n{table(rows)}\n{END}"


def page_with_table(text: str, made: str) -> str:
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError("the page has no results-table markers")
    return text[:start] + made + text[end + len(END):]


def refresh(rows: list[dict], log=print) -> None:
    """Run each row's ``refresh`` command (its evaluation with ``--json``) and keep the output as its score file."""
    for row in rows:
        command = row.get("refresh")
        if not command:
            continue
        target = MODELS / row["figures"][0]["file"]
        log(f"{row['analysis']}: {command}")
        done = subprocess.run([sys.executable, "-m", "presslens", *shlex.split(command), "--json"], cwd=ROOT,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{command}: exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}")
        json.loads(done.stdout)   # a score file is JSON, or nothing is written
        target.write_text(done.stdout if done.stdout.endswith("\n") else done.stdout + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rows = read_spec()
    if "--refresh" in argv:
        named = [a for a in argv[argv.index("--refresh") + 1:] if not a.startswith("--")]
        unknown = set(named) - {row["analysis"] for row in rows}
        if unknown:
            raise ValueError(f"no row of analysis {', '.join(sorted(unknown))} (the analyses: "
                             f"{', '.join(dict.fromkeys(row['analysis'] for row in rows))})")
        refresh([row for row in rows if not named or row["analysis"] in named])
    made = block(rows)
    stale = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        new = page_with_table(text, made)
        if new != text:
            stale.append(page)
            if "--check" not in argv:
                page.write_text(new, encoding="utf-8")
    if "--check" in argv and stale:
        print("results table out of date in: " + ", ".join(str(p.relative_to(ROOT)) for p in stale)
              + " (run `python -m presslens.lab.evaluation.results_table`)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except (OSError, ValueError, KeyError) as exc:   # a missing score file or path, a page without its markers
        raise SystemExit(f"results table: {exc}") from None
