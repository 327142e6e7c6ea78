"""On a Chroma server, what a serving process needs lives there too.

With `--chroma-url` the collections are on the server, and so must be what tells a serving process on
another machine which generation to read and how to weight a query: the manifest and the generations'
token weights. An ingest publishes them to the collection META after it commits (the manifest last:
replacing it there is the switch for every process); each process pulls them into its own mirror of the
data directory (mirror_dir), where everything else reads them as it would in embedded mode.
"""
from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

from ingest.manifest import BUILDING, MANIFEST, SERVER_NOTE, read_manifest, write_json
from ingest.server_files import FILES, prune_generations, publish_files, pull_files
from ingest.store import not_found, sha256

META = "twitchqa-meta"  # id: a file's path in the data directory; document: its text; metadata: its sha256


def mirror_dir(home: Path, url: str) -> Path:
    """Where a process keeps its copy of a server's manifest and token weights (and an ingest its lock).

    Example: mirror_dir(Path(".twitchqa"), "http://10.0.0.5:8000") == Path(".twitchqa/servers/http-10.0.0.5-8000")
    """
    return home / "servers" / re.sub(r"[^A-Za-z0-9.]+", "-", url).strip("-")


def weights_name(generation: int) -> str:
    return f"generations/{generation}/token_weights.json"


def publish(home: Path, client) -> None:
    """Put on the server the token weights of the generations kept and then the manifest of the served one."""
    manifest = read_manifest(home)
    meta = client.get_or_create_collection(META, embedding_function=None)
    kept = [g for g in (manifest["generation"], manifest.get("previous")) if g is not None]
    # The generations' other files (ingest.elsewhere's arrays) before the manifest that names them.
    publish_files(home, client.get_or_create_collection(FILES, embedding_function=None), kept)
    names = [weights_name(g) for g in kept if (home / weights_name(g)).exists()]
    for name in names + [MANIFEST]:  # the manifest last: it names the weights
        text = (home / name).read_text(encoding="utf-8")
        meta.upsert(ids=[name], embeddings=[[0.0]], documents=[text], metadatas=[{"sha256": sha256(text)}])
    stale = set(meta.get(include=[])["ids"]) - set(names) - {MANIFEST}
    if stale:
        meta.delete(ids=sorted(stale))


def pull(home: Path, client, url: str, known: str | None = None) -> str | None:
    """Bring the mirror in `home` up to date with the server's manifest, token weights and generations' files
    (ingest.server_files); the manifest last, so that a mirror's manifest always has its files beside it.

    `known` is the sha256 of the manifest pulled last (None: read the mirror's). Returns the sha256 of the
    server's manifest, None when the server holds no index. Costs one small read when nothing changed.
    """
    home.mkdir(parents=True, exist_ok=True)
    if not (home / SERVER_NOTE).exists():
        write_json(home / SERVER_NOTE, {"url": url})
    try:
        meta = client.get_collection(META, embedding_function=None)
        got = meta.get(ids=[MANIFEST], include=["metadatas"])
    except not_found():
        got = {"ids": []}
    if not got["ids"]:
        (home / MANIFEST).unlink(missing_ok=True)
        return None
    if known is None and (home / MANIFEST).exists():
        known = sha256((home / MANIFEST).read_text(encoding="utf-8"))
    if got["metadatas"][0]["sha256"] == known:
        return known
    text = meta.get(ids=[MANIFEST], include=["documents"])["documents"][0]
    manifest = json.loads(text)
    kept = [g for g in (manifest["generation"], manifest.get("previous")) if g is not None]
    files = meta.get(ids=[weights_name(g) for g in kept], include=["documents"])
    for name, body in zip(files["ids"], files["documents"]):  # the weights first: the manifest names them
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        replace_text(home / name, body)
    try:  # and the generations' other files (an index published by an older twitchqa has none)
        whole = pull_files(home, client.get_collection(FILES, embedding_function=None), kept)
    except not_found():
        whole = True
    if not whole:  # replaced on the server while they came: the mirror stays on what it had, the next pull retries
        return known
    replace_text(home / MANIFEST, text)
    if not (home / BUILDING).exists():  # not the mirror of an ingest under way, whose folder it builds in
        prune_generations(home, set(kept))
    return sha256(text)


def replace_text(path: Path, text: str) -> None:
    """Write then rename, under a name of this process's own: processes sharing a mirror may pull at once."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


