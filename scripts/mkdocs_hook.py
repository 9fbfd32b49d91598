"""The only file that imports MkDocs: it loads the data once and hands pages to MkDocs.

Everything it calls is plain Python in scripts/handbook, so a move to another site
generator only has to replace this file.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
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
from handbook.load import HandbookError, data_path, load_handbook
from handbook.model import Handbook
from handbook.notebooks import Notebook, find_notebooks
from handbook.render.blocks import lift_blocks, restore_blocks
from handbook.render.items import Context
from handbook.render.notebook_page import notebook_links, tidy_notebook_html, with_notebook_links
from handbook.render.pages import kinds_script
from handbook.site import fill_markers, find_repo_url, generated_files, map_titles, nav

_state: dict[str, Any] = {}
# MkDocs imports a hook once per process, so under `mkdocs serve` what is kept here outlives a
# rebuild: the command that started the process, the last data file loaded and, while serving,
# pages rendered and indexed by earlier rebuilds (see _reuse_rendering).
_process: dict[str, Any] = {"command": "build", "loaded": None}
# What Page.render sets besides links_to_anchors (MkDocs 1.6), kept for a page whose Markdown
# did not change.
RENDERED = ("content", "toc", "_title_from_render", "present_anchor_ids")
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


class _WarningCount(logging.Handler):
    """Counts MkDocs' warnings, so a page whose rendering warned is never reused."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process serves (and rebuilds) or builds once."""
    _process["command"] = command
    if command == "serve" and "warnings" not in _process:
        warnings = _WarningCount()
        logging.getLogger("mkdocs").addHandler(warnings)
        _process.update(warnings=warnings, renders={}, entries={})


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
    if _process["command"] == "serve":
        _reuse_search_entries(config)
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
    _state.update(
        ctx=ctx, notebooks=notebooks, health=health, blocks={}, scripts={}, files_key=None
    )
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
    env.globals["handbook_kinds"] = Markup(kinds_script())
    return env


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Under `mkdocs serve`, reuse the rendering of a page whose Markdown did not change."""
    if (
        _process["command"] == "serve"
        and "render" not in vars(page)
        and not page.file.src_uri.endswith(".ipynb")
    ):  # notebooks: the plugin's own cache
        _reuse_rendering(page)
    return page


# Why a `mkdocs serve` rebuild reuses pages: after an edit of resources.yaml MkDocs renders and
# indexes every page again, although most come out the same, and Markdown rendering and
# Material's search indexing were two thirds of a rebuild. While serving (never in `mkdocs
# build`), a page's HTML is reused when its Markdown, the set of files and mkdocs.yml are
# unchanged and its rendering logged no warning; its search entries are reused when its HTML
# (less its scripts, which search skips), title, table of contents and front matter are
# unchanged. Links to anchors are still checked against this build's pages.
def _reuse_rendering(page: Page) -> None:
    render, renders = page.render, _process["renders"]

    def cached_render(config: MkDocsConfig, files: Files) -> None:
        if _state["files_key"] is None:
            _state["files_key"] = (
                tuple(sorted((f.src_uri, f.url) for f in files)),
                Path(config.config_file_path).stat().st_mtime_ns
                if config.config_file_path
                else None,
            )
        key = (page.markdown, _state["files_key"])
        uri = page.file.src_uri
        hit = renders.get(uri)
        if hit is not None and hit[0] == key:
            for name, value in hit[1].items():
                setattr(page, name, value)
            if hit[2] is not None:
                page.links_to_anchors = {
                    target: links
                    for path, links in hit[2].items()
                    if (target := files.get_file_from_path(path))
                }
            return
        warnings = _process["warnings"].count
        render(config, files)
        renders.pop(uri, None)
        if _process["warnings"].count == warnings:
            links = page.links_to_anchors
            renders[uri] = (
                key,
                {name: getattr(page, name) for name in RENDERED},
                None
                if links is None
                else {target.src_uri: anchors for target, anchors in links.items()},
            )

    page.render = cached_render  # type: ignore[method-assign]


_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
# The data scripts (plan, manifest) are kept out of the Markdown converter like resource blocks:
# they are finished, and a change of a core pick's title then leaves other pages' Markdown alone.
_DATA_SCRIPT = re.compile(r'<script type="application/json" id="([a-z-]+)">.*?</script>', re.DOTALL)


def _lift_data_scripts(markdown: str) -> tuple[str, dict[str, str]]:
    scripts: dict[str, str] = {}

    def lift(match: re.Match[str]) -> str:
        scripts[match.group(1)] = match.group(0)
        return f"<!--hb-data:{match.group(1)}-->"

    return _DATA_SCRIPT.sub(lift, markdown), scripts


def _restore_data_scripts(html: str, scripts: dict[str, str]) -> str:
    for name, script in scripts.items():
        placeholder = f"<!--hb-data:{name}-->"
        if placeholder not in html:
            raise PluginError(f"the {name} data script was lost in the Markdown conversion")
        html = html.replace(placeholder, script, 1)
    return html


def _toc_key(items: Any) -> tuple[Any, ...]:
    return tuple((item.id, str(item.title), _toc_key(item.children)) for item in items)


def _reuse_search_entries(config: MkDocsConfig) -> None:
    index = next(
        (
            plugin.search_index
            for plugin in config.plugins.values()
            if getattr(plugin, "search_index", None) is not None
        ),
        None,
    )
    if index is None or not isinstance(getattr(index, "entries", None), list):
        return
    add, entries = index.add_entry_from_context, _process["entries"]

    def cached_add(page: Page) -> None:
        key = (
            _SCRIPT.sub("", page.content or ""),
            str(page.title),
            repr(page.meta),
            _toc_key(page.toc),
        )
        hit = entries.get(page.url)
        if hit is not None and hit[0] == key:
            index.entries.extend(hit[1])
            return
        start = len(index.entries)
        add(page)
        entries[page.url] = (key, index.entries[start:])

    index.add_entry_from_context = cached_add


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill markers in hand-written pages; point edit links of generated pages at the data."""
    ctx: Context = _state["ctx"]
    if page.file.generated_by is not None:
        if ctx.repo_url:
            page.edit_url = f"{ctx.repo_url}/edit/{ctx.branch}/resources.yaml"
        markdown, _state["blocks"][page.file.src_uri] = lift_blocks(markdown)
    try:
        markdown = fill_markers(markdown, page.file.src_uri, ctx)
    except ValueError as err:
        raise PluginError(str(err)) from err
    markdown, _state["scripts"][page.file.src_uri] = _lift_data_scripts(markdown)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Restore pre-rendered resource blocks; add Colab and download buttons to notebooks."""
    html = restore_blocks(html, _state["blocks"].pop(page.file.src_uri, {}))
    html = _restore_data_scripts(html, _state["scripts"].pop(page.file.src_uri, {}))
    ctx: Context = _state["ctx"]
    links = notebook_links(page.file.src_uri, ctx.repo_url, ctx.branch)
    return with_notebook_links(tidy_notebook_html(html), links) if links else html
