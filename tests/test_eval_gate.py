"""The regression gate: the gold set through the real bot must stay at or above every floor."""
from __future__ import annotations

from evals.run import DEFAULT_THRESHOLDS, check_gate, load_thresholds, run_eval

from conftest import CORPUS, ROOT


def test_gold_set_meets_every_floor(bot, tmp_path):
    report = run_eval(bot, ROOT / "evals" / "questions.jsonl", tmp_path / "eval", progress=False, corpus=CORPUS)
    failures = check_gate(report, load_thresholds(DEFAULT_THRESHOLDS))
    assert not failures, "eval gate failed:\n" + "\n".join(failures)
    assert (tmp_path / "eval" / "report.md").exists()


def test_held_out_set_meets_its_floors(bot, tmp_path):
    # Questions written blind to the bot's rules: a rule that only fits the gold set shows here.
    report = run_eval(bot, ROOT / "evals" / "heldout.jsonl", tmp_path / "eval", progress=False, corpus=CORPUS)
    failures = check_gate(report, load_thresholds(ROOT / "evals" / "heldout_thresholds.toml"))
    assert not failures, "held-out gate failed:\n" + "\n".join(failures)
