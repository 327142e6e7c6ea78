"""The `twitchqa` command line: its commands, their flags and help. Importing this loads nothing heavy (every
command imports what it needs when it runs), so `twitchqa --help` is quick."""
from __future__ import annotations

import argparse

from ui.cli_ask import cmd_ask
from ui.cli_chat import cmd_chat
from ui.cli_evals import cmd_bench, cmd_eval
from ui.cli_ingest import cmd_ingest
from ui.cli_serve import cmd_serve

EXAMPLE = "Why do my muscles twitch?"


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", help="data directory (default: $TWITCHQA_HOME or .twitchqa)")
    common.add_argument("--chroma-url", metavar="URL", help="keep the index on the Chroma server at URL, "
                        "http://HOST:PORT (default: $TWITCHQA_CHROMA_URL, else embedded in the data directory)")
    top = argparse.ArgumentParser(
        prog="twitchqa",
        description="Answers questions about muscle twitching from a small set of articles, citing the "
                    "exact passages. Runs offline.",
        epilog=f'Start with: twitchqa ingest, then twitchqa ask "{EXAMPLE}"',
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[common], help="index the articles in the corpus folder",
                       description="Index the corpus: embed new or changed passages, delete removed ones.")
    p.add_argument("--corpus", help="folder of article files (default: $TWITCHQA_CORPUS or corpus)")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    p.add_argument("--json", action="store_true", help="print a JSON summary instead of text")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("ask", parents=[common], help="answer one question (or a JSONL file of them)",
                       description="Answer a question from the articles, with numbered sources.")
    # nargs="*": `twitchqa ask why do my muscles twitch` (no quotes, as a new user types it) was refused with
    # "unrecognized arguments: do my muscles twitch" under the top-level usage line (drill31); the words are joined
    p.add_argument("question", nargs="*", help=f'the question, e.g. "{EXAMPLE}" (quotes optional)')
    p.add_argument("--json", action="store_true", help="print the JSON answer contract")
    p.add_argument("--jsonl", metavar="FILE", help='answer each {"question", "history"} line of FILE '
                                                   "('-' for stdin), one JSON answer per line; a bad line is "
                                                   "reported and skipped")
    p.set_defaults(run=cmd_ask)

    p = sub.add_parser("chat", parents=[common], help="a conversation in the terminal",
                       # its commands were only in the README and the chat's first line (drill34)
                       description="Ask questions in turn; follow-ups use the conversation so far. In the chat, "
                                   ":quote N shows the full quote of source N, :sources every quote; :quit or "
                                   "Ctrl-D quits.")
    p.set_defaults(run=cmd_chat)

    p = sub.add_parser("serve", parents=[common], help="start the web UI",
                       description="Serve the web UI (chat, sources, article viewer, library, evals).")
    p.add_argument("--host", help="address to bind (default: $TWITCHQA_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: $TWITCHQA_PORT or 7860)")
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("bench", parents=[common], help="measure speed and memory, also on bigger synthetic libraries",
                       description="Cold start, warm latency by stage against the bare query embedding, Bot.open, "
                                   "memory and ingest, on the index in --home and on synthetic libraries.")
    p.add_argument("--corpus", help="the articles the synthetic libraries are made from (default: $TWITCHQA_CORPUS or corpus)")
    p.add_argument("--scale", default="", help="sizes of synthetic libraries to add, e.g. 100,1000 (10000: the "
                                               "reduced-text check; each is ingested once and kept in --out)")
    p.add_argument("--out", help="folder for bench.json, bench.png and the synthetic libraries (default: DATA_DIR/bench)")
    p.add_argument("--ingest-pairs", type=int, default=5, metavar="N",
                   help="first ingests of the real articles, each alternated with bare encoding; the median ratio "
                        "and its spread are reported (default: 5)")
    p.add_argument("--json", action="store_true", help="print the whole report as JSON")
    p.set_defaults(run=cmd_bench)

    p = sub.add_parser("eval", parents=[common], help="run the answer-quality evals",
                       description="Run a gold question set, print metrics, write a report, apply the gate.")
    p.set_defaults(run=cmd_eval)
    try:
        from evals.arguments import add_arguments  # not evals.run: that imports matplotlib

        add_arguments(p)
    except ImportError:  # evals/ is optional in an installed copy
        pass
    for name in ("ask", "chat", "serve", "eval"):  # a language model writes the answers (opt-in, bot.written)
        llm = sub.choices[name].add_argument_group("written answers (opt-in)")
        llm.add_argument("--llm", metavar="URL", help="an OpenAI-compatible server (Ollama: http://127.0.0.1:11434/v1) "
                         "that writes the answer from the quotes; every sentence is checked against what it cites "
                         "(default: $TWITCHQA_LLM_URL; API key: $TWITCHQA_LLM_API_KEY)")
        llm.add_argument("--model", help="the model's name on that server (default: $TWITCHQA_LLM_MODEL, else the "
                                         "first it lists)")
    return top
