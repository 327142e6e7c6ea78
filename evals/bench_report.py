"""The bench's report: its Markdown table and its chart."""
from __future__ import annotations

from pathlib import Path


def works(library: dict) -> str:
    """The "works at this size" check of one library: yes, or what failed."""
    if "failed" in library:
        return f"NO: {library['failed']}"
    if library["failures"]:
        return f"NO: {library['failures']} questions failed ({library.get('first_failure', '?')[:80]})"
    return "yes"


def ingest_pairs(library: dict) -> str:
    """The alternated first-ingest / bare-encoding pairs: how many, the median CPU ratio and its spread, each side's
    median CPU seconds (a synthetic library's single pair: that one ratio)."""
    first = library["first_ingest"]
    low, high = first["spread"]["cpu_ratio_to_bare"]
    return (f"{first['pairs']}, {first['cpu_ratio_to_bare']}× ({low}–{high}×); "
            f"{first['cpu_s']} / {first['bare_encode']['cpu_s']}")


def cold_cell(cold: dict) -> str:
    """A library's cold start as its cell: wall (CPU) seconds; a report from before CPU was measured shows the wall.

    Example: cold_cell({"median_s": 1.52, "median_cpu_s": 1.39, "runs_s": [1.52]}) -> "1.52 (1.39)"
    """
    return f"{cold['median_s']} ({cold['median_cpu_s']})" if "median_cpu_s" in cold else str(cold["median_s"])


def table(report: dict) -> str:
    """The report as a Markdown table, one column per library."""
    libs = report["libraries"]

    def row(name, get):
        cells = []
        for lib in libs:
            try:
                cells.append(get(lib))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("–")
        return f"| {name} | " + " | ".join(map(str, cells)) + " |"

    stages = ("embed", "retrieve", "decide", "compose")
    lines = ["| | " + " | ".join(lib["library"] for lib in libs) + " |", "|---|" + "---|" * len(libs),
             row("articles / passages / sentences (the index opened)", lambda l: f"{l.get('articles', '?')}"
                 f" / {l['passages']} / {l['sentences']}"),
             row("works: opens and answers every question", works),
             row("questions answered (failures)", lambda l: f"{l['questions'] - l['failures']} ({l['failures']})"),
             row("warm p50 / p95 ms", lambda l: f"{l['p50_ms']} / {l['p95_ms']}"),
             row("floor p50 ms (bare query embedding)", lambda l: l["floor_p50_ms"]),
             row("warm p50 ÷ floor", lambda l: f"{l['ratio']}×"),
             row("CPU ms: warm p50 / p95, floor p50, ratio", lambda l: f"{l['cpu']['p50_ms']} / {l['cpu']['p95_ms']}, "
                 f"{l['cpu']['floor_p50_ms']}, {l['cpu']['ratio']}×" if "cpu" in l else "–"),
             row("CPU ms: the bot's own work (warm p50 less the floor's)",
                 lambda l: l["cpu"]["own_ms"]),
             row("CPU ms: bare forward pass p50 (right after the floor: weights cached); warm p50 ÷ it",
                 lambda l: f"{l['cpu']['forward_pass_p50_ms']}; {l['cpu']['ratio_to_forward_pass']}×"),
             row("p50 ms " + " / ".join(stages), lambda l: " / ".join(str(l["stages_p50_ms"][s]) for s in stages)),
             row("Bot.open s (imports s)", lambda l: f"{l['open_s']} ({l['import_s']})"),
             row("Bot.open CPU s (all threads)", lambda l: l["open_cpu_s"]),
             row("load average (1 min) at open", lambda l: l["load_average"]),
             row("RSS after open / peak MB", lambda l: f"{l['rss_open_mb']} / {l['peak_rss_mb']}"),
             row("first ingest: articles (the real column: the --corpus folder's)",
                 lambda l: l["first_ingest"]["report"]["articles"]),
             row("first ingest wall s / peak RSS MB", lambda l: f"{l['first_ingest']['wall_s']} / {l['first_ingest']['peak_rss_mb']}"),
             row("first ingest texts/s", lambda l: round(l["first_ingest"]["report"]["texts_embedded"] / l["first_ingest"]["wall_s"])),
             row("ingest ÷ bare encode (wall; CPU)", lambda l: f"{l['first_ingest']['ratio_to_bare']}×; "
                 f"{l['first_ingest'].get('cpu_ratio_to_bare', '–')}× "
                 f"(bare's whole process: {l['first_ingest'].get('cpu_ratio_to_bare_process', '–')}×)"),
             row("ingest ÷ bare CPU: pairs, median (spread); median CPU s ingest / bare", ingest_pairs),
             row("re-ingest unchanged s", lambda l: l["reingest"].get("wall_s") or f"not measured: {l['reingest']['skipped']}"),
             row("cold start s, median of 5: wall (CPU)", lambda l: cold_cell(l.get("cold_start") or (
                 report.get("cold_start") if l is libs[0] else None)))]
    cold = report.get("cold_start")
    if cold:
        lines.append(f"\ncold start (fresh `twitchqa ask` to its first answer, median of {len(cold['runs_s'])}): "
                     f"{cold['median_s']} s")
    m = report["machine"]
    lines.append(f"machine: {m['cpus']} cores, {m['memory_gb']} GiB, load average at start {m['load_average']}")
    return "\n".join(lines)


def chart(report: dict, path: Path) -> None:
    """Latency (p50, p95, floor) and memory (RSS after open, peak) against library size."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    libs = [l for l in report["libraries"] if "p50_ms" in l]
    if not libs:
        return
    sizes = [l.get("articles") or l.get("first_ingest", {}).get("report", {}).get("articles") or 5 for l in libs]
    figure = Figure(figsize=(9, 3.6))
    left, right = figure.subplots(1, 2)
    for key, label in (("p50_ms", "warm p50"), ("p95_ms", "warm p95"), ("floor_p50_ms", "floor (query embedding)")):
        left.plot(sizes, [l[key] for l in libs], marker="o", label=label)
    left.set(xscale="log", xlabel="articles", ylabel="ms per question", title="Latency")
    left.legend(fontsize=8)
    for key, label in (("rss_open_mb", "RSS after open"), ("peak_rss_mb", "peak RSS (asking)")):
        right.plot(sizes, [l[key] for l in libs], marker="o", label=label)
    right.set(xscale="log", xlabel="articles", ylabel="MB", title="Memory")
    right.legend(fontsize=8)
    figure.tight_layout()
    FigureCanvasAgg(figure).print_png(str(path))
