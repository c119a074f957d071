"""What every page renderer shares: addresses, front matter, templates, dates, summaries.

Generated HTML comes only from the Jinja templates in ``templates/``, rendered
with autoescaping: a title, a summary or a commit message is always text.  The
only Markdown a renderer passes through unescaped is a policy's own body, which
MkDocs renders and :mod:`policysite.sanitize` cleans like every page.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from .. import escaping, locale, sanitize
from ..clock import BuildClock
from ..history import History, PolicyHistory, Version
from ..names import Names
from ..project import Corpus
from ..urls import relative, site_path

if TYPE_CHECKING:  # (both modules build on this one)
    from .pdf import Printer
    from .redlines import Redlines

_TITLE = re.compile(r"^# .*$", re.MULTILINE)


def plain(value: Any) -> Any:
    """``value`` (a string, or a list or mapping of them) without the characters XML 1.0 forbids: the
    C0 controls a title or summary can carry as YAML escapes ("\\a", "\\e").  Invisible, an error in
    HTML, fatal in a PDF's XMP metadata: no page, PDF or feed shows them (see :mod:`.feeds`)."""
    if isinstance(value, str):
        if not escaping.has_xml_forbidden(value):
            return value
        # (Markup: removing a character from escaped HTML makes no tag or entity of the source's text.)
        return Markup(escaping.xml_text(value)) if isinstance(value, Markup) else escaping.xml_text(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("policysite.pages", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
    auto_reload=False,  # package files: no stat of the template on each of the thousands of renders
    finalize=plain,  # every value a template writes, before it is escaped
)
ENV.globals.update(t=locale.html, text=locale.text, format_date=locale.format_date)


def render(template: str, **values) -> str:
    """A template of ``templates/`` as HTML ending with a blank line (a Markdown block of its own),
    stamped as the site's own markup (see :func:`policysite.sanitize.chrome`)."""
    return sanitize.chrome(ENV.get_template(template).render(**values).strip("\n")) + "\n\n"


# ---------------------------------------------------------------- pieces
# (addresses: site_path and relative come from policysite.urls)


def front_matter(**values) -> str:
    """YAML front matter (values written as JSON, which YAML reads back exactly; a page's title
    becomes its ``<title>``: without the control characters :func:`plain` removes)."""
    lines = ["---"]
    for key, value in values.items():
        lines.append(f"{key}: {json.dumps(plain(value), ensure_ascii=False, sort_keys=True)}")
    return "\n".join(lines + ["---", ""]) + "\n"


def insert_after_title(body: str, block: str) -> str:
    match = _TITLE.search(body)
    if not match:
        return block + "\n" + body
    return body[: match.end()] + "\n\n" + block + body[match.end() :].lstrip("\n")


def date(version: Version, lang: str) -> str:
    return locale.format_date(version.date, lang)


def time_tag(day, lang: str, css: str) -> Markup:
    """A date as ``<time class datetime>`` written the page's way (scripts read ``datetime``)."""
    tag = Markup('<time class="{}" datetime="{}">{}</time>').format(
        css, day.isoformat(), locale.format_date(day, lang)
    )
    return Markup(sanitize.chrome(str(tag)))


def following(ph: PolicyHistory, version: Version) -> Version | None:
    """The version published after ``version`` (the one that replaced it), if any."""
    index = ph.index(version)
    return ph.versions[index + 1] if index + 1 < len(ph.versions) else None


def in_force(ph: PolicyHistory, version: Version, lang: str) -> Markup:
    """ "in force since 19 December 2019", "from ... until ..." once a later version took effect, and
    "..., and again since ..." for a version restored after a withdrawal (see :mod:`policysite.record`)."""
    periods = version.periods or [(version.date, None)]
    out = _period(lang, periods[0], "in_force_since", "in_force_until")
    for period in periods[1:]:
        out += _period(lang, period, "in_force_again_since", "in_force_again_until")
    return out


def _period(lang: str, period: tuple, since_key: str, until_key: str) -> Markup:
    start, end = period
    since = time_tag(start, lang, "policy-in-force-from")
    if end is None:
        return locale.html(lang, since_key, since=since)
    return locale.html(lang, until_key, since=since, until=time_tag(end, lang, "policy-in-force-until"))


def standing(
    ph: PolicyHistory, version: Version, lang: str, here: str, current: str, reference: str
) -> Markup:
    """Where this version stands in time: since when, until when, replaced by which version
    (``here``: the page or PDF the links start from; ``current``: the link to the current text;
    ``reference``: the site's reference language, whose pages are at the root)."""
    when = date(version, lang)

    def versions(*parts: str) -> str:
        return relative(here, site_path(lang, ph.policy, "versions", *parts, reference=reference))

    if version.status == "withdrawn":
        return _withdrawn(ph, version, lang, current, versions)
    if ph.retired is not None:  # no current version to send the reader to
        return locale.html(
            lang,
            "retired_version_notice",
            date=when,
            retired=locale.format_date(ph.retired, lang),
            periods=in_force(ph, version, lang) if version.periods else locale.html(lang, "never_in_force"),
            versions=versions(),
        )
    if version.status == "upcoming":
        if ph.current is None:  # nothing in force yet: no current version to point at
            return locale.html(lang, "upcoming_first_notice", date=when)
        return locale.html(lang, "upcoming_version_notice", date=when, current=current)
    if len(version.periods) > 1:  # restored after a withdrawal: every period, truthfully
        periods = in_force(ph, version, lang)
        if version.status == "current":
            return locale.html(lang, "current_periods_notice", periods=periods)
        return locale.html(lang, "archived_periods_notice", date=when, periods=periods, current=current)
    since = time_tag(version.date, lang, "policy-in-force-from")
    later = following(ph, version) if version.status != "current" else _successor(ph, version)
    if later is None or (version.status == "archived" and later.status in ("upcoming", "withdrawn")):
        if version.status == "current":
            return locale.html(lang, "current_since_notice", since=since)
        return locale.html(lang, "archived_notice", date=when, current=current)  # a withdrawn policy
    replaced = {
        "next": versions(later.version),
        "next_date": date(later, lang),
    }
    if later.date <= version.date:  # a version date that went backwards (history.backwards)
        if version.status == "current":
            return locale.html(lang, "current_since_notice", since=since)
        return locale.html(lang, "archived_superseded_notice", date=when, current=current, **replaced)
    until = time_tag(later.date, lang, "policy-in-force-until")
    if version.status == "current":
        return locale.html(lang, "current_until_notice", since=since, until=until, **replaced)
    return locale.html(
        lang, "archived_replaced_notice", date=when, since=since, until=until, current=current, **replaced
    )


def _successor(ph: PolicyHistory, version: Version) -> Version | None:
    """The next version published after ``version`` that was not withdrawn (a withdrawn one never
    replaced it: the current version stays in force until the next one that does take effect)."""
    return next((v for v in ph.versions[ph.index(version) + 1 :] if v.status != "withdrawn"), None)


def _withdrawn(ph: PolicyHistory, version: Version, lang: str, current: str, versions) -> Markup:
    """A withdrawn version's notice (``versions(v)``: the link to version ``v``'s page)."""
    restored = version.withdrawn_for
    periods = in_force(ph, version, lang) if version.periods else locale.html(lang, "never_in_force")
    return locale.html(
        lang,
        "withdrawn_notice",
        date=date(version, lang),
        published=locale.format_date(version.published or version.date, lang),
        withdrawn=locale.format_date(version.withdrawn, lang) if version.withdrawn else "",
        restored=date(restored, lang) if restored is not None else "",
        restored_href=versions(restored.version) if restored is not None else current,
        periods=periods,
        current=current,
    )


def language_names(codes, lang: str) -> str:
    """ "English, Traditional Chinese" in ``lang``."""
    return locale.text(lang, "language_separator").join(locale.text(lang, f"language_{c}") for c in codes)


def summary_line(summary: dict, lang: str) -> str:
    """ "2 added, 0 removed, 1 changed" in ``lang`` (plain text)."""
    if summary.get("first"):
        return locale.text(lang, "first_version")
    if not any(summary[k] for k in ("added", "removed", "changed", "moved")):
        return locale.text(lang, "no_change")
    line = locale.text(lang, "summary_counts", **summary)
    if summary.get("moved"):
        line += locale.text(lang, "moved", moved=summary["moved"])
    return line


def status_badge(status: str, lang: str) -> Markup:
    return Markup(render("status.html", status=status, lang=lang).strip())


@dataclass
class Site:
    """What every renderer reads: the checked model, the redlines and the site's name and address."""

    corpus: Corpus
    history: History
    redlines: Redlines
    site_name: str
    site_url: str = ""
    diagnostics: list = field(default_factory=list)  # the analysis' findings (baseline applied)
    pdf: Printer | None = None  # when the site has PDFs (the plugin's pdf setting)
    repo_url: str = ""  # mkdocs.yml's repo_url: commits link to it when set
    clock: BuildClock | None = None  # the build's (SOURCE_DATE_EPOCH or now), read where it starts

    @functools.cached_property
    def names(self) -> Names:
        return Names.of(self.corpus, self.history)

    def name(self, ph: PolicyHistory, lang: str, version: Version | None = None) -> str:
        """The policy's title in ``lang`` as readers see it: told apart from another policy's same title."""
        return self.names.name(ph.policy, lang, ph.title(lang, version))

    def title_name(self, policy: str, lang: str, title: str) -> str:
        """``title`` (of ``policy`` in ``lang``) told apart from another policy's same title."""
        return self.names.name(policy, lang, title)

    @property
    def languages(self) -> tuple[str, ...]:
        """The site's languages, the reference language first."""
        return self.corpus.languages

    @property
    def reference(self) -> str:
        """The reference language (its pages are at the root of the site)."""
        return self.corpus.reference

    def path(self, lang: str, *parts: str) -> str:
        """The site path of a page of this site in ``lang`` (see :func:`policysite.urls.site_path`)."""
        return site_path(lang, *parts, reference=self.reference)

    def policies(self) -> list[PolicyHistory]:
        return [self.history.policies[p] for p in sorted(self.history.policies)]

    def findings(self, version: Version) -> list:
        """Findings about the commits that made ``version`` (history.backwards...), acknowledged or not."""
        commits = {r.commit for r in version.revisions if r.commit}
        return [d for d in self.diagnostics if d.commit in commits and d.code.startswith("history.")]

    def pending(self, policy: str, lang: str) -> bool:
        """In the reference language only: ``lang`` has no file for ``policy`` in the working tree (a
        translation pending)."""
        reference = self.reference
        return lang != reference and not self.corpus.has(policy, lang) and self.corpus.has(policy, reference)
