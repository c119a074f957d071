/*
 * The search worker: Material for MkDocs' own (loaded with importScripts from
 * the URL after "#", which the theme override puts in the page's config), with
 * two changes for policy readers:
 *
 * 1. Sections that contain every term of the query come first. Material scores
 *    results by term frequency (lunr) and shows, per page, only the best
 *    section, folding the others under "N more on this page": for "delete
 *    account" the section about deleting account data could sit below sections
 *    that say "account" often. Here every result that matches all the query's
 *    terms is lifted above every result that does not (in both languages);
 *    among themselves results keep Material's order.
 *
 * 2. A Chinese query that is one word is matched as that word. Material cuts
 *    runs of Han characters into pieces it finds in the index (and never
 *    considers the whole run), so 個人資料 was searched as 個人* 資*: any
 *    section with 資料 matched. A run that is a word of the site's jieba
 *    dictionary (docs/search/jieba-zh-TW.txt, written into the index config by
 *    policysite/search.py) or a term of the index stays whole.
 *
 * Material's worker protocol (https://bit.ly/3igvtQv, "custom search") is kept
 * as it is: messages in and out are Material's, only re-ordered or re-cut.
 */
(function () {
  "use strict";

  var SETUP = 0, QUERY = 2, RESULT = 3;
  var HAN = /\p{sc=Han}+/gu;

  var words = new Set();   /* the dictionary's words */
  var terms = null;        /* the index's terms (lunr's inverted index) */
  var original = null;     /* the reader's query, while Material handles it */

  /* -- 1. ranking: results that match every term first */

  function complete(item) {
    var keys = Object.keys(item.terms || {});
    return keys.length > 0 && keys.every(function (key) { return item.terms[key]; });
  }

  function rank(result) {
    var groups = result && result.items;
    if (!groups || !groups.length) return;
    var top = 0;
    groups.forEach(function (group) {
      group.forEach(function (item) { top = Math.max(top, item.score); });
    });
    var lift = top + 1;
    groups.forEach(function (group) {
      group.forEach(function (item) {
        if (item.score > 0 && complete(item)) item.score += lift;
      });
      group.sort(function (a, b) { return b.score - a.score; });  /* stable: ties keep their order */
    });
    groups.sort(function (a, b) { return b[0].score - a[0].score; });
  }

  /* -- 2. Chinese words kept whole */

  /* Material's segment() (integrations/search/query/segment, MIT licence),
   * repeated here to know which clauses it made of a run of Han characters. */
  function segment(query, index) {
    var segments = new Set();
    var wordcuts = new Uint16Array(query.length);
    for (var i = 0; i < query.length; i++)
      for (var j = i + 1; j < query.length; j++)
        if (query.slice(i, j) in index) wordcuts[i] = j - i;
    var stack = [0];
    for (var s = stack.length; s > 0;) {
      var p = stack[--s];
      for (var q = 1; q < wordcuts[p]; q++)
        if (wordcuts[p + q] > wordcuts[p] - q) {
          segments.add(query.slice(p, p + q));
          stack[s++] = p + q;
        }
      var end = p + wordcuts[p];
      if (wordcuts[end] && end < query.length - 1) stack[s++] = end;
      segments.add(query.slice(p, end));
    }
    if (segments.has("")) return [query];
    return Array.from(segments);
  }

  function bare(term) {
    return term.replace(/^[*]+|[*]+$/g, "");
  }

  /* The clauses Material made of each whole word become one clause for the word. */
  function keepWords(clauses) {
    var runs = original.match(HAN) || [];
    runs.forEach(function (run) {
      if (run.length < 2 || !(words.has(run) || (terms && run in terms))) return;
      var pieces = segment(run, terms || {});
      if (pieces.length === 1 && pieces[0] === run) return;  /* Material kept it whole */
      var removed = [];
      pieces.forEach(function (piece) {
        var at = clauses.findIndex(function (clause, index) {
          return removed.indexOf(index) === -1 && bare(clause.term) === piece;
        });
        if (at !== -1) removed.push(at);
      });
      if (!removed.length) return;
      removed.sort(function (a, b) { return a - b; });
      var first = clauses[removed[0]];
      /* One trailing wildcard at most, as Material gives every term (it strips one). */
      var wildcard = /[*]$/.test(first.term) ? "*" : "";
      var word = Object.assign({}, first, { term: run + wildcard });
      for (var k = removed.length - 1; k >= 0; k--) clauses.splice(removed[k], 1);
      clauses.splice(removed[0], 0, word);
    });
  }

  /* -- Material's worker, wrapped */

  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen(type, listener, options);
    return listen(type, function (event) {
      var message = event.data || {};
      if (message.type === SETUP && message.data && message.data.config) {
        words = new Set(message.data.config.words || []);
      }
      original = message.type === QUERY && typeof message.data === "string" ? message.data : null;
      try {
        /* Material answers a query synchronously (the reply is posted later). */
        return listener.call(this, event);
      } finally {
        original = null;
      }
    }, options);
  };

  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === RESULT) {
      try { rank(message.data); } catch (error) { /* Material's order stays */ }
    }
    return post.apply(null, arguments);
  };

  importScripts(new URL(self.location.hash.slice(1), self.location.href).href);

  var lunr = self.lunr;
  var build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    var index = build.apply(this, arguments);
    terms = index.invertedIndex;
    return index;
  };
  var parse = lunr.QueryParser.prototype.parse;
  lunr.QueryParser.prototype.parse = function () {
    var query = parse.apply(this, arguments);
    if (original !== null) {
      try { keepWords(query.clauses); } catch (error) { /* Material's clauses stay */ }
    }
    return query;
  };
})();
