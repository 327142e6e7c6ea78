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
        before = history_length()
        return pasted(input(prompt), before)
    print(prompt, end="", flush=True)
    line = sys.stdin.readline(MAX_LINE_BYTES + 1)
    if not line:
        raise EOFError
    if len(line) > MAX_LINE_BYTES and not line.endswith("\n"):
        size = len(line) + skip_line(sys.stdin)
        raise LineTooLong(f"the line is {size:,} characters long; the limit is {MAX_LINE_BYTES:,}: a question is at "
                          "most 1,000 characters")
    return line


# How long after a line ends more input must already be there to count as the same message: a paste arrives in one
# burst (a terminal writes it at once, or in a few writes microseconds apart); a person takes far longer to start
# typing again after Enter.
PASTE_GAP_S = 0.05


def pending(seconds: float = PASTE_GAP_S) -> bool:
    """Whether more input is waiting on the terminal within `seconds` (readline reads it a byte at a time, so what a
    paste sent past the line just read is still in the terminal's queue)."""
    import select

    return bool(select.select([sys.stdin], [], [], seconds)[0])


def history_length() -> int | None:
    """The number of lines in readline's ↑ history, or None without readline."""
    try:
        import readline
    except ImportError:
        return None
    return readline.get_current_history_length()


def pasted(line: str, before: int | None = None) -> str:
    """A typed line and the lines that came with it in one burst, as one message joined by newlines.

    A multi-line paste into a terminal without bracketed paste (tmux send-keys, a serial console, a terminal that
    doesn't send the paste markers) asked each of its lines as a question of its own, each answered (drill42). With
    bracketed paste readline already keeps a paste in one line. The continuation lines are read with line editing and
    echoed as typed; the last one still waits for Enter when the paste didn't end with a newline, so the user can
    look at the message before sending it. In ↑ history the message is one entry, as a bracketed paste's is (`before`:
    the history's length before its first line was read).
    """
    lines = [line]
    try:
        while pending():
            lines.append(input(""))
    except EOFError:  # Ctrl-D inside a paste: send what came
        pass
    message = "\n".join(lines)
    if len(lines) > 1 and before is not None:
        import readline

        # input() added each non-blank line not equal to the entry before it: take them all out, put the message in
        for index in range(readline.get_current_history_length() - 1, before - 1, -1):
            readline.remove_history_item(index)
        if message.strip():
            readline.add_history(message)
    return message


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
        except EOFError:  # Ctrl-D, or the end of piped input: the chat is over, as with :quit
            print()
            return 0
        except KeyboardInterrupt:  # Ctrl-C: interrupted, exit 130 ("twitchqa: interrupted"), as while an answer is
            print()                # being found and in every other command; it exited 0 at the prompt (drill42)
            raise
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
