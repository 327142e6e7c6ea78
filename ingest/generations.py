"""Generations of the index: an ingest builds the next one beside the one served, then swaps it in.

An ingest never changes a generation that is served: it builds the next one beside it (recorded in
`building.json`, so a killed ingest resumes it), then replaces the manifest in one rename, the moment
the new index is complete (ingest.manifest). A running bot notices the new manifest and switches
(bot.follow). The previous generation is kept for the bots still reading it; older ones are removed.
Generation N is the collections `gN-<kind>` (ingest.store) and the folder `generations/N/`.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from ingest.manifest import BUILDING, CARRIED_SCHEMAS, MANIFEST, SCHEMA_VERSION, read_json, write_json
from ingest.store import COLLECTIONS

GENERATION_NAME = re.compile(r"^g(\d+)-(" + "|".join(COLLECTIONS) + r")$")


def generation_dir(home: Path, generation: int) -> Path:
    """Files that belong to one generation (its token weights)."""
    return home / "generations" / str(generation)


def start_generation(home: Path, client, served: dict | None, model_id: str, rebuild: bool, fitted_on: str) -> dict:
    """The generation this ingest builds: an interrupted one it can resume, or a new one.

    Returns {"generation", "base" (the served generation its unchanged records are copied from, or
    None), "rebuild", "fitted_on" (what its token weights were fitted on), "model", "schema"}.
    """
    base = None if rebuild or served is None else served["generation"]
    found = read_json(home / BUILDING)
    if found is not None:
        resumable = (found.get("model") == model_id and found.get("schema") in (SCHEMA_VERSION, *CARRIED_SCHEMAS)
                     and found.get("base") == base
                     and (not rebuild or (found.get("rebuild") and found.get("fitted_on") == fitted_on)))
        if resumable:
            return found
        remove_generations(home, client, {found["generation"]}, keep_number=True)
    # A number is never used twice (a discarded generation keeps its empty folder until the next commit):
    # a process that once read a collection may keep a stale view of one by the same name.
    used = [p.name for p in (home / "generations").glob("*")] + [str(served.get("generation", 0) if served else 0)]
    used += [m.group(1) for m in map(GENERATION_NAME.match, collection_names(client)) if m]  # a server's, too
    generation = max(int(n) for n in used if n.isdigit()) + 1
    building = {"generation": generation, "base": base, "rebuild": base is None, "fitted_on": fitted_on,
                "model": model_id, "schema": SCHEMA_VERSION}
    generation_dir(home, generation).mkdir(parents=True, exist_ok=True)
    write_json(home / BUILDING, building)
    return building


def discard_building(home: Path, client) -> None:
    """Drop a generation an interrupted ingest left unfinished."""
    found = read_json(home / BUILDING)
    if found is not None:
        remove_generations(home, client, {found["generation"]}, keep_number=True)
        (home / BUILDING).unlink(missing_ok=True)


def commit_generation(home: Path, client, manifest: dict) -> None:
    """Serve the generation `manifest` names: one rename; then drop all but it and the one before."""
    write_json(home / MANIFEST, {**manifest, "state": "ready"})
    (home / BUILDING).unlink(missing_ok=True)
    keep = {manifest["generation"], manifest.get("previous")}
    stored = {int(m.group(1)) for m in map(GENERATION_NAME.match, collection_names(client)) if m}
    folders = {int(p.name) for p in (home / "generations").iterdir() if p.name.isdigit()}
    remove_generations(home, client, (stored | folders) - keep)
    remove_unversioned(home, client)


def remove_generations(home: Path, client, generations: set[int], keep_number: bool = False) -> None:
    names = collection_names(client)
    for generation in generations:
        for kind in COLLECTIONS:
            if f"g{generation}-{kind}" in names:
                client.delete_collection(f"g{generation}-{kind}")
        shutil.rmtree(generation_dir(home, generation), ignore_errors=True)
        if keep_number:
            generation_dir(home, generation).mkdir(parents=True)


def remove_unversioned(home: Path, client) -> None:
    """What twitchqa wrote before schema 7: collections named without a generation, one weights file."""
    names = collection_names(client)
    for kind in COLLECTIONS:
        if kind in names:
            client.delete_collection(kind)
    (home / "token_weights.json").unlink(missing_ok=True)


def collection_names(client) -> set[str]:
    return {c.name for c in client.list_collections()}
