"""A fourth newcomer's drill (drill29): what drill28 left (a closed stderr, the wording after a Chroma server went
down mid-ingest, `eval --out` on a full disk, a newline in an article's file name, Enter pressed twice) and what a
hostile, careless user found since, each through the real `twitchqa` process with the real model and Chroma. Every
failure is one line on stderr, and nothing the user had is lost."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from test_newcomer import TWITCHQA, assert_contract, run

from conftest import ROOT

QUESTION = "Can caffeine make my muscles twitch?"


def shell(script: str, home, **kwargs) -> subprocess.CompletedProcess:
    """`sh -c SCRIPT` from the project folder with TWITCHQA_HOME=home (for redirections like `2>&-`)."""
    env = {**os.environ, "TWITCHQA_HOME": str(home), "TWITCHQA": TWITCHQA}
    return subprocess.run(["sh", "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=600, **kwargs)


def test_with_stderr_closed_an_error_never_lands_in_the_answers_place(corpus_home):
    """`twitchqa ask Q 2>&-`: Python sets sys.stderr to None and print(file=None) writes to stdout, so the error
    line took the answer's place on stdout, where a script reading JSON got it (drill28). Now stdout holds only
    answers, the exit code still says it failed, and an answer still comes out whole."""
    failed = shell('exec "$TWITCHQA" ask "" 2>&-', corpus_home)
    assert failed.returncode == 1 and failed.stdout == b"", failed.stdout
    answered = shell(f'exec "$TWITCHQA" ask --json "{QUESTION}" 2>&-', corpus_home)
    assert answered.returncode == 0, answered.stdout
    assert_contract(json.loads(answered.stdout))


def test_an_ingest_whose_chroma_server_goes_down_says_to_ingest_again(embedder, corpus_copy, tmp_path):
    """A Chroma server killed mid-ingest: the line ended "check that it is running, then ask again" (drill28), but
    what to run once it is back is the ingest, which then keeps what it had embedded."""
    from test_chroma_server import ChromaServer

    from ingest.errors import StoreUnreachable
    from ingest.index import sync

    server = ChromaServer(tmp_path / "data", tmp_path / "chroma.log")
    server.start()

    class StopsTheServerFirst:  # the real model; the server is killed just before the first vectors go to it
        def __getattr__(self, name):
            return getattr(embedder, name)

        def embed_pair(self, *args, **kwargs):
            server.stop()
            return embedder.embed_pair(*args, **kwargs)

    try:
        with pytest.raises(StoreUnreachable) as raised:
            sync(corpus_copy, tmp_path / "home", StopsTheServerFirst(), chroma_url=server.url)
    finally:
        server.stop()
    line = str(raised.value)
    assert "stopped answering" in line and "run `twitchqa ingest` again" in line and "ask again" not in line, line
    assert "\n" not in line


def test_eval_out_on_a_full_disk_names_out_before_the_model_loads(corpus_home, tmp_path):
    """`eval --out DIR` on a full disk asked every question, then said "the disk is full …: set TWITCHQA_HOME to a
    folder on another disk" (drill28): the report was going to --out, and the minutes of asking were lost."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.fail("this drill needs root and `unshare` (util-linux); CI has both")
    disk = tmp_path / "disk"
    disk.mkdir()
    questions = tmp_path / "mini.jsonl"
    questions.write_text("".join((ROOT / "evals" / "questions.jsonl").read_text().splitlines(True)[:1]))
    script = (f"mount -t tmpfs -o size=1m tmpfs {disk} && (dd if=/dev/zero of={disk}/filler bs=64k 2>/dev/null; "
              f"true) && exec \"$TWITCHQA\" eval --questions {questions} --out {disk}/report")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True, timeout=600,
                            env={**os.environ, "TWITCHQA_HOME": str(corpus_home), "TWITCHQA": TWITCHQA})
    err = result.stderr.decode()
    assert "Traceback" not in err and result.returncode == 1, err
    assert err.count("\n") == 1 and f"{disk}/report" in err and "--out" in err and "TWITCHQA_HOME" not in err, err
    assert result.stdout == b""  # it stopped before asking anything


def test_an_article_file_name_holding_a_newline_is_printed_on_one_line(corpus_home, corpus_copy, tmp_path):
    """A file named `line\\nbreak.md` printed its source on two lines in `ask`'s sources (drill28), and a skipped
    file so named made its error two lines; an escape sequence in a name went to the terminal as it was."""
    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    for article in corpus_copy.glob("*-*.md"):  # each article's name gets a line break, so whichever is cited has one
        article.rename(article.with_name(article.name.replace("-", "\n", 1)))
    (corpus_copy / "bad\n\x1b[2Jname.md").write_text("no front matter here\n")
    result = run("ingest", "--corpus", str(corpus_copy), home=home)
    err = result.stderr.decode()
    assert "Traceback" not in err and result.returncode == 1, err
    assert err.count("\n") == 1 and "bad\\n\\x1b[2Jname.md" in err and "\x1b" not in err, err
    shown = run("ask", QUESTION, home=home).stdout.decode()
    source = [line for line in shown.splitlines() if line.startswith("[")]
    assert source and all(".md:" in line and "\\n" in line for line in source), shown
    answer = json.loads(run("ask", "--json", QUESTION, home=home).stdout)  # the JSON keeps the exact name
    cited = {c["source"] for c in answer["citations"]}
    assert cited and all("\n" in s for s in cited), cited
    for c in answer["citations"]:
        path = c["source"] if os.path.isabs(c["source"]) else ROOT / c["source"]
        assert open(path, encoding="utf-8").read()[c["start"]:c["end"]] == c["text"]


def test_enter_pressed_twice_in_the_chat_keeps_the_conversation(corpus_home):
    """In `twitchqa chat` an empty line quit: Enter pressed twice, or once more while an answer was being found (the
    terminal keeps it for the next prompt), ended the conversation without a word, and the follow-up was never
    asked. An empty line is now nothing; `:quit` (or Ctrl-D) leaves."""
    typed = f"{QUESTION}\n\n\nHow much is too much?\n:quit\nIs it ALS?\n".encode()
    result = run("chat", home=corpus_home, stdin=typed)
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err, err
    assert out.count("Sources:") == 2, out  # both questions answered; nothing after :quit
    assert "read as a follow-up" in out, out


def test_enter_pressed_again_on_the_page_after_an_answer_says_nothing(bot, tmp_path):
    """On the page, Enter pressed again after a question (the box is empty by then) put "the question is empty"
    beside the answer, though the user had done nothing wrong (drill28). A first empty Enter still says so."""
    from ui.handlers import PageHandlers

    on = PageHandlers(bot, None, tmp_path)
    *_, first = on.respond(QUESTION, [])
    turns = first[1]
    assert len(turns) == 1 and first[4] == ""
    *_, again = on.respond("  ", turns)
    assert again[1] == turns and again[4] == "", again[4]
    *_, empty = on.respond("", [])
    assert "the question is empty" in str(empty[4])



def test_a_corpus_that_is_a_file_says_so(tmp_path):
    """`ingest --corpus corpus/martinos-twitching-part-1.md` (an article, not its folder) said "corpus folder not found"."""
    article = ROOT / "corpus" / "martinos-twitching-part-1.md"
    result = run("ingest", "--corpus", str(article), home=tmp_path / "home")
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "is a file, not the corpus folder" in err, err


def test_a_corpus_folder_this_user_cannot_read_is_one_line(corpus_copy, tmp_path):
    """`chmod 000 corpus` (or a folder owned by another user): the ingest ended in a traceback from os.listdir
    (PermissionError). Run without root's right to read anything (setpriv drops CAP_DAC_OVERRIDE)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.fail("this drill needs root and `setpriv` (util-linux); CI has both")
    corpus_copy.chmod(0)
    try:
        result = subprocess.run(["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search",
                                 TWITCHQA, "ingest", "--corpus", str(corpus_copy), "--home", str(tmp_path / "home")],
                                cwd=ROOT, capture_output=True, timeout=600)
    finally:
        corpus_copy.chmod(0o755)
    err = result.stderr.decode()
    assert "Traceback" not in err and result.returncode == 1, err
    assert err.count("\n") == 1 and "cannot be read" in err and str(corpus_copy) in err, err


def peak_rss_mb(args, **kwargs) -> tuple[subprocess.CompletedProcess, float]:
    """Run `args` under a small Python parent; the child's exit and its peak resident memory (MB)."""
    import sys

    wrapper = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", wrapper, *args], cwd=ROOT, capture_output=True, timeout=600,
                            **kwargs)
    *lines, peak = result.stderr.decode().rstrip("\n").split("\n")
    result.stderr = "\n".join(lines).encode() + (b"\n" if lines else b"")
    return result, int(peak) / 1024


def test_an_endless_line_is_skipped_as_it_is_read_not_held_in_memory(corpus_home, tmp_path):
    """`ask --jsonl /dev/zero`, or a file or pipe with one endless line, read the whole line into memory and the run
    ended "not enough memory" at 3.5 GB, losing the questions after it; `chat < /dev/zero` too (drill29). Now a line
    over 1 MB is skipped as it is read (peak memory is the model's), and the next question is answered."""
    env = {**os.environ, "TWITCHQA_HOME": str(corpus_home)}
    endless = b"a" * 150_000_000
    questions = tmp_path / "q.jsonl"
    questions.write_bytes(b'{"question": "Can caffeine make my muscles twitch?"}\n' + endless
                          + b'\n{"question": "What is a normal potassium level?"}\n')
    result, peak = peak_rss_mb([TWITCHQA, "ask", "--jsonl", str(questions)], env=env)
    err = result.stderr.decode()
    assert "Traceback" not in err and result.returncode == 1, err
    assert err == f"twitchqa: {questions}:2: the line is 150,000,000 bytes long; the limit is 1,000,000: a question " \
                  "is at most 1,000 characters (skipped)\n", err
    assert [json.loads(line).get("refused") for line in result.stdout.splitlines()] == [False, None, False]
    assert json.loads(result.stdout.splitlines()[1])["line"] == 2  # the skipped line's place (drill42)
    typed = tmp_path / "typed.txt"
    typed.write_bytes(b"Can caffeine make my muscles twitch?\n" + endless + b"\nWhat about coffee?\n")
    with open(typed, "rb") as stdin:
        chat, chat_peak = peak_rss_mb([TWITCHQA, "chat"], env=env, stdin=stdin)
    out = chat.stdout.decode()
    assert chat.returncode == 0 and out.count("Sources:") == 2 and "the line is 150,000,000 characters" in out, out
    # the model and index: ~270 MB here (measured); holding the line took its 150 MB at least, twice as text
    assert max(peak, chat_peak) < 400, (peak, chat_peak)


def test_a_question_file_saved_as_utf16_with_a_bom_is_read(corpus_home, tmp_path):
    """A question file saved by Windows PowerShell (`> q.jsonl` writes UTF-16 with a byte order mark): each line was
    two lines skipped as "not UTF-8" and "not JSON", and nothing was answered (drill29)."""
    questions = tmp_path / "q.jsonl"
    questions.write_bytes('{"question": "Can caffeine make my muscles twitch?"}\r\n'
                          '{"question": "What is a normal potassium level?"}\r\n'.encode("utf-16"))  # UTF-32: the same path
    result = run("ask", "--jsonl", str(questions), home=corpus_home)
    assert result.returncode == 0 and result.stderr == b"", result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == ["Can caffeine make my muscles twitch?", "What is a normal potassium level?"]
    for answer in answers:
        assert_contract(answer)


@pytest.mark.parametrize("path", ["/bin/sh", "/dev/zero", "utf-16-without-bom"])
def test_a_binary_question_file_is_one_line_before_the_model_loads(path, tmp_path):
    """`ask --jsonl /bin/ls` printed a "not UTF-8 … (skipped)" line for each of its ~900 lines; /dev/zero read until
    memory ran out. A file whose first 8 KB hold a NUL byte, with no BOM to explain it, is one line."""
    if path == "utf-16-without-bom":
        path = tmp_path / "q.jsonl"
        path.write_bytes('{"question": "Can caffeine make my muscles twitch?"}\n'.encode("utf-16-le"))
    result = run("ask", "--jsonl", str(path), home=tmp_path / "no-index-needed")
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "binary data" in err and "UTF-8" in err, err
