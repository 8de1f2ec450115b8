"""Text mutations: hostile files made from a bundled file's text rather than its data.

Alias bombs and recursive aliases, tabs, BOMs, invalid UTF-8, binary junk, control characters,
truncation, byte flips, line edits, YAML tags, line endings, several documents and an oversized
file. Each is a pure function of the text and a seeded :class:`random.Random` that returns the
new file's bytes; :data:`tests.fuzz.mutations.MUTATIONS` names them with the data mutations.
"""

from __future__ import annotations

import random


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def alias_bomb(text: str, rng: random.Random) -> bytes:
    """Add a "billion laughs" alias bomb, as a new key or in place of a value."""
    levels = rng.choice([5, 9, 12])
    bomb = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    if rng.random() < 0.5:
        return (text + "\n" + "\n".join(bomb) + "\n").encode()
    anchors = "bombs:\n" + "".join(f"  - {line}\n" for line in bomb)
    return (anchors + text.replace("\ninjects:", f"\ninjects: *a{levels - 1}\nx-injects:", 1)
            ).encode()


def recursive_alias(text: str, rng: random.Random) -> bytes:
    """Add an alias that contains itself."""
    form = rng.choice(["loop: &loop [*loop]", "loop: &loop {a: *loop}",
                       "loop: &loop\n  - x\n  - *loop", "<<: &m {<<: *m}"])
    return (form + "\n" + text).encode()


def tabs(text: str, rng: random.Random) -> bytes:
    """Indent one or more lines with tabs, or put a tab inside a value."""
    lines = _lines(text)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        stripped = lines[i].lstrip(" ")
        indent = len(lines[i]) - len(stripped)
        lines[i] = ("\t" * max(1, indent // 2) + stripped) if rng.random() < 0.7 else \
            lines[i].replace(": ", ":\t", 1)
    return "".join(lines).encode()


def bom(text: str, rng: random.Random) -> bytes:
    """A BOM at the start (once or twice), or in the middle of the file."""
    raw = text.encode()
    mark = b"\xef\xbb\xbf"
    choice = rng.randrange(3)
    if choice == 0:
        return mark + raw
    if choice == 1:
        return mark + mark + raw
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + mark + raw[at:]


def invalid_utf8(text: str, rng: random.Random) -> bytes:
    """Insert bytes that are not UTF-8 (after a BOM, sometimes)."""
    raw = bytearray(text.encode())
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(raw) + 1)
        raw[at:at] = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                                 b"\xc0\xaf", b"\x80\x80", b"\xfe\xfe"])
    return (b"\xef\xbb\xbf" if rng.random() < 0.3 else b"") + bytes(raw)


def binary(text: str, rng: random.Random) -> bytes:
    """Random bytes, or the file with a binary blob in it."""
    blob = rng.randbytes(rng.choice([1, 16, 512, 8192]))
    if rng.random() < 0.4:
        return blob
    raw = text.encode()
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + blob + raw[at:]


def control_chars(text: str, rng: random.Random) -> bytes:
    """Insert characters YAML does not allow or that are odd in text (NUL, ESC, U+FFFE...)."""
    chars = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufffe", "\ufeff",
             "\ud800", "\U0010ffff", "\u202e", "\x0c", "\r"]
    out = text
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(out) + 1)
        out = out[:at] + rng.choice(chars) + out[at:]
    return out.encode("utf-8", "surrogatepass")


def truncate(text: str, rng: random.Random) -> bytes:
    """The file cut off at a random byte (perhaps inside a multi-byte character)."""
    raw = text.encode()
    return raw[:rng.randrange(len(raw) + 1)]


def byte_flips(text: str, rng: random.Random) -> bytes:
    """A few random bytes changed."""
    raw = bytearray(text.encode())
    for _ in range(rng.randint(1, 8)):
        if raw:
            raw[rng.randrange(len(raw))] = rng.randrange(256)
    return bytes(raw)


def line_edits(text: str, rng: random.Random) -> bytes:
    """Delete, duplicate (a duplicate key, often), swap or re-indent lines."""
    lines = _lines(text)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        edit = rng.randrange(4)
        if edit == 0 and len(lines) > 1:
            del lines[i]
        elif edit == 1:
            lines.insert(i, lines[i])
        elif edit == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = " " * rng.choice([1, 2, 3, 7]) + lines[i]
    return "".join(lines).encode()


def yaml_tags(text: str, rng: random.Random) -> bytes:
    """Put a tag on a value: Python objects, custom tags, binary, sets, explicit scalars."""
    tag = rng.choice(["!!python/object/apply:os.system", "!!python/name:os.system", "!custom",
                      "!!binary", "!!set", "!!omap", "!!int", "!!float", "!!bool", "!!str",
                      "!!timestamp", "!!null", "!<tag:example.com,2000:x>", "!!map", "!!seq"])
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip()
                  .startswith("#")]
    if not candidates:
        return text.encode()
    i = rng.choice(candidates)
    lines[i] = lines[i].replace(": ", f": {tag} ", 1)
    return "".join(lines).encode()


def line_endings(text: str, rng: random.Random) -> bytes:
    """CRLF, bare CR, or a mixture."""
    ending = rng.choice(["\r\n", "\r", "mixed"])
    if ending != "mixed":
        return text.replace("\n", ending).encode()
    return "".join(line.rstrip("\n") + rng.choice(["\n", "\r\n", "\r"])
                   for line in _lines(text)).encode()


def documents(text: str, rng: random.Random) -> bytes:
    """Several YAML documents, a lone document marker, or an empty or comment-only file."""
    return rng.choice([text + "\n---\n" + text, "---\n" + text + "\n...\n", "---\n", "",
                       "# only a comment\n", "...\n", text + "\n--- [1, 2]\n", "[1, 2, 3]\n",
                       "just a string\n", "null\n", "%YAML 1.1\n---\n" + text,
                       "%TAG ! tag:example.com,2000:\n---\n" + text]).encode()


def oversized(text: str, rng: random.Random) -> bytes:
    """A file just over the size limit (a long comment), or a huge single line."""
    pad = rng.choice(["#" + "x" * (2 * 1024 * 1024) + "\n", "z: " + "y" * (2 * 1024 * 1024)])
    return (text + "\n" + pad).encode()
