"""Synthetic repositories in the shapes real policy repositories have (issue 25), for tests.

:func:`english_categories`: an English-only repository of policies in category folders
(``Policies/<category>/<policy>.md``), front matter with a title and keys of another site but no
``version:``, headings without IDs that other sites link to by GitHub's anchors (numbers, letters
A-H and I, V, X, apostrophes, ampersands, long headings), in-page links by those anchors,
site-absolute links under the old site's prefix (``/site-policy/...``), more than fifty commits
with merged pull requests, then one commit that moves every file into ``en/``.

:func:`bilingual_dated`: a bilingual repository with dated versions whose sources mark effective
dates with ``{: datetime=... }`` and whose current translation lacks two links.

Everything is made with real git in a fresh :class:`~gitrepo.PolicyRepo`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gitrepo import PolicyRepo

PREFIX = "/site-policy/"

# (heading text, the anchor GitHub renders for it)
HEADINGS = [
    ("A. Definitions", "a-definitions"),
    ("B. Account Terms", "b-account-terms"),
    ("I. Scope of These Terms", "i-scope-of-these-terms"),
    ("V. Warranty", "v-warranty"),
    ("X. Limitation of Liability", "x-limitation-of-liability"),
    ("1. Account Controls", "1-account-controls"),
    ("What's a fork?", "whats-a-fork"),
    ("Terms & Conditions", "terms--conditions"),
    (
        "How We Use, Share, Keep and Protect the Information You Give Us When You Use the Service",
        "how-we-use-share-keep-and-protect-the-information-you-give-us-when-you-use-the-service",
    ),
]

POLICIES = {
    "legal-terms": ["terms-of-service", "corporate-terms"],
    "privacy": ["privacy-statement", "cookies"],
    "acceptable-use": ["acceptable-use-policies"],
}


@dataclass
class Adopted:
    repo: PolicyRepo
    # policy name (after the move) -> the distinct texts main published, oldest first
    texts: dict[str, list[str]] = field(default_factory=dict)
    commits: int = 0
    merges: int = 0


def _policy_text(category: str, name: str, revision: int) -> str:
    """One text of a policy: headings without IDs, links by GitHub anchors and by site address."""
    title = " ".join(word.capitalize() for word in name.split("-"))
    other = next(p for c, ps in POLICIES.items() for p in ps if p != name)
    other_category = next(c for c, ps in POLICIES.items() if other in ps)
    lines = [
        "---",
        f"title: {title}",
        "redirect_from:",
        f"  - /articles/{name}/",
        "versions:",
        "  fpt: '*'",
        "topics:",
        "  - Policy",
        "---",
        "",
        f"Revision {revision} of the {title.lower()} of the {category.replace('-', ' ')} category.",
        "",
    ]
    for index, (heading, _) in enumerate(HEADINGS):
        target = HEADINGS[(index + 1) % len(HEADINGS)][1]
        lines += [
            f"## {heading}",
            "",
            f"Clause {index} of revision {revision}. See [the next clause](#{target}), "
            f"[the {other} policy]({PREFIX}{other_category}/{other}#{HEADINGS[0][1]}) and "
            f"[this category's list]({PREFIX}{category}/{name}).",
            "",
        ]
    return "\n".join(lines)


def _dated(day: int, hour: int = 12) -> dict[str, str]:
    when = f"2020-{1 + day // 28:02d}-{1 + day % 28:02d}T{hour:02d}:00:00Z"
    return {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}


def english_categories(repo: PolicyRepo) -> Adopted:
    """The English-only repository of the docstring, its history made commit by commit."""
    adopted = Adopted(repo)
    names = [(c, p) for c, ps in POLICIES.items() for p in ps]
    revision = {name: 0 for _, name in names}
    day = 0

    def write(category: str, name: str) -> None:
        revision[name] += 1
        text = _policy_text(category, name, revision[name])
        repo.write_file(f"Policies/{category}/{name}.md", text)
        adopted.texts.setdefault(f"{category}/{name}", []).append(text)

    def commit(message: str) -> None:
        nonlocal day
        day += 1
        repo.git("add", "-A")
        repo.git("commit", "-q", "-m", message, env=_dated(day))
        adopted.commits += 1

    for category, name in names:
        write(category, name)
        commit(f"Add {name}")
    for round_ in range(8):
        category, name = names[round_ % len(names)]
        repo.git("checkout", "-q", "-b", f"pr-{round_}")
        for step in range(3):  # three commits on the branch: only the merge reaches main
            write(category, name)
            adopted.texts[f"{category}/{name}"].pop()  # (not on main)
            commit(f"PR {round_}: edit {step}")
        adopted.texts[f"{category}/{name}"].append(
            repo.root.joinpath(f"Policies/{category}/{name}.md").read_text()
        )
        repo.git("checkout", "-q", "main")
        day += 1
        repo.git(
            "merge", "-q", "--no-ff", f"pr-{round_}", "-m", f"Merge pull request #{round_}", env=_dated(day)
        )
        adopted.commits += 1
        adopted.merges += 1
        category, name = names[(round_ + 2) % len(names)]
        write(category, name)
        commit(f"Direct edit {round_}")
        repo.write_file("README.md", f"Our policies, round {round_}.\n")
        commit(f"README {round_}")
    for category, _ in names:
        (repo.root / "en" / category).mkdir(parents=True, exist_ok=True)
    for category, name in names:
        repo.git("mv", f"Policies/{category}/{name}.md", f"en/{category}/{name}.md")
    commit("Move the policies into en/ for the policy site")
    return adopted


# ---------------------------------------------------------------- bilingual, dated

EN = """\
---
title: {title}
version: {version}
---

*Effective {effective}*
{{: datetime="{iso}" }}

We describe how {title} works. See [our help](https://help.example/{name}) and [support](https://support.example/).

## 1. General {{#general}}

General rules, revision {version}. Contact [us](mailto:legal@example.com).

## 2. Changes {{#changes}}

We announce changes on [our blog](https://blog.example/) and [the forum](https://forum.example/).
"""

ZH = """\
---
title: {title}（中文）
version: {version}
---

*生效日期：{effective}*
{{: datetime="{iso}" }}

我們說明{title}如何運作。請見[說明](https://help.example/{name})與[支援](https://support.example/)。

## 1. 總則 {{#general}}

一般規則，版本 {version}。聯絡[我們](mailto:legal@example.com)。

## 2. 變更 {{#changes}}

我們在[部落格](https://blog.example/)與[論壇](https://forum.example/)公告變更。
"""

BILINGUAL = ["privacy", "terms", "cookies"]


def bilingual_dated(repo: PolicyRepo) -> None:
    """Three dated versions of three bilingual policies; the current Chinese text of 'privacy'
    lacks the links to the blog and the forum (the translator left them out)."""
    for year in (2023, 2024, 2025):
        version, iso = f"{year}.08.27", f"{year}-08-27"
        effective = f"August 27, {year}"
        for name in BILINGUAL:
            title = name.capitalize() + " Policy"
            fields = {"title": title, "version": version, "effective": effective, "iso": iso, "name": name}
            repo.write_file(f"en/{name}.md", EN.format(**fields))
            zh = ZH.format(**fields)
            if year == 2025 and name == "privacy":
                zh = zh.replace(
                    "[部落格](https://blog.example/)與[論壇](https://forum.example/)", "部落格與論壇"
                )
            repo.write_file(f"zh-TW/{name}.md", zh)
            when = f"{year}-08-{1 + BILINGUAL.index(name):02d}T12:00:00Z"
            repo.git("add", "-A")
            repo.git(
                "commit",
                "-q",
                "-m",
                f"{name} {version}",
                env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when},
            )
