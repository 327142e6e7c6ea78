"""A third newcomer's drill (drill28): a closed standard output, a corpus folder holding link loops, and whatever
else a user following only the README ran into, each through the real `twitchqa` process with the real model and
Chroma. Every failure is one line on stderr, and nothing the user had is lost."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from test_newcomer import TWITCHQA, assert_contract, run
from test_ui_browser import chromium  # noqa: F401 (a fixture)

from conftest import ROOT


def answering(url: str, process: subprocess.Popen) -> int | None:
    """The status code the served page first answers with, or None if the server ended or never answered (2 min)."""
    import time

    import httpx

    for _ in range(240):
        if process.poll() is not None:
            return None
        try:
            return httpx.get(url, timeout=5).status_code
        except httpx.TransportError:
            time.sleep(0.5)
    return None


def run_closed_stdout(*args, home):
    """`twitchqa ARGS >&-`: the shell closed file descriptor 1 (Python then sets sys.stdout to None)."""
    env = {**os.environ, "TWITCHQA_HOME": str(home)}
    return subprocess.run([TWITCHQA, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, capture_output=False,
                          stderr=subprocess.PIPE, timeout=600, preexec_fn=lambda: os.close(1))


def test_ask_with_its_output_closed_says_so_in_one_line(corpus_home, tmp_path):
    """`twitchqa ask Q >&-` and `ask --jsonl F >&-` printed the answer into nothing (print() is silent when
    sys.stdout is None) and then ended in a traceback (AttributeError: 'NoneType' object has no attribute
    'flush'): the answer was lost and the user was shown a crash instead of why."""
    lines = tmp_path / "q.jsonl"
    lines.write_text('{"question": "Can caffeine make my muscles twitch?"}\n')
    for args in (("ask", "Can caffeine make my muscles twitch?"), ("ask", "--jsonl", str(lines)),
                 ("eval", "--questions", str(lines))):
        result = run_closed_stdout(*args, home=corpus_home)
        err = result.stderr.decode()
        assert "Traceback" not in err and result.returncode == 1, (args, err)
        assert err.count("\n") == 1 and "standard output is closed" in err, (args, err)


def test_a_link_loop_in_the_corpus_folder_is_named_and_the_rest_indexed(corpus_home, corpus_copy, tmp_path):
    """A link loop (`loop1.md -> loop2.md -> loop1.md`, or `self.md -> self.md`) ended the ingest in a traceback
    (RuntimeError: Symlink loop from '…/loop1.md'), and a link to a folder named `x.md` was left out without a word."""
    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    (corpus_copy / "loop1.md").symlink_to("loop2.md")
    (corpus_copy / "loop2.md").symlink_to("loop1.md")
    (corpus_copy / "self.md").symlink_to("self.md")
    (corpus_copy / "folder.md").symlink_to(".")
    result = run("ingest", "--corpus", str(corpus_copy), home=home)
    err = result.stderr.decode()
    assert "Traceback" not in err and "indexed 5 articles" in result.stdout.decode(), err
    lines = err.strip().splitlines()
    for name, says in (("loop1.md", "loops"), ("loop2.md", "loops"), ("self.md", "loops"), ("folder.md", "folder")):
        found = [line for line in lines if f"/{name}:" in line]
        assert len(found) == 1 and says in found[0], (name, err)
    assert result.returncode == 1, err  # a skipped article file fails the ingest, as any skipped article does
    answer = json.loads(run("ask", "--json", "Can caffeine make my muscles twitch?", home=home).stdout)
    assert not answer["refused"]
    assert_contract(answer)


def test_serve_with_its_output_closed_still_serves_the_page(corpus_home):
    """`twitchqa serve >&-` (as a service manager may start it) ended in a traceback before it listened: uvicorn's
    logging asked sys.stdout.isatty() of None ("ValueError: Unable to configure formatter 'default'")."""
    from test_ui_browser import free_port

    port = free_port()
    process = subprocess.Popen([TWITCHQA, "serve", "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1),
                               env={**os.environ, "TWITCHQA_HOME": str(corpus_home)})
    try:
        status = answering(f"http://127.0.0.1:{port}/", process)
        assert status == 200, process.stderr.read().decode() if process.poll() is not None else status
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_chat_and_ask_jsonl_stdin_with_their_input_closed_say_so_in_one_line(corpus_home):
    """`twitchqa chat <&-` and `twitchqa ask --jsonl - <&-` ended in a traceback (AttributeError: 'NoneType' object
    has no attribute 'reconfigure' / 'buffer'), after loading the model."""
    env = {**os.environ, "TWITCHQA_HOME": str(corpus_home)}
    for args in (("chat",), ("ask", "--jsonl", "-")):
        result = subprocess.run([TWITCHQA, *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                timeout=600, preexec_fn=lambda: os.close(0))
        err = result.stderr.decode()
        assert "Traceback" not in err and result.returncode == 1, (args, err)
        assert err.count("\n") == 1 and "standard input is closed" in err, (args, err)


def test_the_evals_tab_on_a_full_disk_says_so_in_its_status_and_the_server_log_stays_clean(corpus_home, chromium,
                                                                                           tmp_path):
    """Run evals on a server whose data directory's disk is full (a tmpfs in a private mount namespace, topped up
    with a filler) showed only "Error" on the page, and a 39-line traceback (OSError: [Errno 28] No space left on
    device, from writing report.md) in `twitchqa serve`'s log."""
    from test_ui_browser import free_port, open_app, upload_questions

    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.fail("this drill needs root and `unshare` (util-linux); CI has both")
    disk, port = tmp_path / "disk", free_port()
    disk.mkdir()
    questions = tmp_path / "mini.jsonl"
    questions.write_text("".join((ROOT / "evals" / "questions.jsonl").read_text().splitlines(True)[:2]))
    log = tmp_path / "serve.err"
    script = (f"mount -t tmpfs -o size=200m tmpfs {disk} && cp -a {corpus_home} {disk}/home && "
              f"rm -rf {disk}/home/eval && (dd if=/dev/zero of={disk}/filler bs=1M count=200 2>/dev/null; true) && "
              f"exec {TWITCHQA} serve --home {disk}/home --port {port} 2> {log}")
    process = subprocess.Popen(["unshare", "-m", "sh", "-c", script], cwd=ROOT, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        assert answering(url, process) is not None, log.read_text()
        page = open_app(context.new_page(), url)
        page.get_by_role("tab", name="Evals").click()
        upload_questions(page, questions)
        page.locator("#twqa-run-evals").click()
        page.wait_for_function("(s => s.includes('disk is full') || s.trim() === 'Error')"
                               "(document.querySelector('#twqa-eval-status').innerText)", timeout=120_000)
        status = page.locator("#twqa-eval-status").inner_text()
        assert "the disk is full" in status and "free some space" in status, status
        assert "Traceback" not in log.read_text(), log.read_text()
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=60)


def test_an_article_whose_file_name_is_not_utf8_is_named_and_the_rest_indexed(corpus_home, corpus_copy, tmp_path):
    """A file named in Latin-1 (`caf\\xe9.md`, as an old archive or a Windows share gives it) ended the ingest in a
    traceback from Chroma (TypeError: argument 'metadatas': Cannot convert Python object to UpdateMetadataValue):
    its path, decoded with surrogates, can't be stored, and no article was indexed."""
    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    name = os.fsdecode(b"caf\xe9-notes.md")
    (corpus_copy / name).write_text("---\nid: cafe-notes\ntitle: Notes\n---\n\nTwitching after exercise is common.\n")
    result = run("ingest", "--corpus", str(corpus_copy), home=home)
    err = result.stderr.decode(errors="replace")
    assert "Traceback" not in err and "indexed 5 articles" in result.stdout.decode(), err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "caf" in lines[0] and "UTF-8" in lines[0] and "rename" in lines[0], err
    assert result.returncode == 1, err
    answer = json.loads(run("ask", "--json", "Can caffeine make my muscles twitch?", home=home).stdout)
    assert not answer["refused"]
    assert_contract(answer)


@pytest.mark.parametrize("command", [("ingest",), ("ask", "Can caffeine make my muscles twitch?")])
def test_a_data_directory_whose_path_is_not_utf8_is_one_line(command, tmp_path):
    """`--home caf\\xe9-home` (a Latin-1 folder name) ended `ingest` in a traceback from Chroma's SQLite set-up
    (UnicodeEncodeError: surrogates not allowed), after loading the model."""
    home = os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9-home")
    result = run(*command, "--home", home, home=tmp_path)
    err = result.stderr.decode(errors="replace")
    assert "Traceback" not in err and result.returncode == 1, err
    assert err.count("\n") == 1 and "not UTF-8" in err and "TWITCHQA_HOME" in err, err


def test_an_answer_that_cannot_be_written_to_a_full_output_says_where(corpus_home, tmp_path):
    """`twitchqa ask Q > /dev/full` (the disk the output goes to is full) said "the disk is full …: free some space,
    or set TWITCHQA_HOME to a folder on another disk": the data directory was never the problem, the output was."""
    lines = tmp_path / "q.jsonl"
    lines.write_text('{"question": "Can caffeine make my muscles twitch?"}\n')
    env = {**os.environ, "TWITCHQA_HOME": str(corpus_home)}
    for args in (("ask", "Can caffeine make my muscles twitch?"), ("ask", "--json", "What is a normal potassium level?"),
                 ("ask", "--jsonl", str(lines))):
        with open("/dev/full", "wb") as full:
            result = subprocess.run([TWITCHQA, *args], cwd=ROOT, env=env, stdout=full, stderr=subprocess.PIPE,
                                    timeout=600)
        err = result.stderr.decode()
        assert "Traceback" not in err and result.returncode == 1, (args, err)
        assert err.count("\n") == 1 and "standard output" in err and "TWITCHQA_HOME" not in err, (args, err)


def test_bench_under_a_small_address_space_limit_is_one_line(corpus_home, tmp_path):
    """`twitchqa bench` under `ulimit -v 1000000`: its first child `twitchqa ask` said "not enough memory" and then
    the bench itself ended in a traceback (RuntimeError: bench: `twitchqa ask` failed on HOME (exit 1))."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1_000_000_000, resource.RLIM_INFINITY))

    env = {**os.environ, "TWITCHQA_HOME": str(corpus_home)}
    result = subprocess.run([TWITCHQA, "bench", "--scale", "1", "--out", str(tmp_path / "bench")], cwd=ROOT, env=env,
                            capture_output=True, timeout=600, preexec_fn=limit)
    err = result.stderr.decode()
    assert "Traceback" not in err and result.returncode == 1, err
    assert err.count("\n") == 1 and "not enough memory" in err and "ulimit -v" in err, err


def test_a_bad_uploaded_question_file_is_named_by_its_own_name_in_the_evals_tab(corpus_home, chromium, tmp_path):
    """An uploaded question file that isn't UTF-8 or JSON was named by the server's temporary copy
    ("/tmp/gradio/3b0eaa67…1d34053/bad.jsonl: cannot be read as UTF-8 text …"), a path the user never saw."""
    from test_ui_browser import free_port, open_app, upload_questions

    port = free_port()
    process = subprocess.Popen([TWITCHQA, "serve", "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "TWITCHQA_HOME": str(corpus_home)})
    url = f"http://127.0.0.1:{port}/"
    (tmp_path / "bad-bytes.jsonl").write_bytes(b"\xff\xfe\x00bad\n")
    (tmp_path / "not-json.jsonl").write_text("not json\n")
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        assert answering(url, process) is not None
        page = open_app(context.new_page(), url)
        page.get_by_role("tab", name="Evals").click()
        for name, says in (("bad-bytes.jsonl", "UTF-8"), ("not-json.jsonl", "JSON")):
            upload_questions(page, tmp_path / name)
            page.locator("#twqa-run-evals").click()
            # Gradio's progress overlay ("0.1s / loading … 0.0%") comes and goes around the message (CI stop 41
            # read it above the message twice, once after a check that it had gone), so the status is taken
            # from the same look that finds it starting with the file's name.
            status = page.wait_for_function(
                f"(s => (s.trim().startsWith('{name}') && s.includes('{says}')) ? s.trim() : false)"
                "(document.querySelector('#twqa-eval-status').innerText)", timeout=120_000).json_value()
            assert status.startswith(name) and "gradio" not in status and "/tmp" not in status, status
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=60)


def test_a_question_file_saved_with_a_byte_order_mark_is_read_whole(corpus_home, tmp_path):
    """A JSONL file saved as "UTF-8 with BOM" (Windows Notepad's default for years): `ask --jsonl` skipped its first
    question ("not JSON"), and `eval --questions` refused the whole file ("Unexpected UTF-8 BOM")."""
    bom = b"\xef\xbb\xbf"
    asks = tmp_path / "asks.jsonl"
    asks.write_bytes(bom + b'{"question": "Can caffeine make my muscles twitch?"}\r\n'
                     b'{"question": "What is a normal potassium level?"}\r\n')
    result = run("ask", "--jsonl", str(asks), home=corpus_home)
    assert result.returncode == 0 and not result.stderr, result.stderr.decode()
    answers = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [a["question"] for a in answers] == ["Can caffeine make my muscles twitch?",
                                                 "What is a normal potassium level?"]
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(bom + b"".join((ROOT / "evals" / "questions.jsonl").read_bytes().splitlines(True)[:2]))
    result = run("eval", "--questions", str(gold), "--out", str(tmp_path / "out"), home=corpus_home)
    assert "BOM" not in result.stderr.decode() and "2/2 items pass" in result.stdout.decode(), result.stderr.decode()


def test_bench_with_a_chroma_url_says_it_measures_the_data_directory_only(corpus_home, tmp_path):
    """`twitchqa bench --chroma-url URL` (or with TWITCHQA_CHROMA_URL set, as on a web machine) ignored the server
    without a word and spent minutes measuring the embedded index in --home instead."""
    result = run("bench", "--chroma-url", "http://127.0.0.1:1", "--out", str(tmp_path / "bench"), home=corpus_home)
    err = result.stderr.decode()
    assert "Traceback" not in err and result.returncode == 1, err
    assert err.count("\n") == 1 and "--chroma-url" in err and "bench" in err, err
    assert not (tmp_path / "bench").exists()
