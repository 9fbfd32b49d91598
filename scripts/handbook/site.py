"""The whole generated site: which pages exist, their Markdown, and the navigation."""

from __future__ import annotations

import html
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handbook.exports import atom_feed, resources_csv, resources_json, whats_new_page
from handbook.linkhealth import LinkHealth
from handbook.model import KINDS
from handbook.notebooks import Notebook
from handbook.render.items import Context
from handbook.render.link_health import link_health_page, resource_archives
from handbook.render.pages import catalog_page, questions_page, roadmap, stage_page, topics_page
from handbook.render.path import PATH_PAGE, continue_card, path_page

# Hand-written pages fill these markers with generated Markdown (an unknown marker is an error).
MARKER_PREFIX = "<!-- handbook:"


def find_repo_url(configured: str | None, directory: Path) -> str | None:
    """The repository's web address: `configured` if set, else the https form of the git
    remote `origin` of `directory` (None if there is none)."""
    if configured:
        return configured
    try:
        remote = subprocess.run(
            ["git", "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            check=False,
            cwd=directory,
        ).stdout.strip()
    except OSError:
        remote = ""
    if remote.startswith("git@github.com:"):
        remote = "https://github.com/" + remote.split(":", 1)[1]
    if not remote.startswith("https://"):
        return None
    return remote.removesuffix(".git")


def generated_files(
    ctx: Context,
    notebooks: list[Notebook],
    health: LinkHealth,
    site_url: str | None,
    directory_urls: bool = True,
) -> dict[str, str]:
    """Every generated file: the pages, the Link health page, data exports and the feed."""
    hb = ctx.handbook
    files = generated_pages(ctx, notebooks)
    link_health = link_health_page(health.report, health.state, resource_archives(hb))
    files.update(
        {
            "whats-new.md": whats_new_page(hb, directory_urls=ctx.directory_urls),
            "link-health.md": link_health,
            "resources.json": resources_json(hb),
            "resources.csv": resources_csv(hb),
            "feed.xml": atom_feed(hb, site_url, directory_urls=directory_urls),
        }
    )
    return files


# Material's page-level search boost (a multiplier on every match of the page). Resources
# (indexed on the catalog pages) and stages are what learners look for; a question, a notebook
# or a site page that merely mentions "SQLBolt" or "DP-100" should come after the thing itself.
# Catalog pages get 2.5 times more: Material multiplies a whole page's matches by up to 2.5 more
# than a section's, and each resource, a section of its catalog page, is shown as a result of
# its own (docs/assets/search-worker.js) that must weigh as much as a page.
SEARCH_BOOST = {"stages": 2.0, "catalog": 5.0, "topics": 0.5}


def generated_pages(ctx: Context, notebooks: list[Notebook]) -> dict[str, str]:
    """Map of docs-relative path -> Markdown for every page generated from the data."""
    hb = ctx.handbook
    pages = {f"stages/{s.id}.md": stage_page(s, ctx, notebooks) for s in hb.stages}
    pages.update({f"catalog/{KINDS[k].slug}.md": catalog_page(k, ctx) for k in hb.kinds()})
    pages["questions.md"] = questions_page(ctx)
    pages[PATH_PAGE] = path_page(ctx)
    pages["topics.md"] = topics_page(ctx)
    return {
        path: with_search_boost(markdown, SEARCH_BOOST.get(path.split("/")[0].removesuffix(".md")))
        for path, markdown in pages.items()
    }


def with_search_boost(markdown: str, boost: float | None) -> str:
    """Prepend front matter that sets Material's search boost for the page (None: leave it)."""
    return markdown if boost is None else f"---\nsearch:\n  boost: {boost}\n---\n\n{markdown}"


def fill_markers(markdown: str, page: str, ctx: Context) -> str:
    """Replace `<!-- handbook:NAME -->` markers in a hand-written page."""
    fillers = {
        "roadmap": lambda: roadmap(ctx, page),
        "stats": lambda: stats(ctx),
        "continue": lambda: continue_card(ctx, page),
    }
    out: list[str] = []
    rest = markdown
    while MARKER_PREFIX in rest:
        before, _, after = rest.partition(MARKER_PREFIX)
        name, sep, rest = after.partition("-->")
        name = name.strip()
        if not sep or name not in fillers:
            raise ValueError(
                f"{page}: unknown handbook marker '{name}'; known: {', '.join(sorted(fillers))}"
            )
        out += [before, fillers[name]()]
    return "".join(out) + rest


def stats(ctx: Context) -> str:
    """One line of counts for the home page."""
    hb = ctx.handbook
    counts = ", ".join(
        f"{sum(r.kind == k for r in hb.resources)} {KINDS[k].plural.lower()}" for k in hb.kinds()
    )
    free = sum(r.cost == "free" for r in hb.resources)
    return (
        f"{len(hb.stages)} stages, {counts} ({free} of them free) and "
        f"{len(hb.questions)} answered interview questions."
    )


def nav(ctx: Context, notebooks: list[Notebook], extra: list[dict[str, Any]]) -> list[Any]:
    """The site navigation, derived from the data so it never goes stale.

    Titles are HTML, as the site generator and theme treat them (the sidebar, the footer's
    previous/next links and the search index print them unescaped): every one is escaped here.
    """
    hb = ctx.handbook
    stages = [{f"{n}. {s.title}": f"stages/{s.id}.md"} for n, s in enumerate(hb.stages, 1)]
    catalog = [{KINDS[k].plural: f"catalog/{KINDS[k].slug}.md"} for k in hb.kinds()]
    catalog += [{"Topics": "topics.md"}]
    items: list[Any] = [{"Home": "index.md"}, {"Your path": PATH_PAGE}]
    items += [{"Roadmap": stages}, {"Catalog": catalog}, {"Interview questions": "questions.md"}]
    if notebooks:
        items.append({"Examples": [{nb.title: nb.path} for nb in notebooks]})
    return map_titles(items + extra, html.escape)


def map_titles(items: list[Any], change: Callable[[str], str]) -> list[Any]:
    """The navigation with `change` applied to every title, at every depth."""
    return [
        {
            change(title): map_titles(target, change) if isinstance(target, list) else target
            for title, target in item.items()
        }
        for item in items
    ]
