"""The CSS and JavaScript that ``kg.export.view`` adds to the pyvis page.

Kept apart so ``view.py`` stays about the data. Nothing here holds text from the records.
"""

from __future__ import annotations

# No network at all: anything not inline is refused by the browser itself.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)

HEAD = f"""<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
"""

CSS = """<style>
body { font-family: system-ui, sans-serif; margin: 0 12px; color: #222; }
.kg-header h1 { font-size: 1.4em; margin: 10px 0 4px; }
.kg-legend { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap;
             gap: 4px 18px; font-size: 0.9em; }
.kg-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
             margin-right: 6px; vertical-align: -1px; }
.kg-line { display: inline-block; width: 28px; margin-right: 6px; vertical-align: 3px;
           border-top-width: 3px; border-top-style: solid; }
.kg-line.kg-dashed { border-top-style: dashed; }
.kg-hint { font-size: 0.85em; color: #555; margin: 2px 0 8px; }
.card { clear: both; }
div.vis-tooltip { white-space: normal; max-width: 520px; font-family: system-ui, sans-serif;
                  font-size: 13px; line-height: 1.35; }
.kg-tip ul { margin: 4px 0 0; padding-left: 18px; }
.kg-tip li { margin-bottom: 4px; }
.kg-evidence { font-style: italic; }
.kg-details { clear: both; padding: 8px 0; font-size: 0.95em; max-width: 900px; }
</style>
"""

# Runs after pyvis's drawGraph(), so the globals ``network``, ``nodes`` and ``edges`` exist;
# stabilisation runs in later timer ticks, so the listeners below are in time.
SCRIPT = """<script>
(function () {
  "use strict";
  var PHYSICS = __PHYSICS__;
  var ALLOWED = {DIV: 1, B: 1, BR: 1, UL: 1, LI: 1, SMALL: 1, A: 1, SPAN: 1, I: 1};

  // Titles are HTML that Python built with every record text escaped. Parse them in an
  // inert <template> and keep only our own tags and attributes, as a second line of defence.
  function clean(parent) {
    Array.prototype.slice.call(parent.childNodes).forEach(function (node) {
      if (node.nodeType === 3) { return; }
      if (node.nodeType !== 1 || !ALLOWED[node.tagName]) {
        var text = node.nodeType === 1 ? node.textContent : "";
        parent.replaceChild(document.createTextNode(text || ""), node);
        return;
      }
      Array.prototype.slice.call(node.attributes).forEach(function (attr) {
        var keep = attr.name === "class" || (node.tagName === "A" && attr.name === "href" &&
          /^https?:\\/\\//i.test(attr.value));
        if (!keep) { node.removeAttribute(attr.name); }
      });
      if (node.tagName === "A") {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      }
      clean(node);
    });
  }

  function toElement(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    clean(template.content);
    var box = document.createElement("div");
    box.appendChild(template.content);
    return box;
  }

  // vis-network shows a string title as plain text; an element is shown as it is.
  [nodes, edges].forEach(function (dataset) {
    dataset.update(dataset.get().filter(function (item) {
      return typeof item.title === "string";
    }).map(function (item) {
      return {id: item.id, title: toElement(item.title)};
    }));
  });

  var details = document.getElementById("kg-details");
  network.on("click", function (params) {
    var item = null;
    if (params.nodes.length) { item = nodes.get(params.nodes[0]); }
    else if (params.edges.length) { item = edges.get(params.edges[0]); }
    if (item && item.title instanceof Element) {
      details.replaceChildren(item.title.cloneNode(true));
    }
  });

  function settled() {
    var bar = document.getElementById("loadingBar");  // pyvis's, above 100 nodes
    if (bar) { bar.style.display = "none"; }
    window.kgStable = true;
    document.body.setAttribute("data-kg-stable", "true");
  }
  window.kgStable = false;
  if (PHYSICS) {
    // Stop the simulation once the bounded stabilisation is done, so the picture stays put.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      network.once("afterDrawing", settled);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", settled);
    network.redraw();
  }
})();
</script>
"""
