"""Parquet output written in parts, each committed by a manifest: a crash loses at most the part in flight.

    OUT/articles/part-00000.parquet   OUT/spans/part-00000.parquet   OUT/errors/part-00000.parquet
    OUT/_parts/part-00000.json        the keys of the inputs in that part: written last, atomically

A part without its manifest is an interrupted write: it is deleted when the
run starts again, and its inputs are analysed again. Inputs listed in a
manifest are never analysed twice, so a restarted run ends with every input
exactly once.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .rows import ARTICLES, ERRORS, SPANS

TABLES = {"articles": ARTICLES, "spans": SPANS, "errors": ERRORS}


class PartWriter:
    def __init__(self, out: Path):
        self.out = Path(out)
        for name in (*TABLES, "_parts"):
            (self.out / name).mkdir(parents=True, exist_ok=True)
        self.done: set[str] = set()
        numbers = []
        for manifest in sorted((self.out / "_parts").glob("part-*.json")):
            self.done.update(json.loads(manifest.read_text())["inputs"])
            numbers.append(int(manifest.stem.split("-")[1]))
        committed = {f"part-{n:05d}" for n in numbers}
        for name in TABLES:  # leftovers of an interrupted part
            for file in (self.out / name).glob("*.parquet*"):
                if file.name.split(".")[0] not in committed:
                    file.unlink()
        self.next_part = max(numbers, default=-1) + 1

    def write(self, keys: list[str], articles: list[dict], spans: list[dict], errors: list[dict]) -> None:
        name = f"part-{self.next_part:05d}"
        for table, rows in (("articles", articles), ("spans", spans), ("errors", errors)):
            target = self.out / table / f"{name}.parquet"
            pq.write_table(pa.Table.from_pylist(rows, schema=TABLES[table]), str(target) + ".tmp")
            os.replace(str(target) + ".tmp", target)
        manifest = self.out / "_parts" / f"{name}.json"
        manifest.with_suffix(".tmp").write_text(json.dumps({"inputs": keys}))
        os.replace(manifest.with_suffix(".tmp"), manifest)  # the commit point
        self.done.update(keys)
        self.next_part += 1
