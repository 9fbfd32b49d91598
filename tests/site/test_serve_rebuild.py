"""A `mkdocs serve` rebuild, which reuses unchanged pages, gives the site a fresh build gives.

The hook keeps rendered pages and search entries between serve rebuilds (scripts/mkdocs_hook.py).
Here a serving process builds the site, the data changes (a core pick's title, which shows on
every stage page's plan data, and a resource's stage), and it builds again; the result must
equal a plain `mkdocs build` of the changed data, file for file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import ROOT, mkdocs_build

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("serve")]

SERVE_TWICE = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, data, first, second, old, new = sys.argv[1:]
config = load_config(config_file=config_file, site_dir=first)
config.plugins.on_startup(command="serve", dirty=False)
build(config)
path = Path(data)
path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
build(load_config(config_file=config_file, site_dir=second))
"""
TITLE = "    title: The Python Tutorial\n"
STAGES = "    stages: [python-engineering]\n"


def read_all(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and p.name != "resources.json"
    }  # resources.json: build time


def test_a_serve_rebuild_equals_a_fresh_build(tmp_path: Path) -> None:
    data = tmp_path / "resources.yaml"
    text = (ROOT / "resources.yaml").read_text(encoding="utf-8")
    assert text.count(TITLE) == 1 and STAGES in text.split(TITLE, 1)[1][:2000]
    data.write_text(text, encoding="utf-8")
    old = TITLE + text.split(TITLE, 1)[1].split(STAGES, 1)[0] + STAGES
    new = old.replace(TITLE, "    title: The Python Tutorial, edited\n").replace(
        STAGES, "    stages: [python-engineering, math]\n"
    )
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "HANDBOOK_RESOURCES": str(data),
        "HANDBOOK_EXECUTE_NOTEBOOKS": "false",
        "HANDBOOK_REPO_URL": "https://github.com/o/h",
    }
    served = subprocess.run(
        [
            sys.executable,
            "-c",
            SERVE_TWICE,
            str(ROOT / "mkdocs.yml"),
            str(data),
            str(tmp_path / "first"),
            str(tmp_path / "second"),
            old,
            new,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert served.returncode == 0, served.stderr[-4000:]
    assert "The Python Tutorial, edited" in data.read_text(encoding="utf-8")

    fresh = mkdocs_build(
        tmp_path / "fresh",
        **{
            k: env[k]
            for k in ("HANDBOOK_RESOURCES", "HANDBOOK_EXECUTE_NOTEBOOKS", "HANDBOOK_REPO_URL")
        },
    )
    assert fresh.returncode == 0, fresh.stderr[-4000:]
    rebuilt, expected = read_all(tmp_path / "second"), read_all(tmp_path / "fresh")
    assert rebuilt.keys() == expected.keys()
    assert [p for p in expected if rebuilt[p] != expected[p]] == []
    math = expected["stages/math/index.html"].decode()
    assert 'id="python-tutorial"' in math and "The Python Tutorial, edited" in math
