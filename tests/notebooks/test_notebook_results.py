"""Key results of the retrieval, drift and A/B-test notebooks: run each, read back its numbers.

The notebooks assert their own results; these tests read the values back from the kernel so
that a notebook whose assertions were weakened, or whose numbers drifted, still fails here.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from test_notebooks import DATA_FILE, EXAMPLES, code_cells, read, run

RETRIEVAL = EXAMPLES / "11-retrieval-evaluation.ipynb"
DRIFT = EXAMPLES / "12-drift-monitoring.ipynb"
AB_TEST = EXAMPLES / "13-ab-testing.ipynb"
MARK = "NOTEBOOK-RESULTS "


def results(path: Path, workdir: Path, expression: str) -> Any:
    """Run the notebook, then one extra cell that prints `expression` as JSON; return it."""
    nb = read(path)
    probe = f"import json\nprint({MARK!r} + json.dumps({expression}, default=float))"
    nb.cells.append(nbformat.v4.new_code_cell(probe))  # type: ignore[no-untyped-call]
    run(nb, workdir)
    lines = [
        line
        for output in nb.cells[-1].outputs
        if output.output_type == "stream"
        for line in output.text.splitlines()
        if line.startswith(MARK)
    ]
    assert len(lines) == 1, nb.cells[-1].outputs
    return json.loads(lines[0].removeprefix(MARK))


# --- 11: retrieval over the handbook's own question bank ----------------------------------------


def find_resources_function() -> Any:
    """The notebook's `find_resources`, compiled on its own (no kernel)."""
    source = next(c.source for c in code_cells(read(RETRIEVAL)) if "def find_resources" in c.source)
    tree = ast.parse(source)
    func = next(
        n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "find_resources"
    )
    namespace: dict[str, Any] = {"os": os, "Path": Path}
    exec(compile(ast.Module(body=[func], type_ignores=[]), RETRIEVAL.name, "exec"), namespace)
    return namespace["find_resources"]


def test_retrieval_notebook_finds_the_data_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    find_resources = find_resources_function()
    monkeypatch.delenv("HANDBOOK_RESOURCES", raising=False)
    monkeypatch.chdir(EXAMPLES)  # where the site build runs the notebook
    assert find_resources().resolve() == DATA_FILE.resolve()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"resources\.yaml"):
        find_resources()
    monkeypatch.setenv("HANDBOOK_RESOURCES", str(DATA_FILE))
    assert find_resources() == DATA_FILE


@pytest.mark.slow
def test_retrieval_notebook_results(tmp_path: Path) -> None:
    got = results(
        RETRIEVAL,
        tmp_path,
        '{"n_questions": len(questions), "n_docs": n_docs, '
        '"rows": results.reset_index().to_dict("records")}',
    )
    assert got["n_questions"] == got["n_docs"] >= 100
    rows = {(r["queries"], r["retriever"]): r for r in got["rows"]}
    assert set(rows) == {
        (q, m) for q in ("held-out answer opening", "terse question") for m in ("TF-IDF", "BM25")
    } | {("any", "random")}
    random = rows.pop(("any", "random"))
    assert random["recall@10"] == pytest.approx(10 / got["n_docs"])
    for key, r in rows.items():
        assert 0 <= r["recall@1"] <= r["recall@5"] <= r["recall@10"] <= 1, key
        assert r["recall@1"] <= r["MRR"] <= r["recall@1"] + (1 - r["recall@1"]) / 2, key
        # A floor that does not move with the size of the bank: far above random ranking.
        assert r["recall@10"] >= 10 * random["recall@10"], key
        assert r["MRR"] >= 10 * random["MRR"], key
    held_out = {m: rows[("held-out answer opening", m)] for m in ("TF-IDF", "BM25")}
    terse = {m: rows[("terse question", m)] for m in ("TF-IDF", "BM25")}
    assert held_out["BM25"]["recall@10"] >= 0.5
    assert held_out["TF-IDF"]["recall@10"] >= 0.5
    assert terse["BM25"]["recall@10"] >= 0.85
    # What the notebook's prose says: terse questions are the easier set, and the two
    # lexical retrievers stay close to each other.
    for m in ("TF-IDF", "BM25"):
        assert terse[m]["MRR"] > held_out[m]["MRR"], m
    assert abs(held_out["BM25"]["recall@10"] - held_out["TF-IDF"]["recall@10"]) < 0.15


# --- 12: drift monitoring -----------------------------------------------------------------------


@pytest.mark.slow
def test_drift_notebook_results(tmp_path: Path) -> None:
    got = results(
        DRIFT,
        tmp_path,
        '{"report": report.reset_index().to_dict("records"), '
        '"by_size": by_size.reset_index().to_dict("records"), '
        '"null_psi": float(null_psi.mean()), "expected_null_psi": expected}',
    )
    report = {(r["batch"], r["feature"]): r for r in got["report"]}
    for feature in ("age", "amount", "risk_score"):
        assert report[("no drift", feature)]["PSI"] < 0.1, feature
    assert report[("drift", "amount")]["PSI"] > 0.25
    assert report[("drift", "amount")]["KS p-value"] < 1e-10
    assert report[("drift", "risk_score")]["PSI"] < 0.1
    # The small age shift: negligible by PSI, "significant" by KS at 20,000 rows.
    assert report[("drift", "age")]["PSI"] < 0.1
    assert report[("drift", "age")]["KS p-value"] < 0.05

    by_size = sorted(got["by_size"], key=lambda r: r["n per sample"])
    largest = by_size[-1]
    assert largest["n per sample"] >= 500_000
    assert largest["KS p-value"] < 1e-10 and largest["PSI"] < 0.01
    assert by_size[0]["KS p-value"] > 0.05, "the same shift is invisible on small samples"
    assert got["null_psi"] == pytest.approx(got["expected_null_psi"], rel=0.25)


# --- 13: A/B test sample size, power and peeking ------------------------------------------------


@pytest.mark.slow
def test_ab_test_notebook_results(tmp_path: Path) -> None:
    got = results(
        AB_TEST,
        tmp_path,
        '{"n_per_arm": n_per_arm, "power": simulated_power, '
        '"fpr_fixed": fpr_fixed, "fpr_aa": false_positive_rate, '
        '"fpr_peeking": fpr_peeking, "fpr_sequential": fpr_sequential, '
        '"by_looks": by_looks}',
    )
    assert got["n_per_arm"] == 14_751  # the exact two-proportion formula for 10% -> 11%
    assert got["power"] == pytest.approx(0.80, abs=0.03)
    for key in ("fpr_fixed", "fpr_aa", "fpr_sequential"):
        assert 0.035 < got[key] < 0.065, key
    assert got["fpr_peeking"] > 0.15 and got["fpr_peeking"] > 3 * got["fpr_fixed"]
    by_looks = {int(k): v for k, v in got["by_looks"].items()}
    assert by_looks[1] == got["fpr_fixed"]
    assert by_looks[1] < by_looks[5] < by_looks[20] == got["fpr_peeking"]
