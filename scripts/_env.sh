# Shared set-up for scripts/serve and scripts/test: a virtual environment in
# .venv with the project (and its test tools) installed, refreshed whenever
# pyproject.toml changes.  Needs only Python 3.11+ and git.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  echo "setting up $VENV ..." >&2
  "$PYTHON" -m venv "$VENV"
fi
STAMP="$VENV/.policysite-installed"
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]" >&2
  touch "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
export NO_MKDOCS_2_WARNING=1
