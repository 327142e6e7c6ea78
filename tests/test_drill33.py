"""drill31's leftovers (drill33): a question with no words was refused naming the closest articles; `title: [a, b]`
loaded as the title "['a', 'b']"; `bench --scale 1,,` was read as 1; and whether an ingest resumed after Ctrl-C
embeds again what the interrupted one had saved. Each through the real `twitchqa` process, model and Chroma."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import CORPUS, ROOT

from test_drill29 import QUESTION
from test_newcomer import TWITCHQA, call, run, served  # noqa: F401 (served: the real `twitchqa serve`)


# --- a question with no words ------------------------------------------------------------------------------------

# The rule of bot.request.has_words: a question in words has a letter of some script. Must get "no words" / must be
# asked. Emoji (with skin tones, ZWJ sequences, variation selectors, keycaps), punctuation, symbols and digits alone
# have none; one word beside them, CJK or a vitamin's name does.
NO_WORDS = ["😬", "💪🏽💪🏽", "👨\u200d⚕️", "❤️", "1️⃣", "???", "?!…", "→ ★ ©", "42", "2 + 2 = ?", "\u0301\u0308",
            "😬\u200b😬"]
# (drill34 moved "腿抽搐" and "мышцы дёргаются?" to its own table: they have words, but none in the articles' script)
WORDS = ["😬 twitching?", "ALS?", "B12?", "a", "\u202eIs it ALS?", "ß", "5 mg magnesium?", "👁️ twitch"]


@pytest.mark.parametrize("text", NO_WORDS)
def test_a_question_without_a_letter_has_no_words(text):
    from bot.request import check_question, has_words
    from ingest.errors import QuestionError

    assert not has_words(text)
    with pytest.raises(QuestionError, match="^the question has no words: ask about muscle twitching in words"):
        check_question(text)


@pytest.mark.parametrize("text", WORDS)
def test_a_question_with_a_letter_is_asked(text):
    from bot.request import check_question, has_words

    assert has_words(text) and check_question(text) == text.strip()


def test_an_emoji_question_gets_one_line_asking_for_words_in_ask_and_chat(corpus_home):
    """`twitchqa ask 😬` was refused as "not covered", naming the two closest articles (drill31): now one plain line,
    before the model loads, as for an empty question; chat says it and answers the next question."""
    result = run("ask", "😬😬", home=corpus_home)
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "the question has no words" in err, err
    assert result.stdout == b""
    chat = run("chat", home=corpus_home, stdin=f"👍🏽 ???\n{QUESTION}\n".encode()).stdout.decode()
    assert "the question has no words" in chat and chat.count("Sources:") == 1, chat


def test_an_emoji_question_sent_to_the_api_gets_the_line(served):  # noqa: F811
    """The web API (what the page calls) gives the same one line, as an error, not a refusal naming articles."""
    url, _ = served
    kind, said = call(url, {"data": ["😬💪🏽", []]})
    assert (kind, said.split(":")[0]) == ("error", "the question has no words"), said


# --- a title that is a list ----------------------------------------------------------------------------------------

# The rule in ingest.load: `title` is one value. Must be refused / must load (with this title).
NOT_ONE = ["title: [a, b]", "title: {a: b}", "title:\n  - a\n  - b", "title: []"]
ONE = {"title: Twitching, a guide": "Twitching, a guide", 'title: "[a, b]"': "[a, b]", "title: 2024": "2024",
       "title: 'x: y'": "x: y", "title: >-\n  Folded\n  title": "Folded title"}


@pytest.mark.parametrize("field", NOT_ONE)
def test_a_title_that_is_not_one_value_is_refused(field, article_with):
    from ingest.errors import ArticleError
    from ingest.load import load_article

    with pytest.raises(ArticleError, match="front matter's `title` is a (list|mapping): give one line of text"):
        load_article(article_with(f"id: a\n{field}"))


@pytest.mark.parametrize("field", ONE)
def test_a_title_of_one_value_loads(field, article_with):
    from ingest.load import load_article

    assert load_article(article_with(f"id: a\n{field}")).title == ONE[field]


def test_an_article_whose_title_is_a_list_is_skipped_in_one_line(tmp_path):
    """`title: [a, b]` was indexed under the title "['a', 'b']" without a word (drill31)."""
    import shutil

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "droracle-what-causes-twitching.md", corpus)
    (corpus / "listed.md").write_text("---\nid: listed\ntitle: [a, b]\n---\nTwitching body.\n")
    result = run("ingest", "--corpus", str(corpus), home=tmp_path / "home")
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err and err.count("\n") == 1, err
    assert "listed.md: front matter's `title` is a list: give one line of text" in err, err
    assert "indexed 1 article" in result.stdout.decode()


# --- bench --scale ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("scale", ["1,,", ",1", "1,", ",", "1 000", "+5", "1_000", "١٠٠"])
def test_bench_refuses_an_empty_or_odd_size_in_one_line(scale, tmp_path, capsys):
    """`bench --scale 1,,` ran as `--scale 1` (drill31): checked before the index, in one line."""
    from ui.cli import main

    assert main(["bench", "--home", str(tmp_path), "--scale", scale]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 1 and "--scale takes sizes separated by commas" in errors[0] and repr(scale) in errors[0]


@pytest.mark.parametrize("scale", ["", "100", "1000, 100", " 100 ,1000 "])
def test_bench_takes_sizes_separated_by_commas(scale, tmp_path, capsys):
    from ui.cli import main

    assert main(["bench", "--home", str(tmp_path), "--scale", scale]) == 1  # no index here: the next check
    err = capsys.readouterr().err
    assert "--scale" not in err and "twitchqa ingest" in err, err


# --- an ingest resumed after Ctrl-C ---------------------------------------------------------------------------------

COUNT_HELD = """
import json, sys
from pathlib import Path
from ingest.manifest import BUILDING, read_json
from ingest.store import PASSAGES, SENTENCE_SEARCH, WORDS, GenerationGone, Store
building = read_json(Path(sys.argv[1]) / BUILDING)
try:
    store = Store.open(Path(sys.argv[1]), building["generation"]) if building else None
    print(json.dumps([store.collection(k).count() for k in (PASSAGES, SENTENCE_SEARCH, WORDS)] if store else [0, 0, 0]))
except GenerationGone:
    print(json.dumps([0, 0, 0]))
"""


def test_an_ingest_resumed_after_ctrl_c_embeds_only_what_was_not_saved(tmp_path):
    """drill31 saw "53 embedded (283 records kept)" after Ctrl-C: the 283 sentences were kept and the 53 passages,
    one batch (ingest.index.BATCH is 256), had not been saved: the designed granularity, not a loss. Ctrl-C a real
    first ingest once it has saved sentences (here it lands in the words, after 53 passages, 283 sentences and 256
    of 1,129 words were saved); the next one keeps every saved record and embeds at most the records it lacks."""
    home = tmp_path / "home"
    env = {**os.environ, "TWITCHQA_HOME": str(home)}

    def held() -> list[int]:  # counted by another process: one that reads while another writes can see a stale view
        counted = subprocess.run([sys.executable, "-c", COUNT_HELD, str(home)], cwd=ROOT, capture_output=True,
                                 text=True, check=True)
        return json.loads(counted.stdout)

    process = subprocess.Popen([TWITCHQA, "ingest", "--json"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)  # its own group, as a terminal's job
    try:
        deadline = time.monotonic() + 300
        while not ((home / "chroma").is_dir() and held()[1] > 0) and process.poll() is None:
            assert time.monotonic() < deadline, "no sentence saved in 300 s"
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130 and b"interrupted" in err, err
    kept = held()
    assert kept[1] > 0
    resumed = run("ingest", "--json", home=home)
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads(resumed.stdout.decode().splitlines()[-1])
    from ingest.store import PASSAGES, SENTENCE_SEARCH, WORDS, counts_on_disk

    total = counts_on_disk(home, report["generation"], (PASSAGES, SENTENCE_SEARCH, WORDS))
    print(f"held at Ctrl-C (passages, sentences, words): {kept}; of {total}; resumed report: {report}")
    assert report["resumed"] == sum(kept)  # every saved record kept
    assert report["embedded"] == total[0] - kept[0]  # passages: only those not saved
    assert report["texts_embedded"] <= sum(total) - sum(kept)  # nothing saved was embedded again
