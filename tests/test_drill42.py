"""drill42, a new user's and an operator's drill: `eval` against a data directory with no index, and the web API asked
for an event it never had, through the real `twitchqa` processes."""
from __future__ import annotations

import os
import subprocess

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
