"""Nothing is fetched from the network while loading and validating."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest

from conftest import run_cli
from dataflow.safety import NetworkRefused, offline


def test_offline_refuses_sockets_and_urllib() -> None:
    with offline():
        with pytest.raises(NetworkRefused):
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        with pytest.raises(NetworkRefused):
            urllib.request.urlopen("http://127.0.0.1:9/")
    # outside the block the hook is inert (the connection is refused by the OS instead)
    with pytest.raises(OSError) as info:
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    assert not isinstance(info.value, NetworkRefused)


def test_jsonld_with_nested_remote_context_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "nested.jsonld"
    doc.write_text('{"@graph": [{"@context": ["https://example.org/ctx.jsonld"], '
                   '"@id": "urn:x"}]}', encoding="utf-8")
    result = run_cli("validate", doc)
    assert result.exit_code == 2
    assert "remote JSON-LD @context is not allowed" in result.stderr
