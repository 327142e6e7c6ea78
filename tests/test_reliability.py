"""Reliability drills (#19): untrusted article files, links, duplicate ids, bad input lines, a machine
that is out of disk, memory or loopback, and the web API's limits. Every bad input gets one line
naming the problem and the fix, and loses nothing else. Real model, real Chroma, real processes."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

TWITCHQA = str(Path(sys.executable).parent / "twitchqa")
pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")

ARTICLE = "---\nid: {id}\ntitle: {title}\n---\n\n# {title}\n\n{body}\n"
CAFFEINE = ("Too much caffeine can cause muscle twitching. Coffee, tea and energy drinks all contain caffeine, "
            "a stimulant that excites the nerves.")
MAGNESIUM = ("Low magnesium levels can make muscles twitch and cramp. Leafy greens, nuts and seeds are good "
             "sources of magnesium.")


def run(*args, home: Path, stdin: bytes | None = None, prefix: tuple = (), env: dict | None = None):
    """`twitchqa ARGS` as a user runs it (bytes in and out: some drills send bytes that aren't UTF-8)."""
    env = {**os.environ, "TWITCHQA_HOME": str(home), **(env or {})}
    return subprocess.run([*prefix, TWITCHQA, *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
                          timeout=300)


def one_line(result) -> str:
    """The single stderr line of a failed command; fails the test on a traceback or a zero exit."""
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode != 0, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def needs_root():
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.fail("this drill needs root and `unshare` (util-linux); CI has both")


# --- item 5: untrusted article files --------------------------------------------------------------

BOMB = "---\nid: bomb\ntitle: Bomb\n" + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}' if i else 'lol'] * 9)}]\n" for i in range(7)) + "---\nTwitching.\n"  # 9**7 items: small enough to survive a regression


@pytest.mark.parametrize("content, reason", [
    (b"\xff\xfe not utf-8", "not UTF-8"),
    (b"   \n\n", "no text"),
    (b"---\nid: x\ntitle: [unclosed\n---\nbody text\n", "not valid YAML"),
    (b"---\nid: x\ntitle: never closed\nbody text\n", "never closed"),
    (BOMB.encode(), "anchors or aliases"),
    (("---\nid: big\ntitle: Big\nnote: " + "x" * 5000 + "\n---\nTwitching.\n").encode(), "limit is 4,000"),
    (("---\nid: deep\ntitle: " + "[" * 1500 + "]" * 1500 + "\n---\nTwitching.\n").encode(), "nests too deeply"),
    (b"\x00" * 4096, "binary data"),
    (b"---\nid: bin\ntitle: Bin\n---\nTwitching \x01\x02\x03 text\n", "binary data"),
    (b"---\ntitle: No id\n---\nTwitching text.\n", "no `id`: add `id: bad`"),
    (b"---\nid: bad\n---\nTwitching text.\n", "no `title`"),
    (b"# A heading\n\nTwitching text without front matter.\n", "needs front matter"),
])
def test_untrusted_article_is_refused_quickly_with_one_line_naming_the_fix(tmp_path, content, reason):
    from ingest.errors import ArticleError
    from ingest.load import load_article

    path = tmp_path / "bad.md"
    path.write_bytes(content)
    began = time.perf_counter()
    with pytest.raises(ArticleError) as info:
        load_article(path)
    assert time.perf_counter() - began < 2  # the alias bomb ran 150 s and 1.4 GB before
    message = str(info.value)
    assert "bad.md" in message and reason in message and "\n" not in message


def test_an_article_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    from ingest.errors import ArticleError
    from ingest.load import MAX_ARTICLE_BYTES, load_article

    path = tmp_path / "huge.md"
    path.write_text(ARTICLE.format(id="huge", title="Huge", body="Twitching. " * (MAX_ARTICLE_BYTES // 10)))
    with pytest.raises(ArticleError, match=r"huge.md: is [\d,]+ bytes; the limit is 2,000,000: split it"):
        load_article(path)


def test_a_byte_order_mark_keeps_the_front_matter_and_every_offset_points_into_the_file_as_read(tmp_path):
    from ingest.chunk import chunk
    from ingest.load import load_article

    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.format(id="bom", title="Caffeine", body=CAFFEINE).encode())
    article = load_article(path)
    assert (article.id, article.title) == ("bom", "Caffeine")
    assert "id: bom" not in article.text[article.body_start:]  # the front matter is not body text
    as_read = path.read_text(encoding="utf-8")
    assert article.text == as_read and as_read[0] == "\ufeff"  # the BOM stays: offsets count it
    passages = chunk(article)
    assert passages and all(as_read[s.start:s.end] == s.text for p in passages for s in p.sentences)
    assert all(as_read[p.start:p.end] == p.text for p in passages)


def test_a_plain_text_file_without_front_matter_takes_its_id_and_title_from_the_file(tmp_path):
    from ingest.load import load_article

    path = tmp_path / "Magnesium Notes.txt"
    path.write_text("Magnesium and twitching\n\n" + MAGNESIUM + "\n", encoding="utf-8")
    article = load_article(path)
    assert (article.id, article.title, article.body_start) == ("magnesium-notes", "Magnesium and twitching", 0)


# --- items 3 and 4: links and duplicate ids, through ingest and the bot ----------------------------

def assert_cites_the_files(answer: dict) -> None:
    assert answer["citations"]
    for c in answer["citations"]:
        source = Path(c["source"]) if Path(c["source"]).is_absolute() else ROOT / c["source"]
        assert source.read_text(encoding="utf-8")[c["start"]:c["end"]] == c["text"]


def test_links_are_followed_only_inside_the_corpus_and_the_bot_loads_what_ingest_indexed(tmp_path, embedder):
    from bot.pipeline import Bot
    from ingest.index import sync

    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    (corpus / "archive").mkdir(parents=True)
    outside.mkdir()
    (corpus / "caffeine.md").write_bytes(
        b"\xef\xbb\xbf" + ARTICLE.format(id="caffeine", title="Caffeine", body=CAFFEINE).encode())
    (corpus / "archive" / "magnesium.txt").write_text("Magnesium and twitching\n\n" + MAGNESIUM + "\n")
    (corpus / "notes.txt").symlink_to(corpus / "archive" / "magnesium.txt")  # no id: named by its target
    (outside / "secret.md").write_text(ARTICLE.format(id="secret", title="Secret", body="Twitching secret."))
    (corpus / "secret.md").symlink_to(outside / "secret.md")
    (corpus / "dangling.md").symlink_to(corpus / "gone.md")
    (corpus / "again.md").symlink_to(corpus / "caffeine.md")

    report = sync(corpus, tmp_path / "home", embedder)
    skipped = "\n".join(report.errors)
    assert "secret.md: links outside the corpus folder" in skipped
    assert "dangling.md: is a link to nothing (dangling)" in skipped
    assert "again.md: links to caffeine.md, an article already in the folder" in skipped
    assert report.articles == 2

    bot = Bot.open(tmp_path / "home", embedder=embedder)  # was KeyError: the link's id vs its target's
    assert set(bot.articles()) == {"caffeine", "magnesium"}
    answer = bot.ask("Can low magnesium make my muscles twitch?").to_dict()
    assert "magnesium" in {c["doc_id"] for c in answer["citations"]}
    assert_cites_the_files(answer)
    answer = bot.ask("Can coffee make my muscles twitch?").to_dict()
    assert "caffeine" in {c["doc_id"] for c in answer["citations"]}
    assert_cites_the_files(answer)  # offsets count the BOM, as read_text(encoding="utf-8") does


def test_a_new_file_reusing_an_id_is_an_error_naming_both_and_the_indexed_article_keeps_its_passages(
        tmp_path, embedder):
    from bot.pipeline import Bot
    from ingest.errors import TwitchqaError
    from ingest.index import sync
    from ingest.load import DuplicateId

    corpus, home = tmp_path / "corpus", tmp_path / "home"
    corpus.mkdir()
    (corpus / "zeta.md").write_text(ARTICLE.format(id="zeta", title="Caffeine", body=CAFFEINE))
    (corpus / "other.md").write_text(ARTICLE.format(id="other", title="Magnesium", body=MAGNESIUM))
    sync(corpus, home, embedder)
    before = Bot.open(home, embedder=embedder).passage_counts()

    # The newcomer sorts first; it used to be indexed as "zeta" and the real article's passages deleted.
    (corpus / "aaa.md").write_text(ARTICLE.format(id="zeta", title="Impostor", body="Twitching is never benign."))
    with pytest.raises(TwitchqaError) as info:  # the CLI's one line
        sync(corpus, home, embedder)
    assert isinstance(info.value, DuplicateId)
    assert "zeta.md" in str(info.value) and "aaa.md" in str(info.value) and "'zeta'" in str(info.value)

    bot = Bot.open(home, embedder=embedder)
    assert bot.passage_counts() == before
    answer = bot.ask("Can coffee make my muscles twitch?").to_dict()
    sources = {c["source"].rsplit("/", 1)[-1] for c in answer["citations"]}
    assert "zeta.md" in sources and "aaa.md" not in sources
    assert_cites_the_files(answer)


# --- item 6: bad lines and bad bytes on the command line ------------------------------------------

BAD_LINES = [  # (line as bytes, what stderr says about it)
    (b'{"question": "\\ud800 twitch?"}', "the question is not valid UTF-8 text"),
    (b'{"question": "Why?", "history": [{"role": "user", "content": "\\udc80"}]}',
     "history message 1 is not valid UTF-8 text"),
    (b'{"question": 5}', "the question must be a string, not a number"),
    (b"[" * 100_000 + b"]" * 100_000, "the JSON nests too deeply"),
    (b'{"question": "caf\xe9?"}', "not UTF-8 (byte 0xe9 at 17)"),
    (b"\xff\xfe", "not UTF-8 (byte 0xff at 0)"),
]


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_ask_jsonl_reports_each_bad_line_and_answers_the_rest(corpus_home, tmp_path, source):
    good = json.dumps({"question": "Why do my muscles twitch?"}).encode()
    data = b"\n".join([good] + [line for line, _ in BAD_LINES] + [good]) + b"\n"
    path = tmp_path / "questions.jsonl"
    path.write_bytes(data)
    name = str(path) if source == "file" else "-"
    result = run("ask", "--jsonl", name, home=corpus_home, stdin=data if source == "stdin" else None)
    assert result.returncode == 1
    errors = result.stderr.decode().splitlines()
    assert "Traceback" not in result.stderr.decode()
    assert len(errors) == len(BAD_LINES)
    for number, (error, (_, says)) in enumerate(zip(errors, BAD_LINES), 2):
        assert error.startswith(f"twitchqa: {name}:{number}: {says}") and error.endswith("(skipped)"), error
    answers = [json.loads(line) for line in result.stdout.decode().splitlines()]
    # each bad line's place holds an error object naming it (drill42)
    assert [a.get("question") for a in answers] == ["Why do my muscles twitch?"] + [None] * len(BAD_LINES) + \
        ["Why do my muscles twitch?"]
    assert [a["line"] for a in answers[1:-1]] == list(range(2, len(BAD_LINES) + 2))
    assert all(a["error"].startswith(says) for a, (_, says) in zip(answers[1:-1], BAD_LINES))


def test_invalid_utf8_in_a_command_line_question_is_one_line_before_the_model_loads(tmp_path):
    result = subprocess.run([TWITCHQA, "ask", b"caf\xe9 twitch?"], cwd=ROOT, capture_output=True, timeout=60,
                            env={**os.environ, "TWITCHQA_HOME": str(tmp_path)})
    assert "the question is not valid UTF-8 text" in one_line(result)


@pytest.mark.parametrize("stdin_errors", ["strict", "surrogateescape"])
def test_chat_says_a_line_is_not_utf8_and_goes_on(corpus_home, stdin_errors):
    says = "twitchqa: the question is not valid UTF-8 text (character '\\udce9' at 3): send it as UTF-8"
    result = run("chat", home=corpus_home, stdin=b"caf\xe9 twitch?\nCan coffee make my muscles twitch?\n\n",
                 env={"PYTHONIOENCODING": f"utf-8:{stdin_errors}"})
    out = result.stdout.decode()
    assert result.returncode == 0 and "Traceback" not in result.stderr.decode()
    assert says in out
    assert "caffeine" in out.lower() and "Sources:" in out


# --- item 7: the machine, not the input -----------------------------------------------------------

@pytest.mark.parametrize("command, env, says", [
    (("serve",), {"TWITCHQA_PORT": "abc"}, "TWITCHQA_PORT is 'abc', not a port number: give a number from 1"),
    (("serve", "--port", "70000"), {}, "--port is 70000, not a port number"),
    (("ingest",), {"TWITCHQA_HOME": str(ROOT / "README.md" / "data")}, "lies under the file"),
    (("ask", "Why do my muscles twitch?"), {"TWITCHQA_HOME": str(ROOT / "README.md" / "data")},
     "set TWITCHQA_HOME (or --home) to a folder"),
])
def test_bad_settings_are_one_line_naming_the_fix(tmp_path, command, env, says):
    assert says in one_line(run(*command, home=tmp_path, env=env))


def test_a_data_directory_that_cannot_be_made_is_one_line(tmp_path):
    """drill42: a data directory that is a link to a folder on a disk not mounted ("File exists") or a path under
    /proc ("No such file or directory") was a traceback from `ingest`."""
    (tmp_path / "unmounted").symlink_to(tmp_path / "no-such-disk" / "twitchqa")
    for home, says in ((tmp_path / "unmounted", "is a file or a link to a missing folder"),
                       (Path("/proc/twitchqa-home"), "cannot write the data directory /proc/twitchqa-home")):
        line = one_line(run("ingest", home=tmp_path, env={"TWITCHQA_HOME": str(home)}))
        assert says in line and "set TWITCHQA_HOME (or --home) to a folder" in line, line


def test_a_full_disk_is_one_line_for_ingest_and_an_answer_for_ask(corpus_home, tmp_path):
    """A tmpfs exactly full, in a private mount namespace. `ingest` fails in one line. `ask` used to fail too
    (Chroma writes on open); a five-article library now answers from its snapshot without opening Chroma
    (bot.library), so it answers, writing nothing. 224 MB: the index with its 90 MB query encoder
    (ingest/onnx_export) and the encoder's 60 MB word table (ingest/word_table, copied when `make` made one) must fit
    before the disk is filled."""
    needs_root()
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (f"mount -t tmpfs -o size=224m tmpfs {disk} && cp -a {corpus_home} {disk}/home && "
              f"(dd if=/dev/zero of={disk}/fill bs=4k 2>/dev/null; true) && "
              f"{TWITCHQA} {{}}")

    def on_full_disk(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(["unshare", "-m", "sh", "-c", script.format(command)], cwd=ROOT, timeout=300,
                              capture_output=True, env={**os.environ, "TWITCHQA_HOME": f"{disk}/home"})

    asked = on_full_disk("ask --json 'Why do my muscles twitch?'")
    assert asked.returncode == 0 and asked.stderr == b"", asked.stderr.decode()
    answer = json.loads(asked.stdout)
    assert not answer["refused"] and answer["citations"]

    result = on_full_disk(f"ingest --corpus {ROOT / 'corpus'} 2>&1 1>/dev/null")
    out = result.stdout.decode()
    assert result.returncode != 0 and "Traceback" not in out, out
    assert out.strip().splitlines()[-1].startswith("twitchqa: the disk is full ("), out
    assert "free some space" in out


def test_too_little_memory_to_load_the_model_is_one_line(corpus_home):
    result = run("ask", "Why do my muscles twitch?", home=corpus_home, prefix=("prlimit", "--as=1000000000"))  # 1 GB: a bot needs 1.5
    line = one_line(result)
    assert line.startswith("twitchqa: not enough memory (") and "close other programs" in line


def test_serve_without_loopback_is_one_line_before_the_model_loads(tmp_path):
    needs_root()
    result = run("serve", "--port", "7999", home=tmp_path, prefix=("unshare", "-n"))
    assert "bring the loopback interface up" in one_line(result)


def test_serve_on_a_port_in_use_is_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert f"port {port} on 127.0.0.1 is in use" in one_line(run("serve", "--port", str(port), home=tmp_path))


# --- items 7, 8 and 10: the web API ---------------------------------------------------------------

@pytest.fixture(scope="module")
def server(bot, tmp_path_factory):
    """The app as `twitchqa serve` runs it, launched with an environment asking for SSR and run history."""
    from ui.app import build_app

    asked = {"GRADIO_SSR_MODE": "true", "GRADIO_RUN_HISTORY": "true"}
    saved = {key: os.environ.get(key) for key in asked}
    os.environ.update(asked)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    demo = build_app(bot, eval_dir=tmp_path_factory.mktemp("eval"))
    try:
        demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
    finally:
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
    yield demo, f"http://127.0.0.1:{port}/"
    demo.close()


def test_run_history_is_unreachable_even_with_a_forged_host_header(server):
    """CVE-2026-134825 (gradio 6.27.0 before 6.32.0): SSR and run history stay off whatever the environment says."""
    import httpx

    demo, url = server
    assert demo.ssr_mode is False and demo.run_history is False
    for route in ("gradio_api/runs", "gradio_api/runs/", "gradio_api/run-history/records",
                  "gradio_api/run-history/buckets"):
        for host in ("localhost", "127.0.0.1", "localhost:7860"):
            response = httpx.get(url + route, headers={"Host": host}, timeout=10)
            assert response.status_code == 404, (route, host, response.status_code)
        response = httpx.post(url + "gradio_api/run-history/connect", headers={"Host": "localhost"}, json={},
                              timeout=10)
        assert response.status_code in (404, 405)
    assert httpx.get(url, timeout=10).status_code == 200  # the page itself is served


@pytest.mark.parametrize("question, history, says", [
    ("\ud800 why do I twitch?", [], "the question is not valid UTF-8 text"),
    ("Why?", [{"role": "user", "content": "\udcff"}], "history message 1 is not valid UTF-8 text"),
    ("Why?", [{"role": "user", "content": "Does coffee matter?"}] * 41, "the history has 41 messages; the limit is 40"),
    ("Why?", [{"role": "user", "content": "x" * 1_000_000}], "the limit is 20,000: send only the recent turns"),
])
def test_api_refuses_bad_text_and_oversized_history_with_one_line(server, question, history, says):
    """Raw HTTP, as any client may send it: gradio_client can't encode a lone surrogate at all."""
    import httpx

    url = server[1] + "gradio_api/call/ask"
    began = time.perf_counter()
    body = json.dumps({"data": [question, history]})  # ASCII JSON: a lone surrogate travels as "\ud800"
    event = httpx.post(url, content=body, headers={"Content-Type": "application/json"}, timeout=30).json()
    stream = httpx.get(f"{url}/{event['event_id']}", timeout=30).text
    assert "event: error" in stream and says in stream, stream  # was a bare "Error" for the surrogates
    assert time.perf_counter() - began < 5  # a 1 MB turn used to hold a worker ~5 s


def test_the_page_sends_only_the_recent_turns_of_a_long_conversation():
    from ui.conversation import history_of
    from bot.request import MAX_HISTORY_CHARS, MAX_HISTORY_TURNS, check_request

    turns = [{"question": f"Question {i}?", "answer": "An answer. " * 80} for i in range(60)]
    history = history_of(turns)
    check_request("And then?", history)  # within the limits
    assert 0 < len(history) <= MAX_HISTORY_TURNS and sum(len(t["content"]) for t in history) <= MAX_HISTORY_CHARS
    assert history[-2]["content"] == "Question 59?" and history[0]["role"] == "user"
