"""The live session: one asyncio process hosting one drill for people on the network.

The engine stays synchronous; this package drives it from an asyncio clock task, checks and
applies participants' commands, journals every event durably before acknowledging, and fans the
events out to each client as its role may see them. Both ends live here: the server
(:mod:`simulator.live.server`), the consoles' client (:mod:`simulator.live.client`, which
satisfies :class:`simulator.live.connection.DrillConnection`) and the in-process server of
``warroom play`` (:mod:`simulator.live.local`).
"""
