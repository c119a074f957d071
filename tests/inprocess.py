"""``policy`` run in the test's own process, for tests that run it outside a :class:`PolicyRepo`
(a helper module: test modules import it): :func:`gitrepo.run_policy_here`, which
``PolicyRepo.policy`` runs too, called in a folder of the test's choosing.

Much faster than the console script (no interpreter, no imports per run), for what is about the
arguments, the messages and the exit codes.  The environment is the one :func:`gitrepo.clean_env`
gives a subprocess: no inherited git settings, SOURCE_DATE_EPOCH, GitHub Actions or NO_COLOR.
A few tests in test_cli_check.py and test_cli_errors.py still run the real executable.
"""

from __future__ import annotations

from pathlib import Path

from gitrepo import Run, run_policy_here


class Policy:
    """``policy(*args, cwd=..., env=...)``: ``policy ARGS`` run in ``cwd`` (default: the current
    folder), with ``env`` added to the environment; never a traceback."""

    def __call__(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
        run = run_policy_here(list(args), cwd if cwd is not None else Path.cwd(), env)
        assert "Traceback" not in run.output, run.output
        return run
