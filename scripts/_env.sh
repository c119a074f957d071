# Shared set-up for scripts/serve and scripts/test: a virtual environment in
# .venv with the project (and its test tools) installed, refreshed whenever
# pyproject.toml or requirements.lock changes, and (as root on Debian) the fonts the PDFs embed.
# Needs only Python 3.11+ and git.
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
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ] || [ requirements.lock -nt "$STAMP" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  # The package's ranges (pyproject.toml), at the exact versions this site tests (requirements.lock).
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[test]" >&2
  touch "$STAMP"
fi
# No setuptools in the environment (Python 3.12's venvs carry none either; pip builds the package in
# an isolated one).  Nothing here needs it at run time, but jieba, which Material's search plugin
# imports in every process that loads mkdocs.yml, imports pkg_resources whenever it is present:
# about 0.2 s more CPU for `import jieba`, 0.1 s of a whole `policy check`, in each of the hundreds
# of `mkdocs` and `policy` processes the tests start.
if [ -d "$VENV/lib" ] && compgen -G "$VENV/lib/python3*/site-packages/pkg_resources" >/dev/null; then
  "$VENV/bin/python" -m pip uninstall --quiet --yes setuptools >&2
fi
# What the PDFs need (policysite/pages/pdf.py): WeasyPrint's Pango and the Noto CJK
# fonts embedded in them, from Debian's packages, installed when missing and we are
# root; elsewhere a build with PDFs says what to install.
PDF_PACKAGES="fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  MISSING=""
  for package in $PDF_PACKAGES; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || MISSING="$MISSING $package"
  done
  if [ -n "$MISSING" ]; then
    echo "installing Debian's$MISSING for the PDFs ..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $MISSING) >&2
  fi
fi
# Bytecode for the project's own package (installed editable, so pip compiled none of it): where
# PYTHONDONTWRITEBYTECODE is set, as on this project's machines, every `mkdocs build` and `policy`
# run compiled it from source again (0.3 s a process on a slow machine; the tests run a thousand).
"$VENV/bin/python" -m compileall -q -j 0 "$ROOT/policysite" >/dev/null
export PATH="$VENV/bin:$PATH"
export NO_MKDOCS_2_WARNING=1
