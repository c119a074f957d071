/*
 * The head's language alternates (<link rel="alternate" hreflang>), kept from Material's script.
 *
 * Search engines read a page's versions in other languages from these links (policysite/head.py).
 * Material's script, when the document is loaded, fetches "sitemap.xml" beside every
 * <link rel="alternate"> it finds ("<page>/sitemap.xml": a missing file, or a request to another
 * origin when the site is served elsewhere than site_url) and then takes over clicks on any link
 * into that page, landing without the reader's #section.  The Atom feeds' alternates are meant for
 * it (their folders hold a sitemap); these are not.
 *
 * So this script, loaded in the head right after the links, turns their rel into
 * "alternate policy-hreflang" (still an alternate: rel is a set of words, and Material matches the
 * whole attribute, "alternate") until Material has made its list on DOMContentLoaded; a listener
 * added here runs before Material's (listeners run in the order they were added) and puts the
 * links back as they were written once the event is over.
 */
(function () {
  "use strict";

  var HIDDEN = "alternate policy-hreflang";
  var links = document.querySelectorAll('link[rel="alternate"][hreflang]');
  if (!links.length) return;
  for (var i = 0; i < links.length; i++) links[i].setAttribute("rel", HIDDEN);

  function restore() {
    for (var i = 0; i < links.length; i++) links[i].setAttribute("rel", "alternate");
  }

  document.addEventListener(
    "DOMContentLoaded",
    function () {
      window.setTimeout(restore, 0);
    },
    { once: true }
  );
})();
