"""What a `mkdocs serve` rebuild reuses from the rebuilds before it (never `mkdocs build`).

After an edit of resources.yaml MkDocs renders, indexes and templates every page again,
although most come out the same: Markdown rendering and Material's search indexing were two
thirds of such a rebuild, and compiling and applying the theme's templates most of the rest.
While serving, scripts/mkdocs_hook.py hands those steps to one `ServeReuse`, which keeps:
- a page's rendered HTML, while its Markdown, the set of files and mkdocs.yml are unchanged
  and its rendering logged no warning (links to anchors are still checked in every build);
- its search entries, while its HTML (less its scripts, which search skips), title, table of
  contents and front matter are unchanged, and the HTML search then leaves, while its HTML is;
- its finished page, while everything the page template shows is unchanged: its HTML, title,
  table of contents, front matter and edit link, and the site's navigation, files, mkdocs.yml
  and theme overrides;
- the compiled theme templates (Jinja checks each against its source).
tests/site/test_serve_rebuild.py checks that such a rebuild equals a fresh build, file for file.

With the hook, this is the only module that imports MkDocs (see the README's architecture).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment, Template
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# What Page.render sets besides links_to_anchors (MkDocs 1.6).
RENDERED = ("content", "toc", "_title_from_render", "present_anchor_ids")
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


class _WarningCount(logging.Handler):
    """Counts MkDocs' warnings, so a page whose rendering warned is never reused."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class TemplateCodeCache(BytecodeCache):
    """Compiled theme templates, kept in memory across rebuilds.

    MkDocs makes a new Jinja environment for every rebuild, which compiles Material's 43
    templates again. Jinja checks each entry against its template's source checksum, so an
    edited override is compiled afresh.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def _toc_key(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple((item.id, str(item.title), _toc_key(item.children)) for item in items)


def _nav_key(items: Iterable[Any]) -> tuple[Any, ...]:
    """Every title and address in the navigation (each page shows all of them)."""
    return tuple(
        (
            str(item.title),
            getattr(item, "url", None),
            _nav_key(getattr(item, "children", None) or ()),
        )
        for item in items
    )


class _ReusedOutput:
    """A page template whose finished page is reused while everything it shows is the same."""

    def __init__(self, template: Template, reuse: ServeReuse) -> None:
        self.template = template
        self.reuse = reuse

    def render(self, context: dict[str, Any]) -> str:
        page = context.get("page")
        if not isinstance(page, Page):
            return self.template.render(context)
        key = (
            self.template.name,
            self.reuse.site_key(context.get("nav")),
            page.content,
            str(page.title),
            _toc_key(page.toc),
            repr(page.meta),
            page.edit_url,
        )
        hit = self.reuse.outputs.get(page.url)
        if hit is not None and hit[0] == key:
            return hit[1]
        output = self.template.render(context)
        self.reuse.outputs[page.url] = (key, output)
        return output

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)


class ServeReuse:
    """Everything one `mkdocs serve` process keeps across its rebuilds."""

    def __init__(self) -> None:
        self.warnings = _WarningCount()
        logging.getLogger("mkdocs").addHandler(self.warnings)
        self.renders: dict[str, tuple[Any, dict[str, Any], dict[str, Any] | None]] = {}
        self.entries: dict[str, tuple[str, str, tuple[Any, ...], list[Any]]] = {}
        self.outputs: dict[str, tuple[tuple[Any, ...], str]] = {}
        self.stripped: dict[str, tuple[str, str]] = {}
        self.templates = TemplateCodeCache()
        self.files_key: tuple[Any, ...] | None = None
        self.overrides_key: tuple[Any, ...] = ()
        self.site: tuple[Any, tuple[Any, ...]] | None = None

    def start_build(self, config: MkDocsConfig) -> None:
        """Forget what belongs to the previous build; reuse its search entries from now on."""
        self.files_key = None
        self.site = None
        custom = config.theme.custom_dir
        self.overrides_key = (
            tuple(sorted((str(p), p.stat().st_mtime_ns) for p in Path(custom).rglob("*")))
            if custom
            else ()
        )
        self._reuse_search_entries(config)

    def page(self, page: Page) -> None:
        """Reuse the rendering of `page` if its Markdown did not change (see module docstring)."""
        if "render" in vars(page) or page.file.src_uri.endswith(".ipynb"):
            return  # wrapped already; notebooks: the plugin's own cache
        render = page.render

        def cached_render(config: MkDocsConfig, files: Files) -> None:
            if self.files_key is None:
                self.files_key = (
                    tuple(sorted((f.src_uri, f.url) for f in files)),
                    Path(config.config_file_path).stat().st_mtime_ns
                    if config.config_file_path
                    else None,
                )
            key = (page.markdown, self.files_key)
            uri = page.file.src_uri
            hit = self.renders.get(uri)
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
            warnings = self.warnings.count
            render(config, files)
            self.renders.pop(uri, None)
            if self.warnings.count == warnings:
                links = page.links_to_anchors
                self.renders[uri] = (
                    key,
                    {name: getattr(page, name) for name in RENDERED},
                    None
                    if links is None
                    else {target.src_uri: anchors for target, anchors in links.items()},
                )

        page.render = cached_render  # type: ignore[method-assign]

    def environment(self, env: Environment) -> None:
        """Reuse compiled templates and finished pages in this build's theme environment."""
        env.bytecode_cache = self.templates
        get_template: Callable[..., Template] = env.get_template

        def reusing_get_template(name: Any, parent: Any = None, globals: Any = None) -> Any:
            template = get_template(name, parent, globals)
            # MkDocs asks for a page's template without a parent; Jinja's own `extends` and
            # `include` pass one and get the template itself.
            if parent is None and globals is None and isinstance(template, Template):
                return _ReusedOutput(template, self)
            return template

        env.get_template = reusing_get_template  # type: ignore[method-assign]

    def site_key(self, nav: Any) -> tuple[Any, ...]:
        """What every page shows of the whole site, computed once per build."""
        if self.site is None or self.site[0] is not nav:
            self.site = (nav, (self.files_key, self.overrides_key, _nav_key(nav or ())))
        return self.site[1]

    def _reuse_search_entries(self, config: MkDocsConfig) -> None:
        plugin = next(
            (
                plugin
                for plugin in config.plugins.values()
                if isinstance(getattr(getattr(plugin, "search_index", None), "entries", None), list)
            ),
            None,
        )
        if plugin is None:
            return
        index = plugin.search_index
        add, entries = index.add_entry_from_context, self.entries

        def cached_add(page: Page) -> None:
            content = page.content or ""
            rest = (str(page.title), repr(page.meta), _toc_key(page.toc))
            hit = entries.get(page.url)
            # Same HTML (a reused rendering): no need to strip its scripts to compare it.
            if hit is not None and hit[0] == content and hit[2] == rest:
                index.entries.extend(hit[3])
                return
            searched = _SCRIPT.sub("", content)
            if hit is not None and hit[1] == searched and hit[2] == rest:
                index.entries.extend(hit[3])
                entries[page.url] = (content, *hit[1:])
                return
            start = len(index.entries)
            add(page)
            entries[page.url] = (content, searched, rest, index.entries[start:])

        index.add_entry_from_context = cached_add
        self._reuse_search_attribute_removal(config, plugin)

    def _reuse_search_attribute_removal(self, config: MkDocsConfig, plugin: Any) -> None:
        """Skip the search plugin's page_context pass over HTML it has seen before.

        After indexing a page, Material removes its data-search-* attributes with a regular
        expression over the whole page: a tenth of a rebuild, for pages that are mostly the
        same as last time. For the same HTML, the same result is put back instead (indexing
        still runs, through cached_add above).
        """
        events = config.plugins.events["page_context"]
        position = next(
            (n for n, method in enumerate(events) if method == plugin.on_page_context), None
        )
        if position is None or not plugin.config.get("enabled", True):
            return
        original, stripped = events[position], self.stripped

        def page_context(context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
            before = page.content
            hit = stripped.get(page.url)
            if before is not None and hit is not None and hit[0] == before:
                plugin.search_index.add_entry_from_context(page)
                page.content = hit[1]
                return context
            result = original(context, page=page, config=config, nav=nav)
            if before is not None and page.content is not None:
                stripped[page.url] = (before, page.content)
            return result

        events[position] = page_context
