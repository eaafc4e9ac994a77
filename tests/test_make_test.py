"""``make test`` does its own set-up on a fresh machine (issue 7, finding 13).

``.ci/test-services`` is run for real: as an unprivileged user it names what to install; as
root it installs chromium with apt (a stand-in ``apt-get`` on PATH records the call, since the
tests never reach the internet); with PostgreSQL down and no cluster installed it says so.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci" / "test-services"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(tmp_path: Path, *prefix: str, **env: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "test-services"
    shutil.copy(SCRIPT, script)
    script.chmod(0o755)
    return subprocess.run(
        [*prefix, str(script)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )


def test_the_readme_test_command_sets_up_first() -> None:
    dry = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert ".ci/test-services" in dry
    assert dry.index(".ci/test-services") < dry.index("pytest")
    assert (ROOT / ".ci" / "run").read_text().rstrip().endswith("make test")


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="digestbot-make-test-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to an unprivileged user")
def test_missing_chromium_without_root_says_what_to_run(open_dir: Path) -> None:
    unprivileged = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
    done = _run(open_dir, *unprivileged, CHROMIUM=str(open_dir / "chromium"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"make test: Debian chromium is missing at {open_dir / 'chromium'}: "
        "run 'sudo apt-get install chromium' (or make test as root)"
    ]


@pytest.mark.skipif(os.geteuid() != 0, reason="installing with apt is done as root")
def test_missing_chromium_as_root_is_installed_with_apt(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    chromium = tmp_path / "chromium"
    (bin_dir / "apt-get").write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> {log}\n'
        f'case "$*" in *install*chromium*) printf "#!/bin/sh\\n" > {chromium}; chmod +x {chromium};; esac\n'
    )
    (bin_dir / "apt-get").chmod(0o755)
    done = _run(tmp_path, CHROMIUM=str(chromium), PATH=f"{bin_dir}:{os.environ['PATH']}")
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == ["update -qq", "install -y -qq chromium"]
    assert "installing Debian chromium" in done.stdout


def test_postgres_down_and_not_installed_is_one_clear_line(tmp_path: Path) -> None:
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    empty = tmp_path / "etc-postgresql"
    empty.mkdir()
    port = str(_free_port())
    done = _run(tmp_path, CHROMIUM=str(chromium), PGPORT=port, PG_ETC=str(empty))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"make test: PostgreSQL is not running on 127.0.0.1:{port} and no cluster is installed "
        "(apt-get install postgresql)"
    ]
