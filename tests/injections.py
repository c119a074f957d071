"""Hostile inputs, by class (a helper module): what a pull request might try to slip into a policy.

Each body injection is meant to follow a line of text inside a section; each
uses ``window.__xss=1`` as its payload (or ``alert(1)`` where Markdown needs an
unquoted value), and loads from ``evil.example`` when it tries another origin.
tests/integration/test_safety.py checks that the check refuses each and the sanitizer
disarms each; tests/browser/test_browser_hostile.py loads them in Chromium.
"""

from __future__ import annotations

# Every injection, by class.  Each is placed after SECTION_LINE (section
# 'data-security') of the Chinese policy; "{line}" marks the line the finding
# must name when it is not SECTION_LINE's own.
ATTRIBUTE_LISTS = [
    '\n\nText.\n{: onclick="window.__xss=1" }',
    '\n\nText.\n{: tabindex="0" autofocus onfocus="window.__xss=1" }',
    '\n\nText.\n{: style="background:url(//evil.example/a.png)" }',
    '![x](data:,){: onerror="window.__xss=1" }',
    '[x](#general){: href="javascript:window.__xss=1" }',
    '\n\n- item\n{: onmouseover="window.__xss=1" }',
]
PARSER_DIFFERENTIALS = [
    '<!--> <img src=x onerror="window.__xss=1"> -->',
    '<![CDATA[ ><img src=x onerror="window.__xss=1"> ]]>',
    '<?x ><img src=x onerror="window.__xss=1"> ?>',
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>"></noscript>',
    '<textarea><img title="</textarea><img src=x onerror=window.__xss=1>"></textarea>',
    '\n\n<div title="`">\n<img src=x onerror="window.__xss=1">\n</div>\n\n` ',
    'x `<img src=x onerror="window.__xss=1">',
    '\n\n<div>\n<img src=x\n\nonerror="window.__xss=1">\n</div>\n',
]
URL_SPELLINGS = [
    '<a href="&#32;javascript:window.__xss=1">x</a>',
    '<a href="&#0000106;avascript:window.__xss=1">x</a>',
    '<a href="java&#x09;script:window.__xss=1">x</a>',
    "[x][r]\n\n[r]:\n    javascript:window.__xss=1",
    "\n\n> [x][q]\n>\n> [q]: javascript:window.__xss=1",
    '<img src="/\\evil.example/a.png">',
    '<img src="&#47;&#47;evil.example/a.png">',
    '<img src="https:evil.example/a.png">',
    '<img src="&#104;ttps://evil.example/a.png">',
    '<img src="\\\\evil.example\\a.png">',
    '<img src="a.png" srcset="a.png 1x, //evil.example/b.png 2x">',
    '<span style="background:url&#40;//evil.example/c.png)">x</span>',
    '<span style="background:u\\72 l(//evil.example/d.png)">x</span>',
    "<span style=\"background-image:image-set('//evil.example/e.png' 1x)\">x</span>",
    '<svg><image href="//evil.example/f.png"/></svg>',
    '<svg><use href="//evil.example/g.svg#x"/></svg>',
    '<svg><rect filter="url(//evil.example/h.svg#f)"/></svg>',
    "![logo](https://cdn.example.com/logo.png)",
    "![logo](//cdn.example.com/logo.png)",
    '<video poster="http://example.com/a.jpg"></video>',
]
CLASSIC = [
    "<script>window.__xss=1</script>",
    "<SCRIPT src=x.js></SCRIPT>",
    "<iframe src=frame.html></iframe>",
    "<object data=x.swf></object>",
    "<embed src=x.swf>",
    "<style>body{display:none}</style>",
    '<img src=x onerror="window.__xss=1">',
    '<a href="#" onClick="window.__xss=1">x</a>',
    '<a href="#" onClick=alert(1)>x</a>',
    "<a href=' JavaScript:window.__xss=1'>x</a>",
    "[x](javascript:window.__xss=1)",
    "[x](  JAVASCRIPT:window.__xss=1)",
    "[x](<javascript:window.__xss=1>)",
    "[x](&#106;avascript:window.__xss=1)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<b title='a>b' onmouseover=\"window.__xss=1\">x</b>",
    '<b title="a>b" onmouseover=alert(1)>x</b>',
]
INJECTIONS = ATTRIBUTE_LISTS + PARSER_DIFFERENTIALS + URL_SPELLINGS + CLASSIC

# Headings: the injection inside the heading line itself.
HEADINGS = [
    "## 6. 資料安全<script>window.__xss=1</script> {#data-security}",
    '## 6. 資料安全 <img src=x onerror="window.__xss=1"> {#data-security}',
    '## 6. 資料安全 {#data-security onclick="window.__xss=1"}',
    "## 6. 資料安全 [x](javascript:window.__xss=1) {#data-security}",
]
HEADING = "## 6. 資料安全 {#data-security}"
