"""Benchmark Quartier's public pages against a large town, in one run.

    uv run python benchmarks/run.py [--rebuild] [--database-url postgres://…@127.0.0.1/…]

1. migrates and builds the benchmark town (60 districts, 50,000 users, 50,000 events,
   100,000 inquiries) in its own database: SQLite under benchmarks/out/data, or the
   PostgreSQL database given, and signs in a staff member (password and TOTP) for the inbox;
2. starts `quartier serve` (gunicorn, DEBUG off) on a free port of 127.0.0.1 with
   benchmarks.settings, which adds the floor page /_bench/floor/;
3. measures requests per second and p50/p95 latency of the public pages, the staff
   inbox and the floor, with wrk if installed, otherwise with Python threads;
4. measures the bytes of a first visit to the home page (HTML, CSS, JavaScript and fonts, as
   sent compressed; benchmarks/firstvisit.py) and of a later page;
5. prints a table and writes benchmarks/out/results.json. The server is stopped in all cases;
6. sends 10,000 more requests over all pages (the memory phase) and reads every gunicorn
   worker's resident memory after 5,000 and after 10,000 (benchmarks/memory.py): each must stay
   under 150 MB and grow by at most 5 MB over the last 5,000;
7. sends a newsletter campaign to 10,000 recipients in-process (locmem mail backend) and prints
   recipients per second and peak memory (tracemalloc) in a table of its own.

The goals: every page reaches at least half of the floor's throughput (ratio >= 0.5), and every
gunicorn worker stays under 150 MB resident without growing. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import firstvisit, loadgen, memory  # noqa: E402

OUT = REPO / "benchmarks" / "out"
HOST = "127.0.0.1"
GOAL_RATIO = 0.5
SLOW_PAGE_MS = 500  # in-process; such a page is requested less often in the memory phase
SLOW_PAGE_SHARE = 20
BENCH_SECRET_KEY = "benchmark-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
LOCAL_DATABASE_HOSTS = {"127.0.0.1", "localhost", ""}  # "" is a Unix socket


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def bench_env(args: argparse.Namespace, data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # Nothing from the developer's own configuration may leak into the benchmark.
        if key not in {"DATABASE_URL", "REDIS_URL", "QUARTIER_DATA_DIR", "SECRET_KEY_FILE", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")])),
            "QUARTIER_DATA_DIR": str(data_dir),
            "DEBUG": "0",
            "SECRET_KEY": BENCH_SECRET_KEY,
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            # The load generator asks from one address: the API's per-address limit must not answer 429.
            "API_RATE_LIMIT": "100000000",
        }
    )
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    return env


def check_database_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.split("+")[0] not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit("--database-url must be a PostgreSQL URL (postgres://user:password@127.0.0.1:5432/name)")
    if (parts.hostname or "") not in LOCAL_DATABASE_HOSTS:
        raise SystemExit(f"--database-url must point to 127.0.0.1 (or a local socket), not {parts.hostname!r}")


def quartier_command(*argv: str) -> list[str]:
    """`uv run quartier …` when uv is on the PATH, else the quartier CLI of this interpreter."""
    if shutil.which("uv"):
        return ["uv", "run", "--quiet", "quartier", *argv]
    return [sys.executable, "-m", "quartier.cli", *argv]


def run_checked(command: list[str], env: dict[str, str], what: str, timeout: float) -> str:
    completed = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"{what} failed (exit status {completed.returncode})")
    return completed.stdout


def last_json_line(output: str) -> Any:
    for line in reversed(output.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"no JSON in output:\n{output}")


class Server:
    """`quartier serve` in its own process group, stopped by its process id."""

    def __init__(self, env: dict[str, str], port: int, workers: int, log_path: Path) -> None:
        self.env = {
            **env,
            "QUARTIER_BIND": f"{HOST}:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESS_LOG": os.devnull,  # cli.py always passes --access-logfile; /dev/null turns it off
            "FORWARDED_ALLOW_IPS": HOST,
        }
        self.port = port
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        self.log_file = self.log_path.open("wb")
        # The CLI execs gunicorn, so this process id is gunicorn's master.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quartier.cli", "serve", "--log-level", "warning"],
            cwd=REPO,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        atexit.register(self.stop)

    def wait_healthy(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise SystemExit(f"the server exited early (status {self.process.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.25)
        raise SystemExit(f"the server did not answer /healthz within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # gunicorn: graceful shutdown of master and workers
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the group this script created for the server
                process.wait(timeout=5)
        # Workers that outlived their master would still be in the group we created.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        self.log_file.close()
        log("server stopped")


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, int, str]:
    """One GET, redirects not followed: (status, body size, Location)."""
    host, port, path = loadgen.check_target(url)
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": f"{host}:{port}", **(headers or {})})
        response = connection.getresponse()
        return response.status, len(response.read()), response.getheader("Location") or ""
    finally:
        connection.close()


def page_headers(page: dict[str, Any], cookie: str) -> dict[str, str]:
    """A signed-in page carries the staff member's session cookie; the others none."""
    return {"Cookie": cookie} if page.get("signed_in") else {}


def measure(pages: list[dict[str, Any]], server: Server, args: argparse.Namespace, cookie: str) -> None:
    for page in pages:
        url = server.base_url + page["path"]
        status, size, location = fetch(url, page_headers(page, cookie))
        if status != 200:
            hint = " (the staff session was not accepted)" if page.get("signed_in") else ""
            raise SystemExit(
                f"{page['path']} answered {status}{' → ' + location if location else ''}, not 200{hint}:\n"
                f"{server.log_tail()}"
            )
        page["bytes"] = size
        page["rounds"] = []
    for round_number in range(1, args.rounds + 1):
        for page in pages:
            url = server.base_url + page["path"]
            headers = page_headers(page, cookie)
            if args.warmup > 0:
                loadgen.run(url, args.warmup, args.concurrency, args.engine, headers)
            result = loadgen.run(url, args.duration, args.concurrency, args.engine, headers)
            page["rounds"].append(result.as_dict())
            log(
                f"round {round_number}/{args.rounds} {page['name']:<10} {result.rps:8.1f} rps  "
                f"p50 {result.p50_ms:7.2f} ms  p95 {result.p95_ms:7.2f} ms  errors {result.errors}"
            )
    floor = next(page for page in pages if page["name"] == "floor")
    for page in pages:
        rounds = page["rounds"]
        # Medians over the rounds. The ratio is taken within each round, where page and floor are
        # measured seconds apart, so a machine that is busy for a while shifts both alike.
        page["rps"] = round(statistics.median(r["rps"] for r in rounds), 1)
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            page[key] = round(statistics.median(r[key] for r in rounds), 2)
        page["requests"] = sum(r["requests"] for r in rounds)
        page["errors"] = sum(r["errors"] for r in rounds)
        page["engine"] = rounds[0]["engine"]
        page["rps_rounds"] = [r["rps"] for r in rounds]
        ratios = [r["rps"] / f["rps"] if f["rps"] else 0.0 for r, f in zip(rounds, floor["rounds"], strict=True)]
        page["ratio_rounds"] = [round(ratio, 3) for ratio in ratios]
        page["ratio"] = round(statistics.median(ratios), 3)
        page["goal_met"] = page["ratio"] >= GOAL_RATIO


def print_table(pages: list[dict[str, Any]]) -> None:
    header = (
        f"{'page':<10} {'path':<30} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6} "
        f"{'goal':>5} {'queries':>7} {'in-proc ms':>10} {'rendered q':>10} {'rendered ms':>11} {'KiB':>6}"
    )
    print()
    print(header)
    print("-" * len(header))
    for page in pages:
        goal = "ok" if page["goal_met"] else "LOW"
        print(
            f"{page['name']:<10} {page['path']:<30} {page['rps']:>8.1f} {page['p50_ms']:>8.2f} {page['p95_ms']:>8.2f} "
            f"{page['ratio']:>6.2f} {goal:>5} {page.get('queries', '?'):>7} {page.get('inproc_ms', '?'):>10} "
            f"{page.get('rendered_queries', '?'):>10} {page.get('rendered_ms', '?'):>11} {page['bytes'] / 1024:>6.1f}"
        )
    print()


def measure_first_visit(server: Server, later_path: str) -> dict[str, Any]:
    """The bytes of a first visit to the home page and of a later page, as the server sends them."""
    fetch = firstvisit.http_fetch(server.base_url)
    visit = firstvisit.first_visit(fetch, "/")
    visit["later_page"] = firstvisit.later_page(fetch, later_path, visit)
    log(
        f"first visit: {visit['page_bytes'] / 1024:.1f} KiB HTML+CSS+JS (budget "
        f"{firstvisit.BUDGET_PAGE_BYTES / 1024:.0f}), {visit['font_bytes'] / 1024:.1f} KiB fonts (budget "
        f"{firstvisit.BUDGET_FONT_BYTES / 1024:.0f})"
    )
    return visit


def print_first_visit(visit: dict[str, Any]) -> None:
    print(f"first visit to {visit['path']} (compressed, as sent):")
    for entry in visit["files"]:
        print(f"  {entry['kind']:<5} {entry['bytes'] / 1024:>7.1f} KiB  {entry['url']}")
    later = visit["later_page"]
    print(
        f"  total {visit['page_bytes'] / 1024:.1f} KiB HTML+CSS+JS (budget {visit['budget_page_bytes'] / 1024:.0f}), "
        f"{visit['font_bytes'] / 1024:.1f} KiB fonts (budget {visit['budget_font_bytes'] / 1024:.0f}): "
        f"{'ok' if visit['within_budget'] else 'OVER BUDGET'}"
    )
    print(
        f"  a later page ({later['path']}): {later['html_bytes'] / 1024:.1f} KiB HTML, "
        f"{later['new_asset_bytes'] / 1024:.1f} KiB of files not cached yet\n"
    )


def measure_campaign(env: dict[str, str], recipients: int) -> dict[str, Any]:
    """Sending a newsletter campaign in-process (locmem mail backend, no rate limit): recipients
    per second and tracemalloc's peak memory, printed as a table of its own."""
    log(f"sending a campaign to {recipients} recipients in-process")
    campaign: dict[str, Any] = last_json_line(
        run_checked(
            [sys.executable, "-m", "benchmarks.town", "campaign", "--recipients", str(recipients)],
            env,
            "sending a campaign",
            timeout=900,
        )
    )
    header = f"{'measure':<10} {'recipients':>10} {'sent':>8} {'seconds':>8} {'per second':>10} {'peak MiB':>9}"
    print(header)
    print("-" * len(header))
    print(
        f"{'campaign':<10} {campaign['recipients']:>10} {campaign['sent']:>8} {campaign['seconds']:>8.2f} "
        f"{campaign['recipients_per_second']:>10.1f} {campaign['peak_memory_mib']:>9.1f}"
    )
    print()
    return campaign


def measure_memory(
    pages: list[dict[str, Any]], server: Server, args: argparse.Namespace, cookie: str
) -> dict[str, Any]:
    """The memory phase: ``--memory-requests`` requests round all pages; each worker's resident
    memory (VmRSS) halfway and at the end, judged by ``benchmarks.memory.judge``."""
    if server.process is None:
        raise RuntimeError("the server is not running")
    # A page that takes seconds (the yearly report) gets one request per SLOW_PAGE_SHARE rounds of
    # the others, so that the phase stays a few minutes long and still renders it.
    fast = [page for page in pages if page.get("inproc_ms", 0) < SLOW_PAGE_MS]
    slow = [page for page in pages if page.get("inproc_ms", 0) >= SLOW_PAGE_MS]
    rotation = fast * SLOW_PAGE_SHARE + slow
    targets = [(server.base_url + page["path"], page_headers(page, cookie)) for page in rotation]
    half = args.memory_requests // 2
    rare = f" ({', '.join(page['name'] for page in slow)} once per {SLOW_PAGE_SHARE} rounds)" if slow else ""
    log(f"memory phase: {args.memory_requests} requests over {len(pages)} pages{rare}, {args.concurrency} connections")
    first = loadgen.run_count(targets, half, args.concurrency)
    halfway = memory.worker_rss(server.process.pid)
    second = loadgen.run_count(targets, args.memory_requests - half, args.concurrency)
    end = memory.worker_rss(server.process.pid)
    verdict = memory.judge(halfway, end)
    verdict.update(
        requests=first.requests + second.requests,
        sampled_after=[first.requests, first.requests + second.requests],
        errors=first.errors + second.errors,
        seconds=round(first.seconds + second.seconds, 1),
    )
    if verdict["errors"]:
        verdict["problems"].append(f"{verdict['errors']} requests failed")
        verdict["goal_met"] = False
    return verdict


def print_memory(result: dict[str, Any]) -> None:
    first, total = result["sampled_after"]
    print(
        f"gunicorn workers' resident memory after {first:,} and {total:,} requests "
        f"(limit {result['limit_mb']:g} MB, growth tolerance {result['growth_tolerance_mb']:g} MB):"
    )
    for worker in result["workers"]:
        print(
            f"  pid {worker['pid']:>7}  {worker['rss_halfway_mb'] or 0:7.1f} MB → {worker['rss_end_mb'] or 0:7.1f} MB"
            f"  ({worker['growth_mb'] if worker['growth_mb'] is not None else '?':+} MB)"
        )
    print(f"  {'ok' if result['goal_met'] else 'MISSED: ' + '; '.join(result['problems'])}\n")


def write_results(results: dict[str, Any], database: str) -> None:
    """results.json keeps the latest run on each database side by side (`runs.sqlite`,
    `runs.postgresql`), so one file shows both; results-<database>.json holds this run alone."""
    (OUT / f"results-{database}.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    combined: dict[str, Any] = {"runs": {}}
    with contextlib.suppress(OSError, ValueError):
        previous = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
        if isinstance(previous.get("runs"), dict):
            combined["runs"] = previous["runs"]
    combined["runs"][database] = results
    combined["goal_met"] = all(run.get("goal_met") for run in combined["runs"].values())
    (OUT / "results.json").write_text(json.dumps(combined, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"results written to {OUT / 'results.json'} ({', '.join(sorted(combined['runs']))})")
    print(markdown_table(combined["runs"]))


def markdown_table(runs: dict[str, Any]) -> str:
    """The README's table: ratio to the floor (queries served / rendered, ms rendered in-process)
    per page and database."""
    names = sorted(runs)
    header = "| page | " + " | ".join(f"{name}: ratio (queries served/rendered, ms rendered)" for name in names) + " |"
    lines = [header, "|---|" + "---|" * len(names)]
    pages = [page["name"] for page in runs[names[0]]["pages"]]
    for page_name in pages:
        cells = []
        for name in names:
            page = next((p for p in runs[name]["pages"] if p["name"] == page_name), None)
            cells.append(
                f"{page['ratio']:.2f} ({page.get('queries', '?')}/{page.get('rendered_queries', '?')}, "
                f"{page.get('rendered_ms', '?')})"
                if page
                else "–"
            )
        lines.append(f"| {page_name} | " + " | ".join(cells) + " |")
    loads = ", ".join(f"{name}: {runs[name]['settings']['load_average_before']}" for name in names)
    return "\n".join(lines) + f"\n\nload average at the start: {loads}\n"


def busy_warning() -> float:
    """Other work on the machine shares the cores with the server; say so when there is much of it."""
    load = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    if load > 0.5 * cores:
        log(f"warning: the machine is busy (load average {load:.1f} on {cores} cores); figures will be noisy")
    return round(load, 2)


def git_commit() -> str | None:
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return completed.stdout.strip() or None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="throw the benchmark town away and build it again")
    parser.add_argument("--database-url", help="a PostgreSQL database on 127.0.0.1 to use instead of SQLite")
    parser.add_argument("--districts", type=int, default=60)
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds measured per page and round")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of load before each measurement")
    parser.add_argument("--concurrency", type=int, default=8, help="connections kept busy at once")
    parser.add_argument(
        "--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1, help="gunicorn workers (default: 2 × cores + 1)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="measure every page this often, interleaved; medians are reported"
    )
    parser.add_argument("--engine", choices=["auto", "wrk", "python"], default="auto", help="load generator")
    parser.add_argument("--profile", action="store_true", help="also write cProfile reports to benchmarks/out/")
    parser.add_argument(
        "--campaign-recipients", type=int, default=10_000, help="subscribers of the measured newsletter campaign"
    )
    parser.add_argument(
        "--memory-requests",
        type=int,
        default=10_000,
        help="requests of the memory phase after the measured rounds (0: no memory phase)",
    )
    parser.add_argument(
        "--no-check",
        dest="check",
        action="store_false",
        help="exit with status 0 even when a page misses the goal (by default the run fails then)",
    )
    parser.add_argument("--check", action="store_true", default=True, help=argparse.SUPPRESS)  # the default now
    args = parser.parse_args(argv)
    if args.database_url:
        check_database_url(args.database_url)
    if args.engine == "wrk" and not loadgen.have_wrk():
        raise SystemExit("--engine wrk: wrk is not installed (apt-get install wrk)")
    if min(args.duration, args.concurrency, args.workers, args.rounds) <= 0:
        raise SystemExit("--duration, --concurrency, --workers and --rounds must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM must run the finally blocks (and atexit) that stop the server, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    OUT.mkdir(parents=True, exist_ok=True)
    data_dir = OUT / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = bench_env(args, data_dir)
    database = "postgresql" if args.database_url else f"sqlite ({data_dir / 'quartier.sqlite3'})"
    log(f"database: {database}")
    load_before = busy_warning()

    if args.rebuild and not args.database_url:
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"quartier.sqlite3{suffix}").unlink(missing_ok=True)
    log("migrating")
    run_checked(quartier_command("migrate", "--no-input", "--verbosity", "0"), env, "migrate", timeout=600)
    log(f"building the town ({args.districts} districts, {args.users} users) unless it is already there")
    build_argv = ["build", "--districts", str(args.districts), "--users", str(args.users)]
    if args.rebuild:
        build_argv.append("--rebuild")
    built = last_json_line(
        run_checked([sys.executable, "-m", "benchmarks.town", *build_argv], env, "building the town", timeout=1800)
    )
    log(f"town: {'built in ' + str(built['seconds']) + ' s' if built['built'] else 'already built, reused'}")
    if built.get("inquiries_built"):
        log(
            f"inquiries: {built['inquiries']} built in {built['inquiries_seconds']} s "
            f"({built['public_inquiries']} public, {built['inquiry_history_entries']} history entries)"
        )
    if built.get("search_built"):
        log(f"search index: {built['search_entries']} entries built in {built['search_seconds']} s")
    slug = built["district_slug"]
    if not slug:
        raise SystemExit("the benchmark town has no districts")
    pages: list[dict[str, Any]] = [
        {"name": "floor", "path": "/_bench/floor/"},
        {"name": "home", "path": "/"},
        {"name": "district", "path": f"/ortsteile/{slug}/"},
        {"name": "inquiries", "path": "/anliegen/"},
        {"name": "open311", "path": "/open311/v2/requests.json"},
        {"name": "calendar", "path": "/termine/"},
        {"name": "event", "path": built["event_path"]},
        {"name": "ideas", "path": "/mitmachen/ideen/?sort=unterstuetzt"},
        {"name": "idea", "path": built["idea_path"]},
        {"name": "resources", "path": "/ausleihe/"},
        {"name": "resource", "path": built["resource_path"]},
        {"name": "network", "path": "/netzwerk/"},
        {"name": "organisation", "path": built["organisation_path"]},
        {"name": "helper-calls", "path": "/mitmachen/engagement/"},
        {"name": "helper-call", "path": built["helper_call_path"]},
        # The site search with a common word: it matches thousands of events, ideas and projects.
        {"name": "search", "path": "/suche/?q=Treffpunkt"},
        # The read API's main lists, first page (JSON through django-ninja, with ETag).
        {"name": "api-events", "path": "/api/v1/events"},
        {"name": "api-event-dates", "path": "/api/v1/event-dates"},
        {"name": "api-projects", "path": "/api/v1/projects"},
        {"name": "api-organisations", "path": "/api/v1/organisations"},
        # The staff inbox, signed in as a staff member of five districts (~8,300 inquiries) with TOTP.
        {"name": "inbox", "path": "/cockpit/anliegen/", "signed_in": True},
        {"name": "inbox-new", "path": "/cockpit/anliegen/?status=new", "signed_in": True},
        # The yearly report of the whole town for this year (the town's data is dated around now),
        # a draft only staff see: every app's figures aggregated in the database.
        {"name": "report", "path": f"/berichte/{time.localtime().tm_year}/", "signed_in": True},
    ]
    cookie = built["staff_cookie"]  # not written to results.json

    if args.memory_requests:
        log("compiling bytecode, as the container image does (the workers' memory depends on it)")
        memory.compile_bytecode()
    server = Server(env, free_port(), args.workers, OUT / "server.log")
    engine = args.engine if args.engine != "auto" else ("wrk" if loadgen.have_wrk() else "python")
    try:
        log(f"starting quartier serve on {HOST}:{server.port} with {args.workers} workers (log: {server.log_path})")
        server.start()
        server.wait_healthy()
        log("server is up; counting queries in-process")
        inspect_argv = ["inspect", *(page["path"] for page in pages if not page.get("signed_in"))]
        inspect_argv += ["--cookie", cookie]
        for page in pages:
            if page.get("signed_in"):
                inspect_argv += ["--signed-in", page["path"]]
        if args.profile:
            inspect_argv += ["--profile-dir", str(OUT)]
        inspected = last_json_line(
            run_checked([sys.executable, "-m", "benchmarks.town", *inspect_argv], env, "inspecting pages", timeout=600)
        )
        for page in pages:
            if inspected[page["path"]]["status"] != 200:
                raise SystemExit(f"in-process, {page['path']} answered {inspected[page['path']]['status']}, not 200")
            page.update(
                {
                    key: inspected[page["path"]][key]
                    for key in ("queries", "sql_ms", "inproc_ms", "rendered_queries", "rendered_ms", "sql")
                }
            )
            if "profile" in inspected[page["path"]]:
                page["profile"] = inspected[page["path"]]["profile"]
        if not args.profile:
            # The slowest page's profile is always kept: where its time goes, for the next change.
            slowest = max(
                (page for page in pages if page["name"] != "floor"),
                key=lambda page: page.get("rendered_ms", page["inproc_ms"]),
            )
            slow_argv = ["inspect", "--cookie", cookie, "--profile-dir", str(OUT)]
            slow_argv += ["--signed-in", slowest["path"]] if slowest.get("signed_in") else [slowest["path"]]
            profiled = last_json_line(
                run_checked([sys.executable, "-m", "benchmarks.town", *slow_argv], env, "profiling", timeout=600)
            )
            slowest["profile"] = profiled[slowest["path"]].get("profile")
            log(
                f"slowest page in-process: {slowest['name']} ({slowest.get('rendered_ms')} ms rendered, "
                f"{slowest['inproc_ms']} ms served), profile {slowest['profile']}"
            )
        log(
            f"measuring with {engine}: {args.concurrency} connections, {args.warmup:g} s warm-up + "
            f"{args.duration:g} s per page, {args.rounds} round(s)"
        )
        measure(pages, server, args, cookie)
        visit = measure_first_visit(server, f"/ortsteile/{slug}/")
        memory_result = measure_memory(pages, server, args, cookie) if args.memory_requests else None
    finally:
        server.stop()

    print_table(pages)
    print_first_visit(visit)
    if memory_result is not None:
        print_memory(memory_result)
    campaign = measure_campaign(env, args.campaign_recipients)
    results = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "goal": f"every page reaches at least {GOAL_RATIO:g} × the floor's requests per second",
        "goal_met": all(page["goal_met"] for page in pages),
        "first_visit": visit,
        "memory": memory_result,
        "settings": {
            "engine": engine,
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
            "gunicorn_workers": args.workers,
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "database": built["database"],
            "load_average_before": load_before,
            "load_average_after": round(os.getloadavg()[0], 2),
            "districts": args.districts,
            "users": args.users,
            "inquiries": built["inquiries"],
        },
        "pages": pages,
        "campaign": campaign,
    }
    write_results(results, "postgresql" if args.database_url else "sqlite")
    missing = [page["name"] for page in pages if not page["goal_met"]]
    if missing:
        log(f"below half of the floor: {', '.join(missing)}")
    memory_missed = memory_result is not None and not memory_result["goal_met"]
    if memory_missed:
        log(f"memory goal missed: {'; '.join(memory_result['problems'])}")
    return 1 if args.check and (missing or memory_missed) else 0


if __name__ == "__main__":
    sys.exit(main())
