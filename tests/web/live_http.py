"""Serve a Flask app over real HTTP (waitress on 127.0.0.1) for the duration of a block."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import waitress
from flask import Flask


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """`app` under waitress on 127.0.0.1 (a free port), in a thread; yields its root URL."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="waitress-test", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}/"
    finally:
        # Close everything from inside the server's own loop thread (closing its sockets from
        # here would pull them from under a running select): with its map empty, the loop ends.
        def close_all() -> None:
            for channel in list(server._map.values()):
                if channel is not server.trigger and channel is not server:
                    with contextlib.suppress(OSError):  # a worker may have closed it already
                        channel.close()
            server.close()

        try:
            server.trigger.pull_trigger(close_all)
        except OSError:  # the loop already ended and closed its trigger
            thread.join(timeout=10)
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()
        assert not thread.is_alive(), "waitress did not stop"
