"""Issue 26, item 4: policysite is a library other sites install.

Every package the code imports is a declared dependency, each dependency is a range (the site's
own builds pin exact versions in requirements.lock, inside those ranges), and the wheel carries
everything a site needs: built with pip, installed alone into an empty folder, it builds a site
that holds no file of this repository's package (its dependencies come from the test
environment).
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from gitrepo import PROJECT, SITE_URL, PolicyRepo, clean_env
from packaging.requirements import Requirement
from packaging.version import Version

pytestmark = pytest.mark.slow  # (a wheel, fresh environments, several full builds)

PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
DEPENDENCIES = [Requirement(line) for line in PYPROJECT["project"]["dependencies"]]


def _imports() -> set[str]:
    """The top-level modules the package imports (at the top of a module or inside a function)."""
    found = set()
    for path in (PROJECT / "policysite").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"policysite", "__future__"}


def test_every_imported_package_is_a_declared_dependency():
    providers = importlib.metadata.packages_distributions()
    declared = {requirement.name.lower() for requirement in DEPENDENCIES}
    missing = {
        module: providers.get(module)
        for module in _imports()
        if not {name.lower() for name in providers.get(module, [])} & declared
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_dependencies_are_ranges_and_the_lock_pins_each_inside_its_range():
    lock = {}
    for line in (PROJECT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            lock[name.strip().lower().replace("_", "-")] = version.strip()
    for requirement in DEPENDENCIES:
        specifiers = list(requirement.specifier)
        assert specifiers and all(s.operator != "==" for s in specifiers), requirement
        assert any(s.operator in (">=", ">") for s in specifiers), f"{requirement}: no lower bound"
        pinned = lock.get(requirement.name.lower().replace("_", "-"))
        assert pinned, f"{requirement.name} is not pinned in requirements.lock"
        assert requirement.specifier.contains(Version(pinned)), f"{requirement.name}=={pinned}: {requirement}"
        installed = importlib.metadata.version(requirement.name)
        assert installed == pinned, f"{requirement.name}: installed {installed}, locked {pinned}"


@pytest.fixture(scope="module")
def wheel_environment(tmp_path_factory) -> tuple[str, Path]:
    """The wheel pip builds of this checkout (checked for the files a site needs), installed in a
    new virtual environment: its python, and the folder the wheel went to."""
    folder = tmp_path_factory.mktemp("wheel")
    wheels = folder / "wheels"
    _pip("wheel", "-w", str(wheels), str(PROJECT))
    (wheel,) = wheels.glob("policysite-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "policysite/theme/main.html",
        "policysite/assets/compare/compare.js",
        "policysite/assets/vendor/diff-match-patch/diff_match_patch.js",
        "policysite/assets/stylesheets/policy.css",
        "policysite/locales/en.yml",
        "policysite/locales/zh-TW.yml",
        "policysite/locales/ja.yml",
        "policysite/pages/templates/pdf.css",
    ):
        assert needed in names, needed
    return _environment_with(wheel, folder / "venv")


def test_the_wheel_alone_builds_a_site(tmp_path, wheel_environment):
    python, installed = wheel_environment
    site = _site_without_a_checkout(tmp_path / "site")
    where = subprocess.run(
        [python, "-c", "import policysite; print(policysite.__file__)"],
        cwd=site.root,
        capture_output=True,
        text=True,
        env=clean_env(),
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed), where.stdout
    built = subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict"],
        cwd=site.root,
        capture_output=True,
        text=True,
        env=clean_env(),
    )
    assert built.returncode == 0, built.stderr
    for page in ("site/index.html", "site/privacy/index.html", "site/zh-TW/privacy/versions/index.html"):
        assert (site.root / page).is_file(), page
    assert (site.root / "site/assets/compare/compare.js").read_bytes() == (
        installed / "policysite/assets/compare/compare.js"
    ).read_bytes()
    page = (site.root / "site/privacy/index.html").read_text(encoding="utf-8")
    assert "assets/stylesheets/policy.css" in page and "language-switch.js" in page
    assert "policy-auditors" in page  # the plugin's theme partial (main.html)


def _pip(command: str, *args: str) -> None:
    """``pip COMMAND -q --no-deps ARGS`` with the test environment's pip (fails the test on an error)."""
    subprocess.run(
        [sys.executable, "-m", "pip", command, "-q", "--no-deps", *args],
        check=True,
        capture_output=True,
        env=clean_env(),
        timeout=300,
    )


def _run(python: str, *args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [python, *args], cwd=cwd, capture_output=True, text=True, env=clean_env(env), timeout=600
    )


@pytest.mark.parametrize("codes", ["en", "en,ja", "en,zh-TW,ja"])
def test_policy_init_from_the_wheel_makes_a_site_that_builds(tmp_path, wheel_environment, codes):
    """In an empty git repository, with only the wheel: ``policy init``, a second version in every
    language, then ``mkdocs build --strict``: pages, redlines, the translations page and a PDF in
    every language."""
    python, _ = wheel_environment
    site = PolicyRepo.init(tmp_path / "site")
    first_day = {"SOURCE_DATE_EPOCH": "1577880000"}  # 2020-01-01: the first policy's version
    init = ("-m", "policysite.cli", "init", "--languages", codes, "--site-name", "Acme")
    # The address: given to policy init, or (en,ja) left to the SITE_URL variable mkdocs.yml reads.
    by_variable = codes == "en,ja"
    address = () if by_variable else ("--site-url", SITE_URL)
    made = _run(python, *init, *address, cwd=site.root, env=first_day)
    assert made.returncode == 0, made.stderr
    assert ("SITE_URL" in made.stdout) == by_variable, made.stdout
    again = _run(python, "-m", "policysite.cli", "init", cwd=site.root)
    assert again.returncode == 2 and "nothing was written" in again.stderr, again.stderr
    site_env = {"SITE_URL": SITE_URL} if by_variable else {}
    site.commit("A new policy site", date="2020-01-01T12:00:00Z")
    languages = codes.split(",")
    started = _run(python, "-m", "policysite.cli", "new-version", "example", "2021.01.01", cwd=site.root)
    assert started.returncode == 0, started.stderr
    for lang in languages:
        text = site.read(lang, "example")
        site.write(lang, "example", text.replace("\n\n## 1.", " 2021.\n\n## 1.", 1))
    site.commit("A second version", date="2021-01-01T12:00:00Z")
    check = _run(python, "-m", "policysite.cli", "check", "--strict", cwd=site.root)
    assert check.returncode == 0, check.stdout + check.stderr
    built = _run(python, "-m", "mkdocs", "build", "--strict", cwd=site.root, env=site_env)
    assert built.returncode == 0, built.stderr
    out = site.root / "site"
    assert f"<loc>{SITE_URL}example/</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")
    for lang in languages:
        prefix = "" if lang == "en" else f"{lang}/"
        assert (out / f"{prefix}example/index.html").is_file(), lang
        redline = (out / f"{prefix}example/changes/2021.01.01/index.html").read_text(encoding="utf-8")
        assert "<ins>" in redline and "2021" in redline, lang
        assert (out / f"{prefix}example/versions/example-2021.01.01-{lang}.pdf").is_file(), lang
    assert (out / "translations/index.html").is_file() == (len(languages) > 1)


# The dependencies whose API the plugin leans on most: they are tested at their lower bounds.
AT_LOWER_BOUNDS = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n")


def test_the_site_builds_at_the_lower_bounds_of_mkdocs_material_and_static_i18n(tmp_path, wheel_environment):
    """pyproject.toml's lowest MkDocs, Material and static-i18n (downloaded from the package
    registry, with what those releases need besides: Material 9.5 imports ``regex``) build this
    repository's site strictly with the wheel."""
    python, installed = wheel_environment
    pins = []
    for requirement in DEPENDENCIES:
        if requirement.name.lower() in AT_LOWER_BOUNDS:
            lower = next(s.version for s in requirement.specifier if s.operator == ">=")
            pins.append(f"{requirement.name}=={lower}")
    assert len(pins) == len(AT_LOWER_BOUNDS), pins
    downloads = tmp_path / "downloads"
    _pip("download", "-d", str(downloads), *pins, "regex")
    lowest = tmp_path / "lowest"
    _pip("install", "--target", str(lowest), *map(str, downloads.glob("*.whl")))
    site = _site_without_a_checkout(tmp_path / "site")
    env = {"PYTHONPATH": str(lowest)}  # before the new environment's own packages: the lowest releases
    versions = _run(
        python, "-c", "import mkdocs, material; print(mkdocs.__version__)", cwd=site.root, env=env
    )
    assert Version(versions.stdout.strip()) == Version(pins[0].split("==")[1]), (
        versions.stdout + versions.stderr
    )
    built = _run(python, "-m", "mkdocs", "build", "--strict", cwd=site.root, env=env)
    assert built.returncode == 0, built.stderr
    assert (site.root / "site/zh-TW/privacy/index.html").is_file()


def _environment_with(wheel: Path, folder: Path) -> tuple[str, Path]:
    """A new virtual environment with the wheel installed in it, and (through a ``.pth`` line, so
    none of their own ``.pth`` files run: not the test environment's editable install of this
    checkout) the test environment's packages for its dependencies.  Its python, and the folder
    the wheel went to."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, env=clean_env())
    python = folder / "bin" / "python"
    own = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    theirs = next(Path(p) for p in sys.path if p.endswith("site-packages") and Path(p).is_dir())
    (own / "test-environment.pth").write_text(f"{theirs}\n", encoding="utf-8")
    _pip("install", "--target", str(own), str(wheel))
    return str(python), own


def _site_without_a_checkout(root: Path) -> PolicyRepo:
    """A site repository: mkdocs.yml, docs/ and the policies, in git; no policysite package."""
    repo = PolicyRepo.create(root, commit="A site")
    assert not (root / "policysite").exists()
    for leftover in ("hooks",):
        shutil.rmtree(root / leftover, ignore_errors=True)
    assert not any(name.endswith(".py") for _, _, files in os.walk(root / "docs") for name in files)
    return repo
