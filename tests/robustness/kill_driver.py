"""Run ``paperkg`` with a SIGKILL (or a pause) at one exact point of a build, in a real process.

    python kill_driver.py POINT PAPERKG-ARGS...

POINT (``NAME`` or ``NAME:N``):
  extracting:N    killed after N papers were extracted (the copy exists, nothing written yet)
  writing:N       killed after N batches were committed into the copy (between two batches)
  copy            killed half-way through copying the store (a half-written copy is left)
  before-rename   killed after the copy is closed and flushed, right before it replaces the store
  after-rename    killed right after the rename, before the directory is flushed
  hold:N          after N batches, touch ``<db>.holding`` and wait until ``<db>.release`` exists

Only the points are patched in; everything else (the store, the copy, the rename) is the real code.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    point, args = sys.argv[1], sys.argv[2:]
    name, _, n = point.partition(":")
    after = int(n or 1)
    db = Path(args[args.index("--db") + 1]).resolve()

    import paperkg.build_store as build_module

    def counting(description: str):
        done = [0]

        def advance(k: int) -> None:
            done[0] += 1 if description == "writing" else k
            if done[0] < after:
                return
            if name == "hold":
                Path(f"{db}.holding").touch()
                deadline = time.time() + 120
                while not Path(f"{db}.release").exists() and time.time() < deadline:
                    time.sleep(0.05)
            else:
                _die()

        return advance

    def advancer(bar, description, total):
        if (name in ("writing", "hold") and description == "writing") or (
            name == "extracting" and description == "extracting"
        ):
            return counting(description)
        return build_module.__dict__["_real_advancer"](bar, description, total)

    build_module._real_advancer = build_module._advancer
    build_module._advancer = advancer

    if name == "copy":
        def half_copy(src, dst, *a, **k):
            with open(src, "rb") as fin, open(dst, "wb") as fout:
                fout.write(fin.read(os.path.getsize(src) // 2))
                fout.flush()
                os.fsync(fout.fileno())
            _die()

        shutil.copyfile = half_copy

    if name in ("before-rename", "after-rename"):
        real_replace = os.replace

        def replace(src, dst, *a, **k):
            if Path(dst).resolve() != db:
                return real_replace(src, dst, *a, **k)
            if name == "before-rename":
                _die()
            real_replace(src, dst, *a, **k)
            _die()

        os.replace = replace

    from paperkg.cli import main as cli_main

    sys.argv = ["paperkg", *args]
    cli_main()


if __name__ == "__main__":
    main()
