"""One resource or one interview question as a Markdown block with a stable anchor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from handbook.model import KIND_SLUG, Handbook, Question, Resource
from handbook.render.text import attr, hours, plain
from handbook.safety import sanitize


@dataclass(frozen=True)
class LinkInfo:
    """What the link checker last said about a URL."""

    verdict: str  # ok | redirected | broken | unverifiable | skipped
    last_ok: str | None = None  # ISO date the URL last answered fine
    confirmed_broken: bool = False
    final_url: str | None = None


@dataclass(frozen=True)
class Context:
    """Everything a renderer needs besides the data itself."""

    handbook: Handbook
    links: Mapping[str, LinkInfo] = field(default_factory=dict)
    repo_url: str | None = None  # e.g. https://github.com/OWNER/REPO, for edit links
    branch: str = "main"


def catalog_link(resource: Resource, from_page: str) -> str:
    """Relative link from page `from_page` (a src path) to the resource's catalog entry."""
    depth = from_page.count("/")
    return f"{'../' * depth}catalog/{KIND_SLUG[resource.kind]}.md#{resource.id}"


def stage_link(stage_id: str, from_page: str) -> str:
    """Relative link from `from_page` to a stage page."""
    return f"{'../' * from_page.count('/')}stages/{stage_id}.md"


def _marks(resource: Resource) -> list[str]:
    marks = [resource.kind, resource.level, resource.cost]
    if resource.hours is not None:
        marks.append(hours(resource.hours))
    if resource.format:
        marks.append(resource.format)
    if resource.status != "active":
        marks.append(resource.status)
    return marks


def resource_block(resource: Resource, ctx: Context, page: str, heading: str = "###") -> str:
    """A resource: heading anchored at its id, its marks, description and link."""
    data = (f'data-id="{resource.id}" data-kind="{resource.kind}" '
            f'data-level="{resource.level}" data-cost="{resource.cost}" '
            f'data-stages="{" ".join(resource.stages)}" data-topics="{" ".join(resource.topics)}"')
    badges = " ".join(f'<span class="hb-mark hb-mark--{attr(m.split()[0])}">{attr(m)}</span>'
                      for m in _marks(resource))
    lines = [f'<div class="hb-item hb-resource" {data} markdown>', "",
             f"{heading} {plain(resource.title)} {{#{resource.id}}}", "",
             f'<p class="hb-marks">{badges} <span class="hb-provider">{attr(resource.provider)}'
             "</span></p>", "", plain(resource.description), ""]
    lines += _status_lines(resource, ctx, page)
    lines += _kind_lines(resource)
    lines.append(_link_line(resource, ctx))
    lines += ["", "</div>", ""]
    return "\n".join(lines)


def _status_lines(resource: Resource, ctx: Context, page: str) -> list[str]:
    out: list[str] = []
    if resource.status in ("retired", "superseded"):
        when = f" on {resource.retired_on}" if resource.retired_on else ""
        successor = ctx.handbook.resource_by_id.get(resource.replaced_by or "")
        then = (f" Use [{plain(successor.title)}]({catalog_link(successor, page)}) instead."
                if successor else "")
        out += [f'!!! warning "{resource.status.capitalize()}{when}"', "",
                f"    This {resource.kind} is {resource.status}.{then}", ""]
    info = ctx.links.get(resource.url)
    if info and info.confirmed_broken:
        archive = resource.archive_url or f"https://web.archive.org/web/{resource.url}"
        out += ['!!! failure "Link broken"', "",
                f"    The link checker has confirmed this address is broken. Try the "
                f"[archived copy]({archive}).", ""]
    return out


def _kind_lines(resource: Resource) -> list[str]:
    facts: list[tuple[str, str]] = []
    if resource.kind == "certification":
        facts += [("Issuer", resource.issuer or ""), ("Exam code", resource.exam_code or ""),
                  ("Price", resource.price or "")]
    if resource.kind == "dataset":
        facts += [("Licence", resource.license or ""), ("Size", resource.size or ""),
                  ("Formats", ", ".join(resource.formats))]
    shown = [f"**{name}:** {plain(value)}" for name, value in facts if value]
    return [" · ".join(shown), ""] if shown else []


def _link_line(resource: Resource, ctx: Context) -> str:
    parts = [f"[Open {plain(resource.title)} ↗]({resource.url}){{ .hb-out rel=\"noopener\" }}"]
    info = ctx.links.get(resource.url)
    if info and info.last_ok:
        parts.append(f'<span class="hb-verified">link checked {info.last_ok}</span>')
    if resource.archive_url:
        parts.append(f"[archived copy]({resource.archive_url})")
    if ctx.repo_url and resource.line:
        parts.append(f"[edit]({ctx.repo_url}/edit/{ctx.branch}/resources.yaml)"
                     f"{{ title=\"Edit resources.yaml (this entry is on line {resource.line})\" }}")
    return " · ".join(parts)


def question_block(question: Question, ctx: Context, page: str, heading: str = "###") -> str:
    """An interview question: anchored heading, marks, collapsed answer and references."""
    data = (f'data-id="{question.id}" data-kind="question" data-difficulty="{question.difficulty}"'
            f' data-topic="{question.topic}" data-stages="{" ".join(question.stages)}"')
    topic = ctx.handbook.topic_by_id.get(question.topic)
    badges = (f'<span class="hb-mark hb-mark--{question.difficulty}">{question.difficulty}</span>'
              f' <span class="hb-mark hb-mark--topic">{attr(topic.title if topic else "")}'
              "</span>")
    answer = "\n".join(("    " + line) if line.strip() else "" for line in
                       sanitize(question.answer).strip().splitlines())
    refs = [ctx.handbook.resource_by_id[r] for r in question.references
            if r in ctx.handbook.resource_by_id]
    lines = [f'<div class="hb-item hb-question" {data} markdown>', "",
             f"{heading} {plain(question.question)} {{#{question.id}}}", "",
             f'<p class="hb-marks">{badges}</p>', "",
             '??? note "Show answer"', "", answer, ""]
    if refs:
        links = ", ".join(f"[{plain(r.title)}]({catalog_link(r, page)})" for r in refs)
        lines += [f"    **Study:** {links}", ""]
    lines += ["</div>", ""]
    return "\n".join(lines)
