import json
import shutil

import yaml

from kgraph.scoring import score
from tests.cli import run, run_process


def test_eval_scores_each_article_and_the_micro_average(examples_dir, tmp_path):
    out = tmp_path / "dump"
    result = run("eval", str(examples_dir), "--json", "--dump", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    names = sorted(p.stem for p in examples_dir.glob("*.txt"))
    assert sorted(report["articles"]) == names and report["gazetteer"] is True
    micro = report["micro"]
    assert set(micro) >= {"entities_f1", "events_f1", "relations_f1", "role_recall", "date_accuracy"}
    total = sum(a["counts"]["entities_gold"] for a in report["articles"].values())
    assert micro["counts"]["entities_gold"] == total
    # the dump is the graph's answer in the gold schema, and it scores the same
    for name in names:
        system = yaml.safe_load((out / f"{name}.system.yaml").read_text())
        assert set(system) == {"document", "actors", "places", "events", "relations"}
        gold = yaml.safe_load((examples_dir / f"{name}.gold.yaml").read_text())
        assert score(gold, system).as_dict() == report["articles"][name]["counts"]


def test_eval_table_with_and_without_gazetteer(examples_dir, tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    for suffix in (".txt", ".gold.yaml"):
        shutil.copy(examples_dir / f"moscow-meeting{suffix}", folder)
    (folder / "no-gold.txt").write_text("An article nobody annotated.")
    for flag in ([], ["--no-gazetteer"]):
        result = run("eval", str(folder), *flag)
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert lines[0].split()[:4] == ["article", "entities_p", "entities_r", "entities_f1"]
        assert [line.split()[0] for line in lines[2:]] == ["moscow-meeting", "micro"]
        assert ("gazetteer: off" in result.stderr) == bool(flag)


def test_a_folder_without_pairs_is_a_one_line_error(tmp_path):
    (tmp_path / "a.txt").write_text("Text only.")
    proc = run_process("eval", str(tmp_path))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "no NAME.txt with a NAME.gold.yaml" in err
    assert len(err.strip().splitlines()) == 1
