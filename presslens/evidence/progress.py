"""A progress bar for indexing, over input bytes, on stderr (or nothing)."""
from __future__ import annotations


class IndexingProgress:
    def __init__(self, enabled: bool, total: int | None):
        self.enabled = enabled
        self.total = total or None  # None: rich shows a pulsing bar
        self._progress = None
        self._task = None

    def __enter__(self) -> "IndexingProgress":
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self._progress = Progress(TextColumn("indexing"), BarColumn(), TextColumn("{task.description}"),
                                      TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                                      transient=True)
            self._progress.start()
            self._task = self._progress.add_task("0 documents", total=self.total)
        return self

    def advance(self, size: int, documents: int, sentences: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=size, description=f"{documents} documents, {sentences} sentences")

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()
