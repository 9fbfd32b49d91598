/* ML Engineer Handbook: filters, done-marks and progress, export/import, interview practice.
 *
 * Vanilla JavaScript, no dependencies, nothing loaded from the network. The pages are
 * complete without it (every item is listed); this file only adds controls. It re-runs on
 * every page Material's instant navigation shows (document$), and keeps per-item work to
 * toggling an attribute on nodes collected once per page, so catalogs of thousands of
 * entries stay fast.
 *
 * Progress lives in localStorage under KEY, keyed by the items' stable ids. Ids that no
 * longer exist on the site are kept (they may come back) but never counted.
 */
(function () {
  "use strict";

  var KEY = "hb-progress-v1";
  var FORMAT = "ml-engineer-handbook-progress";
  var ID_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var LEVELS = ["beginner", "intermediate", "advanced"];
  var DIFFICULTIES = ["easy", "medium", "hard"];
  var MANY = 500; /* items on a page from which rendering shortcuts pay off (see CSS) */

  /* ------------------------------------------------------------------ storage */

  function emptyState() {
    return { done: {}, practice: {} };
  }

  /* Accept anything; keep only well-formed ids. `done` may be a list or an {id: truthy} map. */
  function sanitize(raw) {
    var state = emptyState();
    if (!raw || typeof raw !== "object") return state;
    var done = raw.done;
    if (Array.isArray(done)) {
      done.forEach(function (id) {
        if (typeof id === "string" && ID_RE.test(id)) state.done[id] = 1;
      });
    } else if (done && typeof done === "object") {
      Object.keys(done).forEach(function (id) {
        if (ID_RE.test(id) && done[id]) state.done[id] = 1;
      });
    }
    var practice = raw.practice;
    if (practice && typeof practice === "object" && !Array.isArray(practice)) {
      Object.keys(practice).forEach(function (id) {
        var mark = practice[id];
        if (ID_RE.test(id) && (mark === "knew" || mark === "review")) state.practice[id] = mark;
      });
    }
    return state;
  }

  function load() {
    try {
      return sanitize(JSON.parse(window.localStorage.getItem(KEY) || "null"));
    } catch (err) {
      return emptyState();
    }
  }

  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({
        version: 1, done: Object.keys(S.done).sort(), practice: S.practice
      }));
    } catch (err) {
      /* Storage full or disabled (private mode): progress lasts for this page only. */
    }
    /* path.js (plan, "next up", continue card) follows progress through this event. */
    document.dispatchEvent(new CustomEvent("hb:progress"));
  }

  var S = load();

  /* ------------------------------------------------------------------ helpers */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        if (attrs[name] === true) node.setAttribute(name, "");
        else if (attrs[name] !== false && attrs[name] != null) node.setAttribute(name, attrs[name]);
      });
    }
    if (text != null) node.textContent = text;
    return node;
  }

  function cap(word) {
    return word ? word.charAt(0).toUpperCase() + word.slice(1) : word;
  }

  function words(value) {
    return value ? value.split(" ").filter(Boolean) : [];
  }

  /* The resource kinds' labels and order, written into every page at build time from the
     registry in scripts/handbook/model.py ({kind: {id: label}, kindOrder: [ids]}). */
  function kindLabels() {
    var node = document.getElementById("hb-kinds");
    if (!node) return {};
    try {
      return JSON.parse(node.textContent) || {};
    } catch (err) {
      return {};
    }
  }

  /* A filter's labels: the stage and topic titles its placeholder carries, plus the kinds. */
  function filterLabels(host) {
    var labels = jsonAttr(host, "data-labels");
    var kinds = kindLabels();
    Object.keys(kinds).forEach(function (key) {
      if (!(key in labels)) labels[key] = kinds[key];
    });
    return labels;
  }

  function jsonAttr(node, name) {
    try {
      return JSON.parse(node.getAttribute(name) || "{}") || {};
    } catch (err) {
      return {};
    }
  }

  var uid = 0;
  function nextId(prefix) {
    uid += 1;
    return prefix + "-" + uid;
  }

  /* ------------------------------------------------------------------ page model */

  /* Everything collected from the current page, rebuilt on each navigation. */
  var page = null;

  function collect() {
    var nodes = document.querySelectorAll(".hb-item[data-id]");
    var items = new Array(nodes.length);
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var question = node.classList.contains("hb-question");
      items[i] = {
        el: node,
        id: node.getAttribute("data-id"),
        scope: question ? "questions" : "resources",
        hidden: false,
        box: null,
        vals: {
          kind: [node.getAttribute("data-kind") || ""],
          level: [node.getAttribute("data-level") || ""],
          cost: [node.getAttribute("data-cost") || ""],
          difficulty: [node.getAttribute("data-difficulty") || ""],
          stage: words(node.getAttribute("data-stages")),
          topic: question ? [node.getAttribute("data-topic") || ""]
            : words(node.getAttribute("data-topics"))
        }
      };
    }
    var manifestNode = document.getElementById("hb-manifest");
    var manifest = null;
    if (manifestNode) {
      try {
        manifest = JSON.parse(manifestNode.textContent);
      } catch (err) {
        manifest = null;
      }
    }
    return { items: items, manifest: manifest, filters: [], practice: null };
  }

  /* ------------------------------------------------------------------ done-marks */

  var boxTemplate = (function () {
    var label = el("label", { "class": "hb-done" });
    /* autocomplete=off: the browser neither restores stale states on back/forward nor
     * serializes thousands of boxes into session history on every history.replaceState. */
    var input = el("input", { type: "checkbox", "class": "hb-done__box", autocomplete: "off" });
    label.appendChild(input);
    label.appendChild(document.createTextNode(" Done"));
    return label;
  })();

  function addDoneMarks(items) {
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      if (item.el.querySelector(".hb-done")) {
        item.box = item.el.querySelector(".hb-done__box");
      } else {
        var label = boxTemplate.cloneNode(true);
        var box = label.firstChild;
        box.setAttribute("data-hb-id", item.id);
        /* Name "Done", described by the item's own heading (its id is the item id). */
        if (document.getElementById(item.id)) box.setAttribute("aria-describedby", item.id);
        var marks = item.el.querySelector(".hb-marks");
        if (marks) marks.insertBefore(label, marks.firstChild);
        else item.el.insertBefore(label, item.el.firstChild);
        item.box = box;
      }
      var done = !!S.done[item.id];
      item.box.checked = done;
      item.el.classList.toggle("hb-is-done", done);
    }
  }

  function setDone(id, done) {
    if (done) S.done[id] = 1;
    else delete S.done[id];
    save();
    refresh();
  }

  /* ------------------------------------------------------------------ progress */

  /* stage id -> list of item ids: from the home page manifest, else from this page's items. */
  function stageIndex() {
    var index = {};
    var all = {};
    var m = page.manifest;
    if (m && m.stages && m.items) {
      m.stages.forEach(function (stage) { index[stage] = []; });
      Object.keys(m.items).forEach(function (id) {
        all[id] = 1;
        (m.items[id] || []).forEach(function (n) {
          var stage = m.stages[n];
          if (stage) index[stage].push(id);
        });
      });
    } else {
      var seen = {};
      page.items.forEach(function (item) {
        all[item.id] = 1;
        item.vals.stage.forEach(function (stage) {
          var key = stage + " " + item.id;
          if (seen[key]) return;
          seen[key] = 1;
          (index[stage] = index[stage] || []).push(item.id);
        });
      });
    }
    return { index: index, all: Object.keys(all) };
  }

  function countDone(ids) {
    var n = 0;
    for (var i = 0; i < ids.length; i++) if (S.done[ids[i]]) n++;
    return n;
  }

  function renderBar(host, done, total, label) {
    var pct = total ? Math.round((100 * done) / total) : 0;
    var bar = host.querySelector(".hb-bar");
    if (!bar) {
      host.textContent = "";
      bar = el("span", { "class": "hb-bar", role: "progressbar", "aria-valuemin": "0" });
      bar.appendChild(el("span", { "class": "hb-bar__fill" }));
      host.appendChild(bar);
      host.appendChild(el("span", { "class": "hb-bar__text" }));
    }
    bar.setAttribute("aria-label", label);
    bar.setAttribute("aria-valuemax", String(total));
    bar.setAttribute("aria-valuenow", String(done));
    bar.setAttribute("aria-valuetext", done + " of " + total + " done");
    bar.firstChild.style.width = pct + "%";
    host.querySelector(".hb-bar__text").textContent = done + "/" + total + " done";
    host.setAttribute("data-done", String(done));
    host.setAttribute("data-total", String(total));
  }

  function stageTitle(stage, host) {
    var link = host.parentNode && host.parentNode.querySelector("a[href]");
    var title = document.querySelector("h1");
    if (page.manifest && link) return link.textContent.trim();
    return title ? title.textContent.replace(/¶$/, "").trim() : stage;
  }

  function updateProgress() {
    var hosts = document.querySelectorAll(".hb-progress[data-stage]");
    var panel = document.querySelector(".hb-progress-panel");
    if (!hosts.length && !panel) return;
    var idx = stageIndex();
    for (var i = 0; i < hosts.length; i++) {
      var stage = hosts[i].getAttribute("data-stage");
      var ids = idx.index[stage] || [];
      renderBar(hosts[i], countDone(ids), ids.length, "Progress in " + stageTitle(stage, hosts[i]));
    }
    if (panel) updatePanel(panel, idx.all);
  }

  /* ------------------------------------------------------------------ export / import / reset */

  function exportProgress() {
    var data = {
      format: FORMAT,
      version: 1,
      exported: new Date().toISOString(),
      done: Object.keys(S.done).sort(),
      practice: S.practice
    };
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    var link = el("a", { href: URL.createObjectURL(blob), download: "handbook-progress.json" });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 0);
  }

  /* Merge an exported file into the stored progress; returns a message for the status line. */
  function importText(text) {
    var raw;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      return "That file is not JSON; nothing was imported.";
    }
    if (!raw || typeof raw !== "object" || (raw.format && raw.format !== FORMAT)) {
      return "That file is not a handbook progress export; nothing was imported.";
    }
    var incoming = sanitize(raw);
    var n = 0;
    Object.keys(incoming.done).forEach(function (id) {
      if (!S.done[id]) n++;
      S.done[id] = 1;
    });
    Object.keys(incoming.practice).forEach(function (id) {
      S.practice[id] = incoming.practice[id];
    });
    save();
    refresh();
    return "Imported: " + n + " new done mark" + (n === 1 ? "" : "s") + ".";
  }

  function resetProgress() {
    var msg = "Reset your progress? Every done mark and practice mark stored in this browser " +
      "will be deleted. Export first if you want a copy.";
    if (!window.confirm(msg)) return false;
    S = emptyState();
    save();
    refresh();
    return true;
  }

  function buildPanel(panel) {
    if (panel.getAttribute("data-ready")) return;
    panel.setAttribute("data-ready", "1");
    panel.textContent = "";
    var titleId = nextId("hb-progress-title");
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-labelledby", titleId);
    panel.appendChild(el("p", { "class": "hb-panel__title", id: titleId }, "Your progress"));
    var overall = el("span", { "class": "hb-progress hb-progress--overall" });
    panel.appendChild(overall);
    panel.appendChild(el("p", { "class": "hb-panel__note" },
      "Stored only in this browser, under each item's stable id: it survives reloads and " +
      "handbook updates. Export it to keep a copy or move it to another browser."));
    var actions = el("p", { "class": "hb-panel__actions" });
    var exp = el("button", { type: "button", "class": "hb-button", "data-hb-action": "export" },
      "Export progress");
    var fileId = nextId("hb-import");
    var file = el("input", {
      type: "file", id: fileId, accept: "application/json,.json", "class": "hb-visually-hidden",
      "data-hb-action": "import-file"
    });
    var imp = el("label", { "for": fileId, "class": "hb-button", "data-hb-action": "import" },
      "Import progress");
    var reset = el("button", {
      type: "button", "class": "hb-button hb-button--danger", "data-hb-action": "reset"
    }, "Reset progress");
    actions.appendChild(exp);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(file);
    actions.appendChild(imp);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(reset);
    panel.appendChild(actions);
    panel.appendChild(el("p", { "class": "hb-panel__status", role: "status" }));
    file.addEventListener("change", function () {
      var chosen = file.files && file.files[0];
      if (!chosen) return;
      chosen.text().then(function (text) {
        status(panel, importText(text));
        file.value = "";
      });
    });
    /* The label acts as the import button: make it keyboard-operable like one. */
    imp.setAttribute("tabindex", "0");
    imp.setAttribute("role", "button");
    imp.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        file.click();
      }
    });
  }

  function status(panel, message) {
    var line = panel.querySelector(".hb-panel__status");
    if (line) line.textContent = message;
  }

  function updatePanel(panel, allIds) {
    var overall = panel.querySelector(".hb-progress--overall");
    if (overall) renderBar(overall, countDone(allIds), allIds.length, "Overall progress");
  }

  /* ------------------------------------------------------------------ filters */

  var DIMS = {
    resources: [
      /* Kinds are ordered and labelled by the page (kindLabels): no list of them here. */
      { key: "kind", label: "Kind", all: "All kinds" },
      { key: "level", label: "Level", all: "All levels", order: LEVELS },
      { key: "stage", label: "Stage", all: "All stages" },
      { key: "topic", label: "Topic", all: "All topics" },
      { key: "status", label: "Status", all: "Done or not" },
      { key: "free", label: "Free only", checkbox: true, field: "cost", value: "free" }
    ],
    questions: [
      { key: "difficulty", label: "Difficulty", all: "All difficulties", order: DIFFICULTIES },
      { key: "topic", label: "Topic", all: "All topics" },
      { key: "stage", label: "Stage", all: "All stages" },
      { key: "status", label: "Status", all: "Done or not" }
    ]
  };
  var STATUS = { todo: "Not done yet", done: "Done" };
  var DONE = ["done"];
  var TODO = ["todo"];

  function valuesOf(item, dim) {
    if (dim.key === "status") return [S.done[item.id] ? "done" : "todo"];
    if (dim.checkbox) return item.vals[dim.field][0] === dim.value ? ["1"] : [];
    return item.vals[dim.key];
  }

  function buildFilter(host, scope, labels) {
    var items = page.items.filter(function (item) { return item.scope === scope; });
    if (!items.length) return null;
    var f = { host: host, scope: scope, items: items, dims: [], state: {}, groups: [] };
    var form = el("form", { "class": "hb-filter-form", role: "search",
      "aria-label": scope === "questions" ? "Filter questions" : "Filter resources" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var row = el("div", { "class": "hb-filter-row" });
    DIMS[scope].forEach(function (spec) {
      var present = {};
      items.forEach(function (item) {
        valuesOf(item, spec).forEach(function (v) { if (v) present[v] = 1; });
      });
      var values = spec.key === "status" ? ["todo", "done"] : Object.keys(present);
      if (spec.order) values = spec.order.filter(function (v) { return present[v]; });
      else if (spec.key !== "status") values.sort(function (a, b) {
        var order = labels[spec.key + "Order"] || [];
        var ia = order.indexOf(a), ib = order.indexOf(b);
        if (ia !== ib) return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
        return a < b ? -1 : 1;
      });
      /* A dimension with a single value cannot narrow anything: leave it out. */
      if (!spec.checkbox && spec.key !== "status" && values.length < 2) return;
      if (spec.checkbox && !present["1"]) return;
      var id = nextId("hb-f-" + spec.key);
      var dim = { spec: spec, key: spec.key, control: null, options: {}, labelNode: null };
      var wrap = el("div", { "class": "hb-filter hb-filter--" + spec.key });
      if (spec.checkbox) {
        var label = el("label", { "for": id, "class": "hb-filter__check" });
        var box = el("input", { type: "checkbox", id: id, name: spec.key, value: "1" });
        label.appendChild(box);
        dim.labelNode = el("span", null, spec.label);
        label.appendChild(document.createTextNode(" "));
        label.appendChild(dim.labelNode);
        wrap.appendChild(label);
        dim.control = box;
      } else {
        wrap.appendChild(el("label", { "for": id, "class": "hb-filter__label" }, spec.label));
        var select = el("select", { id: id, name: spec.key });
        select.appendChild(el("option", { value: "" }, spec.all));
        values.forEach(function (v) {
          var text = spec.key === "status" ? STATUS[v]
            : (labels[spec.key] && labels[spec.key][v]) || cap(v.replace(/-/g, " "));
          var option = el("option", { value: v }, text);
          option.setAttribute("data-label", text);
          dim.options[v] = option;
          select.appendChild(option);
        });
        wrap.appendChild(select);
        dim.control = select;
      }
      dim.control.addEventListener("change", function () { onFilterChange(f); });
      row.appendChild(wrap);
      f.dims.push(dim);
    });
    var clear = el("button", { type: "button", "class": "hb-button hb-filter__clear" },
      "Clear filters");
    clear.addEventListener("click", function () {
      f.dims.forEach(function (dim) {
        if (dim.spec.checkbox) dim.control.checked = false;
        else dim.control.value = "";
      });
      onFilterChange(f);
    });
    row.appendChild(el("div", { "class": "hb-filter hb-filter--clear" })).appendChild(clear);
    form.appendChild(row);
    /* Each item's values per dimension, computed once (status is read live from storage). */
    f.values = items.map(function (item) {
      return f.dims.map(function (dim) {
        return dim.key === "status" ? null : valuesOf(item, dim.spec);
      });
    });
    f.count = el("p", { "class": "hb-filter-count", role: "status", "aria-live": "polite" });
    form.appendChild(f.count);
    host.textContent = "";
    host.appendChild(form);
    f.groups = collectGroups(host, scope);
    readQuery(f);
    applyFilter(f, false);
    return f;
  }

  /* Headings (and their intro paragraphs) that only introduce items of this scope: hidden
   * when every item under them is filtered out. */
  function collectGroups(host, scope) {
    var container = host.closest(".md-content__inner") || host.parentNode;
    var groups = [];
    var current = null;
    var children = container.children;
    for (var i = 0; i < children.length; i++) {
      var node = children[i];
      if (/^H[2-4]$/.test(node.tagName)) {
        current = { nodes: [node], items: [], visible: true };
        groups.push(current);
      } else if (node.classList.contains("hb-item")) {
        if (current) current.items.push(node);
      } else if (current && !current.items.length && !node.contains(host) &&
                 !node.classList.contains("hb-filters")) {
        current.nodes.push(node);
      }
    }
    var cls = scope === "questions" ? "hb-question" : "hb-resource";
    return groups.filter(function (g) {
      return g.items.length && g.items.every(function (n) { return n.classList.contains(cls); });
    });
  }

  function readQuery(f) {
    var params = new URLSearchParams(window.location.search);
    f.dims.forEach(function (dim) {
      var value = params.get(dim.key);
      if (value == null) return;
      if (dim.spec.checkbox) dim.control.checked = value === "1" || value === "true";
      else if (dim.options[value]) dim.control.value = value;
    });
  }

  function writeQuery(f) {
    var params = new URLSearchParams(window.location.search);
    f.dims.forEach(function (dim) {
      var value = dim.spec.checkbox ? (dim.control.checked ? "1" : "") : dim.control.value;
      if (value) params.set(dim.key, value);
      else params.delete(dim.key);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", url);
    }
  }

  function onFilterChange(f) {
    applyFilter(f, false);
    /* The URL follows a moment later: updating session history costs more on long pages
     * than filtering itself, and must not delay the results. */
    clearTimeout(f.urlTimer);
    f.urlTimer = setTimeout(function () { writeQuery(f); }, 200);
  }

  /* One pass over the items: visibility plus, per dimension, the counts each option would give
   * with the other dimensions as they are (faceted counts). */
  function applyFilter(f, updateUrl) {
    var dims = f.dims;
    var nd = dims.length;
    var selected = new Array(nd);
    var counts = new Array(nd);
    for (var d = 0; d < nd; d++) {
      var dim = dims[d];
      selected[d] = dim.spec.checkbox ? (dim.control.checked ? "1" : "") : dim.control.value;
      counts[d] = {};
    }
    var shown = 0;
    var items = f.items;
    var vals;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var failed = -1;
      var nfail = 0;
      vals = f.values[i];
      for (d = 0; d < nd; d++) {
        if (vals[d] === null || dims[d].key === "status") {
          vals[d] = S.done[item.id] ? DONE : TODO;
        }
        if (selected[d] && vals[d].indexOf(selected[d]) < 0) {
          nfail++;
          failed = d;
        }
      }
      var visible = nfail === 0;
      if (visible) {
        shown++;
        for (d = 0; d < nd; d++) tally(counts[d], vals[d]);
      } else if (nfail === 1) {
        tally(counts[failed], vals[failed]);
      }
      if (item.hidden === visible) {
        item.hidden = !visible;
        item.el.hidden = !visible;
      }
    }
    for (d = 0; d < nd; d++) updateCounts(dims[d], counts[d]);
    for (var g = 0; g < f.groups.length; g++) {
      var group = f.groups[g];
      var any = false;
      for (var k = 0; k < group.items.length && !any; k++) any = !group.items[k].hidden;
      if (group.visible !== any) {
        group.visible = any;
        group.nodes.forEach(function (node) { node.hidden = !any; });
      }
    }
    var noun = f.scope === "questions" ? "questions" : "resources";
    var active = selected.some(Boolean);
    f.count.textContent = active ? "Showing " + shown + " of " + items.length + " " + noun + "."
      : "Showing all " + items.length + " " + noun + ".";
    f.host.setAttribute("data-shown", String(shown));
    if (updateUrl) writeQuery(f);
  }

  function tally(counter, values) {
    for (var j = 0; j < values.length; j++) counter[values[j]] = (counter[values[j]] || 0) + 1;
  }

  function updateCounts(dim, counter) {
    if (dim.spec.checkbox) {
      dim.labelNode.textContent = dim.spec.label + " (" + (counter["1"] || 0) + ")";
      return;
    }
    Object.keys(dim.options).forEach(function (v) {
      var option = dim.options[v];
      var text = option.getAttribute("data-label") + " (" + (counter[v] || 0) + ")";
      if (option.textContent !== text) option.textContent = text;
    });
  }

  /* ------------------------------------------------------------------ interview practice */

  function buildPractice(host, labels) {
    var questions = page.items.filter(function (item) { return item.scope === "questions"; });
    var p = { host: host, questions: questions, current: null, last: null };
    host.textContent = "";
    var titleId = nextId("hb-practice-title");
    var box = el("section", { "class": "hb-practice-ui", "aria-labelledby": titleId });
    box.appendChild(el("h2", { id: titleId, "class": "hb-practice__title" }, "Practice mode"));
    if (!questions.length) {
      box.appendChild(el("p", null, "There are no interview questions yet."));
      host.appendChild(box);
      return p;
    }
    box.appendChild(el("p", null, "Draw a random question from the topics and difficulties " +
      "you choose, answer it in your head, then reveal the answer and mark how you did. " +
      "Leave every box empty to draw from all of them."));
    var topics = {};
    var diffs = {};
    questions.forEach(function (q) {
      topics[q.vals.topic[0]] = (topics[q.vals.topic[0]] || 0) + 1;
      diffs[q.vals.difficulty[0]] = (diffs[q.vals.difficulty[0]] || 0) + 1;
    });
    var order = labels.topicOrder || [];
    var topicIds = Object.keys(topics).sort(function (a, b) {
      return (order.indexOf(a) - order.indexOf(b)) || (a < b ? -1 : 1);
    });
    var topicSet = checkGroup("Topics", "topic", topicIds, function (t) {
      return ((labels.topic && labels.topic[t]) || cap(t.replace(/-/g, " "))) +
        " (" + topics[t] + ")";
    });
    /* Dozens of topics would push the card off a phone screen: fold them, and say in the
       fold's label what is chosen. */
    var topicFold = el("details", { "class": "hb-fold" });
    var topicSummary = el("summary", null, "Topics: any");
    topicFold.appendChild(topicSummary);
    topicFold.appendChild(topicSet);
    topicSet.addEventListener("change", function () {
      var n = topicSet.querySelectorAll("input:checked").length;
      topicSummary.textContent = n ? "Topics: " + n + " chosen" : "Topics: any";
    });
    box.appendChild(topicFold);
    box.appendChild(checkGroup("Difficulty", "difficulty",
      DIFFICULTIES.filter(function (d) { return diffs[d]; }),
      function (d) { return cap(d) + " (" + diffs[d] + ")"; }));
    var skipId = nextId("hb-skip");
    var skip = el("p", { "class": "hb-practice__skip" });
    var skipBox = el("input", { type: "checkbox", id: skipId, "data-hb-practice": "skip-known" });
    skipBox.checked = true;
    skip.appendChild(skipBox);
    skip.appendChild(el("label", { "for": skipId }, " Skip questions I already knew"));
    box.appendChild(skip);
    var draw = el("button", { type: "button", "class": "hb-button hb-button--primary",
      "data-hb-practice": "draw" }, "Draw a question");
    box.appendChild(el("p")).appendChild(draw);
    var card = el("div", { "class": "hb-card", hidden: true });
    var q = el("p", { "class": "hb-card__question", tabindex: "-1" });
    var meta = el("p", { "class": "hb-card__meta" });
    var answerId = nextId("hb-answer");
    var reveal = el("button", { type: "button", "class": "hb-button", "aria-expanded": "false",
      "aria-controls": answerId, "data-hb-practice": "reveal" }, "Show answer");
    var answer = el("div", { id: answerId, "class": "hb-card__answer", hidden: true });
    var marks = el("p", { "class": "hb-card__marks", hidden: true });
    var knew = el("button", { type: "button", "class": "hb-button hb-button--good",
      "data-hb-practice": "knew" }, "Knew it");
    var review = el("button", { type: "button", "class": "hb-button",
      "data-hb-practice": "review" }, "Review again");
    var link = el("a", { "class": "hb-card__link" }, "See it in the list");
    marks.appendChild(knew);
    marks.appendChild(document.createTextNode(" "));
    marks.appendChild(review);
    card.appendChild(q);
    card.appendChild(meta);
    card.appendChild(el("p")).appendChild(reveal);
    card.appendChild(answer);
    card.appendChild(marks);
    card.appendChild(el("p")).appendChild(link);
    box.appendChild(card);
    var msg = el("p", { "class": "hb-practice__message", role: "status" });
    box.appendChild(msg);
    var stats = el("p", { "class": "hb-practice__stats" });
    box.appendChild(stats);
    host.appendChild(box);
    p.ui = { box: box, card: card, q: q, meta: meta, reveal: reveal, answer: answer,
      marks: marks, msg: msg, stats: stats, skip: skipBox, link: link };

    draw.addEventListener("click", function () { drawQuestion(p); });
    reveal.addEventListener("click", function () {
      var open = reveal.getAttribute("aria-expanded") !== "true";
      reveal.setAttribute("aria-expanded", String(open));
      reveal.textContent = open ? "Hide answer" : "Show answer";
      answer.hidden = !open;
      marks.hidden = !open;
    });
    knew.addEventListener("click", function () { markPractice(p, "knew"); });
    review.addEventListener("click", function () { markPractice(p, "review"); });
    updatePracticeStats(p);
    return p;
  }

  function checkGroup(legend, name, values, text) {
    var set = el("fieldset", { "class": "hb-checks hb-checks--" + name });
    set.appendChild(el("legend", null, legend));
    values.forEach(function (v) {
      var id = nextId("hb-p-" + name);
      var span = el("span", { "class": "hb-check" });
      var input = el("input", { type: "checkbox", id: id, value: v, "data-hb-practice": name });
      span.appendChild(input);
      span.appendChild(el("label", { "for": id }, " " + text(v)));
      set.appendChild(span);
    });
    return set;
  }

  function checked(p, name) {
    var out = {};
    var any = false;
    p.ui.box.querySelectorAll('input[data-hb-practice="' + name + '"]').forEach(function (input) {
      if (input.checked) {
        out[input.value] = 1;
        any = true;
      }
    });
    return any ? out : null;
  }

  function drawQuestion(p) {
    var topics = checked(p, "topic");
    var diffs = checked(p, "difficulty");
    var skipKnown = p.ui.skip.checked;
    var matching = p.questions.filter(function (q) {
      return (!topics || topics[q.vals.topic[0]]) && (!diffs || diffs[q.vals.difficulty[0]]);
    });
    var pool = skipKnown ? matching.filter(function (q) {
      return S.practice[q.id] !== "knew" && !S.done[q.id];
    }) : matching;
    if (!pool.length) {
      p.current = null;
      p.ui.card.hidden = true;
      p.ui.msg.textContent = matching.length
        ? "You knew every question in this selection. Untick “Skip questions I already knew” " +
          "to go round again."
        : "No question matches these topics and difficulties.";
      return;
    }
    if (pool.length > 1 && p.current) {
      var last = p.current;
      pool = pool.filter(function (q) { return q !== last; });
    }
    var pick = pool[Math.floor(Math.random() * pool.length)];
    showQuestion(p, pick);
  }

  function showQuestion(p, q) {
    var ui = p.ui;
    p.current = q;
    var heading = document.getElementById(q.id) || q.el.querySelector("h2, h3, h4");
    var text = heading ? heading.textContent.replace(/¶$/, "").trim() : q.id;
    ui.q.textContent = text;
    ui.q.setAttribute("data-hb-id", q.id);
    var topicMark = q.el.querySelector(".hb-mark--topic");
    ui.meta.textContent = cap(q.vals.difficulty[0]) +
      (topicMark ? " · " + topicMark.textContent.trim() : "");
    ui.answer.textContent = "";
    var details = q.el.querySelector("details");
    if (details) {
      Array.prototype.forEach.call(details.childNodes, function (child) {
        if (child.nodeName !== "SUMMARY") ui.answer.appendChild(child.cloneNode(true));
      });
      ui.answer.querySelectorAll("[id]").forEach(function (node) { node.removeAttribute("id"); });
      /* The theme makes only code blocks it measured as overflowing focusable, and a folded
         answer measures nothing: a copied code block may scroll, so keyboard users need it. */
      ui.answer.querySelectorAll("pre > code").forEach(function (node) {
        node.setAttribute("tabindex", "0");
      });
    }
    ui.answer.hidden = true;
    ui.marks.hidden = true;
    ui.reveal.setAttribute("aria-expanded", "false");
    ui.reveal.textContent = "Show answer";
    ui.link.setAttribute("href", "#" + q.id);
    ui.msg.textContent = "";
    ui.card.hidden = false;
    ui.q.focus();
  }

  function markPractice(p, mark) {
    var q = p.current;
    if (!q) return;
    S.practice[q.id] = mark;
    if (mark === "knew") S.done[q.id] = 1;
    else delete S.done[q.id];
    save();
    refresh();
    p.ui.msg.textContent = mark === "knew" ? "Marked as known and done." : "Marked to review again.";
    drawQuestion(p);
  }

  function updatePracticeStats(p) {
    if (!p || !p.ui) return;
    var knew = 0;
    var review = 0;
    p.questions.forEach(function (q) {
      if (S.practice[q.id] === "knew") knew++;
      else if (S.practice[q.id] === "review") review++;
    });
    p.ui.stats.textContent = "Knew " + knew + " · to review " + review + " · not practised " +
      (p.questions.length - knew - review) + ", of " + p.questions.length + " questions.";
  }

  /* ------------------------------------------------------------------ wiring */

  function refresh() {
    if (!page) return;
    var items = page.items;
    for (var i = 0; i < items.length; i++) {
      var done = !!S.done[items[i].id];
      if (items[i].box && items[i].box.checked !== done) items[i].box.checked = done;
      items[i].el.classList.toggle("hb-is-done", done);
    }
    updateProgress();
    page.filters.forEach(function (f) { applyFilter(f, false); });
    updatePracticeStats(page.practice);
  }

  /* Names for two landmarks of the theme that axe reports as unnamed. */
  function nameThemeWidgets() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
    var progress = document.querySelector(".md-progress[role='progressbar']");
    if (progress && !progress.hasAttribute("aria-label")) {
      progress.setAttribute("aria-label", "Page loading");
    }
  }

  function setup() {
    nameThemeWidgets();
    S = load();
    page = collect();
    document.documentElement.classList.toggle("hb-many", page.items.length > MANY);
    addDoneMarks(page.items);
    document.querySelectorAll(".hb-filters[data-scope]").forEach(function (host) {
      var f = buildFilter(host, host.getAttribute("data-scope"), filterLabels(host));
      if (f) page.filters.push(f);
    });
    var practiceHost = document.querySelector(".hb-practice[data-scope]");
    if (practiceHost) {
      var filtersHost = document.querySelector('.hb-filters[data-scope="questions"]');
      page.practice = buildPractice(practiceHost,
        filtersHost ? jsonAttr(filtersHost, "data-labels") : {});
    }
    document.querySelectorAll(".hb-progress-panel").forEach(buildPanel);
    updateProgress();
    document.documentElement.setAttribute("data-hb-ready", String(Date.now()));
  }

  /* Delegated listeners, bound once: they survive instant navigation. */
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains("hb-done__box")) {
      setDone(target.getAttribute("data-hb-id"), target.checked);
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest && event.target.closest("[data-hb-action]");
    if (!target) return;
    var action = target.getAttribute("data-hb-action");
    var panel = target.closest(".hb-progress-panel");
    if (action === "export") exportProgress();
    if (action === "reset" && panel) {
      status(panel, resetProgress() ? "Progress reset." : "Nothing was changed.");
    }
  });
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) {
      S = load();
      refresh();
    }
  });

  /* A small API for people who want to script their progress (and for the browser tests). */
  window.handbookProgress = {
    key: KEY,
    state: function () { return JSON.parse(JSON.stringify(S)); },
    importText: importText,
    reset: resetProgress
  };

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

/* ---- Print (issue 14): what paper needs from the page. ------------------------------------
   A stage's checklist (print_checklist in scripts/handbook/render/pages.py, shown only on
   paper) ticks the items already done, following progress through the API and the
   "hb:progress" event above; and only outside links get their address printed. */
(function () {
  "use strict";

  function tickChecklist() {
    var api = window.handbookProgress;
    if (!api) return;
    var done = api.state().done;
    document.querySelectorAll(".hb-checklist li[data-id]").forEach(function (item) {
      var isDone = Object.prototype.hasOwnProperty.call(done, item.getAttribute("data-id"));
      item.classList.toggle("hb-is-done", isDone);
      var box = item.querySelector(".hb-checklist__box");
      if (box) box.textContent = isDone ? "\u2611" : "\u2610";
    });
  }

  /* Paper shows where each outside link goes (handbook.css); links within the site are left
     bare. Material's instant navigation makes their addresses absolute, so the stylesheet
     cannot tell them from outside ones: this rule, keyed on this site's origin, can. */
  function sparePrintedSiteLinks() {
    if (!/^https?:$/.test(location.protocol) || document.getElementById("hb-print-site-links"))
      return;
    var origin = '"' + location.origin.replace(/["\\]/g, "\\$&") + '/"';
    var style = document.createElement("style");
    style.id = "hb-print-site-links";
    style.textContent = "@media print { .md-typeset a[href^=" + origin + "]::after { content: none; } }";
    document.head.appendChild(style);
  }

  function setup() {
    sparePrintedSiteLinks();
    tickChecklist();
  }

  document.addEventListener("hb:progress", tickChecklist);
  window.addEventListener("beforeprint", tickChecklist);
  window.addEventListener("storage", tickChecklist);
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
