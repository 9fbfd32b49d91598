"""Example notebook pages get an Open in Colab button (when the repo is known) and a download."""

from __future__ import annotations

from handbook.render.notebook_links import notebook_links


def test_colab_and_download_links() -> None:
    html = notebook_links("examples/01-data-cleaning.ipynb", "https://github.com/owner/repo")
    assert html is not None
    assert ('href="https://colab.research.google.com/github/owner/repo/blob/main/docs/examples/'
            '01-data-cleaning.ipynb"') in html
    assert 'href="01-data-cleaning.ipynb" download' in html


def test_without_a_github_repo_only_the_download_remains() -> None:
    html = notebook_links("examples/01-data-cleaning.ipynb", None)
    assert html is not None and "colab" not in html and "download" in html


def test_other_pages_get_nothing() -> None:
    assert notebook_links("stages/data.md", "https://github.com/owner/repo") is None
