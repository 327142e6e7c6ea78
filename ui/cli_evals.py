"""`twitchqa eval` and `twitchqa bench`: the answer-quality evals and the speed and memory bench (both in evals/)."""
from __future__ import annotations

from ui.cli_bot import build_settings, check_address_space, open_bot


def cmd_eval(args) -> int:
    from evals.run import command

    settings = build_settings(args)
    return command(args, lambda: open_bot(settings, args), settings.home)


def cmd_bench(args) -> int:
    from evals.bench import command

    settings = build_settings(args)
    if settings.chroma_url:  # its children ask and ingest --home: the server was ignored without a word (drill28)
        from ingest.errors import TwitchqaError

        raise TwitchqaError(f"bench measures the index in the data directory ({settings.home}), not one on a Chroma "
                            f"server ({settings.chroma_url}): drop --chroma-url (or unset TWITCHQA_CHROMA_URL)")
    check_address_space()  # else its first child `ask` said so and the bench ended in a traceback (drill28)
    return command(args, settings.home, settings.corpus)
