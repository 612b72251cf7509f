from tests.cli import run


def test_examples_conform_to_the_shapes(ingested_store):
    result = run("--store", str(ingested_store), "validate")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "4 article graphs checked: all conform to the shapes."


def test_a_violation_exits_1_with_a_readable_report(store_copy):
    from kgraph.store import open_store

    s = open_store(str(store_copy))
    s._store.update("PREFIX kg: <https://kgraph.example/ns#> "
                    "DELETE { GRAPH ?g { ?e kg:startOffset ?o } } "
                    "WHERE { GRAPH ?g { ?e kg:startOffset ?o } }")
    s.close()
    result = run("--store", str(store_copy), "validate")
    assert result.exit_code == 1
    assert "violations." in result.stdout.splitlines()[0]
    assert "kg:startOffset" in result.stdout
