"""Errors that users can act on, each with a documented exit code.

Every error raised for bad input is a :class:`PresslensError`; the CLI prints
its one-line message (naming the input and the reason) and exits with its
``exit_code``. Anything else reaching the CLI is a bug.
"""
from __future__ import annotations


class PresslensError(Exception):
    """Base class. ``source`` names the input the error is about."""

    exit_code = 1
    code = "error"

    def __init__(self, reason: str, source: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.source = source

    def __reduce__(self):  # keeps ``source`` when a worker process sends the error back
        return type(self), (self.reason, self.source)

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}" if self.source else self.reason

    def to_dict(self) -> dict:
        return {"error": self.code, "input": self.source, "reason": self.reason}


class UsageError(PresslensError):
    """Bad options (unknown analysis name, conflicting flags)."""

    exit_code = 2
    code = "usage"


class InputNotFound(PresslensError):
    """A path that does not exist or cannot be read."""

    exit_code = 3
    code = "unreadable"


class EmptyInput(PresslensError):
    exit_code = 4
    code = "empty"


class BinaryInput(PresslensError):
    """Bytes that are not text in any encoding we can detect."""

    exit_code = 5
    code = "binary"


class InputTooLarge(PresslensError):
    """Over the size limit in bytes (``--max-bytes``) or words (``--max-words``)."""

    exit_code = 6
    code = "too_large"


class NoArticleBody(PresslensError):
    """HTML from which no article text could be extracted."""

    exit_code = 7
    code = "no_body"


class InvalidRecord(PresslensError):
    """A JSONL line that is not a valid record."""

    exit_code = 8
    code = "invalid_record"


class FetchError(PresslensError):
    """A URL that could not be fetched (offline, refused, HTTP error)."""

    exit_code = 9
    code = "fetch_failed"


class ModelMissing(PresslensError):
    """A trained model's files are not where the package expects them."""

    exit_code = 11
    code = "model_missing"


class AnalysisTimeout(PresslensError):
    """An analysis that ran past its time budget (``--timeout``; the server's ``--analysis-timeout``)."""

    exit_code = 12
    code = "timeout"


# Exit code used when some records of a multi-input run failed but others succeeded.
PARTIAL_FAILURE_EXIT = 10

EXIT_CODES = {
    0: "success",
    1: "unexpected error (a bug: please report it)",
    UsageError.exit_code: "usage error (unknown option or analysis name)",
    InputNotFound.exit_code: "input not found or unreadable (or output file not writable)",
    EmptyInput.exit_code: "input is empty (no text)",
    BinaryInput.exit_code: "input is binary, not text",
    InputTooLarge.exit_code: "input exceeds the size limit (--max-bytes, --max-words)",
    NoArticleBody.exit_code: "HTML page with no article body",
    InvalidRecord.exit_code: "invalid JSONL record",
    FetchError.exit_code: "URL could not be fetched",
    PARTIAL_FAILURE_EXIT: "some inputs failed, the others were analysed (see error objects)",
    ModelMissing.exit_code: "a model's files are missing or do not fit together (rebuild with `presslens train`)",
    AnalysisTimeout.exit_code: "the analysis ran past its time budget (--timeout)",
}
