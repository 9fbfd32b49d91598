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
  /* A filtered list shows its first LIST_WINDOW matches, then "Show more": a filter change
   * then touches at most twice this many entries, however long the catalog (bench/browser.py
   * measures it at 10,000 resources). Above every list of today's site (about 300 at most). */
  var LIST_WINDOW = 300;
  /* A comparison table (above its list) shows fewer rows at a time: a table is laid out as a
   * whole, so each row it shows costs a filter change more than an entry of the list does,
   * and fifty rows are already more than a reader compares at a glance. */
  var TABLE_WINDOW = 50;
  /* window.handbookListWindow, set before this script runs, overrides it (the browser tests
   * exercise the window on today's lists with a small one). */
  function listWindow() {
    var size = Number(window.handbookListWindow);
    return size >= 1 ? Math.floor(size) : LIST_WINDOW;
  }

  /* Never larger than the list's; window.handbookTableWindow overrides it (bench/browser.py
   * lifts both windows for its baseline). */
  function tableWindow() {
    var size = Number(window.handbookTableWindow);
    return size >= 1 ? Math.floor(size) : Math.min(TABLE_WINDOW, listWindow());
  }

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
    return readData("hb-kinds") || {};
  }

  /* A data block of the page (render/text.py data_block): JSON in a data-json attribute. */
  function readData(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try {
      return JSON.parse(node.getAttribute("data-json"));
    } catch (err) {
      return null;
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
        hidden: false, /* filtered out (the entry may also be past the list window) */
        displayed: true, /* on screen: matches the filters and falls within the window */
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
    return { items: items, manifest: readData("hb-manifest"), filters: [], practice: null };
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

  /* ------------------------------------------------------------------ done-mark undo */

  /* Under a Status filter ("Not done yet", "Done"), ticking a box hides its own row: focus
   * would fall to the page body and the row vanish without a word. Instead a line stays in
   * the row's place ("Marked done: ... Undo"), focus moves on to the next shown item's box
   * (to that Undo button when it was the last), and a live region says what happened. */

  function toggleDone(box) {
    var id = box.getAttribute("data-hb-id");
    var done = box.checked;
    var focused = document.activeElement;
    var hadFocus = focused === box || !focused || focused === document.body;
    setDone(id, done);
    var index = itemIndex(box);
    if (index < 0 || isShown(page.items[index])) return;
    var item = page.items[index];
    var trace = leaveTrace(item, done);
    var target = nextShownBox(index) || trace.querySelector("button");
    if (hadFocus) target.focus();
    announce("“" + itemTitle(item) + "” marked " + (done ? "done" : "not done") +
      " and hidden by the filter. Undo is offered in its place.");
  }

  function itemIndex(box) {
    if (!page) return -1;
    for (var i = 0; i < page.items.length; i++) if (page.items[i].box === box) return i;
    return -1;
  }

  function isShown(item) {
    /* displayed: matches the filters and falls within the list window. */
    return item.displayed && item.el.getClientRects().length > 0;
  }

  function nextShownBox(index) {
    for (var i = index + 1; i < page.items.length; i++) {
      var item = page.items[i];
      if (item.box && !item.hidden && isShown(item)) return item.box;
    }
    return null;
  }

  function itemTitle(item) {
    var heading = document.getElementById(item.id) || item.el.querySelector("h2, h3, h4");
    return heading ? heading.textContent.replace(/¶$/, "").trim() : item.id;
  }

  function leaveTrace(item, done) {
    var old = item.el.parentNode.querySelector('.hb-undo[data-hb-id="' + item.id + '"]');
    if (old) old.remove();
    var textId = nextId("hb-undo-text");
    var trace = el("p", { "class": "hb-undo", "data-hb-id": item.id });
    trace.appendChild(el("span", { id: textId },
      (done ? "Marked done: " : "Marked not done: ") + itemTitle(item) + ". "));
    var undo = el("button", { type: "button", "class": "hb-button hb-undo__button",
      "aria-describedby": textId }, "Undo");
    trace.appendChild(undo);
    undo.addEventListener("click", function () {
      setDone(item.id, !done);
      trace.remove();
      if (isShown(item) && item.box) item.box.focus();
      else {
        var index = page.items.indexOf(item);
        var next = index >= 0 ? nextShownBox(index) : null;
        if (next) next.focus();
      }
      announce("Undone: “" + itemTitle(item) + "” is marked " + (done ? "not done" : "done") +
        " again.");
    });
    item.el.parentNode.insertBefore(trace, item.el.nextSibling);
    traces.push(trace);
    return trace;
  }

  /* The traces describe the list as it was: a new filter choice clears them. They are kept
   * in a list: searching the document for them costs milliseconds on a 10,000-entry page. */
  var traces = [];

  function clearTraces() {
    traces.forEach(function (trace) { trace.remove(); });
    traces = [];
  }

  /* One polite live region per document, made before anything is said in it (a region
   * created together with its text is not reliably announced). */
  function announcer() {
    var node = document.getElementById("hb-announcer");
    if (!node) {
      node = el("p", { id: "hb-announcer", "class": "hb-visually-hidden", role: "status",
        "aria-live": "polite" });
      document.body.appendChild(node);
    }
    return node;
  }

  function announce(message) {
    var node = announcer();
    node.textContent = "";
    /* A fresh text node a moment later: repeating the same message is still read out. */
    setTimeout(function () { node.textContent = message; }, 50);
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
    /* The file input stays out of sight and out of the tab order (`hidden`): the visible
       Import button, a real button, opens its file chooser. */
    var file = el("input", {
      type: "file", accept: "application/json,.json", hidden: true, tabindex: "-1",
      "data-hb-action": "import-file"
    });
    var imp = el("button", { type: "button", "class": "hb-button", "data-hb-action": "import" },
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
    imp.addEventListener("click", function () { file.click(); });
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
    var f = { host: host, scope: scope, items: items, dims: [], state: {}, groups: [],
      limit: listWindow(), tableLimit: tableWindow(), rows: null, moreBars: [] };
    var form = el("form", { "class": "hb-filter-form", role: "search",
      "aria-label": scope === "questions" ? "Filter questions" : "Filter resources" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var row = el("div", { "class": "hb-filter-row" });
    DIMS[scope].forEach(function (spec) {
      /* A stage page lists its own stage only (see filter_marker in render/pages.py). */
      if (spec.key === "stage" && host.hasAttribute("data-stage")) return;
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
    row.insertBefore(viewControl(), row.lastChild);
    host.textContent = "";
    host.appendChild(form);
    addFilterSheet(f, form);
    linkTableRows(f);
    addMoreBars(f);
    watchStickyHeight(f);
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
    f.limit = listWindow();
    f.tableLimit = tableWindow();
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
      item.hidden = !visible;
      /* Only entries whose on-screen state changes are written to: the cost of a change is
       * restyling those, not the whole list. */
      var displayed = visible && shown <= f.limit;
      if (item.displayed !== displayed) {
        item.displayed = displayed;
        unlist(item.el, !displayed);
      }
    }
    var matchingRows = f.rows ? applyTableWindow(f) : 0;
    for (d = 0; d < nd; d++) updateCounts(dims[d], counts[d]);
    for (var g = 0; g < f.groups.length; g++) {
      var group = f.groups[g];
      var any = false;
      for (var k = 0; k < group.items.length && !any; k++) {
        any = !group.items[k].classList.contains(UNLISTED);
      }
      if (group.visible !== any) {
        group.visible = any;
        group.nodes.forEach(function (node) { unlist(node, !any); });
      }
    }
    var noun = f.scope === "questions" ? "questions" : "resources";
    var active = selected.some(Boolean);
    f.count.textContent = active ? "Showing " + shown + " of " + items.length + " " + noun + "."
      : "Showing all " + items.length + " " + noun + ".";
    if (shown > f.limit) {
      f.count.textContent = "Listing the first " + f.limit + " of " +
        (active ? "the " + shown + " matching " : "all " + shown + " ") + noun +
        " (\u201cShow more\u201d is at the end of the list).";
    }
    f.host.setAttribute("data-shown", String(shown));
    updateMoreBars(f, { limit: shown, tableLimit: matchingRows });
    updateFilterExtras(f, shown, selected);
    if (updateUrl) writeQuery(f);
  }

  /* Entries, rows and headings leave the page by a class, not the `hidden` attribute: the
   * theme's stylesheet has rules on `[hidden]` followed by siblings (`:not([hidden]) ~`), so
   * each `hidden` toggled made the browser check every sibling after it, up to thousands of
   * entries per change (bench/browser.py). handbook.css gives the class display: none. */
  var UNLISTED = "hb-unlisted";

  function unlist(node, off) {
    node.classList.toggle(UNLISTED, off);
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

  /* ------------------------------------------------------------------ compact view */

  /* Cards (every detail) or a compact list (title and link, then the done box, marks and
   * provider: two lines an entry). The reader's choice is kept in localStorage under VIEW_KEY,
   * apart from the progress (whose export format it leaves alone), and holds on every page;
   * until they choose, a page listing more than a screenful opens as the compact list.
   * Without JavaScript the cards show, so every detail stays readable. */
  var VIEW_KEY = "hb-view-v1";
  var CARD_PX = 200; /* about the height of one entry shown as a card */

  function storedView() {
    try {
      var view = window.localStorage.getItem(VIEW_KEY);
      return view === "compact" || view === "cards" ? view : null;
    } catch (err) {
      return null;
    }
  }

  function setupView(items) {
    var view = items.length ? storedView() ||
      (items.length * CARD_PX > window.innerHeight ? "compact" : "cards") : "cards";
    showView(view);
  }

  function showView(view) {
    document.documentElement.classList.toggle("hb-compact", view === "compact");
    document.documentElement.setAttribute("data-hb-view", view);
    var inputs = document.querySelectorAll("input[data-hb-view]");
    for (var i = 0; i < inputs.length; i++) inputs[i].checked = inputs[i].value === view;
  }

  /* Two radio buttons (arrow keys move between them), placed in the filter form. */
  function viewControl() {
    var set = el("fieldset", { "class": "hb-filter hb-view" });
    set.appendChild(el("legend", { "class": "hb-filter__label" }, "View"));
    var name = nextId("hb-view");
    var current = document.documentElement.getAttribute("data-hb-view") || "cards";
    [["compact", "Compact list"], ["cards", "Cards"]].forEach(function (choice) {
      var label = el("label", { "class": "hb-view__choice" });
      var input = el("input", { type: "radio", name: name, value: choice[0],
        "data-hb-view": "1" });
      input.checked = choice[0] === current;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + choice[1]));
      set.appendChild(label);
    });
    return set;
  }

  /* Switch views, keeping the entry at the top of the screen where it was. */
  function chooseView(view) {
    try {
      window.localStorage.setItem(VIEW_KEY, view);
    } catch (err) {
      /* Storage disabled: the choice lasts for this page. */
    }
    var anchor = topItem();
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    showView(view);
    if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
  }

  function topItem() {
    var filters = document.querySelector(".hb-filters");
    var y = filters ? Math.max(filters.getBoundingClientRect().bottom, 0) + 4 : 60;
    var x = Math.round(window.innerWidth / 2);
    var hit = document.elementFromPoint(x, y);
    var item = hit && hit.closest && hit.closest(".hb-item");
    return item && !item.contains(document.activeElement) ? item : null;
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.hasAttribute && target.hasAttribute("data-hb-view") && target.checked) {
      chooseView(target.value);
    }
  });

  /* ------------------------------------------------------------------ filters on phones */

  /* On a phone the whole filter form would fill the screen: a one-line bar stays at the top
   * instead (sticky, like the form on wider screens; CSS decides which one shows), and its
   * button opens the form in a modal sheet (<dialog>: focus stays inside, Escape closes).
   * Closing returns focus to the button. The one form moves between page and sheet, so its
   * state and listeners are kept. */
  function addFilterSheet(f, form) {
    var bar = el("div", { "class": "hb-filter-bar" });
    var open = el("button", { type: "button", "class": "hb-button hb-filter-bar__open",
      "aria-haspopup": "dialog", "aria-expanded": "false" }, "Filters");
    var count = el("span", { "class": "hb-filter-bar__count" });
    bar.appendChild(open);
    bar.appendChild(count);
    var sheet = el("dialog", { "class": "hb-filter-sheet",
      "aria-label": form.getAttribute("aria-label") });
    var head = el("div", { "class": "hb-filter-sheet__head" });
    var close = el("button", { type: "button", "class": "hb-button hb-button--primary" },
      "Show results");
    head.appendChild(close);
    sheet.appendChild(head);
    f.host.insertBefore(bar, form);
    f.host.appendChild(sheet);
    f.bar = { open: open, count: count };
    open.addEventListener("click", function () {
      sheet.appendChild(form);
      sheet.showModal();
      open.setAttribute("aria-expanded", "true");
      var first = form.querySelector("select, input");
      if (first) first.focus();
    });
    close.addEventListener("click", function () { sheet.close(); });
    /* A tap on the backdrop (outside the sheet's box) closes it too. */
    sheet.addEventListener("click", function (event) {
      if (event.target === sheet) sheet.close();
    });
    sheet.addEventListener("close", function () {
      f.host.insertBefore(form, sheet);
      open.setAttribute("aria-expanded", "false");
      open.focus();
    });
  }

  /* Anchored entries must not land under the sticky filters: their height feeds the scroll
   * margin of link targets (handbook.css, --hb-sticky-h). */
  var stickyObserver = null;
  var releaseObserver = null;

  function watchStickyHeight(f) {
    var host = f.host;
    var root = document.documentElement;
    root.classList.add("hb-has-filters");
    var last = -1;
    /* Only on a change: a property set on <html> restyles the whole page. */
    var measure = function () {
      var height = Math.round(host.getBoundingClientRect().height);
      if (host.isConnected && height !== last) {
        last = height;
        root.style.setProperty("--hb-sticky-h", height + "px");
        releaseAfterList(f, height);
      }
    };
    measure();
    if (window.ResizeObserver) {
      stickyObserver = new ResizeObserver(measure);
      stickyObserver.observe(host);
    }
  }

  /* The filters stay in reach while their list scrolls by, and let go of the top of the
   * screen once the reader is past the list's end (f.end): on a stage page the interview
   * questions follow, which these filters do not filter. The observed area runs from the line
   * where the stuck filters end (it moves with their height) to far below the screen, so a
   * jump across the line (a link, Home/End) is noticed as well as a scroll. */
  var BELOW = 1e6; /* px: "anywhere below the line" */

  function releaseAfterList(f, height) {
    if (releaseObserver) releaseObserver.disconnect();
    releaseObserver = null;
    if (!window.IntersectionObserver) return;
    var line = Math.round(parseFloat(window.getComputedStyle(f.host).top) || 0) + height;
    releaseObserver = new IntersectionObserver(function (entries) {
      var entry = entries[entries.length - 1];
      f.host.classList.toggle("hb-filters--released", !entry.isIntersecting);
    }, { rootMargin: "-" + line + "px 0px " + BELOW + "px 0px" });
    releaseObserver.observe(f.end);
  }

  /* A new page (instant navigation keeps <html>): forget the last page's filters. */
  function forgetStickyFilters() {
    if (stickyObserver) stickyObserver.disconnect();
    if (releaseObserver) releaseObserver.disconnect();
    stickyObserver = releaseObserver = null;
    document.documentElement.classList.remove("hb-has-filters");
  }

  /* The bar's summary, the comparison table's "nothing matches" row: after each filter pass. */
  function updateFilterExtras(f, shown, selected) {
    if (f.bar) {
      var active = 0;
      for (var d = 0; d < selected.length; d++) if (selected[d]) active++;
      var label = active ? "Filters (" + active + " on)" : "Filters";
      if (f.bar.open.textContent !== label) f.bar.open.textContent = label;
      f.bar.count.textContent = f.count.textContent;
    }
    if (f.noRows) f.noRows.hidden = shown > 0;
  }

  /* ------------------------------------------------------------------ list window */

  /* "Show more" after the list, and under the comparison table (its own, smaller window):
   * each adds a window's worth of entries (rows); "Show all" lifts the window. */
  function addMoreBars(f) {
    /* After the list's last entry, placed once: moving it on each filter pass would change
     * the page's sibling structure, which costs a restyle of everything after it. */
    var list = moreBar(f, f.items[f.items.length - 1].el, {
      limit: "limit", size: listWindow,
      noun: f.scope === "questions" ? "questions" : "resources",
      listed: function () {
        return f.items.filter(function (item) { return !item.hidden; }).map(function (item) {
          return item.box || item.el;
        });
      } });
    f.moreBars.push(list);
    /* Where the list ends, after its "Show more" (the sticky filters let go past it). */
    f.end = el("div", { "class": "hb-list-end", "aria-hidden": "true" });
    list.node.parentNode.insertBefore(f.end, list.node.nextSibling);
    if (f.rows) f.moreBars.push(moreBar(f, f.rows[0].el.closest(".hb-compare"), {
      limit: "tableLimit", size: tableWindow, noun: "rows",
      listed: function () {
        return f.rows.filter(function (row) { return !row.item.hidden; }).map(function (row) {
          return row.el.querySelector("a") || row.el;
        });
      } }));
  }

  /* A bar's `range` names the limit it widens (a key of f), its step, what it counts, and
   * the focus targets of the matching entries in order. */
  function moreBar(f, after, range) {
    var bar = { node: el("p", { "class": "hb-more", hidden: true }),
      text: el("span", { "class": "hb-more__text" }),
      more: el("button", { type: "button", "class": "hb-button" }),
      all: el("button", { type: "button", "class": "hb-button" }),
      range: range };
    bar.more.addEventListener("click", function () {
      showMore(f, bar, f[range.limit] + range.size());
    });
    bar.all.addEventListener("click", function () { showMore(f, bar, Infinity); });
    bar.node.appendChild(bar.text);
    bar.node.appendChild(bar.more);
    bar.node.appendChild(bar.all);
    after.parentNode.insertBefore(bar.node, after.nextSibling);
    return bar;
  }

  /* `matching`: per limit key, how many entries (rows) the filters let through. */
  function updateMoreBars(f, matching) {
    f.moreBars.forEach(function (bar) {
      var total = matching[bar.range.limit];
      var rest = total - f[bar.range.limit];
      bar.node.hidden = rest <= 0;
      if (rest <= 0) return;
      bar.text.textContent = rest + " more " + bar.range.noun + " match the filters. ";
      bar.more.textContent = "Show " + Math.min(rest, bar.range.size()) + " more";
      bar.all.textContent = "Show all " + total;
      bar.all.hidden = rest <= bar.range.size();
    });
  }

  /* Widen a window; keyboard focus goes to the first entry (row) it adds, so the reader
   * carries on where the list (table) used to end. */
  function showMore(f, bar, limit) {
    var before = f[bar.range.limit];
    f[bar.range.limit] = limit;
    applyFilter(f, false);
    var added = bar.range.listed()[before];
    if (added) added.focus();
  }

  /* A link to an entry past the window (a search result, a "details" link, a shared address)
   * widens the window to it first. True when it did, so the caller scrolls there itself. */
  function revealEntry(id) {
    if (!page || !id) return false;
    for (var k = 0; k < page.filters.length; k++) {
      var f = page.filters[k];
      var rank = 0;
      for (var i = 0; i < f.items.length; i++) {
        var item = f.items[i];
        if (item.hidden) continue;
        rank++;
        if (item.id !== id) continue;
        if (item.displayed) return false;
        f.limit = Math.ceil(rank / listWindow()) * listWindow();
        applyFilter(f, false);
        return true;
      }
    }
    return false;
  }

  function hashId() {
    try {
      return decodeURIComponent(window.location.hash.slice(1));
    } catch (err) {
      return window.location.hash.slice(1);
    }
  }

  function revealHashTarget() {
    if (!revealEntry(hashId())) return;
    var target = document.getElementById(hashId());
    if (target) target.scrollIntoView();
  }

  /* Paper gets every match, not the window (restored after printing). */
  function liftWindowsForPrint() {
    if (!page) return;
    page.filters.forEach(function (f) {
      if (f.printLimit !== undefined) return;
      f.printLimit = [f.limit, f.tableLimit];
      f.limit = f.tableLimit = Infinity;
      applyFilter(f, false);
    });
  }

  function restoreWindowsAfterPrint() {
    if (!page) return;
    page.filters.forEach(function (f) {
      if (f.printLimit === undefined) return;
      f.limit = f.printLimit[0];
      f.tableLimit = f.printLimit[1];
      delete f.printLimit;
      applyFilter(f, false);
    });
  }

  /* ------------------------------------------------------------------ comparison table */

  /* Rows of a comparison table (render/pages.py comparison_table) name their entry in
   * data-for: a row is hidden whenever the filters hide its entry. f.rows keeps the table's
   * own order (by issuer), which its window follows. */
  function linkTableRows(f) {
    var rows = document.querySelectorAll(".hb-compare tr[data-for]");
    var byId = {};
    f.items.forEach(function (item) { byId[item.id] = item; });
    var linked = [];
    for (var i = 0; i < rows.length; i++) {
      var item = byId[rows[i].getAttribute("data-for")];
      if (item) linked.push({ el: rows[i], item: item, displayed: true });
    }
    if (!linked.length) return;
    f.rows = linked;
    f.noRows = document.querySelector(".hb-compare__none");
  }

  /* Rows whose entry matches, the first f.tableLimit of them shown; returns how many match.
   * As with the list, only rows whose on-screen state changes are written to. */
  function applyTableWindow(f) {
    var matching = 0;
    for (var i = 0; i < f.rows.length; i++) {
      var row = f.rows[i];
      var displayed = !row.item.hidden && ++matching <= f.tableLimit;
      if (row.displayed !== displayed) {
        row.displayed = displayed;
        unlist(row.el, !displayed);
      }
    }
    return matching;
  }

  /* ------------------------------------------------------------------ interview practice */

  /* The questions page has one set of controls: the filter bar above the list chooses the
   * topic, difficulty, stage and status, and practice draws from the questions it shows.
   * Practice adds only its queue (not yet known, "review again" only, any). The filter's
   * topic and difficulty and the queue are remembered in this browser under CHOICE_KEY,
   * apart from the progress, whose stored and exported format stays as it was. */

  var CHOICE_KEY = "hb-practice-v1";
  var QUEUES = [
    { id: "new", label: "Questions not yet known" },
    { id: "review", label: "Only \u201creview again\u201d" },
    { id: "all", label: "Any question" }
  ];
  var REMEMBERED = ["topic", "difficulty"];

  function loadChoice() {
    var raw;
    try {
      raw = JSON.parse(window.localStorage.getItem(CHOICE_KEY) || "null");
    } catch (err) {
      raw = null;
    }
    if (!raw || typeof raw !== "object") raw = {};
    var choice = { queue: "new" };
    QUEUES.forEach(function (queue) { if (raw.queue === queue.id) choice.queue = queue.id; });
    REMEMBERED.forEach(function (key) {
      if (typeof raw[key] === "string" && ID_RE.test(raw[key])) choice[key] = raw[key];
    });
    return choice;
  }

  function saveChoice(p) {
    var choice = { queue: p.queue };
    REMEMBERED.forEach(function (key) {
      var control = filterControl(p, key);
      if (control && control.value) choice[key] = control.value;
    });
    try {
      window.localStorage.setItem(CHOICE_KEY, JSON.stringify(choice));
    } catch (err) {
      /* Storage full or disabled: the choice lasts for this page only. */
    }
  }

  /* The filter's own select for a dimension (buildFilter names each control by its key). */
  function filterControl(p, key) {
    return p.filterHost ? p.filterHost.querySelector('select[name="' + key + '"]') : null;
  }

  /* Put the remembered topic and difficulty back into the filter, unless the address already
     says what to show: a query (a shared link, the path page's links to a topic) or a
     fragment (a search result, a stage's test-out link, a topic heading), whose target a
     remembered filter could hide. */
  function restoreChoice(p, choice) {
    if (!p.filterHost || window.location.hash.length > 1) return;
    var params = new URLSearchParams(window.location.search);
    var named = p.filterHost.querySelectorAll("select[name], input[name]");
    for (var i = 0; i < named.length; i++) if (params.has(named[i].name)) return;
    var changed = null;
    REMEMBERED.forEach(function (key) {
      var control = filterControl(p, key);
      var value = choice[key];
      if (!control || !value || control.value === value) return;
      var offered = Array.prototype.some.call(control.options, function (option) {
        return option.value === value;
      });
      if (!offered) return;
      control.value = value;
      changed = control;
    });
    /* The filter follows its controls' change events; one applies both values. */
    if (changed) changed.dispatchEvent(new Event("change", { bubbles: true }));
  }

  /* A question the filters let through (listed now, or further down behind "Show more"). */
  function listed(q) {
    return !q.hidden;
  }

  function inQueue(q, queue) {
    if (queue === "review") return S.practice[q.id] === "review";
    if (queue === "new") return S.practice[q.id] !== "knew" && !S.done[q.id];
    return true;
  }

  function buildPractice(host, filterHost) {
    var questions = page.items.filter(function (item) { return item.scope === "questions"; });
    var choice = loadChoice();
    var p = { host: host, filterHost: filterHost, questions: questions, current: null,
      queue: choice.queue, ui: null };
    host.textContent = "";
    var titleId = nextId("hb-practice-title");
    var box = el("section", { "class": "hb-practice-ui", "aria-labelledby": titleId });
    box.appendChild(el("h2", { id: titleId, "class": "hb-practice__title" }, "Practice mode"));
    if (!questions.length) {
      box.appendChild(el("p", null, "There are no interview questions yet."));
      host.appendChild(box);
      return p;
    }
    box.appendChild(el("p", null, "Draw a random question from those the filters above show " +
      "(choose a topic or a difficulty there), answer it in your head, then reveal the answer " +
      "and mark how you did."));
    var queueSet = el("fieldset", { "class": "hb-checks hb-queue" });
    queueSet.appendChild(el("legend", null, "Draw from"));
    var group = nextId("hb-queue");
    var queueLabels = {};
    QUEUES.forEach(function (queue) {
      var id = nextId("hb-queue-" + queue.id);
      var span = el("span", { "class": "hb-check" });
      var input = el("input", { type: "radio", id: id, name: group, value: queue.id,
        "data-hb-practice": "queue" });
      input.checked = queue.id === p.queue;
      queueLabels[queue.id] = el("label", { "for": id }, " " + queue.label);
      span.appendChild(input);
      span.appendChild(queueLabels[queue.id]);
      queueSet.appendChild(span);
    });
    queueSet.addEventListener("change", function (event) {
      if (event.target.name !== group) return;
      p.queue = event.target.value;
      p.ui.msg.textContent = "";
      saveChoice(p);
    });
    box.appendChild(queueSet);
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
      marks: marks, msg: msg, stats: stats, link: link, queueLabels: queueLabels };

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
    restoreChoice(p, choice);
    updatePracticeStats(p);
    return p;
  }

  /* Draws from the chosen queue among the listed questions; false (and says why) when the
     queue is empty. */
  function drawQuestion(p) {
    var shown = p.questions.filter(listed);
    var pool = shown.filter(function (q) { return inQueue(q, p.queue); });
    if (!pool.length) {
      p.current = null;
      p.ui.card.hidden = true;
      p.ui.msg.textContent = emptyQueueMessage(p, shown);
      return false;
    }
    if (pool.length > 1 && p.current) {
      var last = p.current;
      pool = pool.filter(function (q) { return q !== last; });
    }
    var pick = pool[Math.floor(Math.random() * pool.length)];
    showQuestion(p, pick);
    return true;
  }

  function emptyQueueMessage(p, shown) {
    if (!shown.length) return "No question matches the filters above.";
    if (p.queue === "review") {
      var marked = p.questions.filter(function (q) { return inQueue(q, "review"); }).length;
      if (!marked) {
        return "No question is marked \u201creview again\u201d yet: after you reveal an " +
          "answer, \u201cReview again\u201d puts the question in this queue.";
      }
      return "None of the questions the filters show is marked \u201creview again\u201d (" +
        marked + " elsewhere in the bank): clear the filters to draw " +
        (marked === 1 ? "it." : "them.");
    }
    return "You knew or finished every question the filters show. Choose \u201cAny " +
      "question\u201d to go round again.";
  }

  function showQuestion(p, q) {
    var ui = p.ui;
    p.current = q;
    ui.q.textContent = itemTitle(q);
    ui.q.setAttribute("data-hb-id", q.id);
    var topicMark = q.el.querySelector(".hb-mark--topic");
    ui.meta.textContent = cap(q.vals.difficulty[0]) +
      (topicMark ? " · " + topicMark.textContent.trim() : "") +
      (S.practice[q.id] === "review" ? " · marked to review again" : "");
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
    ui.q.focus({ preventScroll: true });
    bringIntoView(ui.card);
  }

  /* The card opens below the practice controls: on a phone it would start under the fold.
     When it is not in full view, scroll its top to just below the theme's sticky header. */
  function bringIntoView(card) {
    var rect = card.getBoundingClientRect();
    var header = document.querySelector(".md-header");
    var top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    if (rect.top >= top && rect.bottom <= window.innerHeight) return;
    window.scrollTo(0, window.pageYOffset + rect.top - top - 8);
  }

  function markPractice(p, mark) {
    var q = p.current;
    if (!q) return;
    S.practice[q.id] = mark;
    if (mark === "knew") S.done[q.id] = 1;
    else delete S.done[q.id];
    save();
    refresh();
    var said = mark === "knew" ? "Marked as known and done." : "Marked to review again.";
    if (drawQuestion(p)) p.ui.msg.textContent = said + " Here is the next question.";
    else p.ui.msg.textContent = said + " " + p.ui.msg.textContent;
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
    /* Each queue says how many of the listed questions it holds. */
    var shown = p.questions.filter(listed);
    QUEUES.forEach(function (queue) {
      var n = shown.filter(function (q) { return inQueue(q, queue.id); }).length;
      var text = " " + queue.label + " (" + n + ")";
      var label = p.ui.queueLabels[queue.id];
      if (label.textContent !== text) label.textContent = text;
    });
  }

  /* "Review again" marks in the question list (and on stage pages), kept in step with the
     stored practice marks. */
  function updateReviewMarks(items) {
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      if (item.scope !== "questions") continue;
      if (item.reviewMark === undefined) {
        item.reviewMark = item.el.querySelector(".hb-mark--review");
      }
      var review = S.practice[item.id] === "review";
      if (review && !item.reviewMark) {
        item.reviewMark = el("span", { "class": "hb-mark hb-mark--review" }, "Review again");
        (item.el.querySelector(".hb-marks") || item.el).appendChild(item.reviewMark);
      } else if (!review && item.reviewMark) {
        item.reviewMark.remove();
        item.reviewMark = null;
      }
    }
  }

  /* A filter choice: the undo traces describe the list as it was, and the practice queue
     counts and remembered choice follow the questions filter. */
  function onListFilterChanged(event) {
    var target = event.target;
    var host = target && target.closest && target.closest(".hb-filters");
    if (!host || (event.type === "click" && !target.closest(".hb-filter__clear"))) return;
    clearTraces();
    var p = page && page.practice;
    if (p && p.ui && p.filterHost === host) {
      saveChoice(p);
      updatePracticeStats(p);
    }
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
    updateReviewMarks(items);
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
    setupView(page.items);
    forgetStickyFilters();
    addDoneMarks(page.items);
    updateReviewMarks(page.items);
    announcer();
    document.querySelectorAll(".hb-filters[data-scope]").forEach(function (host) {
      var f = buildFilter(host, host.getAttribute("data-scope"), filterLabels(host));
      if (f) page.filters.push(f);
    });
    var practiceHost = document.querySelector(".hb-practice[data-scope]");
    if (practiceHost) {
      page.practice = buildPractice(practiceHost,
        document.querySelector('.hb-filters[data-scope="questions"]'));
    }
    document.querySelectorAll(".hb-progress-panel").forEach(buildPanel);
    updateProgress();
    revealHashTarget();
    document.documentElement.setAttribute("data-hb-ready", String(Date.now()));
  }

  /* Delegated listeners, bound once: they survive instant navigation. */
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains("hb-done__box")) {
      toggleDone(target);
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
  document.addEventListener("change", onListFilterChanged);
  document.addEventListener("click", onListFilterChanged);
  /* An in-page link to an entry past the list window: widen it before the browser scrolls. */
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest && event.target.closest("a[href*='#']");
    if (!link || link.pathname !== window.location.pathname) return;
    try {
      revealEntry(decodeURIComponent(link.hash.slice(1)));
    } catch (err) {
      revealEntry(link.hash.slice(1));
    }
  }, true);
  window.addEventListener("hashchange", revealHashTarget);
  window.addEventListener("beforeprint", liftWindowsForPrint);
  window.addEventListener("afterprint", restoreWindowsAfterPrint);
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
    reset: resetProgress,
    onEveryPage: onEveryPage
  };

  /* Run `fn` once the page is ready, and again after every instant navigation (Material's
     document$ announces each page it swaps in; without it, the page is loaded once). The
     site's other scripts (path.js, the print section below) start through this too. */
  function onEveryPage(fn) {
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
      window.document$.subscribe(fn);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  onEveryPage(setup);
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
  window.handbookProgress.onEveryPage(setup);
})();
