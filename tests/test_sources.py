import io

import pytest

from kgraph.errors import KGraphError
from kgraph.sources import expand, parse_article, read_articles, read_file


def test_front_matter_and_offsets():
    text = "---\ntitle: Talks in Geneva\npublished: 2025-11-24\nsource: test\n---\nThey met.\n"
    a = parse_article(text, "a.txt")
    assert (a.title, a.published.isoformat(), a.source) == ("Talks in Geneva", "2025-11-24", "test")
    assert a.text[a.offset:] == "They met.\n"


def test_without_front_matter_the_first_line_is_the_title():
    a = parse_article("# Envoys meet\nThey met.\n", "a.md")
    assert a.title == "Envoys meet" and a.published is None and a.offset == 0


def test_same_text_same_id_other_text_other_id():
    assert parse_article("A.", "x").id == parse_article("A.", "y").id != parse_article("B.", "x").id


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "no text to read"),
        (b"---\ntitle: x\n---\n  \n", "no text to read"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
        (b"---\ntitle: [unclosed\n---\nBody.\n", "front matter is not valid YAML"),
        (b"---\npublished: yesterday\n---\nBody.\n", "not an ISO date"),
    ],
)
def test_bad_files_give_one_line_errors(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(KGraphError) as err:
        read_file(path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_missing_file():
    with pytest.raises(KGraphError, match="no such file"):
        list(read_articles(["/no/such/article.txt"]))


def test_folders_are_expanded_sorted_and_filtered(tmp_path):
    (tmp_path / "b.md").write_text("B.")
    (tmp_path / "a.txt").write_text("A.")
    (tmp_path / "notes.yaml").write_text("x: 1")
    assert [p.rsplit("/", 1)[-1] for p in expand([str(tmp_path)])] == ["a.txt", "b.md"]


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(KGraphError, match=r"no \.txt"):
        expand([str(tmp_path)])


def test_stdin():
    [a] = read_articles(["-"], stdin=io.BytesIO(b"Rubio met Umerov."))
    assert a.body == "Rubio met Umerov." and a.path is None
