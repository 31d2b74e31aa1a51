/* Draws the page's graph from the JSON in #graph-data with vis-network.
 * Tooltips are built as DOM text (never HTML) so names read from papers stay inert.
 * A graph laid out in Python (physics off in its options) is drawn as placed, fitted to the canvas,
 * and is interactive at its first frame; otherwise physics runs until the layout stabilises, then
 * stops so the page stays cool and fluid. data-stable-ms on #graph says when either happened. */
(function () {
  "use strict";

  function tooltip(text) {
    var box = document.createElement("div");
    box.className = "graph-tip";
    String(text).split("\n").forEach(function (line, i) {
      var row = document.createElement("div");
      row.className = i === 0 ? "graph-tip-head" : "graph-tip-line";
      row.textContent = line;
      box.appendChild(row);
    });
    return box;
  }

  function draw() {
    var holder = document.getElementById("graph");
    var source = document.getElementById("graph-data");
    if (!holder || !source || typeof vis === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var status = document.getElementById("graph-status");
    var root = holder.getAttribute("data-root") || "";
    var follow = holder.getAttribute("data-links") !== "off";
    data.nodes.forEach(function (n) { if (n.title) { n.title = tooltip(n.title); } });
    data.edges.forEach(function (e) { if (e.title) { e.title = tooltip(e.title); } });
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(holder, { nodes: nodes, edges: edges }, data.options);

    network.on("stabilizationProgress", function (p) {
      if (status) { status.textContent = "Laying out the graph… " + Math.round(100 * p.iterations / p.total) + "%"; }
    });
    network.once("afterDrawing", function () {
      holder.setAttribute("data-first-draw-ms", String(Math.round(performance.now())));
    });
    function stable() {
      if (status) { status.remove(); }
      holder.setAttribute("data-stable-ms", String(Math.round(performance.now())));
      holder.setAttribute("data-stable", "true");
    }
    var placed = !(data.options.physics && data.options.physics.enabled);
    if (placed) {
      network.fit();
      network.once("afterDrawing", stable);
      if (data.center) { network.selectNodes([data.center]); }
    } else {
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: false });
        stable();
      });
    }
    network.on("hoverNode", function (p) {
      var node = nodes.get(p.node);
      holder.style.cursor = follow && node && node.url ? "pointer" : "default";
    });
    network.on("blurNode", function () { holder.style.cursor = "default"; });
    network.on("click", function (p) {
      if (!follow || !p.nodes.length) { return; }
      var node = nodes.get(p.nodes[0]);
      if (node && node.url) { window.location.href = root + node.url; }
    });
    if (data.center && !placed) {
      network.once("stabilized", function () { network.selectNodes([data.center]); });
    }
    window.paperkgGraph = { network: network, nodes: nodes, edges: edges };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
