"""Where ``warroom join`` takes the join code from, and how it trusts a server's certificate.

A code on the command line shows in ``ps`` to every user of the machine, so the console also takes
it from a file, the environment or a prompt that does not echo it.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
import trustme

from simulator.live.client import DrillClient
from simulator.live.server import SessionServer, tls_context
from simulator.live.session import Session
from simulator.scenario.loader import load_scenario
from tui.commands import join
from tui.errors import UserError

ROOT = Path(__file__).resolve().parents[2]


def args(**given) -> argparse.Namespace:
    return argparse.Namespace(**{"code": None, "code_file": None, **given})


def test_the_code_comes_from_a_file_first_line(tmp_path):
    path = tmp_path / "code.txt"
    path.write_text("  7KQ3M9TX \nsomething else\n", encoding="utf-8")
    assert join.join_code(args(code_file=path)) == "7KQ3M9TX"


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_an_empty_code_file_is_one_line(tmp_path, text):
    path = tmp_path / "code.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match="holds no join code"):
        join.join_code(args(code_file=path))


def test_a_missing_code_file_is_one_line(tmp_path):
    with pytest.raises(UserError, match="cannot read the join code: No such file"):
        join.join_code(args(code_file=tmp_path / "nope.txt"))


def test_the_code_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(join.CODE_VARIABLE, " ABCD2345 ")
    assert join.join_code(args()) == "ABCD2345"
    assert join.join_code(args(code="ZZZZ9999")) == "ZZZZ9999", "--code wins over the variable"


def test_without_a_terminal_or_code_the_command_says_how(monkeypatch):
    monkeypatch.delenv(join.CODE_VARIABLE, raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    with pytest.raises(UserError, match="--code-file FILE or set WARROOM_CODE"):
        join.join_code(args())


def test_at_a_terminal_the_code_is_asked_for_without_echo(monkeypatch):
    import getpass

    monkeypatch.delenv(join.CODE_VARIABLE, raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or " QWER5678\n")
    assert join.join_code(args()) == "QWER5678"
    assert asked and "加入码" in asked[0]


def test_key_without_cert_is_refused_not_served_plain(tmp_path):
    key = tmp_path / "key.pem"
    key.write_text("x", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tui.cli", "serve", "ddos-618", "--key",
                             str(key), "--journal", str(tmp_path / "j.sqlite"), "--headless"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == ("warroom: --key needs --cert: without a certificate the "
                                     "drill would be served as plain ws://")
    assert not (tmp_path / "j.sqlite").exists(), "nothing is started"


def test_cafile_trusts_a_self_signed_server(tmp_path):
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1")
    cert, key, ca_file = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    leaf.private_key_pem.write_to_path(str(key))
    leaf.cert_chain_pems[0].write_to_path(str(cert))
    ca.cert_pem.write_to_path(str(ca_file))

    async def go():
        session = Session.create(load_scenario("ddos-618"), tmp_path / "j.sqlite", seed=1)
        server = SessionServer(session)
        host, port = await server.start("127.0.0.1", 0, tls_context(cert, key))
        url = f"wss://{host}:{port}"
        try:
            trusted = DrillClient(url, session.codes["cio"], ssl=join.trust_context(ca_file, url),
                                  reconnect=False)
            welcome = await asyncio.wait_for(trusted.connect(), 30)
            assert welcome.role == "cio"
            await trusted.close()
            untrusted = DrillClient(url, session.codes["cio"], reconnect=False)
            with pytest.raises(Exception, match="CERTIFICATE_VERIFY_FAILED|certificate"):
                await asyncio.wait_for(untrusted.connect(), 30)
            await untrusted.close()
        finally:
            await server.stop()
            session.close()

    asyncio.run(go())


def test_cafile_is_only_for_wss(tmp_path):
    with pytest.raises(UserError, match="for a wss:// address"):
        join.trust_context(tmp_path / "ca.pem", "ws://127.0.0.1:1")
    with pytest.raises(UserError, match="not a certificate file"):
        join.trust_context(tmp_path / "missing.pem", "wss://127.0.0.1:1")
