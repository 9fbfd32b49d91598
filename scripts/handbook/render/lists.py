"""Long lists of links to catalog entries, as finished HTML.

The topics page and What's new list every resource, about 1,500 links. As Markdown, converting
them was most of a `mkdocs serve` rebuild after any edit of a title; as finished HTML (kept
out of the converter like resource blocks) they cost nothing, and come out the same.
"""

from __future__ import annotations

import html

from handbook.model import KINDS, Resource
from handbook.render.blocks import raw_block
from handbook.render.items import page_url
from handbook.render.text import attr


def resource_links(
    entries: list[tuple[Resource, str]],
    from_page: str,
    wrapper: str = "",
    directory_urls: bool = True,
) -> str:
    """A list of links to each resource's catalog entry, each followed by its plain-text note.

    `wrapper` is the opening tag of an element around the list (its class, say), or "";
    `directory_urls=False` for the offline build's file-style addresses.
    """
    items = "\n".join(
        f'<li><a href="{attr(catalog_url(resource, from_page, directory_urls))}">'
        f"{html.escape(resource.title, quote=False)}</a>{html.escape(note, quote=False)}</li>"
        for resource, note in entries
    )
    listed = f"<ul>\n{items}\n</ul>"
    if wrapper:
        tag = wrapper[1:].split(maxsplit=1)[0].rstrip(">")
        listed = f"{wrapper}\n{listed}\n</{tag}>"
    return raw_block(listed)


def catalog_url(resource: Resource, from_page: str, directory_urls: bool = True) -> str:
    """The built address of the resource's catalog entry, relative to `from_page`."""
    src = f"catalog/{KINDS[resource.kind].slug}.md"
    return page_url(src, from_page, resource.id, directory_urls)
