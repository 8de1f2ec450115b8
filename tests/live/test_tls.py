"""wss:// with --cert/--key: a client that trusts the certificate joins over TLS."""

from __future__ import annotations

import asyncio
import json
import shutil
import ssl
import subprocess

import pytest
from websockets.asyncio.client import connect

from simulator.live.server import SessionServer, tls_context
from simulator.live.session import Session
from simulator.scenario.loader import load_scenario


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_a_drill_over_tls(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)

    async def go():
        session = Session.create(load_scenario("ddos-618"), tmp_path / "j.sqlite", seed=1)
        server = SessionServer(session)
        host, port = await server.start("127.0.0.1", 0, tls_context(cert, key))
        trust = ssl.create_default_context(cafile=str(cert))
        try:
            async with connect(f"wss://{host}:{port}", ssl=trust) as ws:
                await ws.send(json.dumps({"type": "hello", "code": session.codes["cio"]}))
                assert json.loads(await ws.recv())["role"] == "cio"
            with pytest.raises(ssl.SSLCertVerificationError):
                await connect(f"wss://{host}:{port}", ssl=ssl.create_default_context())
        finally:
            await server.stop()
            session.close()

    asyncio.run(go())
