"""`twitchqa eval` and `twitchqa bench`: the answer-quality evals and the speed and memory bench (both in evals/)."""
from __future__ import annotations

from ui.cli_bot import build_settings, open_bot


def cmd_eval(args) -> int:
    from evals.run import command

    settings = build_settings(args)
    return command(args, lambda: open_bot(settings, args), settings.home)


def cmd_bench(args) -> int:
    """The bench needs the articles (it times their first ingest) and an index of them (it times the asks): either
    missing is said in one line before any child process starts, not as a child's failure minutes in."""
    from ingest.embed import MODEL_ID
    from ingest.errors import ArticleError
    from ingest.manifest import ready_manifest

    settings = build_settings(args)
    if not settings.corpus.is_dir():
        raise ArticleError(settings.corpus, "corpus folder not found; pass --corpus DIR or set TWITCHQA_CORPUS")
    if not settings.chroma_url:
        ready_manifest(settings.home, MODEL_ID)
    from evals.bench import command

    return command(args, settings.home, settings.corpus)
