import itertools
import json

from tests.cli import run, run_process


def test_path_explains_each_hop_with_evidence(ingested_store):
    result = run("--store", str(ingested_store), "path", "Kirill Dmitriev", "Rustem Umerov", "--json")
    assert result.exit_code == 0, result.output
    hops = json.loads(result.stdout)
    assert hops[0]["from_label"] == "Kirill Dmitriev" and hops[-1]["to_label"] == "Rustem Umerov"
    for a, b in itertools.pairwise(hops):
        assert a["to"] == b["from"]
    for hop in hops:
        assert hop["links"]
        for link in hop["links"]:
            assert link["kind"] in ("event", "relation") and link["label"]
            assert link["evidence"] and link["sources"]


def test_text_output_names_resolved_through_aliases(ingested_store):
    result = run("--store", str(ingested_store), "path", "dmitriev", "UMEROV")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Kirill Dmitriev -> ") and lines[0].endswith(" -> Rustem Umerov")
    assert any(line.strip().startswith('"') for line in lines)  # an evidence sentence


def test_unknown_or_same_actor_is_a_one_line_error(ingested_store):
    for args, message in ((["Nobody", "Umerov"], "no actor named 'Nobody'"),
                          (["Umerov", "Rustem Umerov"], "are the same actor")):
        proc = run_process("--store", str(ingested_store), "path", *args)
        err = proc.stderr.decode()
        assert proc.returncode == 1 and message in err and len(err.strip().splitlines()) == 1
