"""The flags of `twitchqa eval`, apart from the evals themselves: building `twitchqa --help` imports
only this (evals.run pulls matplotlib and the metrics, 0.4 s of a cold start on these machines)."""
from __future__ import annotations

from pathlib import Path

EVALS_DIR = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = EVALS_DIR / "questions.jsonl"
DEFAULT_THRESHOLDS = EVALS_DIR / "thresholds.toml"
PATH_FLAGS = {"questions": "file", "thresholds": "file", "out": "folder"}  # flag -> what it names


def fit_parser(module_file: str, doc: str):
    """The parser of a `python -m evals.fit_*` command: `--help` prints its usage and the module's first line, and
    an unknown flag is a usage error, before anything is fitted or written (fit_followup, fit_echo and four more
    read no flags, so `--help` refitted and overwrote their models)."""
    import argparse

    return argparse.ArgumentParser(prog=f"python -m evals.{Path(module_file).stem}",
                                   description=doc.strip().split("\n")[0])


def add_arguments(parser) -> None:
    """The flags of `twitchqa eval`."""
    # type=str, not Path: Path("") is ".", so `--out ""` wrote the report into the folder eval ran in (the
    # project's) and `--thresholds ""` was an IsADirectoryError traceback (drill34); given_paths refuses "" first
    parser.add_argument("--questions", default=str(DEFAULT_QUESTIONS),
                        help="gold set, one JSON object per line (default: evals/questions.jsonl)")
    parser.add_argument("--corpus", help="folder of the article files the gold citations point into "
                                         "(default: $TWITCHQA_CORPUS or corpus)")
    parser.add_argument("--out", default=None, help="report folder (default: DATA_DIR/eval)")
    parser.add_argument("--thresholds", default=str(DEFAULT_THRESHOLDS),
                        help="floors, ceilings and targets (default: evals/thresholds.toml)")
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")


def given_paths(args, flags=PATH_FLAGS) -> None:
    """Turn each path flag of `args` that was given into a Path; an empty one is a one-line error.

    Example: `eval --out ""` -> "--out is empty: give a folder, or leave --out out for the default".
    """
    from ingest.errors import TwitchqaError

    for flag, what in flags.items():
        value = getattr(args, flag, None)
        if value is None:
            continue
        if not str(value).strip():
            raise TwitchqaError(f"--{flag} is empty: give a {what}, or leave --{flag} out for the default")
        setattr(args, flag, Path(value))
