"""Command line: collect URLs, check what needs checking, write reports and state, set exit code."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from handbook.changes import read_base
from handbook.linkdata import read_state
from handbook.problems import workflow_command
from handbook.verdicts import Verdict
from linkwatch import collect, model, report, state
from linkwatch.fetch import Checker, check_urls
from linkwatch.model import Outcome
from linkwatch.policy import DEFAULT_CONFIG, ConfigError, load_config, skip_reason

ROOT = Path(__file__).resolve().parents[2]
# A run where most URLs cannot even be reached says the runner is offline: record nothing.
NETWORK_ERRORS: Final = frozenset({model.DNS, model.TIMEOUT, model.CONNECTION})
NETWORK_DOWN_MIN_URLS: Final = 20
NETWORK_DOWN_SHARE: Final = 0.5


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Define and parse the options."""
    parser = argparse.ArgumentParser(
        prog="check_links.py",
        description="Check every external URL of the handbook (resources.yaml, docs/ pages and "
        "notebooks by default).",
    )
    parser.add_argument("files", nargs="*", type=Path, help="files to scan instead of the default")
    parser.add_argument(
        "--urls",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="plain list of URLs, one per line (repeatable)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the JSON report here")
    parser.add_argument("--markdown", type=Path, metavar="PATH", help="write the Markdown report")
    parser.add_argument("--state", type=Path, metavar="PATH", help="per-URL history between runs")
    parser.add_argument(
        "--max-age",
        type=float,
        metavar="DAYS",
        help="skip URLs verified working less than DAYS ago (needs --state)",
    )
    parser.add_argument(
        "--only-new",
        metavar="BASE_REF",
        help="check only URLs added since the git ref; any broken one fails",
    )
    parser.add_argument(
        "--allow-local",
        action="store_true",
        help="check localhost and private addresses instead of skipping them",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        metavar="PATH",
        help="per-host overrides (default: %(default)s)",
    )
    parser.add_argument(
        "--confirm-runs",
        type=int,
        default=3,
        metavar="N",
        help="failed runs in a row before a URL is confirmed broken (default 3)",
    )
    parser.add_argument(
        "--confirm-days",
        type=float,
        default=7.0,
        metavar="D",
        help="days the failures must span (default 7)",
    )
    parser.add_argument("--per-host", type=int, metavar="N", help="concurrent requests per host")
    parser.add_argument("--global-limit", type=int, metavar="N", help="concurrent requests in all")
    parser.add_argument("--timeout", type=float, metavar="S", help="per-request timeout, seconds")
    parser.add_argument(
        "--deadline",
        type=float,
        metavar="S",
        help="seconds one URL may spend on requests and waits, retries included",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root")
    parser.add_argument("--now", type=datetime.fromisoformat, help="pretend it is this ISO time")
    return parser.parse_args(argv)


def _read_inputs(args: argparse.Namespace) -> tuple[list[tuple[str, str]], list[str]]:
    """(display name, text) of every input, and the names that are plain URL lists."""
    paths = list(args.files) or ([] if args.urls else collect.default_inputs(args.root))
    inputs = [(collect.display_name(p, args.root), p.read_text(encoding="utf-8")) for p in paths]
    lists = [(collect.display_name(p, args.root), p.read_text(encoding="utf-8")) for p in args.urls]
    return inputs + lists, [name for name, _ in lists]


def _occurrences(inputs: list[tuple[str, str]], lists: list[str]) -> list[collect.Occurrence]:
    found: list[collect.Occurrence] = []
    for name, text in inputs:
        read = collect.from_url_list if name in lists else collect.from_text
        found += read(text, name)
    return found


def _base_urls(
    args: argparse.Namespace, inputs: list[tuple[str, str]], lists: list[str]
) -> set[str]:
    """URLs present at BASE_REF in the same files; a file missing there contributes none."""
    at_base: list[tuple[str, str]] = []
    for name, _ in inputs:
        text, _why = read_base(args.only_new, Path(args.root) / name)
        if text is not None:
            at_base.append((name, text))
    return {o.url for o in _occurrences(at_base, lists)}


def _progress_bar(total: int, enabled: bool) -> tuple[Callable[[Outcome], None] | None, Any]:
    if not enabled or total == 0:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="url", file=sys.stderr, leave=False)
    return (lambda _outcome: bar.update(1)), bar


def network_looks_down(checked: dict[str, Outcome]) -> bool:
    """True when so many URLs failed to connect that the fault is ours, not the sites'."""
    if len(checked) < NETWORK_DOWN_MIN_URLS:
        return False
    unreachable = sum(1 for o in checked.values() if o.error_class in NETWORK_ERRORS)
    return unreachable >= NETWORK_DOWN_SHARE * len(checked)


def run(argv: Sequence[str] | None = None) -> int:
    """main() for the command line: an unexpected error exits 2 (the run failed), never 1,
    which would tell the workflow that links are broken."""
    try:
        return main(argv)
    except Exception:
        traceback.print_exc()
        print("check_links: internal error (traceback above); the run failed", file=sys.stderr)
        return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the checker; 1 when a confirmed-broken (or, with --only-new, any broken) URL exists.

    2 when the inputs, the config or the state are unusable, when the state cannot be saved,
    or when the network looks down.
    """
    args = parse_args(argv)
    try:
        config = load_config(
            args.config,
            per_host=args.per_host,
            global_limit=args.global_limit,
            timeout=args.timeout,
            deadline=args.deadline,
        )
        inputs, lists = _read_inputs(args)
        sources = collect.group(_occurrences(inputs, lists))
        # Before any request: a damaged state must stop the run, not be overwritten by it.
        previous = read_state(args.state)
    except (OSError, ConfigError, ValueError) as error:
        print(f"check_links: {error}", file=sys.stderr)
        return 2
    archives: dict[str, str] = {}
    for name, text in inputs:
        if name.endswith((".yaml", ".yml")) and name not in lists:
            archives.update(collect.archive_urls(text))
    if args.only_new:
        base = _base_urls(args, inputs, lists)
        sources = {url: where for url, where in sources.items() if url not in base}

    now = args.now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    outcomes: dict[str, Outcome] = {}
    to_check: list[str] = []
    for url in sources:
        skipped = skip_reason(url, config, allow_local=args.allow_local)
        if skipped:
            outcomes[url] = Outcome(url, Verdict.SKIPPED, error_class=skipped)
        elif state.is_fresh(previous, url, now, args.max_age):
            outcomes[url] = state.cached_outcome(previous, url)
        else:
            to_check.append(url)

    show = not args.no_progress and sys.stderr.isatty()
    progress, bar = _progress_bar(len(to_check), show)
    checker = Checker(config, progress=progress, allow_local=args.allow_local)
    checked, stats = check_urls(to_check, checker)
    if bar is not None:
        bar.close()
    outcomes.update(checked)
    if network_looks_down(checked):
        print(
            "check_links: most URLs failed with DNS or connection errors; the network of this "
            "machine looks down. Nothing was recorded or reported.",
            file=sys.stderr,
        )
        return 2

    rule = state.ConfirmRule(runs=args.confirm_runs, days=args.confirm_days)
    current, transitions = state.update(previous, checked, now, rule)
    if not args.only_new:
        current = state.record_run(current, outcomes, now, len(to_check))
    result = report.build(outcomes, sources, current, now)
    try:
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(result.to_json(), indent=1) + "\n", encoding="utf-8")
        if args.markdown:
            args.markdown.parent.mkdir(parents=True, exist_ok=True)
            text = report.render_markdown(result, current, transitions, archives)
            args.markdown.write_text(text, encoding="utf-8")
        if args.state:
            state.save(current, args.state)
    except OSError as error:
        print(f"check_links: cannot write the report or the state: {error}", file=sys.stderr)
        return 2

    print(report.summary(result))
    print(f"{len(sources)} URLs, {len(to_check)} checked with {stats.requests} requests")
    failing = [r for r in result.results if r.verdict.confirmable]
    if args.only_new:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for r in failing:
                for source in r.sources:
                    name, _, line = source.rpartition(":")
                    message = f"{r.verdict.label} link {r.url} ({r.reason})"
                    print(workflow_command("error", message, file=name, line=line))
        return 1 if failing else 0
    return 1 if any(r.confirmed for r in failing) else 0
