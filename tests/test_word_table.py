"""The encoder's word table (ingest.word_table): a common word's meaning vector read, not embedded, to the bit."""
from __future__ import annotations

import json
import shutil

import pytest

from ingest import word_table
from ingest.onnx_embed import FOLDER, META_FILE, load

# Words the gold questions look up (bot.asked.looked_up), and some the articles use or no question asks.
WORDS = ["lot", "afterwards", "calms", "safe", "pregnant", "bitcoin", "poem", "recipe", "invest", "stocks", "twitch",
         "magnesium", "the", "restrictions", "instructions", "finger", "flickering", "jumping"]


@pytest.fixture(scope="module")
def home_with_table(corpus_home, tmp_path_factory):
    """A copy of the corpus index whose encoder folder has a small word table."""
    home = tmp_path_factory.mktemp("tabled") / "home"
    shutil.copytree(corpus_home, home)
    folder = home / FOLDER
    word_table.build(load(home), folder, WORDS + word_table.english_words(300))
    return home


@pytest.fixture(scope="module")
def home_without_table(corpus_home, tmp_path_factory):
    """A copy of the corpus index with no word table (an ingest copies the installation's when `make` made one)."""
    home = tmp_path_factory.mktemp("untabled") / "home"
    shutil.copytree(corpus_home, home)
    for name in (word_table.INDEX, word_table.VECTORS):
        (home / FOLDER / name).unlink(missing_ok=True)
    return home


def test_a_word_s_row_in_the_table_is_the_bits_of_its_own_pass(home_with_table, bot):
    """Made in passes of 256 words, padded to the longest, each row must be the vector the word's own pass gives
    (and the one it gets beside a question), or an answer reading it could move."""
    onnx, weights = load(home_with_table), bot.library.token_weights
    table = word_table.load(home_with_table / FOLDER)
    assert table is not None and all(w in table for w in WORDS)
    for word in WORDS:
        alone = onnx.embed_pair([word], weights)[0][0]
        beside = onnx.embed_pair(["Can drinking a lot of coffee make my muscles twitch at night?", word], weights)[0][1]
        assert table.get(word).tobytes() == alone.tobytes() == beside.tobytes(), word


def test_a_table_made_for_another_export_of_the_encoder_is_not_read(home_with_table, tmp_path):
    folder = tmp_path / "encoder"
    shutil.copytree(home_with_table / FOLDER, folder)
    assert word_table.load(folder) is not None
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    meta["check_vector"][0] += 1e-3  # another export: its vectors would be another model's
    (folder / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    assert word_table.load(folder) is None
    (folder / word_table.INDEX).unlink()
    assert word_table.load(folder) is None


def test_a_question_whose_rare_word_the_table_holds_embeds_the_question_alone_and_answers_the_same(
        home_with_table, home_without_table):
    """"lot" is no article's word: answerability reads its vector (its nearest article word). With the table the
    question's pass reads the question alone (one row, not three padded to its length); the answer, its citations
    and notices are those of a bot that embeds the word."""
    from bot.pipeline import Bot

    question = "Can drinking a lot of coffee make my muscles twitch?"
    answers, rows = [], []
    for home in (home_without_table, home_with_table):
        bot = Bot.open(home)
        session = bot.embedder.session
        bot.embedder.session = type("Counted", (), {
            "run": lambda self, out, feed: rows.append((home, feed["input_ids"].shape[0])) or session.run(out, feed)})()
        answer = bot.ask(question).to_dict()
        answer.pop("timings_ms")
        answers.append(answer)
    assert answers[0] == answers[1]
    assert [n for home, n in rows if home == home_with_table] == [1]
    assert [n for home, n in rows if home == home_without_table] == [2]  # the question and "lot"


def test_the_message_without_its_unknown_words_is_embedded_only_when_a_refusal_reads_it(home_without_table):
    """bot.qualifier reads it when a refusal would name the words ("Can statins cause muscle twitching?"); an answered
    question with such a word never does, so it is not embedded ahead (it was a row padded to the question's)."""
    from bot.pipeline import Bot

    bot = Bot.open(home_without_table)
    runs = []
    session = bot.embedder.session
    bot.embedder.session = type("Counted", (), {"run": lambda self, out, feed: runs.append(feed) or session.run(out, feed)})()
    assert not bot.ask("Can drinking a lot of coffee make my muscles twitch?").refused
    assert [feed["input_ids"].shape[0] for feed in runs] == [2]  # the question and "lot"
    runs.clear()
    assert bot.ask("Can statins cause muscle twitching?").refused
    assert [feed["input_ids"].shape[0] for feed in runs] == [2, 1]  # the question and "statins"; then the rest
    (rest,) = bot.embedder.tokenizer.decode_batch(runs[1]["input_ids"].tolist(), skip_special_tokens=True)
    assert "statins" not in rest and "twitching" in rest


def test_an_ingest_copies_the_installation_s_table(embedder, home_with_table, tmp_path, monkeypatch):
    """`make` leaves the table beside the installation's export; an ingest into a data directory copies it with the
    export (60 MB, not ~40 CPU-s of passes), and not one made for another export."""
    from ingest import onnx_export

    installed = tmp_path / "venv" / "share" / "twitchqa" / "encoder-test"
    shutil.copytree(home_with_table / FOLDER, installed)
    monkeypatch.setattr(onnx_export, "installed_copy", lambda: installed)
    assert onnx_export.ensure(embedder, tmp_path / "first")  # the export copied, and its table
    assert word_table.load(tmp_path / "first" / FOLDER).get("lot").tobytes() \
        == word_table.load(installed).get("lot").tobytes()
    (tmp_path / "second" / FOLDER).mkdir(parents=True)
    for name in ("model.onnx", META_FILE):
        shutil.copyfile(installed / name, tmp_path / "second" / FOLDER / name)
    assert not onnx_export.ensure(embedder, tmp_path / "second")  # a sound export already: only the table copied
    assert word_table.load(tmp_path / "second" / FOLDER) is not None
