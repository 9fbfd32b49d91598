"""Whole pages: roadmap, stages, catalogs per kind, question bank, topics."""

from __future__ import annotations

import json
from collections import defaultdict

from handbook.model import KINDS, Question, Resource, Stage
from handbook.notebooks import Notebook
from handbook.render.blocks import raw_block
from handbook.render.diagram import roadmap_nodes
from handbook.render.items import (
    Context,
    _external,
    catalog_link,
    page_url,
    question_block,
    resource_block,
    stage_link,
)
from handbook.render.lists import resource_links
from handbook.render.math import render_markdown
from handbook.render.path import next_up
from handbook.render.text import attr, data_block, hours, plain


def filter_marker(scope: str, ctx: Context, stage: str | None = None) -> str:
    """The filter placeholder, carrying stage and topic titles for the filter's labels.

    On a stage page (`stage` given) the filter offers no other stage: every item listed there
    belongs to that stage, and one shared with another stage would otherwise bring that stage
    into the stage filter. handbook.js reads `data-stage` and leaves the stage filter out.
    """
    hb = ctx.handbook
    stages = [(n, s) for n, s in enumerate(hb.stages, 1) if stage in (None, s.id)]
    labels = {
        "stage": {s.id: f"{n}. {s.title}" for n, s in stages},
        "stageOrder": [s.id for _, s in stages],
        "topic": {t.id: t.title for t in hb.topics},
        "topicOrder": [t.id for t in hb.topics],
    }
    data = attr(json.dumps(labels, separators=(",", ":"), ensure_ascii=False))
    only = f' data-stage="{stage}"' if stage else ""
    return f'<div class="hb-filters" data-scope="{scope}"{only} data-labels="{data}"></div>'


def kinds_block() -> str:
    """The kinds' labels and display order, for the filters (docs/assets/handbook.js has no
    list of its own). The same on every page: the theme template writes it once per page."""
    data = {"kind": {kind.id: kind.label for kind in KINDS.values()}, "kindOrder": list(KINDS)}
    return data_block("hb-kinds", data)


def progress_manifest(ctx: Context) -> str:
    """Which item ids belong to which stage, for the progress bars on the roadmap.

    A data block: `stages` in roadmap order, `items` maps each resource and question id to the
    indexes of its stages.
    """
    hb = ctx.handbook
    index = {s.id: n for n, s in enumerate(hb.stages)}
    items: dict[str, list[int]] = {}
    for entry_id, stages in [(r.id, r.stages) for r in hb.resources] + [
        (q.id, q.stages) for q in hb.questions
    ]:
        items[entry_id] = [index[s] for s in stages if s in index]
    return data_block("hb-manifest", {"stages": [s.id for s in hb.stages], "items": items})


def roadmap(ctx: Context, page: str) -> str:
    """The roadmap: linked stage nodes with progress bars, then the progress panel."""
    hb = ctx.handbook
    hrefs = {s.id: page_url(f"stages/{s.id}.md", page, "", ctx.directory_urls) for s in hb.stages}
    nodes = roadmap_nodes(hb.stages, hrefs, {s.id: hb.core_hours(s) for s in hb.stages})
    return (
        "\n".join(
            [nodes, "", '<div class="hb-progress-panel"></div>', "", progress_manifest(ctx), ""]
        )
        + "\n"
    )


def usable_pick(stage: Stage, chosen: str, ctx: Context) -> Resource | None:
    """The stage's pick, unless its link is confirmed broken: then the first free, active,
    working resource of the stage (same kind preferred) stands in until a maintainer fixes it;
    None if there is none, so a broken link is never offered as the place to start."""
    hb = ctx.handbook
    pick = hb.resource_by_id[chosen]

    def broken(resource: Resource) -> bool:
        info = ctx.links.get(resource.url)
        return bool(info and info.confirmed_broken)

    if not broken(pick):
        return pick
    candidates = [
        r
        for r in hb.resources_in_stage(stage.id)
        if r.cost == "free" and r.status == "active" and not broken(r)
    ]
    candidates.sort(key=lambda r: r.kind != pick.kind)
    return candidates[0] if candidates else None


def _pick(label: str, kind: str, resource: Resource | None, page: str, stage: Stage) -> list[str]:
    if resource is None:
        return []
    # The stage page lists every resource of the stage: "details" stays on it (an anchor
    # below) rather than opening the kind's whole catalog.
    details = f"#{resource.id}" if stage.id in resource.stages else catalog_link(resource, page)
    # The admonition title is parsed as Markdown: escape it as plain text, not as an attribute.
    return [
        f'!!! {kind} "{label}: {plain(resource.title)}"',
        "",
        f"    {plain(resource.description)}",
        "",
        f"    [Open it ↗]({resource.url}) · [details]({details})",
        "",
    ]


def stage_page(stage: Stage, ctx: Context, notebooks: list[Notebook]) -> str:
    """One roadmap stage: summary, outcomes, picks, examples, resources by kind, questions."""
    hb = ctx.handbook
    page = f"stages/{stage.id}.md"
    number = hb.stages.index(stage) + 1
    out = [
        f"# {number}. {plain(stage.title)}",
        "",
        f'<p class="hb-stage-meta">About {hours(stage.hours)} · '
        f'<span class="hb-progress" data-stage="{stage.id}"></span></p>',
        "",
        next_up(ctx, stage, page),
        raw_block(render_markdown(stage.summary)),
        "",
        "## What you will be able to do {#hb-outcomes}",
        "",
    ]
    out += [f"- {plain(o)}" for o in stage.outcomes] + [""]
    if stage.prerequisites:
        links = ", ".join(
            f"[{plain(hb.stage_by_id[p].title)}]({p}.md)" for p in stage.prerequisites
        )
        out += ["## Before you start {#hb-prerequisites}", "", f"Finish {links} first.", ""]
    checklist = print_checklist(stage, ctx)
    if checklist:
        out += [checklist, ""]
    out += ["## Start here {#hb-start}", ""]
    out += _pick("Read one", "tip", usable_pick(stage, stage.read, ctx), page, stage)
    out += _pick("Do one", "example", usable_pick(stage, stage.do, ctx), page, stage)
    mine = [nb for nb in notebooks if nb.stage == stage.id]
    if mine:
        out += ["## Run the examples {#hb-examples}", ""]
        out += [f"- [{plain(nb.title)}](../{nb.path}) — {plain(nb.summary)}" for nb in mine]
        out.append("")
    resources = hb.resources_in_stage(stage.id)
    out += ["## Resources {#hb-resources}", "", filter_marker("resources", ctx, stage.id), ""]
    by_kind: dict[str, list[Resource]] = defaultdict(list)
    for resource in resources:
        by_kind[resource.kind].append(resource)
    for kind in hb.kinds():
        if by_kind[kind]:
            out += [f"### {KINDS[kind].plural} {{#hb-{KINDS[kind].slug}}}", ""]
            out += [
                resource_block(r, ctx, page, "h4", search=False) for r in _ordered(by_kind[kind])
            ]
    questions = hb.questions_in_stage(stage.id)
    if questions:
        out += ["## Interview questions {#hb-questions}", ""]
        out += [question_block(q, ctx, page, search=False) for q in questions]
    return "\n".join(out)


# ---- Print (issue 14): what a stage page becomes on paper ----------------------------------
def print_checklist(stage: Stage, ctx: Context) -> str:
    """The stage's core picks as a checklist with a box per item, shown only in print.

    On paper a stage is a to-do list: handbook.css hides the rest of the page's resources
    and its questions there, and handbook.js ticks the boxes of items already marked done.
    """
    hb = ctx.handbook
    core = [hb.resource_by_id[r] for r in stage.core if r in hb.resource_by_id]
    if not core:
        return ""
    items = []
    for resource in core:
        facts = " · ".join(
            part for part in (resource.kind, hours(resource.hours), resource.provider) if part
        )
        link = _external(resource.url, resource.title, "hb-checklist__link")
        items.append(
            f'<li data-id="{resource.id}"><span class="hb-checklist__box" aria-hidden="true">'
            f'\u2610</span> {link} <span class="hb-checklist__facts">{attr(facts)}</span></li>'
        )
    return raw_block(
        '<section class="hb-checklist hb-print-only" data-search-exclude>'
        f'<p class="hb-checklist__title">Checklist: the core of this stage, about '
        f"{hours(hb.core_hours(stage))}</p><ul>{''.join(items)}</ul></section>"
    )


def _ordered(resources: list[Resource]) -> list[Resource]:
    """Free before paid, beginner before advanced, active before retired; stable otherwise."""
    level = {"beginner": 0, "intermediate": 1, "advanced": 2}
    cost = {"free": 0, "freemium": 1, "paid": 2}
    return sorted(resources, key=lambda r: (r.status != "active", level[r.level], cost[r.cost]))


def catalog_page(kind: str, ctx: Context) -> str:
    """Every resource of one kind, grouped by its first stage."""
    hb = ctx.handbook
    page = f"catalog/{KINDS[kind].slug}.md"
    mine = [r for r in hb.resources if r.kind == kind]
    out = [
        f"# {KINDS[kind].plural}",
        "",
        f"{len(mine)} {KINDS[kind].plural.lower()}, grouped by the roadmap stage they belong to "
        "first. Every entry has a stable link: share it or bookmark it.",
        "",
        filter_marker("resources", ctx),
        "",
    ]
    if KINDS[kind].compare and mine:
        out += [raw_block(comparison_table(kind, mine, ctx, page)), ""]
    by_stage: dict[str, list[Resource]] = defaultdict(list)
    for resource in mine:
        by_stage[resource.stages[0]].append(resource)
    for stage in hb.stages:
        if by_stage[stage.id]:
            out += [
                f"## {plain(stage.title)} {{#hb-stage-{stage.id}}}",
                "",
                f"[Go to the stage]({stage_link(stage.id, page)})",
                "",
            ]
            out += [resource_block(r, ctx, page) for r in _ordered(by_stage[stage.id])]
    return "\n".join(out)


# ---- Comparison table (catalogs of kinds with `compare` columns, e.g. certifications) ----

NOT_STATED = "Not stated"
_LEVELS = ("beginner", "intermediate", "advanced")


def comparison_table(kind: str, resources: list[Resource], ctx: Context, page: str) -> str:
    """One row per resource of the kind, its `compare` columns side by side.

    Each row names its resource (`data-for`): handbook.js hides the row whenever the filters
    hide the resource's entry, so the table follows the same filters. Values come from the
    data only; a value resources.yaml does not record is shown as "Not stated". Kept out of
    the search index: the entries below are indexed already.
    """
    spec = KINDS[kind]
    heads = ["Name", *(c.label for c in spec.compare), "Status", "Level"]
    rows = []
    ordered = sorted(
        resources,
        key=lambda r: (
            (r.issuer or "").lower(),
            r.status != "active",
            _LEVELS.index(r.level) if r.level in _LEVELS else len(_LEVELS),
            r.title.lower(),
        ),
    )
    for resource in ordered:
        cells = [f'<th scope="row"><a href="#{resource.id}">{attr(resource.title)}</a></th>']
        for column in spec.compare:
            value = getattr(resource, column.name, None)
            text = ", ".join(map(str, value)) if isinstance(value, tuple) else value
            cls = f"hb-compare__{column.name.replace('_', '-')}"
            cells.append(
                f'<td class="{cls}">{attr(str(text))}</td>'
                if text
                else f'<td class="{cls} hb-unstated">{NOT_STATED}</td>'
            )
        cells.append(f"<td>{_status_cell(resource, ctx, page)}</td>")
        cells.append(f"<td>{attr(resource.level.capitalize())}</td>")
        rows.append(f'<tr data-for="{resource.id}">{"".join(cells)}</tr>')
    head = "".join(f'<th scope="col">{attr(h)}</th>' for h in heads)
    caption = (
        f"Compare {len(resources)} {spec.plural.lower()} at a glance. “{NOT_STATED}”: the "
        "handbook does not record that value. Each name links to the full entry below."
    )
    return (
        f'<div class="hb-compare" data-search-exclude role="region" tabindex="0" '
        f'aria-label="{attr(spec.plural)} compared">\n'
        f'<table class="hb-compare__table">\n<caption>{attr(caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + f'\n<tr class="hb-compare__none" hidden><td colspan="{len(heads)}">'
        f"No {spec.label.lower()} matches these filters.</td></tr>" + "\n</tbody>\n</table>\n</div>"
    )


def _status_cell(resource: Resource, ctx: Context, page: str) -> str:
    """ "Active", or "Retired on <date> → <successor>" linking to the successor's entry."""
    if resource.status == "active":
        return "Active"
    text = attr(resource.status.capitalize())
    if resource.retired_on:
        text += f" on {attr(resource.retired_on)}"
    successor = ctx.handbook.resource_by_id.get(resource.replaced_by or "")
    if successor and successor.kind == resource.kind:
        text += f' → <a href="#{successor.id}">{attr(successor.title)}</a>'
    elif successor:
        src = f"catalog/{KINDS[successor.kind].slug}.md"
        href = attr(page_url(src, page, successor.id, ctx.directory_urls))
        text += f' → <a href="{href}">{attr(successor.title)}</a>'
    return text


def questions_page(ctx: Context) -> str:
    """The interview question bank grouped by topic, answers collapsed."""
    hb = ctx.handbook
    page = "questions.md"
    by_topic: dict[str, list[Question]] = defaultdict(list)
    for question in hb.questions:
        by_topic[question.topic].append(question)
    out = [
        "# Interview questions",
        "",
        f"{len(hb.questions)} questions, every one answered. Try each before you open the "
        "answer; mark the ones you knew.",
        "",
        # One set of controls: the filter above chooses what the list shows and what
        # practice draws from (docs/assets/handbook.js, "interview practice").
        filter_marker("questions", ctx),
        "",
        '<div class="hb-practice" data-scope="questions"></div>',
        "",
    ]
    for topic in hb.topics:
        if by_topic[topic.id]:
            out += [f"## {plain(topic.title)} {{#hb-topic-{topic.id}}}", ""]
            out += [question_block(q, ctx, page) for q in by_topic[topic.id]]
    return "\n".join(out)


def topics_page(ctx: Context) -> str:
    """Each topic with links to its resources and questions."""
    hb = ctx.handbook
    page = "topics.md"
    resources: dict[str, list[Resource]] = defaultdict(list)
    for resource in hb.resources:
        for topic_id in resource.topics:
            resources[topic_id].append(resource)
    questions: dict[str, int] = defaultdict(int)
    for question in hb.questions:
        questions[question.topic] += 1
    out = [
        "# Topics",
        "",
        "Every resource is tagged with topics from one controlled vocabulary.",
        "",
    ]
    for topic in hb.topics:
        out += [f"## {plain(topic.title)} {{#{topic.id}}}", ""]
        if topic.description:
            out += [plain(topic.description), ""]
        if resources[topic.id]:
            # The titles are indexed on the catalog pages already: keep the lists out of search.
            entries = [(r, f" · {r.kind} · {r.level} · {r.cost}") for r in resources[topic.id]]
            wrapper = '<div class="hb-topic-list" data-search-exclude>'
            out += [resource_links(entries, page, wrapper, ctx.directory_urls), ""]
        if questions[topic.id]:
            out.append(
                f"- [{questions[topic.id]} interview questions](questions.md#hb-topic-{topic.id})"
            )
        if not resources[topic.id] and not questions[topic.id]:
            out.append("No resources are tagged with this topic yet.")
        out.append("")
    return "\n".join(out)
