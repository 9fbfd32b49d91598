"""The personal path: per-background plans, the path page, and the data docs/assets/path.js uses.

A stage's plan for a background (core, skim or skip, with a reason) and its core picks live
in resources.yaml; PLANS in handbook.model says how much of the core hours each plan takes.
Everything here is computed at build time, so the page reads as a complete default plan with
JavaScript off (tables per background), and path.js only adds the learner's own hours, dates,
progress and goal on top of the same numbers.
"""

from __future__ import annotations

import math
from typing import Any

from handbook.model import PLANS, Background, Stage, StagePlan
from handbook.render.items import Context, page_url
from handbook.render.text import attr, data_block, hours, plain

PATH_PAGE = "path.md"
DEFAULT_HOURS_PER_WEEK = 10


def stage_hours(ctx: Context, stage: Stage, background: str) -> float:
    """Hours a learner with `background` spends on `stage` (before any progress)."""
    plan = stage.paths.get(background)
    share = PLANS[plan.plan].share if plan else 1.0
    return ctx.handbook.core_hours(stage) * share


def default_background(ctx: Context) -> str:
    """The path shown before a learner chooses: the background that studies the most stages."""
    hb = ctx.handbook
    if not hb.backgrounds:
        return ""
    return max(
        hb.backgrounds,
        key=lambda b: sum(s.paths[b.id].plan == "core" for s in hb.stages if b.id in s.paths),
    ).id


def plan_data(ctx: Context, page: str, questions: bool = False) -> dict[str, Any]:
    """What path.js needs: stages with their core picks and plans, backgrounds, plan values.

    `questions=True` adds the question bank (ids, topics, stages) for the interview sprint.
    """
    hb = ctx.handbook
    stages = []
    for number, stage in enumerate(hb.stages, 1):
        src = f"stages/{stage.id}.md"
        core = [hb.resource_by_id[r] for r in stage.core if r in hb.resource_by_id]
        stages.append(
            {
                "id": stage.id,
                "n": number,
                "title": stage.title,
                "url": page_url(src, page, "", ctx.directory_urls),
                "coreHours": hb.core_hours(stage),
                "core": [
                    {
                        "id": r.id,
                        "title": r.title,
                        "hours": r.hours or 0,
                        "url": page_url(src, page, r.id, ctx.directory_urls),
                    }
                    for r in core
                ],
                "testOut": [
                    {"id": q, "url": page_url("questions.md", page, q, ctx.directory_urls)}
                    for q in stage.test_out
                ],
                "paths": {b: {"plan": p.plan, "why": p.why} for b, p in stage.paths.items()},
            }
        )
    data: dict[str, Any] = {
        "stages": stages,
        "defaultHoursPerWeek": DEFAULT_HOURS_PER_WEEK,
        "defaultBackground": default_background(ctx),
        "allStagesHours": sum(s.hours for s in hb.stages),
        "backgrounds": [
            {"id": b.id, "title": b.title, "description": b.description} for b in hb.backgrounds
        ],
        "plans": {
            p.id: {"label": p.label, "share": p.share, "advice": p.advice} for p in PLANS.values()
        },
        "pathUrl": page_url(PATH_PAGE, page, "", ctx.directory_urls),
        "questionsUrl": page_url("questions.md", page, "", ctx.directory_urls),
    }
    if questions:
        data["questions"] = [
            {"id": q.id, "topic": q.topic, "stages": list(q.stages)} for q in hb.questions
        ]
        data["topics"] = {t.id: t.title for t in hb.topics}
    return data


def plan_block(ctx: Context, page: str, questions: bool = False) -> str:
    """The plan data, for docs/assets/path.js (see text.data_block)."""
    return data_block("hb-plan", plan_data(ctx, page, questions))


EVERYONE = Background("", "Everyone", "Every stage in full.")


def _static_plan(ctx: Context, background: Background) -> list[str]:
    """One background's default plan as a Markdown table (weeks at the default pace)."""
    hb = ctx.handbook
    rows = ["| # | Stage | Plan | Why | Hours | Weeks |", "| ---: | --- | --- | --- | ---: | --- |"]
    week, total = 0.0, 0.0
    for number, stage in enumerate(hb.stages, 1):
        plan = stage.paths.get(background.id) or StagePlan("core", PLANS["core"].advice)
        spent = stage_hours(ctx, stage, background.id)
        start, week = week, week + spent / DEFAULT_HOURS_PER_WEEK
        total += spent
        first, last = math.floor(start) + 1, max(math.ceil(week), math.floor(start) + 1)
        weeks = "—" if not spent else str(first) if first == last else f"{first}–{last}"
        rows.append(
            f"| {number} | [{plain(stage.title)}](stages/{stage.id}.md) | "
            f"{PLANS[plan.plan].label} | {plain(plan.why)} | {hours(spent) or '0 h'} | "
            f"{weeks} |"
        )
    rows += [
        "",
        f"**{hours(total)} in all, about {math.ceil(week)} weeks at "
        f"{DEFAULT_HOURS_PER_WEEK} hours a week.**",
        "",
    ]
    return rows


def path_page(ctx: Context) -> str:
    """path.md: the planner (path.js) over static default plans for every background."""
    hb = ctx.handbook
    every = sum(hb.core_hours(s) for s in hb.stages)
    out = [
        "# Your path",
        "",
        "Tell the handbook where you start from and how much time you have: it orders the "
        "stages for you, says which to study, skim or skip and why, and dates each "
        "milestone. Your choice stays in this browser and in the page address, so a link "
        "reproduces the plan.",
        "",
        '<div class="hb-path" data-search-exclude></div>',
        "",
        plan_block(ctx, PATH_PAGE, questions=True),
        "",
        "## Default plans {#hb-default-plans}",
        "",
        f"Every stage's core picks add up to {hours(every)}. Skimming a stage takes about "
        f"{round(PLANS['skim'].share * 100)}% of its core hours; a skipped stage takes none, "
        "once you have answered its test-out questions. The weeks below assume "
        f"{DEFAULT_HOURS_PER_WEEK} hours a week.",
        "",
    ]
    for background in hb.backgrounds or (EVERYONE,):
        out += [
            f"### {plain(background.title)} {{#hb-path-{background.id or 'everyone'}}}",
            "",
            plain(background.description),
            "",
        ]
        out += _static_plan(ctx, background)
    if any(stage.test_out for stage in hb.stages):
        out += [
            "## Test out of a stage {#hb-test-out}",
            "",
            "Answer a stage's test-out questions in practice mode. If you knew them all, "
            "skip the stage with a clear conscience.",
            "",
        ]
    for number, stage in enumerate(hb.stages, 1):
        if stage.test_out:
            links = ", ".join(
                f"[{plain(question_text(ctx, q))}](questions.md#{q})" for q in stage.test_out
            )
            out.append(f"- **{number}. {plain(stage.title)}:** {links}")
    return "\n".join(out) + "\n"


def question_text(ctx: Context, question_id: str) -> str:
    """The text of a question, by id."""
    return next((q.question for q in ctx.handbook.questions if q.id == question_id), question_id)


def continue_card(ctx: Context, page: str) -> str:
    """The home page's "continue" card: the first core pick until path.js knows better."""
    first = next(
        (
            ctx.handbook.resource_by_id[r]
            for s in ctx.handbook.stages
            for r in s.core
            if r in ctx.handbook.resource_by_id
        ),
        None,
    )
    if first is None:
        return ""
    stage = next(s for s in ctx.handbook.stages if first.id in s.core)
    href = page_url(f"stages/{stage.id}.md", page, first.id, ctx.directory_urls)
    path = page_url(PATH_PAGE, page, "", ctx.directory_urls)
    return (
        f'<div class="hb-continue" data-search-exclude><p class="hb-continue__label">'
        f'Start here</p><p class="hb-continue__item"><a href="{href}">{attr(first.title)}'
        f'</a> <span class="hb-continue__stage">{attr(stage.title)}</span></p>'
        f'<p class="hb-continue__path"><a href="{path}">Plan your path</a>: your '
        f"background, hours per week and a dated plan.</p></div>\n\n"
        f"{plan_block(ctx, page)}\n"
    )


def next_up(ctx: Context, stage: Stage, page: str) -> str:
    """A stage page's "next up" box: the stage's first core pick until path.js knows better."""
    first = next(
        (ctx.handbook.resource_by_id[r] for r in stage.core if r in ctx.handbook.resource_by_id),
        None,
    )
    if first is None:
        return ""
    tests = " · ".join(f'<a href="#{q}">{number}</a>' for number, q in enumerate(stage.test_out, 1))
    test_out = (
        (
            f'<p class="hb-next__test">Can you skip this stage? Answer its test-out '
            f"questions ({tests}); mark each one you knew in practice mode and your path "
            "counts the stage as done.</p>"
        )
        if stage.test_out
        else ""
    )
    return (
        f'<div class="hb-next" data-stage="{stage.id}" data-search-exclude>'
        f'<p class="hb-next__label">Next up</p><p class="hb-next__item">'
        f'<a href="#{first.id}">{attr(first.title)}</a></p>{test_out}</div>\n\n'
        f"{plan_block(ctx, page)}\n"
    )
