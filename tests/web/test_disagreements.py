"""The editors' atlas-audit page reads the answers ``digestbot atlas audit`` saved, and never asks
PubMed or Crossref itself while someone waits for a page."""

from __future__ import annotations

from pathlib import Path

import pytest
from commands.test_atlas_audit import _serve, atlas_config
from servers.replay import ReplayServer
from sqlalchemy import Engine
from starlette.testclient import TestClient

from bot.cli import main
from bot.config import load_settings
from bot.web.app import create_app

from .conftest import SECRET, sign_in

__all__ = ["atlas_config"]  # the fixture, imported so pytest finds it here


def test_the_page_lists_the_audits_disagreements_from_the_cache(
    atlas_config: Path,
    replay_server: ReplayServer,
    engine: Engine,
    staff: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = create_app(load_settings(atlas_config), engine, secret=SECRET)
    with TestClient(app, base_url="http://127.0.0.1:8080", follow_redirects=False) as client:
        sign_in(client, "ed")
        before = client.get("/editors/disagreements").text
        assert "No saved record yet for 3 cards" in before
        assert replay_server.requests == []  # the page asked nobody

        _serve(replay_server)
        assert main(["--config", str(atlas_config), "atlas", "audit"]) == 0
        capsys.readouterr()
        asked = len(replay_server.requests)
        page = client.get("/editors/disagreements").text
        assert len(replay_server.requests) == asked
    assert "6 disagreements" in page
    assert "Journal of translational medicine" in page
    assert "okonkwo-2024-two-day" in page
    assert "varga-2022-plasma" in page
    assert "lindgren-2021-heart" not in page
