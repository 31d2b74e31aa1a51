"""A site anyone can serve: pages readable by all under the usual umask, private under a private one,
and a web server running as another user answers 200, not 403."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from paperkg.viz.site import build_site


def _with_umask(mask: int, fn):
    old = os.umask(mask)
    try:
        return fn()
    finally:
        os.umask(old)


def _modes(root: Path) -> tuple[set[int], set[int]]:
    files, dirs = set(), set()
    for p in root.rglob("*"):
        (dirs if p.is_dir() else files).add(stat.S_IMODE(p.stat().st_mode))
    return files, dirs


def test_site_files_are_readable_by_all_under_the_usual_umask(graph, tmp_path):
    out = tmp_path / "site"
    _with_umask(0o022, lambda: build_site(graph, out))
    files, dirs = _modes(out)
    assert len(list(out.rglob("*.html"))) > 10
    assert files == {0o644} and dirs == {0o755}
    assert not list(out.rglob("*.tmp"))  # no temporary file left behind


def test_a_rebuilt_page_keeps_the_mode(graph, tmp_path):
    out = tmp_path / "site"
    _with_umask(0o022, lambda: build_site(graph, out))
    _with_umask(0o022, lambda: build_site(graph, out))  # every file replaced by a rename
    assert _modes(out) == ({0o644}, {0o755})


def test_a_private_umask_gives_a_private_site(graph, tmp_path):
    out = tmp_path / "site"
    _with_umask(0o077, lambda: build_site(graph, out))
    assert _modes(out) == ({0o600}, {0o700})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


SYSTEM_PYTHON = "/usr/bin/python3"  # one that 'nobody' may run (a venv's may sit in a private home)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="serving as another user needs root to start the server as 'nobody'")
@pytest.mark.skipif(not os.access(SYSTEM_PYTHON, os.X_OK), reason=f"no {SYSTEM_PYTHON} to run the server")
def test_a_server_running_as_another_user_serves_every_page(graph):
    base = Path(tempfile.mkdtemp(prefix="paperkg-serve-"))  # not under pytest's private tmp folders
    try:
        base.chmod(0o755)
        out = base / "site"
        _with_umask(0o022, lambda: build_site(graph, out))
        port = _free_port()
        server = subprocess.Popen(
            [SYSTEM_PYTHON, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(out)],
            user="nobody", group="nogroup", extra_groups=[], cwd="/",
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            root = f"http://127.0.0.1:{port}/"
            for _ in range(100):
                try:
                    _get(root)
                    break
                except OSError:
                    time.sleep(0.1)
            pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
            assert "index.html" in pages and any(p.startswith("method/") for p in pages)
            codes = {p: _get(root + p) for p in pages}
            assert {p: c for p, c in codes.items() if c != 200} == {}
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        shutil.rmtree(base, ignore_errors=True)
