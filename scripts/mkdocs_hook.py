"""The MkDocs hook: it loads the data once and hands pages to MkDocs.

Everything it calls is plain Python in scripts/handbook, so a move to another site
generator only has to replace this file and serve_reuse.py (what `mkdocs serve` reuses
between rebuilds), the only two files that import MkDocs.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from handbook.linkhealth import load_link_health
from handbook.load import HandbookError, data_path, load_handbook
from handbook.model import Handbook
from handbook.notebooks import Notebook, find_notebooks
from handbook.render.blocks import PageStash
from handbook.render.items import Context
from handbook.render.notebook_page import notebook_links, tidy_notebook_html, with_notebook_links
from handbook.render.pages import kinds_block
from handbook.search import annotate_entries
from handbook.site import fill_markers, find_repo_url, generated_files, map_titles, nav
from serve_reuse import ServeReuse

_state: dict[str, Any] = {}
# MkDocs imports a hook once per process, so under `mkdocs serve` what is kept here outlives a
# rebuild: the command that started the process, the last data file loaded and, while serving,
# what earlier rebuilds rendered (a serve_reuse.ServeReuse).
_process: dict[str, Any] = {"command": "build", "loaded": None}
# Under `mkdocs serve` with notebook execution off, notebook conversions are cached here (apart
# from the executed ones: the plugin evicts every entry a build did not use).
NOEXEC_CACHE_DIR = ".cache/mkdocs-jupyter-noexec"
HAND_WRITTEN_NAV = [
    {"What's new": "whats-new.md"},
    {"Link health": "link-health.md"},
    {"Data and feed": "data.md"},
    {"About and contributing": "about.md"},
]
GENERATED_NAV = {"whats-new.md", "link-health.md"}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process serves (and rebuilds) or builds once."""
    _process["command"] = command
    if command == "serve" and "reuse" not in _process:
        _process["reuse"] = ServeReuse()


def _load() -> Handbook:
    """Load and validate the data, unless the same file (and day) was loaded by this process.

    A `mkdocs serve` rebuild after an edit of docs/ or scripts/ then skips the validation.
    """
    path = data_path()
    try:
        stat = path.stat()
        key: tuple[Any, ...] | None = (str(path), stat.st_mtime_ns, stat.st_size, dt.date.today())
    except OSError:
        key = None  # load_handbook reports it
    loaded = _process["loaded"]
    if key is not None and loaded is not None and loaded[0] == key:
        handbook: Handbook = loaded[1]
        return handbook
    handbook = load_handbook(path)
    _process["loaded"] = (key, handbook) if key is not None else None
    return handbook


def _cache_unexecuted_notebooks(config: MkDocsConfig) -> None:
    """Under `mkdocs serve` with execution off, cache notebook conversions across rebuilds.

    Converting the notebooks without running them takes half of such a rebuild. One-off builds
    (`make build`, tests, CI) are left exactly as mkdocs.yml says.
    """
    plugin = config.plugins.get("mkdocs-jupyter")
    if _process["command"] != "serve" or plugin is None or plugin.config["execute"]:
        return
    plugin.config["cache"] = True
    plugin.config["cache_dir"] = NOEXEC_CACHE_DIR


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate resources.yaml once per build; derive repo links and navigation."""
    try:
        handbook = _load()
    except HandbookError as err:
        raise PluginError(f"resources data is invalid:\n{err}") from err
    _cache_unexecuted_notebooks(config)
    if "reuse" in _process:
        _process["reuse"].start_build(config)
    # $HANDBOOK_REPO_URL, else mkdocs.yml's repo_url, else the git remote.
    repo_url = find_repo_url(
        os.environ.get("HANDBOOK_REPO_URL") or config.repo_url, Path(config.config_file_path).parent
    )
    if repo_url:
        config.repo_url = repo_url
        config.edit_uri = f"edit/{Context.branch}/docs/"
    _offline_build(config)
    docs_dir = Path(config.docs_dir)
    notebooks: list[Notebook] = find_notebooks(docs_dir)
    health = load_link_health()
    ctx = Context(
        handbook=handbook,
        links=health.links,
        repo_url=repo_url,
        directory_urls=config.use_directory_urls,
    )
    _state.update(ctx=ctx, notebooks=notebooks, health=health, stash=PageStash())
    extra = [
        item
        for item in HAND_WRITTEN_NAV
        if (path := next(iter(item.values()))) in GENERATED_NAV or (docs_dir / path).exists()
    ]
    # The titles are escaped already: as Markup, theme templates that apply `| e` (the
    # footer's aria-label) do not escape them twice, so "p < 0.05" is read out as written.
    config.nav = map_titles(nav(ctx, notebooks, extra), Markup)
    return config


# The offline flavour (issue 14): `make offline` sets HANDBOOK_OFFLINE=true, which enables
# Material's offline plugin (mkdocs.yml). Its pages are .html files, so links work opened from
# disk, and raw links the renderers write follow (Context.directory_urls). The plugin would load
# its worker shim for file:// pages from a CDN; the site's own (docs/assets/file-worker.js)
# replaces it, so a downloaded copy needs no network at all. Instant navigation is turned off:
# on file:// Material skips it and, with the feature on, never announces the page to scripts
# (document$ completes empty), so handbook.js and path.js would never start.
OFFLINE_WORKER_SHIM = "assets/file-worker.js"


def _offline_build(config: MkDocsConfig) -> None:
    """Set up an offline build, if the offline plugin is enabled."""
    plugin = config.plugins.get("material/offline")
    if plugin is None or not plugin.config.get("enabled"):
        return
    config.use_directory_urls = False
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
    config.extra["polyfills"] = [*polyfills, OFFLINE_WORKER_SHIM]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages (never written to docs/, never committed)."""
    generated = generated_files(
        _state["ctx"],
        _state["notebooks"],
        _state["health"],
        config.site_url,
        config.use_directory_urls,
    )
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme template the kinds' labels and order (docs/overrides/main.html)."""
    env.globals["handbook_kinds"] = Markup(kinds_block())
    if "reuse" in _process:
        _process["reuse"].environment(env)
    return env


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Under `mkdocs serve`, reuse the rendering of a page whose Markdown did not change."""
    if "reuse" in _process:
        _process["reuse"].page(page)
    return page


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill markers in hand-written pages; point edit links of generated pages at the data."""
    ctx: Context = _state["ctx"]
    stash: PageStash = _state["stash"]
    if page.file.generated_by is not None:
        page.edit_url = ctx.data_edit_url or page.edit_url
        markdown = stash.lift_blocks(page.file.src_uri, markdown)
    try:
        markdown = fill_markers(markdown, page.file.src_uri, ctx)
    except ValueError as err:
        raise PluginError(str(err)) from err
    return stash.lift_data_blocks(page.file.src_uri, markdown)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Restore pre-rendered resource blocks; add Colab and download buttons to notebooks."""
    try:
        html = _state["stash"].restore(page.file.src_uri, html)
    except ValueError as err:
        raise PluginError(str(err)) from err
    ctx: Context = _state["ctx"]
    links = notebook_links(page.file.src_uri, ctx.repo_url, ctx.branch)
    return with_notebook_links(tidy_notebook_html(html), links) if links else html


# Before Material's search plugin writes its index (its on_post_build), with the entries it
# collected while the pages were built: no second pass over the written file.
@event_priority(100)
def on_post_build(config: MkDocsConfig) -> None:
    """Give each resource's and question's search entry its result subtitle (handbook.search)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    if index is None or not isinstance(getattr(index, "entries", None), list):
        return  # search plugin disabled, or not Material's
    ctx: Context = _state["ctx"]
    index.entries = annotate_entries(index.entries, ctx.handbook)


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    """Keep single interview questions out of the table of contents of generated pages.

    A question is a heading (its anchor, #question-id, is what other pages and search link
    to), so Markdown lists every one of them in the TOC: hundreds of entries on the question
    bank and on stage pages. The TOC keeps the sections and topics; the headings and their
    anchors stay. A new TOC object is made, never the rendered one changed: `mkdocs serve`
    reuses that one (see serve_reuse.py), and search has indexed the page already.
    """
    if page.file.generated_by is not None and page.toc:
        questions = {q.id for q in _state["ctx"].handbook.questions}
        page.toc = TableOfContents(_toc_without(list(page.toc), questions))
    return context


def _toc_without(items: list[AnchorLink], ids: set[str]) -> list[AnchorLink]:
    kept = []
    for item in items:
        if item.id in ids:
            continue
        pruned = copy.copy(item)  # every attribute the theme may read, children apart
        pruned.children = _toc_without(item.children, ids)
        kept.append(pruned)
    return kept
