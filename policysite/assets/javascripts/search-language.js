/*
 * Search favours the reader's language: a page in a language other than the
 * default loads that language's copy of the search index (<lang>/search/
 * search_index.json, written at build time by policysite/search.py), in which
 * pages of the other language weigh less. Material fetches the index with
 * XMLHttpRequest as soon as its bundle runs, so this is loaded in <head>.
 */
(function () {
  "use strict";
  var lang = document.documentElement.getAttribute("lang");
  /* The site's languages other than the default (<meta name="policy-languages">, main.html). */
  var meta = document.querySelector('meta[name="policy-languages"]');
  var languages = meta ? meta.getAttribute("content").split(" ").filter(Boolean) : [];
  if (languages.indexOf(lang) === -1) return;
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    try {
      var target = new URL(url, document.baseURI);
      var suffix = "/search/search_index.json";
      if (target.origin === location.origin && target.pathname.slice(-suffix.length) === suffix &&
          target.pathname.indexOf("/" + lang + suffix) === -1) {
        target.pathname = target.pathname.slice(0, -suffix.length) + "/" + lang + suffix;
        arguments[1] = target.href;
      }
    } catch (error) { /* leave the request as it was */ }
    return open.apply(this, arguments);
  };
})();
