"""A large, real drill journal for the report benchmark: many participants, many events.

:func:`generate` plays a bundled scenario (``ddos-618`` by default) on the real engine and writes
its journal, so the journal is self-consistent: :func:`simulator.replay.replay` rebuilds the same
event stream from it alone. What is added to an ordinary rehearsal:

- **More participants.** The organisation is the bundled ``scenarios/org/ecommerce.yaml``, read
  with the project's YAML reader (PyYAML underneath, with ``on`` kept a string) and written back
  with PyYAML after extra roles are added, copies of existing ones (``security_engineer_2``,
  ``cs_agent_2``, ``network_ops_2``...), each placed in its original's group and added to that
  group's ``members``, until there are ``participants`` roles. A copy keeps its original's
  group, latency, tools, what it sees and its actions and duties, except ``start_task`` (tasks are
  carried out by the original role's team, whose headcount is unchanged: a copy cannot start one,
  and a bot copy would only have its tasks rejected) and the ``request_resources`` duty (else every
  copy would file the same request). A copy is one person (headcount 1).
- **Four hours.** The CIO's ``close`` duty (``close_incident`` after the post-incident report) is
  dropped, so no bot ends the drill early: it runs its whole ``length`` (``hours``; the scenario's
  ``length:`` line is rewritten only when ``hours`` differs from it).
- **Human chatter.** Every role is also played by a bot, so the plan's flow goes on as in a
  rehearsal, and on top of that people give commands, the way a live session applies them
  (:meth:`Drill.submit` with ``source="human"`` and a ``command_id``, journalled as
  ``action.taken``, or ``action.rejected`` for a command the engine refuses): messages to one role
  (which the recipient's bot answers), to groups, and replies (``reply_to``) to messages received;
  acknowledgements of the injects that reached a role; now and then an instruction from a leader;
  and a few refused commands (a role trying an action it may not take). The facilitator
  (:meth:`Drill.facilitate`, journalled with ``command``) starts the clock, changes speed once,
  pauses and resumes half-way, fires ad-hoc injects to groups every 20 minutes from 0:30, and
  records an observation with a P/S/M/U rating about every 5 minutes.

Commands are chosen by a random generator of their own, seeded from ``seed`` (the engine's
generator is left to the engine), and depend only on it and on the drill's state, so the same
arguments give the same journal (wall-clock times aside). The pace of the chatter is steered as
the drill goes: from the events made so far per command and the time left, the next gap is drawn
so that the journal ends near ``events`` (within a few tenths of a percent for 20,000).

Run::

    .venv/bin/python benchmarks/report_journal.py OUT.sqlite [--participants 50] [--events 20000]
        [--hours 4] [--seed 1] [--check]
"""

from __future__ import annotations

import argparse
import heapq
import json
import re
import time
from collections import Counter, defaultdict, deque
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from simulator.actions import CATALOGUE
from simulator.bots import attach_bots
from simulator.engine.drill import Drill
from simulator.journal import Journal
from simulator.records import Event
from simulator.rehearsal import journal_meta
from simulator.scenario.loader import load_scenario, load_scenario_text
from simulator.scenario.source import parse_source

ORG_PATH = Path(__file__).resolve().parents[1] / "scenarios" / "org" / "ecommerce.yaml"
SCENARIO = "ddos-618"
LANG = "zh"

COPY_ORDER = (
    "cs_agent", "security_engineer", "network_ops", "sysadmin", "cs_agent", "security_engineer",
    "tech_support", "network_ops", "cs_agent", "sysadmin", "security_engineer", "cs_agent",
    "network_ops", "tech_support", "sysadmin", "cs_agent", "security_engineer", "network_ops",
    "cs_agent", "legal", "security_engineer", "sysadmin", "cs_agent", "network_ops", "tech_support",
    "cs_agent", "security_engineer", "sysadmin", "network_ops", "cs_agent", "marketing",
    "security_engineer", "cs_agent", "network_ops", "sysadmin", "cs_agent", "security_engineer",
    "tech_support", "cs_agent", "cs_agent",
)
"""Which role each extra participant copies, in order (40 entries: 50 roles in all); repeated
when more are asked for."""
DROPPED_FROM_COPIES = ("start_task", "request_resources")

CHATTER_FROM = 60.0
"""People start talking a minute into the drill..."""
CHATTER_STOP = 120.0
"""...and stop this long before its end (the last bot replies land before it)."""
ACK_SHARE, ACK_DELAY = 0.85, 90.0
"""Share of (role, inject) pairs acknowledged by a person, and the mean delay (s)."""
OBSERVE_EVERY, ADHOC_EVERY, ADHOC_FROM = 300.0, 1200.0, 1800.0
FIRST_GUESS = 2.0
"""Events per chatter command assumed before any was measured."""
CAPABILITIES = ("detect", "report", "instruction", "response", "customer", "regulator",
                "logistics", "recovery")


# -- the organisation -----------------------------------------------------------------------------
def org_text(participants: int) -> str:
    """The bundled organisation with extra roles up to ``participants`` roles, as YAML."""
    doc = parse_source(ORG_PATH.read_text(encoding="utf-8"), str(ORG_PATH)).data
    roles: dict[str, Any] = doc["roles"]
    if participants < len(roles):
        raise ValueError(f"participants must be at least {len(roles)} (the bundled roles)")
    cio = roles["cio"]
    cio["duties"] = [d for d in cio["duties"] if d["do"] != "close_incident"]
    numbers: Counter[str] = Counter()
    for i in range(participants - len(roles)):
        base = COPY_ORDER[i % len(COPY_ORDER)]
        numbers[base] += 1
        rid = f"{base}_{numbers[base] + 1}"
        spec = json.loads(json.dumps(roles[base]))
        spec["name"] = {"zh": f"{spec['name']['zh']}{numbers[base] + 1}",
                        "en": f"{spec['name']['en']} {numbers[base] + 1}"}
        spec["headcount"] = 1
        spec["actions"] = [a for a in spec["actions"] if a not in DROPPED_FROM_COPIES]
        spec["duties"] = [d for d in spec.get("duties", []) if d["do"] not in DROPPED_FROM_COPIES]
        roles[rid] = spec
        doc["groups"][spec["group"]].setdefault("members", []).append(rid)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def scenario_text(hours: float) -> str:
    """The bundled scenario's YAML, with its ``length`` set to ``hours``."""
    text = load_scenario(SCENARIO).scenario_text
    minutes = round(hours * 60)
    length = f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"
    return re.sub(r"^length: .*$", f"length: {length}", text, count=1, flags=re.M)


# -- what people say ------------------------------------------------------------------------------
SAY = {
    "technical": [
        ("入口流量仍在{n}万次/秒左右，清洗已拦截约{p}%", "Ingress still about {n}0k rps; "
         "scrubbing drops about {p}%"),
        ("已封禁{n}个攻击源网段，继续观察", "Blocked {n} source ranges, watching"),
        ("请确认WAF规则已下发到全部{n}个节点", "Please confirm the WAF rule is on all {n} nodes"),
        ("下单接口错误率{p}%，正在排查", "Checkout API error rate {p}%, looking into it"),
        ("CDN回源流量下降到{p}%", "CDN origin traffic down to {p}%"),
        ("需要再加{n}台备用服务器", "We need {n} more spare servers"),
    ],
    "customer_service": [
        ("用户投诉累计{n}单，主要是无法下单", "{n} complaints so far, mostly failed orders"),
        ("请给出对外统一口径", "Please give us the approved wording"),
        ("热线排队{n}人，平均等待{p}秒", "{n} callers queued, {p} s average wait"),
        ("有用户询问优惠券是否会补发", "Users ask whether coupons will be reissued"),
        ("微博上相关话题阅读量{n}万", "The topic has {n}0k views on Weibo"),
    ],
    "leadership": [
        ("请每15分钟同步一次进展", "Update me every 15 minutes"),
        ("法务请尽快审核对外声明", "Legal, please review the statement soon"),
        ("技术组预计多久能恢复？", "Technical group, when do you expect recovery?"),
        ("清洗扩容费用已批准，上限{n}万元", "Scrubbing capacity approved, up to CNY {n}0k"),
        ("客服组准备好用户解释口径", "Customer service, prepare the user explanation"),
        ("监管报告材料请在{n}分钟内汇总", "Collect the regulator report material within {n} min"),
    ],
}
REPLIES = [("收到，正在处理。", "Received, on it."),
           ("好的，{n}分钟内反馈。", "OK, back in {n} min."),
           ("已确认，数据见附件。", "Confirmed, figures attached."),
           ("还需要再核实一下。", "Need to check again."), ("已完成。", "Done.")]
NOTES = [("报告要素齐全，但晚于目标时间", "Report complete but later than target"),
         ("技术组与客服组信息同步不足", "Technical and customer service out of sync"),
         ("指令明确，分工清晰", "Clear instruction and division of work"),
         ("清洗扩容审批耗时较长", "Scrubbing capacity approval took long"),
         ("对外声明措辞经过法务审核", "Statement wording checked by legal")]
ADHOC = [("媒体来电询问故障原因", "A journalist calls about the outage"),
         ("清洗服务商通知带宽即将达到上限", "The scrubbing vendor warns of the bandwidth cap"),
         ("合作商家反映后台无法登录", "Merchants report they cannot log in to the admin"),
         ("监控显示新的攻击来源", "Monitoring shows new attack sources")]
CHANNELS = ("phone", "email", "im", "news")


class Chatter:
    """The people and the facilitator of one generated drill: a queue of timed commands."""

    def __init__(self, drill: Drill, *, events: int, seed: int):
        self.drill = drill
        self.rng = np.random.default_rng([seed, 0x68756D616E])  # "human": not the engine's
        self.target = events
        self.end = drill.scenario.length
        self.roles = list(drill.org.roles)
        self.group_of = {r: s.group for r, s in drill.org.roles.items()}
        self.members: dict[str, list[str]] = defaultdict(list)
        for role, group in self.group_of.items():
            self.members[group].append(role)
        leadership = drill.org.groups["leadership"]
        self.leaders = [leadership.leader, leadership.deputy]
        self.inbox: dict[str, deque[tuple[int, str]]] = defaultdict(lambda: deque(maxlen=8))
        self.queue: list[tuple[float, int, str, dict[str, Any]]] = []
        self.order = 0
        self.scanned = 0
        self.commands = 0
        self.chat_commands = 0
        self.chat_events = 0
        self.ids: Counter[str] = Counter()

    # -- the queue ---------------------------------------------------------------------------
    def push(self, t: float, what: str, **payload: Any) -> None:
        """Give a command of kind ``what`` at sim time ``t``."""
        self.order += 1
        heapq.heappush(self.queue, (t, self.order, what, payload))

    def plan(self) -> None:
        """The commands known in advance: facilitator clock, observations and ad-hoc injects."""
        self.push(0.0, "clock", action="start")
        self.push(min(600.0, self.end / 4), "clock", action="speed", args={"factor": 2})
        self.push(self.end / 2, "clock", action="pause")
        self.push(self.end / 2, "clock", action="resume")
        t = OBSERVE_EVERY * float(self.rng.uniform(0.5, 1.0))
        while t < self.end - CHATTER_STOP:
            self.push(t, "observe")
            t += OBSERVE_EVERY * float(self.rng.uniform(0.6, 1.4))
        t = ADHOC_FROM
        while t < self.end - CHATTER_STOP:
            self.push(t, "adhoc")
            t += ADHOC_EVERY
        self.push(CHATTER_FROM, "chat")

    def run(self) -> None:
        """Play the drill: apply each command at its time, then run to the drill's end."""
        drill = self.drill
        drill.start()
        self.plan()
        while self.queue and not drill.is_over:
            t, _, what, payload = heapq.heappop(self.queue)
            if t >= self.end:
                break
            if t > drill.now:
                drill.advance(t)
            self.scan()
            before = drill.last_seq
            getattr(self, "_" + what)(**payload)
            if what == "chat":
                self.chat_commands += 1
                self.chat_events += drill.last_seq - before
        drill.run()

    def scan(self) -> None:
        """Read the events made since the last command: messages received, injects to answer."""
        events = self.drill.events
        for event in events[self.scanned:]:
            if event.kind == "action.taken" and event.data["action"] in (
                    "send_message", "issue_instruction"):
                for role in event.data["result"]["recipients"]:
                    self.inbox[role].append((event.seq, event.actor))
            elif event.kind == "inject.fired":
                for role in self.drill.state.received.get(event.data["inject"], ()):
                    if self.rng.random() < ACK_SHARE:
                        self.push(event.t + 1.0 + float(self.rng.exponential(ACK_DELAY)), "ack",
                                  role=role, inject=event.data["inject"])
        self.scanned = len(events)

    # -- commands ----------------------------------------------------------------------------
    def _id(self, role: str) -> str:
        self.ids[role] += 1
        return f"{role}-{self.ids[role]}"

    def submit(self, role: str, action: str, args: dict[str, Any]) -> None:
        """A person's command, as the live session applies it."""
        self.commands += 1
        self.drill.submit(role, action, args, source="human", command_id=self._id(role))

    def facilitate(self, action: str, args: dict[str, Any]) -> None:
        """A facilitator's command, as the live session applies it."""
        self.commands += 1
        self.drill.facilitate(action, args, actor="facilitator", command_id=self._id("facilitator"))

    def say(self, pairs: list[tuple[str, str]]) -> str:
        """One of ``pairs`` in the drill's language, its blanks filled."""
        zh, en = pairs[int(self.rng.integers(len(pairs)))]
        text = zh if self.drill.lang == "zh" else en
        return text.format(n=int(self.rng.integers(2, 60)), p=int(self.rng.integers(5, 99)))

    def _clock(self, action: str, args: dict[str, Any] | None = None) -> None:
        self.facilitate(action, args or {})

    def _observe(self) -> None:
        picked = self.rng.choice(len(self.roles), size=int(self.rng.integers(1, 4)), replace=False)
        self.facilitate("observation", {
            "capability": CAPABILITIES[int(self.rng.integers(len(CAPABILITIES)))],
            "rating": "PSMU"[int(self.rng.choice(4, p=[0.3, 0.4, 0.2, 0.1]))],
            "text": self.say(NOTES), "roles": [self.roles[int(i)] for i in sorted(picked)]})

    def _adhoc(self) -> None:
        groups = list(self.drill.org.groups)
        zh, en = ADHOC[int(self.rng.integers(len(ADHOC)))]
        self.facilitate("adhoc_inject", {
            "to": [groups[int(self.rng.integers(len(groups)))]],
            "channel": CHANNELS[int(self.rng.integers(len(CHANNELS)))], "zh": zh, "en": en})

    def _ack(self, role: str, inject: str) -> None:
        self.submit(role, "acknowledge", {"inject": inject})

    def _chat(self) -> None:
        drill, rng = self.drill, self.rng
        role = self.roles[int(rng.integers(len(self.roles)))]
        roll = rng.random()
        inbox = self.inbox[role]
        if roll < 0.005:  # a slip of the finger: an action the role may not take
            barred = [a for a in CATALOGUE if a not in drill.org.roles[role].actions]
            self.submit(role, barred[int(rng.integers(len(barred)))], {})
        elif roll < 0.03 and role in self.leaders and drill.now > 3600 \
                and "issue_instruction" in drill.org.roles[role].actions:
            self.submit(role, "issue_instruction", {
                "to": [["technical", "customer_service"][int(rng.integers(2))]],
                "text": self.say(SAY["leadership"])})
        elif roll < 0.38 and inbox:
            seq, sender = inbox.popleft()
            self.submit(role, "send_message", {"to": [sender], "text": self.say(REPLIES),
                                               "reply_to": str(seq)})
        else:
            group = self.group_of[role]
            pick = rng.random()
            if pick < 0.15:
                to = [group if rng.random() < 0.6 else "leadership"]
            elif pick < 0.55:
                others = [r for r in self.members[group] if r != role] or self.roles
                to = [others[int(rng.integers(len(others)))]]
            elif pick < 0.75:
                to = [self.leaders[int(rng.integers(2))]]
            else:
                to = [self.roles[int(rng.integers(len(self.roles)))]]
            if to == [role]:
                to = [self.leaders[0] if role != self.leaders[0] else self.leaders[1]]
            self.submit(role, "send_message", {"to": to, "text": self.say(SAY[group])})
        self._next_chat()

    def _next_chat(self) -> None:
        """Schedule the next chatter command so the journal ends near the target."""
        drill = self.drill
        left = self.end - CHATTER_STOP - drill.now
        if self.chat_commands < 50:
            per, background = FIRST_GUESS, drill.last_seq / max(drill.now, 1.0)
        else:  # events per chatter command, and the engine's (and others') events per second
            per = max(1.0, self.chat_events / self.chat_commands)
            background = (drill.last_seq - self.chat_events) / drill.now
        need = self.target - drill.last_seq - background * (left + CHATTER_STOP) - per
        if left <= 0 or need <= 0:
            return
        gap = left / (need / per)
        self.push(drill.now + float(self.rng.exponential(gap)), "chat")


# -- the journal ----------------------------------------------------------------------------------
def generate(path: str | Path, *, participants: int = 50, events: int = 20_000,
             hours: float = 4.0, seed: int = 1) -> Path:
    """Play the drill described in the module docstring and write its journal to ``path``.

    Returns:
        The journal's path (an existing file is replaced).
    """
    path = Path(path)
    loaded = load_scenario_text(scenario_text(hours), f"{SCENARIO}.yaml", org_text(participants),
                                "ecommerce-large.yaml")
    drill = Drill(loaded.scenario, loaded.org, seed, lang=LANG)
    attach_bots(drill)
    Chatter(drill, events=events, seed=seed).run()
    meta = journal_meta(loaded, seed, drill.bot_roles, drill.mistake_rate, LANG)
    meta["generator"] = (f"benchmarks/report_journal.py participants={participants} "
                         f"events={events} hours={hours:g} seed={seed}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with Journal.create(path, meta, durable=False, overwrite=True) as journal:
        for start in range(0, len(drill.events), 1000):
            journal.append(drill.events[start:start + 1000])
        journal.commit()
    return path


def kinds(path: str | Path) -> Counter[str]:
    """Events of the journal at ``path`` by kind."""
    with Journal.open(path) as journal:
        return Counter(journal.kinds())


def check_replay(path: str | Path) -> int:
    """Replay the journal at ``path`` and check it gives the same events; returns their number.

    Raises:
        simulator.replay.ReplayError: The replay made different events.
    """
    from simulator.replay import ReplayError, replay

    with Journal.open(path) as journal:
        theirs: list[Event] = list(journal.events())
    ours = replay(Path(path)).events
    if len(ours) != len(theirs):
        raise ReplayError(f"the replay made {len(ours)} events, the journal has {len(theirs)}")
    return len(ours)


def main() -> None:
    """Generate a journal and print what is in it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--hours", type=float, default=4.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="replay it and compare")
    args = parser.parse_args()
    started = time.perf_counter()
    path = generate(args.out, participants=args.participants, events=args.events,
                    hours=args.hours, seed=args.seed)
    seconds = time.perf_counter() - started
    counts = kinds(path)
    total = sum(counts.values())
    with Journal.open(path) as journal:
        human = [e for e in journal.events(kinds=["action.taken", "action.rejected"])
                 if e.data.get("source") == "human"]
    print(f"{path}: {total:,} events ({total / args.events - 1:+.1%} of {args.events:,}), "
          f"{args.participants} participants, {args.hours:g} h, generated in {seconds:.2f} s")
    for kind, n in counts.most_common():
        print(f"  {kind:<22} {n:>7,}")
    print(f"  human commands: {len(human):,} from {len({e.actor for e in human})} roles")
    if args.check:
        started = time.perf_counter()
        check_replay(path)
        print(f"replay: same {total:,} events ({time.perf_counter() - started:.2f} s)")


if __name__ == "__main__":
    main()
