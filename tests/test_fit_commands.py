"""Every `python -m evals.fit_*` command answers `--help` with its usage and turns down an unknown flag, and neither
fits nor writes anything: six of them read no flags, so `python -m evals.fit_followup --help` refitted the follow-up
reader and overwrote bot/data/followup_model.npz (session 22)."""
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FITS = sorted(path.stem for path in (ROOT / "evals").glob("fit_*.py"))


def data_files() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((ROOT / "bot" / "data").iterdir())
            if p.is_file()}


@pytest.mark.parametrize("fit", FITS)
def test_a_fit_command_prints_its_usage_or_a_usage_error_and_writes_nothing(fit):
    before = data_files()
    shown = subprocess.run([sys.executable, "-m", f"evals.{fit}", "--help"], cwd=ROOT, capture_output=True,
                           text=True, timeout=300)
    assert shown.returncode == 0 and shown.stdout.startswith(f"usage: python -m evals.{fit}"), shown.stderr[-2000:]
    wrong = subprocess.run([sys.executable, "-m", f"evals.{fit}", "--no-such-flag"], cwd=ROOT, capture_output=True,
                           text=True, timeout=300)
    assert wrong.returncode == 2 and "unrecognized arguments: --no-such-flag" in wrong.stderr, wrong.stderr[-2000:]
    assert "Traceback" not in wrong.stderr
    assert data_files() == before
