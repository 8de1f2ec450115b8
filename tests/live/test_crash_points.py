"""kill -9 at random points of an accelerated drill with clients acting, then --resume.

The fast subset of ``benchmarks/crash_recovery.py`` (which does 20 kills and prints the counts):
a real ``warroom serve`` process is killed three times while an observer and four participants
act, and resumed each time. No acknowledged command is lost or applied twice; every event a
client was sent is in the journal with the same content under the same ``seq`` (before events
were sent only once committed, a crash took back events clients had seen, and the resumed drill
gave their ``seq`` to others); and the journal is what an uninterrupted replay makes.
"""

from __future__ import annotations

import asyncio
import random

from benchmarks.crash_recovery import run


def test_kill_9_at_three_random_points_loses_and_reuses_nothing(tmp_path):
    counts = asyncio.run(run(3, speed=120.0, seed=7, tmp=tmp_path, rng=random.Random(7)))
    assert counts["kills"] == 3
    assert counts["acks"] > 0, "the clients acted"
    assert counts["lost"] == 0, "an acknowledged command is in the journal"
    assert counts["doubled"] == 0, "a command sent again after a crash is answered, not applied"
    assert counts["seq reuse"] == 0, "a seq a client holds names the same event after a resume"
    assert counts["unanswered"] == 0
    assert counts["replay differs"] == 0, "the journal is what an uninterrupted replay makes"
    assert counts["errors"] == 0 and counts["exit"] == 0
