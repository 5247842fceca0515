"""The style sheet and the script of the HTML diagram page (html.py), inline in every page.

The page fetches nothing. The script is small and has no dependencies:

- the SVG fits the window (its width and height come from CSS, Graphviz's viewBox keeps the
  proportions); the toolbar's buttons, Ctrl/⌘ + wheel, dragging and the keys + - 0 and the
  arrows (on the focused figure) zoom and pan by changing the viewBox;
- hovering over or focusing (Tab) a node or an edge shows a tooltip: a copy of the summary of
  its entry in the panel below (full name, role, retention, data, findings); Escape hides it;
- each node and edge links to its entry (Graphviz `href`), so Enter or a click jumps there.

Without the script the page still works: the SVG fits the width, the links work, and the
browser shows each node's full text (`xlink:title`) as its plain tooltip.
"""

from __future__ import annotations

CSS = """* { box-sizing: border-box; }
body { font-family: Helvetica, Arial, sans-serif; margin: 0; padding: 1rem 1.5rem;
       color: #212529; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 0 0 .25rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
.toolbar button { font: inherit; min-width: 2.2rem; padding: .15rem .5rem; }
.hint { color: #495057; font-size: .85rem; }
#diagram { margin: 0; border: 1px solid #dee2e6; border-radius: 4px; overflow: hidden;
           background: #fff; cursor: grab; touch-action: none; }
#diagram:focus-visible { outline: 3px solid #4477aa; outline-offset: 2px; }
#diagram svg { display: block; width: 100%; height: auto; max-height: calc(100vh - 9rem); }
#diagram svg a:focus { outline: 3px solid #4477aa; }
#diagram.dragging { cursor: grabbing; }
.legend ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1.5rem;
             padding: 0; margin: .5rem 0; font-size: .85rem; }
.sample { display: inline-block; min-width: 3.5em; margin-right: .35em; text-align: center;
          font-weight: bold; }
.sample.error { background: #fbd5da; color: #b31b1b; }
.sample.outside, .sample.adequacy, .sample.safeguards, .sample.derogation,
.sample.none { color: #4477aa; }
.sample.special { color: #aa3377; }
.badge { display: inline-block; padding: 0 .4em; margin-right: .3em; border-radius: 3px;
         color: #fff; font-size: .8rem; }
.badge.outside { background: #4477aa; }
.badge.special { background: #aa3377; }
.kind { color: #495057; font-weight: normal; font-size: .85rem; }
.entries { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr));
           gap: .75rem; }
.entry { border: 1px solid #dee2e6; border-radius: 4px; padding: .5rem .75rem;
         scroll-margin-top: 1rem; }
.entry.errors { border-left: 6px solid #b31b1b; }
.entry:target { outline: 3px solid #4477aa; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .75rem;
     margin: .25rem 0; font-size: .85rem; }
dt { color: #495057; }
dd { margin: 0; overflow-wrap: anywhere; }
ul.findings { margin: .25rem 0; padding-left: 1.1rem; font-size: .85rem; }
ul.findings li { margin: .15rem 0; }
.sev { font-weight: bold; }
li.error .sev { color: #b31b1b; }
li.warning .sev { color: #8a5300; }
li.info .sev { color: #1971c2; }
.where { color: #495057; font-family: monospace; overflow-wrap: anywhere; }
.none { color: #495057; font-size: .85rem; margin: .25rem 0; }
.links { font-size: .85rem; margin: .25rem 0 0; }
#tooltip { position: fixed; z-index: 10; max-width: min(28rem, 92vw); padding: .5rem .75rem;
           background: #fff; border: 1px solid #868e96; border-radius: 4px;
           box-shadow: 0 2px 10px rgba(0, 0, 0, .25); pointer-events: none; }
#tooltip[hidden] { display: none; }
@media print { .toolbar, #tooltip { display: none; } #diagram svg { max-height: none; } }"""

SCRIPT = """(function () {
  "use strict";
  var XLINK = "http://www.w3.org/1999/xlink";
  var figure = document.getElementById("diagram");
  var svg = figure && figure.querySelector("svg");
  var tip = document.getElementById("tooltip");
  if (!svg || !tip) { return; }
  var box = svg.viewBox.baseVal;
  var home = [box.x, box.y, box.width, box.height];
  var view = home.slice();

  function apply() {
    svg.setAttribute("viewBox", view.map(function (v) { return v.toFixed(2); }).join(" "));
  }
  function zoom(factor, x, y) {  /* around the point (x, y) of the drawing */
    var width = Math.min(Math.max(view[2] * factor, home[2] / 40), home[2] * 4);
    var f = width / view[2];
    view = [x - (x - view[0]) * f, y - (y - view[1]) * f, view[2] * f, view[3] * f];
    apply();
  }
  function centre() { return [view[0] + view[2] / 2, view[1] + view[3] / 2]; }
  function pan(dx, dy) { view[0] += dx; view[1] += dy; apply(); }
  function fit() { view = home.slice(); apply(); }
  function scale() { var m = svg.getScreenCTM(); return m ? m.a : 1; }
  function point(event) {
    var m = svg.getScreenCTM();
    if (!m) { return centre(); }
    var p = svg.createSVGPoint();
    p.x = event.clientX; p.y = event.clientY;
    p = p.matrixTransform(m.inverse());
    return [p.x, p.y];
  }

  document.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var c = centre(), how = button.getAttribute("data-zoom");
      if (how === "in") { zoom(0.8, c[0], c[1]); }
      else if (how === "out") { zoom(1.25, c[0], c[1]); }
      else { fit(); }
    });
  });
  figure.addEventListener("wheel", function (event) {
    if (!event.ctrlKey && !event.metaKey) { return; }
    event.preventDefault();
    var p = point(event);
    zoom(event.deltaY < 0 ? 0.85 : 1 / 0.85, p[0], p[1]);
  }, {passive: false});
  figure.addEventListener("keydown", function (event) {
    var step = view[2] / 10, keys = {
      "+": function () { var c = centre(); zoom(0.8, c[0], c[1]); },
      "=": function () { var c = centre(); zoom(0.8, c[0], c[1]); },
      "-": function () { var c = centre(); zoom(1.25, c[0], c[1]); },
      "0": fit,
      "ArrowLeft": function () { pan(-step, 0); }, "ArrowRight": function () { pan(step, 0); },
      "ArrowUp": function () { pan(0, -step); }, "ArrowDown": function () { pan(0, step); },
      "Escape": hide
    };
    if (event.target !== figure && event.key !== "Escape") { return; }
    if (keys[event.key]) { keys[event.key](); event.preventDefault(); }
  });

  var drag = null, moved = false;
  figure.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) { return; }
    drag = [event.clientX, event.clientY]; moved = false;
  });
  figure.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var dx = event.clientX - drag[0], dy = event.clientY - drag[1];
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    if (!moved) { figure.setPointerCapture(event.pointerId); figure.classList.add("dragging"); }
    moved = true; hide();
    var s = scale();
    pan(-dx / s, -dy / s);
    drag = [event.clientX, event.clientY];
  });
  function stop() { drag = null; figure.classList.remove("dragging"); }
  figure.addEventListener("pointerup", stop);
  figure.addEventListener("pointercancel", stop);
  figure.addEventListener("click", function (event) {  /* a drag is not a click */
    if (moved) { event.preventDefault(); moved = false; }
  }, true);

  function entryOf(link) {
    var href = link.getAttributeNS(XLINK, "href") || link.getAttribute("href") || "";
    if (href.charAt(0) !== "#") { return null; }
    try { return document.getElementById(decodeURIComponent(href.slice(1))); }
    catch (e) { return null; }
  }
  function show(link, x, y) {
    var entry = entryOf(link), summary = entry && entry.querySelector(".summary");
    if (!summary) { return; }
    var copy = summary.cloneNode(true);
    copy.removeAttribute("id");
    tip.replaceChildren(copy);
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.min(x + 14, window.innerWidth - w - 8);
    var top = y + 16 + h > window.innerHeight ? y - h - 12 : y + 16;
    tip.style.left = Math.max(left, 8) + "px";
    tip.style.top = Math.max(top, 8) + "px";
  }
  function hide() { tip.hidden = true; }
  svg.querySelectorAll("a").forEach(function (link) {
    var title = link.getAttributeNS(XLINK, "title");
    if (title) {  /* the styled tooltip replaces the browser's own */
      link.setAttribute("aria-label", title);
      link.removeAttributeNS(XLINK, "title");
    }
    link.setAttribute("aria-describedby", "tooltip");
    link.addEventListener("mouseenter", function (event) {
      if (!drag) { show(link, event.clientX, event.clientY); }
    });
    link.addEventListener("mousemove", function (event) {
      if (!drag && !tip.hidden) { show(link, event.clientX, event.clientY); }
    });
    link.addEventListener("mouseleave", hide);
    link.addEventListener("focus", function () {
      var r = link.getBoundingClientRect();
      show(link, r.left + r.width / 2, r.bottom);
    });
    link.addEventListener("blur", hide);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });
}());"""
