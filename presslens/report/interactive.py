"""The one script of the report page: technique filters, a confidence threshold, the side panel of the finding
clicked, actor and narrative highlights. (The layer toggles are CSS alone: they work without it.)

It is a constant (nothing from the article is ever written into it), and the
page's Content-Security-Policy allows exactly this script by its SHA-256, so
article text that smuggles in a ``<script>`` still cannot run. Without
scripts (a mail client, a strict viewer) the page reads the same, with
tooltips instead of the details box.
"""
from __future__ import annotations

import base64
import hashlib

SCRIPT = """(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  var range = document.getElementById("tq-min");
  var shown = document.getElementById("tq-min-value");
  if (!range) { return; }
  var segments = Array.prototype.slice.call(document.querySelectorAll("article .tq"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-t]"));
  function apply() {
    var enabled = {};
    boxes.forEach(function (box) { enabled[box.getAttribute("data-filter")] = box.checked; });
    var min = parseFloat(range.value);
    shown.textContent = min.toFixed(2);
    segments.forEach(function (el) {
      var ids = el.getAttribute("data-t").split(" ");
      var scores = el.getAttribute("data-s").split(" ").map(parseFloat);
      var on = ids.some(function (id, i) { return enabled[id] && scores[i] >= min; });
      el.classList.toggle("tq-off", !on);
    });
    rows.forEach(function (row) {
      row.hidden = !(enabled[row.getAttribute("data-t")] && parseFloat(row.getAttribute("data-s")) >= min);
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  range.addEventListener("input", apply);
  apply();  /* the threshold the page opens at */
})();
(function () {  /* the side panel: the innermost finding clicked, among the layers that are on */
  var detail = document.getElementById("tq-detail");
  var article = document.querySelector("article");
  if (!detail || !article) { return; }
  function layerOf(el) {
    if (el.classList.contains("tq")) { return el.classList.contains("tq-off") ? null : "techniques"; }
    if (el.classList.contains("cl")) { return "claims"; }
    if (el.classList.contains("actor-mention")) { return "actors"; }
    if (el.tagName === "MARK") { return "entities"; }
    if (el.classList.contains("region")) { return "furniture"; }
    if (el.classList.contains("narr")) { return "narratives"; }
    return null;
  }
  function on(layer) {
    var box = document.getElementById("layer-" + layer);
    return box !== null && box.checked;
  }
  article.addEventListener("click", function (event) {
    for (var el = event.target; el && el !== article; el = el.parentElement) {
      var layer = layerOf(el);
      if (!layer || !on(layer)) { continue; }
      detail.textContent = "";
      var card = layer === "claims" ? document.getElementById("claim-" + el.getAttribute("data-claim")) : null;
      if (card) {  /* the claim's card, copied from the claims section (the page's own escaped HTML) */
        var copy = card.cloneNode(true);
        copy.removeAttribute("id");
        detail.appendChild(copy);
      } else {
        detail.textContent = el.getAttribute("title") || el.getAttribute("data-detail");  /* text, never HTML */
      }
      detail.hidden = false;
      return;
    }
  });
  detail.addEventListener("click", function (event) {  /* on a narrow screen the panel covers the text: a tap closes it */
    if (getComputedStyle(detail).position === "fixed" && !event.target.closest("a")) { detail.hidden = true; }
  });
})();
(function () {  /* actors panel: click an actor to highlight its mentions and attached technique spans */
  var current = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-actor]");
    if (!button) { return; }
    var id = button.getAttribute("data-actor");
    current = current === id ? null : id;
    document.querySelectorAll("button[data-actor]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-actor") === current));
    });
    document.querySelectorAll("article [data-actor], article [data-actors]").forEach(function (el) {
      var ids = (el.getAttribute("data-actor") || el.getAttribute("data-actors")).split(" ");
      el.classList.toggle("actor-hit", current !== null && ids.indexOf(current) >= 0);
    });
  });
})();
(function () {  /* narratives: click a narrative to light up the paragraphs that carry it */
  var current = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-paragraphs]");
    if (!button) { return; }
    current = current === button ? null : button;
    document.querySelectorAll("button[data-paragraphs]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b === current));
    });
    var lit = current ? current.getAttribute("data-paragraphs").split(" ") : [];
    document.querySelectorAll("article p[id]").forEach(function (p) {
      p.classList.toggle("narrative-hit", lit.indexOf(p.id) >= 0);
    });
    if (lit.length && document.getElementById(lit[0])) { document.getElementById(lit[0]).scrollIntoView({block: "center"}); }
  });
})();"""

SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; img-src data:; form-action 'self'"
