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
        """Render as `PATH:LINE:COL: field: message`, the format editors and CI understand.

        Always one line: field names and messages can quote the data (a key with a newline
        in it, say), and a second line would lose its position.
        """
        field = f" {one_line(self.field)}:" if self.field else ""
        return f"{one_line(path)}:{self.line}:{self.col}:{field} {one_line(self.message)}"

    def annotation(self, path: str) -> str:
        """Render as a GitHub Actions workflow command so the PR diff shows it on the line.

        Escaped as the workflow-command format requires (data: %, CR, LF; property values
        also ':' and ','), so text quoted from the data cannot start a command of its own.
        """
        return workflow_command(
            "error",
            self.message,
            file=path,
            line=self.line,
            col=self.col,
            title=self.field or "resources.yaml",
        )


def workflow_command(command: str, message: str, **properties: str | int) -> str:
    """A GitHub Actions workflow command (`::error file=...,line=...::message`), escaped."""
    listed = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
    return f"::{command}{' ' if listed else ''}{listed}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters shown as escapes."""
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


def field_path(path: tuple[str | int, ...]) -> str:
    """Turn ('resources', 3, 'level') into 'resources[3].level'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
