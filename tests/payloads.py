"""Hostile contributions: every text field of resources.yaml carrying a script payload.

Used by the validator tests (which must reject every Markdown payload, on its line) and by
the browser test, which builds a site from this data with the validator's early Markdown
check switched off, so the renderers and the sanitizer are tested on their own, and loads
every page in Chromium with alert/confirm/prompt hooked.

Each payload calls `alert(N)` with its own number, so a failure names the vector.
"""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path
from typing import Any

import yaml

FIXTURE = Path(__file__).parent / "validator" / "fixtures" / "valid.yaml"
BENIGN_TITLE = "A/B tests: p < 0.05 & power"

# Markdown fields (stage summaries, answers): the validator rejects each one.
MARKDOWN_PAYLOADS = [
    'Para\n{: tabindex="0" autofocus onfocus="alert(1)" }',
    "[x][r]\n\n[r]: javascript:alert(2)\n",
    "<details open ontoggle=alert(3)>x</details>",
    '![i](https://x.invalid/i.png){: onerror="alert(4)" }',
    '[hover](https://x.invalid){: onmouseover="alert(5)" }',
    '[click](https://x.invalid){: onclick="alert(6)" }',
    "[x](JaVaScRiPt:alert(7))",
    "[x](jav&#x61;script:alert(8))",
    "[x](&#106;avascript:alert(9))",
    "[x](java&#x09;script:alert(10))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=)",
    "[x](vbscript:alert(12))",
    "<script>alert(13)</script>",
    "<svg onload=alert(14)>",
    '<a href="javascript:alert(15)">x</a>',
    "$\\href{javascript:alert(16)}{x}$",
    "$x <img src=x onerror=alert(17)>$",
    "<!-- --><img src=x onerror=alert(18)>",
    '[x](https://x.invalid "t\\" onmouseover=\\"alert(19)")',
    '<https://x.invalid/" onmouseover="alert(20)>',
    '<p style="background:url(javascript:alert(21))">x</p>',
    '<math><mi xlink:href="javascript:alert(22)">x</mi></math>',
    "<form><button formaction=javascript:alert(23)>x</button></form>",
    "[x](\tjavascript:alert(24))",
    '<img src="x" onerror="&#97;lert(25)">',
]
# Plain-text fields: accepted by the validator, shown literally on the site.
PLAIN_PAYLOADS = {
    "stage title": "<img src=x onerror=alert(101)>",
    "second stage title": "</title><script>alert(102)</script>",
    "outcome": '{: onclick="alert(103)" } <b onmouseover=alert(103)>x</b>',
    "topic title": "<img src=x onerror=alert(104)>",
    "topic description": "[t](javascript:alert(105)) {: onclick=alert(105)}",
    "pick title": "[t](javascript:alert(106))",
    "resource title": '"><svg onload=alert(107)>',
    "provider": "<script>alert(108)</script>",
    "description": "</p><img src=x onerror=alert(109)>",
    "issuer": "{: onclick=alert(110)}",
    "certificate title": '"><img src=x onerror=alert(111)>',
    "price": "<svg onload=alert(112)>",
    "licence": "<iframe src=javascript:alert(113)>",
    "size": "<img src=x onerror=alert(114)>",
    "format": "<img src=x onerror=alert(115)>",
    "question": "<img src=x onerror=alert(116)> {: onclick=alert(116)}",
    "archive url": 'https://x.invalid/"onmouseover="alert(117)',
}


def browser_scheme(href: str) -> str | None:
    """The scheme a browser's URL parser finds (WHATWG: tab and newlines removed, then the
    leading and trailing C0 controls and spaces): the tests' own oracle, independent of the
    sanitizer's."""
    url = re.sub(r"[\t\n\r]", "", html.unescape(href)).strip("".join(map(chr, range(33))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


def hostile_data() -> dict[str, Any]:
    """The valid fixture with every payload placed in its field (valid but for Markdown)."""
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    stages, topics, resources = data["stages"], data["topics"], data["resources"]
    by_id = {r["id"]: r for r in resources}
    stages[0]["title"] = PLAIN_PAYLOADS["stage title"]
    stages[1]["title"] = PLAIN_PAYLOADS["second stage title"]
    extra = copy.deepcopy(stages[1])
    extra.update(id="benign", title=BENIGN_TITLE, prerequisites=["modelling"])
    stages.append(extra)
    stages[0]["outcomes"].append(PLAIN_PAYLOADS["outcome"])
    for stage, payload in zip(stages, MARKDOWN_PAYLOADS, strict=False):
        stage["summary"] = payload
    topics[0]["title"] = PLAIN_PAYLOADS["topic title"]
    topics[1]["description"] = PLAIN_PAYLOADS["topic description"]
    by_id["python-docs"].update(
        title=PLAIN_PAYLOADS["pick title"], archive_url=PLAIN_PAYLOADS["archive url"]
    )
    by_id["sql-course"].update(
        title=PLAIN_PAYLOADS["resource title"],
        provider=PLAIN_PAYLOADS["provider"],
        description=PLAIN_PAYLOADS["description"],
    )
    by_id["sql-course"]["stages"].append("benign")
    by_id["new-cert"].update(
        issuer=PLAIN_PAYLOADS["issuer"],
        title=PLAIN_PAYLOADS["certificate title"],
        price=PLAIN_PAYLOADS["price"],
    )
    by_id["iris"].update(
        license=PLAIN_PAYLOADS["licence"],
        size=PLAIN_PAYLOADS["size"],
        formats=[PLAIN_PAYLOADS["format"]],
    )
    template = data["questions"][0]
    template["question"] = PLAIN_PAYLOADS["question"]
    for number, payload in enumerate(MARKDOWN_PAYLOADS[len(stages) :], 1):
        question = copy.deepcopy(template)
        question.update(
            id=f"hostile-{number}",
            question=f"Hostile answer {number}?",
            answer=f"Before.\n\n{payload}\n\nAfter.",
        )
        data["questions"].append(question)
    return data


def hostile_yaml() -> str:
    """`hostile_data()` as YAML text."""
    return yaml.safe_dump(hostile_data(), allow_unicode=True, sort_keys=False, width=1000)
