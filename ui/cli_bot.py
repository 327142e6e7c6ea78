"""What the commands that answer start with: the settings from their flags and the environment, and the Bot."""
from __future__ import annotations


def build_settings(args):
    from ingest.settings import Settings

    return Settings.from_env(home=getattr(args, "home", None), corpus=getattr(args, "corpus", None),
                             host=getattr(args, "host", None), port=getattr(args, "port", None),
                             chroma_url=getattr(args, "chroma_url", None))


# A cold ask ran in 1.5 GB of address space (prlimit --as) and not always in 1.3; below that the native
# libraries (Chroma's, OpenBLAS, onnxruntime) abort or print their own lines, each in its own way, so a
# limit set with ulimit -v is read before any of them loads.
ADDRESS_SPACE_NEEDED = 1_500_000_000


def check_address_space() -> None:
    """MemoryError when `ulimit -v` leaves less address space than a bot needs."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY and soft < ADDRESS_SPACE_NEEDED:
        raise MemoryError(f"address space limited to {soft / 1e9:.2f} GB")


def open_bot(settings, args=None):
    from ingest.embed import MODEL_ID
    from ingest.manifest import ready_manifest

    check_address_space()

    if not settings.chroma_url:  # a server's manifest is read from the server, by the bot
        ready_manifest(settings.home, MODEL_ID)  # before the bot's imports: no index fails fast
    from bot import frozen
    from bot.pipeline import Bot
    from bot.written import ModelSettings

    # --llm/--model, else TWITCHQA_LLM_URL/_MODEL (the API key only from TWITCHQA_LLM_API_KEY): a model writes.
    writer = ModelSettings.from_env(url=getattr(args, "llm", None), model=getattr(args, "model", None))
    bot = Bot.open(settings.home, chroma_url=settings.chroma_url, writer=writer)
    # Every command that opens a bot here keeps that one bot for its life: what it built leaves the cyclic
    # collector's view (bot.frozen; at 1,000 articles a full collection walked it for ~100 ms).
    frozen.hold()
    return bot
