"""Build, start and stop the local Neo4j of ``docker/neo4j-local`` (Neo4j 5.26 Community, no Docker).

One module for the three users of that server, so they start it the same way:

* ``make neo4j``: ``python3 docker/neo4j-local/neo4j_local.py run`` keeps a server in the foreground
  (Ctrl-C stops it) with its data in a folder that survives restarts;
* ``make test-neo4j``: ``... exec -- COMMAND`` starts a throw-away server on a free port with a random
  password, runs COMMAND with ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD`` set, and stops the server
  and deletes its data whatever COMMAND did (failed, interrupted);
* the live tests import :func:`start` for the servers they must kill, restart or import into.

The Java side (``Neo4jLocal.java``) prints ``ready bolt://127.0.0.1:PORT`` once Bolt accepts logins;
``start`` waits for that line instead of polling a port. The JVM runs with ``--stop-on-stdin-close``
and its stdin is a pipe held only by this process, so if this process dies without cleaning up (even
SIGKILL) the pipe closes and the server stops itself: no orphan java process outlives a test run.

Standard library only: ``make neo4j`` runs it with the system python3, before any venv exists.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, TracebackType

HERE = Path(__file__).resolve().parent
JAR = HERE / "target" / "neo4j-local.jar"
LIB = HERE / "target" / "lib"
# About 1 GB in all: 512 MB of heap, 256 MB of page cache (Neo4jLocal.java also caps the memory of
# running transactions at 256 MB), the rest JVM overhead. Override with NEO4J_LOCAL_HEAP/_PAGECACHE.
HEAP = os.environ.get("NEO4J_LOCAL_HEAP", "512m")
PAGECACHE = os.environ.get("NEO4J_LOCAL_PAGECACHE", "256m")
JVM_FLAGS = (
    "-XX:+ExitOnOutOfMemoryError",  # a server out of memory dies with a message instead of limping on
    # the page cache's fast path (without it Neo4j warns and falls back to a slower one)
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)
START_TIMEOUT = 180.0  # seconds; a first start on a busy 2-core machine takes 10-20
STOP_TIMEOUT = 60.0
USER = "neo4j"


class LocalNeo4jError(Exception):
    """One line saying why the local server could not be built, started or stopped."""


def java_command(data: Path, port: int, heap: str = HEAP, pagecache: str = PAGECACHE,
                 stop_on_stdin_close: bool = True) -> list[str]:
    """The command line of a server; the password is not on it (``ps`` shows it to every user)."""
    cmd = [shutil.which("java") or "java", f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS,
           "-jar", str(JAR), "--data", str(data), "--port", str(port), "--pagecache", pagecache]
    return cmd + (["--stop-on-stdin-close"] if stop_on_stdin_close else [])


def built() -> bool:
    """Whether ``mvn package`` has produced the launcher and its libraries."""
    return JAR.is_file() and LIB.is_dir() and any(LIB.glob("neo4j-kernel-*.jar"))


def build(offline: bool = False) -> None:
    """``mvn package`` in docker/neo4j-local; once ~/.m2 holds the artifacts it needs no network."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalNeo4jError("mvn not found: install Maven and a Java 17 JDK "
                              "(apt-get install maven openjdk-17-jdk-headless)")
    cmd = [mvn, "-q", "-B", *(["-o"] if offline else []), "package"]
    if subprocess.run(cmd, cwd=HERE).returncode != 0:
        raise LocalNeo4jError(f"the launcher did not build ({' '.join(cmd)} in {HERE})")


def free_password() -> str:
    """A random password for a throw-away server (Neo4j wants at least 8 characters)."""
    return secrets.token_urlsafe(18)


class LocalNeo4j:
    """A running server: its URI, data folder and process. Use as a context manager (stops on exit)."""

    def __init__(self, process: subprocess.Popen[bytes], data: Path, uri: str, password: str,
                 log: Path) -> None:
        self.process = process
        self.data = data
        self.uri = uri
        self.password = password
        self.log = log
        self._drain = threading.Thread(target=self._copy_stdout, daemon=True)
        self._drain.start()

    def __repr__(self) -> str:  # never the password
        return f"LocalNeo4j(uri={self.uri!r}, data={str(self.data)!r}, pid={self.process.pid})"

    @property
    def port(self) -> int:
        return int(self.uri.rsplit(":", 1)[1])

    def env(self) -> dict[str, str]:
        """The NEO4J_* settings that point paperkg at this server."""
        return {"NEO4J_URI": self.uri, "NEO4J_USER": USER, "NEO4J_PASSWORD": self.password}

    def running(self) -> bool:
        return self.process.poll() is None

    def _copy_stdout(self) -> None:
        """Keep reading the server's stdout into its log so a full pipe never blocks it."""
        out = self.process.stdout
        if out is None:
            return
        with self.log.open("ab") as fh:
            for line in out:
                fh.write(line)
                fh.flush()

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM (a clean shutdown), then SIGKILL if it has not exited after ``timeout`` seconds."""
        if self.running():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._close_pipes()
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL, no shutdown: what a crash or a power cut looks like to the database."""
        if self.running():
            self.process.kill()
            self.process.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        self._drain.join(5)

    def __enter__(self) -> LocalNeo4j:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def _last_error(log: Path) -> str:
    """The launcher's ``error:`` line from its log, else the log's last line."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    except OSError:
        return "no output"
    errors = [ln for ln in lines if ln.startswith("error:")]
    return (errors or lines or ["no output"])[-1]


def start(data: Path, password: str, port: int = 0, heap: str = HEAP, pagecache: str = PAGECACHE,
          timeout: float = START_TIMEOUT, own_session: bool = True) -> LocalNeo4j:
    """Start a server with its data in ``data`` and wait until it accepts logins.

    ``port`` 0 lets the server bind any free port (``.uri`` says which). ``own_session`` puts the JVM in
    its own process group so a Ctrl-C meant for a test run reaches this process, which then stops the
    server in order; ``make neo4j`` passes False so the terminal's Ctrl-C reaches the server directly.
    """
    if not built():
        raise LocalNeo4jError(f"{JAR} is not built: run make test-neo4j, or mvn -q package in {HERE}")
    if shutil.which("java") is None:
        raise LocalNeo4jError("java not found: install Java 17 (apt-get install openjdk-17-jre-headless)")
    data = Path(data).resolve()
    data.mkdir(parents=True, exist_ok=True)
    log = data / "neo4j-local.log"
    env = {**os.environ, "NEO4J_PASSWORD": password}
    with log.open("ab") as err:
        process = subprocess.Popen(java_command(data, port, heap, pagecache), stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=err, env=env, start_new_session=own_session)
    uri = _wait_ready(process, log, timeout)
    return LocalNeo4j(process, data, uri, password, log)


def _wait_ready(process: subprocess.Popen[bytes], log: Path, timeout: float) -> str:
    """The URI from the ``ready`` line; kills the process and raises if it never comes."""
    found: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith("ready "):
                found.append(line.split(" ", 1)[1])
                return
            with log.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    if found:
        return found[0]
    if reader.is_alive():  # no ready line and stdout still open: it hangs
        process.kill()
        process.wait()
        raise LocalNeo4jError(f"Neo4j did not say ready within {timeout:.0f} s; see {log}")
    try:  # stdout closed without a ready line: it is exiting, with its error on stderr
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    raise LocalNeo4jError(f"Neo4j exited with code {process.returncode}: {_last_error(log)}")


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    """A SIGTERM to the wrapper unwinds through its ``finally`` blocks, which stop the server."""
    raise SystemExit(128 + signum)


def exec_with_server(command: Sequence[str], keep: bool = False, log_to: Path | None = None) -> int:
    """Run ``command`` against a fresh server (free port, random password); always stop it after.

    Its own messages go to stderr, so ``command``'s stdout (a benchmark's JSON) stays its own."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    data = Path(tempfile.mkdtemp(prefix="paperkg-neo4j-"))
    started = time.perf_counter()
    server: LocalNeo4j | None = None
    try:
        server = start(data / "home", free_password())
        print(f"neo4j-local: {server.uri} ready in {time.perf_counter() - started:.1f} s "
              f"(data in {data}, heap {HEAP}, page cache {PAGECACHE})", file=sys.stderr, flush=True)
        env = {**os.environ, **server.env(), "PAPERKG_NEO4J_DISPOSABLE": "1"}
        env.pop("NEO4J_USERNAME", None)
        env.pop("NEO4J_DATABASE", None)
        return subprocess.call(list(command), env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        if server is not None:
            code = server.stop()
            # 143 is the JVM's exit after SIGTERM and its shutdown hook, i.e. a clean stop
            how = "" if code in (0, 143) else f" (exit code {code}; see {server.log})"
            print(f"neo4j-local: stopped{how}", file=sys.stderr, flush=True)
            if log_to is not None and server.log.exists():
                shutil.copy(server.log, log_to)
        if keep:
            print(f"neo4j-local: data kept in {data}", file=sys.stderr, flush=True)
        else:
            shutil.rmtree(data, ignore_errors=True)


def run_foreground(data: Path, port: int) -> int:
    """``make neo4j``: a server for a user, until Ctrl-C; its data stays in ``data``."""
    password = os.environ.get("NEO4J_PASSWORD", "")
    if len(password) < 8:
        print("error: set NEO4J_PASSWORD (8 characters or more) to the password the server should "
              "accept, e.g. NEO4J_PASSWORD=... make neo4j", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        server = start(data, password, port, own_session=False)
    except LocalNeo4jError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Neo4j 5.26 Community is ready at {server.uri} (user {USER}, the password in NEO4J_PASSWORD; "
          f"data in {server.data}, log {server.log})")
    print(f"  try: NEO4J_URI={server.uri} paperkg load-neo4j --db paperkg.db")
    print(f"  stop it with Ctrl-C (or: kill {server.process.pid})", flush=True)
    try:
        return server.process.wait()
    except KeyboardInterrupt:  # the server got the same Ctrl-C and is shutting down
        return 0
    finally:
        server.stop()
        print("Neo4j stopped", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="mvn package (the launcher and the Neo4j jars)")
    b.add_argument("--offline", action="store_true", help="mvn -o: only the local ~/.m2 cache")
    r = sub.add_parser("run", help="a server in the foreground until Ctrl-C (make neo4j)")
    r.add_argument("--data", type=Path, default=Path(".neo4j-local"), help="its databases and logs")
    r.add_argument("--port", type=int, default=7687, help="Bolt port on 127.0.0.1 (0: any free one)")
    e = sub.add_parser("exec", help="run a command against a throw-away server (make test-neo4j)")
    e.add_argument("--keep-data", action="store_true", help="keep the server's folder afterwards")
    e.add_argument("--log", type=Path, help="copy the server's log here when it stops")
    e.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND ARGS...")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "build":
            build(args.offline)
            return 0
        if args.cmd == "run":
            return run_foreground(args.data, args.port)
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        if not command:
            ap.error("exec needs a command after --")
        return exec_with_server(command, args.keep_data, args.log)
    except LocalNeo4jError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
