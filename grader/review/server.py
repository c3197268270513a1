"""Starting the review page: 127.0.0.1, a free port, a random token in the URL, nothing to set up.

The server is Werkzeug's (Flask's own), threaded, bound to the loopback interface only; the URL
with its token is printed, and the page is open until Ctrl+C. ``ReviewServer`` runs the same
server in a thread, for tests and for a caller that wants to drive it.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from werkzeug.serving import make_server

from grader.results.decisions import author
from grader.review.app import ReviewConfig, create_app
from grader.text.messages import msg, render

HOST = "127.0.0.1"


def _config(out: Path, lang: str, port: int) -> ReviewConfig:
    return ReviewConfig(
        out=out,
        lang=lang,
        token=secrets.token_urlsafe(24),
        form_token=secrets.token_urlsafe(24),
        author=author(None),
        hosts=(f"{HOST}:{port}", f"localhost:{port}"),
        background_reports=True,
    )


@contextlib.contextmanager
def running(out: Path, lang: str, port: int = 0) -> Iterator[str]:
    """A review server in a thread; yields its URL (with the token) and stops it afterwards."""
    server = make_server(HOST, port, create_app(_config(out, lang, port)), threaded=True)
    config = _config(out, lang, server.server_port)  # port 0: the free port the system chose
    server.app = create_app(config)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}/{config.token}/"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        server.app.config["REPORTS"].flush()  # the static reports hold every save


def serve(out: Path, lang: str, port: int, stream: TextIO) -> None:
    """Serves until interrupted, printing the URL to open."""
    with running(out, lang, port) as url:
        stream.write(render(msg("review.serving"), lang) + f"\n  {url}\n")
        stream.flush()
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
