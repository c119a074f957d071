/*
 * Keys for a long redline: "j" goes to the next changed section, "k" to the previous one (as in
 * code review tools; Material keeps "n" and "p" for the next and previous page).  The changed
 * sections are the redline's sections that are not folded as unchanged, in reading order, on a
 * changes page or in a comparison the versions page made; the address takes the section's
 * anchor, as the "Next change" links do.  Keys typed into a field, or with a modifier, are left
 * alone.
 */
(function () {
  "use strict";

  var SECTIONS = ".redline-section:not(.redline-section--unchanged)";

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  /* The changed section after (step 1) or before (step -1) the one at the top of the window. */
  function neighbour(step) {
    var sections = Array.prototype.slice.call(document.querySelectorAll(SECTIONS))
      .filter(function (section) { return section.id && section.getClientRects().length; });
    /* Where a section shown through its anchor sits: below the fixed header (scroll-margin-top). */
    function offset(section) {
      var shown = parseFloat(getComputedStyle(section).scrollMarginTop) || 0;
      return section.getBoundingClientRect().top - shown;
    }
    var margin = 8;
    if (step > 0) {
      for (var i = 0; i < sections.length; i++) {
        if (offset(sections[i]) > margin) return sections[i];
      }
      return null;
    }
    for (var j = sections.length - 1; j >= 0; j--) {
      if (offset(sections[j]) < -margin) return sections[j];
    }
    return null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (typing(event.target) || (event.key !== "j" && event.key !== "k")) return;
    var section = neighbour(event.key === "j" ? 1 : -1);
    if (!section) return;
    event.preventDefault();
    event.stopPropagation();
    window.location.hash = section.id;
  }, true);
})();
