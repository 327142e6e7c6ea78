"""A running bot across ingests (#19 items 1 and 2): real `twitchqa ingest` processes, a real Bot asked
from two threads as the web server's two workers ask it, real Chroma. Zero errors, zero citations
whose offsets miss the file, through an edit's re-ingest, a rebuild, a killed rebuild and a killed
first ingest (which the next ingest resumes)."""
from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from bot import frozen
from bot.pipeline import Bot
from ingest.errors import IndexMissing
from ingest.index import sync

TWITCHQA = str(Path(sys.executable).parent / "twitchqa")
# Three of the five articles: each ingest process then takes seconds, not a minute, on a busy 2-core machine.
ARTICLES = ("droracle-what-causes-twitching.md", "droracle-why-muscles-twitch.md", "martinos-twitching-part-1.md")
QUESTIONS = ("What is a normal potassium level?", "Why do my muscles twitch?", "Can stress make muscles twitch?",
             "Is twitching a sign of ALS?")
EDITED = "martinos-twitching-part-1.md"


COUNT_SAVED = """
import sys
from pathlib import Path
from ingest.manifest import BUILDING, read_json
from ingest.store import SENTENCE_SEARCH, GenerationGone, Store
building = read_json(Path(sys.argv[1]) / BUILDING)
try:
    print(Store.open(Path(sys.argv[1]), building["generation"]).collection(SENTENCE_SEARCH).count() if building else 0)
except GenerationGone:
    print(0)
"""


def edit(corpus: Path) -> None:
    """A paragraph added above the body: every offset after it moves, and the index no longer matches."""
    path = corpus / EDITED
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + len("\n---\n")
    path.write_text(text[:end] + "\nThis paragraph was added after the article was indexed.\n" + text[end:],
                    encoding="utf-8")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, embedder):
    """A corpus of three articles and its index, built once; each test gets a fresh copy of both."""
    root = tmp_path_factory.mktemp("swap")
    (root / "corpus").mkdir()
    for name in ARTICLES:
        shutil.copy(CORPUS / name, root / "corpus" / name)
    sync(root / "corpus", root / "pristine", embedder)
    return root


@pytest.fixture
def indexed(pristine):
    """(corpus, home): the corpus as indexed and a private copy of its index (the corpus path is shared,
    since the manifest names its files; each test gets its text back)."""
    for name in ARTICLES:
        shutil.copy(CORPUS / name, pristine / "corpus" / name)
    home = pristine / f"home-{time.monotonic_ns()}"
    shutil.copytree(pristine / "pristine", home)
    return pristine / "corpus", home


def ingest(corpus: Path, home: Path, *flags: str) -> subprocess.Popen:
    env = {**os.environ, "TWITCHQA_HOME": str(home)}
    return subprocess.Popen([TWITCHQA, "ingest", "--corpus", str(corpus), "--json", *flags], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def mismatches(answer) -> list[str]:
    """Citations whose text is not the file's text at their offsets (the answer contract)."""
    return [f"{c.source}:{c.start}-{c.end}" for c in answer.citations
            if Path(c.source).read_text(encoding="utf-8")[c.start:c.end] != c.text]


class Askers:
    """Two threads asking the bot in a loop, recording every error and every citation off its file."""

    def __init__(self, bot: Bot):
        self.bot, self.answers, self.errors, self.off = bot, 0, [], []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(2)]
        for thread in self.threads:
            thread.start()

    def run(self, n: int) -> None:
        while not self.stop.is_set():
            try:
                answer = self.bot.ask(QUESTIONS[(self.answers + n) % len(QUESTIONS)])
                self.off += mismatches(answer)
                self.answers += 1
            except Exception as exc:  # noqa: BLE001 - any error at all is what this test counts
                self.errors.append(f"{type(exc).__name__}: {exc}")

    def finish(self) -> Askers:
        self.stop.set()
        for thread in self.threads:
            thread.join()
        return self


def until(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def cites_the_edit(bot: Bot) -> bool:
    """Whether the bot answers from the edited article's new text (offsets moved by the new paragraph)."""
    answer = bot.ask("What is a normal potassium level?")
    return not answer.refused and not mismatches(answer) and any(c.source.endswith(EDITED) for c in answer.citations)


def test_an_edited_article_is_never_misquoted_before_it_is_reingested(indexed, embedder):
    corpus, home = indexed
    bot = Bot.open(home, embedder=embedder)
    assert any(c.source.endswith(EDITED) for c in bot.ask("What is a normal potassium level?").citations)
    edit(corpus)
    answer = bot.ask("What is a normal potassium level?")
    assert mismatches(answer) == []
    assert answer.refused and answer.citations == [] and "twitchqa ingest" in answer.answer
    assert EDITED in answer.refusal_reason
    others = [bot.ask(q) for q in ("Can muscle relaxants like cyclobenzaprine help severe twitching?",
                                   "Why do muscles twitch?", "Can dehydration cause twitching?")]
    assert all(mismatches(a) == [] for a in others)
    assert any(not a.refused and a.citations for a in others)  # the articles that didn't change still answer


@pytest.mark.parametrize("flags", [(), ("--rebuild",)], ids=["edit-and-ingest", "rebuild"])
def test_a_running_bot_answers_through_an_ingest_and_then_from_the_new_index(indexed, embedder, flags):
    corpus, home = indexed
    bot = Bot.open(home, embedder=embedder)
    edit(corpus)
    askers = Askers(bot)
    process = ingest(corpus, home, *flags)
    try:
        assert process.wait(timeout=300) == 0, process.stderr.read()
        until(lambda: cites_the_edit(bot), seconds=30)  # switched to the new index, without a restart
    finally:
        askers.finish()
    assert askers.errors == [] and askers.off == []
    assert askers.answers > 20


def test_a_rebuild_killed_part_way_leaves_the_old_index_answering(indexed, embedder):
    corpus, home = indexed
    bot = Bot.open(home, embedder=embedder)
    askers = Askers(bot)
    process = ingest(corpus, home, "--rebuild")
    database = home / "chroma" / "chroma.sqlite3"
    written = database.stat().st_mtime_ns
    try:
        until(lambda: database.stat().st_mtime_ns != written or process.poll() is not None)
        time.sleep(2)  # well into embedding the new index
        assert process.poll() is None, "the rebuild finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait()
        time.sleep(1)
    finally:
        askers.finish()
    assert askers.errors == [] and askers.off == [] and askers.answers > 0
    fresh = Bot.open(home, embedder=embedder)  # what the next `twitchqa ask` or `serve` opens
    for question in QUESTIONS:
        answer = fresh.ask(question)
        assert mismatches(answer) == [] and (answer.citations or answer.refused)
    assert not fresh.ask("What is a normal potassium level?").refused
    from ingest.generations import collection_names
    from ingest.manifest import BUILDING, read_json
    from ingest.store import chroma_client

    leftover = read_json(home / BUILDING)["generation"]
    assert sync(corpus, home, embedder).generation == fresh.library.generation  # nothing changed: nothing built
    assert not {name for name in collection_names(chroma_client(home)) if name.startswith(f"g{leftover}-")}


def test_an_interrupted_first_ingest_resumes_from_its_saved_batches(tmp_path, embedder):
    from ingest.store import Store

    corpus, home = tmp_path / "corpus", tmp_path / "home"
    corpus.mkdir()
    for name in ARTICLES:
        shutil.copy(CORPUS / name, corpus / name)
    process = ingest(corpus, home)

    def saved() -> int:
        """Sentences the generation being built holds, counted by another process: a process that reads
        a collection while another one writes it can keep a stale view of it (Chroma 1.5 embedded)."""
        counted = subprocess.run([sys.executable, "-c", COUNT_SAVED, str(home)], cwd=ROOT, capture_output=True,
                                 text=True, check=True)
        return int(counted.stdout)

    try:
        until(lambda: saved() > 0 or process.poll() is not None)
        with pytest.raises(IndexMissing, match="an ingest is building the index"):
            Bot.open(home, embedder=embedder)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    kept = saved()
    assert kept > 0, "the ingest ended before it had saved a batch"
    with pytest.raises(IndexMissing, match="did not finish \\(interrupted, or it failed: see its last line\\): "
                                         "run `twitchqa ingest` again \\(it resumes\\)"):
        Bot.open(home, embedder=embedder)
    report = sync(corpus, home, embedder)
    stored = Store.open(home, report.generation)
    total = sum(stored.collection(kind).count() for kind in ("passages", "sentences", "words"))
    assert report.resumed >= kept > 0
    assert report.texts_embedded == total - report.resumed < total
    answer = Bot.open(home, embedder=embedder).ask("What is a normal potassium level?")
    assert not answer.refused and mismatches(answer) == []


def test_a_held_bot_still_frees_the_library_it_swaps_out(indexed, embedder):
    """bot.frozen: what Bot.open built and the first answer made are frozen out of the cyclic collector's view, yet a
    swap to a newer index frees the old library (its cycles included) and freezes the new one."""
    corpus, home = indexed
    bot = Bot.open(home, embedder=embedder)
    gc.collect()  # this test process's earlier garbage, not frozen for good by the hold below
    frozen.hold()
    try:
        opened = gc.get_freeze_count()
        assert not bot.ask(QUESTIONS[1]).refused
        assert gc.get_freeze_count() > opened  # and what the first answer made once per index (frozen.settle)
        old = weakref.ref(bot.library)
        edit(corpus)
        sync(corpus, home, embedder)
        bot.follow_index(wait=True)
        assert old() is None
        assert gc.get_freeze_count() > 0 and cites_the_edit(bot)
    finally:
        frozen.let_go()
