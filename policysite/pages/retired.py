"""``/<policy>/`` of a retired policy (its files deleted in every language): since when it no longer
applies, and where its versions stay published."""

from __future__ import annotations

from .. import locale
from ..history import PolicyHistory
from .common import Site, front_matter, relative, render


def page(site: Site, ph: PolicyHistory, lang: str) -> str:
    here = site.path(lang, ph.policy)
    title = site.name(ph, lang)
    if ph.retired is None:
        raise ValueError(f"{ph.policy} is not retired")  # (render_site asks only for retired ones)
    message = locale.html(
        lang,
        "retired_notice",
        date=locale.format_date(ph.retired, lang),
        versions=relative(here, site.path(lang, ph.policy, "versions")),
    )
    return (
        front_matter(title=title, policy_status="retired")
        + f"# {title}\n\n"
        + render("notice.html", kind="archived", message=message)
    )
