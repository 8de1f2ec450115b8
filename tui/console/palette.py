"""The command palette provider: the actions the participant's role may take."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider

from simulator.actions import CATALOGUE


class ActionCommands(Provider):
    """Lists the role's allowed actions (in the console's language); each opens its form."""

    def _actions(self) -> list[tuple[str, str]]:
        app = self.app
        state = getattr(app, "state", None)
        lang = getattr(app, "lang", "zh")
        if state is None:
            return []
        return [(getattr(CATALOGUE[a].name, lang), a) for a in state.actions if a in CATALOGUE]

    async def discover(self) -> Hits:
        """Every allowed action, before anything is typed."""
        for name, action in self._actions():
            yield Hit(1.0, name, partial(self.app.open_action, action), text=name, help=action)

    async def search(self, query: str) -> Hits:
        """The actions whose name or id matches ``query``."""
        matcher = self.matcher(query)
        for name, action in self._actions():
            score = max(matcher.match(name), matcher.match(action))
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.open_action, action),
                          text=name, help=action)
