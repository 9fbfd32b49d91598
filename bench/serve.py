#!/usr/bin/env python3
"""Edit loop benchmark: seconds from saving resources.yaml to `mkdocs serve` having rebuilt.

Runs the real `mkdocs serve` on 127.0.0.1 against a temporary copy of resources.yaml
(HANDBOOK_RESOURCES, watched with `-w`), edits one resource title in the copy a few times, and
times each edit until the server logs "Reloading browsers" (the new page is then checked over
HTTP). Two modes, each its own server: notebooks executed but served from a warm cache (what
`make serve` does once the cache is filled) and notebooks off (HANDBOOK_EXECUTE_NOTEBOOKS=false).
The baseline, in the same run, is one plain `mkdocs build --strict` with notebooks off; every
figure is also printed as a ratio to it. Wall and CPU seconds are both shown: on a shared
machine the wall clock also measures the neighbours.

The notebook cache is copied from the repository's .cache/mkdocs-jupyter when there is one
(the servers run in a temporary working directory, so the repository's .cache/ and site/ are
never written); without it, the first build of the cached mode executes every notebook.

Goal (issue 15): a rebuild after an edit of resources.yaml <= 3 s with the notebook cache warm.
Usage: python bench/serve.py [--edits N] [--modes cached off] [--json PATH]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import queue
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 3.0
TICKS = os.sysconf("SC_CLK_TCK")
MODES = {"cached": "true", "off": "false"}
LABELS = {"cached": "notebooks cached", "off": "notebooks off"}


@dataclass
class Mode:
    """One server's figures, in seconds."""

    name: str
    first_build: float = 0.0
    rebuild_wall: list[float] = field(default_factory=list)
    rebuild_cpu: list[float] = field(default_factory=list)


@dataclass
class Results:
    baseline_wall: float = 0.0
    baseline_cpu: float = 0.0
    modes: list[Mode] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def environment(data: Path, execute: str) -> dict[str, str]:
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "HANDBOOK_RESOURCES": str(data),
        "HANDBOOK_EXECUTE_NOTEBOOKS": execute,
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


def baseline(data: Path, work: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `mkdocs build --strict` with notebooks off."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(work / "site"),
        ],
        cwd=work,
        env=environment(data, "false"),
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit("the baseline build failed")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


class Server:
    """`mkdocs serve` in a subprocess; its log lines arrive, time-stamped, on a queue."""

    def __init__(self, data: Path, work: Path, execute: str) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "-f",
                str(ROOT / "mkdocs.yml"),
                "--dev-addr",
                f"127.0.0.1:{self.port}",
                "-w",
                str(data),
            ],
            cwd=work,
            env=environment(data, execute),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put((time.perf_counter(), line.rstrip()))

    def wait_for(self, text: str, timeout: float) -> float:
        """The time the first log line containing `text` arrived; fail on errors or timeout."""
        deadline = time.perf_counter() + timeout
        while True:
            try:
                stamp, line = self.lines.get(timeout=max(0.1, deadline - time.perf_counter()))
            except queue.Empty:
                if time.perf_counter() >= deadline or self.proc.poll() is not None:
                    tail = "\n".join(self.log[-30:])
                    raise SystemExit(f"no {text!r} from mkdocs serve:\n{tail}") from None
                continue
            self.log.append(line)
            if "Aborted" in line or "An error happened" in line or "Traceback" in line:
                raise SystemExit("mkdocs serve failed:\n" + "\n".join(self.log[-30:]))
            if text in line:
                return stamp

    def settle(self, quiet: float) -> None:
        """Wait until the server has logged nothing for `quiet` seconds."""
        while True:
            try:
                self.log.append(self.lines.get(timeout=quiet)[1])
            except queue.Empty:
                return

    def get(self, path: str) -> str:
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=30) as response:
            body: bytes = response.read()
            return body.decode("utf-8")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def save(path: Path, text: str) -> None:
    """Save as editors do: write a new file and rename it over the old one, so the watcher
    never sees a half-written file."""
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def first_resource(text: str) -> tuple[str, str]:
    """The first resource's title line and one stage page that shows it."""
    block = text[text.index("\nresources:\n") :]
    title = re.search(r"^    title: .+$", block, re.MULTILINE)
    stages = re.search(r"^    stages: \[([a-z0-9-]+)", block, re.MULTILINE)
    if not title or not stages:
        raise SystemExit("cannot find the first resource's title and stage")
    return title.group(0), f"stages/{stages.group(1)}/"


def measure_mode(name: str, data: Path, work: Path, edits: int, timeout: float) -> Mode:
    original = data.read_text(encoding="utf-8")
    title_line, page = first_resource(original)
    mode = Mode(LABELS[name])
    start = time.perf_counter()
    server = Server(data, work, MODES[name])
    try:
        mode.first_build = server.wait_for("Serving on", timeout) - start
        for i in range(1, edits + 1):
            server.settle(1.0)  # no build still running from the previous edit
            new_title = f"{title_line} (edit {i})"
            cpu = cpu_seconds(server.proc.pid)
            edited = time.perf_counter()
            save(data, original.replace(title_line, new_title, 1))
            shown = html.escape(new_title.split(": ", 1)[1], quote=False)
            # The rebuild that counts is the first one whose page shows the edit (an editor's
            # save can reach the watcher as more than one event).
            while True:
                done = server.wait_for("Reloading browsers", timeout)
                if shown in server.get(page):
                    break
                if done - edited > timeout:
                    tail = "\n".join(server.log[-15:])
                    raise SystemExit(f"the rebuilt {page} never showed {shown!r}:\n{tail}")
            mode.rebuild_cpu.append(cpu_seconds(server.proc.pid) - cpu)
            mode.rebuild_wall.append(done - edited)
    finally:
        server.stop()
        data.write_text(original, encoding="utf-8")
    return mode


def measure(modes: list[str], edits: int, timeout: float) -> Results:
    results = Results()
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        base = Path(tmp)
        data, work = base / "resources.yaml", base / "work"
        shutil.copy(ROOT / "resources.yaml", data)
        cache = ROOT / ".cache" / "mkdocs-jupyter"
        if cache.is_dir():
            shutil.copytree(cache, work / ".cache" / "mkdocs-jupyter")
        else:
            work.mkdir()
            if "cached" in modes:
                print(
                    "no .cache/mkdocs-jupyter: the first cached build executes the notebooks",
                    file=sys.stderr,
                )
        results.baseline_wall, results.baseline_cpu = baseline(data, work)
        for name in modes:
            results.modes.append(measure_mode(name, data, work, edits, timeout))
    return results


def report(r: Results) -> bool:
    """Print the figures and ratios; return whether the goal is met."""
    print(
        f"{os.cpu_count()} CPUs; baseline: mkdocs build --strict, notebooks off: "
        f"{r.baseline_wall:.1f} s wall, {r.baseline_cpu:.1f} s CPU"
    )
    ok = True
    for m in r.modes:
        wall, cpu = statistics.median(m.rebuild_wall), statistics.median(m.rebuild_cpu)
        print(
            f"  {m.name:<17} first build {m.first_build:6.1f} s; edit -> rebuilt, median of "
            f"{len(m.rebuild_wall)}: {wall:5.2f} s wall ({wall / r.baseline_wall:.2f}x "
            f"baseline), {cpu:5.2f} s CPU ({cpu / r.baseline_cpu:.2f}x); each: "
            + ", ".join(f"{w:.2f}" for w in m.rebuild_wall)
        )
        if m.name == LABELS["cached"]:
            ok = wall <= GOAL_S
            print(
                f"  goal: rebuild with the cache warm <= {GOAL_S:.0f} s: "
                + ("met" if ok else "MISSED")
            )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--edits", type=int, default=3, help="edits per mode (default 3)")
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES))
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds to wait for one build (default 900)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    results = measure(args.modes, args.edits, args.timeout)
    ok = report(results)
    if args.json:
        args.json.write_text(json.dumps(asdict(results), indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
