"""A private Virtuoso open source server (``virtuoso-t``, Debian package
``virtuoso-opensource-7-bin``) on 127.0.0.1 for the remote-store tests: its own
database folder, free ports, a minimal ``virtuoso.ini``.

On its first start the server is set up as kgraph's README says a Virtuoso needs:
the SPARQL user may update (``GRANT SPARQL_UPDATE``), and the graphs Virtuoso keeps
for itself (its RDF views, LDP and service description graphs) are private, so that
the endpoint's dataset is what was written to it.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.oxigraph_server import free_port

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")
#: Why the Virtuoso tests skip, or None when they can run.
MISSING = None if VIRTUOSO and ISQL else (
    "virtuoso-t or isql-vt not installed (Debian package virtuoso-opensource-7-bin; "
    "scripts/install-system-deps.sh installs it)")
#: Where the Graph Store Protocol is, from the server's base: ``KGRAPH_GSP_PATH``.
GSP_PATH = "sparql-graph-crud"

_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 1G
MaxMemPoolSize = 200000000
ThreadsPerQuery = 1
AsyncQueueMaxThreads = 10
DirsAllowed = .

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""

# The SPARQL user may update; Virtuoso's own graphs are private (read by nobody).
_SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                  "http://localuriqaserver/sparql")
_PRIVATE = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"
SETUP = "\n".join([
    'GRANT SPARQL_UPDATE TO "SPARQL";',
    f"DB.DBA.RDF_GRAPH_GROUP_CREATE ('{_PRIVATE}', 1);",
    *(f"DB.DBA.RDF_GRAPH_GROUP_INS ('{_PRIVATE}', '{g}');" for g in _SYSTEM_GRAPHS),
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);",
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 15, 0);",
    "",
])


class Server:
    """Start with a database folder; ``stop()`` shuts it down, ``start()`` again serves
    the same data on the same ports. ``url`` is the SPARQL endpoint (``.../sparql``)."""

    def __init__(self, location: Path, port: int | None = None) -> None:
        if MISSING:
            raise RuntimeError(MISSING)
        self.location = location
        self.port = port or free_port()
        self.sql_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Server:
        self.location.mkdir(parents=True, exist_ok=True)
        ini = self.location / "virtuoso.ini"
        ini.write_text(_INI.format(d=self.location, sql=self.sql_port, http=self.port))
        log = (self.location / "server.out").open("ab")
        self.proc = subprocess.Popen(
            [str(VIRTUOSO), "+foreground", "+configfile", str(ini)],
            cwd=self.location, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self._log()) from None
                time.sleep(0.1)
        else:
            self.stop()
            raise RuntimeError("virtuoso-t did not start: " + self._log())
        done = self.location / "kgraph-setup.done"
        if not done.exists():
            self.sql(SETUP)
            done.touch()
        return self

    def sql(self, script: str) -> str:
        """Run SQL statements as ``dba`` through ``isql``; an error is an exception."""
        result = subprocess.run(
            [str(ISQL), f"127.0.0.1:{self.sql_port}", "dba", "dba", "VERBOSE=OFF", "PROMPT=OFF",
             "ERRORS=STDOUT"],
            input=script, capture_output=True, text=True, timeout=60,
        )
        if result.returncode or "*** Error" in result.stdout:
            raise RuntimeError(f"isql: {result.stdout}{result.stderr}")
        return result.stdout

    def _log(self) -> str:
        out = self.location / "server.out"
        return out.read_text(errors="replace")[-2000:] if out.exists() else ""

    def stop(self) -> None:
        """Shut the server down (SIGTERM: Virtuoso checkpoints and exits)."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
