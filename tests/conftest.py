"""Shared fixtures: temporary git copies of the project, the ``policy`` command (its real entry
point, in the test's process) and real ``mkdocs build`` runs as subprocesses (nothing is mocked).

The helpers live in helper modules (``gitrepo``, ``seed``, ``histories``); this
file only turns them into fixtures.  Every fixture works under ``pytest -n 2``:
each copy lives in its own ``tmp_path``; the real site is built once per worker.
"""

from __future__ import annotations

import pytest
from auditing import ENV as AUDIT_ENV
from auditing import Audited, make_audited
from gitrepo import BuildResult, PolicyRepo, run_policy
from histories import Published, make_published


@pytest.fixture(scope="session")
def policy_command():
    """Run ``policy``: ``policy_command(["check"], cwd=..., env={...})``."""
    return run_policy


@pytest.fixture(scope="session")
def policy():
    """``policy(repo, *args, env=...)``: run ``policy`` in ``repo``; never a traceback."""

    def run(repo: PolicyRepo, *args: str, env: dict[str, str] | None = None):
        result = repo.policy(*args, env=env)
        assert "Traceback" not in result.output, result.output
        return result

    return run


@pytest.fixture(scope="session")
def new_project_copy():
    """Make a committed git copy of the project: ``new_project_copy(directory)``."""
    return lambda directory: PolicyRepo.create(directory, commit="The project as it stands")


@pytest.fixture
def project_copy(tmp_path) -> PolicyRepo:
    """A fresh committed git copy of the project, for one test."""
    return PolicyRepo.create(tmp_path / "project", commit="The project as it stands")


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> BuildResult:
    """The real content, built once per session with ``mkdocs build --strict``."""
    copy = PolicyRepo.create(
        tmp_path_factory.mktemp("real-site") / "project", commit="The project as it stands"
    )
    return copy.build(strict=True)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Published:
    """The small published history of ``histories`` (one per test module, read-only)."""
    return make_published(tmp_path_factory.mktemp("published") / "repo")


@pytest.fixture
def clone(published, tmp_path) -> PolicyRepo:
    """A clone of ``published`` (full history) to change in one test."""
    return published.clone(tmp_path / "clone")


@pytest.fixture(scope="session")
def audited_site(tmp_path_factory) -> tuple[Audited, BuildResult]:
    """The three-version history of ``auditing`` built with its PDFs, once per session (per
    worker): the PDF and verify tests read it, and build elsewhere when they change anything."""
    audited = make_audited(tmp_path_factory.mktemp("audited") / "repo")
    result = audited.repo.build(env=AUDIT_ENV)
    assert result.ok, result.output
    return audited, result


# -- kinds of tests: the folder says which (``pytest -m unit`` is the fast feedback loop)

KINDS = {"unit": "unit", "browser": "browser"}  # any other folder: "integration"


def pytest_collection_modifyitems(config, items) -> None:
    """Mark each test by its folder: ``unit`` (in-process, no git repository built, no MkDocs
    build), ``browser`` (Chromium), else ``integration`` (real git repositories and builds)."""
    for item in items:
        folder = item.path.parent.name
        item.add_marker(getattr(pytest.mark, KINDS.get(folder, "integration")))
