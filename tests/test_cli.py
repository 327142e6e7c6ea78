"""The `twitchqa` command as a user runs it: real processes, real model, real index."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

TWITCHQA = str(Path(sys.executable).parent / "twitchqa")


def run(*args, home: Path, stdin: str | None = None, prefix: tuple = ()) -> subprocess.CompletedProcess:
    env = {**os.environ, "TWITCHQA_HOME": str(home)}
    return subprocess.run([*prefix, TWITCHQA, *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_ask_works_with_no_network_at_all(corpus_home):
    """Proof that nothing is downloaded: the process has no network interface but loopback."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.fail("this test needs root and `unshare` (util-linux) to cut the network; CI has both")
    result = run("ask", "--json", "What is a normal potassium level?", home=corpus_home, prefix=("unshare", "-n"))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert not answer["refused"]
    for c in answer["citations"]:
        assert (ROOT / c["source"]).read_text(encoding="utf-8")[c["start"]:c["end"]] == c["text"]
    assert any("3.5-5 mmol/L" in c["text"] for c in answer["citations"])
    assert answer["citations"][0]["source"] == "corpus/martinos-twitching-part-1.md"


def test_ask_jsonl_answers_each_line_in_order(corpus_home):
    lines = [
        {"question": "Can low potassium cause twitching?"},
        {"question": "What level defines it?",
         "history": [{"role": "user", "content": "Can low potassium cause twitching?"}]},
        {"question": "What is the capital of France?"},
    ]
    result = run("ask", "--jsonl", "-", home=corpus_home, stdin="\n".join(json.dumps(x) for x in lines))
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == [x["question"] for x in lines]
    assert "potassium" in answers[1]["search_query"].lower()
    assert answers[2]["refused"]


def test_ask_jsonl_reports_bad_lines_keeps_their_place_and_answers_the_rest(corpus_home):
    lines = ['{"question": ""}', "not json", '{"question": "What level?", "history": [5]}',
             json.dumps({"question": "Why do my muscles twitch?"}), '{"history": []}']
    result = run("ask", "--jsonl", "-", home=corpus_home, stdin="\n".join(lines))
    assert result.returncode == 1  # a script notices that lines were skipped
    # one output line per input line, in order: a bad line's place holds an error object (drill42: it held nothing,
    # so the Nth answer was no longer the Nth question's)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("line") for o in out] == [1, 2, 3, None, 5]
    assert out[3]["question"] == "Why do my muscles twitch?" and "error" not in out[3]
    assert out[1] == {"line": 2, "error": 'not JSON: expected {"question": str, "history": [...]}'}
    assert all(set(o) == {"line", "error"} for o in out if o is not out[3])
    errors = result.stderr.splitlines()
    assert errors == [
        "twitchqa: -:1: the question is empty: ask something about muscle twitching (skipped)",
        'twitchqa: -:2: not JSON: expected {"question": str, "history": [...]} (skipped)',
        'twitchqa: -:3: history must be a list of {"role": "user"|"assistant", "content": str} (skipped)',
        'twitchqa: -:5: expected {"question": str, "history": [...]} (skipped)',
    ]


def test_ask_jsonl_missing_file_fails_before_the_model_loads(corpus_home, tmp_path):
    result = run("ask", "--jsonl", str(tmp_path / "nope.jsonl"), home=corpus_home)
    assert result.returncode == 1
    assert result.stderr.strip() == f"twitchqa: cannot read {tmp_path / 'nope.jsonl'}: No such file or directory"


def test_text_answer_lists_numbered_sources(corpus_home):
    result = run("ask", "Why do my muscles twitch?", home=corpus_home)
    assert result.returncode == 0, result.stderr
    assert "[1]" in result.stdout and "Sources:" in result.stdout and "corpus/" in result.stdout


@pytest.mark.parametrize("args, message", [
    (("ask", ""), "the question is empty"),
    (("ask", "x" * 1001), "limit is 1000"),
])
def test_bad_question_is_one_line_and_nonzero(tmp_path, args, message):
    result = run(*args, home=tmp_path / "nowhere")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_index_is_one_line_naming_the_fix(tmp_path):
    result = run("ask", "Why do my muscles twitch?", home=tmp_path / "empty")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"twitchqa: no index in {tmp_path / 'empty'}: run `twitchqa ingest` first"


def test_bench_without_the_articles_is_one_line(corpus_home, tmp_path):
    """Run from a folder without corpus/, the bench failed minutes in with a traceback from its first ingest."""
    nowhere = tmp_path / "nowhere"
    result = run("bench", "--corpus", str(nowhere), "--out", str(tmp_path / "out"), home=corpus_home)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == \
        f"twitchqa: {nowhere}: corpus folder not found; pass --corpus DIR or set TWITCHQA_CORPUS"


def test_missing_index_fails_before_anything_heavy_is_imported(tmp_path):
    """The error path is as light as `--help`: 0.21 CPU-s when it imported numpy (through the model id and the
    manifest check), 0.1 without (measured here, whole process)."""
    heavy = ["chromadb", "numpy", "onnxruntime", "sentence_transformers", "torch", "transformers"]
    script = ("import sys; from ui.cli import main; code = main(['ask', 'x', '--home', sys.argv[1]]); "
              f"print(code, sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "empty")], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert "no index in" in result.stderr
    assert result.stdout.strip() == "1 []"


def test_ingest_json_reports_what_it_did(tmp_path):
    home = tmp_path / "home"
    first = run("ingest", "--json", home=home)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert set(report) == {"articles", "passages", "embedded", "deleted", "texts_embedded", "resumed", "generation",
                           "seconds"}
    assert report["articles"] == 5 and report["embedded"] == report["passages"] > 0
    again = json.loads(run("ingest", "--json", home=home).stdout)
    assert again["embedded"] == 0


def test_every_command_has_help():
    for command in ("ingest", "ask", "chat", "serve", "eval"):
        result = subprocess.run([TWITCHQA, command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0 and "usage: twitchqa" in result.stdout


def test_chat_keeps_the_conversation(corpus_home):
    result = run("chat", home=corpus_home, stdin="Can low potassium cause twitching?\nWhat level defines it?\n")
    assert result.returncode == 0, result.stderr
    assert "(read as a follow-up to: “Can low potassium cause twitching?”)" in result.stdout
    assert "3.6 mmol/L" in result.stdout


def test_ingest_leaves_what_the_first_open_would_derive(tmp_path, monkeypatch):
    """`twitchqa ingest` derives the bot's stems, BM25 indexes, claims and front matter for the generation it
    serves (bot.derived.prepare), so the first `ask` reads them like every later one instead of deriving."""
    from bot.claims import ClaimIndex
    from bot.library import Library
    import bot.articles as articles_module
    from ingest.embed import MODEL_ID
    from ingest.server_files import LOCAL
    from ingest.generations import generation_dir
    from ingest.manifest import read_manifest

    home = tmp_path / "home"
    result = run("ingest", home=home)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    local = generation_dir(home, read_manifest(home)["generation"]) / LOCAL
    assert sorted(p.name.split("-")[0] for p in local.glob("*.pickle")) == ["articles", "claims", "elsewhere", "facts", "library",
                                                                          "prepared", "records", "subjects"]

    def refused(self):
        raise AssertionError("derived at open: the ingest left nothing for this code")

    import bot.subjects as subjects_module

    monkeypatch.setattr(Library, "derive", refused)
    monkeypatch.setattr(ClaimIndex, "derive", refused)
    monkeypatch.setattr(articles_module, "load_article", lambda path: refused(None))
    monkeypatch.setattr(subjects_module, "build", refused)
    import bot.relevance as relevance_module

    monkeypatch.setattr(relevance_module, "derive_facts", refused)
    claims = ClaimIndex(Library(home, MODEL_ID))
    assert relevance_module.claim_facts(claims).columns is not None
    assert len(claims.claims) > 100 and claims.lexical_scores("magnesium").max() > 0
    assert len(subjects_module.subjects(claims).levels) == len(claims.claims)
    assert claims.kept_elsewhere is not None  # read, as a question reads it (bot.elsewhere)


def test_ingest_as_the_program_collects_no_garbage_over_the_loaded_model_and_keeps_collecting(tmp_path):
    """`twitchqa ingest` run as the program (ui.cli_ingest.keep_loaded): no full collection walks torch's objects
    (the collector is off until the model loads, then what is loaded is frozen), and it is on again afterwards."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article = sorted(p for p in (ROOT / "corpus").glob("*.md") if p.name != "README.md")[0]  # the corpus README is no article
    shutil.copy(article, corpus / article.name)
    script = ("import gc, sys\n"
              "full = []\n"
              "gc.callbacks.append(lambda phase, info: full.append(1) if phase == 'start' and info['generation'] == 2\n"
              "                    and 'torch' in sys.modules and not gc.get_freeze_count() else None)  # over the model\n"
              "from ui.cli import main\n"
              "sys.argv = ['twitchqa', 'ingest', '--json', '--corpus', sys.argv[1], '--home', sys.argv[2]]\n"
              "code = main()\n"
              "print(code, gc.isenabled(), len(full), 'torch' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script, str(corpus), str(tmp_path / "home")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 True 0 True"
