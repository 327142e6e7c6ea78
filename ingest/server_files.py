"""A generation's files, kept on a Chroma server too, so that a process on another machine has them.

An ingest writes beside each generation of the index files that no question changes (ingest.elsewhere's
near-copies, and whatever else a later schema precomputes there): a bot maps them instead of asking the
store. In embedded mode they lie in the data directory; with `--chroma-url` the processes that serve may
share nothing with the ingesting machine but the server, so an ingest also puts every file of the
generations it keeps into the collection FILES, and each process pulls them into its mirror of the data
directory (ingest.mirror.mirror_dir) before the manifest that names the generation, so that a bot which
sees a new manifest finds its files there.

On the server a file is records of PART bytes, compressed and base64-encoded in a metadata value (not a
document: Chroma indexes a document's text for full-text search), plus one record per generation, its
index: every file's path, size, sha256 and number of parts. A process keeps the index it pulled last
in the generation's folder (PULLED), so that a poll that finds nothing new costs no hashing.
Example: generation 3's near-copy cosines are `generations/3/same_elsewhere/cosines.npy#00000`, `#00001`, ...
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import threading
import zlib
from pathlib import Path

FILES = "twitchqa-files"  # one Chroma collection on the server; records' vectors are a placeholder [0.0]
PART = 4 * 2**20  # bytes of a file per record: over loopback here a 16 MB record was written and read in 2.8 s
PULLED = ".pulled.json"  # in a mirror's generation folder: the index of what was pulled into it
TOKEN_WEIGHTS = "token_weights.json"  # published with the manifest (ingest.mirror.publish), not here
# A generation's folder for what one process derives for itself from the generation (bot.derived's caches):
# never published (each machine derives its own, and a cache is as large as the index's records).
LOCAL = "local"


def index_id(generation: int) -> str:
    return f"generations/{generation}"


def part_id(name: str, part: int) -> str:
    return f"{name}#{part:05d}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(PART), b""):
            digest.update(block)
    return digest.hexdigest()


def local_index(home: Path, generation: int) -> dict[str, dict]:
    """name -> {"sha256", "size", "parts"} of every file of a generation's folder but its token weights."""
    folder = home / "generations" / str(generation)
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (not path.is_file() or relative.name in (TOKEN_WEIGHTS, PULLED) or relative.parts[0] == LOCAL
                or any(p.endswith(".tmp") for p in relative.parts)):
            continue
        size = path.stat().st_size
        found[f"{index_id(generation)}/{relative.as_posix()}"] = {
            "sha256": file_sha256(path), "size": size, "parts": max(1, -(-size // PART))}
    return found


def server_index(files, generation: int) -> dict[str, dict] | None:
    got = files.get(ids=[index_id(generation)], include=["metadatas"])
    return json.loads(got["metadatas"][0]["index"]) if got["ids"] else None


def publish_files(home: Path, files, generations: list[int]) -> None:
    """Put on the server (collection `files`) every file of these generations that it lacks, then drop what
    belongs to no generation kept. A generation's index is written after its files."""
    wanted = set()
    for generation in generations:
        there = server_index(files, generation) or {}
        if not (home / index_id(generation)).is_dir():  # kept, but built and published from another machine
            wanted |= {part_id(n, k) for n, e in there.items() for k in range(e["parts"])} | {index_id(generation)}
            continue
        index = local_index(home, generation)
        for name, entry in index.items():
            wanted.update(part_id(name, n) for n in range(entry["parts"]))
            if there.get(name) != entry:
                upload(home / name, name, files)
        files.upsert(ids=[index_id(generation)], embeddings=[[0.0]], metadatas=[{"index": json.dumps(index)}])
        wanted.add(index_id(generation))
    stale = set(files.get(include=[])["ids"]) - wanted
    if stale:
        files.delete(ids=sorted(stale))


def upload(path: Path, name: str, files) -> None:
    with open(path, "rb") as handle:
        part = 0
        while True:
            block = handle.read(PART)
            if not block and part:
                return
            data = base64.b64encode(zlib.compress(block, 1)).decode("ascii")
            files.upsert(ids=[part_id(name, part)], embeddings=[[0.0]], metadatas=[{"data": data}])
            part += 1
            if len(block) < PART:
                return


def pull_files(home: Path, files, generations: list[int]) -> bool:
    """Bring the mirror's folders of these generations up to date with the server's files; whether all came
    (a file replaced on the server while it came did not: a newer ingest published since)."""
    complete = True
    for generation in generations:
        folder = home / "generations" / str(generation)
        index = server_index(files, generation)
        if index is None:  # published by an older twitchqa: nothing but the token weights
            continue
        pulled = folder / PULLED
        if pulled.exists() and json.loads(pulled.read_text(encoding="utf-8")) == index:
            continue
        whole = True
        for name, entry in index.items():
            target = home / name
            if not (target.exists() and target.stat().st_size == entry["size"] and file_sha256(target) == entry["sha256"]):
                whole = download(files, name, entry, target) and whole
        if not whole:
            complete = False
            continue
        tmp = pulled.with_name(f"{PULLED}.{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            tmp.write_text(json.dumps(index), encoding="utf-8")
            os.replace(tmp, pulled)
        except FileNotFoundError:
            complete = False
    return complete


def download(files, name: str, entry: dict, target: Path) -> bool:
    """One file, a part at a time into a temporary file, checked against its sha256, then renamed into place;
    whether it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # A name of this thread's own: a bot's background poll and a question's forced pull may fetch at once.
    tmp = target.with_name(f"{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    digest = hashlib.sha256()
    with open(tmp, "wb") as out:
        for part in range(entry["parts"]):
            got = files.get(ids=[part_id(name, part)], include=["metadatas"])
            if not got["ids"]:
                break
            block = zlib.decompress(base64.b64decode(got["metadatas"][0]["data"]))
            digest.update(block)
            out.write(block)
    if digest.hexdigest() != entry["sha256"]:  # replaced on the server meanwhile: the next pull fetches it again
        tmp.unlink(missing_ok=True)
        return False
    try:
        os.replace(tmp, target)
    except FileNotFoundError:  # the folder went with its generation (a pull of a newer manifest, at once)
        return False
    return True


def prune_generations(home: Path, keep: set[int]) -> None:
    """A mirror's folders of generations the server no longer keeps (a process still reading one has its
    files open or mapped: removing the names doesn't take the data from it)."""
    for folder in (home / "generations").glob("*"):
        if folder.name.isdigit() and int(folder.name) not in keep:
            shutil.rmtree(folder, ignore_errors=True)
