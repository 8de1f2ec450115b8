"""warroom's headless engine: scenarios, the SimPy drill, journals and bots.

Nothing here imports the analysis or the terminal UI (an import-linter contract enforces it),
and the engine core does no network I/O: it can run a drill as fast as the CPU allows.

``simulator.__version__`` is the installed package's version; it is looked up on first use, so
that importing ``simulator`` does not load :mod:`importlib.metadata`.
"""


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("warroom")
    except PackageNotFoundError:  # running from a source tree that is not installed
        value = "0.0.0+source"
    globals()["__version__"] = value
    return value
