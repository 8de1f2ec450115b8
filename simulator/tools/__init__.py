"""Developer tools that read the simulator: run with ``python -m``, never imported by a drill.

- :mod:`simulator.tools.protocol_docs` generates ``docs/protocol.md`` from
  :mod:`simulator.protocol`.
"""
