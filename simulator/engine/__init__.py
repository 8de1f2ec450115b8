"""The drill engine: one scenario played on a SimPy clock, synchronous and free of I/O.

:mod:`simulator.engine.drill` runs the drill; the other modules are its parts (the clock, the
world, teams and tools, injects, commands, watches, objectives, facilitation, random streams).
The engine journals nothing itself and opens no socket: the live server and the rehearsals drive
it. This file makes the engine a regular package, so that the import-linter contracts of
``pyproject.toml`` see its modules.
"""
