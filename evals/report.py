"""Render an eval report dict: report.json, report.md (failures first) and PNG charts (Agg, no pyplot)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from evals.metrics import LOWER_IS_BETTER, METRICS

CHARTS = ("metrics.png", "latency.png", "categories.png")


def fmt(value) -> str:
    """A metric's value as a report shows it.

    >>> fmt(0.5), fmt(42.0), fmt(None)
    ('0.500', '42', 'n/a')
    """
    if value is None:
        return "n/a"
    if float(value).is_integer() and abs(value) > 1:
        return f"{value:.0f}"
    return f"{value:.3f}" if abs(value) <= 1 else f"{value:.1f}"


def bound(metric: str, value) -> str:
    """Example:

    >>> bound("false_refusal", 0.02)
    '≤ 0.020'
    """
    return "" if value is None else ("≤ " if metric in LOWER_IS_BETTER else "≥ ") + fmt(value)


def cell(text) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def summary_rows(report: dict) -> list[list[str]]:
    """[metric, ours, baseline, floor, target, status] rows, latency last."""
    rows = [[r["metric"], fmt(r["ours"]), fmt(r["baseline"]), bound(r["metric"], r["limit"]),
             bound(r["metric"], r["target"]), r["status"]] for r in report["summary"]]
    for q in ("p50", "p95"):
        rows.append([f"latency_{q}_ms", fmt(report["latency_ms"]["ours"][q]),
                     fmt(report["latency_ms"]["baseline"][q]), "", "", "info"])
    return rows


def summary_text(report: dict) -> str:
    """The summary table in fixed-width columns for a terminal, then the gate result."""
    header = ["metric", "ours", "baseline", "floor", "target", "status"]
    rows = [header] + summary_rows(report)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in rows]
    passed = sum(r["passed"] for r in report["items"])
    lines.append(f"\nrefusal separation: {separation_text(report)}")
    lines.append(f"\n{passed}/{report['n_items']} items pass.")
    lines += ["gate: passed"] if not report["gate"] else ["gate: FAILED"] + [f"  {g}" for g in report["gate"]]
    return "\n".join(lines)


def separation_text(report: dict) -> str:
    """One sentence on how well the refusal signal tells answerable questions from the rest."""
    sep = report.get("refusal_separation") or {}
    if sep.get("auroc") is None:
        return "needs answerable and uncovered/off-topic items."
    return (f"AUROC {sep['auroc']:.3f} (closest claim's similarity, {sep['answerable']} answerable vs "
            f"{sep['to_refuse']} uncovered/off-topic); at the refusal threshold {sep['threshold']:.2f}, "
            f"{sep['answerable_below']} answerable fall below and {sep['to_refuse_above']} to refuse lie above "
            f"(the topic-word and amount rules refuse some of those: the refusal rates above are what the bot does). "
            f"The highest threshold refusing at most {sep['max_false_refusal']:.0%} of the answerable ones is "
            f"{sep['suggested_threshold']:.2f}; on similarity alone it refuses {sep['suggested_refuses']} of "
            f"{sep['to_refuse']}.")


def missed(misses: dict) -> list[str]:
    """Example:

    >>> missed({"hit_at_1": "rank 2", "mrr_at_10": "rank 2"})
    ['hit_at_1, mrr_at_10: rank 2']
    """
    grouped: dict[str, list[str]] = {}  # reason -> metrics
    for metric, reason in misses.items():
        grouped.setdefault(reason, []).append(metric)
    return [f"{', '.join(metrics)}: {reason}" for reason, metrics in grouped.items()]


def item_detail(row: dict) -> list[str]:
    """The Markdown section of one failing item: question, answer, citations, what was missed."""
    ours = row["ours"]
    answer = ours["answer"]
    out = [f"### {row['id']} ({row['category']})", "", f"**Question:** {row['question']}", ""]
    for turn in row.get("history", []):
        out.append(f"- history, {turn['role']}: {' '.join(turn['content'].split())}")
    if row.get("history"):
        out += ["", f"**Search query:** {answer.get('search_query', '')}", ""]
    refused = " (refused)" if answer.get("refused") else ""
    out += [f"**Answer{refused}:**", "", "> " + " ".join(answer.get("answer", "").split()), ""]
    if answer.get("citations"):
        out.append("**Citations:**")
        out += [f"- [{c['n']}] `{c['source']}` [{c['start']}:{c['end']}] — {' '.join(c['text'].split())[:300]}"
                for c in answer["citations"]]
        out.append("")
    notices = ", ".join(n["kind"] for n in answer.get("notices", []))
    out += [f"**Notices:** {notices or 'none'}", "", "**Missed:**"]
    out += [f"- {line}" for line in missed(ours["misses"])]
    out += ["", f"Baseline: {'pass' if row['baseline']['passed'] else 'fail'}", ""]
    return out


def markdown(report: dict) -> str:
    """report.md: the summary table, charts, gold-set warnings, then every item with failures first."""
    passed = sum(r["passed"] for r in report["items"])
    out = ["# twitchqa eval report", "",
           f"Questions: `{report['questions']}` — {report['n_items']} items, {passed} pass. "
           f"Gate: **{'passed' if not report['gate'] else 'FAILED'}**.", ""]
    out += [f"- {cell(g)}" for g in report["gate"]] + ([""] if report["gate"] else [])
    out += ["## Summary", "", "| metric | ours | baseline | floor | target | status |", "|---|---|---|---|---|---|"]
    out += ["| " + " | ".join(row) + " |" for row in summary_rows(report)]
    out += ["", "Metric scopes: " + "; ".join(f"`{k}` {v}" for k, v in METRICS.items()) + ".", ""]
    out += [f"![{name}]({name})" for name in CHARTS] + [""]
    out += ["## Refusal separation", "", separation_text(report), ""]
    if report["gold_warnings"]:
        out += ["## Gold-set warnings", ""] + [f"- {cell(w)}" for w in report["gold_warnings"]] + [""]
    rows = sorted(report["items"], key=lambda r: r["passed"])  # stable: failures first, file order kept
    out += ["## Items (failures first)", "", "| id | category | ours | baseline | question | missed |",
            "|---|---|---|---|---|---|"]
    for r in rows:
        name = f"[{r['id']}](#{anchor(r['id'], r['category'])})" if not r["passed"] else r["id"]
        reasons = cell("; ".join(missed(r["ours"]["misses"])))[:300]
        out.append(f"| {name} | {r['category']} | {'pass' if r['passed'] else '**FAIL**'} | "
                   f"{'pass' if r['baseline']['passed'] else 'fail'} | {cell(r['question'])} | {reasons} |")
    failures = [r for r in rows if not r["passed"]]
    if failures:
        out += ["", "## Failures", ""]
        for r in failures:
            out += item_detail(r)
    return "\n".join(out) + "\n"


def anchor(item_id: str, category: str) -> str:
    """The GitHub-style anchor of an item's '### id (category)' heading."""
    text = f"{item_id} ({category})".lower()
    return "".join(c for c in text.replace(" ", "-") if c.isalnum() or c in "-_")


def save(fig: Figure, path: Path) -> Path:
    """Write a figure as PNG through the Agg canvas (no pyplot, no global backend)."""
    FigureCanvasAgg(fig)
    fig.savefig(path, dpi=100, metadata={"Software": None})
    return path


def metrics_chart(report: dict, path: Path) -> Path:
    """Bars per metric, ours vs baseline, with the target (black) and floor/ceiling (red) marked."""
    rows = [r for r in report["summary"] if not r["metric"].startswith("answer_words")]
    words = [r for r in report["summary"] if r["metric"].startswith("answer_words")]
    fig = Figure(figsize=(9, 0.35 * len(rows) + 3.5))
    rates, lengths = fig.subplots(2, 1, gridspec_kw={"height_ratios": [len(rows), 3]})
    for axis, group in ((rates, rows), (lengths, words)):
        ys = range(len(group))
        axis.barh([y - 0.2 for y in ys], [r["ours"] or 0 for r in group], 0.4, label="ours", color="#3b7dd8")
        axis.barh([y + 0.2 for y in ys], [r["baseline"] or 0 for r in group], 0.4, label="baseline", color="#bbbbbb")
        for y, r in zip(ys, group):
            if r["target"] is not None:
                axis.plot([r["target"]] * 2, [y - 0.45, y + 0.45], color="black", lw=2)
            if r["limit"] is not None:
                axis.plot([r["limit"]] * 2, [y - 0.45, y + 0.45], color="red", lw=2)
        axis.set_yticks(list(ys), [r["metric"] + (" (≤)" if r["direction"] == "lower" else "") for r in group])
        axis.invert_yaxis()
    rates.set_xlim(0, 1.05)
    rates.set_title("Metrics: ours vs baseline (black: target, red: floor/ceiling)")
    rates.legend(loc="lower right", fontsize=8)
    lengths.set_xlabel("words")
    fig.tight_layout()
    return save(fig, path)


def latency_chart(report: dict, path: Path) -> Path:
    """Histogram of per-question total latency, ours and baseline."""
    fig = Figure(figsize=(7, 4))
    axis = fig.subplots()
    everything = report["latency_ms"]["ours"]["all"] + report["latency_ms"]["baseline"]["all"]
    bins = list(np.histogram_bin_edges(everything, bins=20)) if everything else 20  # shared, so bars compare
    for side, color in (("ours", "#3b7dd8"), ("baseline", "#999999")):
        values = report["latency_ms"][side]["all"]
        if values:
            axis.hist(values, bins=bins, alpha=0.6, color=color,
                      label=f"{side} (p50 {fmt(report['latency_ms'][side]['p50'])} ms)")
    axis.set_xlabel("total ms per question")
    axis.set_ylabel("questions")
    axis.set_title("Latency")
    axis.legend(fontsize=8)
    fig.tight_layout()
    return save(fig, path)


def categories_chart(report: dict, path: Path) -> Path:
    """Pass rate per question category, ours vs baseline."""
    cats = report["categories"]
    names = list(cats)
    fig = Figure(figsize=(8, 4))
    axis = fig.subplots()
    xs = range(len(names))
    for offset, side, color in ((-0.2, "ours", "#3b7dd8"), (0.2, "baseline", "#bbbbbb")):
        axis.bar([x + offset for x in xs], [cats[c][f"{side}_passed"] / cats[c]["n"] for c in names], 0.4,
                 label=side, color=color)
    axis.set_xticks(list(xs), [f"{c}\n(n={cats[c]['n']})" for c in names], fontsize=8)
    axis.set_ylim(0, 1.05)
    axis.set_ylabel("pass rate")
    axis.set_title("Items passing, by category")
    axis.legend(fontsize=8)
    fig.tight_layout()
    return save(fig, path)


def write_report(report: dict, out_dir: Path) -> list[Path]:
    """Write report.json, report.md and the charts into out_dir; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out_dir / "report.md").write_text(markdown(report), encoding="utf-8")
    return [out_dir / "report.json", out_dir / "report.md",
            metrics_chart(report, out_dir / CHARTS[0]), latency_chart(report, out_dir / CHARTS[1]),
            categories_chart(report, out_dir / CHARTS[2])]
