"""A static server for a built site, as GitHub Pages serves it: gzip for text and
a ten-minute cache with validators, so the bytes the tests count are the bytes a
reader downloads, on a first visit and on the next page."""

from __future__ import annotations

import functools
import gzip
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HOST = "127.0.0.1"

# What GitHub Pages compresses.
_COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml)|image/svg)")
CACHE_CONTROL = "max-age=600"


class _Handler(SimpleHTTPRequestHandler):
    """Serve files like a static host: gzip for text when the browser asks."""

    def log_message(self, format, *args):  # the stdlib signature; say nothing
        pass

    def end_headers(self):
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (os.path.isfile(path) and wants_gzip and _COMPRESSIBLE.match(ctype)):
            return super().do_GET()  # redirects, 404s, fonts, images, notebooks
        stat = os.stat(path)
        body = _gzipped(path, stat.st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", formatdate(stat.st_mtime, usegmt=True))
        self.end_headers()
        self.wfile.write(body)


@functools.cache
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


@contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port unless given); yield its base URL."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def on_server(base_url: str, path: str) -> str:
    """The URL of a site path on the local server."""
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, path, "", ""))
