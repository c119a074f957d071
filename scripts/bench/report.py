"""The report: the worst figure first (one line), then the table, cold beside warm, then notes.

A figure is the project's value over its baseline's, measured in the same run.  "Worst" is
the figure furthest above (or closest to) its target: the largest value / target, over the
CPU, memory, PDF and serve figures (wall-clock builds are shown but not ranked: on a shared
machine they follow the load).
"""

from __future__ import annotations

from dataclasses import dataclass

TARGETS = {"build": (1.15, 0.8), "history": (1.5, 1.5), "memory": (1.5, 1.5), "pdf": (1.3, 0.8)}
SERVE_TARGET = 1.5  # seconds from saving a policy to the served page (absolute, not a ratio)


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure cold (the headline) and warm, each ``(project, baseline)``."""

    label: str
    cold: tuple[str, str]
    warm: tuple[str, str] | None
    targets: tuple[float | None, float | None]
    ranked: bool = True  # counts for the "worst" line
    scale: float = 1.0
    absolute: bool = False  # the cold target is the project's own value (seconds), not the ratio


ROWS = {
    "build": (
        Row(
            "build cpu s",
            ("build_cold_cpu", "build_cpu_plain"),
            ("build_cpu", "build_cpu_plain"),
            TARGETS["build"],
        ),
        Row(
            "build wall s",
            ("build_cold", "build_plain"),
            ("build", "build_plain"),
            TARGETS["build"],
            ranked=False,
        ),
        Row(
            "history cpu s",
            ("history_cold_cpu", "gitlog_cpu"),
            ("history_cpu", "gitlog_cpu"),
            TARGETS["history"],
        ),
        Row(
            "peak memory MiB",
            ("rss_cold", "rss_plain"),
            ("rss", "rss_plain"),
            TARGETS["memory"],
            scale=1 / 1024,
        ),
    ),
    "serve": (
        Row("save->page wall s", ("latency", "latency_plain"), None, (SERVE_TARGET, None), absolute=True),
        Row("save->page cpu s", ("latency_cpu", "latency_cpu_plain"), None, (None, None), ranked=False),
    ),
    "pdf": (
        Row(
            "build+PDFs cpu s",
            ("pdf_cold_cpu", "pdf_base_cpu"),
            ("pdf_warm_cpu", "build_cpu_plain"),
            TARGETS["pdf"],
        ),
        Row(
            "build+PDFs wall s",
            ("pdf_cold", "pdf_base"),
            ("pdf_warm", "build_plain"),
            TARGETS["pdf"],
            ranked=False,
        ),
        Row(
            "peak memory MiB",
            ("rss_cold", "rss_base"),  # the plain build's or WeasyPrint's, the larger
            ("rss", "rss_plain"),
            TARGETS["memory"],
            scale=1 / 1024,
        ),
    ),
}


def ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("inf")


def _cell(m: dict, keys: tuple[str, str] | None, scale: float) -> tuple[str, float | None, float | None]:
    """``"ratio  project / baseline"``, the ratio and the project's value (None: not measured)."""
    if keys is None or keys[0] not in m or keys[1] not in m:
        return f"{'-':>25}", None, None
    ours, theirs = m[keys[0]] * scale, m[keys[1]] * scale
    r = ratio(ours, theirs)
    return f"{r:6.2f}x {ours:8.2f} /{theirs:8.2f}", r, ours


def _target(row: Row) -> str:
    cold, warm = row.targets
    if row.absolute:
        return f"<={cold:g} s"
    return "/".join(f"{t:.2f}" if t is not None else "-" for t in (cold, warm)) if cold or warm else "-"


def _badness(row: Row, which: int, r: float | None, value: float | None) -> float | None:
    target = row.targets[which]
    if target is None or r is None or value is None or not row.ranked:
        return None
    return (value if row.absolute and which == 0 else r) / target


def table(results: dict[tuple[str, str], dict]) -> tuple[list[str], tuple[float, str] | None]:
    """The table's lines, and the worst figure: (value / target, its description)."""
    header = (
        f"{'scenario':<9} {'size':>6}  {'measure':<18} {'COLD ratio  project/baseline':>28}  "
        f"{'warm ratio  project/baseline':>28}  {'target':>9}  ok"
    )
    out = [header, "-" * len(header)]
    worst: tuple[float, str] | None = None
    for (scenario, size), m in results.items():
        for row in ROWS[m["kind"]]:
            cells = [_cell(m, row.cold, row.scale), _cell(m, row.warm, row.scale)]
            ok = True
            for which, (_, r, value) in enumerate(cells):
                bad = _badness(row, which, r, value)
                if bad is None:
                    continue
                ok = ok and bad <= 1
                what = ("cold", "warm")[which] if row.warm else ""
                if row.absolute and which == 0:
                    text = f"{value:.2f} s = {r:.2f}x plain (target <= {row.targets[0]:g} s)"
                else:
                    text = f"{r:.2f}x (target <= {row.targets[which]:.2f}x)"
                if worst is None or bad > worst[0]:
                    worst = (bad, f"{scenario} {size} {row.label} {what} {text}".replace("  ", " "))
            flag = ("yes" if ok else "NO") if row.ranked and any(row.targets) else ""
            out.append(
                f"{scenario:<9} {size:>6}  {row.label:<18} {cells[0][0]:>28}  {cells[1][0]:>28}  "
                f"{_target(row):>9}  {flag}"
            )
        out.append(f"{'':<9} {'':>6}  {notes(m)}")
    return out, worst


def notes(m: dict) -> str:
    """What a scenario's row does not show: its pages, start-up, PDFs' unit costs, the saves."""
    if m["kind"] == "serve":
        low, high = m["range"]
        return (
            f"{m['pages']} pages staged; {m['saves']} saves of {m['edited']}: {low:.2f}-{high:.2f} s; "
            f"plain median {m['latency_plain']:.2f} s"
        )
    if m["kind"] == "pdf":
        count = max(m["pdfs"], 1)
        cold = (m["pdf_cold_cpu"] - m["build_cold_cpu_off"]) / count
        warm = (m["pdf_warm_cpu"] - m["build_warm_cpu_off"]) / count  # warm builds with and without
        return (
            f"{m['pdfs']} PDFs: per PDF, cold {cold:.3f} s cpu (build with PDFs minus without) vs "
            f"WeasyPrint alone {m['weasy_render_cpu'] / count:.3f} s (in write_pdf; "
            f"{m['weasy_cpu'] / count:.3f} s with its start-up), warm {warm * 1000:.1f} ms"
        )
    return (
        f"{m['pages']} Markdown pages staged; {m['words_per_section']} words per section; "
        f"history start-up {m['startup']:.3f} s"
    )


def growth(results: dict[tuple[str, str], dict]) -> list[str]:
    """Added cost per dated version between sizes of the same text and change (linear: flat)."""
    groups: dict[tuple[str, str, int], list[tuple[str, str]]] = {}
    for measured, m in results.items():
        if m["kind"] == "build":
            history = m["history"]
            groups.setdefault((history["style"], history["change"], history["policies"]), []).append(measured)
    out = []
    for (style, change, _), keys in groups.items():
        keys = sorted(keys, key=lambda k: results[k]["dated_versions"])
        if len({results[k]["dated_versions"] for k in keys}) < 2:
            continue
        names = " -> ".join(f"{s} {z}" for s, z in keys)
        out += [
            "",
            f"growth ({style} text, {change}: {names}): added cost per dated version, project vs baseline",
        ]
        for label, key, base in (
            ("cold build cpu", "build_cold_cpu", "build_cpu_plain"),
            ("warm build cpu", "build_cpu", "build_cpu_plain"),
            ("cold history cpu", "history_cold_cpu", "gitlog_cpu"),
            ("peak memory cold", "rss_cold", "rss_plain"),
        ):
            unit, scale = ("KiB/v", 1) if key.startswith("rss") else ("ms/v", 1000)
            parts = []
            for a, b in zip(keys, keys[1:]):
                ra, rb = results[a], results[b]
                span = rb["dated_versions"] - ra["dated_versions"]
                ours = (rb[key] - ra[key]) / span * scale
                theirs = (rb[base] - ra[base]) / span * scale
                parts.append(f"{a[1]}->{b[1]}: {ours:.1f} vs {theirs:.1f} {unit}")
            out.append(f"  {label:<17} {'; '.join(parts)}")
    return out


def report(results: dict[tuple[str, str], dict], footer: list[str]) -> list[str]:
    """The whole report: the worst figure, the table, the growth figures, then ``footer``."""
    lines, worst = table(results)
    headline = f"worst: {worst[1]}" if worst else "worst: (no figure with a target was measured)"
    return [headline, "", *lines, *growth(results), "", *footer]
