import re
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.cli import cli
from tests.cli import run

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert re.search(rf"\$ kgraph (--store \S+ )?{name}\b", README), f"no transcript of {name}"


def test_help_imports_no_heavy_library():
    code = ("import sys, kgraph.cli\n"
            "heavy = {'spacy', 'pyvis', 'rdflib', 'pyoxigraph', 'networkx', 'pyshacl', 'dateparser'}\n"
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_python_dash_m_and_version():
    out = subprocess.run([sys.executable, "-m", "kgraph", "--version"], capture_output=True,
                         text=True, check=True)
    assert "0.1.0" in out.stdout


def test_every_curate_verb_has_help_with_an_example():
    from kgraph.cli_curate import curate

    for name in sorted(curate.commands):
        result = run("curate", name, "--help")
        assert result.exit_code == 0 and "Example:" in result.stdout, name
