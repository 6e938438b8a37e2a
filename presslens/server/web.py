"""The web app: paste or upload an article, read its report, search the history.

Every page has a JSON twin (``/articles.json``, ``/articles/{id}.json``), as
in Datasette. Pages load nothing from outside and run no script; everything
that came from an article or a query is escaped.
"""
from __future__ import annotations

import datetime
from html import escape
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from ..errors import PresslensError
from . import run_analysis

router = APIRouter(include_in_schema=False)

_CSS = """body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f5f1;color:#1d1d1b}
main{max-width:52rem;margin:0 auto;padding:1.5rem;background:#fff;min-height:100vh}
h1{margin:.2rem 0 1rem}textarea{width:100%;min-height:16rem;font:14px/1.4 ui-monospace,monospace}
button{font:inherit;padding:.4rem 1rem}.error{background:#fde2e1;border:1px solid #e08a85;padding:.6rem}
li{margin:.4rem 0}.meta{color:#666;font-size:13px}fieldset{border:1px solid #ddd;margin:1rem 0}"""


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)} — presslens</title>
<style>{_CSS}</style></head><body><main>{body}</main></body></html>""", status_code=status)


def _history_list(items: list[dict], query: str = "") -> str:
    if not items:
        return f'<p class="meta">{"No article matches." if query else "Nothing analysed yet."}</p>'
    rows = "".join(
        f'<li><a href="/articles/{item["id"]}">{escape(item["title"])}</a> '
        f'<span class="meta">{datetime.datetime.fromtimestamp(item["created"]):%Y-%m-%d %H:%M} · '
        f'<a href="/articles/{item["id"]}.json">json</a></span><br><span class="meta">{escape(item["excerpt"])}…</span></li>'
        for item in items)
    return f"<ol>{rows}</ol>"


def _search_form(query: str) -> str:
    return (f'<form method="get" action="/articles" role="search"><input type="search" name="q" value="{escape(query)}" '
            'placeholder="search titles and text" aria-label="search"> <button>Search</button></form>')


@router.get("/", response_class=HTMLResponse)
async def index(request: Request, error: str = "") -> HTMLResponse:
    recent = request.app.state.history.search(limit=10)
    message = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    return _page("presslens", f"""<h1>presslens</h1>
<p>Paste a news article (text or HTML) or upload a file: presslens marks its persuasion techniques, genre, frames,
named entities and the parts that are not article body.</p>{message}
<form method="post" action="/analyze" enctype="multipart/form-data">
<textarea name="text" aria-label="article" placeholder="Paste the article here"></textarea>
<fieldset><legend>or upload a .txt or .html file</legend><input type="file" name="file" accept=".txt,.html,.htm,text/plain,text/html"></fieldset>
<button type="submit">Analyse</button></form>
<h2>History</h2>{_search_form("")}{_history_list(recent)}
<p class="meta"><a href="/articles.json">this list as JSON</a> · <a href="/docs">API</a></p>""")


@router.post("/analyze")
async def analyze_form(request: Request):
    form = await request.form()
    upload = form.get("file")
    text, kind = str(form.get("text") or ""), "auto"
    if upload is not None and getattr(upload, "filename", ""):
        data = await upload.read()
        text = data.decode("utf-8", errors="replace")
        kind = "html" if upload.filename.lower().endswith((".html", ".htm")) else "auto"
    if not text.strip():
        return RedirectResponse("/?error=" + quote("Paste an article or choose a file first."), status_code=303)
    try:
        report = await run_in_threadpool(run_analysis, request.app, text, kind=kind)
    except PresslensError as exc:
        return RedirectResponse("/?error=" + quote(f"Could not analyse this input: {exc.reason}"), status_code=303)
    article_id = request.app.state.history.add(report.to_dict(), report.render("html"))
    return RedirectResponse(f"/articles/{article_id}", status_code=303)


@router.get("/articles", response_class=HTMLResponse)
async def articles(request: Request, q: str = "") -> HTMLResponse:
    items = request.app.state.history.search(q, limit=100)
    heading = f"Articles matching “{escape(q)}”" if q else "All articles"
    return _page("history", f"""<p><a href="/">← presslens</a></p><h1>{heading}</h1>{_search_form(q)}
{_history_list(items, q)}<p class="meta"><a href="/articles.json?q={quote(q)}">this list as JSON</a></p>""")


@router.get("/articles.json")
async def articles_json(request: Request, q: str = "") -> JSONResponse:
    return JSONResponse({"query": q, "articles": request.app.state.history.search(q, limit=100)})


@router.get("/articles/{article_id}.json")
async def article_json(request: Request, article_id: int) -> JSONResponse:
    report = request.app.state.history.report(article_id)
    if report is None:
        return JSONResponse({"error": "not_found", "reason": f"no article {article_id}"}, status_code=404)
    return JSONResponse(report)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: int) -> HTMLResponse:
    page = request.app.state.history.page(article_id)
    if page is None:
        return _page("not found", f'<p><a href="/">← presslens</a></p><h1>No article {article_id}</h1>', 404)
    return HTMLResponse(page)
