/*
 * "Which version applied on a date?" (the versions page, assets/compare/compare.js)
 * opens the version that applied, with the date asked in the address:
 * .../versions/2020.06.01/?on=2020-09-30. This page then repeats the date:
 * "You asked which version applied on 30 September 2020: this one." The
 * sentence is the page's own (policysite/pages/version.py, in the page's
 * language), hidden until this script writes the date into its <time>; it
 * stays hidden when the date is not a real one or does not fall within the
 * version's time in force (the <time> elements of the notice above it).
 */
(function () {
  "use strict";

  /* As policysite/locale.py's format_date writes dates: each language's date_format (and month
     names) from its data file, in assets/javascripts/date-formats.js, which the build writes. */
  function format(year, month, day, lang) {
    var styles = window.policyDateFormats || {};
    var style = styles[lang] || styles[Object.keys(styles)[0]];
    if (!style) return year + "-" + month + "-" + day;
    var values = { year: year, month: month, day: day, month_name: (style.months || [])[month - 1] || month };
    return style.format.replace(/\{(year|month_name|month|day)\}/g, function (_, name) { return values[name]; });
  }

  function asked() {
    var value = new URLSearchParams(location.search).get("on") || "";
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return null;
    var year = +match[1], month = +match[2], day = +match[3];
    var check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      return null;  /* not a real calendar date */
    }
    return { iso: value, year: year, month: month, day: day };
  }

  function dateOf(selector) {
    var element = document.querySelector(selector);
    return element ? element.getAttribute("datetime") : null;
  }

  function show() {
    var sentence = document.querySelector(".policy-asked");
    var date = asked();
    if (!sentence || !date) return;
    var from = dateOf(".policy-notice .policy-in-force-from");
    var until = dateOf(".policy-notice .policy-in-force-until");
    if ((from && date.iso < from) || (until && date.iso >= until)) return;
    var time = sentence.querySelector(".policy-asked-date");
    if (!time) return;
    time.setAttribute("datetime", date.iso);
    time.textContent = format(date.year, date.month, date.day, document.documentElement.lang);
    sentence.classList.add("policy-asked--shown");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
