"""`twitchqa ingest`: index the corpus, export the fast query encoder, prepare the bot's derived files."""
from __future__ import annotations

import errno
import gc
import json
import shutil
import sys
from pathlib import Path

from ingest.errors import printable, short_reason
from ui.cli_bot import build_settings, check_address_space


def cmd_ingest(args) -> int:
    from ingest.embed import Embedder
    from ingest.index import sync
    from ingest.onnx_export import ensure

    settings = build_settings(args)
    check_address_space()  # below it Chroma's Rust allocator aborted the ingest (exit 134) before a line (drill26b)
    if not settings.chroma_url:  # bot.derived.prepare runs below, and its bot.subjects imports wordfreq: import it now
        # wordfreq's import calls locate.this_dir(), which runs inspect.stack(): every frame's source file is looked
        # up against every loaded module. Here, before torch and chromadb and at this depth, it costs 0.075 CPU-s;
        # inside prepare it cost 0.24 more (prepare 0.44 -> 0.20 CPU-s, five articles, 2 runs each; 0.57-0.60 when
        # imported 20 frames deep after sentence-transformers and chromadb: measured here).
        import wordfreq  # noqa: F401
    program = getattr(args, "program", False)
    if program:  # until the model has loaded: imports, the articles and their chunks (see keep_loaded)
        gc.disable()
    embedder = Embedder(after_load=keep_loaded if program else None)
    try:
        report = sync(settings.corpus, settings.home, embedder, rebuild=args.rebuild, progress=not args.json,
                      chroma_url=settings.chroma_url)
    except Exception as exc:
        full = disk_full(exc, settings.home)
        if full is None:
            raise
        raise full from exc  # ui.cli.run says "the disk is full (…): free some space, …" in one line
    finally:
        gc.enable()  # an ingest with nothing to embed never loads the model
    try:
        ensure(embedder, settings.home)  # the torch-free query encoder `ask` and `serve` start with
    except Exception as exc:  # the index is built: without the file, questions use the torch model (slower start)
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        print(f"twitchqa: could not export the fast query encoder ({reason}); questions will use the torch model",
              file=sys.stderr)
    if report.generation is not None and not settings.chroma_url:  # a server's mirror derives its own (bot.derived)
        try:
            from bot.derived import prepare

            prepare(settings.home, embedder.model_id)  # the first `ask`/`serve` then reads it, as later ones do
        except Exception as exc:  # the index is built: without the files, the first open derives them
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            print(f"twitchqa: could not prepare the bot's derived files ({reason}); the first question derives them",
                  file=sys.stderr)
    if args.json:
        print(json.dumps({k: v for k, v in report.to_dict().items() if k not in ("errors", "ignored")}))
    else:
        # "indexed 1 articles into 1 passages" when one article of a folder loaded (drill34)
        print(f"indexed {count(report.articles, 'article')} into {count(report.passages, 'passage')} in "
              f"{settings.chroma_url or settings.home}: "
              f"{report.embedded} embedded, {report.deleted} deleted, {report.seconds:.1f} s"
              # after Ctrl-C the resumed ingest said only "53 embedded", as if all were lost (drill29)
              + (f" ({report.resumed} records kept from the interrupted ingest)" if report.resumed else ""))
    for error in report.errors:
        print(f"twitchqa: skipped {printable(error)}", file=sys.stderr)
    for notice in report.ignored:  # not an article file or a subfolder: named, but no error (ingest.load)
        print(f"twitchqa: ignored {printable(notice)}", file=sys.stderr)
    return 1 if report.errors else 0


# A write that fails with less than this left on the data directory's disk is put down to the disk. Chroma's
# Rust store reports a write that found the disk full as "InternalError: Error in compaction: Failed to apply logs
# to the metadata segment", with no errno and no word of the disk (a tmpfs with 88 KB left, drill26b; with 2.7 MB
# left SQLite's own "database or disk is full" came through). A batch of 16 passages writes ~0.5 MB here.
LOW_SPACE_BYTES = 1_000_000


def disk_full(exc: Exception, home: Path) -> OSError | None:
    """An ENOSPC error naming the data directory when `exc` came while its disk is (all but) full; else None."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return None  # already says so
    try:
        free = shutil.disk_usage(home).free
    except OSError:
        return None
    if free >= LOW_SPACE_BYTES:
        return None
    return OSError(errno.ENOSPC, f"{free // 1024} KB left on the disk of {home}; {short_reason(exc)}")



def keep_loaded() -> None:
    """Leave what is loaded by now (torch, transformers, the model, chromadb) out of every later garbage
    collection, and turn the collector back on: `twitchqa ingest` run as the program only, once the model loads.

    CPython's full collections walk every tracked object, and while the model's imports run that grows to millions:
    in a five-article ingest 7 full collections cost 0.86 CPU-s, 0.23 during chromadb's and the model's imports
    and 0.28 the one `bot.derived.prepare`'s imports set off (gc callbacks, measured here). Imports make next to no
    garbage, so the collector is off until the model has loaded (cmd_ingest), and what is loaded by then is frozen:
    never collected as a cycle. What the ingest makes after it (batches, Chroma clients, the near-copies) is
    collected as before. In-process callers (tests, `main(argv)`) keep their collector as it was.
    """
    gc.freeze()
    gc.enable()


def count(n: int, noun: str) -> str:
    """Example: count(1, "article") -> '1 article'; count(5, "article") -> '5 articles'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
