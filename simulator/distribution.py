"""Time distributions for response latencies and task durations.

People do not answer a page in a fixed time: an on-call latency is skewed, most answers come quickly
and a few take long. The organisation file states each as a distribution that the engine draws from
with the drill's one random generator, so a seed fixes every draw.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulator.duration import Duration

if TYPE_CHECKING:  # only the engine draws; validating a file need not load numpy
    import numpy as np

# z-score of the 90th percentile of the standard normal distribution.
_Z90 = 1.2815515655446004


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fixed(_Dist):
    """Always the same time."""

    dist: Literal["fixed"]
    value: Duration

    def draw(self, rng: np.random.Generator) -> float:
        """Return the fixed value (``rng`` is not used, so draws elsewhere do not shift)."""
        return self.value

    @property
    def mean(self) -> float:
        """Expected value in seconds."""
        return self.value


class Uniform(_Dist):
    """Any time between ``low`` and ``high`` equally likely."""

    dist: Literal["uniform"]
    low: Duration
    high: Duration

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.high < self.low:
            raise ValueError("high must not be less than low")
        return self

    def draw(self, rng: np.random.Generator) -> float:
        """Draw one time in seconds."""
        return float(rng.uniform(self.low, self.high))

    @property
    def mean(self) -> float:
        """Expected value in seconds."""
        return (self.low + self.high) / 2


class Triangular(_Dist):
    """A task estimate: shortest, most likely and longest time (PERT-style three-point estimate)."""

    dist: Literal["triangular"]
    low: Duration
    mode: Duration
    high: Duration

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not self.low <= self.mode <= self.high:
            raise ValueError("expected low <= mode <= high")
        return self

    def draw(self, rng: np.random.Generator) -> float:
        """Draw one time in seconds."""
        if self.high == self.low:
            return self.low
        return float(rng.triangular(self.low, self.mode, self.high))

    @property
    def mean(self) -> float:
        """Expected value in seconds."""
        return (self.low + self.mode + self.high) / 3


class LogNormal(_Dist):
    """A response latency: half the answers come by ``median``, nine in ten by ``p90``."""

    dist: Literal["lognormal"]
    median: Duration = Field(gt=0)
    p90: Duration = Field(gt=0)
    cap: Duration | None = Field(default=None,
                                 description="Longest plausible time (draws clip here).")

    @model_validator(mode="after")
    def _ordered(self) -> LogNormal:
        if self.p90 < self.median:
            raise ValueError("p90 must not be less than median")
        return self

    def draw(self, rng: np.random.Generator) -> float:
        """Draw one time in seconds."""
        sigma = math.log(self.p90 / self.median) / _Z90
        value = float(rng.lognormal(math.log(self.median), sigma))
        return min(value, self.cap) if self.cap is not None else value

    @property
    def mean(self) -> float:
        """Expected value in seconds (before the cap)."""
        sigma = math.log(self.p90 / self.median) / _Z90
        return self.median * math.exp(sigma * sigma / 2)


Distribution = Annotated[Fixed | Uniform | Triangular | LogNormal, Field(discriminator="dist")]
"""A time distribution, chosen by its ``dist`` key."""
