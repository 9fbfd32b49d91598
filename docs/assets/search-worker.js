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
 * at least KEEP other matches: the first KEEP results on screen are exactly Material's.
 * Ranking, highlighting, suggestions and the result list are all Material's code.
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

(function trimMatches(lunr) {
  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (query) {
    var matches = search.call(this, query);  // sorted by score, best first
    if (matches.length <= KEEP)
      return matches;
    var floor = matches[KEEP - 1].score / MAX_BOOST;
    var end = KEEP;
    while (end < matches.length && end < CAP && matches[end].score >= floor)
      end++;
    return matches.slice(0, end);
  };
})(self.lunr);
