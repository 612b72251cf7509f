"""kgraph as a real package (issue 12): the wheel built from this checkout carries the
curated graph files and the stored queries, and once installed in a fresh virtual
environment (its dependencies from requirements.lock, hashes checked) it ingests the
examples and answers a stored query from a folder outside the checkout.

Slow (a minute or two: the locked dependencies are installed from the package index)
but part of the default run, so CI builds and tests the wheel every time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _run(cmd: list[str | Path], *, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run ``cmd`` in ``cwd`` with an environment that cannot reach the checkout; fail
    with the tail of its output when it exits non-zero."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("KGRAPH_") and k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, (
        f"{' '.join(map(str, cmd))} exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    )
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built by pip with the pinned build backend."""
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "--wheel-dir", out, ROOT], cwd=out)
    (built,) = out.glob("kgraph-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the locked dependencies and the wheel."""
    home = tmp_path_factory.mktemp("venv")
    env = home / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", env], cwd=home)
    python = env / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile"]
    # as scripts/install.sh: the lock as it is, with no resolving again (--no-deps)
    _run([*pip, "--require-hashes", "--no-deps", "-r", ROOT / "requirements.lock"], cwd=home, timeout=1800)
    _run([*pip, "--no-deps", wheel], cwd=home)
    _run([sys.executable, "-m", "pip", "--python", python, "check"], cwd=home)
    return env


def test_the_wheel_carries_code_and_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        packaged = {n: z.read(n) for n in names if n.startswith("kgraph/data/")}
    expected = {f"kgraph/data/{p.relative_to(ROOT)}": p.read_bytes()
                for folder in ("graph", "queries") for p in (ROOT / folder).iterdir() if p.is_file()}
    assert packaged == expected
    assert {"kgraph/data/graph/ontology.ttl", "kgraph/data/graph/shapes.ttl",
            "kgraph/data/queries/who-met-whom.rq"} <= names
    src = ROOT / "src"
    for path in (src / "kgraph").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert path.relative_to(src).as_posix() in names, f"{path} is not in the wheel"
    outside = {n for n in names if not n.startswith(("kgraph/", "kgraph-"))}
    assert not outside, f"the wheel carries files outside the package: {sorted(outside)[:5]}"


def test_the_installed_wheel_ingests_and_queries_from_another_folder(
        venv: Path, tmp_path: Path) -> None:
    work = tmp_path / "elsewhere"
    work.mkdir()
    assert ROOT not in work.resolve().parents
    where = _run([venv / "bin" / "python", "-c",
                  "import kgraph, kgraph.resources as r; "
                  "print(kgraph.__file__); print(r.graph_dir()); print(r.queries_dir())"], cwd=work)
    site = next((venv / "lib").glob("python3*/site-packages")).resolve()
    for line in where.stdout.splitlines():
        assert site in Path(line).resolve().parents, f"{line} is not in the fresh venv"

    kgraph = venv / "bin" / "kgraph"
    store = tmp_path / "store"
    _run([kgraph, "--store", store, "ingest", EXAMPLES], cwd=work)
    rows = json.loads(_run([kgraph, "--store", store, "query", "who-met-whom", "--format", "json"],
                           cwd=work).stdout)
    pairs = {frozenset((r["actor1"], r["actor2"])) for r in rows if r["date"] == "2025-11-23"}
    assert frozenset(("Marco Rubio", "Andriy Yermak")) in pairs

    listed = json.loads(_run([kgraph, "queries", "--json"], cwd=work).stdout)
    assert {q["name"] for q in listed} == {p.stem for p in (ROOT / "queries").glob("*.rq")}
    _run([kgraph, "--store", store, "validate"], cwd=work)  # the packaged SHACL shapes
