"""Numbered fuzz cases: case ``i`` of a kind is the same file on every machine and every run.

A *kind* is a mutation of :mod:`tests.fuzz.mutations`, or one of the schema-driven kinds of
:mod:`tests.fuzz.schema_docs`: ``schema`` (a whole scenario generated from its JSON Schema),
``schema_org`` (a whole organisation file) and ``graft`` (a bundled scenario with one part
generated). The fast tests and the benchmark share these cases, so a failure in either is
reproduced with ``benchmarks/fuzz_scenarios.py --kind KIND --case I``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.fuzz import schema_docs
from tests.fuzz.mutations import MUTATIONS, bundled_seeds, dump

SEEDS = bundled_seeds()
"""The bundled scenarios and organisation file."""
SCENARIO_SEEDS = [seed for seed in SEEDS if seed.kind == "scenario"]
SCHEMA_KINDS = ("schema", "schema_org", "graft")
KINDS = (*sorted(MUTATIONS), *SCHEMA_KINDS)
"""Every kind of case."""


@dataclass(frozen=True)
class Case:
    """One hostile file.

    Attributes:
        kind: How it was made (a mutation name or a schema kind).
        index: Its number within the kind.
        origin: The bundled file it was made from (``schema`` for a generated one).
        file_kind: ``scenario`` or ``org``.
        raw: The file's bytes.
    """

    kind: str
    index: int
    origin: str
    file_kind: str
    raw: bytes

    @property
    def label(self) -> str:
        """``tabs #12 (ddos-618.yaml)``."""
        return f"{self.kind} #{self.index} ({self.origin})"


def make_case(kind: str, index: int, salt: str = "warroom-fuzz") -> Case:
    """Case ``index`` of ``kind``; the same for the same arguments, always.

    Args:
        kind: One of :data:`KINDS`.
        index: The case's number.
        salt: Mixed into the seed of the random generator (a different salt, other cases).
    """
    rng = random.Random(f"{salt}:{kind}:{index}")
    draw = schema_docs.RandomDraw(rng)
    if kind == "schema":
        return Case(kind, index, "schema", "scenario", dump(schema_docs.SCENARIO.document(draw)))
    if kind == "schema_org":
        return Case(kind, index, "schema", "org", dump(schema_docs.ORG.document(draw)))
    if kind == "graft":
        seed = rng.choice(SCENARIO_SEEDS)
        return Case(kind, index, seed.name, "scenario", dump(schema_docs.graft(seed.data, draw)))
    seed = rng.choice(SEEDS)
    return Case(kind, index, seed.name, seed.kind, MUTATIONS[kind](seed, rng))
