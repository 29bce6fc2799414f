"""One exception family. Each error carries its one-line message and its exit code; only the CLI
turns them into exits."""

import re

# Exit codes, documented in README.md ("Exit codes").
EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_REMOTE = 3


class TradegraphError(Exception):
    """Base class: an error the user can act on, reported as one line."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(TradegraphError):
    """A file is missing, unreadable or not valid RDF/SPARQL."""


class UsageError(TradegraphError):
    """An unknown query, an unknown or missing parameter, or a malformed value."""


class InvalidGraphError(TradegraphError):
    """The graph does not validate, so it is not published (push, serve); carries the
    validation report (validate.Report) for the caller to show."""

    exit_code = EXIT_VIOLATIONS

    def __init__(self, message: str, report: object = None) -> None:
        super().__init__(message)
        self.report = report


class RemoteError(TradegraphError):
    """A remote SPARQL endpoint could not be reached, failed, timed out or did not answer with
    SPARQL results."""

    exit_code = EXIT_REMOTE


def one_line(text: str) -> str:
    """Fold a library's multi-line message into the one line the CLI prints."""
    return re.sub(r"\s+", " ", text).strip()


def cut(text: str, limit: int) -> str:
    """Text as echoed back to the user: at most limit characters, an ellipsis where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
