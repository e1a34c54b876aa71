"""Load generators for the benchmark: wrk when it is installed, otherwise Python threads.

Both keep a fixed number of connections busy for a fixed time against one URL on
127.0.0.1 and report requests per second and latency percentiles in milliseconds.
Requests can carry extra headers (a signed-in page's `Cookie: sessionid=…`).
No other host is allowed.
"""

from __future__ import annotations

import http.client
import json
import math
import shutil
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

ALLOWED_HOST = "127.0.0.1"
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"


@dataclass
class Result:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    errors: int  # non-2xx/3xx answers, connection errors and timeouts
    engine: str

    def as_dict(self) -> dict:
        return asdict(self)


def check_target(url: str) -> tuple[str, int, str]:
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != ALLOWED_HOST or parts.port is None:
        raise ValueError(f"only http://{ALLOWED_HOST}:<port>/ may be benchmarked, not {url!r}")
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return parts.hostname, parts.port, path


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run(
    url: str, seconds: float, concurrency: int, engine: str = "auto", headers: dict[str, str] | None = None
) -> Result:
    check_target(url)
    if engine == "auto":
        engine = "wrk" if have_wrk() else "python"
    if engine == "wrk":
        return run_wrk(url, seconds, concurrency, headers)
    return run_python(url, seconds, concurrency, headers)


def header_lines(headers: dict[str, str] | None) -> list[str]:
    lines = [f"{name}: {value}" for name, value in (headers or {}).items()]
    if any("\r" in line or "\n" in line for line in lines):
        raise ValueError("a header must be one line")
    return lines


def run_wrk(url: str, seconds: float, concurrency: int, headers: dict[str, str] | None = None) -> Result:
    """One wrk thread is plenty for a few thousand requests per second and leaves the cores to the server."""
    check_target(url)
    command = [
        "wrk", "--threads", "1", "--connections", str(concurrency), "--duration", f"{max(1, round(seconds))}s",
        "--timeout", "30s", "--script", str(WRK_SCRIPT),
        *(argument for line in header_lines(headers) for argument in ("--header", line)), url,
    ]  # fmt: skip
    completed = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60)
    line = next((line for line in completed.stdout.splitlines() if line.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no report:\n{completed.stdout}\n{completed.stderr}")
    data = json.loads(line.removeprefix("WRK_JSON "))
    elapsed = data["duration_us"] / 1e6
    errors = sum(data[key] for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
    return Result(
        requests=data["requests"],
        seconds=round(elapsed, 2),
        rps=round(data["requests"] / elapsed, 1) if elapsed else 0.0,
        p50_ms=round(data["p50_us"] / 1000, 2),
        p95_ms=round(data["p95_us"] / 1000, 2),
        p99_ms=round(data["p99_us"] / 1000, 2),
        mean_ms=round(data["mean_us"] / 1000, 2),
        errors=errors,
        engine="wrk",
    )


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def run_python(url: str, seconds: float, concurrency: int, headers: dict[str, str] | None = None) -> Result:
    """Threads with http.client; a connection is kept while the server keeps it open.

    Slower than wrk and it shares the cores with the server, so its figures are a
    little lower; compare ratios rather than absolute numbers across engines.
    """
    host, port, path = check_target(url)
    header_lines(headers)
    request_headers = {"Host": f"{host}:{port}", "User-Agent": "quartier-bench", **(headers or {})}
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    start_gate = threading.Barrier(concurrency + 1)
    deadline = 0.0

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        mine = latencies[index]
        start_gate.wait()
        while True:
            began = time.perf_counter()
            if began >= deadline:
                break
            try:
                connection.request("GET", path, headers=request_headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[index] += 1
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                continue
            mine.append(time.perf_counter() - began)
        connection.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline = started + seconds
    start_gate.wait()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.perf_counter() - started
    values = sorted(value for per_thread in latencies for value in per_thread)
    count = len(values)
    return Result(
        requests=count,
        seconds=round(elapsed, 2),
        rps=round(count / elapsed, 1) if elapsed else 0.0,
        p50_ms=round(percentile(values, 0.50) * 1000, 2),
        p95_ms=round(percentile(values, 0.95) * 1000, 2),
        p99_ms=round(percentile(values, 0.99) * 1000, 2),
        mean_ms=round(sum(values) / count * 1000, 2) if count else math.nan,
        errors=sum(errors),
        engine="python",
    )


@dataclass
class CountResult:
    requests: int
    errors: int
    seconds: float


def run_count(targets: list[tuple[str, dict[str, str]]], total: int, concurrency: int) -> CountResult:
    """Send exactly ``total`` GET requests, going round the ``targets`` (URL, headers) in turn,
    from ``concurrency`` threads (http.client; the memory phase counts requests, not seconds)."""
    checked = [(check_target(url), headers) for url, headers in targets]
    for _target, headers in checked:
        header_lines(headers)
    lock = threading.Lock()
    sent = [0]
    errors = [0]

    def next_index() -> int | None:
        with lock:
            if sent[0] >= total:
                return None
            sent[0] += 1
            return sent[0] - 1

    def worker() -> None:
        while (index := next_index()) is not None:
            (host, port, path), headers = checked[index % len(checked)]
            connection = http.client.HTTPConnection(host, port, timeout=30)
            try:
                connection.request(
                    "GET", path, headers={"Host": f"{host}:{port}", "User-Agent": "quartier-bench", **headers}
                )
                response = connection.getresponse()
                response.read()
                failed = response.status >= 400
            except (OSError, http.client.HTTPException):
                failed = True
            finally:
                connection.close()
            if failed:
                with lock:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return CountResult(requests=sent[0], errors=errors[0], seconds=round(time.perf_counter() - started, 2))
