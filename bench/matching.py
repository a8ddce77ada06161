"""The match scores' costs, on the benchmark database (`make bench` runs this as a step).

    DJANGO_SETTINGS_MODULE=bench.settings BENCH_DATABASE_URL=... python -m bench.matching

Prints one JSON object:

- `score_s`: scoring every verified firm against every project (5,000 x 20,000 = 100 million
  pairs in the benchmark's data), the best 50 kept each way: NumPy over bit-set columns;
- `python_pair_us` and `numpy_pair_us`: microseconds per pair of a plain-Python pair-by-pair
  score (the same factors, on a sample) and of the vectorised one, and their ratio;
- `full_job_s`: the nightly job end to end (load, score, store the best matches and the partner
  suggestions, one transaction), `peak_mb` the process's peak memory;
- `project_s` / `firm_s`: rescoring one project against every firm, and one firm against every
  project, end to end (load, score, store), the median of 5.

Every project counts here (the portal scores only projects still taking bids; the benchmark's
data has fewer of those than the issue's 20,000).
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402

from matchmaking import match_data, scoring  # noqa: E402
from matchmaking.services import matches  # noqa: E402
from projects.models import Project  # noqa: E402

SAMPLE = 300  # firms and projects of the pure-Python sample (90,000 pairs)


def _bits(row: np.ndarray) -> int:
    return sum(int(word) << (64 * position) for position, word in enumerate(row))


def python_score(firm: dict, project: dict, weight: dict[str, float]) -> float:
    """The score of one pair, the way one would write it without NumPy."""
    shared = bin(firm["minerals"] & project["minerals"]).count("1")
    count = max(bin(project["minerals"]).count("1"), 1)
    stage_bit = scoring.STAGE_BIT[project["stage"]]
    if firm["capabilities"] & stage_bit:
        capability = 1.0
    elif firm["capabilities"] & scoring.NEIGHBOUR_BITS[project["stage"]]:
        capability = 0.5
    else:
        capability = 0.0
    low, high, sought = firm["capital_min"], firm["capital_max"], project["investment"]
    if low == 0 and high == float("inf"):
        capital = 0.5
    else:
        capital = min(sought / low if low else 1.0, high / sought, 1.0)
    region = 0.5 if firm["regions"] == 0 else float((firm["regions"] >> project["region"]) & 1)
    record = 1.0 if firm["track"] & project["minerals"] else 0.0
    track = 0.5 * min(firm["years"] / scoring.FULL_EXPERIENCE_YEARS, 1.0) + 0.5 * record
    signal = (
        bin(firm["liked"] & project["minerals"]).count("1")
        - bin(firm["disliked"] & project["minerals"]).count("1")
    ) / count
    feedback = 0.5 + 0.5 * max(-1.0, min(1.0, signal))
    factors = {
        "mineral": shared / count,
        "capability": capability,
        "capital": capital,
        "region": region,
        "track_record": track,
        "verification": firm["verified"],
        "feedback": feedback,
    }
    total = sum(weight.values())
    return sum(100 * weight[name] * value for name, value in factors.items()) / total


def python_baseline(firms, projects) -> float:
    """Microseconds per pair, scoring a sample pair by pair in plain Python."""
    rng = random.Random(1)  # noqa: S311 - a sample, not a secret
    firm_rows = [
        {
            "minerals": _bits(firms.minerals[i]),
            "capabilities": int(firms.capabilities[i]),
            "regions": int(firms.regions[i]),
            "capital_min": float(firms.capital_min[i]),
            "capital_max": float(firms.capital_max[i]),
            "years": float(firms.years[i]),
            "track": _bits(firms.track[i]),
            "liked": _bits(firms.liked[i]),
            "disliked": _bits(firms.disliked[i]),
            "verified": float(firms.verified[i]),
        }
        for i in rng.sample(range(len(firms)), min(SAMPLE, len(firms)))
    ]
    project_rows = [
        {
            "minerals": _bits(projects.minerals[j]),
            "stage": scoring.STAGES[int(projects.stages[j])],
            "region": int(projects.regions[j]),
            "investment": float(projects.investment[j]),
        }
        for j in rng.sample(range(len(projects)), min(SAMPLE, len(projects)))
    ]
    weight = scoring.weights()
    started = time.perf_counter()
    for firm in firm_rows:
        for project in project_rows:
            python_score(firm, project, weight)
    return (time.perf_counter() - started) / (len(firm_rows) * len(project_rows)) * 1e6


def _median_time(function, arguments) -> float:
    times = []
    for argument in arguments:
        started = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> dict:
    every_project = Project.objects.all()
    positions = match_data.Positions.load()
    firms = match_data.load_firms(positions=positions)
    projects = match_data.load_projects(every_project, positions)
    started = time.perf_counter()
    scoring.top_matches(firms, projects, limit=int(settings.MATCHES_KEPT))
    score_s = time.perf_counter() - started
    numpy_pair_us = score_s / max(len(firms) * len(projects), 1) * 1e6
    python_pair_us = python_baseline(firms, projects)

    started = time.perf_counter()
    report = matches.recompute_all_matches(projects=every_project)
    full_job_s = time.perf_counter() - started

    rng = random.Random(2)  # noqa: S311
    project_ids = rng.sample(list(projects.ids), 5)
    firm_ids = rng.sample(list(firms.ids), 5)
    project_s = _median_time(
        lambda pk: matches.rescore_project(pk, projects=every_project), project_ids
    )
    firm_s = _median_time(lambda pk: matches.rescore_firm(pk, projects=every_project), firm_ids)
    return {
        "firms": len(firms),
        "projects": len(projects),
        "pairs": len(firms) * len(projects),
        "score_s": round(score_s, 2),
        "numpy_pair_us": round(numpy_pair_us, 4),
        "python_pair_us": round(python_pair_us, 2),
        "ratio": round(python_pair_us / numpy_pair_us, 1) if numpy_pair_us else None,
        "full_job_s": round(full_job_s, 2),
        "stored_matches": report.project_matches,
        "stored_partners": report.partner_matches,
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "project_s": round(project_s, 3),
        "firm_s": round(firm_s, 3),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
