"""``presslens serve``: the HTTP API (``/v1``) and the web app (``/``), one FastAPI application.

Models are loaded once at start-up, in the server's worker processes
(:mod:`.workers`), each analysis within a budget of words and time; requests
wait for them off the event loop, so it stays free for other requests.
"""
from __future__ import annotations

from contextlib import asynccontextmanager

from .config import ServerConfig
from .workers import AnalysisWorkers


def run_analysis(app, source: str, *, kind: str, only=None, skip=None, taxonomy="presslens"):
    """Analyse ``source`` for a request of ``app`` (blocking: call it from a worker thread).

    ``kind`` is "text", "html" or "url": a request's text is never taken for
    a file path or a URL (``presslens.analyze`` would sniff both).
    """
    from ..budget import count_words
    from ..ingest.sources import RawInput, check_size, open_url

    config: ServerConfig = app.state.config
    if kind == "url":
        raw = open_url(source, fetch=True, max_bytes=config.max_body_bytes)
    else:
        check_size(len(source.encode("utf-8")), config.max_body_bytes, "request")
        if kind == "text":  # refused here, before a worker is taken; HTML is counted once extracted
            app.state.analyses.budget.check_words(count_words(source), "request")
        raw = RawInput(id="request", data=source, kind=kind)
    report = app.state.analyses.run(raw, only=only, skip=skip)
    report.taxonomy = taxonomy
    return report


def create_app(config: ServerConfig = ServerConfig()):
    from fastapi import FastAPI

    from .. import __version__
    from ..budget import Budget
    from .api import router as api_router
    from .history import History
    from .safety import BodySizeLimit
    from .web import router as web_router
    from ..report.interactive import CSP

    @asynccontextmanager
    async def lifespan(app):
        from starlette.concurrency import run_in_threadpool

        # load spaCy and the ONNX models (in every worker) before the first request, not during it
        await run_in_threadpool(app.state.analyses.start)
        yield
        app.state.analyses.close()

    app = FastAPI(title="presslens", version=__version__, lifespan=lifespan,
                  description="How a news article argues: persuasion techniques, genre, frames, entities and "
                              "non-body regions, every finding with exact character offsets into `text`.")
    app.state.config = config
    app.state.analyses = AnalysisWorkers(config.workers, config.evidence_path,
                                         Budget(config.max_words, config.analysis_timeout_s), config.worker_max_mb)
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
