"""What a bot derives from a generation of the index, kept beside the generation: the next open reads it.

Opening 1,000 synthetic articles spent most of its 9.5 CPU-seconds deriving, from records no question
changes, the same structures every time: the stems of every sentence and article, two BM25 indexes
(passages, claims) and the claims (ingest.chunk.claim_groups for each passage). The ingest can't build
them (imports point ingest <- bot), so the first bot to open a generation derives them and pickles them
into the generation's folder (`local/`, which a Chroma server never gets: each machine derives its own,
ingest.server_files); later opens read them.

A file is named by everything it was derived from: the generation, the articles (the manifest's sha256s),
the records' order, and the code that derives it (its modules' source, the data files they read and the
versions of the packages they use), so any edit of those derives it afresh, and a stale file is never
read. The data directory is trusted as the index itself is (reading a pickle can run code; nothing but
twitchqa writes there).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import threading
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Callable

from ingest.server_files import LOCAL


def code_stamp(modules: list[ModuleType], files: tuple[Path, ...] = (), packages: tuple[str, ...] = ()) -> str:
    """What names a version of the code that derives something: its modules' source, the data files it reads,
    the versions of the packages it calls."""
    digest = hashlib.sha256()
    for path in [Path(m.__file__) for m in modules] + list(files):
        digest.update(path.read_bytes())
    for package in packages:
        digest.update(f"{package}=={version(package)}".encode())
    return digest.hexdigest()


def read_kept(generation_folder: Path, name: str, stamp: str) -> dict | None:
    """What `kept` wrote for this name and stamp, or None when no process derived it (nothing is derived here)."""
    try:
        with open(generation_folder / LOCAL / f"{name}-{stamp[:32]}.pickle", "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, or cut short / unreadable
        return None


def kept(generation_folder: Path, name: str, stamp: str, derive: Callable[[], dict]) -> dict:
    """What `derive()` returns (a dict of plain data), read from the generation's folder when a process derived
    it before with the same `stamp` (see the module docstring), else derived now and written there for the
    next open. A folder that can't be written (read-only data directory) only means deriving each time."""
    folder = generation_folder / LOCAL
    path = folder / f"{name}-{stamp[:32]}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, or cut short / unreadable: it is derived data, derived again
        pass
    parts = derive()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            with open(tmp, "wb") as handle:
                pickle.dump(parts, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # whole or not at all: another process may be reading or writing the same name
        finally:
            tmp.unlink(missing_ok=True)
        for old in folder.glob(f"{name}-*.pickle"):  # derived by older code
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return parts


def prepared_code() -> str:
    """Every module of bot/ and ingest/ and every data file of bot/data: what the files `prepare` keeps are derived
    by (each file's own stamp names only its part of them). Hashing them costs ~5 ms."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*here.glob("*.py"), *(here / "data").glob("*"), *(here.parent / "ingest").glob("*.py")]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def prepare(home: Path, model_id: str) -> bool:
    """Derive and keep what the first open (and first question) of the served generation in `home` would (the
    library's stems and BM25 index, the claims, their subjects and facts, each sentence's claims said in other articles, the
parsed front matter), so that they read it:
    `twitchqa ingest` calls this once the generation is served (the ingest itself can't: imports point ingest <- bot). About 6 CPU-s at 1,000
    articles, once, instead of in the first `ask` or `serve`. False, deriving nothing, when the generation's
    folder holds them already (an unchanged re-ingest; files of older code are left for the first open to
    replace, as today) or can't be written to (a read-only data directory: each open derives, as today).

    "Already" is by the code, not by the files' names: after an edit of the code a file's stamp names, an unchanged
    re-ingest derives it again. Before (scale36), the names were checked, so a re-ingest after an edit of bot.library
    or bot.search (both in the kept claims' stamp) left the `elsewhere` file stale, unread: at 1,000 synthetic
    articles each question then found its quoted sentences' claims elsewhere itself (~1 CPU-ms of an ask, cProfile of
    150 held-out asks). A `prepared` marker named by prepared_code() says this code derived them all; without it the
    library is opened (2-3 s at 1,000 articles) and each file read where its stamp still holds, derived where not."""
    from bot.claims import ClaimIndex
    from bot.elsewhere import keep_first_elsewhere
    from bot.library import Library
    from bot.relevance import claim_facts
    from bot.subjects import subjects
    from ingest.generations import generation_dir
    from ingest.manifest import ready_manifest

    local = generation_dir(home, ready_manifest(home, model_id)["generation"]) / LOCAL
    stamp = prepared_code()
    if (local / f"prepared-{stamp[:32]}.pickle").exists():
        return False  # an unchanged re-ingest with unchanged code: opening the library to find them kept is no use
    try:
        local.mkdir(exist_ok=True)
    except OSError:  # a read-only data directory (os.access can't tell: root may write a mode-555 folder)
        return False
    index = ClaimIndex(Library(home, model_id))
    subjects(index)  # each derives through kept(), which writes to `local`
    claim_facts(index)
    keep_first_elsewhere(index)  # only here: ~20 CPU-s at 1,000 synthetic articles, never in a question (bot.elsewhere)
    kept(local.parent, "prepared", stamp, lambda: {})
    return True
