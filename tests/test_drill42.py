"""drill42, a new user's and an operator's drill: `eval` against a data directory with no index, the web API asked
for an event it never had or sent a body that isn't JSON, and `chat` in a real pseudo-terminal given a multi-line
paste and Ctrl-C, through the real `twitchqa` processes."""
from __future__ import annotations

import os
import pty
import select
import subprocess
import time

from conftest import ROOT
from test_newcomer import TWITCHQA, call, served  # noqa: F401 (served: the real `twitchqa serve`)


def test_an_eval_that_finds_no_index_leaves_no_empty_report_folder(tmp_path):
    """`eval --home DIR` with no index said "no index" and left an empty DIR/eval/ (and DIR) behind."""
    home = tmp_path / "new-home"
    result = subprocess.run([TWITCHQA, "eval", "--home", str(home)], capture_output=True, timeout=600,
                            env={k: v for k, v in os.environ.items() if k != "TWITCHQA_HOME"})
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "no index in" in err, err
    assert not home.exists()
    # ...and a report folder that was there before is kept
    (tmp_path / "kept" / "eval").mkdir(parents=True)
    result = subprocess.run([TWITCHQA, "eval", "--home", str(tmp_path / "kept")], capture_output=True, timeout=600)
    assert result.returncode == 1 and (tmp_path / "kept" / "eval").is_dir()


def test_an_unknown_event_id_is_an_error_event_and_nothing_in_the_log(served):
    """`GET /gradio_api/call/ask/nonexistent-id` answered `event: error` / `"404: Not Found"` and wrote some 80 lines of
    traceback to the server's log for each such request (ui.stream_errors); answering goes on as before."""
    import httpx

    url, log = served
    for _ in range(3):
        stream = httpx.get(f"{url}gradio_api/call/ask/nonexistent-id", timeout=60).text
        assert stream.startswith("event: error") and "404" in stream, stream
    kind, answer = call(url, {"data": ["Can caffeine make my muscles twitch?"]})
    assert kind == "complete" and answer["citations"], answer
    assert "Traceback" not in log.read_text() and "RuntimeError" not in log.read_text(), log.read_text()[-3000:]


def test_a_body_not_sent_as_json_gets_415_and_one_line_naming_the_header(served):
    """A JSON body sent as text/plain, as a form (curl -d) or with no content type got 422 "the request body does not
    fit: body: Input should be a valid dictionary or object to extract fields from: …" (drill42), which never said the
    header was what was wrong. It is now 415 and one line naming the header to send; a JSON body is answered."""
    import httpx

    url, log = served
    endpoint = f"{url}gradio_api/call/ask"
    body = b'{"data": ["Can caffeine make my muscles twitch?"]}'
    for sent, named in (({"content-type": "text/plain"}, "this one was text/plain"),
                        ({"content-type": "application/x-www-form-urlencoded"}, "this one was application/x-www-form"),
                        ({}, "it had none")):
        response = httpx.post(endpoint, content=body, headers=sent, timeout=60)
        detail = response.json()["detail"]
        assert response.status_code == 415 and isinstance(detail, str) and "\n" not in detail, response.text
        assert detail.startswith('the request must be JSON with the header "Content-Type: application/json" ('
                                 + named), detail
    response = httpx.post(endpoint, content=b"{", headers={"content-type": "application/json"}, timeout=60)
    assert response.status_code == 422 and response.json()["detail"].startswith("the request body is not valid JSON")
    kind, answer = call(url, {"data": ["Can caffeine make my muscles twitch?"]})
    assert kind == "complete" and answer["citations"], answer
    assert "Traceback" not in log.read_text()


def chat_in_a_terminal(home, writes: list[bytes]) -> tuple[str, int]:
    """`twitchqa chat` in a real pseudo-terminal: each of `writes` sent in one write, a line once the chat waits at its
    prompt again (the last one should end the chat); the screen's output and the exit code."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the chat, on the branch's code
        os.environ.update({"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "TERM": "xterm", "NO_COLOR": "1"})
        os.execv(TWITCHQA, [TWITCHQA, "chat", "--home", str(home)])
    out = b""

    def read(until_prompt: bool, timeout: float) -> None:
        nonlocal out
        end, start = time.time() + timeout, len(out)
        while time.time() < end:
            if select.select([fd], [], [], 0.2)[0]:
                try:
                    out += os.read(fd, 65536)
                except OSError:  # the chat ended
                    return
            if until_prompt and out.rstrip().endswith(b"you>") and len(out) > start:
                return
        assert not until_prompt, f"no prompt after {timeout} s: {out[-400:]!r}"

    try:
        read(True, 180)
        for data in writes:
            time.sleep(0.3)
            os.write(fd, data)
            if data is writes[-1]:
                read(False, 120)  # until the chat ends
            else:  # a line sent: until the next prompt; a part of one: what it echoes
                read(data.endswith((b"\r", b"\n")), 120 if data.endswith((b"\r", b"\n")) else 0.5)
        for _ in range(100):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return out.decode("utf-8", "replace").replace("\r\n", "\n"), os.waitstatus_to_exitcode(status)
            time.sleep(0.1)
        raise AssertionError(f"the chat did not end: {out[-400:]!r}")
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)


def test_a_multi_line_paste_in_the_chat_is_one_message(corpus_home):
    """A paste of two lines, arriving at once as a terminal without bracketed paste sends it (tmux send-keys), was
    two questions, each answered (drill42). It is one message, answered once; lines typed apart stay questions."""
    out, code = chat_in_a_terminal(corpus_home, [b"Why do my muscles twitch?\nIs it ALS?\n", b":quit\r"])
    assert code == 0 and "Traceback" not in out, out[-1000:]
    assert out.count("Educational information") == 1, out
    assert out.count("you>") == 2 and "ALS" in out.split("Educational information")[0]  # the message, then :quit


def test_ctrl_c_at_the_chat_prompt_is_an_interruption_exit_130_and_ctrl_d_ends_it_with_0(corpus_home):
    """Ctrl-C at the prompt exited 0 without a word, as Ctrl-D does, while Ctrl-C during an answer exited 130
    (drill42): an interruption now exits 130 with "twitchqa: interrupted" wherever it comes; Ctrl-D (end of input)
    and :quit end the chat with 0."""
    out, code = chat_in_a_terminal(corpus_home, [b"half a question", b"\x03"])
    assert code == 130 and out.rstrip().endswith("twitchqa: interrupted") and "Traceback" not in out, out[-600:]
    out, code = chat_in_a_terminal(corpus_home, [b"\x04"])
    assert code == 0 and "Traceback" not in out and "interrupted" not in out, out[-600:]
