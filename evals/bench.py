"""`twitchqa bench`: how fast the bot answers and ingests, and how that changes with the library's size.

One run measures, for the real library and each synthetic one (`--scale 100,1000`, see evals.synthetic):

- cold start: a fresh `twitchqa ask --json` process to its first answer, median of 5 (the real library);
- warm latency p50/p95 over the gold questions (evals/questions.jsonl), split into stages: embed (the
  question's vectors), retrieve (the rest of finding passages and claims), decide (answerability),
  compose (the answerer, verification and the answer object);
- the floor: the bare query embedding of the same questions, and warm p50 / floor p50;
- `Bot.open` and the resident memory after it (in a fresh process per library);
- first ingest: wall time and peak RSS, texts per second, against bare `model.encode` of the same texts;
- re-ingest of the unchanged library (nothing to embed).

A synthetic library's first ingest is slow (1,000 articles: minutes), so its folder under `--out` is
kept and reused while its articles are unchanged; its first-ingest figures come from `ingest.json`,
written when it was built. Every figure of one run comes from one machine at one time: compare
ratios, not milliseconds, across runs (the machines here are shared).
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from evals.synthetic import generate

REAL = "real"
REDUCED_FROM = 10_000  # from this size a synthetic library gets reduced articles (see evals.synthetic)


def child_env() -> dict:
    # Under CPU contention torch's default threads spin-wait: a 12 ms encode can take 500 ms.
    return {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


def run_measured(command: list[str], **options) -> tuple[int, float, float, bytes]:
    """(exit code, wall seconds, peak RSS in MB, stdout) of a child process."""
    done = measured(command, **options)
    return done["code"], done["wall_s"], done["peak_rss_mb"], done["out"]


def measured(command: list[str], **options) -> dict:
    """A child process's exit code, wall and CPU seconds (user + system, all its threads), peak RSS in MB and
    stdout. CPU seconds are what to compare on a shared machine: wall time there says more about the load."""
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, env=child_env(), **options)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {"code": child.returncode, "wall_s": time.perf_counter() - began, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024, "out": out}


def twitchqa(*arguments: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from ui.cli import main; sys.exit(main())", *arguments]


def fingerprint(corpus: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(corpus.glob("*.md")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_library(root: Path, n: int, source: Path) -> dict:
    """A synthetic library of n articles under root/n (corpus/ and home/), ingested once; its ingest.json."""
    folder = root / str(n)
    corpus, home, record = folder / "corpus", folder / "home", folder / "ingest.json"
    generate(source, corpus, n, reduced=n >= REDUCED_FROM)
    stamp = fingerprint(corpus)
    if record.exists():
        built = json.loads(record.read_text())
        if built.get("fingerprint") == stamp and built.get("code", 0) == 0:
            return built if current_schema(home) else upgrade(built, record, corpus, home)
    # An interrupted build resumes (the ingest keeps what it saved): its figures then say how much it resumed.
    print(f"bench: ingesting {n} synthetic articles (once; kept in {folder})", file=sys.stderr)
    done = measured(twitchqa("ingest", "--corpus", str(corpus), "--home", str(home), "--json"))
    built = {"articles": n, "fingerprint": stamp, "code": done["code"], "wall_s": round(done["wall_s"], 1),
             "cpu_s": round(done["cpu_s"], 1), "peak_rss_mb": round(done["peak_rss_mb"]),
             "built_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "report": json.loads(done["out"] or b"{}"),
             "load_average": [round(x, 2) for x in os.getloadavg()]}
    if done["code"] == 0 and not built["report"].get("resumed"):  # a resumed build did part of the work before
        print(f"bench: bare encoding of the same {n} articles' texts, to compare", file=sys.stderr)
        built.update(against_bare(built, bare_process(corpus)))
    record.write_text(json.dumps(built, indent=2))
    return built


def against_bare(ingest: dict, bare: dict) -> dict:
    """The ingest's wall and CPU time over those of bare `model.encode` of the same texts (a fresh process each,
    model load included in both)."""
    out = {"bare_encode": bare, "ratio_to_bare": round(ingest["wall_s"] / bare["wall_s"], 2)}
    if "cpu_s" in bare and ingest.get("cpu_s"):
        out["cpu_ratio_to_bare"] = round(ingest["cpu_s"] / bare["cpu_s"], 2)
    if "process_cpu_s" in bare and ingest.get("cpu_s"):
        out["cpu_ratio_to_bare_process"] = round(ingest["cpu_s"] / bare["process_cpu_s"], 2)
    return out


def bare_process(corpus: Path) -> dict:
    """bare_encode's figures in a fresh process, and that whole process's wall and CPU seconds besides.

    The ingest's figures are its whole process's (interpreter start to exit); bare_encode's own exclude its
    start and its teardown, which with torch loaded was 1.2 of a bare run's 11.8 CPU-s (five articles, measured
    here): `cpu_ratio_to_bare` counts them against the ingest only, `cpu_ratio_to_bare_process` on both sides.
    """
    code = "import json, sys; from evals.bench import bare_encode; print(json.dumps(bare_encode(*sys.argv[1:])))"
    done = measured([sys.executable, "-c", code, str(corpus)])
    if done["code"] != 0:
        raise RuntimeError(f"bench: bare_encode failed (exit {done['code']})")
    return {**json.loads(done["out"].decode().strip().splitlines()[-1]),
            "process_wall_s": round(done["wall_s"], 2), "process_cpu_s": round(done["cpu_s"], 2)}



def current_schema(home: Path) -> bool:
    from ingest.manifest import SCHEMA_VERSION, read_manifest

    return (read_manifest(home) or {}).get("schema") == SCHEMA_VERSION


def upgrade(built: dict, record: Path, corpus: Path, home: Path) -> dict:
    """A library kept from an older schema, brought up to date by `twitchqa ingest` (which embeds nothing
    when the new schema keeps the old records); its first-ingest figures stay, the upgrade's are added."""
    print(f"bench: bringing the {built['articles']}-article library up to the index's new schema", file=sys.stderr)
    code, wall, rss, out = run_measured(twitchqa("ingest", "--corpus", str(corpus), "--home", str(home), "--json"))
    built = {**built, "upgraded": {"code": code, "wall_s": round(wall, 1), "peak_rss_mb": round(rss),
                                   "report": json.loads(out or b"{}"),
                                   "at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}}
    if code == 0:
        record.write_text(json.dumps(built, indent=2))
    return built


# --- in a worker process: one library, opened fresh ---------------------------------------------

class Stages:
    """Exclusive time per stage: a stage's time excludes the stages called inside it (the words
    `decide` embeds count as embed)."""

    def __init__(self):
        self.totals: dict[str, float] = {}
        self.stack: list[list[float]] = []

    def timed(self, stage: str, call):
        def wrapper(*args, **kwargs):
            self.stack.append([0.0])
            began = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                spent = time.perf_counter() - began
                inner = self.stack.pop()[0]
                self.totals[stage] = self.totals.get(stage, 0.0) + spent - inner
                if self.stack:
                    self.stack[-1][0] += spent
        return wrapper


class Timed:
    """Forwards every attribute to `target`, timing the methods named in `stages` (method -> stage)."""

    def __init__(self, target, stages: Stages, methods: dict[str, str]):
        self._target, self._methods = target, {m: stages.timed(s, getattr(target, m)) for m, s in methods.items()
                                               if hasattr(target, m)}

    def __getattr__(self, name):
        return self._methods.get(name) or getattr(self._target, name)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], q: float) -> float:
    import numpy as np

    return round(float(np.percentile(values, q)), 2) if values else 0.0


def worker(home: str, questions: str) -> dict:
    """Open the library in `home` and ask every gold question once: open time, memory, warm latency by
    stage, and the floor (one bare query embedding per question)."""
    import resource

    began = time.perf_counter()
    from bot.pipeline import Bot
    from ingest.embed import Embedder

    imported, cpu = time.perf_counter(), time.process_time()
    bot = Bot.open(Path(home))
    opened = time.perf_counter()
    # CPU seconds (all threads) say more than wall time on a shared machine; the load says how shared it was.
    out = {"import_s": round(imported - began, 2), "open_s": round(opened - imported, 2),
           "open_cpu_s": round(time.process_time() - cpu, 2), "load_average": round(os.getloadavg()[0], 1),
           "rss_open_mb": round(rss_mb()),
           "passages": len(bot.library.passages), "sentences": len(bot.library.sentences)}
    asks = [json.loads(line) for line in Path(questions).read_text(encoding="utf-8").splitlines() if line.strip()]
    stages = Stages()
    timed_embedder = Timed(bot.embedder, stages, {"query_pair": "embed", "query_pairs": "embed"})
    bot.embedder = bot.retriever.embedder = timed_embedder
    bot.answerability = Timed(bot.answerability, stages, {"decide": "decide"})
    bot.answerer = Timed(bot.answerer, stages, {"answer": "compose"})
    ask = stages.timed("retrieve", bot.ask)  # what no other stage takes: spelling, triage, retrieval, claims
    totals, by_stage, floor, failures = [], {s: [] for s in ("embed", "retrieve", "decide", "compose")}, [], 0
    # ...and the CPU each took (the process's, all threads): on a machine shared with other work, wall time stretches
    # a whole ask more than one forward pass (at load 6-8 on 2 cores, the bench's wall p50 / floor moved 2.0-2.4x
    # between runs of the same code), while CPU time stays the work done.
    cpu_totals, cpu_floor = [], []
    weights = bot.library.token_weights
    for item in asks:
        Embedder.query_pair.cache_clear()  # each question as a new one: its vectors not yet computed
        stages.totals.clear()
        began, cpu = time.perf_counter(), time.process_time()
        try:
            ask(item["question"], item.get("history"))
        except Exception as exc:  # a failure is a result here: counted and named, the run goes on
            failures += 1
            out.setdefault("first_failure", f"{type(exc).__name__}: {exc}"[:300])
            continue
        totals.append((time.perf_counter() - began) * 1000)
        cpu_totals.append((time.process_time() - cpu) * 1000)
        for stage in by_stage:
            by_stage[stage].append(stages.totals.get(stage, 0.0) * 1000)
        bare, cpu = time.perf_counter(), time.process_time()
        bot.embedder._target.embed_pair([item["question"]], weights)
        floor.append((time.perf_counter() - bare) * 1000)
        cpu_floor.append((time.process_time() - cpu) * 1000)
    out.update({"questions": len(asks), "failures": failures, "p50_ms": percentile(totals, 50),
                "p95_ms": percentile(totals, 95), "floor_p50_ms": percentile(floor, 50),
                "stages_p50_ms": {s: percentile(v, 50) for s, v in by_stage.items()},
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})
    out["ratio"] = round(out["p50_ms"] / out["floor_p50_ms"], 2) if out["floor_p50_ms"] else None
    out["cpu"] = {"p50_ms": percentile(cpu_totals, 50), "p95_ms": percentile(cpu_totals, 95),
                  "floor_p50_ms": percentile(cpu_floor, 50)}
    out["cpu"]["ratio"] = round(out["cpu"]["p50_ms"] / out["cpu"]["floor_p50_ms"], 2) if out["cpu"]["floor_p50_ms"] else None
    return out


def bare_encode(corpus: str) -> dict:
    """Load the model and encode what an ingest of `corpus` embeds (sentences, passages, words), plainly."""
    began, cpu = time.perf_counter(), time.process_time()
    from ingest.chunk import chunk
    from ingest.embed import Embedder
    from ingest.index import WORD, sentence_records
    from ingest.load import load_corpus

    articles, _ = load_corpus(Path(corpus))
    sentences, passages = [], []
    for article in articles:
        for passage in chunk(article):
            sentences += [text for _, text, _ in sentence_records(article, passage)]
            passages.append(passage.embedding_text(article.title))
    words = sorted({w for a in articles for w in WORD.findall(a.text.lower())})
    embedder = Embedder()
    embedder.model  # loaded, as an ingest loads it
    encoding = time.perf_counter()
    for texts in (sentences, passages, words):
        embedder.model.encode(texts, batch_size=embedder.batch_size, convert_to_numpy=True)
    done = time.perf_counter()
    return {"texts": len(sentences) + len(passages) + len(words), "wall_s": round(done - began, 2),
            "encode_s": round(done - encoding, 2), "cpu_s": round(time.process_time() - cpu, 2)}


def in_child(function: str, *arguments: str) -> tuple[dict, float]:
    """Run one of this module's functions in a fresh process: (its JSON result, its peak RSS in MB)."""
    code = f"import json, sys; from evals.bench import {function}; print(json.dumps({function}(*sys.argv[1:])))"
    status, _, rss, out = run_measured([sys.executable, "-c", code, *arguments])
    if status != 0:
        raise RuntimeError(f"bench: {function} failed (exit {status})")
    return json.loads(out.decode().strip().splitlines()[-1]), rss


# --- the run ------------------------------------------------------------------------------------

def cold_start(home: Path, question: str, times: int = 5) -> dict:
    """A fresh `twitchqa ask` process to its first answer (it exits after printing it), `times` times."""
    import statistics

    walls = []
    for _ in range(times):
        status, wall, _, _ = run_measured(twitchqa("ask", "--home", str(home), "--json", question))
        if status != 0:
            raise RuntimeError(f"bench: `twitchqa ask` failed on {home} (exit {status})")
        walls.append(wall)
    return {"median_s": round(statistics.median(walls), 2), "runs_s": [round(w, 2) for w in walls]}


def measure(label: str, home: Path, corpus: Path, questions: Path, first_ingest: dict | None) -> dict:
    """Every figure of one library."""
    print(f"bench: {label}: opening and asking {questions.name}", file=sys.stderr)
    result, peak = in_child("worker", str(home), str(questions))
    result.update({"library": label, "peak_rss_mb": round(peak)})
    status, wall, rss, _ = run_measured(twitchqa("ingest", "--corpus", str(corpus), "--home", str(home), "--json"))
    result["reingest"] = {"wall_s": round(wall, 2), "peak_rss_mb": round(rss), "code": status}
    if first_ingest:
        result["first_ingest"] = first_ingest
    return result


def first_ingest_real(corpus: Path, scratch: Path) -> dict:
    """A first ingest of the real articles into a scratch folder, and bare encoding of the same texts."""
    import shutil

    shutil.rmtree(scratch, ignore_errors=True)
    done = measured(twitchqa("ingest", "--corpus", str(corpus), "--home", str(scratch), "--json"))
    if done["code"] != 0:
        raise RuntimeError(f"bench: ingest of {corpus} failed (exit {done['code']})")
    bare = bare_process(corpus)
    shutil.rmtree(scratch, ignore_errors=True)
    ingest = {"wall_s": round(done["wall_s"], 1), "cpu_s": round(done["cpu_s"], 1),
              "peak_rss_mb": round(done["peak_rss_mb"]), "report": json.loads(done["out"])}
    return {**ingest, **against_bare(ingest, bare)}


def run(home: Path, corpus: Path, questions: Path, out: Path, scales: list[int], cold_runs: int = 5) -> dict:
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
    print("bench: first ingest of the real articles, and bare encoding of the same texts", file=sys.stderr)
    report["libraries"].append(measure(f"{REAL} (5)", home, corpus, asks, first_ingest_real(corpus, out / "scratch-home")))
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


def works(library: dict) -> str:
    """The "works at this size" check of one library: yes, or what failed."""
    if "failed" in library:
        return f"NO: {library['failed']}"
    if library["failures"]:
        return f"NO: {library['failures']} questions failed ({library.get('first_failure', '?')[:80]})"
    return "yes"


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
             row("articles / passages / sentences", lambda l: f"{l.get('first_ingest', {}).get('report', {}).get('articles', '?')}"
                 f" / {l['passages']} / {l['sentences']}"),
             row("works: opens and answers every question", works),
             row("questions answered (failures)", lambda l: f"{l['questions'] - l['failures']} ({l['failures']})"),
             row("warm p50 / p95 ms", lambda l: f"{l['p50_ms']} / {l['p95_ms']}"),
             row("floor p50 ms (bare query embedding)", lambda l: l["floor_p50_ms"]),
             row("warm p50 ÷ floor", lambda l: f"{l['ratio']}×"),
             row("CPU ms: warm p50 / p95, floor p50, ratio", lambda l: f"{l['cpu']['p50_ms']} / {l['cpu']['p95_ms']}, "
                 f"{l['cpu']['floor_p50_ms']}, {l['cpu']['ratio']}×" if "cpu" in l else "–"),
             row("p50 ms " + " / ".join(stages), lambda l: " / ".join(str(l["stages_p50_ms"][s]) for s in stages)),
             row("Bot.open s (imports s)", lambda l: f"{l['open_s']} ({l['import_s']})"),
             row("Bot.open CPU s (all threads)", lambda l: l["open_cpu_s"]),
             row("load average (1 min) at open", lambda l: l["load_average"]),
             row("RSS after open / peak MB", lambda l: f"{l['rss_open_mb']} / {l['peak_rss_mb']}"),
             row("first ingest wall s / peak RSS MB", lambda l: f"{l['first_ingest']['wall_s']} / {l['first_ingest']['peak_rss_mb']}"),
             row("first ingest texts/s", lambda l: round(l["first_ingest"]["report"]["texts_embedded"] / l["first_ingest"]["wall_s"])),
             row("ingest ÷ bare encode (wall; CPU)", lambda l: f"{l['first_ingest']['ratio_to_bare']}×; "
                 f"{l['first_ingest'].get('cpu_ratio_to_bare', '–')}× "
                 f"(bare's whole process: {l['first_ingest'].get('cpu_ratio_to_bare_process', '–')}×)"),
             row("re-ingest unchanged s", lambda l: l["reingest"]["wall_s"])]
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
    sizes = [l.get("first_ingest", {}).get("report", {}).get("articles") or 5 for l in libs]
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


def command(args, home: Path, corpus: Path) -> int:
    """`twitchqa bench`: run, print the table (or the JSON), say where the files are."""
    from ingest.errors import TwitchqaError
    from ingest.manifest import ready_manifest

    try:
        scales = sorted({int(n) for n in args.scale.replace(" ", "").split(",") if n})
    except ValueError:
        raise TwitchqaError(f"--scale takes sizes separated by commas, e.g. 100,1000 (got {args.scale!r})") from None
    if any(n < 1 for n in scales):
        raise TwitchqaError("--scale sizes must be 1 or more articles")
    from ingest.embed import MODEL_ID

    ready_manifest(home, MODEL_ID)  # no index: the usual one-line error naming `twitchqa ingest`
    out = Path(args.out) if args.out else home / "bench"
    report = run(home, corpus, Path(__file__).parent / "questions.jsonl", out, scales)
    print(json.dumps(report, indent=2) if args.json else table(report))
    print(f"bench: wrote {out / 'bench.json'} and {out / 'bench.png'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    root = Path(sys.argv[1])
    for size in map(int, sys.argv[2].split(",")):
        print(json.dumps(build_library(root, size, Path("corpus"))))
