"""A data error with its position, and how to print it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One error in a data file: where it is and what is wrong."""

    line: int
    col: int
    field: str
    message: str

    def format(self, path: str) -> str:
        """Render as `PATH:LINE:COL: field: message`, the format editors and CI understand."""
        field = f" {self.field}:" if self.field else ""
        return f"{path}:{self.line}:{self.col}:{field} {self.message}"

    def annotation(self, path: str) -> str:
        """Render as a GitHub Actions workflow command so the PR diff shows it on the line."""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        title = self.field.replace(",", "%2C").replace("::", ": :") or "resources.yaml"
        return f"::error file={path},line={self.line},col={self.col},title={title}::{message}"


def field_path(path: tuple[str | int, ...]) -> str:
    """Turn ('resources', 3, 'level') into 'resources[3].level'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
