"""SQL queries per request for each benchmarked endpoint, measured with Django's test client.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.queries --output queries.json [--explain]

Each path is requested twice: "cold" (first request after the data was generated: listing
caches empty) and "warm" (what the load generator mostly sees). With --explain, every warm
SELECT that took at least --explain-ms milliseconds is run again under EXPLAIN ANALYZE and
its plan printed, to show where the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", required=True, help="Where to write the JSON results.")
    parser.add_argument("--explain", action="store_true", help="Print EXPLAIN ANALYZE plans.")
    parser.add_argument("--explain-ms", type=float, default=2.0)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.endpoints import ENDPOINTS, REVISION_BODY

    with open(os.environ["BENCH_SCENARIO"], encoding="utf-8") as scenario_file:
        scenario = json.load(scenario_file)
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    unique = iter(range(10**14, 10**14 + 10**6))  # for "{n}": see report.lua
    results: dict[str, dict] = {}
    for endpoint in ENDPOINTS:
        per_path = []
        for path in endpoint.paths:
            counts, statuses = [], []
            for _attempt in ("cold", "warm"):
                with CaptureQueriesContext(connection) as captured:
                    response = _request(client, endpoint, path, scenario, REVISION_BODY, unique)
                counts.append(len(captured.captured_queries))
                statuses.append(response.status_code)
            per_path.append(
                {"path": path, "status": statuses[-1], "cold": counts[0], "warm": counts[1]}
            )
            if args.explain and path == endpoint.paths[0]:
                _explain(connection, endpoint.label, path, captured.captured_queries, args)
        results[endpoint.key] = {
            "cold": max(item["cold"] for item in per_path),
            "warm": max(item["warm"] for item in per_path),
            "statuses": sorted({item["status"] for item in per_path}),
            "paths": per_path,
        }
    with open(args.output, "w", encoding="utf-8") as output:
        json.dump(results, output, indent=2)
    return 0


def _request(client, endpoint, path: str, scenario: dict, body: str, unique):
    """As the endpoint's actor (see bench/endpoints.py)."""
    if endpoint.actor == "evaluator":
        name, _, value = scenario["session_cookie"].partition("=")
        client.cookies[name] = value
        try:
            return client.get(path.replace("{evaluation_path}", scenario["evaluation_path"]))
        finally:
            del client.cookies[name]
    if endpoint.actor == "revisers":
        reviser = scenario["revisers"][0]
        return client.post(
            reviser["path"],
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {reviser['token']}"},
        )
    return client.get(path.replace("{n}", str(next(unique))))


def _explain(connection, label: str, path: str, queries: list[dict], args) -> None:
    slow = [q for q in queries if float(q["time"]) * 1000 >= args.explain_ms]
    print(
        f"\n=== {label}: {path} ({len(queries)} queries, {len(slow)} slower than "
        f"{args.explain_ms:g} ms)"
    )
    for query in queries:
        print(f"  {float(query['time']) * 1000:8.2f} ms  {query['sql'][:150]}")
    for query in slow:
        if not query["sql"].lstrip().upper().startswith("SELECT"):
            continue
        print(f"\n--- {float(query['time']) * 1000:.2f} ms: {query['sql'][:2000]}")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            for (line,) in cursor.fetchall():
                print(f"    {line}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
