"""Random streams per component, each keyed by a stable name.

A drill used to draw everything from one generator: a bot that slipped once more drew one more
number, and every later threat tick, tool failure and task duration shifted, so the same seed
with another mistake rate gave another outbreak before anyone had acted. What-if comparisons
were then not like for like.

:class:`Streams` gives each component its own :class:`numpy.random.Generator`, derived from
``numpy.random.SeedSequence(seed)`` and the component's name (``threat:<id>``, ``tool:<id>``,
``bot:<role>``, ``task:<task id>``). The name is hashed with SHA-256 (not Python's ``hash()``,
which is salted per process) into the sequence's ``spawn_key``, so a stream depends only on the
seed and its name: streams are created lazily, and adding or using a component never shifts the
draws of another.
"""

from __future__ import annotations

import hashlib

import numpy as np


def spawn_key(name: str) -> tuple[int, ...]:
    """Four 32-bit words of the SHA-256 of ``name`` (stable across processes and platforms)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return tuple(int.from_bytes(digest[i:i + 4], "little") for i in range(0, 16, 4))


class Streams:
    """The named random streams of one drill.

    Args:
        seed: The drill's seed.
    """

    def __init__(self, seed: int):
        self.seed = seed
        self._streams: dict[str, np.random.Generator] = {}

    def __call__(self, name: str) -> np.random.Generator:
        """The stream named ``name``, made on first use."""
        stream = self._streams.get(name)
        if stream is None:
            sequence = np.random.SeedSequence(self.seed, spawn_key=spawn_key(name))
            stream = self._streams[name] = np.random.default_rng(sequence)
        return stream
