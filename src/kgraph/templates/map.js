// kgraph map: draws the network in #kgraph-data with vis-network and records what it
// drew on #kgraph-status. Static text: the page's CSP allows it by hash.
// Nothing here parses text as HTML: every label and tooltip comes from untrusted articles.
(function () {
  "use strict";
  var status = document.getElementById("kgraph-status");
  // milliseconds since navigation started, for benchmarks: script start, first
  // drawing, layout stable
  function mark(name) {
    status.setAttribute("data-" + name + "-ms", String(Math.round(performance.now())));
  }
  mark("script");
  var data = JSON.parse(document.getElementById("kgraph-data").textContent);

  // Tooltips arrive HTML-escaped (Python's html.escape). Decode exactly those five
  // entities and show the result as text in an element, so nothing is parsed as HTML.
  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", "#x27": "'" };
  function tooltip(escaped) {
    var el = document.createElement("div");
    el.className = "kgraph-tip";
    el.textContent = String(escaped).replace(/&(amp|lt|gt|quot|#x27);/g, function (_, name) {
      return ENTITIES[name];
    });
    return el;
  }
  function withTooltips(items) {
    items.forEach(function (item) {
      if (item.title !== undefined && item.title !== null) {
        item.title = tooltip(item.title);
      }
    });
    return items;
  }

  var nodes = new vis.DataSet(withTooltips(data.nodes));
  var edges = new vis.DataSet(withTooltips(data.edges));
  var network = new vis.Network(
    document.getElementById("kgraph-map"), { nodes: nodes, edges: edges }, data.options
  );
  window.kgraphNetwork = network;

  function record(state) {
    var body = network.body || {};
    var nNodes = body.nodeIndices ? body.nodeIndices.length : nodes.length;
    var nEdges = body.edgeIndices ? body.edgeIndices.length : edges.length;
    status.setAttribute("data-nodes", String(nNodes));
    status.setAttribute("data-edges", String(nEdges));
    if (state) {
      status.setAttribute("data-state", state);
    }
    status.textContent = status.getAttribute("data-state") === "stable" ? "" : "laying out…";
  }

  var stopped = false;
  function stopPhysics() {
    if (stopped) {
      return;
    }
    stopped = true;
    network.setOptions({ physics: { enabled: false } });
    mark("stable");
    status.setAttribute("data-physics", "off");
    record("stable");
  }
  network.once("afterDrawing", function () {
    status.setAttribute("data-drawn", "true");
    mark("drawn");
    record(null);
    if (nodes.length === 0) {
      stopPhysics(); // nothing to lay out: vis never reports stabilisation
    }
  });
  // a time limit on the layout, counted from the start of the page's loading: past
  // it, stop where the layout is and draw
  var budget = data.layout_budget_ms;
  network.on("stabilizationProgress", function (progress) {
    status.setAttribute("data-iterations", String(progress.iterations));
    if (budget && performance.now() > budget && !stopped) {
      status.setAttribute("data-layout", "time limit");
      network.stopSimulation();
    }
  });
  network.once("stabilizationIterationsDone", stopPhysics);
  network.once("stabilized", stopPhysics);
})();
