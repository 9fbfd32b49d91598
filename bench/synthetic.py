"""Synthetic resources.yaml of any size, for benchmarks and scale tests (valid by construction)."""

from __future__ import annotations

import random
import time
from pathlib import Path

from handbook.model import KINDS  # scripts/, on sys.path in the tests and the bench scripts

KIND_IDS = tuple(KINDS)

LEVELS = ("beginner", "intermediate", "advanced")
COSTS = ("free", "freemium", "paid")
WORDS = (
    "gradient",
    "boosting",
    "linear",
    "algebra",
    "docker",
    "sql",
    "pandas",
    "spark",
    "transformer",
    "vision",
    "language",
    "monitoring",
    "pipeline",
    "kaggle",
    "python",
    "statistics",
    "probability",
    "clustering",
    "regression",
    "deployment",
    "feature",
)
N_STAGES = 10
N_TOPICS = 40
# Values of the kind-only fields (model.KINDS): a field not named here gets a plain text
# value, so a kind added to the registry appears in the synthetic catalogs as it is.
FIELD_VALUES = {
    "issuer": "Issuer {seven}",
    "exam_code": "EX-{i:05d}",
    "license": "CC-BY-4.0",
    "size": "1,000 rows",
    "formats": "[CSV]",
}
# Left unrecorded, so the certifications' comparison table shows "Not stated" cells too.
UNRECORDED = frozenset({"price", "validity"})


def _kind_fields(kind: str, i: int) -> str:
    lines = []
    for extra in KINDS[kind].fields:
        if extra.name in UNRECORDED:
            continue
        value = FIELD_VALUES.get(extra.name, f"Synthetic {extra.label.lower()} {{i}}")
        lines.append(f"    {extra.name}: {value.format(i=i, seven=i % 7)}\n")
    return "".join(lines)


def _resource(i: int, rng: random.Random) -> str:
    kind = KIND_IDS[i % len(KIND_IDS)] if i >= N_STAGES * 2 else ("reading", "course")[i % 2]
    cost = "free" if i < N_STAGES * 2 else rng.choice(COSTS)
    stages = sorted({f"stage-{i % N_STAGES}", f"stage-{rng.randrange(N_STAGES)}"})
    topics = sorted({f"topic-{rng.randrange(N_TOPICS)}" for _ in range(2)})
    title = " ".join(rng.choice(WORDS) for _ in range(4)).capitalize()
    extra = _kind_fields(kind, i)
    return (
        f"  - id: res-{i:05d}\n    kind: {kind}\n    title: {title} {i}\n"
        f"    url: https://host{i % 50}.example.org/resource/{i}\n"
        f"    provider: Provider {i % 97}\n"
        f"    description: Synthetic resource {i} about {title.lower()} for scale tests.\n"
        f"    stages: [{', '.join(stages)}]\n    topics: [{', '.join(topics)}]\n"
        f"    level: {rng.choice(LEVELS)}\n    cost: {cost}\n    added: 2026-01-01\n"
        f"    hours: {rng.randint(1, 40)}\n{extra}"
    )


def synthetic_yaml(n_resources: int, n_questions: int | None = None, seed: int = 1) -> str:
    """A valid resources.yaml with `n_resources` resources (and n/10 questions by default)."""
    rng = random.Random(seed)
    n_questions = n_resources // 10 if n_questions is None else n_questions
    out = ["stages:"]
    for s in range(N_STAGES):
        pre = f"[stage-{s - 1}]" if s else "[]"
        out.append(
            f"  - id: stage-{s}\n    title: Stage {s}\n    summary: Synthetic stage {s}.\n"
            f"    outcomes: [Outcome {s}]\n    prerequisites: {pre}\n"
            f"    read: res-{s * 2:05d}\n    do: res-{s * 2 + 1:05d}\n    hours: 10"
        )
    out.append("topics:")
    out += [f"  - {{id: topic-{t}, title: Topic {t}}}" for t in range(N_TOPICS)]
    out.append("resources:")
    out += [_resource(i, rng).rstrip("\n") for i in range(max(n_resources, N_STAGES * 2))]
    out.append("questions:" if n_questions else "questions: []")
    for q in range(n_questions):
        out.append(
            f"  - id: q-{q:05d}\n    question: Synthetic question {q}?\n"
            f"    answer: Answer {q} with `code` and $x^2$.\n"
            f"    topic: topic-{q % N_TOPICS}\n"
            f"    difficulty: {('easy', 'medium', 'hard')[q % 3]}\n"
            f"    stages: [stage-{q % N_STAGES}]\n"
            f"    references: [res-{q % n_resources:05d}]"
        )
    out.append("excluded: []")
    return "\n".join(out) + "\n"


def build_synthetic_site(n_resources: int, workdir: Path) -> tuple[Path, float]:
    """Strict build (notebooks not executed) of `n_resources` synthetic resources.

    Returns the site folder and the build's wall-clock seconds. Uses the tests' build helper,
    so benchmarks and tests build the same way.
    """
    from sitebuild import mkdocs_build  # tests/, put on sys.path by the bench scripts

    data = workdir / f"resources-{n_resources}.yaml"
    data.write_text(synthetic_yaml(n_resources), encoding="utf-8")
    site = workdir / f"site-{n_resources}"
    start = time.perf_counter()
    result = mkdocs_build(site, HANDBOOK_RESOURCES=str(data), HANDBOOK_EXECUTE_NOTEBOOKS="false")
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(
            f"build of {n_resources} synthetic resources failed:\n{result.stderr[-3000:]}"
        )
    return site, seconds
