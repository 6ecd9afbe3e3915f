"""The CSS and JavaScript that ``kg.export.view`` adds to the pyvis page.

Kept apart so ``view.py`` stays about the data. Nothing here holds text from the records;
the script reads the data from the vis DataSets and from ``__CONFIG__`` (JSON that
``view.py`` writes with ``<``, ``>`` and ``&`` escaped).
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
.kg-legend[hidden] { display: none; }
.kg-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
             margin-right: 6px; vertical-align: -1px; }
.kg-line { display: inline-block; width: 28px; margin-right: 6px; vertical-align: 3px;
           border-top-width: 3px; border-top-style: solid; }
.kg-line.kg-dashed { border-top-style: dashed; }
.kg-legend label { cursor: pointer; }
.kg-controls { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center;
               font-size: 0.9em; margin: 6px 0; }
.kg-controls input[type=number] { width: 5em; }
.kg-controls input[type=search] { width: 16em; }
.kg-status { color: #555; }
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

# Right after pyvis creates the network, in the same script: the browser may run timers
# between two scripts, so the stabilisation could end before SCRIPT below is even parsed.
EARLY_LISTENER = """window.kgStabilizedEarly = false;
                  network.once("stabilizationIterationsDone", function () {
                    window.kgStabilizedEarly = true;
                  });"""

# Runs after pyvis's drawGraph(), so the globals ``network``, ``nodes`` and ``edges`` exist;
# the stabilisation may already be over (see EARLY_LISTENER).
SCRIPT = """<script>
(function () {
  "use strict";
  var CONFIG = __CONFIG__;
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

  function $(id) { return document.getElementById(id); }
  var details = $("kg-details");
  var status = $("kg-status");

  function showDetails(item) {
    if (item && item.title instanceof Element) {
      details.replaceChildren(item.title.cloneNode(true));
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(nodes.get(params.nodes[0])); }
    else if (params.edges.length) { showDetails(edges.get(params.edges[0])); }
  });

  // ------------------------------------------------------------------ search
  function fold(text) {
    return String(text || "").replace(/\\u0111/g, "d").replace(/\\u0110/g, "D")
      .normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase()
      .replace(/\\s+/g, " ").trim();
  }
  var PREFERRED = {province: 1, municipality: 1, foreign_province: 1, country: 1};
  var everyNode = nodes.get({fields: ["id", "label", "kg"]});

  // The names to choose from, set as DOM values (never parsed as markup).
  var names = $("kg-names");
  Array.from(new Set(everyNode.map(function (n) { return n.label; }))).sort()
    .forEach(function (label) {
      var option = document.createElement("option");
      option.value = label;
      names.appendChild(option);
    });

  function findNode(text) {
    var wanted = String(text || "").trim(), folded = fold(wanted);
    if (!wanted) { return null; }
    var tests = [
      function (n) { return n.label === wanted; },
      function (n) { return n.kg.n === wanted; },
      function (n) { return fold(n.label) === folded || fold(n.kg.n) === folded; },
      function (n) { return fold(n.label).indexOf(folded) === 0; },
      function (n) { return fold(n.label).indexOf(folded) >= 0; }
    ];
    for (var i = 0; i < tests.length; i++) {
      var found = everyNode.filter(tests[i]);
      if (found.length) {
        found.sort(function (a, b) {
          var pa = PREFERRED[a.kg.k] ? 0 : 1, pb = PREFERRED[b.kg.k] ? 0 : 1;
          return pa - pb || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
        });
        return found[0].id;
      }
    }
    return null;
  }

  function select(text) {
    var id = findNode(text);
    if (id === null) {
      status.textContent = "No locality matches \\u201c" + text + "\\u201d.";
      return null;
    }
    var node = nodes.get(id);
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.2), animation: false});
    showDetails(node);
    status.textContent = "Selected: " + node.label +
      (node.hidden ? " (hidden by the filters)" : "");
    return id;
  }
  window.kgSelect = select;
  $("kg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    select($("kg-search-input").value);
  });

  // ------------------------------------------------------------------ colour and size
  function recolour() {
    var mode = $("kg-colour").value;
    nodes.update(everyNode.map(function (n) {
      var colour = mode === "country" ? CONFIG.countryColours[n.kg.c || "?"]
                                      : CONFIG.groupColours[n.kg.g];
      return {id: n.id, color: colour || "#999999"};
    }));
    $("kg-legend-groups").hidden = mode === "country";
    $("kg-legend-countries").hidden = mode !== "country";
  }
  function resize() {
    var measure = $("kg-size").value;
    var values = everyNode.map(function (n) { return n.kg.s[measure]; })
      .filter(function (v) { return typeof v === "number"; });
    var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
    nodes.update(everyNode.map(function (n) {
      var v = n.kg.s[measure], size;
      if (typeof v !== "number") { size = CONFIG.minSize; }
      else if (high - low < 1e-12) { size = (CONFIG.minSize + CONFIG.maxSize) / 2; }
      else { size = CONFIG.minSize + (v - low) / (high - low) * (CONFIG.maxSize - CONFIG.minSize); }
      return {id: n.id, size: size};
    }));
  }
  $("kg-colour").addEventListener("change", recolour);
  $("kg-size").addEventListener("change", resize);

  // ------------------------------------------------------------------ filters
  var country = {}, group = {};
  everyNode.forEach(function (n) { country[n.id] = n.kg.c || ""; group[n.id] = n.kg.g; });
  var edgeInfo = edges.get({fields: ["id", "from", "to", "kg"]});
  var bodyOf = {};  // acts_for edge id -> [body, place]
  edgeInfo.forEach(function (e) {
    if (e.kg.b) {
      bodyOf[e.id] = group[e.from] === "body" ? [e.from, e.to] : [e.to, e.from];
    }
  });

  function readFilters() {
    var relations = {};
    Array.prototype.forEach.call(document.querySelectorAll("input[data-relation]"), function (box) {
      relations[box.getAttribute("data-relation")] = box.checked;
    });
    var from = parseInt($("kg-from").value, 10), to = parseInt($("kg-to").value, 10);
    return {
      relations: relations,
      from: isNaN(from) ? -Infinity : from,
      to: isNaN(to) ? Infinity : to,
      undated: $("kg-undated").checked,
      country: $("kg-country").value
    };
  }

  function applyFilters() {
    var f = readFilters();
    var all = Object.keys(f.relations).every(function (r) { return f.relations[r]; });
    var active = !all || f.country !== "" || !f.undated ||
      f.from > CONFIG.years[0] || f.to < CONFIG.years[1];
    function agreementOk(a) {
      if (!f.relations[a[0]]) { return false; }
      return a[1] === null ? f.undated : a[1] >= f.from && a[1] <= f.to;
    }
    var shownNode = {}, shownEdge = {}, links = 0;
    edgeInfo.forEach(function (e) {
      if (e.kg.b) { return; }
      var show = e.kg.a.some(agreementOk) &&
        (f.country === "" || country[e.from] === f.country || country[e.to] === f.country);
      if (show) { shownNode[e.from] = shownNode[e.to] = true; shownEdge[e.id] = true; links++; }
    });
    var bodies = f.relations.acts_for !== false;
    edgeInfo.forEach(function (e) {
      if (e.kg.b && bodies && (!active || shownNode[bodyOf[e.id][1]])) {
        shownEdge[e.id] = true;
        shownNode[bodyOf[e.id][0]] = true;
      }
    });
    var nodeChanges = [], edgeChanges = [], places = 0;
    nodes.get({fields: ["id", "hidden", "kg"]}).forEach(function (n) {
      var show = !active || shownNode[n.id] === true;
      if (show && n.kg.g !== "body") { places++; }
      if (Boolean(n.hidden) === show) { nodeChanges.push({id: n.id, hidden: !show}); }
    });
    edges.get({fields: ["id", "hidden"]}).forEach(function (e) {
      var show = !active || shownEdge[e.id] === true;
      if (Boolean(e.hidden) === show) { edgeChanges.push({id: e.id, hidden: !show}); }
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    if (!active) { links = edgeInfo.filter(function (e) { return !e.kg.b; }).length; }
    $("kg-shown").textContent = places + " localities, " + links + " links shown";
  }
  window.kgApplyFilters = applyFilters;
  Array.prototype.forEach.call(
    document.querySelectorAll("#kg-filters input, #kg-filters select, input[data-relation]"),
    function (input) { input.addEventListener("change", applyFilters); });
  $("kg-reset").addEventListener("click", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-relation]"),
      function (box) { box.checked = true; });
    $("kg-from").value = CONFIG.years[0] === null ? "" : CONFIG.years[0];
    $("kg-to").value = CONFIG.years[1] === null ? "" : CONFIG.years[1];
    $("kg-undated").checked = true;
    $("kg-country").value = "";
    applyFilters();
  });

  // ------------------------------------------------------------------ settled
  function settled() {
    var bar = $("loadingBar");  // pyvis's, above 100 nodes
    if (bar) { bar.style.display = "none"; }
    window.kgStable = true;
    document.body.setAttribute("data-kg-stable", "true");
  }
  window.kgStable = false;
  if (CONFIG.physics) {
    // Stop the simulation once the bounded stabilisation is done, so the picture stays put.
    var stop = function () {
      network.setOptions({physics: {enabled: false}});
      network.once("afterDrawing", settled);
      network.redraw();
    };
    if (window.kgStabilizedEarly) { stop(); }
    else { network.once("stabilizationIterationsDone", stop); }
  } else {
    network.once("afterDrawing", settled);
    network.redraw();
  }
})();
</script>
"""
