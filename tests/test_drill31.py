"""A fifth newcomer's drill (drill31): what drill29 left (an empty question file said nothing; malformed JSON sent to
the API got FastAPI's validation objects; a chunked body over 8 MB got "There was an error parsing the body") and
what a new user found since, each through the real `twitchqa` process, the real model, Chroma and web server."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess

import pytest

from conftest import ROOT

from test_drill29 import QUESTION
from test_newcomer import TWITCHQA, assert_contract, call, run, served  # noqa: F401 (served: the real `twitchqa serve`)


# --- ask --jsonl -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"\n\n   \n", b"\xef\xbb\xbf\n"], ids=["empty", "blank", "bom-only"])
def test_a_question_file_with_no_question_says_so_in_one_line(corpus_home, tmp_path, content):
    """`ask --jsonl FILE` on an empty file exited 0 and printed nothing (drill29): a user who gave the wrong file got
    no word. Now one line naming the file, exit 1, before the model loads."""
    questions = tmp_path / "questions.jsonl"
    questions.write_bytes(content)
    result = run("ask", "--jsonl", str(questions), home=corpus_home)
    err = result.stderr.decode()
    assert result.returncode == 1 and result.stdout == b"", err
    assert err.count("\n") == 1 and str(questions) in err and "holds no questions" in err, err


def test_empty_standard_input_says_so_and_is_not_an_error(corpus_home):
    """`cmd | twitchqa ask --jsonl -` with nothing from cmd: one line, exit 0 (a pipe with nothing to send)."""
    result = run("ask", "--jsonl", "-", home=corpus_home, stdin=b"")
    err = result.stderr.decode()
    assert result.returncode == 0 and result.stdout == b"", err
    assert err.count("\n") == 1 and "standard input: holds no questions" in err, err


def test_a_question_file_given_as_a_pipe_is_answered(corpus_home):
    """`ask --jsonl <(cmd)`: the binary check opened the file a second time and read the pipe's questions away, so
    nothing was asked and it exited 0 without a word (drill31). The check now reads the handle the lines come from."""
    line = json.dumps({"question": QUESTION})
    result = subprocess.run(["bash", "-c", 'exec "$TWITCHQA" ask --jsonl <(printf "%s\\n" "$LINE")'], cwd=ROOT,
                            capture_output=True, timeout=600,
                            env={**os.environ, "TWITCHQA_HOME": str(corpus_home), "TWITCHQA": TWITCHQA, "LINE": line})
    assert result.returncode == 0, result.stderr.decode()
    answers = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(answers) == 1 and answers[0]["question"] == QUESTION and answers[0]["citations"], answers
    assert_contract(answers[0])


# --- the data directory, the command line and make ----------------------------------------------------------

def twitchqa_in(folder, *args, env=None) -> subprocess.CompletedProcess:
    """`twitchqa ARGS` run in `folder`, with no TWITCHQA_HOME unless env gives one."""
    environ = {k: v for k, v in os.environ.items() if k != "TWITCHQA_HOME"}
    return subprocess.run([TWITCHQA, *args], cwd=folder, capture_output=True, timeout=600, env={**environ, **(env or {})})


@pytest.mark.parametrize("flags", [(), ("--home", "relative-home")], ids=["default-.twitchqa", "relative-home"])
def test_a_relative_data_directory_answers(corpus_home, tmp_path, flags):
    """The default data directory, .twitchqa, is a relative path, and the cold path's count of Chroma's SQLite file
    called Path.as_uri() on it: `twitchqa ask` (and `make run`, `chat`) ended in "ValueError: relative path can't be
    expressed as a file URI" (drill31). The tests' indexes are all in absolute temp folders, so none saw it."""
    shutil.copytree(corpus_home, tmp_path / (flags[1] if flags else ".twitchqa"))
    result = twitchqa_in(tmp_path, "ask", "--json", *flags, QUESTION)
    err = result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err, err
    answer = json.loads(result.stdout)
    assert not answer["refused"] and answer["citations"], answer
    for c in answer["citations"]:
        assert open(c["source"] if os.path.isabs(c["source"]) else ROOT / c["source"], encoding="utf-8").read()[
            c["start"]:c["end"]] == c["text"]


@pytest.mark.parametrize("args", [("ingest", "--home", ""), ("ask", "--home", " ", QUESTION),
                                  ("ingest", "--corpus", "")], ids=["ingest-home", "ask-home", "corpus"])
def test_an_empty_folder_flag_is_one_line_and_writes_nothing(tmp_path, args):
    """`twitchqa ingest --home ""`: Path("") is ".", so the index (chroma/, encoder/, generations/, manifest.json,
    write.lock) was written among the files of the folder it ran in, after 90 s of embedding (drill31)."""
    result = twitchqa_in(tmp_path, *args)
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "is empty: give a folder" in err, err
    assert list(tmp_path.iterdir()) == []


def test_an_empty_twitchqa_home_means_the_default(corpus_home, tmp_path):
    """`TWITCHQA_HOME= twitchqa ask`: an empty variable named "." as the data directory; it now means unset, as an
    empty TWITCHQA_CHROMA_URL already did."""
    shutil.copytree(corpus_home, tmp_path / ".twitchqa")
    result = twitchqa_in(tmp_path, "ask", "--json", QUESTION, env={"TWITCHQA_HOME": ""})
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["citations"]


def test_an_unquoted_question_is_asked(corpus_home):
    """`twitchqa ask can caffeine make my muscles twitch` (no quotes) got "unrecognized arguments: caffeine make my
    muscles twitch" under the top-level usage line (drill31). The words are now the question."""
    words = QUESTION.rstrip("?").split()
    result = run("ask", "--json", *words, home=corpus_home)
    assert result.returncode == 0, result.stderr.decode()
    answer = json.loads(result.stdout)
    assert answer["question"] == " ".join(words) and not answer["refused"] and answer["citations"], answer
    assert_contract(answer)


def test_make_help_lists_the_targets():
    """`make help` said "No rule to make target 'help'" though every target carries a ## line (drill31)."""
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, timeout=60)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "make run" in out and "make chat" in out and "make test" in out and "web UI" in out, out


def test_ask_after_a_first_ingest_that_filled_the_disk_does_not_call_it_interrupted(tmp_path):
    """A first ingest into a 1 MB tmpfs ends "the disk is full …"; `ask` then said "the first ingest … was
    interrupted" (drill31), which it was not. It now says the ingest did not finish, and to run it again."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.fail("this drill needs root and `unshare` (util-linux); CI has both")
    from test_newcomer import ingest_then_ask

    disk = tmp_path / "disk"
    disk.mkdir()
    result = ingest_then_ask(f"mount -t tmpfs -o size=1m tmpfs {disk}", ROOT / "corpus", disk / "home")
    err = result.stderr.decode()
    assert "Traceback" not in err and "exit 1" in err and "the disk is full" in err, err
    full = next(line for line in err.splitlines() if "the disk is full" in line)
    reason = full.rsplit("): free some space", 1)[0]  # cut at a word (it ended "database or disk is f)", drill31)
    assert reason.endswith(("full", "…", "writer", "segment")) or reason[-1] in ".)", full
    last = err.strip().splitlines()[-1]
    assert "did not finish" in last and "run `twitchqa ingest` again" in last and "interrupted" in last, err
    assert result.stdout == b""


# --- the web API -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, says", [
    (b"{", "the request body is not valid JSON (Expecting property name enclosed in double quotes at character 1)"),
    (b"not json", "the request body is not valid JSON (Expecting value at character 0)"),
    (b"", "the request body is empty"),
    (b'{"data": 5}', "the request body does not fit: body.data: Input should be a valid list"),
    (b"{}", "the request body does not fit: body.data: Field required"),
])
def test_a_malformed_api_request_gets_one_line(served, body, says):  # noqa: F811
    """Malformed JSON got a 422 whose detail was FastAPI's list of {type, loc, msg, input, ctx} objects (drill29)."""
    import httpx

    url, log = served
    response = httpx.post(url + "gradio_api/call/ask", content=body, headers={"content-type": "application/json"},
                          timeout=60)
    detail = response.json()["detail"]
    assert response.status_code == 422 and isinstance(detail, str), response.text
    assert detail.startswith(says) and '{"data": ["QUESTION", HISTORY]}' in detail and "\n" not in detail, detail
    assert "Traceback" not in log.read_text()


def test_a_chunked_body_over_the_limit_gets_413_and_the_line(served):  # noqa: F811
    """A chunked body (no Content-Length) over 8 MB got FastAPI's 400 "There was an error parsing the body" (drill29):
    the limit's exception surfaced inside FastAPI's body read, which turned it into its own error."""
    url, log = served
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(b"POST /gradio_api/call/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"a" * 1_000_000
        try:
            for _ in range(12):
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server may answer and close before the last chunk
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            more = sock.recv(65536)
            if not more:
                break
            reply += more
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), reply[:300]
    assert json.loads(body)["detail"] == ("the request body is over 8,000,000 bytes; the limit is 8,000,000: a "
                                          "question is at most 1,000 characters, an uploaded question file at most 5 MB")
    kind, answer = call(url, {"data": [QUESTION, []]})  # and the server goes on answering
    assert kind == "complete"
    assert_contract(answer)
    assert "Traceback" not in log.read_text()


@pytest.mark.parametrize("command", ["bench", "eval"])
def test_out_given_a_file_is_one_line_before_any_work(corpus_home, command):
    """`bench --out /etc/passwd` ended in a FileExistsError traceback after its cold-start runs (drill31); `eval`'s
    line for it said to "free some space". Both now say the folder can't be written, and nothing more."""
    result = run(command, "--out", "/etc/passwd", home=corpus_home)
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err and err.count("\n") == 1, err
    assert "cannot write" in err and "/etc/passwd (File exists)" in err and "free some space" not in err, err
    assert result.stdout == b""


# The rule of bot.request.visible: a question that shows nothing is empty. Must be refused as empty / must be asked.
INVISIBLE = ["", "   \n\t", "\u200b", "\u200b\u200c\u200d", "\ufeff \u2060", "\u00ad", "\u202e", "\u3000\u200b"]
VISIBLE = ["😬", "💪🏽", "👨\u200d⚕️", "\u200bALS?", "a", "?", "\u202eIs it ALS?", "腿抽搐"]


@pytest.mark.parametrize("text", INVISIBLE)
def test_a_question_that_shows_nothing_is_empty(text):
    from bot.request import visible

    assert not visible(text)


@pytest.mark.parametrize("text", VISIBLE)
def test_a_question_that_shows_something_is_asked(text):
    from bot.request import visible

    assert visible(text)


def test_zero_width_spaces_are_an_empty_question_in_ask_and_chat(corpus_home):
    """`twitchqa ask $'\\u200b\\u200b'` (or the page, or chat) was asked and refused as "not covered" (drill31); an
    empty question says it is empty, before the model loads."""
    result = run("ask", "\u200b\u200b\u200b", home=corpus_home)
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "the question is empty" in err, err
    typed = f"\u200b\u2060\n{QUESTION}\n".encode()
    chat = run("chat", home=corpus_home, stdin=typed).stdout.decode()
    assert "the question is empty" in chat and chat.count("Sources:") == 1, chat


# The rule of ingest.load.repeated_field: a front matter gives each field once. Must be refused / must load.
REPEATED = ["id: a\ntitle: A\nid: b\n", "id: a\ntitle: A\ntitle: B\n", "id: a\ntitle: A\nauthor: X\nauthor:  Y\n"]
ONCE = ["id: a\ntitle: A\n", "id: a\ntitle: A\nnote: |\n  id: not a field\n  id: nor this\n",
        "id: a\ntitle: 'id: b'\n", "id: a\ntitle: A\ntags:\n  - id\n  - id\n", "id: a\n# id: old\ntitle: A\n"]


@pytest.mark.parametrize("front", REPEATED)
def test_a_field_given_twice_is_refused(front, article_with):
    from ingest.errors import ArticleError
    from ingest.load import load_article

    with pytest.raises(ArticleError, match="twice: keep one"):
        load_article(article_with(front))


@pytest.mark.parametrize("front", ONCE)
def test_each_field_given_once_loads(front, article_with):
    from ingest.load import load_article

    assert load_article(article_with(front)).id == "a"


def test_an_article_giving_its_id_twice_is_skipped_in_one_line(corpus_home, tmp_path):
    """`id: dupkey` then `id: dupkey2`: YAML kept the last, and the article was indexed as dupkey2 without a word
    (drill31). Now the ingest names the field, skips the file and indexes the others."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "droracle-what-causes-twitching.md", corpus)
    (corpus / "twice.md").write_text("---\nid: twice\ntitle: Twice\nid: twice-again\n---\nTwitching body.\n")
    result = run("ingest", "--corpus", str(corpus), home=tmp_path / "home")
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err, err
    assert err.count("\n") == 1 and "twice.md: front matter gives `id` twice: keep one" in err, err
    assert "indexed 1 articles" in result.stdout.decode() or "indexed 1 article" in result.stdout.decode()


def test_a_long_reason_is_cut_at_a_word():
    """The full-disk line cut Chroma's reason at 120 characters, mid-word: "… database or disk is f)" (drill31)."""
    from ingest.errors import short_reason

    reason = ("Error updating collection: Database error: error returned from database: (code: 13) database or disk is "
              "full")
    assert short_reason(RuntimeError(reason)) == f"RuntimeError: {reason}"  # 118 characters: whole
    cut = short_reason(RuntimeError(reason), 60)
    assert cut.endswith(" …") and reason.startswith(cut[len("RuntimeError: "):-2]) and cut[-3] != " ", cut
