"""`twitchqa chat`: a conversation in the terminal; follow-ups use the conversation so far."""
from __future__ import annotations

import sys

from bot.request import check_request, recent
from ingest.errors import TwitchqaError
from ui.cli_bot import build_settings, open_bot


def cmd_chat(args) -> int:
    from ui import terminal

    bot = open_bot(build_settings(args), args)
    texts = {doc_id: article.text for doc_id, article in bot.articles().items()}  # for the sources' line numbers
    print(terminal.wrap("twitchqa chat: ask about muscle twitching. " + terminal.HELP, terminal.width()))
    # Bytes that aren't UTF-8 arrive as lone surrogates, which check_request names, instead of a decoding
    # error that would also lose the lines read ahead with them.
    sys.stdin.reconfigure(errors="surrogateescape")
    history: list[dict] = []
    asked: list[str] = []
    answer = None
    while True:
        try:
            question = input("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
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
            answer = bot.ask(question, recent(history)).to_dict()
        except TwitchqaError as exc:
            print(f"twitchqa: {exc}")
            continue
        print("\n" + terminal.turn(answer, asked, texts, terminal.width()))
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer["answer"]}]
        asked.append(question)
