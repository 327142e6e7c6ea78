"""The manifest: which generation of the index is served (model id, schema version, generation, the article
files indexed and their hashes), and the data directory's one-writer lock.

An ingest replaces `manifest.json` in one rename the moment a new generation is complete
(ingest.generations); `building.json` records the generation under way, so a killed ingest resumes it.
Every command reads the manifest first, `--help`'s error paths and a question's included, so this module
imports neither numpy nor chromadb.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path

from ingest.errors import IndexBusy, IndexMismatch, IndexMissing, SettingsError

SCHEMA_VERSION = 8  # 2: sentences embedded with their lead-in and the sentence they lean on; 3: signposts;
# 4: search vectors weighted by token frequency; 5: "-Dr. Jun Kimura" is one line, not two sentences; 6: words;
# 7: generations of collections built beside the served one, the manifest a pointer to one; 8: each sentence's
# near-copies in other articles, found at ingest (ingest.elsewhere)
# Schemas whose records this one carries over as they are: an ingest copies them into a new generation
# (embedding nothing) and adds what the newer schema has beside them.
CARRIED_SCHEMAS = (7,)
MANIFEST, BUILDING = "manifest.json", "building.json"
REBUILD = "run `twitchqa ingest --rebuild`"
SERVER_NOTE = "server.json"  # in a mirror of a Chroma server's data directory: the server it mirrors (ingest.mirror)


def read_json(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise IndexMismatch(f"{path} is unreadable or corrupt: {REBUILD}") from None


def write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")  # write then rename: a crash never leaves half a file
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def read_manifest(home: Path) -> dict | None:
    return read_json(home / MANIFEST)


def manifest_stamp(home: Path) -> tuple | None:
    """What changes whenever the manifest is replaced (a new inode per write): one stat, 2-20 µs here."""
    try:
        stat = os.stat(home / MANIFEST)
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def check_manifest(home: Path, manifest: dict | None, model_id: str) -> None:
    """Refuse an index built by another model or schema, naming the fix."""
    if manifest is None:
        return
    if manifest.get("model") != model_id or manifest.get("schema") != SCHEMA_VERSION:
        carried = manifest.get("model") == model_id and manifest.get("schema") in CARRIED_SCHEMAS
        raise IndexMismatch(
            f"index in {home} was built with model {manifest.get('model')!r} (schema "
            f"{manifest.get('schema')}), this run uses {model_id!r} (schema {SCHEMA_VERSION}): "
            + ("run `twitchqa ingest` (it embeds nothing: it adds what the new schema keeps)" if carried else REBUILD)
        )


def ready_manifest(home: Path, model_id: str) -> dict:
    """The manifest of the index being served in `home`, checked against this run's model."""
    manifest = read_manifest(home)
    if manifest is None or not ((home / "chroma").exists() or (home / SERVER_NOTE).exists()):
        if (home / SERVER_NOTE).exists():  # a mirror: the ingest may run on another machine
            where = read_json(home / SERVER_NOTE)["url"]
            raise IndexMissing(f"no index on the Chroma server at {where}: run `twitchqa ingest --chroma-url {where}` "
                               "(if one is running, wait for it to finish)")
        if ingest_running(home):
            raise IndexMissing(f"an ingest is building the index in {home}: wait for it to finish, then ask again")
        if (home / BUILDING).exists():
            # not "was interrupted": a first ingest that failed (a full disk, a Chroma error) leaves the same mark,
            # and the user who had just read "the disk is full" was told it had been interrupted (drill31)
            raise IndexMissing(f"the first ingest into {home} did not finish (interrupted, or it failed: see its "
                               "last line): run `twitchqa ingest` again (it resumes)")
        raise IndexMissing(f"no index in {home}: run `twitchqa ingest` first")
    check_manifest(home, manifest, model_id)
    if manifest.get("state", "ready") != "ready":  # written by twitchqa before schema 7
        raise IndexMissing(f"the index in {home} is incomplete (an ingest was interrupted): run `twitchqa ingest`")
    return manifest



# --- one writer at a time ----------------------------------------------------------------------

@contextmanager
def writer_lock(home: Path):
    """Hold the data directory's write lock, or fail at once if another process holds it."""
    try:  # the first write of an ingest: a read-only or someone else's folder is said here, in one line
        home.mkdir(parents=True, exist_ok=True)
        handle = open(home / "write.lock", "w")
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.ENOMEM):
            raise  # a full disk or too little memory: the CLI says those in its own words (ui.cli)
        # …and whatever else keeps the folder from being made or written (drill42: a link to a folder on a disk not
        # mounted, "File exists", and a path under /proc, "No such file or directory", were tracebacks)
        if exc.errno == errno.EEXIST:
            raise SettingsError(f"the data directory {home} is a file or a link to a missing folder: set TWITCHQA_HOME "
                                "(or --home) to a folder") from None
        raise SettingsError(f"cannot write the data directory {home} ({exc.strerror}): make it writable, or set "
                            "TWITCHQA_HOME (or --home) to a folder you can write") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(f"another process is writing the index in {home}; wait for it to finish") from None
        yield


def ingest_running(home: Path) -> bool:
    """Whether a process holds the write lock now (without taking it, or creating anything)."""
    try:
        fd = os.open(home / "write.lock", os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops a lock we took
