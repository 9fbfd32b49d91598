"""The only file that imports MkDocs: it loads the data once and hands pages to MkDocs.

Everything it calls is plain Python in scripts/handbook, so a move to another site
generator only has to replace this file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook.linkhealth import load_link_health
from handbook.load import HandbookError, load_handbook
from handbook.notebooks import Notebook, find_notebooks
from handbook.render.blocks import lift_blocks, restore_blocks
from handbook.render.items import Context
from handbook.render.notebook_page import notebook_links, tidy_notebook_html, with_notebook_links
from handbook.render.pages import kinds_script
from handbook.site import fill_markers, find_repo_url, generated_files, nav

_state: dict[str, Any] = {}
HAND_WRITTEN_NAV = [{"What's new": "whats-new.md"}, {"Link health": "link-health.md"},
                    {"Data and feed": "data.md"}, {"About and contributing": "about.md"}]
GENERATED_NAV = {"whats-new.md", "link-health.md"}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate resources.yaml once per build; derive repo links and navigation."""
    try:
        handbook = load_handbook()
    except HandbookError as err:
        raise PluginError(f"resources data is invalid:\n{err}") from err
    # $HANDBOOK_REPO_URL, else mkdocs.yml's repo_url, else the git remote.
    repo_url = find_repo_url(os.environ.get("HANDBOOK_REPO_URL") or config.repo_url,
                             Path(config.config_file_path).parent)
    if repo_url:
        config.repo_url = repo_url
        config.edit_uri = f"edit/{Context.branch}/docs/"
    docs_dir = Path(config.docs_dir)
    notebooks: list[Notebook] = find_notebooks(docs_dir)
    health = load_link_health()
    ctx = Context(handbook=handbook, links=health.links, repo_url=repo_url)
    _state.update(ctx=ctx, notebooks=notebooks, health=health, blocks={})
    extra = [item for item in HAND_WRITTEN_NAV
             if (path := next(iter(item.values()))) in GENERATED_NAV or (docs_dir / path).exists()]
    config.nav = _markup_titles(nav(ctx, notebooks, extra))
    return config


def _markup_titles(items: list[Any]) -> list[Any]:
    """Mark the (already escaped) nav titles as HTML for Jinja.

    Theme templates apply `| e` to titles in attributes (the footer's aria-label): a Markup
    title is not escaped twice there, so "p < 0.05" is read out as written.
    """
    return [{Markup(title): _markup_titles(target) if isinstance(target, list) else target
             for title, target in item.items()} for item in items]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages (never written to docs/, never committed)."""
    generated = generated_files(_state["ctx"], _state["notebooks"], _state["health"],
                                config.site_url, config.use_directory_urls)
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme template the kinds' labels and order (docs/overrides/main.html)."""
    env.globals["handbook_kinds"] = Markup(kinds_script())
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill markers in hand-written pages; point edit links of generated pages at the data."""
    ctx: Context = _state["ctx"]
    if page.file.generated_by is not None:
        if ctx.repo_url:
            page.edit_url = f"{ctx.repo_url}/edit/{ctx.branch}/resources.yaml"
        markdown, _state["blocks"][page.file.src_uri] = lift_blocks(markdown)
    try:
        return fill_markers(markdown, page.file.src_uri, ctx)
    except ValueError as err:
        raise PluginError(str(err)) from err


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Restore pre-rendered resource blocks; add Colab and download buttons to notebooks."""
    html = restore_blocks(html, _state["blocks"].pop(page.file.src_uri, {}))
    ctx: Context = _state["ctx"]
    links = notebook_links(page.file.src_uri, ctx.repo_url, ctx.branch)
    return with_notebook_links(tidy_notebook_html(html), links) if links else html
