"""What `make bench` measures. Plain Python (no Django), shared by the run and the query count.

Rotating endpoints cycle through their paths request by request (see report.lua), so that
caches and plans see varied load rather than one URL. "{n}" in a path becomes a number unique
to each request, larger than any investment: the results are those of the unfiltered page,
but no cached fragment can answer, so these rows measure what a page costs to compute.
"""

from __future__ import annotations

from dataclasses import dataclass

# The same words as bench/generators/project_words.py (a test checks).
COMMON_WORD = "railway"  # in about a third of all projects
RARE_WORD = "heliport"  # in about one project in a thousand


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    paths: tuple[str, ...]
    # Target: at least this fraction of the bare view's requests/s in the same run.
    ratio_target: float | None = None
    # "cold": every request a cache miss; "warm": repeated URLs the cache answers.
    cache: str = "warm"
    # Target: at most this many milliseconds at the 95th percentile.
    p95_target_ms: float | None = None
    # Who makes the requests (bench/generators/bids.py prepares them): "" anyone;
    # "evaluator" the official evaluating the 50-bid project (session cookie; paths use
    # "{evaluation_path}"); "revisers" 16 firms revising their bids at once, one wrk thread
    # and connection each (POST with each firm's API token).
    actor: str = ""


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("bare", "bare view (one values() query)", ("/bench/bare/",)),
    Endpoint("api_list", "API list /api/v1/projects/", ("/api/v1/projects/",), 0.5),
    Endpoint("html_list", "HTML list with facets /en/projects/", ("/en/projects/",)),
    Endpoint(
        "html_search_common",
        f"HTML search '{COMMON_WORD}' (1/3 match)",
        (f"/en/projects/?search={COMMON_WORD}",),
    ),
    Endpoint(
        "html_search_rare",
        f"HTML search '{RARE_WORD}' (rare)",
        (f"/en/projects/?search={RARE_WORD}",),
    ),
    Endpoint(
        "html_list_uncached",
        "HTML list, every request a cache miss",
        ("/en/projects/?max_investment={n}",),
        0.35,
        "cold",
    ),
    Endpoint(
        "html_search_uncached",
        f"HTML search '{COMMON_WORD}', every request a miss",
        (f"/en/projects/?search={COMMON_WORD}&max_investment={{n}}",),
        0.15,
        "cold",
    ),
    Endpoint(
        "api_search_common",
        f"API search '{COMMON_WORD}' (1/3 match)",
        (f"/api/v1/projects/?search={COMMON_WORD}",),
    ),
    Endpoint(
        "html_filters",
        "HTML list, 8 filter sets rotating",
        (
            "/en/projects/?mineral=copper",
            "/en/projects/?region=balochistan",
            "/en/projects/?stage=mining&ordering=largest",
            "/en/projects/?status=published&ordering=closing",
            "/en/projects/?page=5",
            "/en/projects/?investment_model=bot&min_investment=100",  # millions of USD on pages
            "/en/projects/?region=chagai&mineral=gold",
            "/zh-hans/projects/?mineral=coal",
        ),
    ),
    Endpoint(
        "html_search_mix",
        "HTML search, 6 queries rotating",
        (
            "/en/projects/?search=copper",
            "/en/projects/?search=chagai+copper",
            "/en/projects/?search=flotation",
            "/en/projects/?search=lignite&mineral=coal",
            "/en/projects/?search=railway&ordering=largest",
            "/zh-hans/projects/?search=%E9%93%9C",  # 铜 (copper): the non-Latin path
        ),
    ),
    # Never cached: every request computes the ~1,900 points.
    Endpoint(
        "geojson",
        "GeoJSON ?mineral=copper (~1,900 points)",
        ("/api/v1/projects/geojson/?mineral=copper",),
        0.5,
        "cold",
    ),
    # The firm directory keeps no cache: every request is computed (cold), against the same
    # targets as the project list's cold rows.
    Endpoint(
        "firm_directory",
        "Firm directory /en/firms/ (5,000 firms)",
        ("/en/firms/",),
        0.35,
        "cold",
    ),
    Endpoint(
        "firm_directory_filters",
        "Firm directory, 6 filters and searches rotating",
        (
            "/en/firms/?country=CN",
            "/en/firms/?capability=smelting&region=balochistan",
            "/en/firms/?mineral=copper&country=PK",
            "/en/firms/?q=karakoram",
            "/zh-hans/firms/?q=%E7%9F%BF%E4%B8%9A",  # 矿业 (mining)
            "/en/firms/?page=7",
        ),
        0.35,
        "cold",
    ),
    Endpoint("firm_api", "API /api/v1/firms/", ("/api/v1/firms/",), 0.5, "cold"),
    # The public dashboard: the target is 300 ms at the 95th percentile. Warm: the
    # figures cached by the `dashboard` data version (what visitors see between changes).
    Endpoint(
        "dashboard",
        "Public dashboard /en/dashboard/ (figures cached)",
        ("/en/dashboard/", "/zh-hans/dashboard/", "/ur/dashboard/"),
        p95_target_ms=300,
    ),
    # Cold: the same page with its figures computed for every request (a bench-only view,
    # bench/views.py): what the first visitor after a change waits for.
    Endpoint(
        "dashboard_uncached",
        "Public dashboard, figures computed per request",
        ("/bench/dashboard-uncached/",),
        p95_target_ms=300,
        cache="cold",
    ),
    Endpoint(
        "dashboard_api",
        "API /api/v1/stats/ (figures cached)",
        ("/api/v1/stats/",),
        p95_target_ms=300,
    ),
    Endpoint(
        "bids_side_by_side",
        "Official's side-by-side view of 50 opened bids",
        ("{evaluation_path}",),
        p95_target_ms=300,
        cache="cold",
        actor="evaluator",
    ),
    Endpoint(
        "bid_revision",
        "16 firms revising bids on one project at once",
        ("{reviser_path}",),
        p95_target_ms=150,
        cache="cold",
        actor="revisers",
    ),
)

# What a reviser sends: a whole offer (the service seals it, digests it, audits it).
REVISION_BODY = (
    '{"offered_investment_usd": 310000000, "investment_model": "joint_venture", '
    '"timeline_months": 40, "local_jobs": 1500, "trainees": 420, '
    '"technology_transfer": "A training centre and local engineers in every shift.", '
    '"value_addition_stage": "refining"}'
)
