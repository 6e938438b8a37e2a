"""The web app in a real headless Chromium (Debian's), driven by Playwright: paste, read, and no XSS."""
import os
import shutil
from pathlib import Path

import pytest

from test_server import Server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason="Debian's chromium is not installed (make test installs it where apt-get can)")

XSS_ARTICLE = """The council's <script>window.pwned = 1; document.title = "pwned"</script> shameful, reckless plan

These corrupt bureaucrats <img src=x onerror="window.pwned = 2"> want to destroy our beautiful city.
Read <a href="javascript:window.pwned=3">the truth</a> and "><svg onload=window.pwned=4> before it is too late.
Can we really trust a council that has been wrong every single time? They are lying to you.
"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("browser"))
    yield s
    s.stop()


def test_paste_an_article_and_read_its_report(browser, server):
    page = browser.new_page()
    page.goto(server.url + "/")
    page.fill("textarea[name=text]", (Path(__file__).parent.parent / "presslens/examples/opinion.txt").read_text())
    page.click("button[type=submit]")
    page.wait_for_url("**/articles/*")
    assert "Green Line" in page.title()
    spans = page.locator("article .tq")
    assert spans.count() >= 5  # technique spans highlighted in the article
    from presslens.techniques import load_model

    threshold = load_model().calibration.threshold   # the page opens at the display threshold, hiding the weakest
    assert float(page.input_value("#tq-min")) >= threshold and float(page.input_value("#tq-min")) < threshold + 0.1
    opening = float(page.input_value("#tq-min"))
    for el in spans.all():
        weakest = all(float(x) < opening for x in el.get_attribute("data-s").split())
        assert ("tq-off" in el.get_attribute("class")) == weakest
    first = page.locator("article .tq:not(.tq-off)").first
    first.hover()
    explanation = first.get_attribute("title")
    assert explanation and ":" in explanation  # "Loaded language (0.62): Emotionally charged wording ..."
    # the frames section is there (the transit column has no frame over the threshold: it says so)
    assert page.locator("section.frames").count() == 1 and "Genre:" in page.inner_text("section.genre")

    first.click()  # click a span: its technique, confidence and explanation appear
    detail = page.locator("#tq-detail")
    assert detail.is_visible() and detail.inner_text() == explanation.replace("\r", "")

    technique = first.get_attribute("data-t").split()[0]
    page.uncheck(f"input[data-filter='{technique}']")  # filter a technique out
    for el in page.locator(f"article .tq[data-t='{technique}']").all():
        assert "tq-off" in el.get_attribute("class")
    assert page.locator(f"tr[data-t='{technique}']").first.is_hidden()
    page.check(f"input[data-filter='{technique}']")
    assert page.locator(f"article .tq[data-t='{technique}']:not(.tq-off)").count() >= 1

    page.fill("#tq-min", "1")  # a confidence threshold above every score hides them all
    page.dispatch_event("#tq-min", "input")
    assert page.locator("article .tq:not(.tq-off)").count() == 0 and page.inner_text("#tq-min-value") == "1.00"
    page.fill("#tq-min", "0")
    page.dispatch_event("#tq-min", "input")
    assert page.locator("article .tq.tq-off").count() == 0   # at 0 every span shows

    actor = page.locator("section.actors button[data-actor]").first   # the web app's page has the actors panel
    actor.click()
    assert actor.get_attribute("aria-pressed") == "true" and page.locator("article .actor-hit").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-page.png"), full_page=True)


def test_article_text_cannot_run_script(browser, server):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server.url + "/")
    page.fill("textarea[name=text]", XSS_ARTICLE)
    page.click("button[type=submit]")
    page.wait_for_url("**/articles/*")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.title() != "pwned" and not dialogs
    body = page.inner_text("article")
    assert "<script>window.pwned = 1" in body and "onerror=" in body  # shown as text, not run
    assert page.locator("article script, article img, article svg, article a[href^='javascript']").count() == 0
    for link in page.locator("a").all():  # clicking every link executes nothing either
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith("javascript")
    page.goto(server.url + "/articles?q=%3Cscript%3Ewindow.pwned%3D5%3C%2Fscript%3E")
    assert page.evaluate("typeof window.pwned") == "undefined"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "xss-search.png"))


def test_claim_cards_with_verdicts_and_hostile_evidence(browser, tmp_path):
    import json
    import subprocess
    import sys

    examples = Path(__file__).parent.parent / "presslens/examples"
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text(json.dumps({"id": "hostile", "source": "<img src=x onerror=\"window.pwned=6\">",
                                   "text": "The Harrowmere bypass <script>window.pwned=7</script> cost £40 million "
                                           "when it opened in 2021."}) + "\n", encoding="utf-8")
    db = tmp_path / "evidence.db"
    added = subprocess.run([sys.executable, "-m", "presslens", "evidence", "add", str(examples / "evidence"), str(hostile),
                            "--db", str(db)], capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    s = Server(tmp_path, "--evidence", str(db))
    try:
        page = browser.new_page()
        page.goto(s.url + "/")
        text = (examples / "claims.txt").read_text(encoding="utf-8")
        text += "\n\nThe Harrowmere bypass cost £52 million when it opened in 2021, the council admitted.\n"
        page.fill("textarea[name=text]", text)
        page.click("button[type=submit]")
        page.wait_for_url("**/articles/*")
        cards = page.locator("aside.claim-card")
        assert cards.count() >= 10
        assert page.locator("aside.claim-card.v-supported").count() >= 3
        assert page.locator("aside.claim-card.v-contradicted").count() >= 2
        page.click("section.claims a >> nth=1")  # the summary links to the cards under their paragraphs
        assert "claim 2" in page.inner_text("aside.claim-card >> nth=1")
        bypass = page.locator("aside.claim-card", has_text="Harrowmere bypass")
        assert "contradicted" in bypass.inner_text().lower() and "<script>window.pwned=7</script>" in bypass.inner_text()
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.locator("aside.claim-card script, aside.claim-card img").count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "claim-cards.png"), full_page=True)
    finally:
        s.stop()


def test_actors_panel_highlights_mentions(browser, tmp_path):
    import json
    import subprocess
    import sys

    example = Path(__file__).parent.parent / "presslens/examples/opinion.html"
    for fmt in ("json", "html"):
        done = subprocess.run([sys.executable, "-m", "presslens", "analyze", str(example), "--format", fmt,
                               "--output", str(tmp_path / f"report.{fmt}")], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    actors = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["actors"]
    assert actors
    page = browser.new_page()
    page.goto((tmp_path / "report.html").as_uri())
    rows = page.locator("section.actors button[data-actor]")
    assert rows.count() == len(actors) and rows.first.get_attribute("data-actor") == actors[0]["id"]

    def hit_texts(selector):  # a mention cut by a technique boundary is several pieces, in text order
        return page.locator(f"article {selector}.actor-hit").all_inner_texts()

    rows.first.click()
    expected = [m["text"] for m in sorted(actors[0]["mentions"], key=lambda m: m["start"])]
    assert "".join(hit_texts(".actor-mention")) == "".join(expected)
    assert len(hit_texts(".actor-mention")) >= len(expected)
    for el in page.locator("article .actor-hit").all():
        ids = (el.get_attribute("data-actor") or el.get_attribute("data-actors")).split()
        assert actors[0]["id"] in ids
    assert rows.first.get_attribute("aria-pressed") == "true"

    rows.first.click()  # clicking again clears
    assert page.locator(".actor-hit").count() == 0 and rows.first.get_attribute("aria-pressed") == "false"

    rows.first.click()
    targeted = next((k for k, a in enumerate(actors) if a["techniques"] and k > 0), len(actors) - 1)
    rows.nth(targeted).click()  # another actor replaces the highlight, with its technique spans too
    other = actors[targeted]
    assert "".join(hit_texts(".actor-mention")) == "".join(
        m["text"] for m in sorted(other["mentions"], key=lambda m: m["start"]))
    if other["techniques"]:
        assert len(hit_texts(".tq")) >= 1
    for el in page.locator("article .actor-hit").all():
        assert other["id"] in (el.get_attribute("data-actor") or el.get_attribute("data-actors")).split()
    assert rows.first.get_attribute("aria-pressed") == "false"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "actors-panel.png"), full_page=True)


def test_clicking_a_narrative_lights_up_its_paragraphs(browser, tmp_path):
    import json
    import subprocess
    import sys

    example = Path(__file__).parent.parent / "presslens/examples/sanctions_opinion.txt"
    for fmt in ("json", "html"):
        done = subprocess.run([sys.executable, "-m", "presslens", "analyze", str(example), "--only", "narratives",
                               "--format", fmt, "--output", str(tmp_path / f"report.{fmt}")], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    first = report["narratives"][0]
    assert first["narrative"] != "Other" and first["evidence"]
    page = browser.new_page()
    page.goto((tmp_path / "report.html").as_uri())
    button = page.locator("section.narratives button[data-paragraphs]").first
    button.click()
    lit = page.locator("article p.narrative-hit")
    assert sorted(int(p.get_attribute("data-start")) for p in lit.all()) == sorted(e["start"] for e in first["evidence"])
    assert [t.strip() for t in lit.all_inner_texts()] == [report["text"][e["start"]:e["end"]].strip()
                                                         for e in sorted(first["evidence"], key=lambda e: e["start"])]
    assert button.get_attribute("aria-pressed") == "true"
    button.click()   # clicking again clears
    assert page.locator("article .narrative-hit").count() == 0 and button.get_attribute("aria-pressed") == "false"


def test_the_report_opens_with_the_article_and_its_layers_toggle(browser, tmp_path):
    import subprocess
    import sys

    example = Path(__file__).parent.parent / "presslens/examples/opinion.html"
    done = subprocess.run([sys.executable, "-m", "presslens", "analyze", str(example), "--format", "html",
                           "--output", str(tmp_path / "report.html")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((tmp_path / "report.html").as_uri())
    # the first screen is the article, its highlights and the layer bar; the tables come after it
    article = page.locator("article").bounding_box()
    assert article["y"] < 450 and page.locator("nav.layers").bounding_box()["y"] < article["y"]
    assert page.locator("section.techniques").bounding_box()["y"] > article["y"] + article["height"]
    assert page.locator("section.claims").bounding_box()["y"] > article["y"] + article["height"]

    def style(selector, prop):
        return page.locator(selector).first.evaluate(f"e => getComputedStyle(e).{prop}")

    technique = "article .tq:not(.tq-off)"
    assert style(technique, "backgroundColor") != "rgba(0, 0, 0, 0)"
    page.uncheck("#layer-techniques")   # a layer off: its highlights go, the text stays
    assert style(technique, "backgroundColor") == "rgba(0, 0, 0, 0)"
    page.check("#layer-techniques")

    assert page.locator("article .region.appeal").is_visible()
    page.uncheck("#layer-furniture")   # what was set apart can be hidden for a clean read
    assert page.locator("article .region.appeal").is_hidden()
    page.check("#layer-furniture")

    mention = "article .actor-mention"   # actors and names are off when the page opens
    assert style(mention, "borderBottomStyle") == "none" and style("article mark", "borderBottomStyle") == "none"
    page.check("#layer-actors")
    page.check("#layer-entities")
    assert style(mention, "borderBottomStyle") == "solid" and style("article mark.PERSON", "borderBottomStyle") == "solid"
    cast = page.locator("article .actor-mention.r-protagonist, article .actor-mention.r-antagonist, "
                        "article .actor-mention.r-innocent")
    if cast.count():   # a mention of an actor cast in a role is underlined in that role's colour
        assert cast.first.evaluate("e => getComputedStyle(e).borderBottomColor") != style(
            "article .actor-mention:not(.r-protagonist):not(.r-antagonist):not(.r-innocent)", "borderBottomColor")
    page.uncheck("#layer-entities")
    assert "person" in page.inner_text("section.names") and "GPE" not in page.inner_text("section.names")

    # the side panel shows the finding clicked: a claim's card, a set-apart part's kind, an actor's role
    claim = page.locator("article span.cl").filter(has_not=page.locator(".tq, .actor-mention")).first
    claim.click()
    panel = page.locator("#tq-detail")
    assert panel.is_visible() and page.locator("#tq-detail .claim-card").count() == 1
    assert "claim " in panel.inner_text() and "check-worthiness" in panel.inner_text()
    page.locator("article .region.appeal").click()
    assert panel.inner_text().startswith("set apart: appeal")
    page.locator("article .actor-mention").first.click()
    assert any(word in panel.inner_text() for word in ("organisation", "person", "place", "group"))
    page.uncheck("#layer-actors")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-first-screen.png"))

    page.set_viewport_size({"width": 420, "height": 800})   # a phone: the panel sits over the text, a tap closes it
    claim.click()
    assert panel.is_visible() and panel.evaluate("e => getComputedStyle(e).position") == "fixed"
    panel.click()
    assert panel.is_hidden()
