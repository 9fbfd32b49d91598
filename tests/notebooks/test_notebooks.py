"""Example notebooks: stored clean, carry handbook metadata, execute, and build (with caching)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
FIXTURES = Path(__file__).parent / "fixtures"
DATA_FILE = ROOT / "resources.yaml"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))

# Roadmap stage ids, in order (the data model in resources.yaml must agree; see the test below).
STAGE_IDS = (
    "python-engineering",
    "math",
    "data",
    "ml-foundations",
    "applied-ml",
    "data-at-scale",
    "deep-learning",
    "llm-engineering",
    "mlops",
    "specialisations",
    "career",
)
NAME_RE = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")
CELL_TIMEOUT_S = 120
# pytest-xdist runs notebooks side by side on few cores, where multi-threaded OpenMP/BLAS code
# spins and fights for them: measured on 2 cores, 06-gradient-boosting took 114 s next to another
# notebook with default threads and 13 s with one thread each. One thread per kernel keeps it sane.
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

# The mkdocs-jupyter options the real mkdocs.yml must use; the tiny test builds use the same.
JUPYTER_OPTIONS: dict[str, Any] = {
    "include": ["examples/*.ipynb"],
    "execute": True,
    "allow_errors": False,
    "include_source": True,
    "ignore_h1_titles": True,
}


def read(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    return cast(nbformat.NotebookNode, nb)


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


# --- (a) stored form and metadata -------------------------------------------------------------


def test_there_are_enough_notebooks() -> None:
    assert len(NOTEBOOKS) >= 13, [p.name for p in NOTEBOOKS]
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert len(set(numbers)) == len(numbers), f"duplicate notebook numbers: {numbers}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_clean(path: Path) -> None:
    assert NAME_RE.match(path.name), f"{path.name}: name must look like 01-some-topic.ipynb"
    nb = read(path)
    nbformat.validate(nb)
    for i, cell in enumerate(code_cells(nb)):
        assert cell.outputs == [], f"{path.name}: code cell {i} has stored outputs (clear them)"
        assert cell.execution_count is None, f"{path.name}: code cell {i} has an execution count"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", f"{path.name}: kernelspec"
    assert nb.metadata.get("widgets") is None, f"{path.name}: stored widget state"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_metadata_and_shape(path: Path) -> None:
    nb = read(path)
    meta = nb.metadata.get("handbook")
    assert isinstance(meta, dict), f"{path.name}: metadata.handbook is missing"
    assert meta.get("stage") in STAGE_IDS, (
        f"{path.name}: metadata.handbook.stage {meta.get('stage')!r} is not one of "
        + ", ".join(STAGE_IDS)
    )
    for key in ("title", "summary"):
        value = meta.get(key)
        assert isinstance(value, str) and value.strip(), f"{path.name}: handbook.{key} is empty"
    assert meta["summary"].rstrip().endswith("."), f"{path.name}: summary must be one sentence"
    assert set(meta) <= {"stage", "title", "summary"}, f"{path.name}: unknown keys {set(meta)}"

    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), (
        f"{path.name}: the first cell must be Markdown starting with an H1 title"
    )
    sources = "\n".join(c.source for c in code_cells(nb))
    assert re.search(r"^\s*assert ", sources, re.MULTILINE), f"{path.name}: no assert statements"
    assert "SEED" in sources or "random_state" in sources, f"{path.name}: no fixed random seed"
    assert "fetch_" not in sources and 'urlopen("http' not in sources, (
        f"{path.name}: notebooks must not download anything"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_installs_only_on_colab(path: Path) -> None:
    cell = code_cells(read(path))[0]
    assert '"google.colab" in sys.modules' in cell.source, f"{path.name}: Colab guard missing"
    assert "pip" in cell.source and "install" in cell.source, f"{path.name}: no pip install"

    # Outside Colab the cell must not install anything: run it with subprocess.run forbidden.
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{path.name}: the Colab cell ran a command outside Colab")

    namespace: dict[str, Any] = {}
    real_run = subprocess.run
    subprocess.run = forbidden  # type: ignore[assignment]
    try:
        assert "google.colab" not in sys.modules
        exec(compile(cell.source, f"{path.name}:colab-cell", "exec"), namespace)
    finally:
        subprocess.run = real_run


def test_stage_ids_match_data_model() -> None:
    try:
        from real_handbook import real_handbook  # the data model of resources.yaml
    except ImportError:
        pytest.skip("handbook data model not importable")
    ids = tuple(stage.id for stage in real_handbook().stages)
    assert ids == STAGE_IDS


def test_real_mkdocs_yml_uses_the_tested_plugin_options(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.utils.yaml import yaml_load  # resolves !ENV and !!python tags like mkdocs does

    monkeypatch.delenv("HANDBOOK_EXECUTE_NOTEBOOKS", raising=False)  # the default must execute
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as f:
        config = yaml_load(f)
    plugins = [p for p in config["plugins"] if isinstance(p, dict) and "mkdocs-jupyter" in p]
    assert plugins, "mkdocs.yml does not configure mkdocs-jupyter"
    options = plugins[0]["mkdocs-jupyter"]
    for key, value in JUPYTER_OPTIONS.items():
        assert options.get(key) == value, f"mkdocs.yml mkdocs-jupyter.{key} should be {value!r}"
    assert options.get("cache", True) is True, "execution cache must stay on"


# --- (b) every notebook executes, (c) a broken one fails ---------------------------------------


def run(nb: nbformat.NotebookNode, workdir: Path) -> nbformat.NotebookNode:
    """Execute `nb` in place, with `workdir` as the kernel's working directory."""
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(workdir)}},
    )
    # A notebook that reads the handbook's own data (11-retrieval-evaluation) finds
    # resources.yaml above its folder in a real build; from a temporary directory it needs
    # $HANDBOOK_RESOURCES, set here to the real file whatever the caller's environment says.
    client.execute(env={**os.environ, **THREAD_ENV, "HANDBOOK_RESOURCES": str(DATA_FILE)})
    return nb


def execute(path: Path, workdir: Path) -> nbformat.NotebookNode:
    """Run a notebook for real, with `workdir` as the kernel's working directory."""
    return run(read(path), workdir)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(path: Path, tmp_path: Path) -> None:
    start = time.perf_counter()
    nb = execute(path, tmp_path)
    seconds = time.perf_counter() - start
    outputs = [o for c in code_cells(nb) for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, f"{path.name}: no plot rendered"
    print(f"{path.name}: {seconds:.1f} s")


@pytest.mark.slow
def test_failing_fixture_fails(tmp_path: Path) -> None:
    with pytest.raises(CellExecutionError, match="AssertionError"):
        execute(FIXTURES / "failing.ipynb", tmp_path)


# --- (d) real mkdocs builds of a tiny project: failure and caching ------------------------------


def make_project(root: Path, notebooks: dict[str, str]) -> Path:
    """A minimal MkDocs project with the handbook's mkdocs-jupyter options."""
    (root / "docs" / "examples").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Test\n", encoding="utf-8")
    config = {
        "site_name": "Notebook build test",
        "theme": {"name": "material"},
        "plugins": [{"mkdocs-jupyter": JUPYTER_OPTIONS}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    for name, text in notebooks.items():
        (root / "docs" / "examples" / name).write_text(text, encoding="utf-8")
    return root


def mkdocs_build(root: Path, log: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **THREAD_ENV, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("HANDBOOK_RESOURCES", None)
    if log is not None:
        env["HANDBOOK_NB_LOG"] = str(log)
    # cwd matters: mkdocs-jupyter's cache folder (.cache/mkdocs-jupyter) is relative to it.
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def side_effect_notebook(tag: str) -> str:
    text = (FIXTURES / "side_effect.ipynb").read_text(encoding="utf-8")
    assert 'TAG = \\"fixture\\"' in text
    return text.replace('TAG = \\"fixture\\"', f'TAG = \\"{tag}\\"')


def runs(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").split() if log.exists() else []


@pytest.mark.slow
def test_build_fails_on_a_broken_notebook(tmp_path: Path) -> None:
    failing = (FIXTURES / "failing.ipynb").read_text(encoding="utf-8")
    root = make_project(tmp_path / "project", {"broken.ipynb": failing})
    result = mkdocs_build(root)
    assert result.returncode != 0, "a notebook with a failing cell must fail the build"
    assert "AssertionError" in result.stderr + result.stdout


@pytest.mark.slow
def test_build_executes_renders_and_caches(tmp_path: Path) -> None:
    log = tmp_path / "runs.log"
    root = make_project(
        tmp_path / "project",
        {"a.ipynb": side_effect_notebook("a"), "b.ipynb": side_effect_notebook("b")},
    )
    cache = root / ".cache" / "mkdocs-jupyter"

    # Cold build: both notebooks execute, outputs and plots land on the page, sources are copied.
    cold = mkdocs_build(root, log)
    assert cold.returncode == 0, cold.stderr
    assert sorted(runs(log)) == ["a", "b"]
    page = (root / "site" / "examples" / "a" / "index.html").read_text(encoding="utf-8")
    assert "side-effect notebook ran: a" in page
    assert "data:image/png;base64" in page
    assert (root / "site" / "examples" / "a" / "a.ipynb").exists(), "download link target"
    assert len(list(cache.glob("*.json"))) == 2

    # Warm build, nothing changed: nothing executes.
    warm = mkdocs_build(root, log)
    assert warm.returncode == 0, warm.stderr
    assert sorted(runs(log)) == ["a", "b"], "a warm build must not re-execute notebooks"
    page = (root / "site" / "examples" / "a" / "index.html").read_text(encoding="utf-8")
    assert "side-effect notebook ran: a" in page, "the cached page keeps its outputs"

    # Change one notebook: only that one executes, and its stale cache entry is evicted.
    nb_a = root / "docs" / "examples" / "a.ipynb"
    nb = read(nb_a)
    nb.cells[0].source += "\n\nEdited."
    nbformat.write(nb, nb_a)  # type: ignore[no-untyped-call]
    changed = mkdocs_build(root, log)
    assert changed.returncode == 0, changed.stderr
    assert sorted(runs(log)) == ["a", "a", "b"], "only the changed notebook may re-execute"
    assert len(list(cache.glob("*.json"))) == 2


@pytest.mark.slow
def test_clearing_the_cache_forces_execution(tmp_path: Path) -> None:
    log = tmp_path / "runs.log"
    root = make_project(tmp_path / "project", {"a.ipynb": side_effect_notebook("a")})
    assert mkdocs_build(root, log).returncode == 0
    shutil.rmtree(root / ".cache")
    assert mkdocs_build(root, log).returncode == 0
    assert runs(log) == ["a", "a"]
