"""How readable a drawn graph is, measured in the browser from vis-network's own positions.

Used by the browser tests and by screenshots.py (which prints the numbers for the docs). The page must
have drawn its graph (``#graph[data-stable=true]``); everything is read from ``window.paperkgGraph``.

* ``labels``: nodes whose name is drawn at the current zoom (vis-network skips a label smaller than
  ``scaling.label.drawThreshold - 1`` pixels on screen), ``small`` of them under ``READABLE_PX``;
* ``overlaps``: pairs of drawn labels whose boxes intersect by more than ``TOLERANCE_PX`` each way
  (in screen pixels), and ``covered``: drawn labels lying over another node's shape;
* ``cells``: the share of a 8 x 5 grid over the canvas holding at least one node (a layout squeezed
  into the middle with a few outliers at the edges fills few cells; a layout using the canvas most);
* ``stable_ms``: when graph.js saw the layout settle (``data-stable-ms``, ms since navigation).
"""

from __future__ import annotations

READABLE_PX = 9.0  # a label drawn smaller than this is a smudge, not a name
TOLERANCE_PX = 1.0
GRID = (8, 5)

_PROBE = """([tol, gx, gy]) => {
  const net = window.paperkgGraph.network;
  const holder = document.getElementById('graph');
  const W = holder.clientWidth, H = holder.clientHeight;
  const scale = net.getScale();
  const INSIDE = ['box', 'ellipse', 'circle', 'database', 'text'];
  const labels = [], shapes = [];
  const cells = new Set();
  for (const id of Object.keys(net.body.nodes)) {
    const node = net.body.nodes[id];
    if (!net.body.data.nodes.get(id)) { continue; }
    const p = net.canvasToDOM({x: node.x, y: node.y});
    if (p.x >= 0 && p.x <= W && p.y >= 0 && p.y <= H) {
      cells.add(Math.min(gx - 1, Math.floor(p.x / W * gx)) + ','
                + Math.min(gy - 1, Math.floor(p.y / H * gy)));
    }
    if (INSIDE.includes(node.options.shape)) {  // the label is the shape: the label boxes cover it
      const bb = node.shape.boundingBox;
      const a = net.canvasToDOM({x: bb.left, y: bb.top}), b = net.canvasToDOM({x: bb.right, y: bb.bottom});
      shapes.push({id: id, x0: a.x, y0: a.y, x1: b.x, y1: b.y});
    } else {
      const r = (node.shape.options.size || 10) * scale;
      shapes.push({id: id, x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r});
    }
    const text = (node.options.label || '').trim();
    const px = node.labelModule.fontOptions.size * scale;
    const threshold = node.options.scaling.label.drawThreshold;
    if (!text || px < threshold - 1) { continue; }
    const s = node.labelModule.size;  // canvas units, set when the label was last drawn
    const a = net.canvasToDOM({x: s.left, y: s.top});
    const b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
    labels.push({id: id, text: text, px: px, x0: a.x, y0: a.y, x1: b.x, y1: b.y});
  }
  const cut = (u, v) => Math.min(u.x1, v.x1) - Math.max(u.x0, v.x0) > tol
                     && Math.min(u.y1, v.y1) - Math.max(u.y0, v.y0) > tol;
  const overlaps = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      if (cut(labels[i], labels[j])) { overlaps.push([labels[i].text, labels[j].text]); }
    }
  }
  const covered = [];
  for (const l of labels) {
    const under = shapes.find(s => s.id !== l.id && cut(l, s));
    if (under) { covered.push([l.text, under.id]); }
  }
  return {nodes: net.body.data.nodes.length, labels: labels.length,
          sizes: labels.map(l => l.px), overlaps: overlaps, covered: covered,
          cells: cells.size / (gx * gy), scale: scale,
          stable_ms: Number(holder.getAttribute('data-stable-ms') || 0),
          first_draw_ms: Number(holder.getAttribute('data-first-draw-ms') || 0)};
}"""


def measure(page) -> dict:
    """The numbers above for the graph drawn on ``page`` (a Playwright page), after two more frames so
    every label's box is that of the final picture."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    found = page.evaluate(_PROBE, [TOLERANCE_PX, *GRID])
    found["small"] = sum(1 for px in found["sizes"] if px < READABLE_PX)
    found["min_px"] = round(min(found["sizes"], default=0.0), 1)
    found["cells"] = round(found["cells"], 2)
    del found["sizes"]
    return found


def summary(found: dict) -> str:
    return (f"{found['nodes']} nodes, {found['labels']} labels drawn "
            f"({found['small']} under {READABLE_PX:g}px, "
            f"smallest {found['min_px']}px), {len(found['overlaps'])} overlapping label pairs, "
            f"{len(found['covered'])} labels over a node, {found['cells']:.0%} of the canvas grid used, "
            f"stable at {found['stable_ms']} ms")
