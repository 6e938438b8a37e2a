"""The HTTP API: ``POST /v1/analyze``, ``GET /v1/schema``, ``GET /v1/health``."""
from __future__ import annotations

from typing import Literal, Optional, Union

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ..errors import FetchError, PresslensError
from ..report import report_schema
from . import run_analysis
from .safety import check_public_url

router = APIRouter(prefix="/v1", tags=["api"])


class AnalyzeRequest(BaseModel):
    text: Optional[str] = Field(None, description="article text (one of text, html, url)")
    html: Optional[str] = Field(None, description="an HTML page or fragment")
    url: Optional[str] = Field(None, description="only when the server runs with --allow-fetch; private addresses are refused")
    only: Optional[Union[list[str], str]] = Field(None, description="run only these analyses (and what they need)")
    skip: Optional[Union[list[str], str]] = Field(None, description="do not run these analyses")
    format: Literal["json", "html"] = Field("json", description="json: the report contract; html: the report page")
    taxonomy: Literal["presslens", "ptc2020"] = "presslens"
    save: bool = Field(False, description="also keep the report in the server's history")


def _report_schema() -> dict:
    schema = report_schema()
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema


_ERROR = {"type": "object", "required": ["error", "reason"],
          "properties": {"error": {"type": "string"}, "reason": {"type": "string"}}}
_RESPONSES = {
    200: {"description": "the report", "content": {"application/json": {"schema": _report_schema()},
                                                   "text/html": {"schema": {"type": "string"}}}},
    400: {"description": "unusable input (empty, binary, no article, unknown analysis)",
          "content": {"application/json": {"schema": _ERROR}}},
    403: {"description": "URL fetching is disabled", "content": {"application/json": {"schema": _ERROR}}},
    413: {"description": "too large: the body is over --max-body bytes, or the article over --max-words words "
                         "(error `too_large`)", "content": {"application/json": {"schema": _ERROR}}},
    422: {"description": "malformed request (not JSON, or not exactly one of text, html, url)",
          "content": {"application/json": {"schema": _ERROR}}},
    500: {"description": "the analysis stopped its worker process (a new one is started)",
          "content": {"application/json": {"schema": _ERROR}}},
    503: {"description": "over budget: the analysis ran past --analysis-timeout seconds (error `timeout`; its "
                         "worker is recycled), or no worker was free in time (error `unavailable`)",
          "content": {"application/json": {"schema": _ERROR}}},
}
_STATUS_OF_ERROR = {"too_large": 413, "internal": 500, "damaged": 500, "timeout": 503, "unavailable": 503}


def _request_schema() -> dict:
    schema = AnalyzeRequest.model_json_schema()
    # exactly one source; the models cannot say this, the schema can
    schema["oneOf"] = [{"required": ["text"]}, {"required": ["html"]}, {"required": ["url"]}]
    for name in ("text", "html", "url"):
        schema["properties"][name] = {"type": "string", "minLength": 1,
                                      "description": schema["properties"][name].get("description", "")}
    return schema


def error_response(exc: PresslensError, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": exc.code, "reason": exc.reason}, status_code=status)


@router.post("/analyze", responses=_RESPONSES, response_model=None,
             openapi_extra={"requestBody": {"content": {
                 "application/json": {"schema": _request_schema()},
                 "text/plain": {"schema": {"type": "string"}},
                 "text/html": {"schema": {"type": "string"}}}, "required": True}})
async def analyze(request: Request) -> Union[JSONResponse, HTMLResponse]:
    """Analyse one article: a JSON body (`text`, `html` or `url`, plus options), or a raw text/plain or
    text/html body with the options as query parameters."""
    config = request.app.state.config
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if content_type in ("text/plain", "text/html"):
            params = request.query_params
            body = AnalyzeRequest(**{"text" if content_type == "text/plain" else "html":
                                     (await request.body()).decode("utf-8", errors="replace"),
                                     **{k: params[k] for k in ("only", "skip", "format", "taxonomy") if k in params}})
        else:
            body = AnalyzeRequest.model_validate_json(await request.body() or b"{}")
    except ValueError as exc:
        return JSONResponse({"error": "invalid_request", "reason": str(exc).splitlines()[0]}, status_code=422)
    given = [name for name in ("text", "html", "url") if getattr(body, name) is not None]
    if len(given) != 1:
        return JSONResponse({"error": "invalid_request", "reason": "give exactly one of text, html or url"},
                            status_code=422)
    try:
        if body.url is not None:
            if not config.allow_fetch:
                return error_response(FetchError("this server does not fetch URLs (start it with --allow-fetch)"), 403)
            await run_in_threadpool(check_public_url, body.url)
            source, kind = body.url, "url"
        else:
            source, kind = (body.text, "text") if body.text is not None else (body.html, "html")
        report = await run_in_threadpool(run_analysis, request.app, source, kind=kind, only=body.only, skip=body.skip,
                                         taxonomy=body.taxonomy)
    except PresslensError as exc:
        return error_response(exc, _STATUS_OF_ERROR.get(exc.code, 400))
    if body.save:
        request.app.state.history.add(report.to_dict(), report.render("html"))
    if body.format == "html":
        return HTMLResponse(report.render("html"))
    return JSONResponse(report.to_dict())


@router.get("/schema", responses={200: {"description": "JSON Schema of the report", "content": {"application/json": {}}}})
async def schema() -> JSONResponse:
    """The JSON Schema of the report (schema version 1)."""
    return JSONResponse(report_schema())


@router.get("/health")
async def health(request: Request) -> dict:
    """Liveness, version, the analyses this server runs, its budgets and its workers (alive, idle, recycled)."""
    from .. import __version__, analyzers

    config, workers = request.app.state.config, request.app.state.analyses
    return {"status": "ok", "version": __version__, "analyses": analyzers.all_names(),
            "fetch": config.allow_fetch, "workers": workers.workers,
            "budget": {"analysis_timeout_s": config.analysis_timeout_s, "max_words": config.max_words,
                       "max_body_bytes": config.max_body_bytes},
            "worker_status": workers.status()}
