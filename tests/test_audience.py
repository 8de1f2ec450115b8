"""One table says who is told of what: every role the engine prompts of an event may see it."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.audience import ACTIONS, NOTICES, TASKS, Resolver, of_action
from simulator.bots import attach_bots
from simulator.engine.drill import Drill
from simulator.live.visibility import Visibility
from simulator.records import Event
from simulator.scenario.loader import list_bundled, load_org, load_scenario
from tests.drills import load


class Prompts:
    """A player that only records the engine's prompts."""

    def __init__(self):
        self.seen: list[tuple[str, str, Event]] = []

    def observe(self, event: Event) -> None:
        pass

    def prompt(self, role: str, trigger: str, cause: Event, payload: dict[str, Any]) -> None:
        self.seen.append((role, trigger, cause))


def test_every_selector_of_the_table_resolves():
    resolver = Resolver(load_org())
    for audience in (*ACTIONS.values(), TASKS):
        for selector in (*audience.sees, *audience.prompted, *audience.learns):
            resolver.resolve([selector], "cio", {"recipients": ["legal"]})
    for selectors in NOTICES.values():
        resolver.resolve(selectors, "cio")
    with pytest.raises(ValueError, match="unknown audience selector"):
        resolver.resolve(["nobody"], "cio")


def test_who_is_prompted_may_see_it_for_every_action_and_actor():
    org = load_org()
    resolver = Resolver(org)
    for action, audience in ACTIONS.items():
        assert bool(audience.prompted) == (audience.trigger is not None), action
        for actor, spec in org.roles.items():
            if action not in spec.actions:
                continue
            result = {"recipients": [r for r in org.roles if r != actor][:3]}
            sees = set(resolver.resolve(audience.sees, actor, result)) | {actor}
            prompted = set(resolver.resolve(audience.prompted, actor, result))
            learns = set(resolver.resolve(audience.learns, actor, result))
            assert prompted <= sees, (action, actor, prompted - sees)
            assert learns <= sees, (action, actor, learns - sees)
    for actor in org.roles:
        assert set(resolver.resolve(TASKS.prompted, actor)) <= \
            set(resolver.resolve(TASKS.sees, actor))


def test_an_action_the_table_does_not_name_concerns_its_actor_only():
    assert of_action("acknowledge").sees == () and of_action("acknowledge").trigger is None


@pytest.mark.parametrize("scenario", [*list_bundled(), "small-malware"])
def test_in_a_drill_every_prompt_is_about_an_event_its_role_sees(scenario):
    loaded = load("malware") if scenario == "small-malware" else load_scenario(scenario)
    drill = Drill(loaded.scenario, loaded.org, 7)
    prompts = Prompts()
    drill.attach(prompts)
    attach_bots(drill)
    drill.run()
    visibility = Visibility(loaded.org, loaded.scenario)
    for event in drill.events:
        visibility.note(event)
    checked = 0
    for role, trigger, cause in prompts.seen:
        if trigger in NOTICES:
            continue  # about the state of the response, not about its cause event
        assert visibility.view(cause, role) is not None, (role, trigger, cause.kind, cause.data)
        checked += 1
    triggers = {t for _, t, _ in prompts.seen}
    assert checked > 20 and {"inject", "task_done", "incident_reported"} <= triggers
