"""The flags of `twitchqa eval`, apart from the evals themselves: building `twitchqa --help` imports
only this (evals.run pulls matplotlib and the metrics, 0.4 s of a cold start on these machines)."""
from __future__ import annotations

from pathlib import Path

EVALS_DIR = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = EVALS_DIR / "questions.jsonl"
DEFAULT_THRESHOLDS = EVALS_DIR / "thresholds.toml"


def add_arguments(parser) -> None:
    """The flags of `twitchqa eval`."""
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS,
                        help="gold set, one JSON object per line (default: evals/questions.jsonl)")
    parser.add_argument("--out", type=Path, default=None, help="report folder (default: DATA_DIR/eval)")
    parser.add_argument("--thresholds", type=Path, default=DEFAULT_THRESHOLDS,
                        help="floors, ceilings and targets (default: evals/thresholds.toml)")
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
