"""A newcomer's drill (drill26): what a user following only the README ran into, each a real process: `twitchqa
chat` fed a long conversation, a real `twitchqa serve` on loopback called over raw HTTP, `twitchqa ingest` into
a read-only data directory. Every bad input gets one line and loses nothing; every answer keeps the contract."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

TWITCHQA = str(Path(sys.executable).parent / "twitchqa")


def run(*args, home: Path, stdin: bytes | None = None):
    """`twitchqa ARGS` as a user runs it, from the project folder (so citations' sources resolve)."""
    env = {**os.environ, "TWITCHQA_HOME": str(home)}
    return subprocess.run([TWITCHQA, *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
                          timeout=600)


def ingest_then_ask(mount: str, corpus: Path, home: Path) -> subprocess.CompletedProcess:
    """`mount` (shell commands) in a private mount namespace, then `twitchqa ingest --corpus corpus` (its exit code
    printed to stderr as "exit N") and `twitchqa ask --json` a caffeine question, with TWITCHQA_HOME=home."""
    script = (f"{mount} && {TWITCHQA} ingest --corpus {corpus}; echo \"exit $?\" >&2; "
              f"{TWITCHQA} ask --json 'Can caffeine make my muscles twitch?'")
    return subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True, timeout=600,
                          env={**os.environ, "TWITCHQA_HOME": str(home)})


def assert_contract(answer: dict) -> None:
    """Every citation's text is the article's text at its offsets; every [n] is a citation and every citation used."""
    for citation in answer["citations"]:
        text = (ROOT / citation["source"]).read_text(encoding="utf-8")
        assert text[citation["start"]:citation["end"]] == citation["text"], citation
    used = {int(n) for n in re.findall(r"\[(\d+)\]", answer["answer"])}
    assert used == {c["n"] for c in answer["citations"]}, answer["answer"]


# --- chat ----------------------------------------------------------------------------------------------------

def test_chat_keeps_answering_and_reading_follow_ups_past_twenty_exchanges(corpus_home):
    """The chat kept its whole history and handed it to the bot, which refuses more than 40 messages: from the
    22nd question on, every question got 'the history has 42 messages; the limit is 40' and nothing else."""
    questions = ["Can caffeine make my muscles twitch?"] * 21 + ["Can low potassium cause twitching?",
                                                                 "What level defines it?"]
    # ends at end of input (an empty line no longer quits the chat: test_drill29)
    result = run("chat", home=corpus_home, stdin=("\n".join(questions) + "\n").encode())
    out = result.stdout.decode()
    assert result.returncode == 0 and "Traceback" not in result.stderr.decode(), result.stderr.decode()
    assert "twitchqa:" not in out, out[out.find("twitchqa:") - 200:][:600]
    assert out.count("Sources:") == len(questions)
    assert "3.6 mmol/L" in out.rsplit("you>", 2)[1]  # the last question, read as a follow-up to potassium


# --- serve, over raw HTTP --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(corpus_home, tmp_path_factory):
    """A real `twitchqa serve` on a free loopback port; yields its URL and then its stderr, once stopped."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path_factory.mktemp("serve") / "stderr.txt"
    with open(log, "wb") as err:
        process = subprocess.Popen([TWITCHQA, "serve", "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=err, env={**os.environ, "TWITCHQA_HOME": str(corpus_home)})
    url = f"http://127.0.0.1:{port}/"
    try:
        assert b"web UI at" in process.stdout.readline(), log.read_text()
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=60)


def call(url: str, body) -> tuple[str, object]:
    """('complete', the answer) or ('error', its message) for one raw POST to the ask endpoint."""
    import httpx

    event = httpx.post(url + "gradio_api/call/ask", json=body, timeout=60).json()
    stream = httpx.get(f"{url}gradio_api/call/ask/{event['event_id']}", timeout=120).text
    kind, data = re.search(r"event: (\w+)\ndata: (.*)", stream).groups()
    data = json.loads(data)
    return kind, (data[0] if kind == "complete" else data["error"])


def test_api_answers_a_question_sent_without_its_optional_history(served):
    """{"data": [question]} (history is optional in the contract) came back as an error whose message was null:
    gradio wanted two inputs before the endpoint ran; {"data": []} likewise."""
    url, _ = served
    kind, answer = call(url, {"data": ["Can caffeine make my muscles twitch?"]})
    assert kind == "complete", answer
    assert not answer["refused"] and answer["citations"]
    assert_contract(answer)
    assert call(url, {"data": []}) == ("error", "the question is empty: ask something about muscle twitching")


def test_a_refused_request_is_one_line_to_the_client_and_no_traceback_in_the_server_log(served):
    """Each refused request (a 5,000-character question, a history that isn't JSON) printed a 25-line traceback
    on `twitchqa serve`'s stderr, as if the server had crashed."""
    url, log = served
    assert call(url, {"data": ["why " * 1250, []]}) == (
        "error", "the question is 5000 characters long; the limit is 1000: shorten it")
    kind, says = call(url, {"data": ["What level?", "[{"]})
    assert kind == "error" and says.startswith("history is not valid JSON")
    # drill29: a history string nested 5,000 deep got an error with no message (null) and a RecursionError traceback
    assert call(url, {"data": ["What level?", "[" * 5000 + "]" * 5000]})[1].startswith("history nests too deeply")
    # drill29: a 300 MB question grew the server by 0.6 GB for good; a body over 8 MB is now refused unread
    import httpx

    big = httpx.post(url + "gradio_api/call/ask", content=b'{"data": ["' + b"a" * 20_000_000 + b'"]}',
                     headers={"content-type": "application/json"}, timeout=60)
    assert big.status_code == 413 and big.json()["detail"].startswith("the request body is 20,000,014 bytes; the limit")
    kind, answer = call(url, {"data": ["Is it ALS?", []]})  # and the server goes on answering
    assert kind == "complete"
    assert_contract(answer)
    time.sleep(0.5)
    assert "Traceback" not in log.read_text(), log.read_text()


# --- ingest ----------------------------------------------------------------------------------------------------

def test_ingest_into_a_read_only_data_directory_is_one_line_and_ask_still_answers(corpus_home, tmp_path):
    """The data directory mounted read-only (a private mount namespace): `twitchqa ingest` ended in a traceback
    from opening write.lock; `ask` answers from it as before."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.fail("this drill needs root and `unshare` (util-linux); CI has both")
    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    result = ingest_then_ask(f"mount --bind {home} {home} && mount -o remount,ro,bind {home}", ROOT / "corpus", home)
    err = result.stderr.decode()
    lines = err.strip().splitlines()
    assert "Traceback" not in err and len(lines) == 2 and lines[1] == "exit 1", err
    assert lines[0].startswith(f"twitchqa: cannot write the data directory {home} (Read-only file system)"), err
    assert "--home" in lines[0]
    answer = json.loads(result.stdout)
    assert not answer["refused"]
    assert_contract(answer)


def test_ingest_of_a_folder_with_no_usable_article_leaves_the_index_as_it_was(corpus_home, tmp_path):
    """`twitchqa ingest --corpus` pointed at an empty folder (or one whose files are all skipped) deleted all 53
    passages with exit code 0, and every question after it was refused as not covered."""
    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    manifest = (home / "manifest.json").read_text()
    for name, files in (("empty", {}), ("all-bad", {"notes.md": b"no front matter\n", "blank.md": b""})):
        folder = tmp_path / name
        folder.mkdir()
        for file, content in files.items():
            (folder / file).write_bytes(content)
        result = run("ingest", "--corpus", str(folder), home=home)
        err = result.stderr.decode()
        assert result.returncode == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert err.startswith(f"twitchqa: {folder}: no article to index"), err
        assert "--corpus" in err and "the index is left as it was" in err, err
    assert (home / "manifest.json").read_text() == manifest
    answer = json.loads(run("ask", "--json", "Can caffeine make my muscles twitch?", home=home).stdout)
    assert not answer["refused"]
    assert_contract(answer)


def test_an_article_renamed_while_it_is_indexed_fails_the_ingest_and_the_served_index_keeps_answering(
        corpus_home, corpus_copy, tmp_path):
    """A file renamed after the ingest had read it: the ingest said "indexed 5 articles" and exit 0, switched to a
    generation naming a file that no longer exists, and every `ask` after it failed until another ingest."""
    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    (corpus_copy / "README.md").unlink(missing_ok=True)
    env = {**os.environ, "TWITCHQA_HOME": str(home)}
    process = subprocess.Popen([TWITCHQA, "ingest", "--rebuild", "--corpus", str(corpus_copy)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while not (home / "building.json").exists():  # the articles are read: the embedding begins
        assert process.poll() is None, process.stderr.read().decode()
        time.sleep(0.05)
    (corpus_copy / "twitch-causes-treatment.md").rename(corpus_copy / "renamed.md")
    _, err = process.communicate(timeout=600)
    err = err.decode()
    assert process.returncode == 1 and "Traceback" not in err, err
    assert f"twitchqa: {corpus_copy / 'twitch-causes-treatment.md'} changed while it was being indexed" in err, err
    answer = json.loads(run("ask", "--json", "Can caffeine make my muscles twitch?", home=home).stdout)
    assert not answer["refused"]
    assert_contract(answer)
    result = run("ingest", "--corpus", str(corpus_copy), home=home)  # and the next ingest takes the new name
    assert result.returncode == 0, result.stderr.decode()
    assert b"indexed 5 articles" in result.stdout


@pytest.mark.parametrize("line, says", [
    (":sourcse", "unknown command :sourcse: "),
    ("/quit", "unknown command /quit: "),
    (":quot 1", "unknown command :quot: "),  # drill43t: asked as a question, its refusal replaced the last answer
    (":qoute 2 3", "unknown command :qoute: "),
    (":quote 1", None),  # a command: no sources yet, said as before
    (":) why do my legs twitch?", "question"),
    ("what does :sources do", "question"),
])
def test_a_mistyped_chat_command_is_named_not_asked_as_a_question(line, says):
    """`:sourcse` was sent to the bot as a question and answered "The articles don't cover this question"."""
    from ui import terminal

    shown = terminal.command(line, None, {}, 80)
    if says == "question":
        assert shown is None
    elif says is None:
        assert shown == "No sources yet: ask a question first."
    else:
        assert shown.startswith(says) and " ".join(shown.split()).endswith(terminal.HELP), shown  # wrapped to 80
