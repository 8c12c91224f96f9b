"""What the MiniStack child gets: a minimal environment, bound to 127.0.0.1, data under the state dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from csvpipe.deploy import emulator
from csvpipe.deploy.errors import NotReadyError


def test_child_environment_is_minimal_and_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_CA_BUNDLE", "/x.pem")
    monkeypatch.setenv("AWS_PROFILE", "prod")
    env = emulator.child_environment(port=45123, auth=True, region="eu-west-1", state_dir=tmp_path)
    assert env["BIND_HOST"] == "127.0.0.1" and env["GATEWAY_PORT"] == "45123" and env["AUTH"] == "true"
    assert env["MINISTACK_REGION"] == "eu-west-1"
    assert not any(key.startswith(("AWS_", "REQUESTS_", "SSL_")) for key in env)
    for key in ("HOME", "TMPDIR", "STATE_DIR", "S3_DATA_DIR"):
        assert Path(env[key]).parent == tmp_path, key


def test_state_dir_resolution_order(tmp_path: Path) -> None:
    assert emulator.resolve_state_dir(tmp_path / "a", {"CSVPIPE_STATE_DIR": "/b"}) == tmp_path / "a"
    assert emulator.resolve_state_dir(None, {"CSVPIPE_STATE_DIR": "/b"}) == Path("/b")
    assert emulator.resolve_state_dir(None, {}) == Path.cwd() / ".csvpipe"


def test_unreadable_state_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text("{not json")
    with pytest.raises(NotReadyError, match="delete it"):
        emulator.read_state(tmp_path)
    assert emulator.read_state(tmp_path / "nothing-here") is None


def test_port_4566_is_preferred_and_a_free_one_used_when_it_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emulator, "port_is_free", lambda port, host="127.0.0.1": True)
    assert emulator._choose_port(None) == 4566
    monkeypatch.setattr(emulator, "port_is_free", lambda port, host="127.0.0.1": port != 4566)
    monkeypatch.setattr(emulator, "free_port", lambda host="127.0.0.1": 45999)
    assert emulator._choose_port(None) == 45999
    with pytest.raises(NotReadyError, match=r"port 4566 on 127\.0\.0\.1 is taken"):
        emulator._choose_port(4566)
