"""Resident memory of gunicorn's worker processes, read from /proc (Linux), and its goal.

The goal: every worker stays under ``LIMIT_MB`` resident after the memory phase's requests,
and grows by at most ``GROWTH_TOLERANCE_MB`` between the sample taken halfway and the one
at the end (a worker that still grows after thousands of the same requests leaks).
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

LIMIT_MB = 150.0
# Between the two samples: allocator noise and the last lazily filled caches (templates,
# translations, URL reversing) stay well below this; a leak of a few kilobytes a request
# (5,000 requests) passes it.
GROWTH_TOLERANCE_MB = 5.0
PROC = Path("/proc")


def compile_bytecode() -> None:
    """Compile the virtual environment's and Quartier's modules to bytecode, as the container
    image does (UV_COMPILE_BYTECODE=1). Without .pyc files (PYTHONDONTWRITEBYTECODE=1, as on the
    development and CI machines) every worker compiles every module it imports, and the
    compiler's memory stays in its heap: ~15 MB more resident than in production."""
    import quartier

    paths = [sysconfig.get_paths()["purelib"], str(Path(quartier.__file__).resolve().parent)]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", *paths],
        check=False,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=600,
    )


def children(pid: int) -> list[int]:
    """The direct children of ``pid`` (gunicorn's master: its workers)."""
    found: set[int] = set()
    for task in (PROC / str(pid) / "task").glob("*"):
        try:
            found.update(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return sorted(found)


def rss_mb(pid: int) -> float | None:
    """VmRSS of ``pid`` in MB (10^6 bytes); None when the process is gone."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) * 1024 / 1_000_000, 1)  # kB there are KiB
    except OSError:
        return None
    return None


def worker_rss(master_pid: int) -> dict[int, float]:
    """Resident MB of each worker of the gunicorn master ``master_pid``."""
    sizes = {pid: rss_mb(pid) for pid in children(master_pid)}
    return {pid: size for pid, size in sizes.items() if size is not None}


def judge(
    halfway: dict[int, float],
    end: dict[int, float],
    *,
    limit_mb: float = LIMIT_MB,
    tolerance_mb: float = GROWTH_TOLERANCE_MB,
) -> dict[str, Any]:
    """Each worker's figures and whether the goal is met; a worker missing from either sample
    (restarted, or started in between) fails it, as its growth cannot be told."""
    workers = []
    problems = []
    for pid in sorted(set(halfway) | set(end)):
        before, after = halfway.get(pid), end.get(pid)
        growth = None if before is None or after is None else round(after - before, 1)
        workers.append({"pid": pid, "rss_halfway_mb": before, "rss_end_mb": after, "growth_mb": growth})
        if before is None or after is None:
            problems.append(f"worker {pid} was not there for both samples (restarted?)")
            continue
        if after >= limit_mb:
            problems.append(f"worker {pid}: {after:.1f} MB resident (limit {limit_mb:g})")
        if growth is not None and growth > tolerance_mb:
            problems.append(f"worker {pid} grew by {growth:.1f} MB (tolerance {tolerance_mb:g})")
    if not workers:
        problems.append("no gunicorn worker found")
    return {
        "limit_mb": limit_mb,
        "growth_tolerance_mb": tolerance_mb,
        "workers": workers,
        "max_rss_mb": max((w["rss_end_mb"] or 0.0 for w in workers), default=0.0),
        "max_growth_mb": max((w["growth_mb"] or 0.0 for w in workers), default=0.0),
        "problems": problems,
        "goal_met": not problems,
    }
