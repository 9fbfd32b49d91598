"""One resource or one interview question as a Markdown block with a stable anchor."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from handbook.model import KINDS, Handbook, Question, Resource
from handbook.render.blocks import raw_block
from handbook.render.math import render_markdown
from handbook.render.text import attr, hours, plain

_OPEN_TAG = re.compile(r"^<([a-z][a-z0-9]*)")


@dataclass(frozen=True)
class LinkInfo:
    """What the link checker last found about a URL, as far as resource pages show it."""

    last_ok: str | None = None  # ISO date the URL last answered fine
    confirmed_broken: bool = False


@dataclass(frozen=True)
class Context:
    """Everything a renderer needs besides the data itself."""

    handbook: Handbook
    links: Mapping[str, LinkInfo] = field(default_factory=dict)
    repo_url: str | None = None  # e.g. https://github.com/OWNER/REPO, for edit links
    branch: str = "main"
    # False in the offline build: pages are files (catalog/readings.html), see page_url.
    directory_urls: bool = True

    @property
    def data_edit_url(self) -> str | None:
        """Where a contributor edits the data (every generated page's edit link), if known."""
        return f"{self.repo_url}/edit/{self.branch}/resources.yaml" if self.repo_url else None


def catalog_link(resource: Resource, from_page: str) -> str:
    """Relative link from page `from_page` (a src path) to the resource's catalog entry."""
    depth = from_page.count("/")
    return f"{'../' * depth}catalog/{KINDS[resource.kind].slug}.md#{resource.id}"


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


def page_url(src: str, from_page: str, anchor: str = "", directory_urls: bool = True) -> str:
    """Relative URL of built page `src` (e.g. catalog/readings.md) as seen from `from_page`.

    Raw HTML links are not rewritten by the site generator, so resource blocks compute the
    directory-style URLs (`catalog/readings/`) themselves; with `directory_urls=False` (the
    offline build, opened from disk) the file-style ones (`catalog/readings.html`).
    """
    if not directory_urls:
        return _file_url(src, from_page, anchor)
    target = src.removesuffix(".md").removesuffix("index").rstrip("/")
    here = from_page.removesuffix(".md").removesuffix("index").rstrip("/")
    depth = here.count("/") + 1 if here else 0
    url = "../" * depth + (target + "/" if target else "")
    return url + (f"#{anchor}" if anchor else "") or "./"


def _file_url(src: str, from_page: str, anchor: str) -> str:
    """page_url for a site built without directory URLs: every page is a .html file."""
    target = src.removesuffix(".md") + ".html"
    depth = from_page.count("/")
    return "../" * depth + target + (f"#{anchor}" if anchor else "")


def _safe_href(url: str) -> str | None:
    return attr(url) if url.lower().startswith(("http://", "https://")) else None


def _external(url: str, text: str, cls: str = "hb-out") -> str:
    href = _safe_href(url)
    label = attr(text)
    return f'<a class="{cls}" href="{href}" rel="noopener">{label}</a>' if href else label


def resource_block(
    resource: Resource, ctx: Context, page: str, heading: str = "h3", *, search: bool = True
) -> str:
    """A resource as one HTML block: heading anchored at its id, marks, description, link.

    Plain HTML (every value escaped) rather than Markdown: it renders ~10x faster, which
    matters for catalogs of thousands of entries, and contributors' text cannot inject markup.
    `search=False` keeps a copy (e.g. on a stage page) out of the search index, so each
    resource is indexed once, on its catalog page.
    """
    data = (
        f'data-id="{resource.id}" data-kind="{resource.kind}" '
        f'data-level="{resource.level}" data-cost="{resource.cost}" '
        f'data-stages="{" ".join(resource.stages)}" data-topics="{" ".join(resource.topics)}"'
    )
    # Marks (kind, level, cost...) stay out of the search index: they match half the site.
    badges = " ".join(
        f'<span class="hb-mark hb-mark--{attr(m.split()[0])}" data-search-exclude>{attr(m)}</span>'
        for m in _marks(resource)
    )
    parts = [
        f'<{heading} id="{resource.id}">{attr(resource.title)}<a class="headerlink" '
        f'href="#{resource.id}" title="Permanent link">&para;</a></{heading}>',
        f'<p class="hb-marks">{badges}{_SEP}<span class="hb-provider">{attr(resource.provider)}'
        f"</span>{_topics_html(resource, ctx)}</p>",
        f'<p class="hb-description">{attr(" ".join(resource.description.split()))}</p>',
    ]
    parts += _status_html(resource, ctx, page)
    parts += _kind_html(resource)
    parts.append(f'<p class="hb-links" data-search-exclude>{_links_html(resource, ctx)}</p>')
    if not search:
        parts = [_search_exclude(part) for part in parts]
    return "\n".join([f'<div class="hb-item hb-resource" {data}>', *parts, "</div>"]) + "\n"


# Between the marks, the provider and the topics, which otherwise read as one run of words
# ("Python Software Foundation Topics: Python"); hidden from screen readers and search.
_SEP = ' <span class="hb-sep" aria-hidden="true" data-search-exclude>·</span> '


def _search_exclude(html: str) -> str:
    """Mark a top-level element of an item as not indexed.

    Each child is marked rather than the item's <div>: Material's search parser matches
    excluded elements by tag name, so an excluded <div> containing another <div> (an
    admonition) would end the exclusion early and crash the parser.
    """
    if "data-search-exclude" in html.split(">", 1)[0]:
        return html
    return _OPEN_TAG.sub(r"<\1 data-search-exclude", html, count=1)


def _topics_html(resource: Resource, ctx: Context) -> str:
    """Topic titles, shown and indexed so a search for a topic reaches its resources."""
    titles = [
        ctx.handbook.topic_by_id[t].title for t in resource.topics if t in ctx.handbook.topic_by_id
    ]
    if not titles:
        return ""
    # The label is kept out of the index: otherwise every resource matches "topic".
    return (
        f'{_SEP}<span class="hb-topics"><span data-search-exclude>Topics:</span> '
        f"{attr(', '.join(titles))}</span>"
    )


def _admonition(kind: str, title: str, body: str) -> str:
    return (
        f'<div class="admonition {kind}"><p class="admonition-title">{title}</p><p>{body}</p></div>'
    )


def _status_html(resource: Resource, ctx: Context, page: str) -> list[str]:
    out: list[str] = []
    if resource.status in ("retired", "superseded"):
        when = f" on {attr(resource.retired_on)}" if resource.retired_on else ""
        successor = ctx.handbook.resource_by_id.get(resource.replaced_by or "")
        then = ""
        if successor:
            href = page_url(
                f"catalog/{KINDS[successor.kind].slug}.md", page, successor.id, ctx.directory_urls
            )
            then = f' Use <a href="{href}">{attr(successor.title)}</a> instead.'
        out.append(
            _admonition(
                "warning",
                f"{resource.status.capitalize()}{when}",
                f"This {resource.kind} is {resource.status}.{then}",
            )
        )
    info = ctx.links.get(resource.url)
    if info and info.confirmed_broken:
        archive = resource.archive_url or f"https://web.archive.org/web/{resource.url}"
        copy = _external(archive, "archived copy")
        out.append(
            _admonition(
                "failure",
                "Link broken",
                f"The link checker has confirmed this address is broken. Try the {copy}.",
            )
        )
    return out


def _fact(value: object) -> str:
    """A kind-only field's value as its card shows it ('' when unset)."""
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def _kind_html(resource: Resource) -> list[str]:
    """The kind-only fields (a dataset's licence, a certification's issuer...) that are set."""
    shown: list[str] = []
    for extra in KINDS[resource.kind].fields:
        text = _fact(getattr(resource, extra.name))
        if text:
            shown.append(f"<strong>{extra.label}:</strong> {attr(text)}")
    return [f'<p class="hb-facts">{" · ".join(shown)}</p>'] if shown else []


def _open_link(resource: Resource) -> str:
    """ "Open <title> ↗"; the compact view shows "Open ↗", the title being on the same line
    (the title stays in the link's name for screen readers)."""
    href = _safe_href(resource.url)
    title = attr(resource.title)
    if not href:
        return f"Open {title} ↗"
    return (
        f'<a class="hb-out" href="{href}" rel="noopener">Open '
        f'<span class="hb-out__title">{title}</span> ↗</a>'
    )


def _links_html(resource: Resource, ctx: Context) -> str:
    parts = [_open_link(resource)]
    info = ctx.links.get(resource.url)
    if info and info.last_ok:
        parts.append(f'<span class="hb-verified">link checked {attr(info.last_ok)}</span>')
    if resource.archive_url:
        parts.append(_external(resource.archive_url, "archived copy", "hb-archive"))
    if ctx.data_edit_url and resource.line:
        href = attr(ctx.data_edit_url)
        parts.append(
            f'<a class="hb-edit" href="{href}" title="Edit resources.yaml (this entry '
            f'is on line {resource.line})">edit</a>'
        )
    return " · ".join(parts)


ANSWER_LABEL = "Show answer"


def question_block(
    question: Question, ctx: Context, page: str, heading: str = "###", *, search: bool = True
) -> str:
    """An interview question: anchored heading, marks, collapsed answer and references.

    `search=False` keeps a copy (e.g. on a stage page) out of the search index.
    """
    data = (
        f'data-id="{question.id}" data-kind="question" data-difficulty="{question.difficulty}"'
        f' data-topic="{question.topic}" data-stages="{" ".join(question.stages)}"'
    )
    topic = ctx.handbook.topic_by_id.get(question.topic)
    badges = (
        f'<span class="hb-mark hb-mark--{question.difficulty}" data-search-exclude>'
        f'{question.difficulty}</span> <span class="hb-mark hb-mark--topic">'
        f"{attr(topic.title if topic else '')}</span>"
    )
    answer = raw_block(render_markdown(question.answer).strip())
    refs = [
        ctx.handbook.resource_by_id[r]
        for r in question.references
        if r in ctx.handbook.resource_by_id
    ]
    # Unindexed copies mark each part: see _search_exclude; the answer goes in a <section>,
    # a tag that answers never contain, so the search parser's exclusion holds.
    exclude = "" if search else " data-search-exclude"
    lines = [
        f'<div class="hb-item hb-question" {data} markdown>',
        "",
        f"{heading} {plain(question.question)} {{#{question.id}{exclude}}}",
        "",
        f'<p class="hb-marks"{exclude}>{badges}</p>',
        "",
    ]
    if not search:
        lines += ['<section class="hb-answer" data-search-exclude markdown>', ""]
    # The fold's label is the same on every question: it stays out of search teasers. (The
    # attribute has a value because a bare one on this element did not survive the build.)
    lines += [
        '<details class="note" markdown>',
        f'<summary data-search-exclude="">{ANSWER_LABEL}</summary>',
        "",
        answer,
        "",
    ]
    if refs:
        links = ", ".join(f"[{plain(r.title)}]({catalog_link(r, page)})" for r in refs)
        lines += [f"**Study:** {links}", ""]
    lines += ["</details>", ""]
    if not search:
        lines += ["</section>", ""]
    lines += ["</div>", ""]
    return "\n".join(lines)
