/*
 * Compare any two versions of a policy, in the browser, and find the version
 * that applied on a date.
 *
 * The versions page carries a <script type="application/json" id="policy-versions">
 * list of versions with the URL of each version's section data (JSON files of
 * this site). The redline is computed like the built redline pages
 * (policysite/diff.py): sections aligned by ID, diff-match-patch with semantic
 * cleanup, by words in English and by characters in Chinese, rendered with the
 * same markup. Nothing is fetched from another origin.
 */
(function () {
  "use strict";

  var DELETE = -1, EQUAL = 0, INSERT = 1;
  var INTRO = "(intro)";
  var WORDS = /[\p{L}\p{N}\p{M}_]+|\s+|[^\p{L}\p{N}\p{M}_\s]/gu;
  var CJK = /[A-Za-z0-9]+|\s+|[\s\S]/gu;

  function tokenize(text, lang) {
    return text.match(lang.toLowerCase().indexOf("zh") === 0 ? CJK : WORDS) || [];
  }

  function diffText(oldText, newText, lang) {
    if (oldText === newText) return newText ? [[EQUAL, newText]] : [];
    var dmp = new diff_match_patch();
    dmp.Diff_Timeout = 0;
    var vocabulary = new Map(), tokens = [];
    function encode(text) {
      var out = [];
      tokenize(text, lang).forEach(function (token) {
        var ch = vocabulary.get(token);
        if (ch === undefined) {
          var code = tokens.length;
          if (code >= 0xd800) code += 0x800;
          ch = String.fromCodePoint(code);
          vocabulary.set(token, ch);
          tokens.push(token);
        }
        out.push(ch);
      });
      return out.join("");
    }
    var a = encode(oldText), b = encode(newText);
    var decode = new Map();
    vocabulary.forEach(function (ch, token) { decode.set(ch, token); });
    var diffs = dmp.diff_main(a, b, false).map(function (d) {
      var text = "";
      for (var c of d[1]) text += decode.get(c);
      return [d[0], text];
    });
    dmp.diff_cleanupSemantic(diffs);
    return diffs.filter(function (d) { return d[1]; });
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function opsHtml(ops, labels) {
    return ops.map(function (d) {
      var text = escapeHtml(d[1]);
      if (d[0] === INSERT) return '<ins><span class="sr-only">[' + labels.inserted + ': </span>' + text + '<span class="sr-only">]</span></ins>';
      if (d[0] === DELETE) return '<del><span class="sr-only">[' + labels.deleted + ': </span>' + text + '<span class="sr-only">]</span></del>';
      return text;
    }).join("");
  }

  function pairs(data) {
    return data.sections.map(function (s) { return [s.id === null ? INTRO : s.id, s]; });
  }

  // Keys of `b` that stay in the same relative order as in `a` (longest common subsequence).
  function inPlace(a, b) {
    var n = a.length, m = b.length, i, j;
    var table = [];
    for (i = 0; i <= n; i++) { table.push(new Array(m + 1).fill(0)); }
    for (i = n - 1; i >= 0; i--) {
      for (j = m - 1; j >= 0; j--) {
        table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    var keep = new Set();
    i = 0; j = 0;
    while (i < n && j < m) {
      if (a[i] === b[j]) { keep.add(b[j]); i++; j++; }
      else if (table[i + 1][j] >= table[i][j + 1]) i++;
      else j++;
    }
    return keep;
  }

  function compare(oldData, newData, lang) {
    var before = pairs(oldData), after = pairs(newData);
    var oldById = new Map(before), newById = new Map(after);
    var commonOld = before.map(function (p) { return p[0]; }).filter(function (k) { return newById.has(k); });
    var commonNew = after.map(function (p) { return p[0]; }).filter(function (k) { return oldById.has(k); });
    var keep = inPlace(commonOld, commonNew);
    var result = [], emitted = new Set();
    var oldKeys = before.map(function (p) { return p[0]; });

    function removedBefore(key) {
      var stop = key === null ? oldKeys.length : oldKeys.indexOf(key);
      oldKeys.slice(0, stop).forEach(function (k) {
        if (!newById.has(k) && !emitted.has(k)) {
          emitted.add(k);
          var s = oldById.get(k);
          result.push({ id: k, status: "removed", level: s.level, title: s.title,
                        titleOps: [[DELETE, s.title]], bodyOps: s.text ? [[DELETE, s.text]] : [] });
        }
      });
    }

    after.forEach(function (p) {
      var key = p[0], s = p[1];
      if (oldById.has(key)) {
        removedBefore(key);
        var prev = oldById.get(key);
        var titleOps = diffText(prev.title, s.title, lang);
        var bodyOps = diffText(prev.text, s.text, lang);
        var changed = titleOps.concat(bodyOps).some(function (d) { return d[0] !== EQUAL; });
        result.push({ id: key, status: changed ? "changed" : (keep.has(key) ? "unchanged" : "moved"),
                      level: s.level, title: s.title, text: s.text, titleOps: titleOps, bodyOps: bodyOps });
      } else {
        result.push({ id: key, status: "added", level: s.level, title: s.title,
                      titleOps: [[INSERT, s.title]], bodyOps: s.text ? [[INSERT, s.text]] : [] });
      }
    });
    removedBefore(null);
    return result;
  }

  function render(sections, labels) {
    var parts = ['<div class="redline">'], unchanged = [];
    function flush() {
      if (!unchanged.length) return;
      parts.push('<details class="redline-unchanged"><summary>' + labels.unchanged.replace("{count}", unchanged.length) + "</summary>");
      unchanged.forEach(function (s) {
        var level = Math.max(2, Math.min(s.level, 6));
        var anchor = s.id !== INTRO ? ' id="' + s.id + '"' : "";
        var title = s.id !== INTRO ? s.title : labels.intro;
        parts.push('<section class="redline-section redline-section--unchanged"' + anchor + '><h' + level + ' class="redline-title">' +
                   escapeHtml(title) + "</h" + level + '><div class="redline-body">' + escapeHtml(s.text || "") + "</div></section>");
      });
      parts.push("</details>");
      unchanged = [];
    }
    sections.forEach(function (s) {
      if (s.status === "unchanged") { unchanged.push(s); return; }
      flush();
      var level = Math.max(2, Math.min(s.level, 6));
      var anchor = s.id !== INTRO ? ' id="' + s.id + '"' : "";
      var title = s.id !== INTRO ? opsHtml(s.titleOps, labels) : escapeHtml(labels.intro);
      parts.push('<section class="redline-section redline-section--' + s.status + '"' + anchor + ">");
      parts.push("<h" + level + ' class="redline-title">' + title + ' <span class="redline-status redline-status--' + s.status + '">' +
                 labels["status_" + s.status] + "</span></h" + level + ">");
      if (s.bodyOps.length) parts.push('<div class="redline-body">' + opsHtml(s.bodyOps, labels) + "</div>");
      parts.push("</section>");
    });
    flush();
    parts.push("</div>");
    return parts.join("\n");
  }

  function summaryLine(sections, labels) {
    var counts = { added: 0, removed: 0, changed: 0, moved: 0 };
    sections.forEach(function (s) { if (s.status in counts) counts[s.status]++; });
    if (!counts.added && !counts.removed && !counts.changed && !counts.moved) return labels.no_change;
    return labels.summary.replace("{added}", counts.added).replace("{removed}", counts.removed)
      .replace("{changed}", counts.changed) + (counts.moved ? labels.moved.replace("{moved}", counts.moved) : "");
  }

  var cache = new Map();
  function load(url) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + url);
        return r.json();
      }));
    }
    return cache.get(url);
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function select(name, options, selected) {
    return element("select", { name: name }, options.map(function (option) {
      var node = element("option", option.lang ? { value: option.value, lang: option.lang } : { value: option.value }, [option.label]);
      if (option.value === selected) node.selected = true;
      return node;
    }));
  }

  /* The forms are built here, from versions/index.json next to the page: the
   * page itself holds no form, no script and no inline data. */
  function build(app, whenApp, data) {
    var versions = data.versions, labels = data.labels;
    var options = versions.map(function (v) { return { value: v.version, label: v.label }; });
    var form = element("form", { "class": "policy-compare" }, [
      element("label", {}, [labels.old + " ", select("old", options, (versions[1] || versions[0]).version)]),
      " ",
      element("label", {}, [labels["new"] + " ", select("new", options, versions[0].version)]),
      " ",
      element("label", {}, [labels.lang + " ", select("lang", data.languages.map(function (l) {
        return { value: l.code, label: l.name, lang: l.code };
      }), data.lang)]),
      " ",
      element("button", { type: "submit", "class": "md-button md-button--primary" }, [labels.button]),
    ]);
    var status = element("p", { id: "policy-compare-status", role: "status", "aria-live": "polite" });
    var output = element("div", { id: "policy-compare-output" });
    app.replaceChildren(form, status, output);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var oldV = form.elements.old.value, newV = form.elements["new"].value, lang = form.elements.lang.value;
      var find = function (v) { return versions.find(function (x) { return x.version === v; }); };
      var a = find(oldV), b = find(newV);
      if (!a || !b || !a.data[lang] || !b.data[lang]) {
        status.textContent = labels.no_text;
        output.replaceChildren();
        return;
      }
      status.textContent = labels.loading;
      Promise.all([load(a.data[lang]), load(b.data[lang])]).then(function (both) {
        var sections = compare(both[0], both[1], lang);
        output.setAttribute("lang", lang);
        output.innerHTML = '<p class="policy-version">' + escapeHtml(summaryLine(sections, labels)) + "</p>" + render(sections, labels);
        status.textContent = labels.done.replace("{old}", a.label).replace("{new}", b.label);
      }).catch(function () {
        status.textContent = labels.failed;
      });
    });

    if (!whenApp) return;
    var input = element("input", { type: "date", name: "date", required: "" });
    var when = element("form", { "class": "policy-when" }, [
      element("label", {}, [labels.when_label + " ", input]),
      " ",
      element("button", { type: "submit", "class": "md-button" }, [labels.when_button]),
    ]);
    var answer = element("p", { id: "policy-when-answer", role: "status", "aria-live": "polite" });
    whenApp.replaceChildren(when, answer);
    when.addEventListener("submit", function (event) {
      event.preventDefault();
      var date = input.value;  // YYYY-MM-DD
      if (!date) { answer.textContent = labels.when_empty; return; }
      var applicable = versions.filter(function (v) { return v.date <= date; })
        .sort(function (x, y) { return x.date < y.date ? 1 : -1; })[0];
      if (!applicable) {
        answer.textContent = labels.when_none.replace("{first}", versions[versions.length - 1].label);
        return;
      }
      answer.textContent = labels.when_found.replace("{version}", applicable.label);
      window.location.href = new URL(applicable.url + "?on=" + encodeURIComponent(date), data.base).href;
    });
  }

  function setup() {
    var app = document.getElementById("policy-compare-app");
    if (!app || app.dataset.ready) return;
    app.dataset.ready = "1";
    var whenApp = document.getElementById("policy-when-app");
    var url = new URL("index.json", location.href);
    load(url.href).then(function (data) {
      data.base = url.href;
      build(app, whenApp, data);
    }).catch(function () { /* the static list of versions stays */ });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);  // Material's page-load stream
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }

  window.policyCompare = { compare: compare, diffText: diffText, render: render };
})();
