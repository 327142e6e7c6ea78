"""Reliability drills (#19), slow, run by `make drill`: the program as a user runs it, attacked.

- ingest killed: `twitchqa ingest` (after an edit, `--rebuild`, or a first ingest) gets SIGKILL at a
  random moment of its run; then a bot that was running throughout answers with every citation on
  its file, a newly started one answers (or, when the corpus was edited, says to run the ingest), and
  the next `twitchqa ingest` repairs: the index matches the files and every citation does.
- serve: a real `twitchqa serve` process over its HTTP API: 20 clients × 5 questions; a burst of 100
  at once (each answered, or turned away at once by the queue's limit); clients asking while an
  edited article is re-ingested and the index rebuilt (every answer on one index, none off its file).

It lives in evals/ because it measures the program from outside, like the gold-set evals: it drives
`twitchqa` as processes and over HTTP, and imports only ingest/ and bot/ (to open a bot as `ask`
does), so the layers still point one way. Prints a table: drill, tries, passed, failed, notes.

    python -m evals.drill [--kills 12] [--corpus corpus] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median

from bot.pipeline import Bot
from ingest.embed import Embedder
from ingest.errors import TwitchqaError
from ingest.manifest import read_manifest
from ingest.store import sha256

TWITCHQA = str(Path(sys.executable).parent / "twitchqa")
QUESTIONS = ("What is a normal potassium level?", "Why do my muscles twitch?",
             "Can drinking a lot of coffee make my muscles twitch?", "When should I worry about muscle twitching?",
             "Can stress make muscles twitch?", "What is the capital of France?")
FLAVOURS = ("edit, then ingest", "ingest --rebuild", "first ingest")
MARKER = re.compile(r"\[(\d+)\]")


@dataclass
class Result:
    drill: str
    tries: int = 0
    passed: int = 0
    failed: int = 0
    notes: str = ""
    failures: list[str] = field(default_factory=list)

    def record(self, problems: list[str]) -> None:
        self.tries += 1
        if problems:
            self.failed += 1
            self.failures += problems[:3]
        else:
            self.passed += 1


def problems_of(answer: dict, cwd: Path) -> list[str]:
    """What breaks the answer contract: a citation off its file's text, a marker without a citation."""
    problems = []
    for c in answer["citations"]:
        try:
            exact = (cwd / c["source"]).read_text(encoding="utf-8")[c["start"]:c["end"]] == c["text"]
        except OSError:
            exact = False
        if not exact:
            problems.append(f"citation off its file: {c['source']}:{c['start']}-{c['end']}")
    if {int(n) for n in MARKER.findall(answer["answer"])} != {c["n"] for c in answer["citations"]}:
        problems.append(f"markers and citations differ: {answer['answer'][:80]!r}")
    return problems


def edit(corpus: Path, rng: random.Random) -> None:
    """Add a paragraph below the front matter of a random article: every offset after it moves."""
    path = rng.choice(sorted(corpus.glob("*.md")))
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + len("\n---\n")
    path.write_text(f"{text[:end]}\nAn added paragraph, number {rng.randrange(10**6)}.\n{text[end:]}", encoding="utf-8")


def run_ingest(corpus: Path, home: Path, *flags: str, kill_after: float | None = None) -> tuple[int | None, float]:
    """(exit code or None when killed, seconds) of `twitchqa ingest`."""
    began = time.monotonic()
    process = subprocess.Popen([TWITCHQA, "ingest", "--corpus", str(corpus), "--json", *flags],
                               env={**os.environ, "TWITCHQA_HOME": str(home)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=kill_after)
        return process.returncode, time.monotonic() - began
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return None, time.monotonic() - began


def index_matches_files(home: Path) -> list[str]:
    manifest = read_manifest(home) or {"files": {}}
    return [f"index out of step with {p}" for p, entry in manifest["files"].items()
            if not Path(p).exists() or sha256(Path(p).read_text(encoding="utf-8")) != entry["sha256"]]


def ask_all(bot: Bot, cwd: Path) -> list[str]:
    problems = []
    for question in QUESTIONS:
        try:
            problems += problems_of(bot.ask(question).to_dict(), cwd)
        except TwitchqaError as exc:
            problems.append(f"{type(exc).__name__}: {exc}")
    return problems


def kill_drill(work: Path, source: Path, embedder: Embedder, tries: int, rng: random.Random) -> Result:
    """Random SIGKILLs during ingests; after each, the bots still answer right and the next ingest repairs."""
    result = Result("ingest killed at a random moment, then repaired")
    corpus, home = work / "corpus", work / "home"
    shutil.copytree(source, corpus)
    code, full = run_ingest(corpus, home)
    assert code == 0, "the first ingest failed"
    running = Bot.open(home, embedder=embedder)  # like a `twitchqa serve` left running throughout
    killed_at, killed = [], 0
    for n in range(tries):
        flavour = FLAVOURS[n % len(FLAVOURS)]
        target, flags = (work / f"fresh-{n}", ()) if flavour == "first ingest" else (home, ())
        if flavour == "edit, then ingest":
            edit(corpus, rng)
        if flavour == "ingest --rebuild":
            flags = ("--rebuild",)
        kill_after = rng.uniform(0.5, full)
        code, _ = run_ingest(corpus, target, *flags, kill_after=kill_after)
        killed_at.append(kill_after)
        killed += code is None
        problems = ask_all(running, work)
        if target == home:
            try:
                problems += ask_all(Bot.open(home, embedder=embedder), work)
            except TwitchqaError as exc:  # an edited corpus: a new bot says which command fixes it
                if "run `twitchqa ingest`" not in str(exc):
                    problems.append(f"new bot: {exc}")
        repaired, _ = run_ingest(corpus, target)
        if repaired != 0:
            problems.append(f"the repairing ingest exited {repaired}")
        else:
            problems += index_matches_files(target) + ask_all(Bot.open(target, embedder=embedder), work)
        if target == home and not follows(running, home):
            problems.append("the running bot did not switch to the repaired index")
        if target != home:
            shutil.rmtree(target, ignore_errors=True)
        result.record(problems)
    result.notes = (f"{killed} killed (the rest finished first) at 0.5-{full:.0f} s, a first ingest's time "
                    f"(median {median(killed_at):.1f} s); " + ", ".join(FLAVOURS) + " in turn")
    return result


def follows(bot: Bot, home: Path, seconds: float = 30) -> bool:
    """Whether a running bot moves to the generation the manifest names (it notices on a question)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        bot.ask(QUESTIONS[0])
        if bot.library.generation == read_manifest(home)["generation"]:
            return True
        time.sleep(0.5)
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`twitchqa serve` as a process, asked over gradio's REST route."""

    def __init__(self, work: Path, home: Path):
        self.work, self.port = work, free_port()
        self.url = f"http://127.0.0.1:{self.port}/gradio_api/call/ask"
        self.process = subprocess.Popen([TWITCHQA, "serve", "--port", str(self.port)], cwd=work,
                                        env={**os.environ, "TWITCHQA_HOME": str(home)},
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in self.process.stdout:
            if "web UI at" in line:
                break
        else:
            raise RuntimeError("twitchqa serve did not start")
        threading.Thread(target=self.process.stdout.read, daemon=True).start()  # keep its pipe drained

    def ask(self, client, question: str) -> tuple[str, list[str]]:
        """("answered" | "busy" | "error", problems)."""
        try:
            posted = client.post(self.url, json={"data": [question, []]})
            if "event_id" not in posted.json():  # turned away at once: the queue is full
                full = "queue is full" in posted.text.lower()
                return ("busy", []) if full else ("error", [f"HTTP {posted.status_code}: {posted.text[:120]}"])
            event = posted.json()["event_id"]
            with client.stream("GET", f"{self.url}/{event}") as stream:
                lines = list(stream.iter_lines())
        except Exception as exc:  # noqa: BLE001 - whatever goes wrong is a failure to count
            return "error", [f"{type(exc).__name__}: {exc}"]
        kinds = [line[len("event:"):].strip() for line in lines if line.startswith("event:")]
        data = [line[len("data:"):].strip() for line in lines if line.startswith("data:")]
        if kinds and kinds[-1] == "complete":
            return "answered", problems_of(json.loads(data[-1])[0], self.work)
        text = " ".join(data)
        if "Queue is full" in text:
            return "busy", []
        return "error", [f"{kinds[-1] if kinds else 'no event'}: {text[:120]}"]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def clients_drill(server: Server, clients: int = 20, each: int = 5) -> Result:
    import httpx

    result, took = Result(f"serve: {clients} clients × {each} questions"), []

    def client_run(n: int) -> list[tuple[str, list[str]]]:
        with httpx.Client(timeout=120) as client:
            out = []
            for i in range(each):
                began = time.monotonic()
                out.append(server.ask(client, QUESTIONS[(n + i) % len(QUESTIONS)]))
                took.append(time.monotonic() - began)
            return out

    with ThreadPoolExecutor(clients) as pool:
        for answers in pool.map(client_run, range(clients)):
            for kind, problems in answers:
                result.record(problems if kind == "answered" else problems or [kind])
    result.notes = f"median {median(took) * 1000:.0f} ms, slowest {max(took):.1f} s per request"
    return result


def burst_drill(server: Server, size: int = 100) -> Result:
    import httpx

    result, start, kinds = Result(f"serve: a burst of {size} requests"), threading.Barrier(size), []

    def one(n: int) -> tuple[str, list[str]]:
        with httpx.Client(timeout=120) as client:
            start.wait()
            return server.ask(client, QUESTIONS[n % len(QUESTIONS)])

    with ThreadPoolExecutor(size) as pool:
        for kind, problems in pool.map(one, range(size)):
            kinds.append(kind)
            result.record(problems if kind != "error" else problems or ["error"])
    with httpx.Client(timeout=120) as client:
        after = server.ask(client, QUESTIONS[0])
    if after[0] != "answered" or after[1]:
        result.failures.append("the server did not answer after the burst")
        result.failed += 1
    result.notes = (f"{kinds.count('answered')} answered, {kinds.count('busy')} turned away at once "
                    "(queue full: the web UI queues 32); one more answered after it")
    return result


def swap_drill(server: Server, corpus: Path, home: Path, rng: random.Random) -> Result:
    """Clients asking in a loop while an edited article is re-ingested, then the index rebuilt."""
    import httpx

    result, stop, outcomes = Result("serve: asked through an edit's ingest and a rebuild"), threading.Event(), []

    def client_run(n: int) -> None:
        with httpx.Client(timeout=120) as client:
            i = n
            while not stop.is_set():
                outcomes.append(server.ask(client, QUESTIONS[i % len(QUESTIONS)]))
                i += 1

    threads = [threading.Thread(target=client_run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    edit(corpus, rng)
    codes = [run_ingest(corpus, home)[0], run_ingest(corpus, home, "--rebuild")[0]]
    time.sleep(5)  # the server notices the new index on its next question and loads it in the background
    stop.set()
    for thread in threads:
        thread.join()
    for kind, problems in outcomes:
        result.record(problems if kind == "answered" else problems or [kind])
    if codes != [0, 0]:
        result.failures.append(f"ingest exit codes {codes}")
        result.failed += 1
    answered = sum(1 for kind, _ in outcomes if kind == "answered")
    result.notes = f"4 clients asking throughout: {answered} answers of {len(outcomes)} requests"
    return result


def table(results: list[Result]) -> str:
    rows = [("drill", "tries", "passed", "failed", "notes")] + [
        (r.drill, str(r.tries), str(r.passed), str(r.failed), r.notes) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + row[4] for row in rows]
    return "\n".join([lines[0], "-" * len(lines[0])] + lines[1:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.drill", description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=10, help="ingests to kill (default 10)")
    parser.add_argument("--corpus", default="corpus", help="articles to drill with (copied; default corpus)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    rng, embedder = random.Random(args.seed), Embedder()
    results = []
    with tempfile.TemporaryDirectory(prefix="twitchqa-drill-") as tmp:
        work = Path(tmp)
        if args.kills:
            results.append(kill_drill(work / "kills", Path(args.corpus), embedder, args.kills, rng))
            print(table(results), flush=True)
        serving = work / "serve"
        shutil.copytree(args.corpus, serving / "corpus")
        assert run_ingest(serving / "corpus", serving / "home")[0] == 0
        server = Server(serving, serving / "home")
        try:
            results.append(clients_drill(server))
            results.append(burst_drill(server))
            results.append(swap_drill(server, serving / "corpus", serving / "home", rng))
        finally:
            server.stop()
    print("\n" + table(results))
    for r in results:
        for failure in r.failures[:10]:
            print(f"  {r.drill}: {failure}")
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
