"""`twitchqa chat`: a conversation in the terminal; follow-ups use the conversation so far."""
from __future__ import annotations

import sys

from bot.request import check_request, recent
from ingest.errors import TwitchqaError
from ui.cli_bot import build_settings, open_bot


def read_line(prompt: str) -> str:
    """input(prompt); from a pipe or a file, a line at most MAX_LINE_BYTES characters long (LineTooLong).

    `twitchqa chat < /dev/zero` (or a pipe sending one endless line) read it all and ended "not enough memory" at
    3.7 GB (drill29). A terminal has line editing (input) and caps a typed line itself (4,096 bytes on Linux).
    """
    from ui.cli_ask import MAX_LINE_BYTES, LineTooLong, skip_line

    if sys.stdin.isatty():
        return input(prompt)
    print(prompt, end="", flush=True)
    line = sys.stdin.readline(MAX_LINE_BYTES + 1)
    if not line:
        raise EOFError
    if len(line) > MAX_LINE_BYTES and not line.endswith("\n"):
        size = len(line) + skip_line(sys.stdin)
        raise LineTooLong(f"the line is {size:,} characters long; the limit is {MAX_LINE_BYTES:,}: a question is at "
                          "most 1,000 characters")
    return line


def cmd_chat(args) -> int:
    from ui import terminal

    bot = open_bot(build_settings(args), args)
    texts = {doc_id: article.text for doc_id, article in bot.articles().items()}  # for the sources' line numbers
    print(terminal.wrap("twitchqa chat: ask about muscle twitching. " + terminal.HELP, terminal.width()))
    # Bytes that aren't UTF-8 arrive as lone surrogates, which check_request names, instead of a decoding
    # error that would also lose the lines read ahead with them.
    sys.stdin.reconfigure(errors="surrogateescape")
    if sys.stdin.isatty():
        # Line editing and the ↑ history of this session (in memory only: no history file). Without it, fixing a
        # typo with ← sent "muscls twitch?\x1b[D\x1b[D…e" to the bot and ↑ asked "\x1b[A" as a follow-up (ui32).
        try:
            import readline  # noqa: F401 (input() uses it once imported)
        except ImportError:  # a Python built without it: input() as before
            pass
    history: list[dict] = []
    asked: list[str] = []
    answer = None
    while True:
        try:
            question = read_line("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        except TwitchqaError as exc:  # a line too long
            print(f"twitchqa: {exc}")
            continue
        if not question:  # Enter pressed twice: ask again (see terminal.QUIT)
            continue
        if terminal.QUIT.match(question):
            return 0
        shown = terminal.command(question, answer, texts, terminal.width())
        if shown is not None:
            print(shown)
            continue
        try:
            check_request(question)
            # The bot takes at most 40 messages of history (bot.request); only the previous question shapes a
            # follow-up, so the recent turns that fit lose nothing (the whole history failed every question
            # from the 21st exchange on).
            with terminal.Searching():  # "searching the articles…" until the answer is ready, then erased
                answer = bot.ask(question, recent(history)).to_dict()
        except TwitchqaError as exc:
            print(f"twitchqa: {exc}")
            continue
        print("\n" + terminal.turn(answer, asked, texts, terminal.width(), terminal.styled()))
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer["answer"]}]
        asked.append(question)
