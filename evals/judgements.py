"""The blind judges' ratings of spent sealed batches' answers (evals/judged/, rubric in its README), one row each."""
from __future__ import annotations

import json
from pathlib import Path

JUDGED = Path(__file__).parent / "judged"


def rows(folder: Path = JUDGED) -> list[dict]:
    """Every judged answer of every file in the folder (judged-suwy.jsonl: batches s, u, w, y; judged-z.jsonl: z;
    judged-ab.jsonl: ab; judged-ad.jsonl: ad;
    judged-af.jsonl: af; judged-ag.jsonl: ag; judged-ai.jsonl: ai; judged-ak.jsonl: ak; judged-am.jsonl: am;
    judged-ao.jsonl: ao; judged-aq.jsonl: aq, one row per answer, the same before and after; judged-as.jsonl:
    as; judged-au.jsonl: au, one row per answer, the same before and after)."""
    return [json.loads(line) for path in sorted(folder.glob("judged-*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
