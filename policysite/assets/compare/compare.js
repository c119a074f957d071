/*
 * Compare any two versions of a policy, in the browser, and find the version
 * that applied on a date.
 *
 * The forms are built from versions/index.json next to the page. Each
 * version's text comes as block data (<version>.json): the policy as rendered
 * and sanitized by the build, in blocks (paragraphs, list items, table rows)
 * of tokens (words, numbers, dates; characters in Chinese), with the opening
 * tags of the elements around them. The redline is computed with the same
 * steps as the built redline pages, ported function by function from
 * policysite/diff.py and policysite/align.py (sections aligned by ID; blocks,
 * then sentences aligned; similar sentences (half their words and a third of
 * their word pairs in common) diffed token by token with diff-match-patch and
 * semantic cleanup when their edit distance is within the same cap; dissimilar
 * ones replaced whole; list items and headings renumbered), and written with
 * the same markup as
 * policysite/pages/marks.py and pages/templates/redline.html (the list of changed
 * sections, links from change to change): text is always
 * escaped, tags come only from the sanitized data. Nothing is fetched from
 * another origin.
 */
(function () {
  "use strict";

  var DELETE = -1, EQUAL = 0, INSERT = 1, CHANGED = 2;
  var INTRO = "(intro)", VOID = "\u0000";
  var FIRST_CHAR = 0xe000, MAX_VOCABULARY = 0x1900, MAX_GAP_CELLS = 2500;
  var SPACE = /^[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

  // ------------------------------------------------------------ align.py

  // As align.MAX_EDIT_CELLS: beyond this product of the lengths, the common start and end are
  // kept and the rest replaced whole (diff-match-patch has no time limit here either).
  var MAX_EDIT_CELLS = 1000000;
  // As align.MIN_EDIT_CAP and align.MAX_EDIT_CAP (align.edit_cap).
  var MIN_EDIT_CAP = 32, MAX_EDIT_CAP = 500;
  var PAIR = "\u0002";  // as align.PAIR

  function replacedScript(a, b) {
    var limit = Math.min(a.length, b.length), start = 0, end = 0;
    while (start < limit && a[start] === b[start]) start++;
    while (end < limit - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
    return [[EQUAL, start], [DELETE, a.length - start - end], [INSERT, b.length - start - end], [EQUAL, end]]
      .filter(function (d) { return d[1]; });
  }

  function everything(a, b) {
    return [[DELETE, a.length], [INSERT, b.length]].filter(function (d) { return d[1]; });
  }

  function encode(a, b) {
    var vocabulary = new Map(), encoded = [];
    for (var side of [a, b]) {
      var chars = [];
      for (var key of side) {
        var ch = vocabulary.get(key);
        if (ch === undefined) {
          if (vocabulary.size >= MAX_VOCABULARY) return null;
          ch = String.fromCharCode(FIRST_CHAR + vocabulary.size);
          vocabulary.set(key, ch);
        }
        chars.push(ch);
      }
      encoded.push(chars.join(""));
    }
    return encoded;
  }

  function dmpScript(a, b, semantic) {
    var dmp = new diff_match_patch();
    dmp.Diff_Timeout = 0;  // no time limit: the same inputs always give the same redline
    var diffs = dmp.diff_main(a, b, false);
    if (semantic) dmp.diff_cleanupSemantic(diffs);
    return diffs.filter(function (d) { return d[1].length; })
      .map(function (d) { return [d[0], d[1].length]; });
  }

  function editScript(a, b, semantic) {
    if (a.length * b.length > MAX_EDIT_CELLS) return replacedScript(a, b);
    var encoded = encode(a, b);
    return encoded === null ? everything(a, b) : dmpScript(encoded[0], encoded[1], semantic);
  }

  // As align.token_script: two similar sentences, diffed only within the edit cap.
  function tokenScript(a, b) {
    if (a.length * b.length > MAX_EDIT_CELLS) return replacedScript(a, b);
    var encoded = encode(a, b);
    if (encoded === null) return everything(a, b);
    var cap = editCap(a.length, b.length);
    if (editDistance(encoded[0], encoded[1], cap) === null) return replacedScript(a, b);
    return dmpScript(encoded[0], encoded[1], true);
  }

  function editCap(sizeA, sizeB) {
    return Math.min(MAX_EDIT_CAP, Math.max(MIN_EDIT_CAP, Math.floor((sizeA + sizeB) / 3)));
  }

  // As align.edit_distance: Myers' greedy search, given up beyond the cap (null).
  function editDistance(a, b, cap) {
    var start = 0, end = 0, limit = Math.min(a.length, b.length), lastA = a.length - 1, lastB = b.length - 1;
    while (start < limit && a.charCodeAt(start) === b.charCodeAt(start)) start++;
    while (end < limit - start && a.charCodeAt(lastA - end) === b.charCodeAt(lastB - end)) end++;
    var n = a.length - start - end, m = b.length - start - end;
    if (Math.abs(n - m) > cap) return null;
    var reach = new Array(2 * cap + 3).fill(0);
    for (var d = 0; d <= cap; d++) {
      for (var k = -d; k <= d; k += 2) {
        var i = k + cap + 1;
        var x = k === -d || (k !== d && reach[i - 1] < reach[i + 1]) ? reach[i + 1] : reach[i - 1] + 1;
        var y = x - k;
        while (x < n && y < m && a.charCodeAt(start + x) === b.charCodeAt(start + y)) { x++; y++; }
        reach[i] = x;
        if (x >= n && y >= m) return d;
      }
    }
    return null;
  }

  function similar(common, sizeA, sizeB) {
    if (sizeA + sizeB === 0) return 1;
    return 4 * common >= sizeA + sizeB ? common : -1;
  }

  function overlap(a, b) {
    if (b.size < a.size) { var t = a; a = b; b = t; }
    var total = 0;
    a.forEach(function (n, key) { if (b.has(key)) total += Math.min(n, b.get(key)); });
    return total;
  }

  function align(a, b, weight) {
    var out = [], deleted = [], inserted = [], i = 0, j = 0;
    editScript(a, b, false).forEach(function (d) {
      var op = d[0], count = d[1], k;
      if (op === EQUAL) {
        pairGap(deleted, inserted, weight, out);
        deleted = []; inserted = [];
        for (k = 0; k < count; k++) out.push([i + k, j + k]);
        i += count; j += count;
      } else if (op === DELETE) {
        for (k = 0; k < count; k++) deleted.push(i + k);
        i += count;
      } else {
        for (k = 0; k < count; k++) inserted.push(j + k);
        j += count;
      }
    });
    pairGap(deleted, inserted, weight, out);
    return out;
  }

  function pairGap(deleted, inserted, weight, out) {
    var n = deleted.length, m = inserted.length, x, y;
    function flush(as, bs) {
      as.forEach(function (i) { out.push([i, null]); });
      bs.forEach(function (j) { out.push([null, j]); });
    }
    if (!n || !m || n * m > MAX_GAP_CELLS) { flush(deleted, inserted); return; }
    var scores = deleted.map(function (i) { return inserted.map(function (j) { return weight(i, j); }); });
    var best = [];
    for (x = 0; x <= n; x++) best.push(new Array(m + 1).fill(0));
    for (x = n - 1; x >= 0; x--) {
      for (y = m - 1; y >= 0; y--) {
        var value = Math.max(best[x + 1][y], best[x][y + 1]), score = scores[x][y];
        if (score >= 0 && score + best[x + 1][y + 1] > value) value = score + best[x + 1][y + 1];
        best[x][y] = value;
      }
    }
    x = 0; y = 0;
    var pendingA = [], pendingB = [];
    while (x < n && y < m) {
      var s = scores[x][y];
      if (s >= 0 && s + best[x + 1][y + 1] === best[x][y]) {
        flush(pendingA, pendingB);
        pendingA = []; pendingB = [];
        out.push([deleted[x], inserted[y]]);
        x++; y++;
      } else if (best[x + 1][y] === best[x][y]) {
        pendingA.push(deleted[x]); x++;
      } else {
        pendingB.push(inserted[y]); y++;
      }
    }
    flush(pendingA.concat(deleted.slice(x)), pendingB.concat(inserted.slice(y)));
  }

  function diffTokens(a, b) {
    var out = [], i = 0, j = 0;
    tokenScript(a, b).forEach(function (d) {
      for (var k = 0; k < d[1]; k++) {
        if (d[0] === EQUAL) out.push([EQUAL, i++, j++]);
        else if (d[0] === DELETE) out.push([DELETE, i++, -1]);
        else out.push([INSERT, -1, j++]);
      }
    });
    return out;
  }

  // ------------------------------------------------------------ diff.py

  function tagName(markup) {
    var match = /^<\/?([a-zA-Z][a-zA-Z0-9]*)/.exec(markup);
    return match ? match[1].toLowerCase() : "";
  }

  function Side(data) {
    this.data = data;
    this.tags = (data.m || [[]]);
    this.sigs = this.tags.map(function (stack) { return stack.map(tagName).join("/"); });
  }
  Side.prototype.key = function (token) {
    return typeof token === "string" ? token : this.sigs[token[0]] + "\u0001" + token[1];
  };
  Side.prototype.piece = function (op, token) {
    return typeof token === "string" ? [op, token, [], null] : [op, token[1], this.tags[token[0]], null];
  };

  // As align.Profile: an item's words, counted, and (when asked: pairsOf) its word pairs.
  function words(keys) {
    var counts = new Map(), kept = [];
    keys.forEach(function (key) {
      if (SPACE.test(key)) return;
      counts.set(key, (counts.get(key) || 0) + 1);
      kept.push(key);
    });
    return { counts: counts, size: kept.length, words: kept, pairs: null };
  }

  function pairsOf(profile) {
    if (profile.pairs === null) {
      var pairs = new Map(), w = [""].concat(profile.words, [""]);
      for (var k = 1; k < w.length; k++) {
        var key = w[k - 1] + PAIR + w[k];
        pairs.set(key, (pairs.get(key) || 0) + 1);
      }
      profile.pairs = pairs;
    }
    return profile.pairs;
  }

  // As align.resemblance: half the words in common and a third of the word pairs (one of grace).
  function resemblance(a, b) {
    var weight = similar(overlap(a.counts, b.counts), a.size, b.size);
    if (weight < 0 || a.size + b.size === 0) return weight;
    return 6 * (overlap(pairsOf(a), pairsOf(b)) + 1) >= a.size + b.size + 2 ? weight : -1;
  }

  function sentencePairs(keysA, keysB) {
    var wa = keysA.map(words), wb = keysB.map(words);
    function anchor(keys) { return keys.filter(function (k) { return !SPACE.test(k); }).join("\u0002"); }
    return align(keysA.map(anchor), keysB.map(anchor), function (i, j) { return resemblance(wa[i], wb[j]); });
  }

  function sameTags(x, y) {
    return x.length === y.length && x.every(function (t, i) { return t === y[i]; });
  }

  function identical(x, y, a, b) {
    if (x.length !== y.length) return false;
    for (var i = 0; i < x.length; i++) {
      var s = x[i], t = y[i];
      if (typeof s === "string" || typeof t === "string") {
        if (s !== t) return false;
      } else if (s[1] !== t[1] || !sameTags(a.tags[s[0]], b.tags[t[0]])) {
        return false;
      }
    }
    return true;
  }

  function diffPart(oldSentences, newSentences, a, b) {
    var pieces = [];
    var keysA = oldSentences.map(function (s) { return s.map(a.key, a); });
    var keysB = newSentences.map(function (s) { return s.map(b.key, b); });
    sentencePairs(keysA, keysB).forEach(function (pair) {
      var i = pair[0], j = pair[1];
      if (j === null) { oldSentences[i].forEach(function (t) { pieces.push(a.piece(DELETE, t)); }); return; }
      if (i === null) { newSentences[j].forEach(function (t) { pieces.push(b.piece(INSERT, t)); }); return; }
      var x = oldSentences[i], y = newSentences[j];
      if (identical(x, y, a, b)) { y.forEach(function (t) { pieces.push(b.piece(EQUAL, t)); }); return; }
      diffTokens(keysA[i], keysB[j]).forEach(function (d) {
        if (d[0] === DELETE) { pieces.push(a.piece(DELETE, x[d[1]])); return; }
        if (d[0] === INSERT) { pieces.push(b.piece(INSERT, y[d[2]])); return; }
        var piece = b.piece(EQUAL, y[d[2]]), before = a.piece(EQUAL, x[d[1]]);
        if (!sameTags(before[2], piece[2])) piece[3] = before[2];
        pieces.push(piece);
      });
    });
    return pieces;
  }

  function flat(block) {
    var out = [];
    block.p.forEach(function (cell) { cell[1].forEach(function (s) { out.push.apply(out, s); }); });
    return out;
  }

  function keyOf(section) { return section.id === null ? INTRO : section.id; }

  function whole(section, status, op) {
    var side = new Side(section), prefix = op === DELETE ? "o" : "n";
    var out = { id: section.id, status: status, level: section.level, title: section.title,
                titlePieces: [], blocks: [], containers: {}, number: null, renumbered: {} };
    section.h.forEach(function (s) { s.forEach(function (t) { out.titlePieces.push(side.piece(op, t)); }); });
    section.c.forEach(function (c, i) { out.containers[prefix + i] = c; });
    section.b.forEach(function (block) {
      out.blocks.push({ op: op, block: block, old: op === DELETE ? block : null,
                        frame: block.f.map(function (c) { return prefix + c; }), side: side, cells: null });
    });
    return out;
  }

  // As diff.SECTION_NUMBER: the number a heading starts with ("4.", "4.2", "\u00a7 4", "\u7b2c 4 \u689d").
  var SECTION_NUMBER = new RegExp([
    "^(?:(?:\u00a7|Article|Section|Chapter|Part|Clause)[ \u00a0]*([0-9]+(?:\\.[0-9]+)*)",
    "|\u7b2c[ \u00a0]*",
    "([0-9\u3007\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u5343]+)",
    "[ \u00a0]*[\u689d\u6761\u7ae0\u7bc0\u8282\u6b3e\u9805\u9879]",
    "|([0-9]+(?:\\.[0-9]+)+)\\.?(?=[ \u00a0\u3000]|$)",
    "|([0-9]+|[IVXLC]+)[.)](?![0-9])",
    "|([0-9]+|[\u3007\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u5343]+)",
    "[\u3001\uff0e])",
  ].join(""));

  function sectionNumber(title) {
    var found = SECTION_NUMBER.exec(title);
    if (!found) return null;
    for (var k = 1; k < found.length; k++) if (found[k]) return found[k];
    return null;
  }

  function sectionNumberChange(old, neu) {
    var was = sectionNumber(old), now = sectionNumber(neu);
    return was !== null && now !== null && was !== now ? [was, now] : null;
  }

  // As diff._item: the number of the list item holding a block, and its container if the block is in it.
  function listItem(block, containers) {
    if (tagName(block.w) === "li") return [block.n || 0, null];
    var f = block.f;
    if (f.length && tagName(containers[f[f.length - 1]][0]) === "li") {
      return [containers[f[f.length - 1]][1], f[f.length - 1]];
    }
    return [0, null];
  }

  function renumber(out, old, neu, oldC, newC, decided) {
    var was = listItem(old, oldC)[0], found = listItem(neu, newC), now = found[0], holder = found[1];
    if (holder !== null) {
      if (decided.has(holder)) return;
      decided.add(holder);
    }
    if (!was || !now || was === now) return;
    if (holder === null) out.blocks[out.blocks.length - 1].renumbered = [was, now];
    else out.renumbered["n" + holder] = was;
  }

  function mapFrames(oldC, newC, oldFrame, newFrame, mapping, taken) {
    for (var k = 0; k < Math.min(oldFrame.length, newFrame.length); k++) {
      var source = "o" + oldFrame[k], target = "n" + newFrame[k];
      if (tagName(oldC[oldFrame[k]][0]) !== tagName(newC[newFrame[k]][0])) return;
      if (mapping.has(source)) {
        if (mapping.get(source) !== target) return;
        continue;
      }
      if (taken.has(target)) return;
      mapping.set(source, target);
      taken.add(target);
    }
  }

  function changed(old, neu) {
    var a = new Side(old), b = new Side(neu);
    var out = { id: neu.id, status: "changed", level: neu.level, title: neu.title,
                titlePieces: diffPart(old.h, neu.h, a, b), blocks: [], containers: {}, renumbered: {},
                number: neu.id !== null ? sectionNumberChange(old.title, neu.title) : null };
    neu.c.forEach(function (c, i) { out.containers["n" + i] = c; });
    old.c.forEach(function (c, i) { out.containers["o" + i] = c; });
    var oldBlocks = old.b, newBlocks = neu.b, wordsA = new Map(), wordsB = new Map();
    function wordsOf(cache, blocks, side, i) {
      if (!cache.has(i)) cache.set(i, words(flat(blocks[i]).map(side.key, side)));
      return cache.get(i);
    }
    var pairs = align(
      oldBlocks.map(function (x) { return x.x; }),
      newBlocks.map(function (y) { return y.x; }),
      function (i, j) {
        var x = oldBlocks[i], y = newBlocks[j];
        if (x.k !== y.k || (x.k === "tr" && x.p.length !== y.p.length)) return -1;
        return resemblance(wordsOf(wordsA, oldBlocks, a, i), wordsOf(wordsB, newBlocks, b, j));
      });
    var mapping = new Map(), taken = new Set(), decided = new Set();
    pairs.forEach(function (p) {
      if (p[0] !== null && p[1] !== null) {
        mapFrames(old.c, neu.c, oldBlocks[p[0]].f, newBlocks[p[1]].f, mapping, taken);
      }
    });
    pairs.forEach(function (p) {
      var i = p[0], j = p[1];
      if (j === null) {
        var gone = oldBlocks[i];
        out.blocks.push({ op: DELETE, block: gone, old: gone, side: a, cells: null,
                          frame: gone.f.map(function (c) { return mapping.get("o" + c) || "o" + c; }) });
        return;
      }
      var block = newBlocks[j], frame = block.f.map(function (c) { return "n" + c; });
      if (i === null) {
        out.blocks.push({ op: INSERT, block: block, old: null, side: b, cells: null, frame: frame });
      } else if (oldBlocks[i].x === block.x) {
        out.blocks.push({ op: EQUAL, block: block, old: oldBlocks[i], side: b, cells: null, frame: frame });
        renumber(out, oldBlocks[i], block, old.c, neu.c, decided);
      } else {
        var previous = oldBlocks[i];
        var cells = block.p.map(function (cell, k) {
          var oldCell = previous.p[k];
          return [cell[0], oldCell[0] !== cell[0] ? oldCell[0] : null, diffPart(oldCell[1], cell[1], a, b)];
        });
        out.blocks.push({ op: CHANGED, block: block, old: previous, side: b, cells: cells, frame: frame });
        renumber(out, previous, block, old.c, neu.c, decided);
      }
    });
    return out;
  }

  function compare(oldData, newData) {
    var before = oldData.sections.map(function (s) { return [keyOf(s), s]; });
    var after = newData.sections.map(function (s) { return [keyOf(s), s]; });
    var oldById = new Map(before), newById = new Map(after);
    var commonOld = before.map(function (p) { return p[0]; }).filter(function (k) { return newById.has(k); });
    var commonNew = after.map(function (p) { return p[0]; }).filter(function (k) { return oldById.has(k); });
    var inPlace = new Set(), position = 0;
    editScript(commonOld, commonNew, false).forEach(function (d) {
      if (d[0] === EQUAL) {
        commonNew.slice(position, position + d[1]).forEach(function (k) { inPlace.add(k); });
      }
      if (d[0] !== DELETE) position += d[1];
    });
    var result = [], emitted = new Set(), oldKeys = before.map(function (p) { return p[0]; });

    function removedBefore(key) {
      var stop = key === null ? oldKeys.length : oldKeys.indexOf(key);
      oldKeys.slice(0, stop).forEach(function (k) {
        if (!newById.has(k) && !emitted.has(k)) {
          emitted.add(k);
          result.push(whole(oldById.get(k), "removed", DELETE));
        }
      });
    }

    after.forEach(function (p) {
      var key = p[0], section = p[1];
      if (oldById.has(key)) {
        removedBefore(key);
        var previous = oldById.get(key);
        if (previous.s !== section.s) result.push(changed(previous, section));
        else result.push(whole(section, inPlace.has(key) ? "unchanged" : "moved", EQUAL));
      } else {
        result.push(whole(section, "added", INSERT));
      }
    });
    removedBefore(null);
    return result;
  }

  // ------------------------------------------------------------ pages/marks.py

  var decoder = document.createElement("textarea");
  function unescapeHtml(text) {
    if (text.indexOf("&") < 0) return text;
    decoder.innerHTML = text;
    return decoder.value;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function escapeAttribute(text) {
    return escapeHtml(text).replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function rebaseUrl(url, root) {
    if (!url || /^[#/?]/.test(url) || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url)) return url;
    var hash = url.indexOf("#"), path = hash < 0 ? url : url.slice(0, hash),
        rest = hash < 0 ? "" : url.slice(hash);
    if (/\.md$/.test(path)) {
      path = path.slice(0, -3);
      var slash = path.lastIndexOf("/"), name = path.slice(slash + 1), folder = path.slice(0, slash + 1);
      path = name === "index" ? folder : path + "/";
    }
    return root + path + rest;
  }

  function rebaseTag(markup, root) {
    if (markup.indexOf("=") < 0) return markup;
    return markup.replace(/\s(href|src)="([^"]*)"/g, function (_, name, value) {
      return " " + name + '="' + escapeAttribute(rebaseUrl(unescapeHtml(value), root)) + '"';
    });
  }

  var TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  function rebaseHtml(markup, root) {
    if (markup.indexOf("=") < 0) return markup;
    return markup.replace(TAG, function (tag, closing) { return closing ? tag : rebaseTag(tag, root); });
  }

  function attributes(tag) {
    var body = tag.slice(1 + tagName(tag).length, -1), out = [], match;
    var pattern = /\s([^\s"'=<>/]+)(?:="([^"]*)")?/g;
    while ((match = pattern.exec(body))) out.push([match[1].toLowerCase(), unescapeHtml(match[2] || "")]);
    return out;
  }

  function opening(tag, number, stripId) {
    if (stripId) tag = tag.replace(/\sid="[^"]*"/g, "");
    if (number) {
      var name = tagName(tag);
      tag = "<" + name + ' value="' + number + '"' + tag.slice(1 + name.length);
    }
    return tag;
  }

  function closing(tag) { return "</" + tagName(tag) + ">"; }

  function note(old, neu, labels) {
    var before = new Map(attributes(old)), after = new Map(attributes(neu));
    var names = attributes(neu).map(function (a) { return a[0]; });
    attributes(old).forEach(function (a) { if (!after.has(a[0])) names.push(a[0]); });
    var said = [];
    names.forEach(function (name) {
      var was = before.get(name), now = after.get(name);
      if (was === now) return;
      var oldValue = was === undefined ? labels.changed_none : was;
      var newValue = now === undefined ? labels.changed_none : now;
      var phrase = name === "href" ? labels.changed_link : labels.changed_attribute.replace("{name}", name);
      said.push(phrase.replace("{old}", oldValue).replace("{new}", newValue));
    });
    return said.length ? '<span class="redline-note">[' + escapeHtml(said.join("; ")) + "]</span>" : "";
  }

  function attributesDiffer(old, neu) {
    if (!old || !neu || old === neu) return false;
    var a = new Map(attributes(old)), b = new Map(attributes(neu));
    if (a.size !== b.size) return true;
    for (var entry of a) if (b.get(entry[0]) !== entry[1]) return true;
    return false;
  }

  function inline(pieces, labels, root) {
    var out = [], opened = [], notes = [], wrap = "", runKey = null, run = [];
    function closeTo(depth) {
      while (opened.length > depth) {
        out.push(closing(opened.pop()));
        var pending = notes.pop();
        if (pending) out.push(pending);
      }
    }
    function flushRun() {
      if (run.length) { out.push(escapeHtml(run.join(""))); run = []; }
    }
    pieces.forEach(function (piece) {
      var op = piece[0], text = piece[1], tags = piece[2], oldTags = piece[3];
      var key = JSON.stringify([op, tags, oldTags]);
      if (key !== runKey) {
        flushRun();
        runKey = key;
        if (wrap) { out.push(wrap); wrap = ""; }
        var target = tags.map(function (t) { return rebaseTag(t, root); }), depth = 0;
        while (depth < opened.length && depth < target.length && opened[depth] === target[depth]) depth++;
        closeTo(depth);
        target.slice(depth).forEach(function (tag) { out.push(tag); opened.push(tag); notes.push(""); });
        if (op !== EQUAL) {
          out.push(mark(op, labels));
          wrap = markEnd(op, labels);
        } else if (oldTags !== null) {
          for (var k = 0; k < Math.min(oldTags.length, tags.length); k++) {
            if (oldTags[k] !== tags[k] && !notes[k]) notes[k] = note(oldTags[k], tags[k], labels);
          }
          out.push('<mark class="redline-attr">');
          wrap = "</mark>";
        }
      }
      if (text.charAt(0) === VOID) { flushRun(); out.push(rebaseTag(text.slice(1), root)); }
      else run.push(text);
    });
    flushRun();
    if (wrap) out.push(wrap);
    closeTo(0);
    return out.join("");
  }

  // marks._end and marks._mark: what a screen reader says around a change, in the text's language.
  function markEnd(op, labels) {
    return '<span class="sr-only">' + escapeHtml(labels.mark_end) + "</span></" +
           (op === INSERT ? "ins>" : "del>");
  }
  function mark(op, labels) {
    return op === INSERT ? '<ins><span class="sr-only">' + escapeHtml(labels.mark_inserted) + "</span>"
                         : '<del><span class="sr-only">' + escapeHtml(labels.mark_deleted) + "</span>";
  }

  // As marks.renumbered: "renumbered 3 \u2192 2" shown, said in words.
  function renumberedMark(old, neu, labels) {
    function fill(phrase) {
      return escapeHtml(phrase).replace("{old}", escapeHtml(String(old)))
        .replace("{new}", escapeHtml(String(neu)));
    }
    return '<span class="redline-renumbered"><span aria-hidden="true">' + fill(labels.renumbered) +
           '</span><span class="sr-only">' + fill(labels.renumbered_said) + "</span></span>";
  }

  function blockHtml(item, labels, root) {
    var data = item.block, wrapper = data.w, deleted = item.op === DELETE;
    if (data.k === "hr") return wrapper;
    var out = wrapper ? [opening(wrapper, data.n || 0, deleted)] : [];
    if (item.renumbered) out.push(renumberedMark(item.renumbered[0], item.renumbered[1], labels));
    var row = data.k === "tr";
    if (item.cells === null) {  // a whole block, unchanged, inserted or deleted: its own HTML
      data.p.forEach(function (cell) {
        if (row) out.push(opening(cell[0], 0, deleted));
        var markup = rebaseHtml(cell[2], root);
        if ((item.op === INSERT || deleted) && markup) {
          markup = mark(item.op, labels) + markup + markEnd(item.op, labels);
        }
        out.push(markup);
        if (row) out.push(closing(cell[0]));
      });
    } else {
      item.cells.forEach(function (cell) {
        if (row) out.push(opening(cell[0], 0, false));
        out.push(inline(cell[2], labels, root));
        if (row) {
          if (attributesDiffer(cell[1], cell[0])) out.push(note(cell[1], cell[0], labels));
          out.push(closing(cell[0]));
        }
      });
      if (attributesDiffer(item.old.w, wrapper)) out.push(note(item.old.w, wrapper, labels));
    }
    if (wrapper) out.push(closing(wrapper));
    return out.join("");
  }

  function body(section, labels, root) {
    var out = [], stack = [], containers = section.containers, marked = new Set();
    section.blocks.forEach(function (item) {
      var frame = item.frame, depth = 0;
      while (depth < stack.length && depth < frame.length && stack[depth] === frame[depth]) depth++;
      while (stack.length > depth) out.push(closing(containers[stack.pop()][0]));
      frame.slice(depth).forEach(function (key) {
        var c = containers[key];
        out.push(opening(c[0], c[1], key.charAt(0) === "o"));
        if (Object.prototype.hasOwnProperty.call(section.renumbered, key) && !marked.has(key)) {
          marked.add(key);
          out.push(renumberedMark(section.renumbered[key], c[1], labels));
        }
        stack.push(key);
      });
      out.push(blockHtml(item, labels, root));
    });
    while (stack.length) out.push(closing(containers[stack.pop()][0]));
    return out.join("");
  }

  function marked(pieces) {
    return pieces.some(function (p) { return p[0] !== EQUAL || p[3] !== null; });
  }

  function visibleChange(section) {
    if (marked(section.titlePieces)) return true;
    if (section.number || Object.keys(section.renumbered).length) return true;
    return section.blocks.some(function (item) {
      if (item.op !== EQUAL && item.op !== CHANGED || item.renumbered) return true;
      if (item.op !== CHANGED) return false;
      if (attributesDiffer(item.old.w, item.block.w)) return true;
      return item.cells.some(function (cell) {
        return attributesDiffer(cell[1], cell[0]) || marked(cell[2]);
      });
    });
  }

  // redline.html (the anchors as pages/redlines.py names them)
  var INTRO_ANCHOR = "redline-intro", CHANGES_ANCHOR = "redline-changes";
  function render(sections, labels, root) {
    var parts = ['<div class="redline">'], unchanged = [];
    var changes = sections.filter(function (s) { return s.status !== "unchanged"; });
    function level(s) { return Math.max(2, Math.min(s.level, 6)); }
    function anchorOf(s) { return s.id !== null ? s.id : INTRO_ANCHOR; }
    function anchor(s) { return ' id="' + escapeAttribute(anchorOf(s)) + '"'; }
    function text(s) { return s.id !== null ? s.title : labels.intro; }
    function title(s) {
      return s.id !== null ? inline(s.titlePieces, labels, root) : escapeHtml(labels.intro);
    }
    function status(s) {
      return '<span class="redline-status redline-status--' + s.status + '">' +
             escapeHtml(labels["status_" + s.status]) + "</span>";
    }
    function numbered(s) { return s.number ? " " + renumberedMark(s.number[0], s.number[1], labels) : ""; }
    function link(css, s, word) {
      return '<a class="' + css + '" href="#' + escapeAttribute(anchorOf(s)) + '" title="' +
             escapeAttribute(text(s)) + '">' + escapeHtml(word) + "</a> ";
    }
    function flush() {
      if (!unchanged.length) return;
      parts.push('<details class="redline-unchanged"><summary>' +
                 escapeHtml(labels.unchanged.replace("{count}", unchanged.length)) + "</summary>");
      unchanged.forEach(function (s) {
        parts.push('<section class="redline-section redline-section--unchanged"' + anchor(s) +
                   "><h" + level(s) + ' class="redline-title">' + title(s) + "</h" + level(s) +
                   '><div class="redline-body">' + body(s, labels, root) + "</div></section>");
      });
      parts.push("</details>");
      unchanged = [];
    }
    if (changes.length) {  // the list of changed sections, each a link
      parts.push('<div class="redline-changes" id="' + CHANGES_ANCHOR + '" role="navigation" aria-label="' +
                 escapeAttribute(labels.changes_nav) + '"><p class="redline-changes-title">' +
                 escapeHtml(labels.changes_count.replace("{count}", changes.length)) +
                 '</p><ul class="redline-changes-list">');
      changes.forEach(function (s) {
        parts.push('<li><a href="#' + escapeAttribute(anchorOf(s)) + '">' + escapeHtml(text(s)) + "</a> " +
                   status(s) + numbered(s) + "</li>");
      });
      parts.push("</ul></div>");
    }
    sections.forEach(function (s) {
      if (s.status === "unchanged") { unchanged.push(s); return; }
      flush();
      parts.push('<section class="redline-section redline-section--' + s.status + '"' + anchor(s) +
                 "><h" + level(s) + ' class="redline-title">' + title(s) + " " + status(s) + numbered(s) +
                 "</h" + level(s) + ">");
      if (changes.length > 1) {  // the previous and the next change
        var at = changes.indexOf(s), previous = changes[at - 1], next = changes[at + 1];
        parts.push('<p class="redline-nav">' +
                   (previous ? link("redline-nav-previous", previous, labels.change_previous) : "") +
                   (next ? link("redline-nav-next", next, labels.change_next) : "") +
                   '<a class="redline-nav-list" href="#' + CHANGES_ANCHOR + '">' +
                   escapeHtml(labels.change_list) + "</a></p>");
      }
      if (s.status === "changed" && !visibleChange(s)) {
        parts.push('<p class="redline-note">' + escapeHtml(labels.source_only) + "</p>");
      }
      var html = body(s, labels, root);
      if (html) parts.push('<div class="redline-body">' + html + "</div>");
      parts.push("</section>");
    });
    flush();
    parts.push("</div>");
    return parts.join("");
  }

  // common.summary_line
  function summaryLine(sections, labels) {
    var counts = { added: 0, removed: 0, changed: 0, moved: 0 };
    sections.forEach(function (s) {
      if (s.status in counts && s.id !== null) counts[s.status]++;
      else if (s.status === "changed") counts.changed++;
    });
    if (!counts.added && !counts.removed && !counts.changed && !counts.moved) return labels.no_change;
    return labels.summary.replace("{added}", counts.added).replace("{removed}", counts.removed)
      .replace("{changed}", counts.changed) +
      (counts.moved ? labels.moved.replace("{moved}", counts.moved) : "");
  }

  // ------------------------------------------------------------ the page

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
      var node = element("option",
                         option.lang ? { value: option.value, lang: option.lang } : { value: option.value },
                         [option.label]);
      if (option.value === selected) node.selected = true;
      return node;
    }));
  }

  /* The forms are built here, from versions/index.json next to the page: the
   * page itself holds no form, no script and no inline data. */
  /* A comparison is citable: its versions and language are in the page's address
   * (?from=2019.12.19&to=2021.03.15&lang=zh-TW), written when it is made and read on load. */
  function asked(versions, languages) {
    var params = new URLSearchParams(location.search);
    var known = function (v) { return versions.some(function (x) { return x.version === v; }); };
    var from = params.get("from"), to = params.get("to"), lang = params.get("lang");
    if (!known(from) || !known(to)) return null;
    return { from: from, to: to,
             lang: languages.some(function (l) { return l.code === lang; }) ? lang : null };
  }

  function cite(oldV, newV, lang) {
    var url = new URL(location.href);
    url.searchParams.set("from", oldV);
    url.searchParams.set("to", newV);
    url.searchParams.set("lang", lang);
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }

  function build(app, whenApp, data) {
    var versions = data.versions, labels = data.labels;
    var options = versions.map(function (v) { return { value: v.version, label: v.label }; });
    var wanted = asked(versions, data.languages);
    var form = element("form", { "class": "policy-compare" }, [
      element("label", {}, [
        labels.old + " ",
        select("old", options, wanted ? wanted.from : (versions[1] || versions[0]).version),
      ]),
      " ",
      element("label", {}, [
        labels["new"] + " ",
        select("new", options, wanted ? wanted.to : versions[0].version),
      ]),
      " ",
      element("label", {}, [labels.lang + " ", select("lang", data.languages.map(function (l) {
        return { value: l.code, label: l.name, lang: l.code };
      }), (wanted && wanted.lang) || data.lang)]),
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
        // Name the version that lacks the language, and the language.
        var missing = (a && !a.data[lang]) ? a : (b || a);
        var language = data.languages.find(function (l) { return l.code === lang; });
        status.textContent = labels.no_text
          .replace("{version}", missing ? missing.label : "")
          .replace("{language}", language ? language.name : lang);
        output.replaceChildren();
        return;
      }
      status.textContent = labels.loading;
      cite(oldV, newV, lang);
      Promise.all([load(new URL(a.data[lang], data.base).href), load(new URL(b.data[lang], data.base).href)])
        .then(function (both) {
          var sections = compare(both[0], both[1]);
          var words = data.redline[lang] || labels;
          output.setAttribute("lang", lang);
          output.innerHTML = '<p class="policy-version">' + escapeHtml(summaryLine(sections, labels)) +
                             "</p>" + render(sections, words, data.root);
          // Tables scroll sideways on a phone, as Material makes them on the built pages.
          output.querySelectorAll("table:not([class])").forEach(function (table) {
            var inner = element("div", { "class": "md-typeset__table" }),
                outer = element("div", { "class": "md-typeset__scrollwrap" });
            table.replaceWith(outer);
            outer.appendChild(inner);
            inner.appendChild(table);
          });
          status.textContent = labels.done.replace("{old}", a.label).replace("{new}", b.label);
        }).catch(function () {
          status.textContent = labels.failed;
        });
    });

    if (wanted) form.requestSubmit();  /* opened from a cited comparison: show it */
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
      // The version in force on that date: its periods in force (a withdrawn version's end on its
      // withdrawal; a restored version's start again), as the site states them.
      var applicable = versions.find(function (v) {
        return (v.periods || []).some(function (p) {
          return p[0] <= date && (p[1] === null || date < p[1]);
        });
      });
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

  window.policyCompare = { compare: compare, render: render, summaryLine: summaryLine };
})();
