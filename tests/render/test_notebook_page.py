"""Example notebook pages get an Open in Colab button (when the repo is known) and a download."""

from __future__ import annotations

from handbook.render.notebook_page import notebook_links, tidy_notebook_html, with_notebook_links


def test_colab_and_download_links() -> None:
    html = notebook_links("examples/01-data-cleaning.ipynb", "https://github.com/owner/repo")
    assert html is not None
    assert (
        'href="https://colab.research.google.com/github/owner/repo/blob/main/docs/examples/'
        '01-data-cleaning.ipynb"'
    ) in html
    assert 'href="01-data-cleaning.ipynb" download' in html


def test_without_a_github_repo_only_the_download_remains() -> None:
    html = notebook_links("examples/01-data-cleaning.ipynb", None)
    assert html is not None and "colab" not in html and "download" in html


def test_other_pages_get_nothing() -> None:
    assert notebook_links("stages/data.md", "https://github.com/owner/repo") is None


def test_code_and_outputs_are_wrapped_whole_and_prose_is_left_alone() -> None:
    html = (
        '<div class="jp-InputPrompt jp-InputArea-prompt">In [1]:</div>'
        '<div class="jp-CodeMirrorEditor jp-Editor"><div><pre>x = 1</pre></div></div>'
        "<p>Prose.</p>"
        '<div class="jp-Cell-outputWrapper"><div><div>out</div></div><div>more</div></div>'
        '<h2 id="a">A<a class="anchor-link" href="#a">¶</a></h2>'
    )
    tidy = tidy_notebook_html(html)
    assert tidy.count("<hb-noindex data-search-exclude>") == 2
    assert (
        '<hb-noindex data-search-exclude><div class="jp-CodeMirrorEditor jp-Editor"><div>'
        "<pre>x = 1</pre></div></div></hb-noindex><p>Prose.</p>"
    ) in tidy
    assert (
        '<div class="jp-Cell-outputWrapper"><div><div>out</div></div><div>more</div></div>'
        "</hb-noindex><h2"
    ) in tidy
    assert '<div data-search-exclude class="jp-InputPrompt' in tidy
    assert '<a class="anchor-link" data-search-exclude title="Permanent link" href="#a">' in tidy


def test_an_unbalanced_area_is_left_unwrapped() -> None:
    html = '<div class="jp-Cell-outputWrapper"><div>never closed'
    assert tidy_notebook_html(html) == html


def test_buttons_go_under_the_title() -> None:
    assert with_notebook_links("<h1>T</h1><p>x</p>", "<p>B</p>") == "<h1>T</h1><p>B</p><p>x</p>"
    assert with_notebook_links("<p>x</p>", "<p>B</p>") == "<p>B</p><p>x</p>"
