"""Find external URLs, with file:line, in resources.yaml, Markdown, notebooks and URL lists."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from handbook.yamlsource import parse

URL_FIELDS: Final = frozenset({"url", "archive_url"})
# Sources reviewed and left out of the handbook: no learner follows them, so they are not checked.
IGNORED_KEYS: Final = frozenset({"excluded"})
# Stops at whitespace, quotes, angle brackets and backticks: none can appear unescaped in a URL.
_URL_RE: Final = re.compile(r"""https?://[^\s<>"'`\\]+""", re.IGNORECASE)
_TRAILING: Final = ".,;:!?*_~'\""
_PAIRS: Final = {")": "(", "]": "[", "}": "{"}
_FENCE_RE: Final = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE: Final = re.compile(r"(`+)(?:(?!\1).)+?\1")


@dataclass(frozen=True)
class Occurrence:
    """One use of a URL: where it appears, as 'path:line'."""

    url: str
    source: str


def trim_url(raw: str) -> str:
    """Drop punctuation that ends a sentence or closes Markdown, keeping balanced brackets."""
    url = raw
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _PAIRS and url.count(last) > url.count(_PAIRS[last])):
            url = url[:-1]
        else:
            break
    return url


def urls_in_text(text: str) -> Iterator[str]:
    """Yield every http(s) URL in a line of text, trimmed."""
    for match in _URL_RE.finditer(text):
        url = trim_url(match.group(0))
        if len(url) > len("https://"):
            yield url


def markdown_urls(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, URL) for links in Markdown, ignoring fenced code and code spans."""
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        for url in urls_in_text(_CODE_SPAN_RE.sub("", line)):
            yield number, url


def from_markdown(text: str, name: str) -> list[Occurrence]:
    """Collect URLs from a Markdown page."""
    return [Occurrence(url, f"{name}:{line}") for line, url in markdown_urls(text)]


def from_yaml(text: str, name: str) -> list[Occurrence]:
    """Collect url and archive_url values anywhere in a YAML document, with their lines.

    Parsed by the handbook's own YAML reader, which refuses aliases: a hostile file cannot
    make the checker expand an alias bomb.
    """
    source = parse(text.encode("utf-8"))
    found: list[Occurrence] = []

    def walk(node: object, path: tuple[str | int, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in URL_FIELDS and isinstance(value, str) and value.strip():
                    line = source.mark((*path, key))[0]
                    found.append(Occurrence(value.strip(), f"{name}:{line}"))
                elif key not in IGNORED_KEYS:
                    walk(value, (*path, key))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, (*path, index))

    walk(source.data, ())
    return found


def from_notebook(text: str, name: str) -> list[Occurrence]:
    """Collect URLs from a notebook's Markdown cells, located at their line in the .ipynb file."""
    raw_lines = text.splitlines()
    cursor = 0
    found: list[Occurrence] = []
    for cell in json.loads(text).get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        for _, url in markdown_urls(source):
            # Jupyter writes one source line per JSON line, so the escaped URL finds its line.
            needle = json.dumps(url)[1:-1]
            line = next((i for i in range(cursor, len(raw_lines)) if needle in raw_lines[i]), None)
            if line is None:
                line = next((i for i, raw in enumerate(raw_lines) if needle in raw), 0)
            else:
                cursor = line
            found.append(Occurrence(url, f"{name}:{line + 1}"))
    return found


def from_url_list(text: str, name: str) -> list[Occurrence]:
    """Collect one URL per line; blank lines and # comments are ignored."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            found.append(Occurrence(line, f"{name}:{number}"))
    return found


def from_text(text: str, name: str) -> list[Occurrence]:
    """Collect URLs from file contents, choosing the reader by the file's suffix."""
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return from_yaml(text, name)
    if suffix == ".ipynb":
        return from_notebook(text, name)
    if suffix == ".txt":
        return from_url_list(text, name)
    return from_markdown(text, name)


def display_name(path: Path, root: Path) -> str:
    """Name a file relative to the repository root when it is inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def default_inputs(root: Path) -> list[Path]:
    """resources.yaml plus every Markdown page and notebook under docs/."""
    paths = [root / "resources.yaml"] if (root / "resources.yaml").exists() else []
    docs = root / "docs"
    if docs.is_dir():
        paths += sorted(p for p in docs.rglob("*") if p.suffix in (".md", ".ipynb") and p.is_file())
    return paths


def from_files(paths: Iterable[Path], root: Path) -> list[Occurrence]:
    """Collect URLs from files on disk."""
    found: list[Occurrence] = []
    for path in paths:
        found += from_text(path.read_text(encoding="utf-8"), display_name(path, root))
    return found


def group(occurrences: Iterable[Occurrence]) -> dict[str, list[str]]:
    """Map each distinct URL to where it is used, in first-seen order."""
    grouped: dict[str, list[str]] = {}
    for occurrence in occurrences:
        sources = grouped.setdefault(occurrence.url, [])
        if occurrence.source not in sources:
            sources.append(occurrence.source)
    return grouped


def archive_urls(text: str) -> dict[str, str]:
    """Map each url in a YAML document to the archive_url given next to it."""
    pairs: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            url, archive = node.get("url"), node.get("archive_url")
            if isinstance(url, str) and isinstance(archive, str) and archive:
                pairs[url.strip()] = archive.strip()
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(parse(text.encode("utf-8")).data)
    return pairs
