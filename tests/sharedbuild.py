"""Strict builds of the site that every xdist worker of a test session shares.

A build of the real site takes about 20 s with notebooks off and minutes with them executed.
Built in a fixture, each worker that needs a site builds its own copy, and the test that first
needs it waits for it. Here each site is built once per session, by the first worker that asks,
as a background process: tests/conftest.py starts, when the session starts, the builds its
tests will need, so both workers go on running other tests meanwhile. A test waits only if it
needs a site before it is ready. Every build is still a real `mkdocs build --strict`.

The builds a session may need, by the fixture that provides each, are listed in SPECS.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sitebuild import ROOT, build_command, build_env

# The repository the sites that offer Colab are built with (no git remote is needed).
REPO = "https://github.com/owner/handbook"
NOTEBOOKS_OFF = {"HANDBOOK_EXECUTE_NOTEBOOKS": "false"}
POLL_S = 0.2
# A build that has not finished by then is stuck: fail rather than wait forever.
TIMEOUT_S = 30 * 60


def _no_repository(work: Path) -> dict[str, str]:
    """No $HANDBOOK_REPO_URL, and a GIT_DIR that is no repository: no git remote either."""
    no_git = work / "no-git"
    no_git.mkdir(exist_ok=True)
    return {"HANDBOOK_REPO_URL": "", "GIT_DIR": str(no_git)}


def _hostile_data_no_repository(work: Path) -> dict[str, str]:
    """Data with a script payload in every field (tests/payloads.py), with the validator's
    early Markdown check off, so the renderers and the sanitizer are what is tested; and no
    repository known (the payloads do not depend on one), so that one build serves both."""
    from payloads import hostile_yaml

    data = work / "hostile.yaml"
    data.write_text(hostile_yaml(), encoding="utf-8")
    return {
        "HANDBOOK_RESOURCES": str(data),
        "HANDBOOK_SANITIZER_ONLY": "1",
        **_no_repository(work),
    }


@dataclass(frozen=True)
class Spec:
    """How to build one site: environment, files to write first, and what to build first."""

    fixtures: tuple[str, ...]  # the fixtures that provide the site: who needs the build
    env: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[Path], dict[str, str]] | None = None  # writes inputs, gives more env
    reuse: str | None = None  # an environment variable naming a site built beforehand
    # Started in the background after this one has finished (one build at a time, in the
    # order the tests need them, so the first site needed is ready soonest).
    after: str | None = None


SPECS = {
    # The real site, every notebook executed (tests/site).
    "real": Spec(("built_site",), {"HANDBOOK_REPO_URL": REPO}),
    # The real site for the browser tests (notebooks off, as they do not change the pages'
    # behaviour), with the repository found as a user's build finds it.
    "browser": Spec(("site_dir",), NOTEBOOKS_OFF, reuse="HANDBOOK_BROWSER_SITE"),
    # `make offline`: pages as .html files for reading from disk, a repository known.
    "offline": Spec(
        ("offline_site",),
        {**NOTEBOOKS_OFF, "HANDBOOK_OFFLINE": "true", "HANDBOOK_REPO_URL": REPO},
        reuse="HANDBOOK_BROWSER_OFFLINE_SITE",
        after="browser",
    ),
    # Hostile data, and no repository known: no $HANDBOOK_REPO_URL and no git remote.
    "hostile": Spec(
        ("hostile_site", "site_without_repo"),
        NOTEBOOKS_OFF,
        _hostile_data_no_repository,
        after="offline",
    ),
}


def session_dir(factory: pytest.TempPathFactory) -> Path:
    """A directory every worker of this session sees: under xdist, each worker's base
    temporary directory is a subdirectory of it."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (other workers wait)."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class SharedBuild:
    """One site of SPECS, built once per session into the session directory."""

    def __init__(self, factory: pytest.TempPathFactory, name: str) -> None:
        self.name, self.spec = name, SPECS[name]
        self.work = session_dir(factory) / f"shared-build-{name}"
        self.site = self.work / "site"
        self.log = self.work / "build.log"
        self.status = self.work / "returncode"  # written when the build has ended
        self._runner: threading.Thread | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stop = threading.Event()
        self._stopping = threading.Lock()  # a stop and the build's start do not interleave

    def reused(self) -> Path | None:
        value = os.environ.get(self.spec.reuse or "")
        return Path(value) if value else None

    def started(self) -> bool:
        return self.reused() is not None or (self.work / "started").exists()

    def start(self, after: SharedBuild | None = None) -> None:
        """Start the build in the background, unless it is reused or already started by a
        worker of this session; with `after`, once that build has ended."""
        if self.reused():
            return
        self.work.mkdir(parents=True, exist_ok=True)
        with _locked(self.work.with_suffix(".lock")):
            if self.started():
                return
            (self.work / "started").touch()
        self._runner = threading.Thread(target=self._run, args=(after,), daemon=True)
        self._runner.start()

    def _run(self, after: SharedBuild | None) -> None:
        code = 1
        try:
            if after is not None and after.reused() is None and after.started():
                after.ended(self._stop)
            env = self.spec.prepare(self.work) if self.spec.prepare else {}
            with self.log.open("w", encoding="utf-8") as log:
                with self._stopping:
                    if self._stop.is_set():
                        log.write("the test session stopped before this build started\n")
                        return
                    self._process = subprocess.Popen(
                        build_command(self.site),
                        cwd=ROOT,
                        env=build_env(**self.spec.env, **env),
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                code = self._process.wait()
        except Exception as err:  # reported to the tests that wait, through the log
            with self.log.open("a", encoding="utf-8") as log:
                log.write(f"\nthe build could not run: {err!r}\n")
        finally:
            partial = self.status.with_suffix(".partial")
            partial.write_text(str(code))
            partial.replace(self.status)  # atomic: a reader never sees it half written

    def ended(self, stop: threading.Event | None = None) -> int | None:
        """Wait until the build has ended: its return code (None if it never ends, or if
        `stop` is set first)."""
        deadline = time.monotonic() + TIMEOUT_S
        while not self.status.exists():
            if time.monotonic() > deadline or (stop is not None and stop.is_set()):
                return None
            time.sleep(POLL_S)
        return int(self.status.read_text())

    def result(self) -> Path:
        """The built site, started here if no worker has yet; the test fails with the build's
        log if it failed."""
        reused = self.reused()
        if reused:
            return reused
        self.start()
        code = self.ended()
        if code is None:
            pytest.fail(f"the {self.name} site build did not end in {TIMEOUT_S} s")
        if code != 0:
            log = self.log.read_text(encoding="utf-8")
            pytest.fail(f"mkdocs build ({self.name}) failed:\n{log[-4000:]}", pytrace=False)
        return self.site

    def finish(self, stop: bool = False) -> None:
        """At the end of the session, let a build this worker runs end, as another worker may
        still be waiting for it; with `stop` (the session is being cut short), end it now."""
        if self._runner is None:
            return
        if stop:
            with self._stopping:
                self._stop.set()
                if self._process is not None:
                    self._process.terminate()
        self._runner.join()


_builds: dict[str, SharedBuild] = {}


def shared_build(factory: pytest.TempPathFactory, name: str) -> SharedBuild:
    """This process's handle on a build of SPECS."""
    if name not in _builds:
        _builds[name] = SharedBuild(factory, name)
    return _builds[name]


def build_rank(fixtures: Iterable[str]) -> int:
    """0 for a test that needs no build of SPECS, else 1 + the position in SPECS of the last
    one it needs: tests in this order find their builds finished as early as possible."""
    used = set(fixtures)
    return max(
        (n + 1 for n, spec in enumerate(SPECS.values()) if used.intersection(spec.fixtures)),
        default=0,
    )


def start_needed(factory: pytest.TempPathFactory, fixtures: Iterable[str]) -> list[SharedBuild]:
    """Start the builds whose fixtures are among `fixtures`, in SPECS' order (so a build
    started after another finds that one started); the handles, to finish at the end."""
    wanted = set(fixtures)
    builds = []
    for name, spec in SPECS.items():
        if wanted.intersection(spec.fixtures):
            build = shared_build(factory, name)
            build.start(after=shared_build(factory, spec.after) if spec.after else None)
            builds.append(build)
    return builds
