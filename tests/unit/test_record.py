"""The published record (policysite.record), in process: the Timeline of what is in force when, the
build's clock, and the record made of one small real git history (new versions, corrections,
a withdrawal by revert, a retirement, a rename, backdated and short-notice versions, a backwards
date, an undated file), read with ``history.read``, which assembles it."""

from __future__ import annotations

import datetime as dt

import pytest
from gitrepo import PolicyRepo, source_text

from policysite import history, project, record
from policysite.history import Revision, Version
from policysite.record import Clock, Timeline

D = dt.date
TODAY = D(2021, 1, 1)
EN = "We respect privacy.\n\n## General {#general}\n\nWe collect names."
ZH = "我們尊重隱私。\n\n## 總則 {#general}\n\n我們蒐集姓名。"


def write(repo: PolicyRepo, lang: str, policy: str, version: str | None, body: str, title: str = "T"):
    repo.write(lang, policy, source_text(title, version, body))


def read(repo: PolicyRepo, **settings) -> history.History:
    return history.read(repo.root, project.load_tree(repo.root), TODAY, **settings)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> PolicyRepo:
    repo = PolicyRepo.init(tmp_path_factory.mktemp("record") / "repo")
    write(repo, "en", "privacy", "2020.01.01", EN, "Privacy")
    write(repo, "zh-TW", "privacy", "2020.01.01", ZH, "隱私")
    write(repo, "en", "terms", "2020.01.01", "Terms.", "Terms")
    write(repo, "en", "cookies", "2020.01.01", "Cookies.", "Cookies")
    write(repo, "en", "legal", "2020.05.01", "Legal.", "Legal")
    write(repo, "en", "notes", None, "Notes.", "Notes")
    repo.commit("first", "2020-01-01T02:00:00Z")
    write(repo, "en", "privacy", "2020.01.01", EN.replace("names", "your names"), "Privacy")
    repo.commit("typo\n\nPolicy-Change: editorial (typo)", "2020-02-01T02:00:00Z")
    write(repo, "en", "privacy", "2020.01.01", EN.replace("names", "your names and e-mail"), "Privacy")
    write(repo, "en", "legal", "2020.03.01", "Legal earlier.", "Legal")
    repo.commit("undeclared", "2020-03-01T02:00:00Z")
    write(repo, "en", "privacy", "2020.05.10", EN.replace("names", "everything"), "Privacy")
    repo.commit("by mistake", "2020-05-01T02:00:00Z")
    repo.git("revert", "--no-edit", "HEAD", date="2020-05-05T02:00:00Z")
    write(repo, "en", "privacy", "2020.06.15", EN.replace("names", "names and addresses"), "Privacy")
    (repo.root / "en" / "terms.md").unlink()
    repo.git("mv", "en/cookies.md", "en/cookie-policy.md")
    # 20:00 UTC on 30 June is 1 July in Taipei.
    repo.commit("backdated; terms retired; cookies renamed", "2020-06-30T20:00:00Z")
    return repo


@pytest.fixture(scope="module")
def taipei(repo) -> history.History:
    return read(repo, timezone="Asia/Taipei", notice_days=30)


def states(version: Version, lang: str = "en") -> list[tuple[str, int, D | None, str]]:
    return [
        (t.kind, t.number, t.published, t.revision.subject if t.revision else "")
        for t in version.states[lang]
    ]


# ---------------------------------------------------------------- the record of one history


def test_each_wording_of_a_version_stays_in_the_record(taipei):
    v1 = taipei.policies["privacy"].get("2020.01.01")
    assert states(v1) == [
        ("published", 1, D(2020, 1, 1), "first"),
        ("corrected", 2, D(2020, 2, 1), "typo"),
        ("corrected", 3, D(2020, 3, 1), "undeclared"),
    ]
    assert states(v1, "zh-TW") == [("published", 1, D(2020, 1, 1), "first")]
    assert v1.texts["en"] is v1.states["en"][-1] and b"your names and e-mail" in v1.texts["en"].data
    assert [r.subject for r in v1.editorial_revisions] == ["typo"]
    assert v1.editorial_revisions[0].reason == "editorial (typo)"


def test_an_undeclared_correction_is_a_warning_naming_the_commit(taipei):
    v1 = taipei.policies["privacy"].get("2020.01.01")
    [finding] = v1.findings
    commit = v1.states["en"][2].revision.commit
    assert (finding.code, finding.file, finding.line, finding.commit) == (
        "history.unmarked-change",
        "en/privacy.md",
        1,
        commit,
    )
    assert finding.message.startswith(
        f"commit {commit[:7]} ('undeclared') changes the published text of version 2020.01.01 "
        "(published 2020-02-01) without a new version and without the trailer 'Policy-Change: editorial'"
    )


def test_a_revert_withdraws_the_version_and_restores_the_one_before(taipei):
    privacy = taipei.policies["privacy"]
    v1, mistake, current = privacy.versions
    assert [v.version for v in privacy.versions] == ["2020.01.01", "2020.05.10", "2020.06.15"]
    assert (mistake.status, mistake.withdrawn, mistake.withdrawn_for) == ("withdrawn", D(2020, 5, 5), v1)
    assert mistake.withdrawn_by.subject == 'Revert "by mistake"'
    assert mistake.periods == []  # withdrawn before it took effect: never in force
    assert v1.restored == [D(2020, 5, 5)]
    assert len(v1.states["en"]) == 3  # the restored text is the last wording: no new one
    assert v1.periods == [(D(2020, 1, 1), D(2020, 6, 15))] and v1.status == "archived"
    assert current.status == "current" and current.periods == [(D(2020, 6, 15), None)]
    assert privacy.in_force(D(2020, 5, 20)) is v1 and privacy.in_force(D(2020, 6, 15)) is current
    assert privacy.in_force(D(2019, 12, 31)) is None


def test_short_notice_and_backdating_are_warnings_with_the_days(taipei):
    mistake, current = taipei.policies["privacy"].versions[1:]
    [short] = mistake.findings
    assert short.code == "history.short-notice" and short.message == (
        "version 2020.05.10 takes effect 9 days after its publication on 2020-05-01; the site gives at "
        "least 30 days' notice (notice_days)"
    )
    [backdated] = current.findings
    assert backdated.code == "history.backdated" and backdated.message.startswith(
        "version 2020.06.15 takes effect on 2020-06-15 but was published on 2020-07-01: it is backdated"
    )
    assert current.published == D(2020, 7, 1)  # the local day in Taipei


def test_publication_days_are_the_sites_local_days(repo):
    utc = read(repo, timezone="UTC")
    current = utc.policies["privacy"].get("2020.06.15")
    assert current.published == D(2020, 6, 30)
    assert utc.policies["terms"].retired == D(2020, 6, 30)
    assert utc.timezone == "UTC" and not any(d.code == "history.short-notice" for d in utc.diagnostics)


def test_a_policy_deleted_in_every_language_is_retired_on_that_day(taipei):
    terms = taipei.policies["terms"]
    assert terms.removed and terms.retired == D(2020, 7, 1)
    [version] = terms.versions
    assert version.status == "archived" and version.periods == [(D(2020, 1, 1), D(2020, 7, 1))]
    assert terms.in_force(D(2020, 7, 1)) is None


def test_a_moved_policy_keeps_its_history_under_its_new_name(taipei):
    assert "cookies" not in taipei.policies
    renamed = taipei.policies["cookie-policy"]
    assert renamed.former_names == ["cookies"] and not renamed.removed
    [version] = renamed.versions
    assert version.status == "current" and version.texts["en"].path == "en/cookies.md"


def test_a_date_that_goes_backwards_is_an_error_saying_what_to_do(taipei):
    legal = taipei.policies["legal"]
    later, earlier = legal.versions
    [finding] = earlier.findings
    assert finding.is_error and finding.code == "history.backwards" and finding.file == "en/legal.md"
    assert finding.message.endswith(
        "version dates must increase along history. Give it a date after 2020.05.01, or, to withdraw "
        "2020.05.01, restore the earlier version's text exactly (git revert the commit that published it)"
    )
    # Out of order, it takes effect no earlier than the version before it.
    assert later.periods == [] and earlier.periods == [(D(2020, 5, 1), None)]
    assert later.status == "archived" and earlier.status == "current"


def test_an_undated_text_is_skipped_with_a_note_or_dated_by_its_publication(repo, taipei):
    assert "notes" not in taipei.policies
    [note] = [d for d in taipei.diagnostics if d.code == "history.undated"]
    assert (note.file, note.severity.value) == ("en/notes.md", "info")
    assert note.message.startswith("1 commit of this file ")
    dated = read(repo, timezone="Asia/Taipei", undated="commit")
    [version] = dated.policies["notes"].versions
    assert (version.version, version.date, version.dated_by) == ("2020.01.01", D(2020, 1, 1), "publication")
    assert version.texts["en"].header.version == "2020.01.01" and version.texts["en"].dated is not None
    assert not any(d.code == "history.undated" for d in dated.diagnostics)


def test_the_history_knows_its_head_and_build_day(repo, taipei):
    assert taipei.head == repo.git("rev-parse", "HEAD").strip()
    assert taipei.build_date == TODAY and taipei.timezone == "Asia/Taipei"
    assert sorted(taipei.policies) == ["cookie-policy", "legal", "privacy", "terms"]


# ---------------------------------------------------------------- the working tree


def test_uncommitted_changes_are_the_build_days_wording_and_need_no_trailer(tmp_path):
    repo = PolicyRepo.init(tmp_path / "repo")
    write(repo, "en", "privacy", "2020.01.01", EN, "Privacy")
    write(repo, "en", "terms", "2020.01.01", "Terms.", "Terms")
    repo.commit("first", "2020-01-01T02:00:00Z")
    write(repo, "en", "privacy", "2020.01.01", EN.replace("names", "your names"), "Privacy")
    write(repo, "en", "upcoming", "2021.03.01", "Soon.", "Upcoming")
    (repo.root / "en" / "terms.md").unlink()
    found = read(repo)
    v1 = found.policies["privacy"].get("2020.01.01")
    assert [(t.kind, t.published, t.revision.commit) for t in v1.states["en"]][1:] == [
        ("corrected", TODAY, None)
    ]
    assert v1.states["en"][1].revision.describe() == "the working tree (uncommitted)"
    assert v1.findings == []
    assert found.policies["terms"].retired == TODAY
    [soon] = found.policies["upcoming"].versions
    assert soon.status == "upcoming" and soon.periods == [(D(2021, 3, 1), None)]


# ---------------------------------------------------------------- Timeline, Clock, normalized


def version(name: str) -> Version:
    return Version("p", name, D(*map(int, name.split("."))))


def test_a_timeline_runs_each_version_until_the_next_one_starts():
    one, two = version("2020.01.01"), version("2020.06.01")
    timeline = Timeline()
    timeline.publish(one, D(2019, 12, 1))
    timeline.publish(two, D(2020, 5, 1))
    assert timeline.entries == [(D(2020, 1, 1), one), (D(2020, 6, 1), two)]
    assert timeline.periods(one) == [(D(2020, 1, 1), D(2020, 6, 1))]
    assert timeline.periods(two) == [(D(2020, 6, 1), None)]
    assert [timeline.on(day) for day in (D(2019, 12, 31), D(2020, 1, 1), D(2020, 5, 31), D(2020, 6, 1))] == [
        None,
        one,
        one,
        two,
    ]


def test_restoring_withdraws_the_versions_after_it_and_drops_those_not_yet_in_force():
    one, two, three = version("2020.01.01"), version("2020.03.01"), version("2020.09.01")
    timeline = Timeline()
    for item in (one, two, three):
        timeline.publish(item, item.date)
    assert timeline.restore(one, D(2020, 4, 1)) == [two, three]
    assert timeline.entries == [(D(2020, 1, 1), one), (D(2020, 3, 1), two), (D(2020, 4, 1), one)]
    assert timeline.periods(one) == [(D(2020, 1, 1), D(2020, 3, 1)), (D(2020, 4, 1), None)]
    assert timeline.periods(three) == [] and timeline.on(D(2020, 10, 1)) is one


def test_restoring_the_version_in_force_changes_nothing():
    one = version("2020.01.01")
    timeline = Timeline()
    timeline.publish(one, one.date)
    assert timeline.restore(one, D(2020, 2, 1)) == []
    assert timeline.entries == [(D(2020, 1, 1), one)]


def test_an_out_of_order_version_starts_no_earlier_than_the_last_entry_and_retiring_ends_all():
    later, earlier = version("2020.05.01"), version("2020.03.01")
    timeline = Timeline()
    timeline.publish(later, D(2020, 1, 1))
    timeline.publish(earlier, D(2020, 6, 1))  # published after the later one took effect
    assert timeline.entries == [(D(2020, 5, 1), later), (D(2020, 6, 1), earlier)]
    timeline.retire(D(2020, 4, 1))  # (a retirement never goes back in time either)
    assert timeline.entries[-1] == (D(2020, 6, 1), None)
    assert timeline.periods(earlier) == [] and timeline.on(D(2030, 1, 1)) is None
    empty = Timeline()
    empty.retire(D(2020, 1, 1))
    assert empty.entries == [(D(2020, 1, 1), None)]


def test_the_clock_gives_the_local_day_of_a_commit_and_the_build_day_of_the_working_tree():
    evening = Revision("c" * 40, 1593547200, "s")  # 2020-06-30T20:00:00Z
    assert Clock(TODAY).day(evening) == D(2020, 6, 30)
    assert Clock(TODAY, "Asia/Taipei").day(evening) == D(2020, 7, 1)
    assert Clock(TODAY, "America/Los_Angeles").day(evening) == D(2020, 6, 30)
    assert Clock(TODAY, "Asia/Taipei").day(Revision(None, 0, "working tree")) == TODAY
    assert Clock(TODAY).zone.key == "UTC"


def test_normalized_text_folds_white_space_line_endings_and_the_bom():
    assert record.normalized(b"\xef\xbb\xbf# T\r\n\r\n  a\tb  \n") == "# T a b"
    assert record.normalized(b"a\xffb") == "a\ufffdb"  # (bytes that are not UTF-8 do not raise)
    assert record.normalized(b"") == ""
