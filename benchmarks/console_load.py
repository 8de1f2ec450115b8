"""Benchmark: the participant console, against bare Textual and the bare client, in the same run.

Three figures of issue #5, each beside a bare baseline measured the same way:

1. **Cold start to first frame**: a fresh Python process opens the console (``ConsoleApp``, with a
   welcome already at hand so no server is involved) and exits right after the first frame with
   the drill on it. Baselines: ``import textual.app`` alone, and a bare Textual app with one
   widget to its first frame. Goal ≤ 1.0 s.
2. **Inbox flood**: 5,000 messages arrive at once; time until they are applied and the screen
   refreshed, then the time to open a form afterwards (is it still responsive?). Baseline: a bare
   ``DataTable`` given the same 5,000 rows in one ``add_rows``.
3. **Command → ack shown**: on loopback, against a real in-process server, from submitting a
   command to the console showing it acknowledged (median of 30). Baseline: the bare client's
   ``send`` round trip. Goal ≤ 100 ms.

Run: ``.venv/bin/python benchmarks/console_load.py``. Nothing is asserted.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.live.client import DrillClient  # noqa: E402
from simulator.live.local import LocalServer  # noqa: E402
from simulator.live.session import Session  # noqa: E402
from simulator.scenario.loader import load_scenario  # noqa: E402

CHILD = '''
import json, sys, time
welcome = json.loads(open(sys.argv[1], encoding="utf-8").read())
from simulator.protocol import Welcome
from tui.console.app import ConsoleApp

class Client:
    on_state = None
    async def connect(self):
        return Welcome(type="welcome", role=welcome["role"], drill=welcome["drill"], seq=0)
    async def events(self):
        if False:
            yield None
    async def send(self, action, args=None, *, id=None, timeout=None):
        raise RuntimeError("not in this benchmark")
    async def close(self):
        pass

class First(ConsoleApp):
    def on_joined(self, message):
        super().on_joined(message)
        self.call_after_refresh(self.exit)

First(Client(), lang="zh").run(headless=True)
'''

BARE_APP = '''
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True)
'''


def wall(args: list[str], runs: int = 5) -> float:
    """Median wall time of a fresh process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, check=True, cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cold_start(folder: Path, session: Session) -> dict[str, float]:
    welcome = folder / "welcome.json"
    welcome.write_text(json.dumps({"role": "cio", "drill": session.describe("cio")}),
                       encoding="utf-8")
    python = sys.executable
    return {
        "python": wall([python, "-c", "pass"]),
        "import textual.app": wall([python, "-c", "import textual.app"]),
        "bare Textual app, first frame": wall([python, "-c", BARE_APP]),
        "console, first frame": wall([python, "-c", CHILD, str(welcome)]),
    }


def flood_events(n: int = 5000):
    from simulator.protocol import EventFrame
    return [EventFrame(type="event", seq=i, t=float(i), kind="action.taken", actor="legal",
                       data={"action": "send_message", "args": {"to": ["cio"],
                                                                "text": f"消息 {i}"},
                             "result": {"recipients": ["cio"]}, "source": "human",
                             "cause": None})
            for i in range(2, n + 2)]


async def flood(session: Session) -> dict[str, float]:
    from textual.app import App
    from textual.widgets import DataTable

    from simulator.protocol import Welcome
    from tui.console.app import ConsoleApp
    from tui.console.screens.action_form import ActionForm

    events = flood_events()

    class Client:
        on_state = None

        def __init__(self):
            self.queue: asyncio.Queue = asyncio.Queue()

        async def connect(self):
            return Welcome(type="welcome", role="cio", drill=session.describe("cio"), seq=0)

        async def events(self):
            while (event := await self.queue.get()) is not None:
                yield event

        async def send(self, action, args=None, *, id=None, timeout=None):
            raise RuntimeError("not in this benchmark")

        async def close(self):
            self.queue.put_nowait(None)

    client = Client()
    app = ConsoleApp(client, lang="zh", tick=False)
    out = {}
    async with app.run_test(size=(160, 50)) as pilot:
        while app.state is None:
            await pilot.pause(0.01)
        started = time.perf_counter()
        for event in events:
            client.queue.put_nowait(event)
        while app.state.last_seq < events[-1].seq:
            await pilot.pause(0)
        await pilot.pause()
        out["console: 5,000 messages applied and shown"] = time.perf_counter() - started
        started = time.perf_counter()
        app.open_action("send_message")
        while not (isinstance(app.screen, ActionForm) and app.screen.query("#submit")):
            await pilot.pause(0)
        await pilot.pause()
        out["console: then open a form"] = time.perf_counter() - started

    class Bare(App):
        def compose(self):
            yield DataTable()

    bare = Bare()
    async with bare.run_test(size=(160, 50)) as pilot:
        table = bare.query_one(DataTable)
        table.add_columns("#", "time", "channel", "from", "text")
        started = time.perf_counter()
        table.add_rows([(str(e.seq), str(e.t), "message", e.actor, e.data["args"]["text"])
                        for e in events])
        await pilot.pause()
        out["bare DataTable: 5,000 rows"] = time.perf_counter() - started
    return out


async def acks(url: str, cio_code: str, legal_code: str, n: int = 30) -> dict[str, float]:
    from tui.console.app import ConsoleApp

    shown = []
    app = ConsoleApp(DrillClient(url, cio_code, lang="zh"), lang="zh", tick=False)
    async with app.run_test(size=(160, 50)) as pilot:
        while app.state is None:
            await pilot.pause(0.01)
        for i in range(n):
            painted = asyncio.Event()
            started = time.perf_counter()
            cid = app.command("send_message", {"to": ["security_lead"], "text": f"m{i}"})
            while app.state.commands.all[cid].status == "sent":
                await asyncio.sleep(0.0005)
            app.call_after_refresh(painted.set)  # the acknowledgement is on the screen
            await painted.wait()
            shown.append(time.perf_counter() - started)
    bare = []
    async with DrillClient(url, legal_code, lang="zh") as client:
        for i in range(n):
            started = time.perf_counter()
            await client.send("send_message", {"to": ["marketing"], "text": f"b{i}"})
            bare.append(time.perf_counter() - started)
    return {"console: command -> ack shown (median)": statistics.median(shown),
            "console: command -> ack shown (max)": max(shown),
            "bare client: send -> ack (median)": statistics.median(bare)}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        session = Session.create(load_scenario("ddos-618"), folder / "drill.sqlite", seed=1,
                                 speed=1.0, lang="zh")
        start = cold_start(folder, session)
        print("cold start (fresh process, median of 5; goal: console <= 1.0 s)")
        for name, seconds in start.items():
            print(f"  {name:34} {seconds:6.2f} s")
        print(f"  ratio console / bare Textual app     "
              f"{start['console, first frame'] / start['bare Textual app, first frame']:.1f}x")
        flooded = asyncio.run(flood(session))
        print("inbox flood")
        for name, seconds in flooded.items():
            print(f"  {name:40} {seconds * 1000:8.0f} ms")
        print(f"  ratio console / bare DataTable       "
              f"{flooded['console: 5,000 messages applied and shown'] / flooded['bare DataTable: 5,000 rows']:.1f}x")  # noqa: E501
        with LocalServer(session) as server:
            answered = asyncio.run(acks(server.url, session.codes["cio"], session.codes["legal"]))
        print("command -> ack on loopback (30 commands; goal: <= 100 ms)")
        for name, seconds in answered.items():
            print(f"  {name:42} {seconds * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
