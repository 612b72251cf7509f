import re

from tests.cli import run


def test_writes_one_offline_html_file(ingested_store, tmp_path):
    out = tmp_path / "map.html"
    result = run("--store", str(ingested_store), "view", "-o", str(out))
    assert result.exit_code == 0 and out.is_file()
    html = out.read_text()
    assert "Marco Rubio" in html and "Shell Bay" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", html)
