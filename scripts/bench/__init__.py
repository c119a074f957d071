"""The benchmark's parts (``scripts/benchmark.py`` is its command): synthetic text (``text``) and
repositories (``repo``), timing and the build figures (``measure``), the serve loop (``serve``),
the PDFs against WeasyPrint alone (``pdfs``, ``weasy``), the scenarios (``scenarios``) and the
report (``report``)."""
