/*
 * Language switch that keeps the reader's place.
 *
 * The links of Material's language menu (a.md-select__link[hreflang]) already
 * point at the same page in the other language (mkdocs-static-i18n).  Section
 * IDs are the same in every language, so the reader's place is carried over as
 * the URL fragment: the current #hash while its target is on screen, or else
 * the ID of the section heading at the top of the viewport.
 *
 * Clicks are caught in the capture phase on the document, before Material's
 * own listener on <body> (which would fetch "<page>/sitemap.xml" and land on
 * the other page without the #section); the event stops there and the browser
 * follows the link, now with the fragment.  The fragment is also put on the
 * link on hover, focus, pointer-down and context menu, so that middle-click,
 * "open in new tab" and "copy link" get it too.
 */
(function () {
  "use strict";

  var LINKS = "a.md-select__link[hreflang]";
  /* What the address asks of the page, carried to the other language too: the date of
   * "which version applied on" (?on=) and a cited comparison (?from=&to=&lang=). */
  var KEPT = ["on", "from", "to", "lang"];
  /* Elements that name a section: headings with an ID below the page title,
   * and the <section id> blocks of redlines. */
  var ANCHORS = ["h2", "h3", "h4", "h5", "h6", "section"].map(function (tag) {
    return ".md-content article " + tag + "[id]";
  }).join(", ");

  function headerBottom() {
    var header = document.querySelector(".md-header");
    if (!header) return 0;
    var box = header.getBoundingClientRect();
    return Math.max(0, box.bottom);
  }

  /* The ID of the section heading at the top of the viewport, or "". */
  function sectionAtTop() {
    var limit = headerBottom() + Math.min(window.innerHeight * 0.2, 160);
    var found = "";
    var anchors = document.querySelectorAll(ANCHORS);
    for (var i = 0; i < anchors.length; i++) {
      var element = anchors[i];
      if (!element.getClientRects().length) continue; /* collapsed (closed <details>) */
      if (element.getBoundingClientRect().top > limit) break;
      found = element.id;
    }
    return found;
  }

  function inView(element) {
    var box = element.getBoundingClientRect();
    return box.bottom > headerBottom() && box.top < window.innerHeight;
  }

  /* The current #hash while its target is still on screen (or is no element
   * at all); once the reader has scrolled away from it, the section at the
   * top of the viewport (none: the top of the page). */
  function currentFragment() {
    var hash = location.hash.length > 1 ? location.hash : "";
    var target = null;
    if (hash) {
      try {
        target = document.getElementById(decodeURIComponent(hash.slice(1)));
      } catch (error) {
        target = null; /* a malformed escape: keep the hash as it is */
      }
      if (!target || inView(target)) return hash;
    }
    var id = sectionAtTop();
    return id ? "#" + encodeURIComponent(id) : "";
  }

  /* The link's own page (its href as built, without any fragment) + the place. */
  function retarget(link) {
    var base = link.getAttribute("data-policy-href");
    if (base === null) {
      base = link.getAttribute("href") || "";
      link.setAttribute("data-policy-href", base);
    }
    var url = new URL(base, location.href);
    var asked = new URLSearchParams(location.search);
    KEPT.forEach(function (name) {
      if (asked.has(name)) url.searchParams.set(name, asked.get(name));
    });
    url.hash = currentFragment();
    link.setAttribute("href", url.href);
    return link;
  }

  function linkOf(event) {
    var target = event.target;
    if (!(target instanceof Element)) return null;
    return target.closest(LINKS);
  }

  document.addEventListener("click", function (event) {
    var link = linkOf(event);
    if (!link) return;
    retarget(link);
    /* Keep the click from Material's listener on <body>; the browser's default
     * action (follow the link, new tab on ctrl/middle click) still happens. */
    event.stopPropagation();
  }, true);

  ["mouseover", "focusin", "pointerdown", "contextmenu", "auxclick"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var link = linkOf(event);
      if (link) retarget(link);
    }, true);
  });

  /* Keyboard users who open the menu and copy a link, or screen readers that
   * read the href: keep every switcher link current with the reader's place. */
  function refreshAll() {
    var links = document.querySelectorAll(LINKS);
    var lang = document.documentElement.getAttribute("lang");
    for (var i = 0; i < links.length; i++) {
      retarget(links[i]);
      /* The menu marks the language the reader is reading (for the eye and for screen readers). */
      if (links[i].getAttribute("hreflang") === lang) links[i].setAttribute("aria-current", "true");
    }
  }
  var pending = false;
  function scheduleRefresh() {
    if (pending) return;
    pending = true;
    window.setTimeout(function () {
      pending = false;
      refreshAll();
    }, 200);
  }
  window.addEventListener("hashchange", refreshAll);
  window.addEventListener("scroll", scheduleRefresh, { passive: true });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refreshAll);
  } else {
    refreshAll();
  }
})();
