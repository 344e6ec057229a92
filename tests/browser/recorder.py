"""Every request, failure and console message of a browser context, and what they
say about a page: requests to other hosts, errors, and the bytes transferred."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from server import HOST


@dataclass
class Recorder:
    """Every request, failure and console error of one browser context."""

    requests: list = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.on("request", lambda r: self.requests.append(r))
        context.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        context.on("page", self.watch)
        for page in context.pages:
            self.watch(page)

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} [{where}]")

    def mark(self) -> int:
        """A point in the record: `transferred(since=...)` counts what came after."""
        return len(self.requests)


def network_problems(recorder: Recorder, host: str = HOST) -> list[str]:
    """Requests to another host, requests that failed, and HTTP errors."""
    problems = []
    for request in recorder.requests:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.hostname != host:
            problems.append(f"request to another host: {request.url}")
    problems += [f"failed request: {failure}" for failure in recorder.failed]
    for request in recorder.requests:
        response = request.response() if request.url.startswith("http") else None
        if response is not None and response.status >= 400:
            problems.append(f"HTTP {response.status}: {request.url}")
    return problems


def console_problems(recorder: Recorder) -> list[str]:
    """Console errors and uncaught exceptions."""
    return [f"console error: {text}" for text in recorder.console_errors] + [
        f"uncaught exception: {text}" for text in recorder.page_errors
    ]


def transferred(recorder: Recorder, since: int = 0) -> list[tuple[str, int]]:
    """(url, bytes) of every response over the network: headers plus the encoded
    (gzipped) body. A response from the browser's cache transfers nothing."""
    sizes = []
    for request in recorder.requests[since:]:
        if not request.url.startswith("http"):
            continue
        response = request.response()
        if response is None or response.from_service_worker:
            continue
        size = request.sizes()
        if size["responseHeadersSize"] <= 0 and size["responseBodySize"] <= 0:
            continue  # served from the cache
        body = size["responseBodySize"]
        if body <= 0 and response.status == 200:  # Chromium reports 0 for a worker's own script
            body = int(response.header_value("content-length") or 0)
        sizes.append((request.url, max(size["responseHeadersSize"], 0) + max(body, 0)))
    return sizes
