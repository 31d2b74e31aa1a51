/* Client-side search over window.PAPERKG_SEARCH (loaded from search-index.js, since file://
 * pages cannot fetch JSON). The index is columns (types, names, aliases, urls, papers): compact at
 * 100k names. Entries are folded for matching on first use, not at load, so a big index does not
 * delay the page. Results are built with textContent: names are never HTML. */
(function () {
  "use strict";
  var LIMIT = 40;
  var TYPES = { M: "Method", D: "Dataset", T: "Metric", P: "Paper" };
  var entries = null;

  function load() {
    if (entries) { return entries; }
    var idx = window.PAPERKG_SEARCH || { types: "", names: [], aliases: [], urls: [], papers: [] };
    entries = new Array(idx.names.length);
    for (var i = 0; i < idx.names.length; i++) {
      var e = { type: TYPES[idx.types.charAt(i)] || "Node", name: idx.names[i], aliases: idx.aliases[i] || [],
                url: idx.urls[i], papers: idx.papers[i] || 0 };
      entries[i] = { e: e, hay: fold([e.name].concat(e.aliases).join(" \u0001 ")) };
    }
    return entries;
  }

  function fold(text) {
    return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function rank(entry, q) {
    var name = fold(entry.e.name);
    if (name === q) { return 0; }
    if (name.indexOf(q) === 0) { return 1; }
    if (name.indexOf(q) > 0) { return 2; }
    return 3; // alias match
  }

  function show(query) {
    var list = document.getElementById("search-results");
    var summary = document.getElementById("search-summary");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var q = fold(query.trim());
    if (!q) { summary.textContent = ""; return; }
    var hits = load().filter(function (x) { return x.hay.indexOf(q) !== -1; });
    hits.sort(function (a, b) {
      return rank(a, q) - rank(b, q) || (b.e.papers || 0) - (a.e.papers || 0) || a.e.name.localeCompare(b.e.name);
    });
    summary.textContent = hits.length === 0 ? "No match." :
      hits.length + (hits.length === 1 ? " match" : " matches") + (hits.length > LIMIT ? " (first " + LIMIT + " shown)" : "");
    hits.slice(0, LIMIT).forEach(function (x) {
      var li = document.createElement("li");
      var badge = document.createElement("span");
      badge.className = "badge badge-" + x.e.type.toLowerCase();
      badge.textContent = x.e.type;
      var a;
      if (x.e.url) {
        a = document.createElement("a");
        a.href = x.e.url;
      } else {
        a = document.createElement("span");
        a.className = "nopage";
        a.title = "no page in this site";
      }
      a.textContent = x.e.name;
      li.appendChild(badge);
      li.appendChild(a);
      if (x.e.aliases && x.e.aliases.length) {
        var al = document.createElement("span");
        al.className = "muted";
        al.textContent = " " + x.e.aliases.join(", ");
        li.appendChild(al);
      }
      if (x.e.papers) {
        var c = document.createElement("span");
        c.className = "count";
        c.textContent = x.e.papers;
        li.appendChild(c);
      }
      list.appendChild(li);
    });
  }

  var input = document.getElementById("search");
  if (!input) { return; }
  input.addEventListener("input", function () { show(input.value); });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { input.value = q; }
  show(input.value);
})();
