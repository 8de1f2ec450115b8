"""The world: the platform's services, data and hosts, and what is measured of them.

Threats do not compute outcomes; they push on the world (attack traffic on a service, records
leaving a store, hosts infected in a segment, a service taken offline) and the world turns that into
the measures DESIGN.md names: availability, orders per minute against baseline, money lost, records
exfiltrated, hosts infected, complaints and public sentiment.

The model, per tick of ``dt`` seconds:

- a service serves ``min(1, capacity / (legit + attack))`` of its requests, times what is left of
  it after ransomware (``1 - impairment``), and nothing while it is offline; its *availability* is
  that share times the availability of the services it depends on;
- orders flow at the baseline times the availability of every service of the order path; the
  orders that did not happen are lost money (plus direct fraud);
- a share of customers who could not buy complain (``complaint_rate`` per lost order); once a
  leak is public, ``leak_complaint_share`` of the people whose records left complain too, arriving
  in a wave that decays with a time constant of two hours (half as many once users have been
  notified), so complaints scale with the size of the leak: 500 M records are not 1 M; complaints
  pile up until customer service answers them;
- sentiment relaxes (time constant 30 minutes) towards its baseline minus the damage: how deep the
  outage is now, how long it has lasted (order-minutes lost), how big a public leak is (on a
  log scale) and the complaint backlog. A published statement and a notice to users *limit* the
  fall (by 30% and 10%), they add no bonus: sentiment never rises above its baseline during an
  incident.

All measures live in one flat dict, :attr:`World.m`, keyed by the paths conditions use
(``storefront.availability``, ``orders.ratio``...), so a condition check is one dict lookup.
"""

from __future__ import annotations

import math

from simulator.scenario.model import World as WorldSpec

SENTIMENT_TAU = 1800.0
"""Seconds for sentiment to move 63% of the way to its target."""
LEAK_COMPLAINT_TAU = 7200.0
"""Seconds for the complaints about a public leak to arrive 63% of the way (ASSUMPTION)."""
OUTAGE_FULL_MINUTES = 240.0
"""Order-minutes lost (minutes at zero orders) after which an outage's length weighs fully."""
LEAK_FULL_RECORDS = 1e9
"""Records leaked at which a public leak weighs fully on sentiment (log scale from 1 record)."""
STATEMENT_RELIEF = 0.3
"""Share of the fall a published statement spares (ASSUMPTION)."""
NOTICE_RELIEF = 0.1
"""Share of the fall a notice to affected users spares (ASSUMPTION)."""


class Service:
    """A service's load and condition."""

    __slots__ = ("id", "capacity", "baseline", "attack", "collateral", "impairment", "offline",
                 "depends_on", "served")

    def __init__(self, sid: str, capacity: float, baseline: float, depends_on: list[str]):
        self.id = sid
        self.capacity = capacity
        self.baseline = baseline
        self.attack = 0.0          # attack requests per second reaching the service
        self.collateral = 0.0      # share of legitimate requests dropped by blunt mitigations
        self.impairment = 0.0      # share of the service's hosts encrypted or broken
        self.offline = False
        self.depends_on = depends_on
        self.served = 1.0


class World:
    """The platform's state and measures during a drill."""

    def __init__(self, spec: WorldSpec):
        self.spec = spec
        self.services = {
            sid: Service(sid, s.capacity_rps, s.baseline_rps, list(s.depends_on))
            for sid, s in spec.services.items()
        }
        self.exfiltrated = dict.fromkeys(spec.stores, 0.0)
        self.infected = dict.fromkeys(spec.segments, 0)
        self.encrypted = dict.fromkeys(spec.segments, 0)
        self.immune = dict.fromkeys(spec.segments, 0)
        self.leak_public = False
        self.statement_published = False
        self.users_notified = False
        self.fraud_per_min = 0.0
        self.complaints_answered = 0.0
        self._complaints = 0.0
        self._backlog = 0.0
        self._money = 0.0
        self._orders_lost = 0.0
        self._outage_minutes = 0.0   # integral of (1 - orders ratio) over minutes
        self._leak_arrived = 0.0     # complaints about a public leak so far
        self._sentiment = spec.sentiment
        self._order_path = list(spec.order_path)
        self._dt, self._relax = 0.0, 0.0
        self._ordered = self._order()
        self._keys = {s.id: (s.id + ".availability", s.id + ".load_ratio") for s in self._ordered}
        self.m: dict[str, float] = {}
        self._refresh(0.0)

    # -- what threats and tasks do ---------------------------------------------------------
    def add_fraud(self, cny: float) -> None:
        """Money taken directly (e.g. redirected payments)."""
        self._money += cny

    def answer_complaints(self, count: float) -> float:
        """Customer service answers up to ``count`` waiting complaints; returns how many."""
        answered = min(count, self._backlog)
        self._backlog -= answered
        self.complaints_answered += answered
        self.m["complaints.backlog"] = self._backlog
        return answered

    # -- time ------------------------------------------------------------------------------
    def advance(self, dt: float) -> None:
        """Integrate the measures over the last ``dt`` seconds and refresh :attr:`m`."""
        self._refresh(dt)

    def _order(self) -> list[Service]:
        """Services ordered so that each comes after the services it depends on."""
        done: list[str] = []

        def visit(sid: str, path: tuple[str, ...]) -> None:
            if sid in done or sid in path:
                return
            for dep in self.services[sid].depends_on:
                visit(dep, (*path, sid))
            done.append(sid)

        for sid in self.services:
            visit(sid, ())
        return [self.services[sid] for sid in done]

    def _refresh(self, dt: float) -> None:
        m = self.m
        spec = self.spec
        keys = self._keys
        for s in self._ordered:
            avail_key, load_key = keys[s.id]
            legit = s.baseline * (1.0 - s.collateral)
            load = legit + s.attack
            if s.offline:
                served = 0.0
            else:
                served = (1.0 if load <= s.capacity else s.capacity / load) \
                    * (1.0 - s.collateral) * (1.0 - s.impairment)
            for dep in s.depends_on:
                served *= m.get(keys[dep][0], 1.0) if dep in keys else 1.0
            s.served = served
            m[avail_key] = served
            m[load_key] = load / s.capacity
        ratio = 1.0
        for sid in self._order_path:
            ratio *= m[keys[sid][0]]
        baseline = spec.orders_per_min
        per_min = baseline * ratio
        lost_per_min = baseline - per_min
        minutes = dt / 60.0
        self._money += (lost_per_min * spec.order_value_cny + self.fraud_per_min) * minutes
        self._orders_lost += lost_per_min * minutes
        self._outage_minutes += (1.0 - ratio) * minutes
        complaints_per_min = spec.complaint_rate * lost_per_min
        records = 0.0
        if self.exfiltrated:
            for store, value in self.exfiltrated.items():
                m[store + ".exfiltrated"] = value
                records += value
            if self.leak_public and dt > 0:
                due = spec.leak_complaint_share * records * (0.5 if self.users_notified else 1.0)
                share = 1.0 - math.exp(-dt / LEAK_COMPLAINT_TAU)
                wave = max(0.0, due - self._leak_arrived) * share
                self._leak_arrived += wave
                complaints_per_min += wave / minutes
        m["records.exfiltrated"] = records
        if self.infected:
            infected = encrypted = 0
            for seg, count in self.infected.items():
                m[seg + ".infected"] = count
                m[seg + ".encrypted"] = self.encrypted[seg]
                infected += count
                encrypted += self.encrypted[seg]
            m["hosts.infected"] = infected
            m["hosts.encrypted"] = encrypted
        else:
            m["hosts.infected"] = m["hosts.encrypted"] = 0
        added = complaints_per_min * minutes
        self._complaints += added
        self._backlog += added
        if dt > 0:
            damage = (0.8 * (1.0 - ratio)
                      + 0.3 * min(1.0, self._outage_minutes / OUTAGE_FULL_MINUTES)
                      + self._leak_weight(records)
                      + 0.3 * min(1.0, self._backlog / 500.0))
            relief = (STATEMENT_RELIEF if self.statement_published else 0.0) \
                + (NOTICE_RELIEF if self.users_notified else 0.0)
            target = spec.sentiment - damage * (1.0 - relief)
            if dt != self._dt:
                self._dt, self._relax = dt, 1.0 - math.exp(-dt / SENTIMENT_TAU)
            sentiment = self._sentiment + (target - self._sentiment) * self._relax
            self._sentiment = -1.0 if sentiment < -1.0 else 1.0 if sentiment > 1.0 else sentiment
        m["orders.per_min"] = per_min
        m["orders.ratio"] = ratio
        m["orders.lost"] = self._orders_lost
        m["money.lost_cny"] = self._money
        m["complaints.total"] = self._complaints
        m["complaints.per_min"] = complaints_per_min
        m["complaints.backlog"] = self._backlog
        m["sentiment"] = self._sentiment

    def _leak_weight(self, records: float) -> float:
        """How far a public leak pulls sentiment down: 0.2 for any, up to 0.6 for 1e9 records."""
        if not self.leak_public or records <= 0:
            return 0.0
        return 0.2 + 0.4 * min(1.0, math.log10(1.0 + records) / math.log10(LEAK_FULL_RECORDS))

    def snapshot(self) -> dict[str, float]:
        """The measures rounded for the journal (4 decimals, or 1 for large figures)."""
        return {k: (round(v, 4) if -1000 < v < 1000 else round(v, 1)) for k, v in self.m.items()}

    def healthy(self, threshold: float = 0.95) -> bool:
        """Every service is at or above ``threshold`` availability."""
        return all(self.m[sid + ".availability"] >= threshold for sid in self.services)
