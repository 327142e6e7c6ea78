"""The `ask` API under load, through gradio_client against a live server, like an API user would call it."""
from __future__ import annotations

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import median, quantiles

import pytest

# gradio 6.31 queue statistics call pandas APIs that pandas 3 deprecates: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")
ROOT = Path(__file__).resolve().parents[1]
CALLS = 20
QUESTIONS = [  # (question, history)
    ("What is a normal potassium level?", []),
    ("Why do my muscles twitch?", []),
    ("Can drinking a lot of coffee make my muscles twitch?", []),
    ("What is the capital of France?", []),
    ("I suddenly can't breathe and my arm twitches", []),
    ("What level defines it?", [{"role": "user", "content": "Can low potassium cause twitching?"},
                                {"role": "assistant", "content": "Electrolyte imbalances can cause twitching."}]),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(bot, tmp_path_factory, **options):
    from ui.app import build_app

    demo = build_app(bot, eval_dir=tmp_path_factory.mktemp("eval"), **options)
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
    return demo, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def app_url(bot, tmp_path_factory):
    demo, url = serve(bot, tmp_path_factory)
    yield url
    demo.close()


def without_timings(answer: dict) -> dict:
    return {key: value for key, value in answer.items() if key != "timings_ms"}


def test_twenty_concurrent_api_calls_all_answer_correctly(app_url, bot):
    from gradio_client import Client

    expected = {q: without_timings(bot.ask(q, h).to_dict()) for q, h in QUESTIONS}
    jobs = [QUESTIONS[i % len(QUESTIONS)] for i in range(CALLS)]
    start = threading.Barrier(CALLS)

    def call(job):
        question, history = job
        client = Client(app_url, verbose=False)
        warm = client.predict(question, history, api_name="/ask")  # a client's first call sets up its stream
        start.wait()  # then every timed call is in flight at once
        began = time.perf_counter()
        result = client.predict(question, history, api_name="/ask")
        assert without_timings(warm) == without_timings(result)
        return question, result, (time.perf_counter() - began) * 1000

    began = time.perf_counter()
    with ThreadPoolExecutor(CALLS) as pool:
        results = list(pool.map(call, jobs))
    wall = time.perf_counter() - began

    for question, result, _ in results:
        assert without_timings(result) == expected[question], question
    potassium = next(r for q, r, _ in results if q == "What is a normal potassium level?")
    assert "3.5-5 mmol/L" in potassium["answer"] and not potassium["refused"] and potassium["citations"]
    assert next(r for q, r, _ in results if q.startswith("What is the capital"))["refused"]
    assert any(n["kind"] == "urgent" for n in next(r for q, r, _ in results if "breathe" in q)["notices"])

    p50, p95, top = percentiles([ms for _, _, ms in results])
    rest = rest_latencies(app_url, jobs, expected)
    stats = {"calls": CALLS, "errors": 0, "p50_ms": p50, "p95_ms": p95, "max_ms": top, "wall_s": round(wall, 2),
             "bot_ask_p50_ms": round(median(r["timings_ms"]["total"] for _, r, _ in results), 1),
             "rest": dict(zip(("p50_ms", "p95_ms", "max_ms"), percentiles(rest)))}
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    print(f"\n/ask, {CALLS} concurrent gradio_client calls: p50 {p50} ms, p95 {p95} ms, max {top} ms, "
          f"wall {stats['wall_s']} s; bot.ask itself p50 {stats['bot_ask_p50_ms']} ms; same burst over the REST "
          f"route: p50 {stats['rest']['p50_ms']} ms, p95 {stats['rest']['p95_ms']} ms")


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """(p50, p95, max) in ms, rounded."""
    cuts = quantiles(sorted(values), n=100, method="inclusive")
    return round(cuts[49], 1), round(cuts[94], 1), round(max(values), 1)


def rest_latencies(app_url: str, jobs: list, expected: dict) -> list[float]:
    """The same burst through gradio's REST route (POST /gradio_api/call/ask, then its event stream): ms per call.

    gradio_client polls, which adds most of its latency under concurrency; this shows what the server takes.
    """
    import httpx

    url = f"{app_url}gradio_api/call/ask"
    start = threading.Barrier(len(jobs))

    def one(client: httpx.Client, question: str, history: list) -> dict:
        event = client.post(url, json={"data": [question, history]}).json()["event_id"]
        with client.stream("GET", f"{url}/{event}") as stream:
            lines = [line for line in stream.iter_lines() if line.startswith("data:")]
        return json.loads(lines[-1][len("data:"):])[0]

    def call(job) -> float:
        question, history = job
        with httpx.Client(timeout=30) as client:
            one(client, question, history)  # open the connection first
            start.wait()
            began = time.perf_counter()
            answer = one(client, question, history)
            took = (time.perf_counter() - began) * 1000
        assert without_timings(answer) == expected[question], question
        return took

    with ThreadPoolExecutor(len(jobs)) as pool:
        return list(pool.map(call, jobs))


def test_api_empty_question_raises_the_one_line_message(app_url):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(app_url, verbose=False)
    with pytest.raises(AppError, match="the question is empty: ask something about muscle twitching"):
        client.predict("   ", [], api_name="/ask")
    with pytest.raises(AppError, match="history must be a list"):
        client.predict("Why?", [{"speaker": "me"}], api_name="/ask")


def test_api_takes_history_as_a_json_string(app_url):
    from gradio_client import Client

    history = json.dumps(QUESTIONS[-1][1])
    result = Client(app_url, verbose=False).predict("What level defines it?", history, api_name="/ask")
    assert result["search_query"] == "Can low potassium cause twitching? What level defines it?"


class HeldBot:
    """The real bot, but each ask waits until released: fills the workers so the queue can fill up."""

    def __init__(self, bot):
        self.bot = bot
        self.release = threading.Event()

    def __getattr__(self, name):  # everything else (articles, passage counts...) is the real bot's
        return getattr(self.bot, name)

    def ask(self, question, history=None):
        self.release.wait(timeout=30)
        return self.bot.ask(question, history)


def test_full_queue_answers_busy_at_once_instead_of_hanging(bot, tmp_path_factory):
    from gradio_client import Client
    from gradio_client.utils import QueueError

    held = HeldBot(bot)
    demo, url = serve(held, tmp_path_factory, queue_size=1)
    try:
        client = Client(url, verbose=False)
        jobs = [client.submit("Why do my muscles twitch?", [], api_name="/ask") for _ in range(5)]
        # Two calls hold the two workers and one waits in the 1-slot queue; the rest are turned away now,
        # while nothing has been answered yet.
        deadline = time.time() + 10
        while time.time() < deadline and sum(job.done() for job in jobs) < 2:
            time.sleep(0.05)
        turned_away = [job for job in jobs if job.done()]
        assert len(turned_away) >= 2 and not held.release.is_set()
        for job in turned_away:
            with pytest.raises(QueueError, match="Queue is full! Please try again"):
                job.result()
        held.release.set()
        answered = []
        for job in (job for job in jobs if job not in turned_away):
            try:
                answered.append(job.result(timeout=30))
            except QueueError:  # turned away on joining too, only seen after the check above (a CI run under load
                pass            # had one worker not yet holding its call, so three were turned away)
        assert answered and all("twitch" in answer["answer"].lower() for answer in answered)
    finally:
        held.release.set()
        demo.close()
