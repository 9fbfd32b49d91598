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
 *   - the KEEP best matches by Lunr's score, and
 *   - every further match that Material's own re-ranking could still lift above them, up to
 *     CAP matches in all.
 * Material re-ranks each match by multiplying Lunr's score by 1 + boost^2, where boost is at
 * most 2 (1 for a whole page, plus the share of query words the match contains), so by at
 * most MAX_BOOST = 5. A match scoring below a fifth of the KEEP-th score therefore ends below
 * at least KEEP other matches: from the second letter of a query on, the first KEEP results
 * on screen are exactly Material's.
 *
 * While the query is a single letter (the first keystroke of every search) it also:
 *   - searches titles only ("p" becomes "title:p*"), ranked by how well the title matches.
 *     Material weighs a title match 1,000 times a body match, so its first results are
 *     title matches too; what goes is the long tail of body words starting with "p", which
 *     costs Lunr three times as much to collect;
 *   - skips Material's word completion (feature search.suggest): completing "p" from
 *     whichever title ranks first is a guess, and costs more than the search itself.
 * From the second letter on, queries and completions are Material's. Ranking, highlighting
 * and the result list are always Material's.
 */
"use strict";

var KEEP = 100;
var CAP = 400;
var MAX_BOOST = 5;

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
    if (matches.length <= KEEP)
      return matches;
    var floor = matches[KEEP - 1].score / MAX_BOOST;
    var end = KEEP;
    while (end < matches.length && end < CAP && matches[end].score >= floor)
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
    return query.call(this, build);
  };
})(self.lunr);
