"""The index on a real Chroma server (`chroma run`), shared by bots that don't share a data directory.

Every test here talks to a `chroma run` started from the virtualenv on a free loopback port. If it cannot
start, the tests fail (with the server's log), never skip: a server deployment must not go untested.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import CORPUS, ROOT

CHROMA = Path(sys.executable).parent / "chroma"  # the `chroma` command of this virtualenv
QUESTION = "Can caffeine make my muscles twitch?"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ChromaServer:
    """A real `chroma run` on 127.0.0.1, stopped and started again on the same data and port."""

    def __init__(self, path: Path, log: Path):
        self.path, self.log, self.port = path, log, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, seconds: float = 90) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen([str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1",
                                             "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        tail = self.log.read_text(errors="replace")[-2000:]
        self.stop()
        pytest.fail(f"`chroma run` did not answer its heartbeat on {self.url} within {seconds} s "
                    f"(exit code {self.process.returncode}); its log ends:\n{tail}")

    def stop(self) -> None:
        """Kill it, as a crash or a pulled plug would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("chroma-server")
    chroma = ChromaServer(work / "data", work / "chroma.log")
    chroma.start()
    yield chroma
    chroma.stop()


@pytest.fixture(scope="module")
def server_index(server, embedder, tmp_path_factory) -> Path:
    """The corpus ingested into the server from a data directory of its own (the machine that ingests)."""
    from ingest.index import sync

    home = tmp_path_factory.mktemp("ingesting-machine")
    report = sync(CORPUS, home, embedder, chroma_url=server.url)
    assert report.generation == 1 and report.passages > 0
    return home


def server_bot(server, embedder, home: Path):
    """A Bot on the server, with a data directory of its own (a web process on another machine)."""
    from bot.pipeline import Bot

    return Bot.open(home, embedder=embedder, chroma_url=server.url)


def comparable(answer) -> dict:
    found = answer.to_dict()
    found.pop("timings_ms")
    return found


def gold(step: int = 1) -> list[dict]:
    lines = (ROOT / "evals" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()][::step]


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TWITCHQA_CHROMA_URL", None)
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=300, **kwargs)


# --- the settings ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("http://chroma.internal:8000/", "http://chroma.internal:8000"),
    ("https://chroma.example.org", "https://chroma.example.org"),
    ("", None),
])
def test_a_chroma_url_is_read_from_the_flag_or_the_variable(value, expected):
    from ingest.settings import Settings

    assert Settings.from_env(env={"TWITCHQA_CHROMA_URL": value}).chroma_url == expected
    assert Settings.from_env(env={}, chroma_url=value).chroma_url == expected
    assert Settings.from_env(env={"TWITCHQA_CHROMA_URL": "http://elsewhere:1"}, chroma_url=value).chroma_url == expected


@pytest.mark.parametrize("value", ["ftp://127.0.0.1:8000", "127.0.0.1:8000", "http://:8000", "http://host:port",
                                   "http://127.0.0.1:8000/api/v2", "chroma"])
def test_a_chroma_url_that_is_not_an_http_server_address_is_a_settings_error(value):
    from ingest.errors import SettingsError
    from ingest.settings import Settings

    with pytest.raises(SettingsError, match="http://HOST:PORT") as raised:
        Settings.from_env(env={"TWITCHQA_CHROMA_URL": value})
    assert "TWITCHQA_CHROMA_URL" in str(raised.value) and "\n" not in str(raised.value)


def test_a_wrong_url_scheme_on_the_command_line_is_one_line():
    done = run("ask", QUESTION, "--chroma-url", "ftp://127.0.0.1:8000")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "--chroma-url is 'ftp://127.0.0.1:8000'" in done.stderr


# --- the same answers ----------------------------------------------------------------------------

def test_answers_and_citations_on_the_server_are_those_of_the_embedded_index(server, server_index, bot, embedder,
                                                                             tmp_path):
    on_server = server_bot(server, embedder, tmp_path / "web")
    assert not (tmp_path / "web" / "chroma").exists()  # nothing of the index is kept locally but its manifest
    questions = gold(step=4)
    assert len(questions) >= 40
    for item in questions:
        assert comparable(on_server.ask(item["question"], item.get("history"))) == \
            comparable(bot.ask(item["question"], item.get("history"))), item["id"]


def test_the_server_holds_what_a_web_process_on_another_machine_needs(server, server_index, embedder, tmp_path):
    """The manifest and token weights are on the server: a fresh data directory serves with only the URL."""
    from ingest.mirror import mirror_dir

    bot = server_bot(server, embedder, tmp_path / "fresh")
    mirror = mirror_dir(tmp_path / "fresh", server.url)
    assert json.loads((mirror / "manifest.json").read_text())["generation"] == bot.library.generation == 1
    assert (mirror / "generations" / "1" / "token_weights.json").exists()
    assert not bot.ask(QUESTION).refused


def test_a_web_process_on_another_machine_maps_the_near_copies_the_ingest_found(server, server_index, embedder,
                                                                                tmp_path):
    """The arrays an ingest precomputes beside a generation (ingest.elsewhere) reach a fresh data directory through
    the server alone, byte for byte, and the bot uses them instead of asking the server's nearest neighbours."""
    import numpy as np

    from ingest.elsewhere import FOLDER
    from ingest.generations import generation_dir
    from ingest.mirror import mirror_dir

    bot = server_bot(server, embedder, tmp_path / "fresh")
    assert bot.library.same_elsewhere is not None
    built = generation_dir(mirror_dir(server_index, server.url), 1) / FOLDER
    pulled = generation_dir(mirror_dir(tmp_path / "fresh", server.url), 1) / FOLDER
    names = sorted(p.name for p in built.iterdir())
    assert names == sorted(p.name for p in pulled.iterdir()) and "neighbours.npy" in names
    assert all((built / name).read_bytes() == (pulled / name).read_bytes() for name in names)
    assert len(np.load(pulled / "neighbours.npy")) > 0  # the real articles have near-copies (40 pairs)
    asked = []
    bot.library.store.nearest_sentences = lambda *args: asked.append(args)  # the fallback path, not taken
    for item in gold(step=8):
        bot.ask(item["question"], item.get("history"))
    assert not asked


def test_a_generation_file_of_several_parts_goes_through_the_server_whole(server, tmp_path, monkeypatch):
    """A file larger than one record is cut into parts, put together again, checked; only what changed is sent."""
    import os

    from ingest import server_files
    from ingest.store import chroma_client

    monkeypatch.setattr(server_files, "PART", 1000)
    client = chroma_client(tmp_path, server.url)
    files = client.get_or_create_collection("test-files-parts", embedding_function=None)
    source, mirror = tmp_path / "source", tmp_path / "mirror"
    data = os.urandom(3500)
    (source / "generations" / "7" / "arrays").mkdir(parents=True)
    (source / "generations" / "7" / "arrays" / "big.npy").write_bytes(data)
    (source / "generations" / "7" / "empty.json").write_bytes(b"")
    server_files.publish_files(source, files, [7])
    assert len(files.get(include=[])["ids"]) == 4 + 1 + 1  # four parts, an empty file's one, the index
    assert server_files.pull_files(mirror, files, [7])
    assert (mirror / "generations" / "7" / "arrays" / "big.npy").read_bytes() == data
    assert (mirror / "generations" / "7" / "empty.json").read_bytes() == b""

    sent = []
    upload = server_files.upload
    monkeypatch.setattr(server_files, "upload", lambda *args: sent.append(args[1]) or upload(*args))
    (source / "generations" / "7" / "empty.json").write_bytes(b"{}")
    server_files.publish_files(source, files, [7])
    assert sent == ["generations/7/empty.json"]  # the big file is there already
    server_files.publish_files(source, files, [])  # no generation kept: nothing of it stays on the server
    assert files.get(include=[])["ids"] == []
    client.delete_collection("test-files-parts")


def test_an_unchanged_corpus_ingested_again_into_the_server_writes_nothing(server, server_index, embedder, tmp_path):
    from ingest.index import sync

    report = sync(CORPUS, tmp_path / "another-machine", embedder, chroma_url=server.url)
    assert (report.generation, report.embedded, report.texts_embedded) == (1, 0, 0)


# --- a server that is down, or goes down ---------------------------------------------------------

def test_a_server_that_is_down_is_one_line_naming_it_for_ask_and_ingest(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    for command in (["ask", QUESTION], ["ingest", "--json"]):
        began = time.monotonic()
        done = run(*command, "--home", str(tmp_path / "home"), "--chroma-url", url)
        assert done.returncode == 1 and done.stdout == "", command
        assert done.stderr.count("\n") == 1 and f"the Chroma server at {url} is not answering" in done.stderr
        assert time.monotonic() - began < 60  # the time to start Python and import, not a wait on the server


def test_a_server_killed_mid_session_fails_that_question_in_one_line_and_the_next_after_restart_works(
        server, server_index, embedder, tmp_path):
    from ingest.errors import StoreUnreachable

    bot = server_bot(server, embedder, tmp_path / "web")
    before = comparable(bot.ask(QUESTION))
    server.stop()
    try:
        began = time.monotonic()
        with pytest.raises(StoreUnreachable) as raised:
            bot.ask("Is magnesium deficiency a cause of twitching?")
        assert time.monotonic() - began < 5
        assert server.url in str(raised.value) and "\n" not in str(raised.value)
    finally:
        server.start()
    assert comparable(bot.ask(QUESTION)) == before


def test_a_server_that_stops_answering_times_out_in_one_line_instead_of_hanging(server, server_index, embedder,
                                                                                tmp_path):
    from ingest.errors import StoreUnreachable
    from ingest.store import READ_TIMEOUT

    bot = server_bot(server, embedder, tmp_path / "web")
    bot.ask(QUESTION)
    os.kill(server.process.pid, signal.SIGSTOP)  # still accepting connections, never answering
    try:
        began = time.monotonic()
        with pytest.raises(StoreUnreachable, match="stopped answering"):
            bot.ask("Is magnesium deficiency a cause of twitching?")
        assert time.monotonic() - began < READ_TIMEOUT + 5
    finally:
        os.kill(server.process.pid, signal.SIGCONT)
    assert not bot.ask(QUESTION).refused


def test_ask_jsonl_reports_the_question_the_server_was_down_for_and_answers_the_next(server, server_index, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TWITCHQA_CHROMA_URL": server.url}
    ask = subprocess.Popen([sys.executable, "-m", "ui.cli", "ask", "--jsonl", "-", "--home", str(tmp_path / "web")],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           cwd=ROOT, env=env)
    try:
        def answer() -> dict:
            ask.stdin.write(json.dumps({"question": QUESTION}) + "\n")
            ask.stdin.flush()
            return json.loads(ask.stdout.readline())

        first = answer()
        # A fresh data directory has no torch-free query encoder yet: said once, exported for the next start.
        assert ask.stderr.readline().startswith("twitchqa: the fast query encoder ")
        server.stop()
        try:
            ask.stdin.write(json.dumps({"question": QUESTION}) + "\n")
            ask.stdin.flush()
            error = ask.stderr.readline()
            placeholder = json.loads(ask.stdout.readline())  # the skipped line's place in the output (drill42)
        finally:
            server.start()
        assert error.startswith("twitchqa: -:2: the Chroma server at " + server.url) and error.endswith("(skipped)\n")
        assert placeholder["line"] == 2 and placeholder["error"].startswith("the Chroma server at " + server.url)
        assert answer()["citations"] == first["citations"]
    finally:
        ask.stdin.close()
        assert ask.wait(timeout=60) == 1  # one line was skipped
    assert "Traceback" not in ask.stderr.read()


def test_the_web_api_says_in_one_line_that_the_server_went_down_and_answers_after_restart(server, server_index,
                                                                                        embedder, tmp_path):
    from gradio_client import Client

    from ui.app import build_app

    demo = build_app(server_bot(server, embedder, tmp_path / "web"), eval_dir=tmp_path / "eval")
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        first = client.predict(QUESTION, [], api_name="/ask")
        server.stop()
        try:
            with pytest.raises(Exception, match=f"the Chroma server at {server.url} stopped answering") as raised:
                client.predict(QUESTION, [], api_name="/ask")
            assert "\n" not in str(raised.value)
        finally:
            server.start()
        assert client.predict(QUESTION, [], api_name="/ask")["citations"] == first["citations"]
    finally:
        demo.close()


# --- several bots, one server ---------------------------------------------------------------------

def test_bots_on_other_machines_switch_to_an_ingest_into_the_server_between_questions(server, server_index, embedder,
                                                                                       corpus_copy, tmp_path):
    from ingest.index import sync

    first, second, idle = (server_bot(server, embedder, tmp_path / name) for name in ("web-1", "web-2", "web-3"))
    question = "Do zebra-striped socks make muscles twitch?"
    new = "Zebra-striped socks never make muscles twitch, whatever their colour."
    article = corpus_copy / "twitch-causes-treatment.md"
    article.write_text(article.read_text(encoding="utf-8") + f"\n\n## Socks\n\n{new}\n", encoding="utf-8")
    assert all(new not in bot.ask(question).answer for bot in (first, second))

    report = sync(corpus_copy, tmp_path / "ingesting-machine", embedder, chroma_url=server.url)
    assert report.generation == 2 and report.embedded >= 1

    for bot in (first, second):
        deadline = time.monotonic() + 60
        while bot.library.generation != 2 and time.monotonic() < deadline:
            bot.ask(question)  # the old index answers while the new one loads in the background
            time.sleep(0.2)
        assert bot.library.generation == 2
        assert bot.library.same_elsewhere is not None  # pulled before the manifest that named generation 2
        answer = bot.ask(question)
        assert new in answer.answer
        assert any(new in c.text and Path(c.source).read_text(encoding="utf-8")[c.start:c.end] == c.text
                   for c in answer.citations)

    # A second ingest removes generation 1, which `idle` still reads (it asked nothing meanwhile): its next
    # question finds its generation gone, and is answered on the newest one.
    later = "Bright orange socks never make muscles twitch either."
    article.write_text(article.read_text(encoding="utf-8") + f"\n{later}\n", encoding="utf-8")
    assert sync(corpus_copy, tmp_path / "ingesting-machine", embedder, chroma_url=server.url).generation == 3
    assert idle.library.generation == 1
    answer = idle.ask("Do bright orange socks make muscles twitch?")
    assert idle.library.generation == 3 and later in answer.answer
