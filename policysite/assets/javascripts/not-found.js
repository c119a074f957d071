/*
 * The error page (404.html, policysite/pages/not_found.py), wherever the host serves it.
 *
 * A host serves the error page at the address that was missing, at any depth.  This script
 * reads that address, relative to the site's root (the folder this script was loaded from,
 * less "assets/javascripts/"):
 *
 * - on the root page, which holds every language's words (the others hidden), it shows the
 *   words of the language whose folder the address is in ("/zh-TW/...": Chinese);
 * - for a dated version that does not exist ("<policy>/versions/2024.03.07/", or its
 *   "changes/" page), it reads the policy's list of versions (versions/index.json) and lists
 *   the versions nearest to that date, before and after, linked;
 * - it shows the button that opens the header's search.
 *
 * The page's words come from the page (data-policy-labels: the site's own phrases in the
 * block's language, with {placeholders}); every text is written as text, never as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var SELF = "assets/javascripts/not-found.js";
  var DATE = /^(\d{4})[.-](\d{2})[.-](\d{2})$/;

  /* The site's root, as an absolute URL ending with "/": where this script was loaded from. */
  function siteRoot() {
    var source = script && script.src ? script.src.split(/[?#]/)[0] : "";
    if (source.slice(-SELF.length) === SELF) return source.slice(0, -SELF.length);
    return new URL("/", location.href).href;
  }

  /* The missing address's path below the root, decoded ("zh-TW/privacy/versions/2024.03.07/"). */
  function missingPath(root) {
    var here = location.href.split(/[?#]/)[0];
    var path = here.indexOf(root) === 0 ? here.slice(root.length) : location.pathname.replace(/^\//, "");
    try {
      return decodeURIComponent(path);
    } catch (error) {
      return path;
    }
  }

  function readJSON(element, name) {
    try {
      return JSON.parse(element.getAttribute(name) || "{}");
    } catch (error) {
      return {};
    }
  }

  /* The block of the address's language: "zh-TW/..." -> the zh-TW block, when the page has one. */
  function chooseBlock(blocks, path) {
    var first = path.split("/")[0];
    for (var i = 1; i < blocks.length; i++) {
      if (blocks[i].getAttribute("data-policy-not-found") === first) return blocks[i];
    }
    return blocks[0];
  }

  /* "{title} has no version dated {date}." with each {name} replaced by a text or a node. */
  function phrase(template, values) {
    var fragment = document.createDocumentFragment();
    var parts = String(template || "").split(/(\{[a-z_]+\})/);
    for (var i = 0; i < parts.length; i++) {
      var match = /^\{([a-z_]+)\}$/.exec(parts[i]);
      var value = match && Object.prototype.hasOwnProperty.call(values, match[1])
        ? values[match[1]] : parts[i];
      if (value === null || value === undefined) continue;
      fragment.appendChild(typeof value === "string" ? document.createTextNode(value) : value);
    }
    return fragment;
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  /* The policy and the date a missing address names: "<policy>/(versions|changes)/<date>/...". */
  function askedVersion(path, archive) {
    var best = null;
    Object.keys(archive).forEach(function (policy) {
      var start = policy + "/";
      if (path.indexOf(start) !== 0) return;
      var rest = path.slice(start.length).split("/");
      if ((rest[0] !== "versions" && rest[0] !== "changes") || !DATE.test(rest[1] || "")) return;
      if (!best || policy.length > best.policy.length) best = { policy: policy, date: rest[1] };
    });
    if (!best) return null;
    var parts = DATE.exec(best.date);
    best.iso = parts[1] + "-" + parts[2] + "-" + parts[3];
    best.shown = parts[1] + "." + parts[2] + "." + parts[3];
    return best;
  }

  function nearest(entries, iso) {
    var found = { before: null, same: null, after: null };
    entries.forEach(function (entry) {
      if (!entry || typeof entry.date !== "string") return;
      if (entry.date === iso) found.same = entry;
      else if (entry.date < iso && (!found.before || entry.date > found.before.date)) found.before = entry;
      else if (entry.date > iso && (!found.after || entry.date < found.after.date)) found.after = entry;
    });
    return found;
  }

  function showVersions(box, asked, info, labels, entries) {
    var folder = new URL(info.versions, location.href);
    var found = nearest(entries, asked.iso);
    var title = info.title || asked.policy;
    var intro = document.createElement("p");
    intro.appendChild(phrase(labels.not_found_version, { title: title, date: asked.shown }));
    var list = document.createElement("ul");
    [["before", "not_found_before"], ["same", "not_found_same"], ["after", "not_found_after"]].forEach(
      function (pair) {
        var entry = found[pair[0]];
        if (!entry || typeof entry.url !== "string") return;
        var item = document.createElement("li");
        item.setAttribute("data-policy-nearest", pair[0]);
        var target = link(new URL(entry.url, folder).href, entry.label || entry.version);
        item.appendChild(phrase(labels[pair[1]], { version: target }));
        list.appendChild(item);
      }
    );
    var all = document.createElement("p");
    all.appendChild(link(folder.href, phrase(labels.not_found_all, { title: title }).textContent));
    box.appendChild(intro);
    if (list.children.length) box.appendChild(list);
    box.appendChild(all);
    box.hidden = false;
  }

  function versionsHint(block, path) {
    var box = block.querySelector("[data-policy-archive]");
    if (!box) return;
    var archive = readJSON(box, "data-policy-archive");
    var lang = block.getAttribute("data-policy-not-found");
    var local = path.indexOf(lang + "/") === 0 ? path.slice(lang.length + 1) : path;
    var asked = askedVersion(local, archive);
    if (!asked) return;
    var info = archive[asked.policy];
    var labels = readJSON(box, "data-policy-labels");
    fetch(new URL("index.json", new URL(info.versions, location.href)).href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        return response.json();
      })
      .then(function (data) {
        showVersions(box, asked, info, labels, (data && data.versions) || []);
      })
      .catch(function () {
        /* no list of versions (a page opened from disk): the policies below still help */
      });
  }

  function searchButton(block) {
    var holder = block.querySelector(".policy-not-found__search");
    var button = holder && holder.querySelector("[data-policy-search]");
    var toggle = document.getElementById("__search");
    var input = document.querySelector(".md-search__input");
    if (!button || !toggle || !input) return;
    button.addEventListener("click", function () {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
      window.requestAnimationFrame(function () {
        input.focus();
      });
    });
    holder.hidden = false;
  }

  function start() {
    var blocks = document.querySelectorAll("[data-policy-not-found]");
    if (!blocks.length) return;
    var root = siteRoot();
    var path = missingPath(root);
    var block = chooseBlock(blocks, path);
    for (var i = 0; i < blocks.length; i++) blocks[i].hidden = blocks[i] !== block;
    searchButton(block);
    versionsHint(block, path);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
