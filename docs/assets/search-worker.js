/*
 * Material for MkDocs' own search worker, with its match list trimmed before it is rendered.
 *
 * Why: a broad query ("python", "provider", a first keystroke) matches thousands of resource
 * sections. Material then highlights every match in the worker, copies all of them to the
 * page and renders them into the result list, which takes around half a second at 10,000
 * resources. A learner reads the first screenful, so only the best matches are worth that.
 *
 * How: the page loads this file instead of Material's worker (see overrides/main.html) and
 * passes the worker's address as ?material=. This file loads it unchanged, then wraps the
 * Lunr index's search(), which Material calls once per query, so that it returns:
 *   - the KEEP best matches by Lunr's score (for a query of several words: of the matches
 *     of the most query words, see queryTerms below), and
 *   - every further match that Material's own re-ranking could still lift above them, up to
 *     CAP matches in all.
 * Material re-ranks each match by multiplying Lunr's score by 1 + boost^2, where boost is at
 * most 2 (1 for a whole page, plus the share of query words the match contains), so by at
 * most MAX_BOOST = 5. A match scoring below a fifth of the KEEP-th score therefore ends below
 * at least KEEP other matches: from the second letter of a query on, the first KEEP matches
 * are exactly those Material would rank first (in the order described below).
 *
 * While the query is a single letter (the first keystroke of every search) it also:
 *   - searches titles only ("p" becomes "title:p*"), ranked by how well the title matches.
 *     Material weighs a title match 1,000 times a body match, so its first results are
 *     title matches too; what goes is the long tail of body words starting with "p", which
 *     costs Lunr three times as much to collect;
 *   - skips Material's word completion (feature search.suggest): completing "p" from
 *     whichever title ranks first is a guess, and costs more than the search itself.
 * From the second letter on, queries and completions are Material's, except that the last
 * word of a query of several is matched as typed while it is one letter (see below). Scores, highlighting
 * and the drawing of the result list are always Material's; what this file changes is the
 * order for several words (more of the words first) and the grouping (one result per resource
 * and question, see the end of this file).
 */
"use strict";

var KEEP = 50;
var CAP = 200;
var MAX_BOOST = 5;

/*
 * Matches of more query words first.
 *
 * Material adds every query word as optional and weighs a title match 1,000 times a body match,
 * so "feature store" listed every title with "feature" in it above Feast, "an open-source
 * feature store", and "vector database" every title with "database" above pgvector. Results
 * are ordered by how many of the query's words they match (Material's own count, the one it
 * shows as "Missing:" under a result), then by Material's score. The trimming below keeps to
 * that order: a match of fewer words never overtakes one of more.
 */
function queryTerms(index, text) {
  var query = new self.lunr.Query(index.fields);
  try {
    new self.lunr.QueryParser(text, query).parse();
  } catch (err) {
    return [];
  }
  var terms = [];
  query.clauses.forEach(function (clause) {
    var term = clause.term.replace(/^\*|\*$/g, "");
    // Stop words match nothing (Material's pipeline drops them); excluded words don't count.
    if (clause.presence !== self.lunr.Query.presence.PROHIBITED && term &&
        self.lunr.stopWordFilter(term) && terms.indexOf(term) < 0)
      terms.push(term);
  });
  return terms;
}

function coverage(match, terms) {
  var words = Object.keys(match.matchData.metadata);
  return terms.filter(function (term) {
    return words.some(function (word) { return word.indexOf(term) === 0; });
  }).length;
}

/*
 * The latest query only.
 *
 * Why: a learner types a key every 100 ms or so, and a broad query can take Lunr longer than
 * that at 10,000 resources. Material's worker answers every query in turn, so the answer to the
 * last key waited behind answers to keys already typed over.
 *
 * How: Material's worker listens for messages with addEventListener (wrapped here before it
 * loads). A query is answered from a task queued behind the messages already waiting: when
 * a later query has arrived by then, the earlier one is dropped. Each answer names the query
 * it answers (data.query), so a page, or bench/browser.py, can tell which one it got.
 */
var QUERY = 2;  // Material's SearchMessageType.QUERY
var answering = null;  // the query being answered, named in its answer

(function latestQueryOnly() {
  var add = self.addEventListener.bind(self);
  var pending = null;
  self.addEventListener = function (type, listener, options) {
    if (type !== "message")
      return add(type, listener, options);
    return add(type, function (event) {
      if (!event.data || event.data.type !== QUERY)
        return listener.call(self, event);
      pending = event;
      setTimeout(function () {
        if (pending !== event)
          return;
        pending = null;
        answering = event.data.data;
        listener.call(self, event);
      }, 0);
    }, options);
  };
})();

(function loadMaterialWorker() {
  var address = new URL(self.location.href).searchParams.get("material");
  var material = address ? new URL(address, self.location.href) : null;
  // Only ever load Material's worker from this site, whatever the query string says.
  if (!material || material.origin !== self.location.origin)
    throw new Error("search-worker.js: ?material= must name Material's search worker on this site");
  importScripts(material.href);
})();

(function tuneLunr(lunr) {
  // A Material release that stops exposing self.lunr keeps its search, untuned (and the
  // browser tests, which compare both workers, fail until this file is updated).
  if (!lunr || !lunr.Index)
    return;
  var search = lunr.Index.prototype.search;
  var query = lunr.Index.prototype.query;
  var searching = false;

  lunr.Index.prototype.search = function (text) {
    var matches;
    searching = true;
    try {
      // Material hands over its transformed query: "p" arrives as "p*".
      if (/^[^\s:*+~^-]\*$/.test(text))
        text = "title:" + text;
      matches = search.call(this, text);  // sorted by score, best first
    } finally {
      searching = false;
    }
    var terms = queryTerms(this, text);
    if (terms.length > 1) {
      matches.forEach(function (match) { match.coverage = coverage(match, terms); });
      matches.sort(function (a, b) { return b.coverage - a.coverage || b.score - a.score; });
    }
    if (matches.length <= KEEP)
      return matches;
    var last = matches[KEEP - 1];
    var floor = last.score / MAX_BOOST;
    var end = KEEP;
    while (end < matches.length && end < CAP && matches[end].coverage === last.coverage &&
           matches[end].score >= floor)
      end++;
    return matches.slice(0, end);
  };

  // Material calls query() directly only for its word completion; search() calls it too.
  lunr.Index.prototype.query = function (build) {
    if (!searching) {
      var probe = new lunr.Query(this.fields);
      build.call(probe, probe);
      var oneLetter = probe.clauses.every(function (clause) {
        return clause.term.replace(/\*/g, "").length < 2;
      });
      if (oneLetter)
        return [];
    }
    return query.call(this, function (built) {
      build.call(built, built);
      exactOneLetterLastWord(built.clauses);
    });
  };

  /*
   * The last word of a query of several, while it is a single letter, is matched as typed,
   * not as a prefix. Material makes every query word a prefix, and a one-letter prefix stands
   * for thousands of indexed words ("4*": every number starting with 4), which Lunr scores
   * one by one: "provider 4", on the way to "provider 42", took twice as long as either
   * "provider" or "provider 42", and the next key's answer waited behind it. From the next
   * letter on, the word is a prefix again.
   */
  function exactOneLetterLastWord(clauses) {
    var last = clauses[clauses.length - 1];
    // A parsed "4*" keeps its star in the term; a built one has it as a flag too.
    if (clauses.length < 2 || !/^[^*]\*$/.test(last.term))
      return;
    last.term = last.term.charAt(0);
    last.wildcard = lunr.Query.wildcard.NONE;
    last.usePipeline = true;
  }
})(self.lunr);

/*
 * One result per resource and per question.
 *
 * Why: Material groups matches by page and folds all but the best under "N more on this
 * page", so "AWS certification" showed the Certifications page and no AWS exam. Each resource
 * and question is what a learner looks for: it is a result of its own.
 *
 * How: the site's build gives each resource's and question's index entry a `result` field,
 * its subtitle ("Amazon Web Services · Certification", see scripts/handbook/search.py). Each
 * answer of this worker is regrouped before it is posted: a match carrying `result` becomes
 * a group of its own, every other match stays in its page's group, and the groups are ordered
 * by their best match, as Material orders them. Material's result list draws a group of two
 * sections as a heading (the last one, drawn as the page: the resource's title) and a teaser
 * (the first one: the subtitle, over the excerpt), both linking to the resource's anchor.
 *
 * It also strips trailing punctuation from word completions ("recall?" -> "recall"), should a
 * completion ever come from a word the index kept it on.
 */
(function oneResultPerResource() {
  var RESULT = 3;  // Material's SearchMessageType.RESULT
  var post = self.postMessage.bind(self);

  // Query words the match contains. Stop words do not count: "with" is in no index entry,
  // yet Material counts it as found in a match that has "without" (a query word's prefix).
  function found(doc) {
    return Object.keys(doc.terms || {}).filter(function (term) {
      return doc.terms[term] && self.lunr.stopWordFilter(term);
    }).length;
  }

  function page(location) {
    return location.split("#")[0];
  }

  function regroup(groups) {
    var matches = [];
    var pages = new Map();  // page location -> its own entry, to head the page's group
    groups.forEach(function (group) {
      group.forEach(function (doc) {
        if (doc.location.indexOf("#") < 0)
          pages.set(doc.location, doc);
        // Material adds a page's entry with score 0 when only its sections matched.
        if (doc.score > 0)
          matches.push(doc);
      });
    });
    // As the Lunr search above: more of the query's words first, then Material's score.
    matches.sort(function (a, b) { return found(b) - found(a) || b.score - a.score; });
    var regrouped = new Map();
    matches.forEach(function (doc) {
      if (doc.result) {
        var teaser = Object.assign({}, doc, {title: doc.result});
        var heading = Object.assign({}, doc, {text: ""});
        regrouped.set(doc.location, [teaser, heading]);
        return;
      }
      var key = "page:" + page(doc.location);
      var group = regrouped.get(key);
      if (group)
        group.push(doc);
      else
        regrouped.set(key, [doc]);
    });
    // Every page group needs its page entry (Material draws it as the group's heading).
    regrouped.forEach(function (group, key) {
      if (key.indexOf("page:") !== 0)
        return;
      var location = key.slice(5);
      if (!group.some(function (doc) { return doc.location === location; })) {
        var entry = pages.get(location);
        if (entry)
          group.push(entry);
      }
    });
    return Array.from(regrouped.values());
  }

  function cleanSuggestions(words) {
    return words
      .map(function (word) { return word.replace(/[^\p{L}\p{N}]+$/u, ""); })
      .filter(function (word) { return word.length > 0; });
  }

  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data) {
      var data = Object.assign({}, message.data);
      if (Array.isArray(data.items))
        data.items = regroup(data.items);
      if (Array.isArray(data.suggest))
        data.suggest = cleanSuggestions(data.suggest);
      if (answering !== null)
        data.query = answering;
      message = {type: RESULT, data: data};
    }
    return post.apply(self, [message].concat(Array.prototype.slice.call(arguments, 1)));
  };
})();
