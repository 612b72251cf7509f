// kgraph map: draws the network in #kgraph-data with vis-network, then works as an
// analyst's workbench: a search box, filters with live counts, and a panel with the
// evidence of whatever is clicked. What it did is recorded on #kgraph-status.
// Static text: the page's CSP allows it by hash. Nothing here parses text as HTML:
// every label, tooltip and sentence comes from untrusted articles and is shown with
// textContent.
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
  var info = data.info || { nodes: {}, edges: {} };
  var articles = data.articles || [];

  function byId(id) {
    return document.getElementById(id);
  }
  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) {
      el.textContent = String(text);
    }
    if (className) {
      el.className = className;
    }
    return el;
  }

  // Tooltips arrive HTML-escaped (Python's html.escape). Decode exactly those five
  // entities and show the result as text in an element, so nothing is parsed as HTML.
  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", "#x27": "'" };
  function tooltip(escaped) {
    var el = element("div", null, "kgraph-tip");
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
  var network = new vis.Network(byId("kgraph-map"), { nodes: nodes, edges: edges }, data.options);
  window.kgraphNetwork = network;
  status.setAttribute("data-nodes", String(nodes.length));
  status.setAttribute("data-edges", String(edges.length));

  // --- filters ---------------------------------------------------------------------
  var controls = {
    from: byId("kgraph-from"),
    to: byId("kgraph-to"),
    happened: byId("kgraph-happened"),
    planned: byId("kgraph-planned"),
    confidence: byId("kgraph-confidence"),
    isolated: byId("kgraph-isolated")
  };
  var typeBoxes = Array.prototype.slice.call(document.querySelectorAll("#kgraph-types input"));
  var pinned = null; // the node found by the search: shown whatever the filters say
  var hidden = {}; // id -> hidden now (nodes and edges)
  var stopped = false; // the layout is done
  var first = null; // the node found or clicked last: its label goes before all others
  data.nodes.forEach(function (n) { hidden[n.id] = !!n.hidden; });
  data.edges.forEach(function (e) { hidden[e.id] = false; });

  function nodeInfo(id) {
    return info.nodes[id] || {};
  }
  function passes(item, minimum) {
    return item.confidence === null || item.confidence === undefined ||
      item.confidence >= minimum - 1e-9;
  }
  function passesNode(id, types, minimum) {
    var n = nodeInfo(id);
    if (!types[n.type] || !passes(n, minimum)) {
      return false;
    }
    if (n.kind === "event") {
      if (!(n.status === "planned" ? controls.planned.checked : controls.happened.checked)) {
        return false;
      }
      var from = controls.from.value, to = controls.to.value;
      if (from || to) { // undated events are left out as soon as a bound is set
        if (!n.from || (from && n.to < from) || (to && n.from > to)) {
          return false;
        }
      }
    }
    return true;
  }

  function apply() {
    var types = {};
    typeBoxes.forEach(function (box) { types[box.getAttribute("data-type")] = box.checked; });
    var minimum = parseFloat(controls.confidence.value) || 0;
    byId("kgraph-confidence-value").textContent = minimum.toFixed(2);
    var keep = {};
    data.nodes.forEach(function (n) {
      keep[n.id] = n.id === pinned || passesNode(n.id, types, minimum);
    });
    var linked = {}, shownEdges = 0, edgeKeep = {};
    data.edges.forEach(function (e) {
      var ok = keep[e.from] && keep[e.to] && passes(info.edges[e.id] || {}, minimum);
      edgeKeep[e.id] = ok;
      if (ok) {
        linked[e.from] = linked[e.to] = true;
      }
    });
    var showIsolated = controls.isolated.checked;
    var isolated = 0, shownNodes = 0, perType = {}, perStatus = { planned: 0, happened: 0 };
    var nodeChanges = [], edgeChanges = [];
    data.nodes.forEach(function (n) {
      var show = keep[n.id];
      if (show && !linked[n.id] && n.id !== pinned) {
        isolated += 1;
        show = showIsolated;
      }
      if (show) {
        var ni = nodeInfo(n.id);
        shownNodes += 1;
        perType[ni.type] = (perType[ni.type] || 0) + 1;
        if (ni.status) {
          perStatus[ni.status] += 1;
        }
      }
      if (hidden[n.id] !== !show) {
        hidden[n.id] = !show;
        nodeChanges.push({ id: n.id, hidden: !show });
      }
    });
    data.edges.forEach(function (e) {
      var show = edgeKeep[e.id] && !hidden[e.from] && !hidden[e.to];
      if (show) {
        shownEdges += 1;
      }
      if (hidden[e.id] !== !show) {
        hidden[e.id] = !show;
        edgeChanges.push({ id: e.id, hidden: !show });
      }
    });
    if (nodeChanges.length) {
      nodes.update(nodeChanges);
    }
    if (edgeChanges.length) {
      edges.update(edgeChanges);
    }
    document.querySelectorAll("#kgraph-types li").forEach(function (li) {
      var n = li.querySelector(".n");
      var shown = perType[li.querySelector("input").getAttribute("data-type")] || 0;
      var total = n.getAttribute("data-total");
      n.textContent = String(shown) === total ? total : shown + "/" + total;
    });
    document.querySelectorAll("#kgraph-controls .n[data-status]").forEach(function (n) {
      n.textContent = String(perStatus[n.getAttribute("data-status")]);
    });
    byId("kgraph-isolated-count").textContent = String(isolated);
    status.setAttribute("data-shown-nodes", String(shownNodes));
    status.setAttribute("data-shown-edges", String(shownEdges));
    status.setAttribute("data-isolated", String(isolated));
    if (stopped) {
      declutterSoon(); // labels that had no room may have some now
    }
    byId("kgraph-shown").textContent = shownNodes === nodes.length && shownEdges === edges.length
      ? "" : "showing " + shownNodes + " of " + nodes.length + " nodes, " + shownEdges +
        " of " + edges.length + " edges";
  }

  [controls.from, controls.to, controls.happened, controls.planned, controls.isolated]
    .concat(typeBoxes).forEach(function (box) {
      box.addEventListener("change", apply);
    });
  // the nodes with no link at all sit under the map: bring them into view
  controls.isolated.addEventListener("change", function () {
    if (controls.isolated.checked && stopped) {
      fitVisible();
      declutterSoon();
    }
  });
  controls.confidence.addEventListener("input", apply);
  byId("kgraph-reset").addEventListener("click", function () {
    typeBoxes.forEach(function (box) { box.checked = true; });
    controls.from.value = controls.to.value = "";
    controls.happened.checked = controls.planned.checked = true;
    controls.confidence.value = "0";
    controls.isolated.checked = controls.isolated.defaultChecked;
    apply();
  });

  // --- search ----------------------------------------------------------------------
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }
  var sizes = {};
  data.nodes.forEach(function (n) { sizes[n.id] = n.size || 0; });
  var index = data.nodes.map(function (n) {
    var names = nodeInfo(n.id).names || [n.label];
    return { id: n.id, names: names, folded: names.map(fold) };
  });

  // matches of a query, best first: a whole name, then a name's start, then a
  // word's start, then anywhere in a name; the bigger node first on a tie
  function find(query) {
    var q = fold(query);
    if (!q) {
      return [];
    }
    var found = [];
    index.forEach(function (entry) {
      var best = null;
      entry.folded.forEach(function (name, i) {
        var rank = name === q ? 0 : name.indexOf(q) === 0 ? 1 :
          (" " + name).indexOf(" " + q) >= 0 ? 2 : name.indexOf(q) >= 0 ? 3 : null;
        if (rank !== null && (best === null || rank < best.rank)) {
          best = { rank: rank, name: entry.names[i] };
        }
      });
      if (best) {
        found.push({ id: entry.id, rank: best.rank, name: best.name });
      }
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || sizes[b.id] - sizes[a.id] ||
        (nodeInfo(a.id).label < nodeInfo(b.id).label ? -1 : 1);
    });
    return found;
  }

  var search = byId("kgraph-search");
  var matchList = byId("kgraph-matches");
  var found = byId("kgraph-found");

  function focusNode(id) {
    pinned = id;
    apply();
    network.selectNodes([id]);
    // close enough to read the node's label at about 20 px (at least as close as now)
    var font = ((nodes.get(id) || {}).font || {}).size || ((data.options.nodes || {}).font || {}).size || 14;
    var scale = Math.max(network.getScale(), Math.min(1.0, 20 / font));
    network.focus(id, { scale: scale, animation: false });
    first = id;
    if (stopped) {
      declutter();
    }
    status.setAttribute("data-focused", id);
    var n = nodeInfo(id);
    found.textContent = n.type + " " + n.kind + (n.isolated ? " (no links on this map)" : "");
  }

  function showMatches(matches) {
    matchList.textContent = "";
    matches.slice(0, 8).forEach(function (m) {
      var n = nodeInfo(m.id);
      var button = element("button", n.label);
      button.type = "button";
      if (m.name !== n.label) {
        button.appendChild(element("span", " (" + m.name + ")", "why"));
      }
      button.appendChild(element("span", " · " + n.type, "why"));
      button.addEventListener("click", function () {
        matchList.hidden = true;
        focusNode(m.id);
        openNode(m.id);
      });
      matchList.appendChild(element("li")).appendChild(button);
    });
    matchList.hidden = matches.length < 2;
  }

  function onSearch() {
    var matches = find(search.value);
    status.setAttribute("data-matches", String(matches.length));
    showMatches(matches);
    if (matches.length) {
      focusNode(matches[0].id);
    } else {
      if (pinned !== null) {
        pinned = null;
        apply();
      }
      status.removeAttribute("data-focused");
      found.textContent = search.value.trim() ? "no match" : "";
    }
  }
  search.addEventListener("input", onSearch);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var matches = find(search.value);
      matchList.hidden = true;
      if (matches.length) {
        focusNode(matches[0].id);
        openNode(matches[0].id);
      }
    } else if (event.key === "Escape") {
      search.value = "";
      onSearch();
    }
  });
  document.addEventListener("click", function (event) {
    if (!byId("kgraph-find").contains(event.target)) {
      matchList.hidden = true;
    }
  });

  // --- the evidence panel --------------------------------------------------------------
  var panel = byId("kgraph-panel");

  function closePanel() {
    panel.hidden = true;
    panel.textContent = "";
    status.removeAttribute("data-panel");
  }

  function line(parent, text, className) {
    if (text) {
      parent.appendChild(element("p", text, className));
    }
  }

  function evidenceList(item) {
    var rows = item.evidence || [];
    var heading = rows.length ? "Evidence (" + (rows.length + (item.more || 0)) + ")" : "No evidence";
    panel.appendChild(element("h3", heading));
    var list = element("ol", null, "evidence");
    rows.forEach(function (row) {
      var sentence = row[0], confidence = row[1], fact = row[2], article = articles[row[3]] || [];
      var li = element("li");
      if (fact) {
        li.setAttribute("data-fact", fact);
      }
      if (sentence) {
        li.appendChild(element("blockquote", "\u201c" + sentence + "\u201d"));
      }
      var cite = element("div", null, "cite");
      var parts = [[article[0], "title"], [article[1], "outlet"],
        [article[2] ? "published " + article[2] : "", "published"]];
      parts.forEach(function (part) {
        if (part[0]) {
          if (cite.childNodes.length) {
            cite.appendChild(document.createTextNode(" · "));
          }
          cite.appendChild(element("span", part[0], part[1]));
        }
      });
      var href = article[3], file = article[4];
      if (file) {
        cite.appendChild(document.createTextNode(cite.childNodes.length ? " · " : ""));
        // the page made these links (relative paths): nothing else
        if (href && /^\.\.?\//.test(href)) {
          var link = element("a", file, "file");
          link.setAttribute("href", href);
          cite.appendChild(link);
        } else {
          cite.appendChild(element("span", file, "file"));
        }
      }
      li.appendChild(cite);
      if (fact || confidence !== null) {
        var facts = element("div", null, "fact");
        if (fact) {
          facts.appendChild(document.createTextNode("fact "));
          facts.appendChild(element("code", fact));
        }
        if (confidence !== null && confidence !== undefined) {
          facts.appendChild(document.createTextNode((fact ? " · " : "") + "confidence " +
            confidence.toFixed(2)));
        }
        li.appendChild(facts);
      }
      list.appendChild(li);
    });
    panel.appendChild(list);
    if (item.more) {
      line(panel, "(+" + item.more + " more)", "more");
    }
  }

  function openPanel(kind, id, title) {
    panel.textContent = "";
    var close = element("button", "\u00d7");
    close.type = "button";
    close.id = "kgraph-panel-close";
    close.setAttribute("aria-label", "close");
    close.addEventListener("click", closePanel);
    panel.appendChild(close);
    panel.appendChild(element("h2", title));
    panel.hidden = false;
    status.setAttribute("data-panel", kind + ":" + id);
  }

  function openNode(id) {
    var n = nodeInfo(id);
    if (first !== id && stopped) {
      first = id;
      declutter();
    }
    openPanel("node", id, n.label);
    var facts = [n.type + " (" + n.kind + ")"];
    if (n.when) {
      facts.push(n.when);
    }
    if (n.status) {
      facts.push(n.status);
    }
    line(panel, facts.join(" · "), "facts");
    line(panel, n.place ? "Place: " + n.place : "", "place");
    var others = (n.names || []).slice(1);
    line(panel, others.length ? "Also: " + others.join(", ") : "", "names");
    evidenceList(n);
  }

  function openEdge(id) {
    var e = info.edges[id] || {};
    var ends = e.ends || ["", ""];
    openPanel("edge", id, ends[0] + " \u2014 " + (e.label || "related to") + " \u2014 " + ends[1]);
    line(panel, [e.kind, e.when].filter(Boolean).join(" · "), "facts");
    evidenceList(e);
  }

  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) {
      openNode(params.nodes[0]);
    } else if (params.edges && params.edges.length) {
      openEdge(params.edges[0]);
    } else {
      closePanel();
    }
  });

  // --- layout ----------------------------------------------------------------------
  // nodes with no link start hidden and out of the layout: when shown they sit in
  // rows under the map
  function placeIsolated() {
    var loose = data.nodes.filter(function (n) { return n.physics === false; });
    if (!loose.length) {
      return;
    }
    var placed = data.nodes.filter(function (n) { return n.physics !== false; })
      .map(function (n) { return n.id; });
    var at = network.getPositions(placed);
    var minX = Infinity, maxX = -Infinity, maxY = -Infinity;
    placed.forEach(function (id) {
      minX = Math.min(minX, at[id].x);
      maxX = Math.max(maxX, at[id].x);
      maxY = Math.max(maxY, at[id].y);
    });
    var step = 140;
    var perRow = Math.max(4, Math.floor((maxX - minX) / step) + 1);
    nodes.update(loose.map(function (n, i) {
      return { id: n.id, x: minX + (i % perRow) * step, y: maxY + step * (1 + Math.floor(i / perRow)) };
    }));
  }

  // Labels: at any zoom each label that is drawn is between LABEL_MIN and LABEL_MAX
  // pixels high, and no two drawn labels overlap. The biggest nodes (and the one
  // found or clicked) get theirs first; a label with no room waits until the map is
  // zoomed in far enough. At most data.readable_labels are drawn at once.
  var LABEL_MIN = data.label_px || 13, LABEL_MAX = 20;
  var BASE_FONT = ((data.options.nodes || {}).font || {}).size || 14;
  var fontOf = {}; // id -> the label font size set (in canvas units), 0 for none
  var measure = document.createElement("canvas").getContext("2d");
  var widths = {};
  var order = data.nodes.map(function (n, i) { return { id: n.id, size: n.size || 0, i: i }; });
  order.sort(function (a, b) { return b.size - a.size || a.i - b.i; });
  var labels = {};
  data.nodes.forEach(function (n) { labels[n.id] = n.label || ""; });

  function declutter() {
    var scale = network.getScale();
    var px = Math.max(LABEL_MIN, Math.min(LABEL_MAX, BASE_FONT * scale));
    var font = px / scale;
    var canvas = document.querySelector("#kgraph-map canvas");
    var width = canvas ? canvas.clientWidth : 0, height = canvas ? canvas.clientHeight : 0;
    measure.font = px + "px sans-serif";
    var cell = 64, grid = {}, placed = 0, changes = [];
    function cells(box, add) {
      var hit = false;
      for (var x = Math.floor(box[0] / cell); x <= Math.floor(box[2] / cell); x += 1) {
        for (var y = Math.floor(box[1] / cell); y <= Math.floor(box[3] / cell); y += 1) {
          var key = x + "," + y;
          if (add) {
            (grid[key] = grid[key] || []).push(box);
          } else {
            (grid[key] || []).forEach(function (other) {
              hit = hit || !(box[2] <= other[0] || other[2] <= box[0] || box[3] <= other[1] || other[3] <= box[1]);
            });
          }
        }
      }
      return hit;
    }
    var ids = order.map(function (o) { return o.id; });
    if (first !== null && !hidden[first]) {
      ids = [first].concat(ids.filter(function (id) { return id !== first; }));
    }
    var at = network.getPositions(ids);
    ids.forEach(function (id) {
      var want = 0;
      if (!hidden[id] && labels[id] && placed < (data.readable_labels || 300)) {
        var dom = network.canvasToDOM(at[id]);
        var key = labels[id] + "\u0000" + px;
        var w = widths[key] || (widths[key] = measure.measureText(labels[id]).width);
        var radius = (nodes.get(id).size || 10) * scale;
        // vis draws a dot's, diamond's or square's label centred under it, its top
        // half a line and 4 canvas units below the node (with a 2 px margin here)
        var top = dom.y + radius + px / 2 + 4 * scale;
        var box = [dom.x - w / 2 - 2, top - 2, dom.x + w / 2 + 2, top + px + 2];
        var onScreen = box[2] > 0 && box[0] < width && box[3] > 0 && box[1] < height;
        if (onScreen && !cells(box, false)) {
          cells(box, true);
          placed += 1;
          want = font;
        } else if (!onScreen) {
          want = font; // off the screen: drawn (at the right size) if panned to
        }
      }
      if (fontOf[id] !== want) {
        fontOf[id] = want;
        changes.push({ id: id, font: { size: want } });
      }
    });
    if (changes.length) {
      nodes.update(changes);
    }
    status.setAttribute("data-label-px", px.toFixed(1));
    status.setAttribute("data-labels", String(placed));
  }

  var pending = null;
  function declutterSoon() {
    if (pending === null) {
      pending = setTimeout(function () {
        pending = null;
        declutter();
      }, 120);
    }
  }

  function fitVisible() {
    var ids = data.nodes.filter(function (n) { return !hidden[n.id]; })
      .map(function (n) { return n.id; });
    if (ids.length) {
      network.fit({ nodes: ids, animation: false });
    }
  }

  function record(state) {
    if (state) {
      status.setAttribute("data-state", state);
    }
    status.textContent = status.getAttribute("data-state") === "stable" ? "" : "laying out…";
  }

  function stopPhysics() {
    if (stopped) {
      return;
    }
    stopped = true;
    network.setOptions({ physics: { enabled: false } });
    placeIsolated();
    apply();
    fitVisible();
    declutter();
    network.on("zoom", declutterSoon);
    network.on("dragEnd", declutterSoon);
    network.on("resize", declutterSoon);
    mark("stable");
    // where the map starts on the page (below the header), for tests of its pixels
    status.setAttribute("data-map-top", String(Math.round(byId("kgraph-map").getBoundingClientRect().top)));
    status.setAttribute("data-physics", "off");
    record("stable");
  }
  apply();
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
