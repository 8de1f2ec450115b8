from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.scenario import source as source_module
from simulator.scenario.errors import ScenarioError
from simulator.scenario.source import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    MAX_NUMBER,
    MIN_NUMBER,
    parse_source,
    read_source,
)


@pytest.fixture(autouse=True, params=["libyaml", "python"])
def backend(request, monkeypatch) -> str:
    """Every test here runs with libyaml's parser and with PyYAML's own."""
    if request.param == "libyaml" and source_module._CLoader is None:
        pytest.skip("PyYAML without libyaml")
    monkeypatch.setattr(source_module, "USE_LIBYAML", request.param == "libyaml")
    return request.param


def problems(text: str | bytes) -> list[str]:
    try:
        parse_source(text, "f.yaml")
    except ScenarioError as error:
        return [str(p) for p in error.problems]
    return []


# -- YAML 1.1 surprises that must not happen ---------------------------------------------------

def test_on_off_yes_no_stay_strings():
    data = parse_source("on: yes\noff: no\ny: n\nY: N\nflag: On\n", "f.yaml").data
    assert data == {"on": "yes", "off": "no", "y": "n", "Y": "N", "flag": "On"}


def test_only_true_and_false_are_booleans():
    data = parse_source("a: true\nb: False\nc: TRUE\n", "f.yaml").data
    assert data == {"a": True, "b": False, "c": True}


def test_sexagesimal_stays_a_string():
    data = parse_source("t: 1:30\nu: 0:05\nv: 1:02:30\nw: -1:30\n", "f.yaml").data
    assert data == {"t": "1:30", "u": "0:05", "v": "1:02:30", "w": "-1:30"}


def test_numbers():
    data = parse_source("a: 1_000_000\nb: 1e6\nc: 0.5\nd: -3\ne: 0x1f\nf: .5\ng: 010\nh: .inf\n",
                        "f.yaml").data
    assert data == {"a": 1_000_000, "b": 1e6, "c": 0.5, "d": -3, "e": 31, "f": 0.5, "g": "010",
                    "h": ".inf"}
    assert isinstance(data["b"], float)


def test_timestamps_stay_strings():
    data = parse_source("starts: 2026-06-18T20:00+08:00\nday: 2026-06-18\n", "f.yaml").data
    assert data == {"starts": "2026-06-18T20:00+08:00", "day": "2026-06-18"}


def test_keys_are_the_text_written():
    data = parse_source("1: a\ntrue: b\nnull: c\n", "f.yaml").data
    assert data == {"1": "a", "true": "b", "null": "c"}


def test_explicit_standard_tags():
    data = parse_source("a: !!str 5\nb: !!int '7'\nc: !!float '1'\n", "f.yaml").data
    assert data == {"a": "5", "b": 7, "c": 1.0}
    assert problems("a: !!bool yes\n") == ["f.yaml:1:4: a: 'yes' is not true or false"]


def test_merge_keys():
    text = "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n"
    source = parse_source(text, "f.yaml")
    assert source.data["c"] == {"x": 1, "y": 3}
    assert source.locate(("c", "y")) == (4, 6)
    assert source.locate(("c", "x")) == (1, 14)


# -- positions ---------------------------------------------------------------------------------

def test_positions_of_values_and_keys():
    text = "a:\n  b: [1, {c: 2}]\n  d: x\n"
    source = parse_source(text, "f.yaml")
    assert source.locate(()) == (1, 1)
    assert source.locate(("a",)) == (2, 3)
    assert source.locate(("a", "b", 1, "c")) == (2, 14)
    assert source.locate(("a", "d")) == (3, 6)
    assert source.locate(("a", "d"), key=True) == (3, 3)
    assert source.locate(("a", "b", 7, "zz")) == (2, 6)  # the nearest value written


def test_get():
    source = parse_source("a: [1, {b: 2}]\n", "f.yaml")
    assert source.get(("a", 1, "b")) == 2
    assert source.get(("a", 5), "none") == "none"


# -- errors ------------------------------------------------------------------------------------

SYNTAX = {
    "libyaml": ["f.yaml:3:2: YAML syntax: did not find expected ',' or ']' "
                "(while parsing a flow sequence at line 2)",
                "f.yaml:1:5: YAML syntax: mapping values are not allowed in this context"],
    "python": ["f.yaml:3:2: YAML syntax: expected ',' or ']', but got ':' "
               "(while parsing a flow sequence at line 2)",
               "f.yaml:1:5: YAML syntax: mapping values are not allowed here"],
}


def test_syntax_error_has_line_and_col(backend):
    assert problems("a: 1\nb: [1, 2\nc: 3\n") == SYNTAX[backend][:1]
    assert problems("a: b: c\n") == SYNTAX[backend][1:]


def test_tab_indentation_is_a_syntax_error():
    assert problems("a:\n\tb: 1\n") == [
        "f.yaml:2:1: YAML syntax: found character '\\t' that cannot start any token "
        "(indent with spaces, not tabs)"]
    assert problems("a: @x\n") == [
        "f.yaml:1:4: YAML syntax: found character '@' that cannot start any token"]


def test_duplicate_key():
    assert problems("a: 1\nb:\n  c: 1\n  c: 2\n") == [
        "f.yaml:4:3: b.c: duplicate key 'c' (first written at line 3)"]


def test_top_level_must_be_a_mapping():
    assert problems("- 1\n- 2\n") == [
        "f.yaml:1:1: expected a mapping at the top level, found a list"]
    assert problems("just text\n") == [
        "f.yaml:1:1: expected a mapping at the top level, found a single value"]
    assert problems("") == ["f.yaml:1:1: the file is empty; expected a mapping"]
    assert problems("# only a comment\n") == ["f.yaml:1:1: the file is empty; expected a mapping"]


def test_one_document_only():
    assert problems("a: 1\n---\nb: 2\n") == [
        "f.yaml:2:1: YAML syntax: but found another document "
        "(expected a single document in the stream at line 1)"]


def test_unsafe_and_unknown_tags_refused():
    assert problems("a: !!python/object:os.system x\n") == [
        "f.yaml:1:4: a: unsupported YAML tag !!python/object:os.system"]
    assert problems("a: !custom {b: 1}\n") == ["f.yaml:1:4: a: unsupported YAML tag !custom"]


def test_complex_key_refused():
    assert problems("? [a, b]\n: 1\n") == [
        "f.yaml:1:3: a mapping key must be a plain value, not a list"]


def test_undefined_and_duplicate_anchors():
    assert problems("a: *nope\n") == ["f.yaml:1:4: YAML syntax: found undefined alias 'nope'"]
    assert problems("a: [1, *nope]\n") == [
        "f.yaml:1:8: YAML syntax: found undefined alias 'nope'"]
    assert problems("a: &x 1\nb: &x 2\n") == [
        "f.yaml:2:4: YAML syntax: duplicate anchor (first at line 1)"]


def test_not_utf8():
    assert problems(b"a: 1\nb: caf\xe9\n") == ["f.yaml:2:7: not UTF-8 text"]
    assert parse_source(b"\xef\xbb\xbfa: 1\n", "f.yaml").data == {"a": 1}  # BOM
    with pytest.raises(ScenarioError) as caught:  # invalid UTF-8 after a BOM, where it is
        parse_source(b"\xef\xbb\xbfid: x\nab: c\xff\n", "f.yaml")
    assert str(caught.value.problems[0]) == "f.yaml:2:6: not UTF-8 text"


def test_control_character_refused():
    assert problems("a: 1\nb: x\x00\n") == ["f.yaml:2:5: character U+0000 is not allowed in YAML"]
    assert problems("a: 中文\nb: \x00") == ["f.yaml:2:4: character U+0000 is not allowed in YAML"]


# -- absurd inputs -----------------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9))
"""Billion laughs: ten to the tenth strings from a few hundred bytes."""


def test_alias_bomb_refused_as_soon_as_the_limit_is_passed(monkeypatch):
    ticks = []
    tick = source_module._Converter._tick

    def counted(self, node, path):
        ticks.append(path)
        tick(self, node, path)

    monkeypatch.setattr(source_module._Converter, "_tick", counted)
    lines = problems(BOMB)
    assert len(ticks) == MAX_NODES + 1, "the work stops at the limit, not at 10**10 values"
    assert len(lines) == 1
    assert lines[0].startswith("f.yaml:")
    assert lines[0].endswith(f"more than {MAX_NODES} values once aliases are expanded "
                             "(an alias bomb?)")


def test_modest_aliases_are_fine():
    data = parse_source("a: &a {x: 1}\nb: *a\nc: [*a, *a]\n", "f.yaml").data
    assert data == {"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 1}]}


def test_too_deep_nesting_refused():
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert problems(deep) == [f"f.yaml:1:{MAX_DEPTH + 3}: nested deeper than {MAX_DEPTH} levels"]
    ok = "a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n"
    assert problems(ok) == []


def test_recursive_alias_refused():
    lines = problems("a: &a [*a]\n")
    assert lines == ["f.yaml:1:4: a[0][0][0][0][0][0][0]...: nested deeper than "
                     f"{MAX_DEPTH} levels (a recursive alias?)"]


def test_oversized_text_refused_without_parsing(monkeypatch):
    monkeypatch.setattr(source_module, "_Loader", None)  # parsing would fail loudly
    assert problems("a: " + "x" * MAX_BYTES) == [
        f"f.yaml: the file is larger than 2 MiB ({MAX_BYTES + 3:,} bytes); refused"]


def test_oversized_file_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * MAX_BYTES)
    with pytest.raises(ScenarioError) as caught:
        read_source(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: the file is larger than 2 MiB ({MAX_BYTES + 3:,} bytes); refused"]


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        read_source(tmp_path / "nope.yaml", "nope.yaml")
    assert str(caught.value) == "nope.yaml: no such file"
    with pytest.raises(ScenarioError) as caught:
        read_source(tmp_path, "dir")
    assert str(caught.value) == "dir: is a directory, not a YAML file"


# -- properties --------------------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=12)
_size = st.just(0.0) | st.floats(MIN_NUMBER, MAX_NUMBER)
_plain = st.none() | st.booleans() | st.integers(-int(MAX_NUMBER), int(MAX_NUMBER)) | _text | \
    st.builds(lambda size, negative: -size if negative else size, _size, st.booleans())
_json = st.recursive(_plain, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(_text, inner, max_size=4), max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_text, _json, max_size=5))
def test_json_documents_read_back_unchanged(document):
    assert parse_source(json.dumps(document, ensure_ascii=False), "f.yaml").data == document


@settings(max_examples=100, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False).filter(
    lambda x: abs(x) > MAX_NUMBER or 0 < abs(x) < MIN_NUMBER)
       | st.integers().filter(lambda x: abs(x) > MAX_NUMBER))
def test_numbers_out_of_range_are_refused_where_they_are_written(number):
    with pytest.raises(ScenarioError) as caught:
        parse_source(json.dumps({"n": number}), "f.yaml")
    assert str(caught.value.problems[0]).startswith("f.yaml:1:7: n: ")
    assert "out of range" in str(caught.value.problems[0])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_data_or_problems_never_a_crash(text):
    try:
        source = parse_source(text, "f.yaml")
    except ScenarioError as error:
        assert error.problems
        assert all(p.file == "f.yaml" for p in error.problems)
    else:
        assert isinstance(source.data, dict)
