"""What one analysis may cost: a word limit and a time limit (``--max-words``, ``--timeout``).

The word limit is checked on the document's text once it is ingested (for
HTML, the extracted article), before any analysis runs. The time limit covers
the whole analysis, ingestion included, and is kept in two ways:

* in a process's main thread (the CLI, ``presslens batch`` workers, the
  server's analysis workers), a timer signal (``SIGALRM``) interrupts the
  analysis wherever its Python code is, HTML extraction and regex cues
  included;
* elsewhere (a library call from a thread, Dask's worker threads), the
  analysis checks its deadline between analyses and between the windows of its
  long loops (encoder windows, spaCy batches, claim sentences), so it stops
  within about one window's work of the deadline.

Either way the analysis stops with :class:`~presslens.errors.AnalysisTimeout`:
the input is reported as over budget, nothing else is lost.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from .errors import AnalysisTimeout, InputTooLarge

_local = threading.local()  # the deadline of the analysis running in this thread (cooperative checks)


@dataclass(frozen=True)
class Budget:
    """Limits of one analysis; ``None`` is no limit."""

    max_words: int | None = None
    timeout_s: float | None = None

    def check_words(self, words: int, label: str | None = None) -> None:
        if self.max_words and words > self.max_words:
            raise InputTooLarge(f"the article has {words:,} words, more than the limit of {self.max_words:,} "
                                "(--max-words)", label)

    @contextmanager
    def time_limit(self, label: str | None = None) -> Iterator[None]:
        """Run the body within ``timeout_s`` seconds, or raise :class:`AnalysisTimeout`."""
        if not self.timeout_s:
            yield
            return
        seconds = float(self.timeout_s)
        message = f"the analysis took longer than its time budget of {seconds:g} s (--timeout)"
        previous_deadline = getattr(_local, "deadline", None)
        _local.deadline = (time.monotonic() + seconds, message, label)
        use_signal = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
        if use_signal:
            def expired(signum, frame):
                raise AnalysisTimeout(message, label)

            previous_handler = signal.signal(signal.SIGALRM, expired)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            if use_signal:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous_handler)
            _local.deadline = previous_deadline


def check_deadline() -> None:
    """Raise :class:`AnalysisTimeout` when the analysis running in this thread is past its time budget
    (called between units of work; costs a clock read)."""
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and time.monotonic() > deadline[0]:
        raise AnalysisTimeout(deadline[1], deadline[2])


def count_words(text: str) -> int:
    """Words of a text: runs of non-space characters (the one rule behind every word count and limit)."""
    return len(text.split())


# Past this many characters a document's stages free hundreds of MB of temporaries (token lists, spaCy's
# objects, cue rows); below it handing pages back costs more than it saves.
LARGE_TEXT_CHARS = 200_000


def release_freed_memory(text_chars: int) -> None:
    """After a stage of a large document, hand the heap pages it freed back to the system (glibc's
    ``malloc_trim``; nothing elsewhere). glibc keeps them otherwise, so each stage's peak stacks on the
    last one's leftovers: 1 MB of one-line paragraphs peaked 60-80 MB higher without it."""
    trim = _malloc_trim()
    if text_chars >= LARGE_TEXT_CHARS and trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):   # not glibc (macOS, musl): nothing to trim this way
        return None
