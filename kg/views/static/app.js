/* The page of a view: draws the graph with vis-network and adds search, filters,
 * tooltips, neighbour highlighting and a language switch.
 *
 * Every text that comes from the data is put into the page with textContent (or
 * drawn on the canvas by vis-network), never parsed as HTML.
 */
(function () {
  "use strict";

  var D = JSON.parse(document.getElementById("kg-view-data").textContent);
  var META = D.meta;
  var lang = META.lang === "en" ? 1 : 0;
  var UI = {
    search: ["搜索名称或别名…", "Search a name or alias…"],
    fit: ["全图", "Fit"],
    reset: ["清除高亮", "Clear"],
    lang: ["English", "中文"],
    legend: ["图例与筛选", "Legend and filters"],
    classes: ["类型", "Classes"],
    sectors: ["产业", "Sectors"],
    all: ["全选", "All"],
    none: ["全不选", "None"],
    shown: ["显示 {n} / {m} 个节点，{e} 条关系", "Showing {n} of {m} nodes, {e} links"],
    folded: ["（原图 {t} 个节点）", " (of {t} before folding)"],
    nothing: ["无匹配", "No match"],
    details: ["点击节点查看详情与相邻节点。", "Click a node for its details and neighbours."],
    neighbours: ["相邻节点", "Neighbours"],
    hiddenHit: ["（已被筛选隐藏，选中后显示）", " (hidden by a filter; shown when chosen)"]
  };
  function t(key) { return UI[key][lang]; }

  // -- small DOM helpers: text only ------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function value(r) {
    if (typeof r[2] === "number") { return D.strings[r[2]][lang]; }
    return lang === 1 && r.length > 3 ? r[3] : r[2];
  }
  function rowsTable(rows) {
    var table = el("table", "rows");
    rows.forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("th", null, r[lang]));
      tr.appendChild(el("td", null, value(r)));
      table.appendChild(tr);
    });
    return table;
  }
  function nodeRows(n) {
    return n.ag ? n.t : n.t.concat([["IRI", "IRI", n.iri]]);
  }
  function edgeRows(e) {
    var a = byId[e.from], b = byId[e.to];
    return [
      ["关系", "link", e.l[0] + "（" + e.k + "）", e.l[1] + " (" + e.k + ")"],
      ["从", "from", fullLabel(a, 0), fullLabel(a, 1)],
      ["到", "to", fullLabel(b, 0), fullLabel(b, 1)]
    ].concat(e.t);
  }

  // -- data ------------------------------------------------------------------------------
  var byId = {}, byIri = {};
  D.nodes.forEach(function (n) { byId[n.id] = n; byIri[n.iri] = n; });
  var edgeById = {};
  D.edges.forEach(function (e) { edgeById[e.id] = e; });
  var big = D.nodes.length > 500;
  var baseEdgeColour = META.edgeColour;
  var red = META.highlight;

  function edgeColour(e, opacity) {
    var c = e.h ? red : (e.q ? "#c3cad1" : baseEdgeColour);
    return { color: c, highlight: red, hover: red, inherit: false, opacity: opacity };
  }
  function nodeItem(n) {
    var item = {
      id: n.id, x: n.x, y: n.y, group: n.group, size: n.size,
      label: n.l[lang], opacity: n.fa ? 0.55 : 1, borderWidth: n.fo ? 5 : 2
    };
    if (n.fo) { item.font = { size: 20 }; }
    if (n.ag) { item.shapeProperties = { borderDashes: META.dashes }; }
    return item;
  }
  function edgeItem(e) {
    var item = {
      id: e.id, from: e.from, to: e.to, color: edgeColour(e, 1),
      width: e.h ? 4 : 1, label: e.q ? undefined : e.l[lang]
    };
    if (e.d) { item.dashes = true; }
    if (e.r) {
      item.smooth = { enabled: true, type: e.r > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.r) };
    }
    if (e.h) { item.font = { color: red, size: 12 }; }
    return item;
  }

  var nodes = new vis.DataSet(D.nodes.map(nodeItem));
  var edges = new vis.DataSet(D.edges.map(edgeItem));
  var container = document.getElementById("graph");
  var font = META.font;
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 0 },
    interaction: {
      hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
      navigationButtons: false, keyboard: false, multiselect: false
    },
    nodes: {
      borderWidth: 2,
      font: { face: font, size: 14, color: "#1b1b1b", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: 5 } }
    },
    edges: {
      smooth: false,
      arrows: { to: { enabled: true, scaleFactor: 0.45 } },
      width: 1,
      selectionWidth: 1.5,
      hoverWidth: 0.5,
      font: { face: font, size: 10, color: "#4a4a4a", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" }
    },
    groups: D.groups
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  var kg = {
    network: network, nodes: nodes, edges: edges, data: D,
    ready: false, timing: { script: performance.now() }, focused: null
  };
  window.kgView = kg;
  network.once("afterDrawing", function () {
    kg.timing.drawn = performance.now();
    kg.ready = true;
    document.documentElement.setAttribute("data-ready", "1");
  });

  // -- tooltip ---------------------------------------------------------------------------
  var tip = document.getElementById("tip");
  function showTip(title, rows, pointer) {
    clear(tip);
    tip.appendChild(el("div", "tip-title", title));
    tip.appendChild(rowsTable(rows));
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = box.left + pointer.x + 14;
    var y = box.top + pointer.y + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) { x = Math.max(8, box.left + pointer.x - w - 14); }
    if (y + h > window.innerHeight - 8) { y = Math.max(8, box.top + pointer.y - h - 14); }
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; }
  function fullLabel(n, which) {
    var code = which === undefined ? lang : which;
    return n.l[code].replace(/\n/g, code ? " " : "");
  }
  network.on("hoverNode", function (p) {
    var n = byId[p.node];
    if (n) { showTip(fullLabel(n), nodeRows(n), p.pointer.DOM); }
  });
  network.on("hoverEdge", function (p) {
    var e = edgeById[p.edge];
    if (e) { showTip(e.l[lang], edgeRows(e), p.pointer.DOM); }
  });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // -- highlight and details ---------------------------------------------------------------
  var details = document.getElementById("details");
  function showDetails(id) {
    clear(details);
    var n = byId[id];
    if (!n) { details.appendChild(el("p", "hint", t("details"))); return; }
    details.appendChild(el("h2", null, fullLabel(n)));
    details.appendChild(rowsTable(nodeRows(n)));
    var near = network.getConnectedNodes(id);
    if (near.length) {
      details.appendChild(el("h3", null, t("neighbours") + " (" + near.length + ")"));
      var ul = el("ul", "neighbours");
      near.map(function (m) { return byId[m]; }).filter(Boolean)
        .sort(function (a, b) { return fullLabel(a).localeCompare(fullLabel(b)); })
        .forEach(function (m) {
          var li = el("li");
          var b = el("button", "link", fullLabel(m));
          b.type = "button";
          b.addEventListener("click", function () { focusNode(m.id); });
          li.appendChild(b);
          ul.appendChild(li);
        });
      details.appendChild(ul);
    }
  }
  function highlight(id) {
    var keepN = {};
    keepN[id] = true;
    network.getConnectedNodes(id).forEach(function (m) { keepN[m] = true; });
    var keepE = {};
    network.getConnectedEdges(id).forEach(function (e) { keepE[e] = true; });
    nodes.update(D.nodes.map(function (n) {
      return { id: n.id, opacity: keepN[n.id] ? 1 : 0.12 };
    }));
    edges.update(D.edges.map(function (e) {
      return { id: e.id, color: edgeColour(e, keepE[e.id] ? 1 : 0.08) };
    }));
    kg.highlighted = Object.keys(keepN).map(function (k) { return byId[k].iri; });
  }
  function unhighlight() {
    nodes.update(D.nodes.map(function (n) { return { id: n.id, opacity: n.fa ? 0.55 : 1 }; }));
    edges.update(D.edges.map(function (e) { return { id: e.id, color: edgeColour(e, 1) }; }));
    kg.highlighted = null;
    kg.focused = null;
    network.unselectAll();
    showDetails(null);
  }
  function focusNode(id) {
    var n = byId[id];
    if (!n) { return false; }
    reveal(n);
    network.selectNodes([id]);
    highlight(id);
    showDetails(id);
    network.focus(id, {
      scale: Math.max(network.getScale(), 1.1),
      animation: { duration: 350, easingFunction: "easeInOutQuad" }
    });
    kg.focused = n.iri;
    return true;
  }
  kg.focus = function (iri) { return byIri[iri] ? focusNode(byIri[iri].id) : false; };
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) {
      highlight(p.nodes[0]);
      showDetails(p.nodes[0]);
      kg.focused = byId[p.nodes[0]].iri;
    } else if (!p.edges.length) {
      unhighlight();
    }
  });

  // -- search ----------------------------------------------------------------------------
  var input = document.getElementById("search");
  var results = document.getElementById("results");
  var haystack = D.nodes.map(function (n) {
    return { id: n.id, texts: n.s.map(function (s) { return s.toLowerCase(); }) };
  });
  function search(q) {
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    var hits = [];
    haystack.forEach(function (h) {
      var best = 9;
      h.texts.forEach(function (s) {
        var rank = s === q ? 0 : (s.indexOf(q) === 0 ? 1 : (s.indexOf(q) > 0 ? 2 : 9));
        if (rank < best) { best = rank; }
      });
      if (best < 9) { hits.push([best, fullLabel(byId[h.id]).length, h.id]); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1); });
    return hits.map(function (h) { return h[2]; });
  }
  kg.search = function (q) { return search(q).map(function (id) { return byId[id].iri; }); };
  function showResults() {
    var ids = search(input.value).slice(0, 12);
    clear(results);
    if (!input.value.trim()) { results.hidden = true; return; }
    if (!ids.length) {
      results.appendChild(el("li", "empty", t("nothing")));
    }
    ids.forEach(function (id) {
      var n = byId[id];
      var li = el("li", "hit");
      li.setAttribute("role", "option");
      li.appendChild(el("span", "hit-label", fullLabel(n)));
      var other = n.s.filter(function (s) { return s !== fullLabel(n); })[0];
      if (other) { li.appendChild(el("span", "hit-other", other)); }
      if (!visible(n)) { li.appendChild(el("span", "hit-other", t("hiddenHit"))); }
      li.addEventListener("mousedown", function (ev) {
        ev.preventDefault();
        choose(id);
      });
      results.appendChild(li);
    });
    results.hidden = false;
  }
  function choose(id) {
    results.hidden = true;
    input.value = fullLabel(byId[id]);
    focusNode(id);
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var ids = search(input.value);
      if (ids.length) { choose(ids[0]); }
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  input.addEventListener("blur", function () { results.hidden = true; });

  // -- filters by class and by sector (the legend's check boxes) ---------------------------
  var hiddenClass = {}, hiddenSector = {};
  function visible(n) {
    if (hiddenClass[n.c]) { return false; }
    return n.k.some(function (s) { return !hiddenSector[s]; });
  }
  function applyFilters() {
    var show = {};
    var changedN = [], shownN = 0;
    D.nodes.forEach(function (n) {
      var v = visible(n);
      show[n.id] = v;
      if (v) { shownN += 1; }
      changedN.push({ id: n.id, hidden: !v });
    });
    var changedE = [], shownE = 0;
    D.edges.forEach(function (e) {
      var v = show[e.from] && show[e.to];
      if (v) { shownE += 1; }
      changedE.push({ id: e.id, hidden: !v });
    });
    nodes.update(changedN);
    edges.update(changedE);
    kg.shown = { nodes: shownN, edges: shownE };
    status();
  }
  function reveal(n) {
    if (visible(n)) { return; }
    hiddenClass[n.c] = false;
    n.k.forEach(function (s) { hiddenSector[s] = false; });
    syncBoxes();
    applyFilters();
  }
  kg.filter = function (kind, key, on) {
    (kind === "class" ? hiddenClass : hiddenSector)[key] = !on;
    syncBoxes();
    applyFilters();
  };

  var legend = document.getElementById("legend");
  var boxes = [];
  function syncBoxes() {
    boxes.forEach(function (b) {
      b.input.checked = !(b.kind === "class" ? hiddenClass : hiddenSector)[b.key];
    });
  }
  function legendBlock(titleKey, kind, entries, swatch) {
    var block = el("div", "legend-block");
    var head = el("h3", null, t(titleKey));
    block.appendChild(head);
    var ul = el("ul", "legend-list");
    entries.forEach(function (entry) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-" + kind, entry.key);
      box.addEventListener("change", function () { kg.filter(kind, entry.key, box.checked); });
      boxes.push({ input: box, kind: kind, key: entry.key });
      label.appendChild(box);
      label.appendChild(swatch(entry));
      label.appendChild(el("span", "legend-text", entry[lang ? "en" : "zh"]));
      if (kind === "sector" && entry.key !== "-") {
        label.appendChild(el("span", "legend-code", entry.key));
      }
      li.appendChild(label);
      ul.appendChild(li);
    });
    block.appendChild(ul);
    var all = el("button", "small", t("all"));
    all.type = "button";
    all.addEventListener("click", function () {
      entries.forEach(function (e) { (kind === "class" ? hiddenClass : hiddenSector)[e.key] = false; });
      syncBoxes();
      applyFilters();
    });
    var none = el("button", "small", t("none"));
    none.type = "button";
    none.addEventListener("click", function () {
      entries.forEach(function (e) { (kind === "class" ? hiddenClass : hiddenSector)[e.key] = true; });
      syncBoxes();
      applyFilters();
    });
    block.appendChild(all);
    block.appendChild(none);
    return block;
  }
  var statusLine = el("p", "status");
  function status() {
    var s = t("shown").replace("{n}", kg.shown.nodes).replace("{m}", D.nodes.length)
      .replace("{e}", kg.shown.edges);
    if (META.total > D.nodes.length) { s += t("folded").replace("{t}", META.total); }
    statusLine.textContent = s;
  }
  function drawLegend() {
    clear(legend);
    boxes = [];
    legend.appendChild(el("h2", null, t("legend")));
    legend.appendChild(statusLine);
    legend.appendChild(legendBlock("classes", "class", D.legend.classes, function (e) {
      var s = el("span", "glyph", e.glyph);
      s.style.color = e.colour;
      return s;
    }));
    if (D.legend.sectors.length) {
      legend.appendChild(legendBlock("sectors", "sector", D.legend.sectors, function (e) {
        var s = el("span", "swatch");
        s.style.background = e.colour;
        return s;
      }));
    }
    syncBoxes();
    status();
  }

  // -- language, buttons, note ---------------------------------------------------------------
  var note = document.getElementById("note");
  function drawChrome() {
    document.documentElement.lang = lang ? "en" : "zh-Hans";
    document.title = META.title[lang];
    document.getElementById("title").textContent = META.title[lang];
    input.placeholder = t("search");
    document.getElementById("fit").textContent = t("fit");
    document.getElementById("reset").textContent = t("reset");
    document.getElementById("lang").textContent = t("lang");
    var text = META.note[lang];
    note.textContent = text || "";
    note.hidden = !text;
  }
  function setLang(code) {
    lang = code === "en" ? 1 : 0;
    nodes.update(D.nodes.map(function (n) { return { id: n.id, label: n.l[lang] }; }));
    edges.update(D.edges.map(function (e) { return { id: e.id, label: e.q ? undefined : e.l[lang] }; }));
    drawChrome();
    drawLegend();
    showDetails(kg.focused === null ? null : byIri[kg.focused].id);
    if (!results.hidden) { showResults(); }
  }
  kg.setLang = setLang;
  document.getElementById("lang").addEventListener("click", function () {
    setLang(lang ? "zh" : "en");
  });
  document.getElementById("fit").addEventListener("click", function () {
    network.fit({ animation: false });
  });
  document.getElementById("reset").addEventListener("click", unhighlight);

  kg.shown = { nodes: D.nodes.length, edges: D.edges.length };
  drawChrome();
  drawLegend();
  showDetails(null);
}());
