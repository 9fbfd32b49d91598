"""`mkdocs serve` keeps compiled theme templates across rebuilds, never a stale one."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from serve_reuse import TemplateCodeCache


def test_a_new_environment_reuses_code_and_an_edited_template_is_compiled_afresh() -> None:
    cache = TemplateCodeCache()
    sources = {"main.html": "<p>{{ title }}</p>"}

    def rebuild() -> tuple[str, int]:
        # What MkDocs does on every rebuild: a new environment for the same templates.
        env = Environment(loader=DictLoader(dict(sources)), bytecode_cache=cache)
        compiled = 0
        original = env.compile

        def counting_compile(*args: object, **kwargs: object) -> object:
            nonlocal compiled
            compiled += 1
            return original(*args, **kwargs)  # type: ignore[arg-type]

        env.compile = counting_compile  # type: ignore[method-assign]
        return env.get_template("main.html").render(title="Stages"), compiled

    assert rebuild() == ("<p>Stages</p>", 1)
    assert rebuild() == ("<p>Stages</p>", 0)
    sources["main.html"] = "<h1>{{ title }}</h1>"
    assert rebuild() == ("<h1>Stages</h1>", 1)
