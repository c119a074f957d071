/*
 * "Which version applied on a date?" (the versions page, assets/compare/compare.js)
 * opens the version that applied, with the date asked in the address:
 * .../versions/2020.06.01/?on=2020-09-30. This page then answers for that date,
 * in the page's language (the sentences are the site's own, policysite/locales,
 * given in versions/index.json by policysite/pages/versions.py):
 *
 * - the date falls in this version's time in force: "You asked which version
 *   applied on 30 September 2020: this one." (the sentence the page holds,
 *   policysite/pages/version.py, hidden until this script writes the date);
 * - it falls in this version's time, but this version is not yet in force (an
 *   upcoming one): it says so, when it takes effect, and which version is in
 *   force today;
 * - it falls outside this version's time: which version applied on that date,
 *   linked (and whether that one is yet in force), or that none did.
 *
 * A date that is not a real one says nothing. Without the list of versions (a
 * page opened from disk), only the first case is answered, from the dates of
 * the notice above the sentence.
 */
(function () {
  "use strict";

  /* As policysite/locale.py's format_date writes dates: each language's date_format (and month
     names) from its data file, in assets/javascripts/date-formats.js, which the build writes. */
  function format(year, month, day, lang) {
    var styles = window.policyDateFormats || {};
    var style = styles[lang] || styles[Object.keys(styles)[0]];
    if (!style) return year + "-" + month + "-" + day;
    var values = {
      year: year, month: month, day: day, month_name: (style.months || [])[month - 1] || month,
    };
    return style.format.replace(/\{(year|month_name|month|day)\}/g, function (_, name) {
      return values[name];
    });
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

  /* This page's folder holds the list of versions: .../versions/2020.06.01/ (or
     .../versions/2020.06.01.html without directory URLs) -> .../versions/index.json. */
  function place() {
    var path = location.pathname.replace(/index\.html$/, "").replace(/\/$/, "");
    var match = /(\d{4}\.\d{2}\.\d{2})(?:\.html)?$/.exec(path);
    if (!match) return null;
    return {
      version: match[1],
      index: new URL(path.slice(0, path.lastIndexOf("/") + 1) + "index.json", location.href).href,
    };
  }

  function applies(version, iso) {
    return (version.periods || []).some(function (p) {
      return p[0] <= iso && (p[1] === null || iso < p[1]);
    });
  }

  /* A sentence of the site's (text with {placeholders}, no markup) with each placeholder
     replaced by an element or a text: the values never pass through HTML. */
  function fill(phrase, values) {
    var nodes = [];
    phrase.split(/(\{\w+\})/).forEach(function (part) {
      var name = /^\{(\w+)\}$/.exec(part);
      var value = name ? values[name[1]] : part;
      if (value === undefined || value === null || value === "") return;
      nodes.push(typeof value === "string" ? document.createTextNode(value) : value);
    });
    return nodes;
  }

  function timeOf(date) {
    var time = document.createElement("time");
    time.className = "policy-asked-date";
    time.setAttribute("datetime", date.iso);
    time.textContent = format(date.year, date.month, date.day, document.documentElement.lang);
    return time;
  }

  function linkTo(version, date, base) {
    var link = document.createElement("a");
    link.href = new URL(version.url, base).href.split("?")[0] + "?on=" + encodeURIComponent(date.iso);
    link.textContent = version.label;
    return link;
  }

  /* "this one": the page's own sentence, with the date written in. */
  function confirm(sentence, date) {
    var time = sentence.querySelector(".policy-asked-date");
    if (!time) return;
    time.replaceWith(timeOf(date));
    sentence.classList.add("policy-asked--shown");
  }

  function answer(sentence, date, here, data) {
    var labels = data.labels, versions = data.versions || [], base = here.index;
    var self = versions.find(function (v) { return v.version === here.version; });
    var applicable = versions.find(function (v) { return applies(v, date.iso); });
    var current = versions.find(function (v) { return v.status === "current"; });
    var nodes;
    if (self && applicable === self && self.status !== "upcoming") return confirm(sentence, date);
    if (applicable === self && self) {
      nodes = fill(labels.asked_scheduled, { date: timeOf(date), effective: self.label });
    } else if (applicable) {
      var key = applicable.status === "upcoming" ? "asked_other_scheduled" : "asked_other";
      nodes = fill(labels[key], { date: timeOf(date), version: linkTo(applicable, date, base) });
    } else {
      var first = versions[versions.length - 1];
      if (!first) return;
      nodes = date.iso < first.date
        ? fill(labels.asked_none, { date: timeOf(date), first: linkTo(first, date, base) })
        : fill(labels.asked_nothing, { date: timeOf(date) });
    }
    if (applicable && applicable.status === "upcoming" && current) {
      nodes.push(document.createTextNode(labels.sentence_space));
      nodes = nodes.concat(fill(labels.asked_today, { current: linkTo(current, date, base) }));
    }
    sentence.replaceChildren.apply(sentence, nodes);
    sentence.classList.add("policy-asked--shown", "policy-asked--other");
  }

  /* No list of versions: "this one" when the date falls in the time the notice states. */
  function fallback(sentence, date) {
    var from = dateOf(".policy-notice .policy-in-force-from");
    var until = dateOf(".policy-notice .policy-in-force-until");
    if (!from || date.iso < from || (until && date.iso >= until)) return;
    confirm(sentence, date);
  }

  function show() {
    var sentence = document.querySelector(".policy-asked");
    var date = asked();
    var here = place();
    if (!sentence || !date) return;
    if (!here || !window.fetch) return fallback(sentence, date);
    fetch(here.index, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + here.index);
        return response.json();
      })
      .then(function (data) { answer(sentence, date, here, data); })
      .catch(function () { fallback(sentence, date); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
