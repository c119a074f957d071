"""WeasyPrint alone: every HTML file of a manifest to a PDF, in a pool of one process per core.

The PDF scenario's baseline (run as a script, timed from outside: its CPU time includes the
pool's workers).  Usage: ``weasy.py MANIFEST STYLESHEET OUT_DIR``; MANIFEST is a JSON list of
``{"html": path, "lang": tag, "pdf": file name}``.  Each document is rendered as the project
renders its PDFs: ``HTML(string=...)`` with the PDFs' stylesheet (the same fonts, embedded and
subset), only ``data:`` URLs fetched, ``write_pdf(pdf_variant="pdf/a-3b")``.  Prints one JSON
line: the number of PDFs, their bytes and the CPU seconds spent in ``write_pdf`` over all workers.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_STATE: dict = {}


def _start(stylesheet: str) -> None:
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",))
    _STATE["fetcher"] = fetcher
    _STATE["css"] = weasyprint.CSS(string=Path(stylesheet).read_text(encoding="utf-8"), url_fetcher=fetcher)


def _render(job: tuple[str, str]) -> tuple[float, int]:
    import weasyprint

    html, target = job
    start = time.process_time()
    document = weasyprint.HTML(string=Path(html).read_text(encoding="utf-8"), url_fetcher=_STATE["fetcher"])
    data = document.write_pdf(stylesheets=[_STATE["css"]], pdf_variant="pdf/a-3b")
    Path(target).write_bytes(data)
    return time.process_time() - start, len(data)


def main(manifest: str, stylesheet: str, out_dir: str) -> None:
    jobs = [
        (entry["html"], str(Path(out_dir) / entry["pdf"])) for entry in json.loads(Path(manifest).read_text())
    ]
    workers = len(os.sched_getaffinity(0))
    with ProcessPoolExecutor(max_workers=workers, initializer=_start, initargs=(stylesheet,)) as pool:
        results = list(pool.map(_render, jobs))
    print(
        json.dumps(
            {
                "pdfs": len(results),
                "bytes": sum(r[1] for r in results),
                "render_cpu": sum(r[0] for r in results),
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
