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
    assert set(micro) >= {"entities_f1", "events_f1", "relations_f1", "role_recall", "date_accuracy",
                          "date_precision", "status_accuracy", "planned_recall", "planned_p"}
    assert report["identity"] is None and "identity_p" not in micro  # no clusters.yaml
    total = sum(a["counts"]["entities_gold"] for a in report["articles"].values())
    assert micro["counts"]["entities_gold"] == total
    # the dump is the graph's answer in the gold schema, and it scores the same
    for name in names:
        system = yaml.safe_load((out / f"{name}.system.yaml").read_text())
        assert set(system) == {"document", "actors", "places", "events", "relations"}
        assert all(e["status"] in ("happened", "planned") and e["same_as"] for e in system["events"])
        for part in ("actors", "places", "events", "relations"):
            assert all(0 <= x["confidence"] <= 1 for x in system[part])
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
        lines = result.stdout.split("\n\n")[0].splitlines()  # the scores, before the reliability
        assert lines[0].split()[:4] == ["article", "entities_p", "entities_r", "entities_f1"]
        assert [line.split()[0] for line in lines[2:]] == ["moscow-meeting", "micro"]
        assert ("gazetteer: off" in result.stderr) == bool(flag)


def test_a_folder_without_pairs_is_a_one_line_error(tmp_path):
    (tmp_path / "a.txt").write_text("Text only.")
    proc = run_process("eval", str(tmp_path))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "no NAME.txt with a NAME.gold.yaml" in err
    assert len(err.strip().splitlines()) == 1


def _one_article(examples_dir, tmp_path, *names):
    folder = tmp_path / "set"
    folder.mkdir()
    for name in names:
        for suffix in (".txt", ".gold.yaml"):
            shutil.copy(examples_dir / f"{name}{suffix}", folder)
    return folder


def test_eval_reliability_table_and_proposed_threshold(examples_dir, tmp_path):
    folder = _one_article(examples_dir, tmp_path, "moscow-meeting")
    result = run("eval", str(folder))
    assert "min_confidence: " in result.stderr
    text = result.stdout
    assert "reliability:" in text and "proposed threshold" in text
    table = text.split("reliability:")[1].splitlines()
    assert table[1].split() == ["confidence", "entities_n", "entities_right", "events_n", "events_right",
                                "relations_n", "relations_right", "all_n", "all_right"]
    assert [line.split()[0] for line in table[3:9]] == ["<0.5", "0.5-0.6", "0.6-0.7", "0.7-0.8",
                                                       "0.8-0.9", ">=0.9"]
    proposals = [line.strip().split(":")[0] for line in text.split("proposed threshold")[1].splitlines()[1:]]
    assert proposals[:4] == ["entities", "events", "relations", "all"]


def test_eval_min_confidence_drops_facts_but_not_the_reliability_table(examples_dir, tmp_path):
    folder = _one_article(examples_dir, tmp_path, "moscow-meeting")
    low = json.loads(run("eval", str(folder), "--json", "--min-confidence", "0").stdout)
    out = tmp_path / "dump"
    high = json.loads(run("eval", str(folder), "--json", "--min-confidence", "0.95",
                          "--dump", str(out)).stdout)
    assert (low["min_confidence"], high["min_confidence"]) == (0.0, 0.95)
    assert low["reliability"] == high["reliability"]
    bands = low["reliability"]["bands"]
    total = low["micro"]["counts"]
    assert sum(b["all_n"] for b in bands) == (total["entities_system"] + total["events_system"]
                                              + total["relations_system"])
    kept = sum(b["all_n"] for b in bands if b["confidence"] == ">=0.9")
    high_total = high["micro"]["counts"]
    assert high_total["entities_system"] + high_total["events_system"] < kept + 1 or kept == 0
    assert high_total["entities_system"] < total["entities_system"]
    system = yaml.safe_load((out / "moscow-meeting.system.yaml").read_text())
    assert all(x["confidence"] >= 0.95 for part in ("actors", "places", "events", "relations")
               for x in system[part])


def test_eval_errors_lists_each_miss_and_false_fact(examples_dir, tmp_path):
    folder = _one_article(examples_dir, tmp_path, "moscow-meeting")
    text = run("eval", str(folder), "--errors").stdout
    errors = text.split("errors (missed")[1].splitlines()[1:]
    assert errors[0].startswith("moscow-meeting: ")
    kinds = {line.strip().split(":")[0] for line in errors[1:]}
    assert kinds and kinds <= {"entity missed", "entity extra", "entity type wrong", "role missed",
                               "event missed", "event extra", "event date wrong",
                               "event place wrong", "event status wrong", "relation missed",
                               "relation extra"}
    report = json.loads(run("eval", str(folder), "--json", "--errors").stdout)
    assert report["errors"] == [line for line in text.split("errors (missed")[1].splitlines()[1:]]
    details = report["articles"]["moscow-meeting"]["details"]
    assert not any(k.startswith("_") for k in details)
    # an unmatched dated event is one line (an extra event), not two
    assert len(report["errors"]) - 1 == sum(len(v) for k, v in details.items() if k != "dates_unmatched")


def test_eval_with_clusters_scores_the_same_event_across_articles(examples_dir, tmp_path):
    folder = _one_article(examples_dir, tmp_path, "geneva-talks", "florida-talks")
    (folder / "clusters.yaml").write_text(yaml.safe_dump({"clusters": [[
        "geneva-talks.txt#US-Ukrainian talks in Geneva", "florida-talks.txt#US-Ukrainian talks in Geneva",
    ], ["florida-talks.txt#No such event", "nowhere.txt#Talks"]]}))
    result = run("eval", str(folder), "--json", "--dump", str(tmp_path / "dump"))
    report = json.loads(result.stdout)
    identity = report["identity"]
    assert set(identity["counts"]) == {"system", "gold", "both"}
    assert {"identity_p", "identity_r"} <= set(report["micro"])
    assert len(report["warnings"]) == 2 and "no gold event with that label" in report["warnings"][0]
    assert "warning: clusters.yaml" in result.stderr
    # one store: an event's same_as is its canonical node (kgraph.resolve), so the
    # Geneva talks both articles report are one real-world event, and that gold pair is
    # found
    same = {name: {e["same_as"] for e in yaml.safe_load(
        (tmp_path / "dump" / f"{name}.system.yaml").read_text())["events"]}
        for name in ("geneva-talks", "florida-talks")}
    shared = same["geneva-talks"] & same["florida-talks"]
    assert any("/event/meeting-in-geneva-" in s for s in shared)
    assert identity["counts"]["both"] == 1 and identity["counts"]["gold"] == 1
    table = run("eval", str(folder)).stdout.splitlines()
    assert table[0].split()[-2:] == ["identity_p", "identity_r"]
    assert "same event across articles" in run("eval", str(folder)).stdout


def test_a_bad_clusters_file_is_a_one_line_error(examples_dir, tmp_path):
    folder = _one_article(examples_dir, tmp_path, "moscow-meeting")
    (folder / "clusters.yaml").write_text("clusters: [a.txt, b.txt]\n")
    proc = run_process("eval", str(folder))
    assert proc.returncode == 1 and b"clusters.yaml: want" in proc.stderr


def test_threshold_drops_relations_of_dropped_events_and_places():
    from kgraph.evaluation import at_threshold

    answer = {"actors": [{"name": "A", "confidence": 0.9}],
              "places": [{"name": "Geneva", "confidence": 0.3}],
              "events": [{"label": "talks", "participants": ["A"], "place": "Geneva", "confidence": 0.4},
                         {"label": "call", "participants": ["A"], "place": "Geneva", "confidence": 0.8}],
              "relations": [{"subject": "A", "predicate": "member_of", "object": "talks",
                             "confidence": 0.9},
                            {"subject": "A", "predicate": "located_in", "object": "Geneva",
                             "confidence": 0.9},
                            {"subject": "A", "predicate": "leads", "object": "B", "confidence": 0.7}]}
    kept = at_threshold(answer, 0.5)
    assert [e["label"] for e in kept["events"]] == ["call"] and kept["events"][0]["place"] is None
    assert kept["places"] == [] and [r["object"] for r in kept["relations"]] == ["B"]
    assert at_threshold(answer, 0.0) == answer


def test_proposed_threshold_is_the_lowest_edge_meeting_the_target():
    from kgraph.evaluation import Fact, propose_threshold

    facts = [Fact("entities", 0.45, False), Fact("entities", 0.65, True), Fact("entities", 0.66, False),
             Fact("entities", 0.85, True), Fact("relations", 0.95, False)]
    assert propose_threshold(facts, target=0.5, kind="entities").threshold == 0.0  # 2 of 4
    assert propose_threshold(facts, target=0.6, kind="entities").threshold == 0.5  # 2 of 3
    assert propose_threshold(facts, target=0.9, kind="entities").threshold == 0.7
    p = propose_threshold(facts, target=0.9, kind="relations")
    assert p.threshold is None and "no threshold" in p.text()
