"""Run the gold set through the bot and the baseline, score both, gate, and write the report.

Also the `twitchqa eval` command: `command(args, bot_factory)` (its flags: evals.arguments).
"""
from __future__ import annotations

import errno
import json
import os
import sys
import tempfile
import tomllib
from pathlib import Path

from tqdm import tqdm

from evals import metrics as m
from evals.arguments import DEFAULT_QUESTIONS, DEFAULT_THRESHOLDS, add_arguments, given_paths  # noqa: F401 (flags)
from evals.baseline import Baseline
from evals.report import summary_text, write_report
from ingest.errors import TwitchqaError
from ingest.load import load_corpus

ROLES = ("user", "assistant")


class EvalError(TwitchqaError, ValueError):
    """A questions or thresholds file that can't be used; the message names the file and line."""


def load_questions(path: Path) -> list[dict]:
    """The gold items of a JSONL file, validated; EvalError names the file and line of a bad one."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()  # a BOM (Notepad) refused the file (drill28)
    except FileNotFoundError:
        raise EvalError(f"{path}: questions file not found; pass --questions FILE") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    items, seen = [], {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line.removeprefix("\ufeff"))  # a BOM file joined on by `cat` (drill34)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        problem = feedback_problem(item) or item_problem(item)
        if problem:
            raise EvalError(f"{path}:{number}: {problem}")
        if item["id"] in seen:
            raise EvalError(f"{path}:{number}: id {item['id']!r} is already used on line {seen[item['id']]}")
        seen[item["id"]] = number
        item["facts"] = [[f] if isinstance(f, str) else f for f in item.get("facts", [])]
        items.append(item)
    if not items:
        raise EvalError(f"{path}: no questions in the file")
    return items


def feedback_problem(item) -> str | None:
    """What a "this answer is wrong" line from the web page (DATA_DIR/feedback.jsonl) still needs, or None.

    Such a line is a gold item whose expected part the user fills in; until then it names what to fill.
    """
    if not isinstance(item, dict) or "feedback" not in item or str(item.get("category") or "").strip():
        return None
    return ("a feedback item still to fill in: set \"category\" (one of " + ", ".join(m.CATEGORIES) + ") and "
            "what was expected (for answerable or followup: \"facts\", \"gold_docs\", \"evidence\"; for urgent, "
            "see_clinician or dosing: \"expect_notice\"), or delete the line")


def item_problem(item) -> str | None:
    """What is wrong with one parsed gold item, or None."""
    if not isinstance(item, dict):
        return "each line must be a JSON object"

    def strings(value) -> bool:  # a non-empty list of non-blank strings
        return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)

    def wrong(key: str, shape: str) -> str:  # drill42: `"facts": "caffeine"` was reported as a missing field
        if key not in item:
            return f"missing field {key!r} ({shape})"
        given = json.dumps(item[key], ensure_ascii=False)
        return f"field {key!r} must be {shape}, not {given[:40] + '…' if len(given) > 40 else given}"

    for key in ("id", "category", "question"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            return wrong(key, "a non-empty string")
    category = item["category"]
    if category not in m.CATEGORIES:
        return f"category {category!r} is not one of {', '.join(m.CATEGORIES)}"
    history = item.get("history", [])
    if not isinstance(history, list) or not all(
            isinstance(t, dict) and t.get("role") in ROLES and isinstance(t.get("content"), str) for t in history):
        return "history must be a list of {\"role\": \"user\"|\"assistant\", \"content\": str}"
    if category == "followup" and not history:
        return "a followup item needs a non-empty history"
    if category in m.ANSWERED:
        facts = item.get("facts")
        if not isinstance(facts, list) or not facts or not all(
                (isinstance(f, str) and f.strip()) or strings(f) for f in facts):
            return wrong("facts", "a list of facts, each a list of accepted strings")
        for key in ("gold_docs", "evidence"):
            if not strings(item.get(key)):
                return wrong(key, "a non-empty list of strings")
    if category in ("urgent", "see_clinician", "dosing") and item.get("expect_notice") not in m.NOTICE_KINDS:
        return wrong("expect_notice", f"one of {', '.join(m.NOTICE_KINDS)}")
    return None


def load_thresholds(path: Path = DEFAULT_THRESHOLDS) -> dict:
    """{"floors", "ceilings", "targets"} (metric -> number) from a TOML file, checked against METRICS."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalError(f"{path}: thresholds file not found; pass --thresholds FILE") from None
    except tomllib.TOMLDecodeError as exc:
        raise EvalError(f"{path}: not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:  # a folder or a binary given as --thresholds: a traceback (drill34)
        raise EvalError(f"{path}: cannot be read as UTF-8 text ({getattr(exc, 'strerror', None) or exc}); "
                        "pass --thresholds FILE") from None
    unknown = set(data) - {"floors", "ceilings", "targets"}
    if unknown:
        raise EvalError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}; use [floors], [ceilings], [targets]")
    out = {table: dict(data.get(table, {})) for table in ("floors", "ceilings", "targets")}
    for table, values in out.items():
        for metric, value in values.items():
            if metric not in m.METRICS:
                raise EvalError(f"{path}: [{table}] {metric}: unknown metric; known: {', '.join(m.METRICS)}")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise EvalError(f"{path}: [{table}] {metric}: must be a number")
            if table == "floors" and metric in m.LOWER_IS_BETTER:
                raise EvalError(f"{path}: {metric} is lower-is-better: put its limit under [ceilings]")
            if table == "ceilings" and metric not in m.LOWER_IS_BETTER:
                raise EvalError(f"{path}: {metric} is higher-is-better: put its limit under [floors]")
    return out


def violates(metric: str, value: float | None, limit: float | None) -> bool:
    """Whether a value is on the wrong side of a floor (or, for lower-is-better metrics, a ceiling)."""
    if value is None or limit is None:
        return False
    return value > limit if metric in m.LOWER_IS_BETTER else value < limit


def status(metric: str, value: float | None, thresholds: dict) -> str:
    """"FAIL" past the floor/ceiling, "ok" at or past the target, else "below target"; "n/a" when unmeasured."""
    if value is None:
        return "n/a"
    if violates(metric, value, thresholds["ceilings" if metric in m.LOWER_IS_BETTER else "floors"].get(metric)):
        return "FAIL"
    return "below target" if violates(metric, value, thresholds["targets"].get(metric)) else "ok"


def check_gate(report: dict, thresholds: dict) -> list[str]:
    """One message per metric past its floor or ceiling, naming the value, the limit and the failing items."""
    messages = []
    ours = report["metrics"]["ours"]
    for table, side in (("floors", "below the floor"), ("ceilings", "above the ceiling")):
        for metric, limit in thresholds.get(table, {}).items():
            value = ours.get(metric)
            if not violates(metric, value, limit):
                continue
            if metric.startswith("answer_words"):
                ids = [i["id"] for i in report["items"] if (i["ours"]["words"] or 0) > limit]
            else:
                ids = [i["id"] for i in report["items"] if metric in i["ours"]["misses"]]
            messages.append(f"{metric} = {value:g} is {side} {limit:g}; failed: {', '.join(ids) or '(none listed)'}")
    return messages


def source_reader():
    """A `read_source` for the metrics: a citation's source path -> file text (None if unreadable), cached."""
    cache: dict[str, str | None] = {}

    def read(source: str) -> str | None:
        if source not in cache:
            try:
                cache[source] = Path(source).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError, ValueError):
                cache[source] = None
        return cache[source]
    return read


def run_eval(bot, questions_path: Path, out_dir: Path | None, progress: bool = True, *, corpus: Path = Path("corpus"),
             thresholds_path: Path = DEFAULT_THRESHOLDS) -> dict:
    """Ask every gold item, score the bot and the baseline, gate, write report.json/.md and charts into out_dir
    (None: the caller writes them); the report."""
    items = load_questions(questions_path)
    thresholds = load_thresholds(thresholds_path)
    articles, _ = load_corpus(Path(corpus))
    doc_texts = {a.id: a.text for a in articles}  # doc_id -> file text
    baseline = Baseline(articles, bot.embedder)
    read = source_reader()
    rows, latency = [], {"ours": [], "baseline": []}
    relevance: dict[bool, list[float]] = {True: [], False: []}  # answerable? -> the bot's refusal signal
    for item in tqdm(items, desc="eval", unit="q", disable=not progress, file=sys.stderr):
        try:
            answer = bot.ask(item["question"], item.get("history") or None).to_dict()
        except TwitchqaError as exc:
            raise EvalError(f"{questions_path}: item {item['id']}: {exc}") from None
        base = baseline.ask(item["question"])
        retrieval = item["category"] in m.ANSWERED
        hits = bot.retrieve(answer["search_query"], k=m.K) if retrieval else None
        base_hits = baseline.retrieve(item["question"], k=m.K) if retrieval else None
        if item["category"] in m.ANSWERED + ("uncovered", "offtopic"):
            relevance[item["category"] in m.ANSWERED].append(bot.relevance(item["question"], item.get("history")))
        latency["ours"].append(answer["timings_ms"].get("total", 0.0))
        latency["baseline"].append(base["timings_ms"]["total"])
        row = {"id": item["id"], "category": item["category"], "question": item["question"]}
        if item.get("history"):
            row["history"] = item["history"]
        for side, ans, side_hits in (("ours", answer, hits), ("baseline", base, base_hits)):
            scored = m.score_item(item, ans, side_hits, read, doc_texts)
            relevant = set((scored["retrieval"] or {}).get("relevant_ranks", []))
            scored["retrieved"] = [{"rank": r, "doc_id": h["doc_id"], "start": h["start"], "end": h["end"],
                                    "score": h["score"], "relevant": r in relevant}
                                   for r, h in enumerate(side_hits or [], 1)]
            scored["answer"] = ans
            row[side] = scored
        row["passed"] = row["ours"]["passed"]
        rows.append(row)
    report = {
        "questions": str(questions_path), "corpus": str(corpus), "n_items": len(rows),
        "metrics": {side: m.aggregate([r[side] for r in rows]) for side in ("ours", "baseline")},
        "latency_ms": {side: {"p50": m.percentile(v, 50), "p95": m.percentile(v, 95), "all": v}
                       for side, v in latency.items()},
        "categories": {c: {"n": sum(r["category"] == c for r in rows),
                           "ours_passed": sum(r["category"] == c and r["ours"]["passed"] for r in rows),
                           "baseline_passed": sum(r["category"] == c and r["baseline"]["passed"] for r in rows)}
                       for c in m.CATEGORIES if any(r["category"] == c for r in rows)},
        "thresholds": thresholds,
        "refusal_separation": m.separation(relevance[True], relevance[False], bot.min_relevance),
        "gold_warnings": [w for item in items for w in m.evidence_warnings(item, doc_texts)],
        "items": rows,
    }
    report["summary"] = [
        {"metric": metric, "ours": report["metrics"]["ours"][metric], "baseline": report["metrics"]["baseline"][metric],
         "direction": "lower" if metric in m.LOWER_IS_BETTER else "higher",
         "limit": thresholds["ceilings" if metric in m.LOWER_IS_BETTER else "floors"].get(metric),
         "target": thresholds["targets"].get(metric),
         "status": status(metric, report["metrics"]["ours"][metric], thresholds)}
        for metric in m.METRICS
    ]
    if any(r["ours"]["answer"].get("answerer", "extractive") != "extractive" or r["ours"]["answer"].get("fallback_reason")
           for r in rows):
        report["written"] = written_summary([r["ours"]["answer"] for r in rows])
    report["gate"] = check_gate(report, thresholds)
    report["passed"] = not report["gate"]
    if out_dir is not None:
        write_report(report, Path(out_dir))
    return report


def written_summary(answers: list[dict]) -> dict:
    """With a model writing (--llm): how many answers it wrote, how many fell back to quotes and why, and
    the share of its sentences the check kept (bot.support)."""
    sentences = [s for a in answers for s in a.get("sentences", [])]
    reasons: dict[str, int] = {}
    for a in answers:
        if a.get("fallback_reason"):
            why = a["fallback_reason"].split(" (")[0]  # "no written sentence was supported (the first …)"
            reasons[why] = reasons.get(why, 0) + 1
    return {"written": sum(a.get("answerer", "extractive") != "extractive" for a in answers),
            "quoted_instead": sum(reasons.values()), "fallback_reasons": reasons,
            "sentences": len(sentences), "kept": sum(s["supported"] for s in sentences),
            "kept_share": round(sum(s["supported"] for s in sentences) / len(sentences), 3) if sentences else None}


def written_text(written: dict) -> str:
    """One line for the summary: the model's answers and the share of its sentences kept."""
    share = "n/a" if written["kept_share"] is None else f"{written['kept_share']:.1%}"
    line = (f"written by the model: {written['written']} answers, {written['quoted_instead']} quoted instead; "
            f"sentences kept {written['kept']}/{written['sentences']} ({share})")
    reasons = "; ".join(f"{why}: {n}" for why, n in sorted(written["fallback_reasons"].items(), key=lambda x: -x[1]))
    return line + (f"\nquoted instead because: {reasons}" if reasons else "")


def command(args, bot_factory, home: Path | None = None) -> int:
    """Run `twitchqa eval`: print the summary (or the JSON report); 1 when the gate fails, else 0.

    The report goes to --out, else HOME/eval (HOME: the data directory); the corpus is --corpus,
    else $TWITCHQA_CORPUS, else corpus. Errors are TwitchqaError: the CLI prints them as one line.
    """
    from ingest.settings import Settings

    given_paths(args)
    settings = Settings.from_env(home=home or getattr(args, "home", None), corpus=getattr(args, "corpus", None))
    load_questions(args.questions)  # a broken gold set fails before the model loads
    load_thresholds(args.thresholds)
    out = Path(args.out) if args.out else settings.home / "eval"
    fix = ("pass --out DIR to write it elsewhere" if args.out
           else "pass --out DIR, or set TWITCHQA_HOME, to write it elsewhere")
    made = [p for p in (out, *out.parents) if not p.exists()]  # the folders check_writable makes, deepest first
    check_writable(out, fix)  # before the model loads, not after every question is asked
    try:
        report = run_eval(bot_factory(), args.questions, None, progress=sys.stderr.isatty(),
                          corpus=settings.corpus, thresholds_path=args.thresholds)
    except BaseException:  # no index, or interrupted: leave no empty report folder behind (drill42)
        for folder in made:
            try:
                folder.rmdir()  # only while empty
            except OSError:
                break
        raise
    for warning in report["gold_warnings"]:
        print(f"gold set: {warning}", file=sys.stderr)
    try:
        write_report(report, out)
        unwritten = None
    except OSError as exc:  # a disk that filled up while it ran: the figures are printed all the same (drill29)
        unwritten = EvalError(f"cannot write the eval report to {out} ({exc.strerror or exc}): free some space there, "
                              f"or {fix}; the summary above is the whole result")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(summary_text(report))
        if "written" in report:
            print(written_text(report["written"]))
        if unwritten is None:
            print(f"report: {out / 'report.md'}")
    if unwritten is not None:
        raise unwritten
    return 1 if report["gate"] else 0


def check_writable(out: Path, fix: str, what: str = "the eval report") -> None:
    """EvalError unless the report folder `out` can be made and written (its disk may still fill up later).

    `eval --out DIR` on a full disk said "set TWITCHQA_HOME to a folder on another disk", after every question had
    been asked (drill28): the data directory was not where the report went.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".write-check-") as probe:
            probe.write(b"x")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)  # "free some space" for `--out FILE` misled (drill31)
        raise EvalError(f"cannot write {what} to {out} ({exc.strerror or exc}): "
                        f"{'free some space there, or ' if full else ''}{fix}") from None
