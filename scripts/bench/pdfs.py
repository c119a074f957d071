"""The PDF scenario: the project's build with ``pdf: true`` against the plain build plus WeasyPrint alone.

The baseline renders every version page of the plain site (each version in each language: what
the project makes a PDF of; the ``<article>``: the text, its version line and notice) with
WeasyPrint directly (``bench/weasy.py``: the PDFs' own stylesheet and fonts, PDF/A-3b, a pool of
one process per core), so the ratio says what the project adds to the renderer's own cost.
Cold: no ``.cache`` (every PDF rendered, as in CI without its cache); warm: the project's cache
of an earlier build, against the plain build alone (a warm build should render nothing).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from .common import Failed, log
from .measure import Samples, plain_build, project_build, timed
from .repo import prepare_plain, set_pdf

_VERSION = re.compile(r"\d{4}\.\d{2}\.\d{2}")
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.DOTALL)
WEASY = Path(__file__).with_name("weasy.py")


def stylesheet() -> Path:
    """The PDFs' stylesheet in the measured ``policysite``."""
    spec = importlib.util.find_spec("policysite")
    folders = (spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        path = Path(folder) / "pages" / "templates" / "pdf.css"
        if path.is_file():
            return path
    raise Failed(
        "policysite/pages/templates/pdf.css not found: the WeasyPrint baseline needs the PDFs' stylesheet"
    )


def pdf_documents(repo: Path, out: Path) -> tuple[Path, int]:
    """For each version page of the plain site (``<policy>/versions/<version>/``, each language: what
    the project makes a PDF of), an HTML document for WeasyPrint alone, named as the project names
    that version's PDF; returns the manifest (bench/weasy.py) and the number of documents."""
    plain = repo / "site-plain"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    entries = []
    for page in sorted(plain.glob("**/versions/*/index.html")):
        parts = page.relative_to(plain).parts  # ([zh-TW,] policy, versions, version, index.html)
        lang, policy, version = (parts[0] if len(parts) == 5 else "en"), parts[-4], parts[-2]
        if not _VERSION.fullmatch(version):
            continue
        article = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if article is None:
            raise Failed(f"no <article> in the version page {page}")
        name = f"{policy}-{version}-{lang}"
        document = out / f"{name}.html"
        document.write_text(
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{name}</title></head>'
            f"<body>{article.group(1)}</body></html>\n",
            encoding="utf-8",
        )
        entries.append({"html": str(document), "lang": lang, "pdf": f"{name}.pdf"})
    manifest = out / "manifest.json"
    manifest.write_text(json.dumps(entries), encoding="utf-8")
    return manifest, len(entries)


def _project(repo: Path, samples: Samples) -> None:
    """Without PDFs cold and warm; with PDFs cold (every PDF rendered) and warm (every PDF from the cache)."""
    set_pdf(repo, False)
    _, _, off = project_build(repo, cold=True)
    samples.add("build_cold_cpu_off", off)
    _, _, off = project_build(repo)
    samples.add("build_warm_cpu_off", off)
    set_pdf(repo, True)
    wall, rss, cpu = project_build(repo, cold=True)
    samples.add("pdf_cold", wall)
    samples.add("pdf_cold_cpu", cpu)
    samples.add("rss_cold", rss)
    samples.add("pdfs", sum(1 for _ in (repo / "site-project").rglob("*.pdf")))
    wall, rss, cpu = project_build(repo)
    samples.add("pdf_warm", wall)
    samples.add("pdf_warm_cpu", cpu)
    samples.add("rss", rss)


def _baseline(repo: Path, samples: Samples, manifest: Path, css: Path) -> None:
    """The plain build, then WeasyPrint alone on the same pages (its own process and pool)."""
    wall, rss, cpu = plain_build(repo)
    samples.add("build_plain", wall)
    samples.add("build_cpu_plain", cpu)
    samples.add("rss_plain", rss)
    out_dir = manifest.parent / "pdf"
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir()
    with tempfile.TemporaryFile() as out:
        weasy_wall, weasy_rss, weasy_cpu = timed(
            [sys.executable, str(WEASY), str(manifest), str(css), str(out_dir)], repo, out
        )
        out.seek(0)
        result = json.loads(out.read().decode().strip().split("\n")[-1])
    samples.add("weasy", weasy_wall)
    samples.add("weasy_cpu", weasy_cpu)
    samples.add("weasy_render_cpu", result["render_cpu"])
    samples.add("weasy_bytes", result["bytes"])
    samples.add("rss_base", max(rss, weasy_rss))  # one after the other: the larger peak (a process's)
    samples.add("pdf_base", wall + weasy_wall)
    samples.add("pdf_base_cpu", cpu + weasy_cpu)


def measure_pdfs(repo: Path, runs: int, nav: str) -> dict:
    """The build with PDFs, cold and warm, against the plain build + WeasyPrint alone."""
    project_build(repo)  # without PDFs: the staging folder the plain site copies
    pages = prepare_plain(repo, nav)
    plain_build(repo)
    css = stylesheet()
    samples = Samples()
    try:
        manifest, count = pdf_documents(repo, repo.parent / f"{repo.name}-pdf-html")
        for run in range(runs):
            if run % 2 == 0:
                _project(repo, samples)
                _baseline(repo, samples, manifest, css)
            else:
                _baseline(repo, samples, manifest, css)
                _project(repo, samples)
            last = {key: values[-1] for key, values in samples.items()}
            if last["pdfs"] != count:
                log(f"  note: the project made {last['pdfs']} PDFs, WeasyPrint alone {count} (version pages)")
            log(
                f"  run {run + 1}/{runs}: {count} PDFs; cpu cold with PDFs {last['pdf_cold_cpu']:.2f}s "
                f"(without {last['build_cold_cpu_off']:.2f}s), warm {last['pdf_warm_cpu']:.2f}s; plain "
                f"{last['build_cpu_plain']:.2f}s + WeasyPrint {last['weasy_cpu']:.2f}s (in write_pdf "
                f"{last['weasy_render_cpu']:.2f}s); wall {last['pdf_cold']:.1f}s vs {last['pdf_base']:.1f}s"
            )
    finally:
        set_pdf(repo, False)
    medians = samples.medians()
    medians["pages"] = pages
    medians["documents"] = count
    return medians
