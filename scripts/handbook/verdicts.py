"""Link verdicts: the one registry of what each verdict means and how every step treats it.

The checker (scripts/linkwatch) decides a URL's verdict; the state's failure streaks, the
Markdown report, the terminal summary and the Link health page only read the properties
below, never a verdict's name. To add a verdict: add a member to `Verdict` and its entry to
`VERDICT_INFO`, then teach `linkwatch/answers.py` when to give it.

It lives in handbook, not linkwatch, because the site reads verdicts too: linkwatch may import
handbook, never the reverse.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


@dataclass(frozen=True)
class Listing:
    """Where a verdict's links are listed one by one, not only counted.

    `order` places the list among the others in both reports. `report` heads it in the
    Markdown report; for a confirmable verdict that is the list of links confirmed before this
    run, and the report adds "Newly confirmed <label>" and "Failing, not yet confirmed" around
    it. An inconclusive verdict's list is folded at the end of the report. `page` heads it on
    the Link health page (None: not listed there), with `intro` under the heading.
    """

    order: int
    report: str
    page: str | None = None
    intro: str = ""


@dataclass(frozen=True)
class VerdictInfo:
    """Everything the handbook knows about one verdict."""

    label: str  # its name in tables and summaries
    meaning: str  # what it tells a reader, on the Link health page
    working: bool  # the link works: a failure streak ends; it counts as working on the chart
    confirmable: bool  # the link failed: after failing on enough runs it is confirmed broken
    checked: bool  # a request was made: kept in the URL's history, a column of the chart
    listing: Listing | None = None  # None: only counted


class Verdict(StrEnum):
    """What one check of a URL concluded. The value is what the JSON files store."""

    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    UNVERIFIABLE = "unverifiable"
    SKIPPED = "skipped"

    @property
    def info(self) -> VerdictInfo:
        """This verdict's entry in VERDICT_INFO."""
        return VERDICT_INFO[self]

    @property
    def label(self) -> str:
        """Its name in tables and summaries."""
        return self.info.label

    @property
    def meaning(self) -> str:
        """What it tells a reader."""
        return self.info.meaning

    @property
    def working(self) -> bool:
        """The link works."""
        return self.info.working

    @property
    def confirmable(self) -> bool:
        """The link failed; failing on enough runs over enough days confirms it broken."""
        return self.info.confirmable

    @property
    def checked(self) -> bool:
        """A request was made, so the result is remembered and charted."""
        return self.info.checked

    @property
    def conclusive(self) -> bool:
        """The check says whether the link works; an inconclusive one says nothing either way
        (it neither extends nor ends a failure streak and is left out of the working share)."""
        return self.working or self.confirmable

    @property
    def listing(self) -> Listing | None:
        """Where its links are listed, if anywhere."""
        return self.info.listing

    @classmethod
    def listed(cls) -> list[Verdict]:
        """Verdicts whose links are listed, in report order."""
        return [v for _, v in sorted((v.listing.order, v) for v in cls if v.listing)]


VERDICT_INFO: Final[dict[Verdict, VerdictInfo]] = {
    Verdict.OK: VerdictInfo(
        label="ok",
        meaning="answers normally",
        working=True,
        confirmable=False,
        checked=True,
    ),
    Verdict.REDIRECTED: VerdictInfo(
        label="redirected",
        meaning="works, but has moved permanently",
        working=True,
        confirmable=False,
        checked=True,
        listing=Listing(order=2, report="Suggested URL updates (permanent redirects)"),
    ),
    Verdict.BROKEN: VerdictInfo(
        label="broken",
        meaning="does not work (confirmed after failing on several runs over a week)",
        working=False,
        confirmable=True,
        checked=True,
        listing=Listing(
            order=1,
            report="Still broken",
            page="Broken links",
            intro="Each failed on several checks over at least a week. "
            "The archived copy is a stand-in.",
        ),
    ),
    Verdict.UNVERIFIABLE: VerdictInfo(
        label="unverifiable",
        meaning="the site blocks checkers, rate-limits them or is unavailable for now; "
        "it may work in a browser",
        working=False,
        confirmable=False,
        checked=True,
        listing=Listing(
            order=3,
            report="Unverifiable: the site blocks checkers, rate-limits or is unavailable",
            page="Unverifiable links",
            intro="These sites refuse automated checks; they usually work in a browser.",
        ),
    ),
    Verdict.SKIPPED: VerdictInfo(
        label="skipped",
        meaning="not checked (examples, local addresses, mail links)",
        working=False,
        confirmable=False,
        checked=False,
    ),
}
