"""drill34, a new user's drill: `eval` with an empty or unreadable path flag, `eval` run outside the project folder,
article files named in another script or with accents, a question file joined from BOM files by `cat`, and `make
help`. Each through the real `twitchqa` process, model and Chroma (from a folder that is not the project's where it
matters), or the real loader on real files."""
from __future__ import annotations

import json
import os
import subprocess
import unicodedata

import pytest

from conftest import CORPUS, ROOT

from test_drill29 import QUESTION
from test_newcomer import TWITCHQA, call, run, served  # noqa: F401 (served: the real `twitchqa serve`)

# one answerable gold item, so an eval that runs at all is over in seconds
ITEM = {"id": "caffeine", "category": "answerable", "question": "Can drinking a lot of coffee make my muscles twitch?",
        "facts": [["caffeine"]], "gold_docs": ["twitch-causes-treatment"],
        "evidence": ["Drinking too much coffee, tea, or energy drinks that contain caffeine may cause muscle twitching."]}


def elsewhere(*args, cwd, home, env=None):
    """`twitchqa ARGS` run from `cwd`, a folder that is not the project's, as a user may."""
    return subprocess.run([TWITCHQA, *args], cwd=cwd, capture_output=True, timeout=600,
                          env={**os.environ, "TWITCHQA_HOME": str(home), **(env or {})})


@pytest.fixture
def one_item(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(ITEM) + "\n", encoding="utf-8")
    return path


# --- eval and bench: path flags ------------------------------------------------------------------------------------

@pytest.mark.parametrize("command, flag, what", [("eval", "--out", "folder"), ("eval", "--questions", "file"),
                                                 ("eval", "--thresholds", "file"), ("bench", "--out", "folder")])
def test_an_empty_path_flag_is_one_line_and_writes_nothing_where_it_runs(command, flag, what, corpus_home, one_item,
                                                                         tmp_path):
    """`eval --out ""` wrote report.md, report.json and three charts into the folder it ran in (Path("") is "."; here
    the project's), `--thresholds ""` was an IsADirectoryError traceback, `--questions ""` said ". cannot be read",
    and `bench --out ""` was taken as no --out. Now each is one line, as `--home ""` is (drill31)."""
    cwd = tmp_path / "here"
    cwd.mkdir()
    args = [command, flag, ""] + (["--questions", str(one_item)] if command == "eval" and flag != "--questions" else [])
    result = elsewhere(*args, cwd=cwd, home=corpus_home, env={"TWITCHQA_CORPUS": str(CORPUS)})
    err = result.stderr.decode()
    assert result.returncode == 1 and err == (f"twitchqa: {flag} is empty: give a {what}, or leave {flag} out for "
                                              "the default\n"), err
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize("kind", ["folder", "binary"])
def test_a_thresholds_file_that_cannot_be_read_is_one_line(kind, corpus_home, one_item, tmp_path):
    """`eval --thresholds DIR` (IsADirectoryError) and a binary file (UnicodeDecodeError) were tracebacks; a
    questions file of either kind already got one line."""
    path = tmp_path if kind == "folder" else tmp_path / "ls.toml"
    if kind == "binary":
        path.write_bytes(b"\xd0\xff\x00\x01" * 50)
    result = run("eval", "--questions", str(one_item), "--thresholds", str(path), home=corpus_home)
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"twitchqa: {path}: cannot be read as UTF-8 text (") and "pass --thresholds FILE" in err


def test_eval_run_outside_the_project_folder_takes_the_corpus_flag_its_error_names(corpus_home, one_item, tmp_path):
    """Run from another folder, `eval` said "corpus folder not found; pass --corpus DIR", and `eval --corpus DIR`
    was "unrecognized arguments": the fix it named did not exist. `ask` answers from any folder."""
    result = elsewhere("eval", "--questions", str(one_item), cwd=tmp_path, home=corpus_home)
    assert result.returncode == 1 and "pass --corpus DIR" in result.stderr.decode()
    result = elsewhere("eval", "--questions", str(one_item), "--corpus", str(CORPUS), "--out", str(tmp_path / "out"),
                       "--json", cwd=tmp_path, home=corpus_home)
    assert result.returncode in (0, 1), result.stderr.decode()  # 1: the gate's floors on a one-item set
    report = json.loads(result.stdout)
    assert report["n_items"] == 1 and report["corpus"] == str(CORPUS) and (tmp_path / "out" / "report.md").exists()
    assert "--corpus" in elsewhere("eval", "--help", cwd=tmp_path, home=corpus_home).stdout.decode()


# --- article file names --------------------------------------------------------------------------------------------

# The rule of ingest.load.slug: a file name's id keeps its ASCII letters and digits, accents dropped (NFKD), so one
# name typed either way gives one id. Must give this id / must give none (load_article then names the fix).
NAMED = {"café": "cafe", "cafe\u0301": "cafe", "Ärger Notes": "arger-notes", "ﬁle 2": "file-2", "My Notes 2.txt":
         "my-notes-2-txt", "naïve—notes": "naive-notes", "Crème brûlée": "creme-brulee"}
NO_ID = ["мышцы", "腿抽搐", "ギリシャ", "😬", "---"]


@pytest.mark.parametrize("name, expected", NAMED.items())
def test_a_file_name_with_latin_letters_gives_its_id_without_accents(name, expected):
    from ingest.load import slug

    assert slug(name) == expected
    assert slug(unicodedata.normalize("NFD", name)) == slug(unicodedata.normalize("NFC", name))


@pytest.mark.parametrize("name", NO_ID)
def test_a_plain_text_file_whose_name_gives_no_id_is_skipped_saying_to_rename_it(name, tmp_path):
    """`мышцы.txt` was skipped with "id '' must be lowercase letters, digits, …": an id nobody had given."""
    from ingest.errors import ArticleError
    from ingest.load import load_article, slug

    assert slug(name) == ""
    path = tmp_path / f"{name}.txt"
    path.write_text("Twitching notes\nMy calf twitches after running.\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="the file name has no letters a-z or digits to make an id from: "
                                           r"rename it \(e.g. `muscle-notes.txt`\), or start it with front matter"):
        load_article(path)
    (tmp_path / "given.txt").write_text("---\nid: notes\ntitle: Notes\n---\nMy calf twitches.\n", encoding="utf-8")
    path.write_text((tmp_path / "given.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_article(path).id == "notes"  # an id given in front matter is enough


def test_an_ingest_names_the_fix_for_a_cyrillic_file_name_and_gives_an_accented_one_its_id(tmp_path):
    """The real ingest: `мышцы.txt` is skipped with the rename line, `café.txt` is indexed as `cafe` (it was `caf`),
    and with one article indexed the summary says "1 article" (it said "indexed 1 articles into 1 passages")."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "мышцы.txt").write_text("Мышцы\nМышцы дёргаются после тренировки.\n", encoding="utf-8")
    (corpus / "café.txt").write_text("Café notes\nToo much coffee can make an eyelid twitch.\n", encoding="utf-8")
    home = tmp_path / "home"
    result = run("ingest", "--corpus", str(corpus), home=home)
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 1 and out.startswith("indexed 1 article into 1 passage in "), out + err
    assert err == (f"twitchqa: skipped {corpus / 'мышцы.txt'}: the file name has no letters a-z or digits to make an "
                   "id from: rename it (e.g. `muscle-notes.txt`), or start it with front matter naming one: "
                   "'---\\nid: muscle-notes\\ntitle: ...\\n---'\n")
    files = json.loads((home / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert [entry["doc_id"] for entry in files.values()] == ["cafe"]
    # the same name typed with a combining accent (as macOS writes it) is the same id, so the two are named
    (corpus / "cafe\u0301.txt").write_text("Cafe notes\nCoffee and twitching.\n", encoding="utf-8")
    result = run("ingest", "--corpus", str(corpus), home=home)
    assert result.returncode == 1 and "both have id 'cafe'" in result.stderr.decode(), result.stderr.decode()


# --- a question file joined from BOM files -------------------------------------------------------------------------

def test_a_question_file_joined_from_bom_files_by_cat_is_read_whole(corpus_home, tmp_path):
    """Two files saved as "UTF-8 with BOM" joined by `cat`: the second file's first line begins with a BOM, and
    `ask --jsonl` skipped it as "not JSON" and `eval --questions` refused the whole file."""
    bom = "\ufeff"
    joined = tmp_path / "joined.jsonl"
    line = json.dumps({"question": QUESTION})
    joined.write_text(f"{bom}{line}\n{bom}{line}\n", encoding="utf-8")
    result = run("ask", "--jsonl", str(joined), home=corpus_home)
    assert result.returncode == 0 and result.stderr == b"", result.stderr.decode()
    answers = [json.loads(x) for x in result.stdout.decode().splitlines()]
    assert len(answers) == 2 and answers[0]["answer"] == answers[1]["answer"] and not answers[1]["refused"]
    from evals.run import load_questions

    other = dict(ITEM, id="caffeine-2")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(f"{bom}{json.dumps(ITEM)}\n{bom}{json.dumps(other)}\n", encoding="utf-8")
    assert [item["id"] for item in load_questions(gold)] == ["caffeine", "caffeine-2"]


# --- make help ------------------------------------------------------------------------------------------------------

def test_make_help_lists_eval_and_clean():
    """`make eval` (the README's evals) and `make clean` (it deletes .venv and the index) had no `##` line, so `make
    help` left them out."""
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, timeout=60).stdout.decode()
    targets = {line.split()[1] for line in out.splitlines() if line.strip().startswith("make ")}
    assert {"eval", "clean", "run", "chat", "test", "index", "bench"} <= targets, out


# --- serve on an IPv6 address ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["::1", "[::1]"])
def test_serve_on_the_ipv6_loopback_answers_there(host, corpus_home, tmp_path):
    """`serve --host ::1` loaded the model and then ended in a traceback ("httpx.InvalidURL: Invalid port:
    ':1:7860'"): gradio checked its start at http://::1:7860/, a URL without the brackets an IPv6 address needs."""
    import socket

    with socket.socket(socket.AF_INET6) as sock:
        sock.bind(("::1", 0))
        port = sock.getsockname()[1]
    log = tmp_path / "stderr.txt"
    with open(log, "wb") as err:
        process = subprocess.Popen([TWITCHQA, "serve", "--host", host, "--port", str(port)], cwd=ROOT, stderr=err,
                                   stdout=subprocess.PIPE, env={**os.environ, "TWITCHQA_HOME": str(corpus_home)})
    try:
        line = process.stdout.readline().decode()
        assert line == f"twitchqa: web UI at http://[::1]:{port}/ (Ctrl-C to stop)\n", log.read_text()
        kind, answer = call(f"http://[::1]:{port}/", {"data": [QUESTION, []]})
        assert kind == "complete" and answer["citations"] and not answer["refused"], answer
    finally:
        process.terminate()
        process.wait(timeout=60)
    assert "Traceback" not in log.read_text()


# --- a question in another script ------------------------------------------------------------------------------------

# The rule of bot.request.latin: a question has a letter of the Latin script, the articles'. Must get "not in English"
# / must be asked. (The two Chinese and Russian rows were drill33's must-ask examples of a question with words: they
# have words, and were refused as "not covered" naming two articles that cover them.)
NOT_LATIN = ["腿抽搐", "мышцы дёргаются?", "Γιατί τρέμει το βλέφαρό μου;", "لماذا ترتعش عضلاتي؟", "まぶたがピクピクする",
             "눈꺼풀 떨림", "מה זה?", "😬 мышцы 42"]
LATIN = ["ß", "ALS 是什么?", "Ｂ１２", "𝐰𝐡𝐲 𝐭𝐰𝐢𝐭𝐜𝐡?", "¿Por qué me tiemblan los músculos?", "Warum zuckt mein Augenlid?",
         "мышцы twitch?", "İyi mi?"]


@pytest.mark.parametrize("text", NOT_LATIN)
def test_a_question_with_no_letter_of_the_articles_script_is_not_in_english(text):
    from bot.request import check_question, has_words, latin
    from ingest.errors import QuestionError

    assert has_words(text) and not latin(text)
    with pytest.raises(QuestionError, match="^the question is not in English, the language of the articles: ask in "
                                            "English"):
        check_question(text)


@pytest.mark.parametrize("text", LATIN)
def test_a_question_with_a_latin_letter_is_asked(text):
    from bot.request import check_question, latin

    assert latin(text) and check_question(text) == text.strip()


def test_a_chinese_question_gets_one_line_in_ask_and_chat_goes_on(corpus_home):
    """`twitchqa ask 腿抽搐是什么原因?` was refused as "The articles don't cover this question … The closest articles
    are “My Muscles are Twitching, Part 1” and …": the articles do cover why legs twitch, in English."""
    result = run("ask", "腿抽搐是什么原因?", home=corpus_home)
    err = result.stderr.decode()
    assert result.returncode == 1 and result.stdout == b"" and err.count("\n") == 1, err
    assert err.startswith("twitchqa: the question is not in English"), err
    chat = run("chat", home=corpus_home, stdin=f"Почему дёргаются мышцы?\n{QUESTION}\n".encode()).stdout.decode()
    assert "the question is not in English" in chat and chat.count("Sources:") == 1, chat


def test_a_russian_question_sent_to_the_api_gets_the_line(served):  # noqa: F811
    """The web API (what the page calls) gives the same line, as an error, not a refusal naming articles."""
    url, _ = served
    kind, said = call(url, {"data": ["Почему дёргаются мышцы?", []]})
    assert (kind, said.split(",")[0]) == ("error", "the question is not in English"), said


def test_chat_help_names_the_chat_commands(corpus_home):
    """`twitchqa chat --help` said only "Ask questions in turn"; :quote, :sources and :quit were in the README and
    the chat's own first line, not in its help."""
    out = run("chat", "--help", home=corpus_home).stdout.decode()
    assert all(word in out for word in (":quote N", ":sources", ":quit", "Ctrl-D")), out
