"""warroom's headless engine: scenarios, the SimPy drill, journals and bots.

Nothing here imports the analysis or the terminal UI (an import-linter contract enforces it),
and the engine core does no network I/O: it can run a drill as fast as the CPU allows.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("warroom")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
