"""The regression gate: the gold set through the real bot must stay at or above every floor."""
from __future__ import annotations

from evals.run import DEFAULT_THRESHOLDS, check_gate, load_thresholds, run_eval

from conftest import CORPUS, ROOT


def test_gold_set_meets_every_floor(bot, tmp_path):
    report = run_eval(bot, ROOT / "evals" / "questions.jsonl", tmp_path / "eval", progress=False, corpus=CORPUS)
    failures = check_gate(report, load_thresholds(DEFAULT_THRESHOLDS))
    assert not failures, "eval gate failed:\n" + "\n".join(failures)
    assert (tmp_path / "eval" / "report.md").exists()
