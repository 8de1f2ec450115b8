"""Checking a journal's write-ahead log before SQLite sees it.

A live journal runs in WAL mode: commits land in ``<journal>-wal`` and are folded into the main
file now and then. SQLite reads the log up to the last frame whose checksum chain holds and
quietly ignores the rest, and it ignores a log whose header is damaged altogether. For a database
that is the right thing after a power cut; for a drill it means a ``--resume`` that silently
forgets decisions that were acknowledged. So before a journal is reopened for appending, the log
is read here, frame by frame, as the file format describes it
(https://www.sqlite.org/fileformat.html#the_write_ahead_log), and anything SQLite would drop is
reported instead.

What is normal and not reported: an empty or missing log; frames after the last commit (a
transaction that never committed, so nothing of it was acknowledged); frames left from before
the log was restarted (their salts are the old ones).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

_MAGIC = (0x377F0682, 0x377F0683)
_HEADER = 32
_FRAME_HEADER = 24


@dataclass(frozen=True)
class WalCheck:
    """What a write-ahead log holds.

    Attributes:
        size: Bytes in the file (0 when there is none).
        header_ok: Whether its header is intact (true for an empty log).
        committed: Frames up to the last commit whose checksum chain holds (what SQLite reads).
        problem: Why SQLite would drop part of it, or None when it drops nothing of value.
    """

    size: int
    header_ok: bool
    committed: int
    problem: str | None


def wal_path(journal: Path) -> Path:
    """The write-ahead log beside ``journal``."""
    return journal.with_name(journal.name + "-wal")


def check_wal(journal: Path) -> WalCheck:
    """Read the write-ahead log of ``journal`` and say whether SQLite would drop any of it."""
    path = wal_path(journal)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return WalCheck(0, True, 0, None)
    if not data:
        return WalCheck(0, True, 0, None)
    name = path.name
    if len(data) < _HEADER:
        return WalCheck(len(data), False, 0,
                        f"{name} is cut short ({len(data)} bytes, not even a header): the events "
                        "committed since the last checkpoint are lost")
    magic, _version, page_size, _ckpt, salt1, salt2, sum1, sum2 = struct.unpack(
        ">8I", data[:_HEADER])
    big = magic == _MAGIC[1]
    valid_size = page_size >= 512 and page_size & (page_size - 1) == 0 and page_size <= 65536
    if magic not in _MAGIC or not valid_size or \
            _checksum(data[:24], 0, 0, big) != (sum1, sum2):
        return WalCheck(len(data), False, 0,
                        f"{name} is unreadable ({len(data)} bytes with a damaged header): the "
                        "events committed since the last checkpoint are lost")
    frame = _FRAME_HEADER + page_size
    s1, s2 = sum1, sum2
    committed = frames = 0
    offset = _HEADER
    while offset + frame <= len(data):
        page, commit_size, f_salt1, f_salt2, f_sum1, f_sum2 = struct.unpack(
            ">6I", data[offset:offset + _FRAME_HEADER])
        if (f_salt1, f_salt2) != (salt1, salt2):
            break  # a frame from before the log restarted: not part of this log
        s1, s2 = _checksum(data[offset:offset + 8], s1, s2, big)
        s1, s2 = _checksum(data[offset + _FRAME_HEADER:offset + frame], s1, s2, big)
        if (s1, s2) != (f_sum1, f_sum2) or page == 0:
            tail = len(data) - offset
            return WalCheck(len(data), True, committed,
                            f"{name} is damaged at frame {frames + 1}: {tail} bytes after the "
                            f"last intact commit (frame {committed}) are dropped")
        frames += 1
        if commit_size:
            committed = frames
        offset += frame
    rest = len(data) - offset
    if rest and _salts_at(data, offset, salt1, salt2):
        return WalCheck(len(data), True, committed,
                        f"{name} ends in a cut frame ({rest} bytes): what was written after the "
                        f"last intact commit (frame {committed}) is dropped")
    return WalCheck(len(data), True, committed, None)


def _salts_at(data: bytes, offset: int, salt1: int, salt2: int) -> bool:
    """Whether the bytes at ``offset`` start a frame of the current log (or are too few to say)."""
    if len(data) - offset < 16:
        return True
    return struct.unpack(">2I", data[offset + 8:offset + 16]) == (salt1, salt2)


def _checksum(chunk: bytes, s1: int, s2: int, big: bool) -> tuple[int, int]:
    """SQLite's WAL checksum of ``chunk`` (a multiple of 8 bytes), continued from ``s1, s2``."""
    words = struct.unpack(f"{'>' if big else '<'}{len(chunk) // 4}I", chunk)
    mask = 0xFFFFFFFF
    for i in range(0, len(words), 2):
        s1 = (s1 + words[i] + s2) & mask
        s2 = (s2 + words[i + 1] + s1) & mask
    return s1, s2
