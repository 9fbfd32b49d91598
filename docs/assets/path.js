/* ML Engineer Handbook: your path (planner, calendar export), "continue" and "next up".
 *
 * The plan data (stages, core picks with hours, each background's core/skim/skip and why,
 * the share of hours each plan takes) is JSON written into the page at build time
 * (#hb-plan); the same numbers make the static default plans, so this file only applies the
 * learner's own choice and progress. The choice lives in localStorage (CHOICE_KEY) and in the
 * page address, so a shared link reproduces the plan; progress comes from handbook.js
 * (window.handbookProgress) and is followed through its "hb:progress" event.
 */
(function () {
  "use strict";

  var CHOICE_KEY = "hb-path-v1";
  var DAY_MS = 86400000;
  var GOALS = { job: "Job-ready", interview: "Interview" };

  /* ------------------------------------------------------------------ data */

  function planData() {
    /* A data block (render/text.py data_block): JSON in a data-json attribute. */
    var node = document.getElementById("hb-plan");
    if (!node) return null;
    try { return JSON.parse(node.getAttribute("data-json")); } catch (err) { return null; }
  }

  /* handbook.js (loaded first) owns the stored progress and its validation. */
  function progress() {
    var api = window.handbookProgress;
    return api ? api.state() : { done: {}, practice: {} };
  }

  function isoDate(date) {
    return date.toISOString().slice(0, 10);
  }

  function today() {
    var now = new Date();
    return isoDate(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())));
  }

  function parseDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text || "")) return null;
    var date = new Date(text + "T00:00:00Z");
    return isNaN(date.getTime()) || isoDate(date) !== text ? null : date;
  }

  function addDays(date, days) {
    return new Date(date.getTime() + days * DAY_MS);
  }

  function readable(date) {
    return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric",
                                              timeZone: "UTC" });
  }

  /* A choice is only ever built through this function, so every value is known to be valid. */
  function cleanChoice(raw, data) {
    raw = raw || {};
    var ids = data.backgrounds.map(function (b) { return b.id; });
    var hours = Number(raw.hours);
    var weeks = Number(raw.weeks);
    return {
      bg: ids.indexOf(raw.bg) >= 0 ? raw.bg : data.defaultBackground,
      hours: hours >= 1 && hours <= 80 ? Math.round(hours * 10) / 10 : data.defaultHoursPerWeek,
      start: parseDate(raw.start) ? raw.start : today(),
      goal: GOALS[raw.goal] ? raw.goal : "job",
      weeks: weeks >= 1 && weeks <= 52 ? Math.round(weeks) : 4
    };
  }

  function choiceFromUrl() {
    var params = new URLSearchParams(window.location.search);
    if (!params.has("bg")) return null;
    return { bg: params.get("bg"), hours: params.get("hours"), start: params.get("start"),
             goal: params.get("goal"), weeks: params.get("weeks") };
  }

  function storedChoice() {
    try { return JSON.parse(window.localStorage.getItem(CHOICE_KEY) || "null"); }
    catch (err) { return null; }
  }

  function saveChoice(choice) {
    try { window.localStorage.setItem(CHOICE_KEY, JSON.stringify(choice)); } catch (err) {}
  }

  function choiceQuery(choice) {
    /* Not "h": Material reads ?h= as words to highlight on the page. */
    var params = new URLSearchParams({ bg: choice.bg, hours: String(choice.hours),
                                       start: choice.start, goal: choice.goal });
    if (choice.goal === "interview") params.set("weeks", String(choice.weeks));
    return params.toString();
  }

  /* ------------------------------------------------------------------ the plan */

  function computePlan(data, choice, prog) {
    var start = parseDate(choice.start);
    var cumulative = 0;
    var rows = data.stages.map(function (stage) {
      var path = stage.paths[choice.bg] || { plan: "core", why: "" };
      var share = data.plans[path.plan].share;
      var left = 0, doneCount = 0;
      /* Knowing every test-out question (practice mode) is how a learner tests out. */
      var testedOut = stage.testOut.length > 0 && stage.testOut.every(function (q) {
        return prog.practice[q.id] === "knew";
      });
      stage.core.forEach(function (item) {
        if (prog.done[item.id]) doneCount++;
        else if (!testedOut) left += item.hours * share;
      });
      cumulative += left;
      return {
        stage: stage, plan: path.plan, why: path.why, hours: stage.coreHours * share,
        left: left, testedOut: testedOut, weeks: left / choice.hours, doneCount: doneCount,
        milestone: addDays(start, Math.ceil((cumulative / choice.hours) * 7))
      };
    });
    var every = data.allStagesHours;
    return { rows: rows, left: cumulative, every: every,
             weeks: cumulative / choice.hours, finish: addDays(start, Math.ceil((cumulative / choice.hours) * 7)) };
  }

  /* The next unfinished core item on the path (skipped stages left out), or null. */
  function nextItem(data, choice, prog, onlyStage) {
    for (var i = 0; i < data.stages.length; i++) {
      var stage = data.stages[i];
      if (onlyStage && stage.id !== onlyStage) continue;
      var path = stage.paths[choice.bg];
      if (!onlyStage && path && path.plan === "skip") continue;
      for (var j = 0; j < stage.core.length; j++) {
        if (!prog.done[stage.core[j].id]) return { stage: stage, item: stage.core[j] };
      }
    }
    return null;
  }

  /* Interview sprint: unknown questions by topic over N weeks; "review again" marks come back
     on weeks 1, 2, 4, 8... (spaced), until they are marked as known. */
  function sprint(data, choice, prog) {
    var byTopic = {};
    (data.questions || []).forEach(function (q) {
      if (prog.practice[q.id] === "knew") return;
      (byTopic[q.topic] = byTopic[q.topic] || []).push(q.id);
    });
    var topics = Object.keys(data.topics || {}).filter(function (t) { return byTopic[t]; });
    var total = topics.reduce(function (n, t) { return n + byTopic[t].length; }, 0);
    var perWeek = total / choice.weeks;
    var weeks = [];
    for (var w = 0; w < choice.weeks; w++) weeks.push({ topics: [], review: [], count: 0 });
    var seen = 0;
    topics.forEach(function (t) {
      var index = Math.min(choice.weeks - 1, Math.floor(seen / perWeek));
      weeks[index].topics.push({ id: t, title: data.topics[t], count: byTopic[t].length });
      weeks[index].count += byTopic[t].length;
      seen += byTopic[t].length;
    });
    var review = Object.keys(prog.practice).filter(function (id) {
      return prog.practice[id] === "review";
    }).sort();
    for (var k = 1; k <= choice.weeks; k *= 2) weeks[k - 1].review = review;
    return { weeks: weeks, total: total, review: review };
  }

  /* ------------------------------------------------------------------ DOM helpers */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function link(href, text) {
    return el("a", { href: href }, [text]);
  }

  function hoursText(hours) {
    if (hours <= 0) return "0 h";
    if (hours < 1) return Math.round(hours * 60) + " min";
    return (hours < 10 ? Math.round(hours * 10) / 10 : Math.round(hours)) + " h";
  }

  /* ------------------------------------------------------------------ calendar (RFC 5545) */

  function icsText(text) {
    return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r?\n/g, "\\n");
  }

  /* Lines longer than 75 octets are folded (CRLF + space), as RFC 5545 requires. */
  var utf8 = new TextEncoder();

  function fold(line) {
    var out = [], current = "", size = 0;
    Array.from(line).forEach(function (ch) {
      var bytes = utf8.encode(ch).length;
      if (size + bytes > (out.length ? 74 : 75)) { out.push(current); current = ""; size = 0; }
      current += ch;
      size += bytes;
    });
    out.push(current);
    return out.join("\r\n ");
  }

  function icsDate(date) {
    return isoDate(date).replace(/-/g, "");
  }

  function calendar(data, choice, plan) {
    var stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    var base = new URL(data.pathUrl, window.location.href).href;
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ML Engineer Handbook//Your path//EN",
                 "CALSCALE:GREGORIAN", "X-WR-CALNAME:ML Engineer Handbook path"];
    plan.rows.forEach(function (row) {
      if (row.left <= 0) return;
      var stage = row.stage;
      lines.push("BEGIN:VEVENT",
        "UID:" + stage.id + "-" + choice.start + "-" + choice.bg + "@ml-engineer-handbook",
        "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + icsDate(row.milestone),
        "DTEND;VALUE=DATE:" + icsDate(addDays(row.milestone, 1)),
        "SUMMARY:" + icsText("Finish stage " + stage.n + ": " + stage.title),
        "DESCRIPTION:" + icsText(data.plans[row.plan].label + " plan, about " +
          hoursText(row.left) + " of study. " + row.why + " " + new URL(stage.url, base).href),
        "URL:" + new URL(stage.url, base).href,
        "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = el("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 0);
  }

  /* ------------------------------------------------------------------ the path page */

  function buildForm(host, data, choice, onChange) {
    var form = el("form", { "class": "hb-path__form", "aria-label": "Your situation" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var who = el("fieldset", { "class": "hb-path__backgrounds" }, [el("legend", {}, ["I am"])]);
    data.backgrounds.forEach(function (b) {
      var input = el("input", { type: "radio", name: "bg", value: b.id, id: "hb-bg-" + b.id });
      input.checked = b.id === choice.bg;
      who.appendChild(el("label", { "for": "hb-bg-" + b.id, "class": "hb-path__option" }, [
        input, el("span", { "class": "hb-path__option-title" }, [b.title]),
        el("span", { "class": "hb-path__option-text" }, [b.description])]));
    });
    var hours = el("input", { type: "number", name: "hours", id: "hb-hours", min: "1", max: "80",
                              step: "0.5", value: String(choice.hours), inputmode: "decimal" });
    var start = el("input", { type: "date", name: "start", id: "hb-start", value: choice.start });
    var goal = el("fieldset", { "class": "hb-path__goal" }, [el("legend", {}, ["Goal"])]);
    Object.keys(GOALS).forEach(function (g) {
      var input = el("input", { type: "radio", name: "goal", value: g, id: "hb-goal-" + g });
      input.checked = g === choice.goal;
      goal.appendChild(el("label", { "for": "hb-goal-" + g, "class": "hb-path__inline" },
                          [input, " " + (g === "job" ? "Job-ready" : "An interview in")]));
    });
    var weeks = el("input", { type: "number", name: "weeks", id: "hb-weeks", min: "1",
                              max: "52", value: String(choice.weeks),
                              "aria-label": "Weeks until the interview" });
    goal.appendChild(el("span", { "class": "hb-path__inline" }, [weeks, " weeks"]));
    if (data.backgrounds.length) form.appendChild(who);
    form.appendChild(el("div", { "class": "hb-path__row" }, [
      el("label", { "for": "hb-hours" }, ["Hours per week "]), hours,
      el("label", { "for": "hb-start" }, [" Starting "]), start]));
    form.appendChild(goal);
    form.addEventListener("change", function () {
      var picked = form.querySelector("input[name=bg]:checked");
      var chosenGoal = form.querySelector("input[name=goal]:checked");
      onChange({ bg: picked && picked.value, hours: hours.value, start: start.value,
                 goal: chosenGoal && chosenGoal.value, weeks: weeks.value });
    });
    host.appendChild(form);
  }

  function renderPlan(out, data, choice, prog) {
    var plan = computePlan(data, choice, prog);
    out.textContent = "";
    var background = data.backgrounds.filter(function (b) { return b.id === choice.bg; })[0];
    var summary = el("p", { "class": "hb-path__summary", "aria-live": "polite" }, [
      "As a " + (background ? background.title.toLowerCase() : "learner") + " at " +
        choice.hours + " hours a week: about " + hoursText(plan.left) + " of study left, ",
      el("strong", { "class": "hb-path__finish", "data-finish": isoDate(plan.finish) },
         ["finished by " + readable(plan.finish)]),
      " (" + Math.ceil(plan.weeks) + " weeks). Every stage of the roadmap in full would be " +
        hoursText(plan.every) + "."]);
    out.appendChild(summary);
    var actions = el("p", { "class": "hb-path__actions" });
    var ics = el("button", { type: "button", "class": "md-button", "data-hb-path": "ics" },
                 ["Add milestones to my calendar (.ics)"]);
    ics.addEventListener("click", function () {
      download("ml-engineer-path.ics", calendar(data, choice, plan), "text/calendar");
    });
    var print = el("button", { type: "button", "class": "md-button", "data-hb-path": "print" },
                   ["Print checklist"]);
    print.addEventListener("click", function () { window.print(); });
    var share = link("?" + choiceQuery(choice), "Link to this plan");
    share.className = "hb-path__share";
    actions.appendChild(ics);
    actions.appendChild(print);
    actions.appendChild(share);
    out.appendChild(actions);
    if (choice.goal === "interview") out.appendChild(renderSprint(data, choice, prog));
    out.appendChild(renderTable(data, plan, prog));
  }

  function renderSprint(data, choice, prog) {
    var plan = sprint(data, choice, prog);
    var box = el("section", { "class": "hb-sprint", "aria-labelledby": "hb-sprint-title" });
    box.appendChild(el("h2", { id: "hb-sprint-title" }, [
      "Interview sprint: " + choice.weeks + " week" + (choice.weeks === 1 ? "" : "s")]));
    box.appendChild(el("p", {}, [plan.total + " questions you have not marked as known, by " +
      "topic. Questions you marked \u201creview again\u201d come back in weeks 1, 2, 4 and 8."]));
    var list = el("ol", { "class": "hb-sprint__weeks" });
    plan.weeks.forEach(function (week, i) {
      var item = el("li", { "class": "hb-sprint__week", "data-week": String(i + 1) }, [
        el("strong", {}, ["Week " + (i + 1) + ": " + week.count + " questions"])]);
      var topics = el("ul", {});
      week.topics.forEach(function (t) {
        topics.appendChild(el("li", { "data-topic": t.id }, [
          link(data.questionsUrl + "?topic=" + encodeURIComponent(t.id), t.title),
          " (" + t.count + ")"]));
      });
      item.appendChild(topics);
      if (week.review.length) {
        var again = el("p", { "class": "hb-sprint__review" }, ["Review again: "]);
        week.review.forEach(function (id, k) {
          if (k) again.appendChild(document.createTextNode(", "));
          again.appendChild(el("a", { href: data.questionsUrl + "#" + id, "data-review": id },
                               [id]));
        });
        item.appendChild(again);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function renderTable(data, plan, prog) {
    var table = el("table", { "class": "hb-plan-table" }, [
      el("caption", {}, ["Your stages, in order, with a milestone date for each"]),
      el("thead", {}, [el("tr", {}, ["Stage", "Plan", "Hours left", "Milestone"].map(function (h) {
        return el("th", { scope: "col" }, [h]);
      }))])]);
    var body = el("tbody");
    plan.rows.forEach(function (row) {
      var stage = row.stage;
      var items = el("ul", { "class": "hb-plan-table__items" });
      stage.core.forEach(function (item) {
        var done = !!prog.done[item.id];
        items.appendChild(el("li", { "class": done ? "hb-is-done" : null,
                                     "data-done": done ? "1" : "0" }, [
          el("span", { "class": "hb-check", "aria-hidden": "true" }, [done ? "\u2611 " : "\u2610 "]),
          link(item.url, item.title), " (" + hoursText(item.hours) + ")" + (done ? ", done" : "")]));
      });
      var tests = el("p", { "class": "hb-plan-table__test" }, ["Test out: "]);
      stage.testOut.forEach(function (q, k) {
        if (k) tests.appendChild(document.createTextNode(" \u00b7 "));
        tests.appendChild(link(q.url, String(k + 1)));
      });
      var label = data.plans[row.plan].label;
      body.appendChild(el("tr", { "data-stage": stage.id, "data-plan": row.plan,
                                  "data-hours-left": String(row.left),
                                  "data-milestone": isoDate(row.milestone) }, [
        el("th", { scope: "row" }, [link(stage.url, stage.n + ". " + stage.title),
                                    el("p", { "class": "hb-plan-table__why" }, [row.why]),
                                    items, tests]),
        el("td", {}, [el("span", { "class": "hb-plan hb-plan--" + row.plan }, [label])]),
        el("td", {}, [row.left > 0 ? hoursText(row.left)
                      : row.testedOut ? "tested out" : row.plan === "skip" ? "0 h" : "done"]),
        el("td", {}, [row.left > 0 ? readable(row.milestone) : "\u2014"])]));
    });
    table.appendChild(body);
    return table;
  }

  function setupPathPage(host, data) {
    var fromUrl = choiceFromUrl();
    var choice = cleanChoice(fromUrl || storedChoice() || {}, data);
    if (fromUrl) saveChoice(choice);
    host.textContent = "";
    var out = el("div", { "class": "hb-path__plan" });
    buildForm(host, data, choice, function (raw) {
      choice = cleanChoice(raw, data);
      saveChoice(choice);
      var url = window.location.pathname + "?" + choiceQuery(choice) + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
      renderPlan(out, data, choice, progress());
    });
    host.appendChild(out);
    renderPlan(out, data, choice, progress());
    return function () { renderPlan(out, data, choice, progress()); };
  }

  /* ------------------------------------------------------------------ continue, next up, badges */

  function currentChoice(data) {
    var stored = storedChoice();
    return { choice: cleanChoice(stored || {}, data), chosen: !!stored };
  }

  function updateContinue(card, data) {
    var state = currentChoice(data);
    var prog = progress();
    var next = nextItem(data, state.choice, prog);
    var label = card.querySelector(".hb-continue__label");
    var item = card.querySelector(".hb-continue__item");
    var any = Object.keys(prog.done).length > 0;
    if (!next) {
      label.textContent = "Path complete";
      item.textContent = "Every core item on your path is done. Practise interviews next.";
      return;
    }
    label.textContent = any ? "Continue" : "Start here";
    item.textContent = "";
    item.appendChild(el("a", { href: next.item.url, "class": "hb-continue__link" },
                        [next.item.title]));
    item.appendChild(el("span", { "class": "hb-continue__stage" },
                        [" " + next.stage.n + ". " + next.stage.title]));
    if (state.chosen) {
      var plan = computePlan(data, state.choice, prog);
      var bg = data.backgrounds.filter(function (b) { return b.id === state.choice.bg; })[0];
      var path = card.querySelector(".hb-continue__path");
      path.textContent = "";
      path.appendChild(link(data.pathUrl + "?" + choiceQuery(state.choice), "Your path"));
      path.appendChild(document.createTextNode(" (" + (bg ? bg.title : "") + ", " +
        state.choice.hours + " h a week): finished by " + readable(plan.finish) + "."));
    }
  }

  function updateNext(box, data) {
    var stageId = box.getAttribute("data-stage");
    var state = currentChoice(data);
    var prog = progress();
    var stage = data.stages.filter(function (s) { return s.id === stageId; })[0];
    if (!stage) return;
    var item = box.querySelector(".hb-next__item");
    var next = nextItem(data, state.choice, prog, stageId);
    item.textContent = "";
    if (next) {
      item.appendChild(el("a", { href: next.item.url, "class": "hb-next__link" },
                          [next.item.title]));
      item.appendChild(document.createTextNode(" (" + hoursText(next.item.hours) + ")"));
    } else {
      var after = nextItem(data, state.choice, prog);
      item.appendChild(document.createTextNode("Every core item of this stage is done. "));
      if (after) item.appendChild(link(after.item.url, "Next: " + after.item.title));
    }
    var plan = stage.paths[state.choice.bg];
    var note = box.querySelector(".hb-next__plan");
    if (!note) {
      note = el("p", { "class": "hb-next__plan" });
      box.appendChild(note);
    }
    note.textContent = "";
    if (state.chosen && plan) {
      note.appendChild(el("span", { "class": "hb-plan hb-plan--" + plan.plan },
                          [data.plans[plan.plan].label]));
      note.appendChild(document.createTextNode(" on your path: " + plan.why));
    }
  }

  function updateBadges(data) {
    var state = currentChoice(data);
    document.querySelectorAll(".hb-node__plan[data-stage]").forEach(function (badge) {
      var stage = data.stages.filter(function (s) {
        return s.id === badge.getAttribute("data-stage");
      })[0];
      var plan = state.chosen && stage && stage.paths[state.choice.bg];
      badge.textContent = plan ? data.plans[plan.plan].label : "";
      badge.className = "hb-node__plan" + (plan ? " hb-plan hb-plan--" + plan.plan : "");
    });
  }

  /* ------------------------------------------------------------------ wiring */

  var refreshers = [];

  function setup() {
    refreshers = [];
    var data = planData();
    if (!data) return;
    var host = document.querySelector(".hb-path");
    if (host) refreshers.push(setupPathPage(host, data));
    document.querySelectorAll(".hb-continue").forEach(function (card) {
      refreshers.push(function () { updateContinue(card, data); });
    });
    document.querySelectorAll(".hb-next[data-stage]").forEach(function (box) {
      refreshers.push(function () { updateNext(box, data); });
    });
    if (document.querySelector(".hb-node__plan")) {
      refreshers.push(function () { updateBadges(data); });
    }
    refreshers.forEach(function (f) { f(); });
    document.documentElement.setAttribute("data-hb-path-ready", "");
  }

  function refresh() {
    refreshers.forEach(function (f) { f(); });
  }

  document.addEventListener("hb:progress", refresh);
  window.addEventListener("storage", function (event) {
    var api = window.handbookProgress;
    if ((api && event.key === api.key) || event.key === CHOICE_KEY || event.key === null) {
      refresh();
    }
  });

  /* For the browser tests and for people who script the handbook. */
  window.handbookPath = { calendar: function () {
    var data = planData();
    if (!data) return "";
    var choice = cleanChoice(choiceFromUrl() || storedChoice() || {}, data);
    return calendar(data, choice, computePlan(data, choice, progress()));
  } };

  if (window.handbookProgress) window.handbookProgress.onEveryPage(setup);
})();
