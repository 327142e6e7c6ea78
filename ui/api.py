"""The page's API endpoint `ask`: the JSON answer contract, as `twitchqa ask --json` prints it."""
from __future__ import annotations

import json

from bot.request import check_request
from ingest.errors import TwitchqaError
from ui.quiet_gradio import gr


def refused(message: str) -> gr.Error:
    """The one-line error the client gets for a request the bot refuses; the server's log stays quiet (gradio
    printed a 25-line traceback for each, as if the server had crashed)."""
    return gr.Error(message, print_exception=False)


def parse_history(history) -> list | None:
    """history as sent to the API: a list, or a list as a JSON string (Bot.ask checks its shape)."""
    if history is None or history == "":
        return None
    if isinstance(history, str):
        try:
            return json.loads(history)
        except ValueError as exc:
            raise refused(f"history is not valid JSON ({exc})") from None
        except RecursionError:  # "[[[[…" 5,000 deep: the client got an error with no message, the log a traceback
            raise refused("history nests too deeply: send a list of {\"role\": …, \"content\": …} messages") from None
    return history


def ask_endpoint(bot):
    """The `ask` function gradio serves at /ask, over one shared Bot."""

    def ask(question: str, history: list | str | None = None) -> dict:
        """Answer a question about muscle twitching from the articles; returns the JSON answer contract."""
        question = "" if question is None else question
        try:
            history = parse_history(history)
            check_request(question, history)  # a lone surrogate would crash the tokenizer; a huge history, hog a worker
            return bot.ask(question, history).to_dict()
        except TwitchqaError as exc:
            raise refused(str(exc)) from None

    return ask
