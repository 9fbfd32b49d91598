"""The typed, read-only model of resources.yaml that every renderer works from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class KindField:
    """A field only resources of one kind may have, and its label on the resource's card."""

    name: str
    label: str


@dataclass(frozen=True)
class Kind:
    """A sort of resource (reading, course...): one entry of the registry KINDS."""

    id: str
    label: str  # one of them, e.g. "Reading" (the filters' options)
    plural: str  # catalog page title and navigation, e.g. "Readings"
    slug: str  # the catalog page lives at catalog/<slug>/; never changed, links depend on it
    fields: tuple[KindField, ...] = ()  # fields only this kind may have, in card order
    # Columns of a comparison table above the kind's catalog (none: no table). A column may
    # name a field resources.yaml does not record yet: its cells then say "Not stated".
    compare: tuple[KindField, ...] = ()


# The one registry of kinds, in display order. Everything else follows from it: the catalog
# pages, navigation, stage sections, the validator's kind-only field rule, the contributor
# docs, `make new` and the site's filters (handbook.js reads it from the page). The JSON
# Schema's `kind` enum and its "required for this kind" rules must agree: the test
# tests/validator/test_kinds.py fails until they do.
KINDS = {
    kind.id: kind
    for kind in (
        Kind("reading", "Reading", "Readings", "readings"),
        Kind("course", "Course", "Courses", "courses"),
        Kind(
            "dataset",
            "Dataset",
            "Datasets",
            "datasets",
            (
                KindField("license", "Licence"),
                KindField("size", "Size"),
                KindField("formats", "Formats"),
            ),
        ),
        Kind(
            "certification",
            "Certification",
            "Certifications",
            "certifications",
            (
                KindField("issuer", "Issuer"),
                KindField("exam_code", "Exam code"),
                KindField("price", "Price"),
                KindField("validity", "Validity"),
            ),
            (
                KindField("issuer", "Issuer"),
                KindField("exam_code", "Exam code"),
                KindField("price", "Price"),
                KindField("validity", "Validity"),
            ),
        ),
        Kind("tool", "Tool", "Tools", "tools"),
        Kind("community", "Community", "Communities", "communities"),
    )
}


def kind_only_fields() -> dict[str, str]:
    """Every kind-only field, mapped to the one kind that may have it."""
    return {extra.name: kind.id for kind in KINDS.values() for extra in kind.fields}


@dataclass(frozen=True)
class Plan:
    """What a learner does with a stage on their path: the one registry of plan values."""

    id: str
    label: str
    share: float  # fraction of the stage's core hours the plan takes
    advice: str


PLANS = {
    plan.id: plan
    for plan in (
        Plan("core", "Core", 1.0, "Work through the core picks."),
        Plan("skim", "Skim", 0.3, "Skim the core picks, then test out with the questions."),
        Plan("skip", "Skip", 0.0, "Answer the test-out questions to confirm, then move on."),
    )
}


@dataclass(frozen=True)
class Background:
    """Where a learner starts from (software engineer, data scientist, newcomer...)."""

    id: str
    title: str
    description: str


@dataclass(frozen=True)
class StagePlan:
    """One background's plan for one stage, with the reason shown to the learner."""

    plan: str
    why: str


@dataclass(frozen=True)
class Topic:
    """A tag of the controlled vocabulary."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Stage:
    """One step of the roadmap."""

    id: str
    title: str
    summary: str
    outcomes: tuple[str, ...]
    prerequisites: tuple[str, ...]
    read: str
    do: str
    hours: float
    core: tuple[str, ...] = ()
    test_out: tuple[str, ...] = ()
    paths: dict[str, StagePlan] = field(default_factory=dict)


@dataclass(frozen=True)
class Resource:
    """A reading, course, dataset, certification, tool or community."""

    id: str
    kind: str
    title: str
    url: str
    provider: str
    description: str
    stages: tuple[str, ...]
    topics: tuple[str, ...]
    level: str
    cost: str
    added: str
    line: int = 0
    hours: float | None = None
    format: str | None = None
    seed: str | None = None
    status: str = "active"
    retired_on: str | None = None
    replaced_by: str | None = None
    archive_url: str | None = None
    issuer: str | None = None
    exam_code: str | None = None
    price: str | None = None
    validity: str | None = None
    license: str | None = None
    size: str | None = None
    formats: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """An interview question with its answer."""

    id: str
    question: str
    answer: str
    topic: str
    difficulty: str
    stages: tuple[str, ...]
    references: tuple[str, ...]


@dataclass(frozen=True)
class Excluded:
    """A source-article URL deliberately left out, and why."""

    url: str
    reason: str
    seed: str | None = None
    replaced_by: str | None = None


@dataclass(frozen=True)
class Handbook:
    """All the data, with lookups by id."""

    stages: tuple[Stage, ...]
    topics: tuple[Topic, ...]
    resources: tuple[Resource, ...]
    questions: tuple[Question, ...]
    excluded: tuple[Excluded, ...]
    backgrounds: tuple[Background, ...] = ()
    resource_by_id: dict[str, Resource] = field(init=False, repr=False, compare=False)
    stage_by_id: dict[str, Stage] = field(init=False, repr=False, compare=False)
    topic_by_id: dict[str, Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Lookups are derived once here so renderers never rebuild them per page.
        object.__setattr__(self, "resource_by_id", {r.id: r for r in self.resources})
        object.__setattr__(self, "stage_by_id", {s.id: s for s in self.stages})
        object.__setattr__(self, "topic_by_id", {t.id: t for t in self.topics})

    def resources_in_stage(self, stage_id: str) -> list[Resource]:
        """Resources tagged with a stage, in file order."""
        return [r for r in self.resources if stage_id in r.stages]

    def questions_in_stage(self, stage_id: str) -> list[Question]:
        """Interview questions tagged with a stage, in file order."""
        return [q for q in self.questions if stage_id in q.stages]

    def core_hours(self, stage: Stage) -> float:
        """Hours of a stage's core picks (the stage's own estimate when it names none)."""
        if not stage.core:
            return stage.hours
        return sum(
            self.resource_by_id[r].hours or 0 for r in stage.core if r in self.resource_by_id
        )

    def kinds(self) -> list[str]:
        """Kinds that have at least one resource, in display order."""
        present = {r.kind for r in self.resources}
        return [k for k in KINDS if k in present]


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else ()


def _with_tuples(item: dict[str, Any]) -> dict[str, Any]:
    """Every list value as a tuple, so a new list field of the schema needs no code here."""
    return {key: _tuple(value) if isinstance(value, list) else value for key, value in item.items()}


def build(data: dict[str, Any], resource_lines: list[int]) -> Handbook:
    """Build the model from data that has already passed validation."""
    stages = tuple(
        Stage(
            id=s["id"],
            title=s["title"],
            summary=s["summary"],
            outcomes=_tuple(s["outcomes"]),
            prerequisites=_tuple(s["prerequisites"]),
            read=s["read"],
            do=s["do"],
            hours=s["hours"],
            core=_tuple(s.get("core")),
            test_out=_tuple(s.get("test_out")),
            paths={b: StagePlan(**p) for b, p in (s.get("paths") or {}).items()},
        )
        for s in data["stages"]
    )
    backgrounds = tuple(Background(**b) for b in data.get("backgrounds") or [])
    topics = tuple(
        Topic(id=t["id"], title=t["title"], description=t.get("description", ""))
        for t in data["topics"]
    )
    resources = tuple(
        Resource(**_with_tuples(r), line=line)
        for r, line in zip(data["resources"], resource_lines, strict=True)
    )
    questions = tuple(
        Question(
            id=q["id"],
            question=q["question"],
            answer=q["answer"],
            topic=q["topic"],
            difficulty=q["difficulty"],
            stages=_tuple(q["stages"]),
            references=_tuple(q["references"]),
        )
        for q in data["questions"]
    )
    excluded = tuple(Excluded(**e) for e in data["excluded"])
    return Handbook(stages, topics, resources, questions, excluded, backgrounds)
