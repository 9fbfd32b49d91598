"""CONTRIBUTING, issue forms, PR template and pre-commit agree with the schema and validator."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from gen_contributing import main as gen_main

from handbook.docgen import (
    CONTRIBUTING,
    ISSUE_FORM,
    dropdown_options,
    field_table,
    render_contributing,
    render_issue_form,
)
from handbook.model import Handbook
from handbook.schema import load_schema

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
FORM_FIELDS = (
    "kind",
    "title",
    "url",
    "provider",
    "level",
    "cost",
    "stages",
    "topics",
    "description",
)


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_contributing_is_up_to_date() -> None:
    current = CONTRIBUTING.read_text(encoding="utf-8")
    assert render_contributing(current) == current, (
        "run `python scripts/gen_contributing.py` to regenerate the field reference"
    )


def test_issue_form_is_up_to_date(handbook: Handbook) -> None:
    current = ISSUE_FORM.read_text(encoding="utf-8")
    assert render_issue_form(current, handbook) == current, (
        "run `python scripts/gen_contributing.py` to regenerate the issue form's options"
    )


def test_generator_check_passes() -> None:
    assert gen_main(["--check"]) == 0


def test_field_table_lists_every_schema_field() -> None:
    for name, definition in load_schema()["$defs"].items():
        table = field_table(name)
        assert re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE) == list(definition["properties"])
    resource = field_table("resource")
    assert "| `issuer` | for kind `certification` |" in resource
    assert "| `exam_code` | optional, kind `certification` only |" in resource
    assert "| `license` | for kind `dataset` |" in resource
    assert "`beginner`, `intermediate`, `advanced`" in resource


def test_suggest_form_matches_schema(handbook: Handbook) -> None:
    form = _load(ISSUE_FORM)
    elements = {e["id"]: e for e in form["body"] if "id" in e}
    props = load_schema()["$defs"]["resource"]["properties"]
    for name in FORM_FIELDS:
        assert name in elements, f"the form has no field for {name}"
        assert name in props
        assert elements[name]["validations"]["required"] is True
    options = dropdown_options(handbook)
    for name in ("kind", "level", "cost"):
        assert elements[name]["type"] == "dropdown"
        assert elements[name]["attributes"]["options"] == props[name]["enum"] == options[name]
    assert elements["stages"]["attributes"]["options"] == [s.id for s in handbook.stages]
    assert elements["topics"]["attributes"]["options"] == [t.id for t in handbook.topics]
    assert elements["stages"]["attributes"]["multiple"] is True


def test_issue_forms_are_well_formed() -> None:
    for path in TEMPLATES.glob("*.yml"):
        if path.name == "config.yml":
            continue
        form = _load(path)
        assert {"name", "description", "body"} <= set(form), path.name
        ids = [e["id"] for e in form["body"] if "id" in e]
        assert len(ids) == len(set(ids)), path.name
        for element in form["body"]:
            assert element["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
            if element["type"] != "markdown":
                assert element["attributes"]["label"]
            if element["type"] == "dropdown":
                options = element["attributes"]["options"]
                assert options and len(options) == len(set(options))
    assert (TEMPLATES / "broken-link.yml").exists()


def test_config_disables_blank_issues() -> None:
    config = _load(TEMPLATES / "config.yml")
    assert config["blank_issues_enabled"] is False
    for link in config.get("contact_links", []):
        assert link["url"].startswith("https://")


def test_pr_template_names_every_required_field() -> None:
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for field in load_schema()["$defs"]["resource"]["required"]:
        assert f"`{field}`" in template
    for word in ("retired", "superseded", "issuer", "license", "make validate", "make fmt-check"):
        assert word in template


def test_precommit_hooks_are_pinned() -> None:
    config = _load(ROOT / ".pre-commit-config.yaml")
    hooks: dict[str, str] = {}
    for repo in config["repos"]:
        if repo["repo"] != "local":
            assert re.fullmatch(r"v?\d+\.\d+\.\d+", repo["rev"]), repo
        for hook in repo["hooks"]:
            hooks[hook["id"]] = repo["repo"]
    for wanted in (
        "validate-resources",
        "fmt-check",
        "ruff-check",
        "check-jsonschema",
        "check-metaschema",
        "actionlint",
    ):
        assert wanted in hooks
    for repo in config["repos"]:
        for hook in repo["hooks"]:
            if repo["repo"] == "local":
                program, *args = hook["entry"].split()
                assert program.startswith(".venv/bin/"), hook["id"]
                if program == ".venv/bin/python":
                    assert (ROOT / args[0]).is_file(), args[0]


def test_precommit_ruff_is_the_locked_one() -> None:
    """Ruff runs from the venv (the version in requirements.lock), not a second copy."""
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert re.search(r"^ruff==[\d.]+", lock, re.MULTILINE)
    config = _load(ROOT / ".pre-commit-config.yaml")
    assert not [r for r in config["repos"] if r["repo"].endswith("ruff-pre-commit")]
    local = next(r for r in config["repos"] if r["repo"] == "local")
    ruff = next(h for h in local["hooks"] if h["id"] == "ruff-check")
    assert ruff["entry"].startswith(".venv/bin/ruff check")
