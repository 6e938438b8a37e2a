"""``presslens train HEAD``: rebuild the shipped models (needs the ``train`` extra).

One command per head, each made from the head's spec (``presslens.lab.training.specs``): its data, output folder and
options, with their help and defaults; ``presslens train list`` prints what each head reads, how its data is split
and what scores it."""
from __future__ import annotations

import inspect
from pathlib import Path
from typing import Optional

import typer

from . import DATA_ROOT, app, print_specs, reported_errors
from ..lab.training.specs import HEADS, HeadSpec, command_line, table_rows, train_head

train_app = typer.Typer(help="Rebuild the shipped models from labelled data (needs the train extra: "
                        "`pip install -e '.\\[train]'`). `presslens train list`: what each head reads and what scores it.")
app.add_typer(train_app, name="train")


@train_app.command("list")
def list_heads(as_json: bool = typer.Option(False, "--json", help="Print the specs as JSON.")) -> None:
    """What each head reads, how its data is split, the figure that judges it and the command that measures it."""
    rows = [(head, takes, data, split, metric, scored_by) for head, data, split, metric, scored_by, takes in table_rows()]
    print_specs(("head", "takes", "data", "split", "metric", "scored_by"), rows, as_json)


def _parameter(name: str, default, flags: str, help: str, kind, minimum: Optional[int] = None) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind,
                             default=typer.Option(default, flags, help=help, min=minimum))


def _parameters(spec: HeadSpec) -> list[inspect.Parameter]:
    """The command's options: --data (unless the head reads none), --out (or the flag the spec names), then the
    spec's own."""
    parameters = []
    if spec.data is not None:
        default = DATA_ROOT / spec.data if spec.data else DATA_ROOT
        parameters.append(_parameter("data", default, "--data", spec.data_help or "The labelled data folder.", Path))
    parameters.append(_parameter("out", None if spec.out_when else Path(spec.out), spec.out_flag, spec.out_help,
                                 Optional[Path] if spec.out_when else Path))
    for option in spec.options:
        parameters.append(_parameter(option.name, option.default, option.option_flag, option.help, option.option_kind,
                                     option.minimum))
    return parameters


def _command(spec: HeadSpec):
    """The ``presslens train <spec.name>`` command: its signature made from the spec, so typer shows the spec's
    options with their help; a bad value or missing data is one line on stderr with its exit code."""
    def command(**values) -> None:
        data, out = values.pop("data", None), values.pop("out")
        with reported_errors():
            train_head(spec.name, data=data, out=out, log=typer.echo, command=command_line(), **values)

    parameters = _parameters(spec)
    command.__signature__ = inspect.Signature(parameters)
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    command.__doc__ = inspect.cleandoc(spec.doc)
    command.__name__ = "train_" + spec.name.replace("-", "_")
    return command


for _spec in HEADS:
    train_app.command(_spec.name)(_command(_spec))
