"""`twitchqa bench`: how fast the bot answers and ingests, and how that changes with the library's size.

One run measures, for the real library and each synthetic one (`--scale 100,1000`, see evals.synthetic):

- cold start: a fresh `twitchqa ask --json` process to its first answer, median of 5, wall and CPU (each library);
- warm latency p50/p95 over the gold questions (evals/questions.jsonl), split into stages: embed (the
  question's vectors), retrieve (the rest of finding passages and claims), decide (answerability),
  compose (the answerer, verification and the answer object);
- the floor: the bare query embedding of the same questions, and warm p50 / floor p50;
- `Bot.open` and the resident memory after it (in a fresh process per library);
- first ingest: wall time and peak RSS, texts per second, against bare `model.encode` of the same texts (the real
  library: the median of alternated pairs, with its spread);
- re-ingest of the unchanged library (nothing to embed).

A synthetic library's first ingest is slow (1,000 articles: minutes), so its folder under `--out` is
kept and reused while its articles are unchanged; its first-ingest figures come from `ingest.json`,
written when it was built. Every figure of one run comes from one machine at one time: compare
ratios, not milliseconds, across runs (the machines here are shared).
"""
from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

from evals.bench_ingest import PAIRS, build_library, first_ingest_real
from evals.bench_process import in_child, measured, run_measured, twitchqa
from evals.bench_report import chart, table
from ingest.manifest import read_manifest

REAL = "real"


def cold_start(home: Path, question: str, times: int = 5) -> dict:
    """A fresh `twitchqa ask` process to its first answer (it exits after printing it), `times` times: wall and CPU
    seconds (user + system: what a shared machine's load leaves comparable; at load 17-22 a 1.4 CPU-s ask took 16 s)."""
    import statistics

    walls, cpus = [], []
    for _ in range(times):
        done = measured(twitchqa("ask", "--home", str(home), "--json", question))
        if done["code"] != 0:
            from ingest.errors import TwitchqaError

            raise TwitchqaError(f"bench: `twitchqa ask` failed on {home} (exit {done['code']}); its own line above says why")
        walls.append(done["wall_s"])
        cpus.append(done["cpu_s"])
    return {"median_s": round(statistics.median(walls), 2), "runs_s": [round(w, 2) for w in walls],
            "median_cpu_s": round(statistics.median(cpus), 2)}


def measure(label: str, home: Path, corpus: Path, questions: Path, first_ingest: dict | None) -> dict:
    """Every figure of one library."""
    print(f"bench: {label}: opening and asking {questions.name}", file=sys.stderr)
    result, peak = in_child("worker", str(home), str(questions))
    # The real column is the index in --home, whatever the --corpus folder holds (the first-ingest rows are that
    # folder's): "real (5)" was printed over a 1,000-article index's figures.
    result.update({"library": index_label(result) if label == REAL else label, "peak_rss_mb": round(peak)})
    if label != REAL:  # (the real library's is the report's own, measured first.) Each size's own: at 1,000 articles
        # a first answer scanned every sentence per table (a cold ask 5.1 CPU-s against 0.9 at five, cold28), which
        # the five articles' row alone never showed.
        print(f"bench: {label}: cold start (5 fresh processes)", file=sys.stderr)
        result["cold_start"] = cold_start(home, json.loads(questions.read_text().splitlines()[0])["question"])
    folder = indexed_folder(home)
    if folder is None:  # re-ingesting --corpus would replace the library in --home with that folder's articles
        result["reingest"] = {"skipped": "the index was not built from one folder that still exists"}
    else:
        status, wall, rss, _ = run_measured(twitchqa("ingest", "--corpus", str(folder), "--home", str(home), "--json"))
        result["reingest"] = {"wall_s": round(wall, 2), "peak_rss_mb": round(rss), "code": status}
    if first_ingest:
        result["first_ingest"] = first_ingest
    return result


def indexed_folder(home: Path) -> Path | None:
    """The one folder the index in `home` was built from (the folder of its manifest's files), if it still exists.
    The re-ingest row ingests that folder, never --corpus: `bench --home` on a 1,000-article index re-ingested the
    five real articles into it and replaced the library (2026-11-30), which would do the same to a clinic's own."""
    manifest = read_manifest(home) or {}
    folders = {Path(path).parent for path in manifest.get("files", {})}
    folder = folders.pop() if len(folders) == 1 else None
    return folder if folder is not None and folder.is_dir() else None


def index_label(result: dict) -> str:
    """The column of the index opened, named by what it holds.

    Example: index_label({"passages": 53, "sentences": 283}) -> "index: 53 passages, 283 sentences"
    """
    return f"index: {result['passages']:,} passages, {result['sentences']:,} sentences"


def run(home: Path, corpus: Path, questions: Path, out: Path, scales: list[int], cold_runs: int = 5,
        pairs: int = PAIRS) -> dict:
    """The whole benchmark; writes out/bench.json and out/bench.png."""
    out.mkdir(parents=True, exist_ok=True)
    asks = out / "questions.jsonl"  # the gold questions as `ask --jsonl` lines
    asks.write_text("".join(json.dumps({"question": q["question"], "history": q.get("history") or []}) + "\n"
                            for q in map(json.loads, questions.read_text(encoding="utf-8").splitlines()) if q),
                    encoding="utf-8")
    first = json.loads(asks.read_text().splitlines()[0])["question"]
    machine = {"cpus": os.cpu_count(), "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
               "load_average": [round(x, 2) for x in os.getloadavg()]}
    report = {"machine": machine, "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "libraries": []}
    print("bench: cold start (5 fresh processes)", file=sys.stderr)
    report["cold_start"] = cold_start(home, first, cold_runs)
    print(f"bench: {pairs} first ingests of the real articles, alternated with bare encoding of the same texts",
          file=sys.stderr)
    report["libraries"].append(measure(REAL, home, corpus, asks, first_ingest_real(corpus, out / "scratch-home", pairs)))
    for n in scales:
        built = build_library(out / "libraries", n, corpus)
        if built["code"] != 0:
            report["libraries"].append({"library": str(n), "failed": f"ingest exited {built['code']}"})
            continue
        report["libraries"].append(measure(str(n), out / "libraries" / str(n) / "home",
                                           out / "libraries" / str(n) / "corpus", asks, built))
    report["finished"] = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    (out / "bench.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    chart(report, out / "bench.png")
    return report


SIZE = re.compile(r"[0-9]+")  # ASCII digits only: int() also took "+5", "1_000" and "١٠٠"


def parse_scales(text: str) -> list[int] | None:
    """The sizes `--scale` names, sorted and each once; None when a part between commas is not a whole number.
    "" (the default) names none. `1,,` was read as 1 without a word (drill31): an empty part is refused.

    >>> parse_scales("1000, 100,100"), parse_scales("")
    ([100, 1000], [])
    >>> parse_scales("1,,"), parse_scales(",1"), parse_scales("1 000"), parse_scales("1O0")
    (None, None, None, None)
    """
    if not text.strip():
        return []
    parts = [part.strip() for part in text.split(",")]
    if not all(SIZE.fullmatch(part) for part in parts):
        return None
    return sorted({int(part) for part in parts})


def command(args, home: Path, corpus: Path) -> int:
    """`twitchqa bench`: run, print the table (or the JSON), say where the files are."""
    from ingest.errors import TwitchqaError
    from ingest.manifest import ready_manifest

    from evals.arguments import given_paths

    given_paths(args, {"out": "folder"})  # `--out ""` was taken as no --out at all
    scales = parse_scales(args.scale)
    if scales is None:
        raise TwitchqaError(f"--scale takes sizes separated by commas, e.g. 100,1000 (got {args.scale!r})")
    if any(n < 1 for n in scales):
        raise TwitchqaError("--scale sizes must be 1 or more articles")
    if args.ingest_pairs < 1:
        raise TwitchqaError("--ingest-pairs must be 1 or more")
    from ingest.embed import MODEL_ID

    ready_manifest(home, MODEL_ID)  # no index: the usual one-line error naming `twitchqa ingest`
    if not corpus.is_dir():  # said now, not minutes in as a child's failed first ingest with a traceback
        from ingest.errors import ArticleError

        raise ArticleError(corpus, "corpus folder not found; pass --corpus DIR or set TWITCHQA_CORPUS")
    out = Path(args.out) if args.out else home / "bench"
    from evals.run import check_writable

    # `bench --out FILE` ended in a FileExistsError traceback after the cold-start runs (drill31); checked first
    check_writable(out, "pass --out DIR to write them elsewhere", what="the bench files")
    report = run(home, corpus, Path(__file__).parent / "questions.jsonl", out, scales, pairs=args.ingest_pairs)
    print(json.dumps(report, indent=2) if args.json else table(report))
    print(f"bench: wrote {out / 'bench.json'} and {out / 'bench.png'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    root = Path(sys.argv[1])
    for size in map(int, sys.argv[2].split(",")):
        print(json.dumps(build_library(root, size, Path("corpus"))))
