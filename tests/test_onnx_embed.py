"""The torch-free query encoder (ingest.onnx_embed): the same vectors and answers as torch, a fast start."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import CORPUS, ROOT
from ingest.onnx_embed import FOLDER, ONNX_FILE, OnnxEmbedder, load, query_embedder

GOLD = [json.loads(line) for line in (ROOT / "evals" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()]
TWITCHQA = str(Path(sys.executable).parent / "twitchqa")


@pytest.fixture(scope="module")
def onnx(corpus_home) -> OnnxEmbedder:
    return load(corpus_home)


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    """Every sentence and passage text the index embeds (the longest are cut at 256 tokens)."""
    from ingest.chunk import chunk, embedding_texts
    from ingest.load import load_corpus

    texts, passages = set(), []
    for article in load_corpus(CORPUS)[0]:
        for passage in chunk(article):
            texts.update(embedding_texts(article.text, passage.sentences))
            passages.append(passage.embedding_text(article.title))
    return sorted(texts) + passages


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1)  # both unit length


@pytest.mark.parametrize("which", ["gold questions", "article texts"])
def test_onnx_vectors_equal_the_torch_ones_to_1e_4_cosine(which, embedder, onnx, bot, sentences):
    """On every gold question and on the articles' sentences: meaning and search vectors, one pass or many."""
    texts = [item["question"] for item in GOLD] if which == "gold questions" else sentences
    weights = bot.library.token_weights
    torch_meaning, torch_search = embedder.embed_pair(texts, weights)
    onnx_meaning, onnx_search = onnx.embed_pair(texts, weights)
    assert cosines(torch_meaning, onnx_meaning).min() >= 1 - 1e-4
    assert cosines(torch_search, onnx_search).min() >= 1 - 1e-4
    assert cosines(embedder.embed(texts), onnx.embed(texts)).min() >= 1 - 1e-4
    assert np.allclose(np.linalg.norm(onnx_meaning, axis=1), 1, atol=1e-5)


def test_onnx_reads_the_same_word_pieces_as_sentence_transformers(embedder, onnx, sentences):
    """tokenizer.json says 128 tokens and pads to 128; sentence-transformers cuts at 256 and pads to the longest."""
    longest = sorted(sentences, key=len)[-5:]
    assert max(len(embedder.model.tokenizer(t)["input_ids"]) for t in longest) > 128  # the cut is tested
    for text in longest + [item["question"] for item in GOLD[:20]]:
        expected = embedder.model.tokenizer(text, truncation=True, max_length=256)["input_ids"]
        assert onnx.tokenizer.encode(text).ids == expected


def test_gold_answers_are_identical_with_either_encoder(bot, corpus_home):
    from bot.pipeline import Bot

    fast = Bot.open(corpus_home)
    assert isinstance(fast.embedder, OnnxEmbedder)
    for item in GOLD:
        with_torch = bot.ask(item["question"], item.get("history")).to_dict()
        with_onnx = fast.ask(item["question"], item.get("history")).to_dict()
        with_torch.pop("timings_ms"), with_onnx.pop("timings_ms")
        assert with_onnx == with_torch, item["id"]


@pytest.mark.parametrize("damage", ["missing", "corrupt", "wrong weights"])
def test_a_broken_onnx_file_falls_back_to_torch_says_so_once_and_is_rebuilt(damage, corpus_home, tmp_path, capsys):
    from ingest import onnx_embed
    from ingest.embed import Embedder

    home = tmp_path / "home"
    shutil.copytree(corpus_home / FOLDER, home / FOLDER)
    path = home / FOLDER / ONNX_FILE
    if damage == "missing":
        path.unlink()
    elif damage == "corrupt":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # a copy cut short
    else:  # a model that loads but whose numbers are off: noise on every weight
        import onnx
        from onnx import numpy_helper

        model = onnx.load(str(path))
        noise = np.random.default_rng(0)
        for tensor in model.graph.initializer:
            weights = numpy_helper.to_array(tensor)
            if weights.dtype == np.float32:
                tensor.CopyFrom(numpy_helper.from_array(weights + noise.normal(0, 0.05, weights.shape).astype(
                    np.float32), tensor.name))
        onnx.save(model, str(path))
    onnx_embed._said.clear()
    embedder = query_embedder(home)
    assert isinstance(embedder, Embedder)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "using the torch model" in lines[0] and "exported a new one" in lines[0], lines
    assert isinstance(load(home), OnnxEmbedder)  # the next start is fast again


def test_ask_through_a_broken_encoder_still_answers_with_one_line_on_stderr(corpus_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    (home / FOLDER / ONNX_FILE).write_bytes(b"not a model")
    env = {**os.environ, "TWITCHQA_HOME": str(home)}
    result = subprocess.run([TWITCHQA, "ask", "--json", "Why do my muscles twitch?"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["citations"]
    assert len(result.stderr.splitlines()) == 1 and "using the torch model" in result.stderr
    again = subprocess.run([TWITCHQA, "ask", "--json", "Why do my muscles twitch?"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and again.stderr == ""  # rebuilt by the first run
    assert json.loads(again.stdout)["citations"] == json.loads(result.stdout)["citations"]


HEAVY = ("torch", "sentence_transformers", "transformers", "scipy", "sympy", "matplotlib", "chromadb",
         "langchain_core", "onnxruntime", "gradio")


def modules_after(code: str, home: Path | None = None) -> set[str]:
    """Which of the HEAVY modules a fresh interpreter has imported after running `code`."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(ROOT), **({"TWITCHQA_HOME": str(home)} if home else {})}
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_help_and_a_bad_question_import_nothing_heavy(tmp_path):
    assert modules_after("from ui.cli import parser\nparser().format_help()") == set()
    assert modules_after("from ui.cli import main\nassert main(['ask', '']) == 1") == set()
    assert modules_after(f"from ui.cli import main\nassert main(['ask', 'why?', '--home', '{tmp_path}']) == 1") \
        == set()  # no index: said before the bot's imports


def test_answering_imports_neither_torch_nor_sentence_transformers(corpus_home):
    loaded = modules_after("from ui.cli import main\nassert main(['ask', 'Why do my muscles twitch?']) == 0",
                           home=corpus_home)
    assert "onnxruntime" in loaded and not loaded & {"torch", "sentence_transformers", "transformers"}


def test_a_new_data_directory_copies_the_installation_s_export_instead_of_exporting(embedder, tmp_path, monkeypatch):
    """The export (about 2 CPU-s, a tenth of an ingest of the five articles) is made once per installation: the
    first one is kept in the virtual environment, and an ingest into another data directory copies it; a copy
    made from another model, onnxruntime or torch is not used."""
    from ingest import onnx_export

    installed = tmp_path / "venv" / "share" / "twitchqa" / "encoder-test"
    monkeypatch.setattr(onnx_export, "installed_copy", lambda: installed)
    assert onnx_export.ensure(embedder, tmp_path / "first")  # none installed: exported, and kept as the installation's
    assert (installed / ONNX_FILE).read_bytes() == (tmp_path / "first" / FOLDER / ONNX_FILE).read_bytes()

    class Exported(Exception):
        pass

    def export(*args):
        raise Exported

    monkeypatch.setattr(onnx_export, "export", export)
    assert onnx_export.ensure(embedder, tmp_path / "second")  # copied
    texts = ["Why do my muscles twitch at night?", "Can low potassium cause twitching?"]
    assert np.min(cosines(load(tmp_path / "second").embed(texts), embedder.embed(texts))) >= 1 - 1e-4
    assert not onnx_export.ensure(embedder, tmp_path / "second")  # sound already: nothing written
    (tmp_path / "second" / FOLDER / ONNX_FILE).write_bytes(b"not a model")  # the data directory's own file, not a link
    assert (installed / ONNX_FILE).read_bytes() == (tmp_path / "first" / FOLDER / ONNX_FILE).read_bytes()

    meta = json.loads((installed / "model.json").read_text(encoding="utf-8"))
    meta["source"]["onnxruntime"] = "0.0"  # made for another onnxruntime
    (installed / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(Exported):
        onnx_export.ensure(embedder, tmp_path / "third")


def test_texts_embedded_together_get_the_bits_of_their_own_passes(onnx, bot):
    """query_pairs embeds a question with the texts its reading embeds next (bot.pipeline.Bot.ahead) in one pass:
    each text's vectors must be those of its own pass to the bit, shorter (padded) or longer than the others, or
    an answer could move."""
    weights = bot.library.token_weights
    history_answers = [t["content"] for item in GOLD for t in item.get("history") or [] if t["role"] == "assistant"]
    words = ["statins", "gabapentin", "physio", "booze", "TENS"]
    for n, item in enumerate(GOLD[:60]):
        texts = [item["question"], words[n % len(words)], *history_answers[n % len(history_answers):][:1]]
        onnx.kept.clear()
        onnx.query_pairs(texts, weights)  # one pass: the texts kept
        for text in texts:
            meaning, search = onnx.embed_pair([text], weights)  # each alone
            assert onnx.query_pair(text, weights)[0].tobytes() == meaning[0].tobytes()
            assert onnx.query_pair(text, weights)[1].tobytes() == search[0].tobytes()


def test_a_question_with_a_word_the_articles_lack_makes_one_forward_pass(corpus_home):
    """The unknown word answerability looks up, the message without its denied sign triage reads, and the sentences
    the worried reader reads share the question's pass (they were a pass each: 43 of the gold questions' 61 passes
    besides their own). (The message without its unknown words is embedded only when a refusal reads it:
    tests/test_word_table.py.)"""
    from bot.pipeline import Bot

    bot = Bot.open(corpus_home)
    runs = []
    session = bot.embedder.session
    bot.embedder.session = type("Counted", (), {"run": lambda self, *a, **k: runs.append(1) or session.run(*a, **k)})()
    for question in ("Can drinking a lot of coffee make my muscles twitch?", "My calf twitches but there's no weakness at all, is that ok?",
                     "My eyelid twitches. Is it ALS? I am scared."):  # the worried reader reads each sentence (4 passes)
        runs.clear()
        bot.ask(question)
        assert len(runs) == 1, question


def test_emergencies_search_the_warning_signs_once_per_index(corpus_home):
    """The passages the warning signs' text finds depend on no question: found at the first emergency, then kept
    (a whole search, ~3 CPU-ms at 1,000 articles), and the answers are the same as when each searched."""
    from bot.pipeline import WARNING_SIGNS_TEXT, Bot

    bot, searched = Bot.open(corpus_home), []
    search = bot.retriever.search
    bot.retriever.search = lambda query, k, *also: searched.append(query) or search(query, k, *also)
    messages = ("I can barely breathe and my chest muscles keep twitching", "Out of nowhere I can't get my words out "
                "and the left side of my face is twitching.")
    first = [bot.ask(m).to_dict() for m in messages]
    assert all(a["notices"][0]["kind"] == "urgent" for a in first)
    assert searched.count(WARNING_SIGNS_TEXT) == 1
    fresh = Bot.open(corpus_home)
    for message, answer in zip(reversed(messages), reversed(first)):
        again = fresh.ask(message).to_dict()
        again.pop("timings_ms"), answer.pop("timings_ms")
        assert again == answer
