"""``presslens serve``: the HTTP API (``/v1``) and the web app (``/``), one FastAPI application.

Models are loaded once at start-up; analyses run in a worker thread, one at a
time (spaCy pipelines are not meant to be shared across threads, and ONNX
Runtime already uses every core), so the event loop stays free for other
requests.
"""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager

from .config import ServerConfig

_analysis_lock = threading.Lock()


def run_analysis(config: ServerConfig, source: str, *, kind: str, only=None, skip=None, taxonomy="presslens"):
    """Analyse in the calling (worker) thread, one analysis at a time.

    ``kind`` is "text", "html" or "url": a request's text is never taken for
    a file path or a URL (``presslens.analyze`` would sniff both).
    """
    from ..ingest.sources import RawInput, check_size, open_url
    from ..pipeline import analyze_raw

    if kind == "url":
        raw = open_url(source, fetch=True, max_bytes=config.max_body_bytes)
    else:
        check_size(len(source.encode("utf-8")), config.max_body_bytes, "request")
        raw = RawInput(id="request", data=source, kind=kind)
    with _analysis_lock:
        report = analyze_raw(raw, only=only, skip=skip, options=_options(config))
    report.taxonomy = taxonomy
    return report


_evidence_indexes: dict = {}


def _options(config: ServerConfig) -> dict:
    """Analysis options of the server: its evidence index, opened once and shared by requests."""
    if config.evidence_path is None:
        return {}
    if config.evidence_path not in _evidence_indexes:
        from ..pipeline import evidence_options

        _evidence_indexes[config.evidence_path] = evidence_options(config.evidence_path)
    return _evidence_indexes[config.evidence_path]


def create_app(config: ServerConfig = ServerConfig()):
    from fastapi import FastAPI

    from .. import __version__
    from .api import router as api_router
    from .history import History
    from .safety import BodySizeLimit
    from .web import router as web_router
    from ..report.interactive import CSP

    @asynccontextmanager
    async def lifespan(app):
        from starlette.concurrency import run_in_threadpool

        # load spaCy and the ONNX models before the first request, not during it
        await run_in_threadpool(run_analysis, config, "Warm-up text for presslens.", kind="text")
        yield

    app = FastAPI(title="presslens", version=__version__, lifespan=lifespan,
                  description="How a news article argues: persuasion techniques, genre, frames, entities and "
                              "non-body regions, every finding with exact character offsets into `text`.")
    app.state.config = config
    app.state.history = History(config.history_path)
    app.include_router(api_router)
    app.include_router(web_router)
    app.add_middleware(BodySizeLimit, limit=config.max_body_bytes)

    @app.middleware("http")
    async def security_headers(request, call_next):
        response = await call_next(request)
        if not request.url.path.startswith(("/docs", "/redoc")):  # the API docs page loads its own scripts
            response.headers.setdefault("Content-Security-Policy", CSP)  # only the report page's own script may run
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    return app


__all__ = ["ServerConfig", "create_app", "run_analysis"]
