"""The wire protocol: round trips, every way a frame is refused, and its generated reference."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.actions import CATALOGUE
from simulator.engine.facilitation import FACILITATOR_CATALOGUE
from simulator.protocol import (
    MAX_FRAME_BYTES,
    MESSAGES,
    PROTOCOL_VERSION,
    Ack,
    Command,
    Error,
    EventFrame,
    Hello,
    ProtocolError,
    Reject,
    Welcome,
    decode_client,
    decode_server,
    encode,
    event_frame,
)
from simulator.tools import protocol_docs

ROOT = protocol_docs.DOC_PATH.parents[1]

CLIENT_MESSAGES = [
    Hello(type="hello", code="K7QM2XPA"),
    Hello(type="hello", code="K7QM2XPA", last_seq=41, lang="en", client="warroom 0.1.0"),
    Command(type="command", id="c-1", action="acknowledge", args={"inject": "first-alert"}),
    Command(type="command", id="c-2", action="close_incident"),
    Command(type="command", id="c-3", action="adhoc_inject",
            args={"to": ["cio"], "channel": "phone", "zh": "监管来电", "en": "Regulator calls"}),
]
SERVER_MESSAGES = [
    Welcome(type="welcome", role="cio", seq=0, drill={"scenario": "ddos-618", "over": False}),
    Error(type="error", reason="unknown join code"),
    EventFrame(type="event", seq=3, t=61.5, kind="inject.fired", actor="engine",
               data={"text": {"zh": "告警", "en": "Alert"}, "to": ["network_ops"]}),
    Ack(type="ack", id="c-1", seq=12),
    Reject(type="reject", id="c-2", reason="cio may not start_task"),
    Reject(type="reject", reason="malformed JSON: Expecting value at column 1"),
]


# -- the generated reference ----------------------------------------------------------------
def test_docs_protocol_md_is_up_to_date():
    assert protocol_docs.DOC_PATH.read_text(encoding="utf-8") == protocol_docs.render(), (
        "docs/protocol.md is stale: run make docs")


def test_check_fails_on_a_stale_page_and_write_fixes_it(tmp_path, capsys):
    page = tmp_path / "protocol.md"
    assert protocol_docs.main(["--check", "--path", str(page)]) == 1  # missing
    page.write_text("# old\n", encoding="utf-8")
    assert protocol_docs.main(["--check", "--path", str(page)]) == 1
    assert "stale" in capsys.readouterr().err
    assert protocol_docs.main(["--write", "--path", str(page)]) == 0
    assert protocol_docs.main(["--check", "--path", str(page)]) == 0


def test_the_module_entry_point_checks_the_page():
    result = subprocess.run([sys.executable, "-m", "simulator.tools.protocol_docs", "--check"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_page_documents_every_message_action_and_command():
    page = protocol_docs.render()
    for model in MESSAGES:
        name = model.model_fields["type"].annotation.__args__[0]
        assert f"### `{name}`" in page
        schema = json.dumps(model.model_json_schema(), indent=2, sort_keys=True,
                            ensure_ascii=False)
        assert schema in page
    for spec in [*CATALOGUE.values(), *FACILITATOR_CATALOGUE.values()]:
        assert f"| `{spec.id}` | {spec.name.zh} | {spec.name.en} |" in page
    assert f"at most {MAX_FRAME_BYTES} bytes" in page
    assert f"Protocol version: **{PROTOCOL_VERSION}**" in page


def test_every_line_of_the_example_session_is_a_valid_frame():
    lines = protocol_docs.example_session()
    page = protocol_docs.render()
    assert "```json\n" + "\n".join(lines) + "\n```" in page
    types = []
    for line in lines:
        kind = json.loads(line)["type"]
        message = decode_client(line) if kind in ("hello", "command") else decode_server(line)
        types.append(message.type)
    assert types[:2] == ["hello", "welcome"] and {"command", "event", "ack", "reject"} <= set(types)
    seqs = [json.loads(line)["seq"] for line in lines if '"type":"event"' in line]
    resumed = [json.loads(line) for line in lines if '"type":"hello"' in line][1]["last_seq"]
    assert all(s > resumed for s in seqs[seqs.index(resumed) + 1:])


# -- round trips --------------------------------------------------------------------------------
@pytest.mark.parametrize("message", CLIENT_MESSAGES, ids=lambda m: m.type)
def test_client_messages_round_trip(message):
    frame = encode(message)
    assert decode_client(frame) == message
    assert json.loads(frame)["type"] == message.type


@pytest.mark.parametrize("message", SERVER_MESSAGES, ids=lambda m: m.type)
def test_server_messages_round_trip(message):
    assert decode_server(encode(message)) == message


def test_defaults_of_a_minimal_hello():
    hello = decode_client('{"type": "hello", "code": "K7QM2XPA"}')
    assert (hello.last_seq, hello.lang, hello.client) == (None, "zh", None)
    welcome = decode_server('{"type": "welcome", "role": "cio", "drill": {}, "seq": 0}')
    assert welcome.protocol == PROTOCOL_VERSION


def test_the_fast_event_frame_decodes_to_the_same_event_and_keeps_chinese_unescaped():
    frame = event_frame(7, 420.0, "inject.fired", "engine", {"text": {"zh": "告警", "en": "A"}})
    assert "告警" in frame and " " not in frame
    event = decode_server(frame)
    assert event == EventFrame(type="event", seq=7, t=420.0, kind="inject.fired",
                               actor="engine", data={"text": {"zh": "告警", "en": "A"}})


def test_an_event_frame_may_carry_fields_a_newer_server_adds():
    frame = json.dumps({"type": "event", "seq": 1, "t": 0, "kind": "drill.started",
                        "actor": "engine", "data": {}, "wall": 1750255560.25})
    assert decode_server(frame).model_extra == {"wall": 1750255560.25}


@settings(max_examples=60, deadline=None)
@given(args=st.dictionaries(st.text(min_size=1, max_size=12),
                            st.one_of(st.text(max_size=40), st.integers(0, 10**6),
                                      st.lists(st.text(max_size=8), max_size=4)), max_size=5),
       cid=st.text(min_size=1, max_size=64))
def test_any_command_round_trips(args, cid):
    command = Command(type="command", id=cid, action="send_message", args=args)
    assert decode_client(encode(command)) == command


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=20)))
def test_any_junk_is_refused_with_a_protocol_error_only(frame):
    for decode in (decode_client, decode_server):
        try:
            decode(frame)
        except ProtocolError as error:
            assert "\n" not in str(error)


# -- every way a frame is refused ------------------------------------------------------------
HELLO = {"type": "hello", "code": "K7QM2XPA"}
REFUSED = {
    "binary frame": (b'{"type": "hello", "code": "K7QM2XPA"}',
                     "frames must be JSON text, not binary"),
    "oversize": (json.dumps({**HELLO, "client": "x" * MAX_FRAME_BYTES}),
                 f"frame larger than {MAX_FRAME_BYTES} bytes"),
    "malformed JSON": ('{"type": "hello", "code": ', "malformed JSON: Expecting value at column"),
    "not an object": ('["hello"]', "frame: Input should be a valid dictionary"),
    "no type": ('{"code": "K7QM2XPA"}', "frame: Unable to extract tag using discriminator"),
    "wrong type": ('{"type": "welcome", "role": "cio", "drill": {}, "seq": 0}',
                   "frame: Input tag 'welcome' found using 'type' does not match"),
    "missing field": ('{"type": "hello"}', "hello.code: Field required"),
    "missing command field": ('{"type": "command", "id": "c-1"}',
                              "command.action: Field required"),
    "extra field": (json.dumps({**HELLO, "token": "secret"}),
                    "hello.token: Extra inputs are not permitted"),
    "bad lang": (json.dumps({**HELLO, "lang": "fr"}), "hello.lang: Input should be 'zh' or 'en'"),
    "negative last_seq": (json.dumps({**HELLO, "last_seq": -1}),
                          "hello.last_seq: Input should be greater than or equal to 0"),
    "empty code": (json.dumps({**HELLO, "code": ""}), "hello.code: String should have at least"),
    "long id": (json.dumps({"type": "command", "id": "x" * 65, "action": "pause"}),
                "command.id: String should have at most 64 characters"),
    "args not an object": ('{"type": "command", "id": "c", "action": "pause", "args": []}',
                           "command.args: Input should be a valid dictionary"),
}


@pytest.mark.parametrize("frame, reason", REFUSED.values(), ids=REFUSED.keys())
def test_a_client_frame_is_refused_with_a_one_line_reason(frame, reason):
    with pytest.raises(ProtocolError) as refused:
        decode_client(frame)
    assert str(refused.value).startswith(reason)
    assert "\n" not in str(refused.value) and isinstance(refused.value, ValueError)


@pytest.mark.parametrize("frame, reason", [
    (b"\x00", "frames must be JSON text, not binary"),
    ('{"type": "hello", "code": "K7QM2XPA"}', "frame: Input tag 'hello' found"),
    ('{"type": "ack", "id": "c-1"}', "ack.seq: Field required"),
    ('{"type": "event", "seq": 0, "t": 0, "kind": "k", "actor": "a", "data": {}}',
     "event.seq: Input should be greater than or equal to 1"),
    ('{"type": "welcome", "role": "cio", "drill": {}, "seq": 0, "x": 1}',
     "welcome.x: Extra inputs are not permitted"),
    ('{"type": "error"', "malformed JSON"),
])
def test_a_server_frame_is_refused_with_a_one_line_reason(frame, reason):
    with pytest.raises(ProtocolError, match="^" + reason.replace("(", r"\(")):
        decode_server(frame)


def test_deeply_nested_json_is_a_protocol_error():
    frame = '{"type": "command", "id": "c", "action": "pause", "args": {"a": ' \
            + "[" * 20_000 + "]" * 20_000 + "}}"
    assert len(frame) < MAX_FRAME_BYTES
    with pytest.raises(ProtocolError):
        decode_client(frame)
