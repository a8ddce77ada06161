"""`make bench`: serve the portal under gunicorn on a fresh benchmark database and load it.

Steps: (re)create the PostgreSQL database `emining_bench_data`, migrate, generate 20,000
projects, 5,000 firms and 100,000 bids, collect static files, count SQL queries per endpoint
(Django test client), start gunicorn on 127.0.0.1, warm up, drive each endpoint with wrk (2
threads, 16 connections), print a table with requests/s, p50/p95/p99 and queries per
request, and check the targets.
Afterwards gunicorn is stopped and the database dropped (KEEP_BENCH_DB=1 keeps it).

Everything talks to 127.0.0.1 only; nothing is installed. Settings: bench/settings.py.
Environment (defaults in brackets):
  BENCH_PROJECTS [20000]   BENCH_FIRMS [5000]   BENCH_BIDS [100000]
  BENCH_MOUS [2000]   BENCH_LEADS [50000]
  BENCH_DURATION [15] s per endpoint   BENCH_WARMUP [3] s
  BENCH_CONNECTIONS [16]   BENCH_THREADS [2] (wrk)              BENCH_PORT [8765]
  BENCH_WORKERS [4] and BENCH_WORKER_THREADS [1] (gunicorn; more than one thread: gthread)
  BENCH_PG [postgres://postgres@127.0.0.1:5432]   BENCH_DB_NAME [emining_bench_data]
  BENCH_CACHE_URL [redis://127.0.0.1:6379/13]   (flushed before and after the run)
  BENCH_ONLY=key,key   BENCH_EXPLAIN=1 (query plans)   KEEP_BENCH_DB=1   BENCH_REUSE_DB=1
  BENCH_STRICT=1 (exit 1 when a target fails)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench import exports
from bench.endpoints import ENDPOINTS

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOOPBACK = {"127.0.0.1"}


class BenchError(Exception):
    """A step failed; the message says which."""


def setting(name: str, default: str) -> str:
    return os.environ.get(name, default)


def say(message: str) -> None:
    print(message, flush=True)


def check_loopback(url: str, what: str) -> None:
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise BenchError(f"{what} must be on 127.0.0.1 (got {host!r}): the benchmark is local.")


def load_note(*, before: bool) -> str:
    one, five, _ = os.getloadavg()
    note = f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"
    if before and one > 1.0:
        note += " — other processes are busy: expect lower numbers than on an idle machine"
    if not before:
        note += " (including the benchmark's own server, database and wrk)"
    return note


# --- Database, cache, static files ------------------------------------------------------------


def admin_connection(server: str):
    import psycopg

    return psycopg.connect(f"{server}/postgres", autocommit=True)


def database_exists(server: str, name: str) -> bool:
    with admin_connection(server) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def recreate_database(server: str, name: str) -> None:
    with admin_connection(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(server: str, name: str) -> None:
    with admin_connection(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_cache(url: str) -> str:
    """Empty the benchmark's Redis database; fall back to per-process memory without Redis."""
    if not url.startswith("redis"):
        return url
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except Exception as error:  # no Redis here: still measurable, with a note
        say(f"  Redis at {url} is not available ({error}); using a per-process memory cache.")
        return "locmemcache://"
    return url


def manage(env: dict, *args: str, quiet: bool = False) -> None:
    command = [PYTHON, "manage.py", *args]
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        command, cwd=ROOT, env=env, capture_output=quiet, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout or "")[-2000:] if quiet else ""
        raise BenchError(f"`manage.py {' '.join(args)}` failed.\n{detail}")


def project_count(env: dict) -> int:
    script = "from projects.models import Project; print(Project.objects.count())"
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return int(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return 0


# --- Serving and loading ----------------------------------------------------------------------


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    workers = setting("BENCH_WORKERS", "4")
    threads = int(setting("BENCH_WORKER_THREADS", "1"))
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "emining.wsgi:application",
        # The shipped settings (recycling, timeouts), then the benchmark's own choices.
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--access-logfile",
        "/dev/null",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        workers,
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--threads",
        str(threads),
        "--backlog",
        "1024",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log),
    ]
    say(f"  gunicorn: {workers} workers × {threads} thread(s) on 127.0.0.1:{port}")
    # Its own session, so that stopping it stops its workers and nothing else.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/healthz"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError("gunicorn exited while starting; see its log above.")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise BenchError(f"gunicorn did not answer {url} within {timeout:.0f} s.")


def run_wrk(
    port: int, paths: tuple[str, ...], seconds: int, actor: dict[str, str] | None = None
) -> dict:
    """`actor`: extra environment for report.lua (a cookie, per-thread POSTs), and for
    per-thread POSTs the thread and connection counts (one firm per connection)."""
    actor = dict(actor or {})
    threads = actor.pop("threads", setting("BENCH_THREADS", "2"))
    connections = actor.pop("connections", setting("BENCH_CONNECTIONS", "16"))
    command = [
        "wrk",
        "-t",
        threads,
        "-c",
        connections,
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(ROOT / "bench" / "report.lua"),
        f"http://127.0.0.1:{port}{paths[0]}",
    ]
    env = {**os.environ, "BENCH_PATHS": "|".join(paths), **actor}
    result = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, check=False
    )
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            data = json.loads(line.removeprefix("BENCH_JSON "))
            data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
            data["non_2xx"] = data["errors"]["status"]
            data["socket_errors"] = sum(
                data["errors"][k] for k in ("connect", "read", "write", "timeout")
            )
            return data
    raise BenchError(f"wrk gave no summary:\n{result.stdout}\n{result.stderr}")


def actor_of(endpoint, scenario: dict) -> tuple[tuple[str, ...], dict[str, str]]:
    """The paths and the extra wrk environment of an endpoint's actor (see endpoints.py)."""
    if endpoint.actor == "evaluator":
        paths = tuple(
            p.replace("{evaluation_path}", scenario["evaluation_path"]) for p in endpoint.paths
        )
        return paths, {"BENCH_COOKIE": scenario["session_cookie"]}
    if endpoint.actor == "revisers":
        from bench.endpoints import REVISION_BODY

        revisers = scenario["revisers"]
        return (revisers[0]["path"],), {
            "BENCH_THREAD_REQUESTS": "|".join(f"{r['path']} {r['token']}" for r in revisers),
            "BENCH_BODY": REVISION_BODY,
            "threads": str(len(revisers)),
            "connections": str(len(revisers)),
        }
    return endpoint.paths, {}


# --- Report -----------------------------------------------------------------------------------


def print_table(
    endpoints, results: dict, queries: dict, paired_bare: dict
) -> list[tuple[str, bool, str]]:
    """`paired_bare`: the bare view measured right before each row with a ratio target;
    those rows' ratios are to it (the other rows' to the bare view measured first)."""
    bare = results.get("bare")

    def bare_rps_for(key: str) -> float:
        paired = paired_bare.get(key) or bare
        return paired["rps"] if paired else 0.0

    header = (
        f"{'endpoint':<44} {'cache':>5} {'req/s':>8} {'× bare':>7} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8} {'queries':>9} {'errors':>7}"
    )
    say("\n" + header)
    say("-" * len(header))
    for endpoint in endpoints:
        data = results.get(endpoint.key)
        counted = queries.get(endpoint.key, {})
        query_text = f"{counted['warm']}/{counted['cold']}" if counted else "?"  # warm/cold
        if data is None:
            say(f"{endpoint.label:<44} {'':>5} {'(not run)':>8}")
            continue
        errors = data["non_2xx"] + data["socket_errors"]
        bare_rps = bare_rps_for(endpoint.key)
        ratio = f"{data['rps'] / bare_rps:.3f}" if bare_rps else "?"
        say(
            f"{endpoint.label:<44} {endpoint.cache:>5} {data['rps']:>8.1f} {ratio:>7} "
            f"{data['p50_us'] / 1000:>8.1f} {data['p95_us'] / 1000:>8.1f} "
            f"{data['p99_us'] / 1000:>8.1f} {query_text:>9} {errors:>7}"
        )
    say(
        "cache: warm = repeated URLs (the listing cache answers), cold = every request a miss; "
        "× bare: requests/s over the bare view's in this run (for rows with a ratio target, "
        "the bare view measured right before the row); queries: per request, "
        "warm/cold; errors: non-2xx responses and socket errors"
    )

    checks: list[tuple[str, bool, str]] = []
    for endpoint in endpoints:
        data = results.get(endpoint.key)
        if endpoint.p95_target_ms is not None and data is not None:
            p95 = data["p95_us"] / 1000
            valid = not data["non_2xx"] and data["requests"] > 0
            checks.append(
                (
                    f"{endpoint.label}: p95 < {endpoint.p95_target_ms:g} ms",
                    valid and p95 < endpoint.p95_target_ms,
                    f"{p95:.1f} ms" + ("" if valid else " (non-2xx responses)"),
                )
            )
        bare_rps = bare_rps_for(endpoint.key)
        if endpoint.ratio_target is None or data is None or not bare_rps:
            continue
        ratio = data["rps"] / bare_rps
        paired = paired_bare.get(endpoint.key) or bare
        valid = not (data["non_2xx"] or paired["non_2xx"])
        checks.append(
            (
                f"{endpoint.label}: ≥ {endpoint.ratio_target:g}× bare requests/s",
                valid and ratio >= endpoint.ratio_target,
                f"{ratio:.3f}× (bare {bare_rps:.0f} req/s)"
                + ("" if valid else " (non-2xx responses)"),
            )
        )
    say("\nTargets")
    for name, passed, measured in checks:
        say(f"  {'PASS' if passed else 'FAIL'}  {name:<62} measured {measured}")
    return checks


def measure_export(port: int) -> tuple[str, bool, str]:
    """The full CSV export of projects, downloaded whole (`bench/exports.py`)."""
    say("\n7. Downloading the full projects CSV export (best of 3) ...")
    try:
        run = exports.measure(port)
    except (OSError, urllib.error.URLError) as error:
        return ("Open data: full projects CSV", False, f"failed: {error}")
    say(
        f"   {run['rows']} rows, {run['bytes'] / 1e6:.1f} MB in {run['seconds']:.2f} s: "
        f"{run['rows_per_s']:.0f} rows/s (first byte after {run['first_byte_ms']:.0f} ms)"
    )
    passed = run["status"] == 200 and run["rows_per_s"] > exports.ROWS_PER_SECOND_TARGET
    name = f"Open data: full projects CSV > {exports.ROWS_PER_SECOND_TARGET} rows/s"
    say(f"  {'PASS' if passed else 'FAIL'}  {name:<62} measured {run['rows_per_s']:.0f} rows/s")
    return (name, passed, f"{run['rows_per_s']:.0f} rows/s")


# --- The run ----------------------------------------------------------------------------------


def main() -> int:
    if shutil.which("wrk") is None:
        say("wrk is not installed: `apt-get install wrk` and run `make bench` again.")
        return 2
    server = setting("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    name = setting("BENCH_DB_NAME", "emining_bench_data")
    cache_url = setting("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13")
    broker_url = setting("BENCH_BROKER_URL", "redis://127.0.0.1:6379/12")
    if not re.fullmatch(r"[a-z0-9_]*bench[a-z0-9_]*", name):
        say(f"BENCH_DB_NAME {name!r} must contain 'bench' (the run drops and recreates it).")
        return 2
    try:
        check_loopback(server, "PostgreSQL")
        if cache_url.startswith("redis"):
            check_loopback(cache_url, "Redis")
        if broker_url.startswith("redis"):
            check_loopback(broker_url, "Redis")
    except BenchError as error:
        say(str(error))
        return 2
    count = int(setting("BENCH_PROJECTS", "20000"))
    firms = int(setting("BENCH_FIRMS", "5000"))
    bids = int(setting("BENCH_BIDS", "100000"))
    mous = int(setting("BENCH_MOUS", "2000"))
    leads = int(setting("BENCH_LEADS", "50000"))
    duration = int(setting("BENCH_DURATION", "15"))
    warmup = int(setting("BENCH_WARMUP", "3"))
    port = int(setting("BENCH_PORT", "8765"))
    only = {key for key in setting("BENCH_ONLY", "").split(",") if key}
    endpoints = [e for e in ENDPOINTS if not only or e.key in only or e.key == "bare"]
    keep = setting("KEEP_BENCH_DB", "") == "1"
    reuse = setting("BENCH_REUSE_DB", "") == "1"

    scratch = Path(tempfile.mkdtemp(prefix="emining-bench-"))
    # Kept beside a reused database: the credentials of the scenarios' actors.
    scenario_file = Path(tempfile.gettempdir()) / f"{name}-scenario.json"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": f"{server}/{name}",
        "BENCH_SCRATCH": str(scratch),
        "DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DATABASE_URL", None)  # bench/settings.py reads BENCH_DATABASE_URL only
    gunicorn = None
    created_database = False
    results: dict[str, dict] = {}
    paired_bare: dict[str, dict] = {}
    checks: list[tuple[str, bool, str]] = []
    try:
        say(f"Benchmark on {load_note(before=True)}")
        env["BENCH_CACHE_URL"] = flush_cache(cache_url)
        broker = flush_cache(broker_url)
        # Without Redis the tasks run in the request (eagerly), with a note from flush_cache.
        env["BENCH_BROKER_URL"] = broker if broker.startswith("redis") else ""
        try:
            exists = database_exists(server, name)
        except Exception as error:
            raise BenchError(f"PostgreSQL at {server} is not available: {error}") from error
        if reuse and exists and project_count(env) >= count:
            say(f"1. Reusing database {name} (BENCH_REUSE_DB=1).")
            manage(env, "migrate", "--noinput", "-v", "0")
        else:
            say(f"1. Creating database {name} and migrating ...")
            recreate_database(server, name)
            created_database = True
            manage(env, "migrate", "--noinput", "-v", "0")
            say(f"2. Generating {count} projects ...")
            started = time.monotonic()
            manage(
                env,
                "generate_bench_data",
                "--projects",
                str(count),
                "--seed",
                "1",
                "--allow-production",
            )
            say(f"   done in {time.monotonic() - started:.1f} s")
            say(f"   Generating {firms} firms and {bids} bids ...")
            started = time.monotonic()
            manage(
                env,
                "generate_bench_bids",
                "--firms",
                str(firms),
                "--bids",
                str(bids),
                "--seed",
                "1",
                "--scenario",
                str(scenario_file),
                "--allow-production",
            )
            say(f"   done in {time.monotonic() - started:.1f} s")
            say(f"   Generating {mous} MoUs and {leads} leads ...")
            started = time.monotonic()
            manage(
                env,
                "generate_bench_mous",
                "--mous",
                str(mous),
                "--leads",
                str(leads),
                "--seed",
                "1",
                "--allow-production",
            )
            say(f"   done in {time.monotonic() - started:.1f} s")
        if not scenario_file.exists():
            raise BenchError(
                "The bid scenarios are missing: run without BENCH_REUSE_DB=1 once, or keep "
                f"{scenario_file} from the run that generated the data."
            )
        scenario = json.loads(scenario_file.read_text(encoding="utf-8"))
        env["BENCH_SCENARIO"] = str(scenario_file)
        say("3. Collecting static files ...")
        manage(env, "collectstatic", "--noinput", "-v", "0", quiet=True)

        say("4. Counting SQL queries per request (Django test client) ...")
        queries_file = scratch / "queries.json"
        command = [PYTHON, "-m", "bench.queries", "--output", str(queries_file)]
        if setting("BENCH_EXPLAIN", "") == "1":
            command.append("--explain")
        if subprocess.run(command, cwd=ROOT, env=env, check=False).returncode != 0:  # noqa: S603
            raise BenchError("Counting queries failed.")
        queries = json.loads(queries_file.read_text(encoding="utf-8"))
        for endpoint in endpoints:
            counted = queries[endpoint.key]
            bad = [p for p in counted["paths"] if p["status"] >= 300]
            for item in bad:
                say(f"   note: {item['path']} answers {item['status']}")

        say("5. Serving with gunicorn ...")
        gunicorn = start_gunicorn(env, port, scratch / "gunicorn.log")
        wait_until_serving(port, gunicorn)

        say(
            f"6. Loading each endpoint for {duration} s after a {warmup} s warm-up "
            f"({setting('BENCH_THREADS', '2')} wrk threads, "
            f"{setting('BENCH_CONNECTIONS', '16')} connections)"
        )
        bare_paths = next(e.paths for e in ENDPOINTS if e.key == "bare")
        for endpoint in endpoints:
            paths, actor = actor_of(endpoint, scenario)
            if endpoint.ratio_target is not None:
                # The bare view again, right before the row it is compared with: this
                # machine's speed drifts over a run of several minutes (rows late in a run
                # measured lower against a bare view measured first).
                paired_bare[endpoint.key] = run_wrk(port, bare_paths, duration)
            if warmup:
                run_wrk(port, paths, warmup, actor)
            data = run_wrk(port, paths, duration, actor)
            results[endpoint.key] = data
            say(
                f"   {endpoint.label:<40} {data['rps']:8.1f} req/s, "
                f"p95 {data['p95_us'] / 1000:.1f} ms"
                + (f", {data['non_2xx']} non-2xx" if data["non_2xx"] else "")
            )
        checks = print_table(endpoints, results, queries, paired_bare)
        if not only or "opendata_csv" in only:
            checks.append(measure_export(port))
        log = (scratch / "gunicorn.log").read_text(encoding="utf-8", errors="replace").strip()
        if log:
            say("\ngunicorn log (last lines):\n" + "\n".join(log.splitlines()[-20:]))
        say(f"\nAfter the run: {load_note(before=False)}")
    except BenchError as error:
        say(f"\nBenchmark failed: {error}")
        return 1
    except KeyboardInterrupt:
        say("\nInterrupted.")
        return 130
    finally:
        stop(gunicorn)
        flush_cache(env.get("BENCH_CACHE_URL", cache_url))
        if env.get("BENCH_BROKER_URL"):
            flush_cache(env["BENCH_BROKER_URL"])
        if keep:
            say(f"Kept database {name} (KEEP_BENCH_DB=1).")
        elif created_database:
            try:
                drop_database(server, name)
            except Exception as error:
                say(f"Could not drop database {name}: {error}")
        shutil.rmtree(scratch, ignore_errors=True)
    if setting("BENCH_STRICT", "") == "1" and not all(passed for _n, passed, _m in checks):
        return 1
    return 0


def interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    # SIGTERM (e.g. from a CI timeout) cleans up as Ctrl-C does.
    signal.signal(signal.SIGTERM, interrupt)
    sys.exit(main())
