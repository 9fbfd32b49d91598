"""The "Open in Colab" and download buttons above every example notebook page."""

from __future__ import annotations

from handbook.render.text import attr


def notebook_links(src_uri: str, repo_url: str | None, branch: str = "main") -> str | None:
    """HTML buttons for a notebook page (`examples/NN-name.ipynb`), or None for other pages.

    Colab opens the notebook straight from GitHub, so that button needs the repository URL;
    the download link points at the copy the build publishes next to the page.
    """
    if not (src_uri.startswith("examples/") and src_uri.endswith(".ipynb")):
        return None
    name = src_uri.rsplit("/", 1)[-1]
    links = [f'<a class="md-button" href="{attr(name)}" download>Download the notebook</a>']
    if repo_url and "github.com/" in repo_url:
        slug = repo_url.split("github.com/", 1)[1].strip("/").removesuffix(".git")
        colab = f"https://colab.research.google.com/github/{slug}/blob/{branch}/docs/{src_uri}"
        links.insert(0, f'<a class="md-button md-button--primary" href="{attr(colab)}" '
                        'rel="noopener">Open in Colab</a>')
    return '<p class="hb-notebook-links">' + " ".join(links) + "</p>"


# nbconvert ends every notebook heading with <a class="anchor-link">¶</a>. Material's search
# indexes it as part of the title ("Takeaways¶") and only skips its own "headerlink" class.
_ANCHOR_LINK = '<a class="anchor-link" href='


def tidy_notebook_headings(html: str) -> str:
    """Keep nbconvert's heading permalinks out of search and give them a name, as Material's."""
    return html.replace(_ANCHOR_LINK, '<a class="anchor-link" data-search-exclude '
                                      'title="Permanent link" href=')
