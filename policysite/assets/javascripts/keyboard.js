/*
 * Keyboard access to the header's menu and search buttons on narrow screens.
 *
 * On a phone, Material's navigation drawer and search are opened by two icon
 * <label>s that a keyboard cannot reach, while the closed drawer and the hidden
 * search field were Tab stops off screen. policy.css now takes the closed
 * drawer and the closed search out of the Tab order (visibility: hidden); this
 * script makes the two icons buttons (Tab stop, name, state, Enter and Space),
 * moves focus into what they open, and back to the button on Escape.
 */
(function () {
  "use strict";

  var NARROW_SEARCH = window.matchMedia("(max-width: 59.984375em)");

  function toggle(id) {
    return document.getElementById(id);
  }

  function firstFocusable(root) {
    var candidates = root.querySelectorAll("a[href], button, input, select, textarea, [tabindex]");
    for (var i = 0; i < candidates.length; i++) {
      var element = candidates[i];
      if (element.tabIndex >= 0 && element.getClientRects().length &&
          getComputedStyle(element).visibility === "visible") return element;
    }
    return null;
  }

  /* The icon <label> for `id` becomes a button that opens `target` and focuses into it. */
  function button(label, id, name, focusInto) {
    var box = toggle(id);
    if (!label || !box) return;
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    if (name) label.setAttribute("aria-label", name);
    function state() { label.setAttribute("aria-expanded", box.checked ? "true" : "false"); }
    state();
    box.addEventListener("change", state);
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.stopPropagation();  /* Material's own Enter handler would click the label a second time */
      box.click();  /* as Material toggles it: the checkbox changes and says so */
      state();
      if (box.checked) {
        /* After the style change that makes the target visible. */
        window.requestAnimationFrame(function () {
          var target = focusInto();
          if (target) target.focus();
        });
      }
    });
  }

  function setup() {
    var header = document.querySelector(".md-header");
    if (!header) return;

    /* The navigation drawer. */
    var nav = document.querySelector(".md-sidebar--primary .md-nav--primary");
    var drawer = header.querySelector('label[for="__drawer"]');
    button(drawer, "__drawer", nav && nav.getAttribute("aria-label"), function () {
      var sidebar = document.querySelector(".md-sidebar--primary");
      return sidebar && firstFocusable(sidebar);
    });

    /* Inside the drawer: the panels (the page's table of contents) open and
     * close from the keyboard, and focus goes into the panel and back. */
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (sidebar) {
      sidebar.querySelectorAll("label.md-nav__link[for], label.md-nav__title[for]").forEach(function (label) {
        var box = toggle(label.htmlFor);
        if (!box || label.htmlFor === "__drawer") return;
        if (!label.hasAttribute("tabindex")) label.tabIndex = 0;
        label.addEventListener("keydown", function (event) {
          if (event.key !== "Enter" && event.key !== " ") return;
          event.preventDefault();
          event.stopPropagation();
          box.click();
          window.requestAnimationFrame(function () {
            var panel = box.parentElement && box.parentElement.querySelector(":scope > .md-nav");
            var target = box.checked
              ? panel && firstFocusable(panel)
              : sidebar.querySelector('label.md-nav__link[for="' + box.id + '"]');
            if (target) target.focus();
          });
        });
      });
    }

    /* Search, on screens where the field is hidden behind its icon. */
    var input = document.querySelector(".md-search__input");
    var search = header.querySelector('label.md-header__button[for="__search"]');
    button(search, "__search", input && input.getAttribute("aria-label"), function () { return input; });
    var searchBox = toggle("__search");
    function searchTabStop() {
      /* The field is a Tab stop where it shows; on a phone only while search is open. */
      if (!input || !searchBox) return;
      input.tabIndex = NARROW_SEARCH.matches && !searchBox.checked ? -1 : 0;
    }
    searchTabStop();
    if (searchBox) searchBox.addEventListener("change", searchTabStop);
    if (NARROW_SEARCH.addEventListener) NARROW_SEARCH.addEventListener("change", searchTabStop);

    /* The colour scheme toggle: its visible icon is the Tab stop (a button),
     * not the hidden radio input behind it. */
    var palette = header.querySelector('[data-md-component="palette"]');
    if (palette) {
      palette.querySelectorAll("input.md-option").forEach(function (radio) { radio.tabIndex = -1; });
      palette.querySelectorAll("label[for]").forEach(function (label) {
        label.setAttribute("role", "button");
        label.setAttribute("tabindex", "0");
        if (label.title) label.setAttribute("aria-label", label.title);
        label.addEventListener("keydown", function (event) {
          if (event.key !== "Enter" && event.key !== " ") return;
          event.preventDefault();
          event.stopPropagation();
          label.click();
          /* The other scheme's icon takes this one's place: focus follows. */
          window.requestAnimationFrame(function () {
            var shown = palette.querySelector("label[for]:not([hidden])");
            if (shown) shown.focus();
          });
        });
      });
    }

    /* Tabbing out of the open drawer closes it: the page it covered is the
     * next stop, and nothing is focused under the overlay. */
    if (sidebar) {
      sidebar.addEventListener("focusout", function (event) {
        var box = toggle("__drawer");
        var next = event.relatedTarget;
        if (box && box.checked && next instanceof Element && !sidebar.contains(next) && next !== drawer) {
          box.click();
        }
      });
    }

    /* Escape closes the drawer and gives focus back to its button. */
    document.addEventListener("keydown", function (event) {
      var box = toggle("__drawer");
      if (event.key !== "Escape" || !box || !box.checked) return;
      box.click();
      if (drawer && drawer.getClientRects().length) drawer.focus();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
