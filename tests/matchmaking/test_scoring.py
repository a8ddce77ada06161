"""The match score on hand-checked examples, and the fast block scoring against the factor
definitions it must add up to."""

from __future__ import annotations

import numpy as np
import pytest

from matchmaking import scoring

COPPER, GOLD, COAL = 0, 1, 2
BALOCHISTAN, SINDH = 0, 1
STAGE = {stage: position for position, stage in enumerate(scoring.STAGES)}


def firms(*rows: dict) -> scoring.FirmColumns:
    def column(name, default, dtype=None):
        return np.array([row.get(name, default) for row in rows], dtype=dtype)

    def bits(name):
        return np.stack([scoring.bitset(row.get(name, ()), 1) for row in rows])

    return scoring.FirmColumns(
        ids=np.arange(len(rows)),
        countries=column("country", "CN"),
        minerals=bits("minerals"),
        capabilities=np.array(
            [sum(scoring.STAGE_BIT[s] for s in row.get("stages", ())) for row in rows]
        ),
        regions=np.array([sum(1 << r for r in row.get("regions", ())) for row in rows]),
        capital_min=column("capital_min", 0.0, float),
        capital_max=column("capital_max", np.inf, float),
        years=column("years", 0.0, float),
        track=bits("track"),
        liked=bits("liked"),
        disliked=bits("disliked"),
        present_in_pakistan=column("present", False, bool),
        verified=column("verified", 1.0, float),
    )


def projects(*rows: dict) -> scoring.ProjectColumns:
    return scoring.ProjectColumns(
        ids=np.arange(len(rows)),
        minerals=np.stack([scoring.bitset(row["minerals"], 1) for row in rows]),
        stages=np.array([STAGE[row["stage"]] for row in rows]),
        regions=np.array([row["region"] for row in rows]),
        investment=np.array([row["investment"] for row in rows], dtype=float),
    )


SMELTER = {
    "minerals": (COPPER, GOLD),
    "stages": ("smelting",),
    "capital_min": 100e6,
    "capital_max": 500e6,
    "regions": (BALOCHISTAN,),
    "years": 20,
    "track": (COPPER,),
}
SAINDAK = {
    "minerals": (COPPER, GOLD),
    "stage": "smelting",
    "region": BALOCHISTAN,
    "investment": 300e6,
}


def one(firm: dict, project: dict) -> dict[str, int]:
    result = scoring.breakdown(firms(firm), projects(project), [0], [0])
    return {name: int(values[0]) for name, values in result.items()}


@pytest.fixture(autouse=True)
def _documented_weights(settings):
    settings.MATCH_WEIGHTS = {
        "mineral": 30,
        "capability": 20,
        "capital": 15,
        "region": 10,
        "track_record": 10,
        "verification": 5,
        "feedback": 10,
    }


def test_a_smelter_of_copper_and_gold_for_a_copper_gold_smelter_in_balochistan():
    assert one(SMELTER, SAINDAK) == {
        "mineral": 100,
        "capability": 100,
        "capital": 100,
        "region": 100,
        "track_record": 100,
        "verification": 100,
        "feedback": 50,  # no signal yet: neutral
        "score": 95,  # 30 + 20 + 15 + 10 + 10 + 5 + 10 x 0.5
    }


@pytest.mark.parametrize(
    ("change", "factor", "expected"),
    [
        ({"minerals": (COPPER, COAL)}, "mineral", 50),  # one of the project's two
        ({"stage": "refining"}, "capability", 50),  # the next stage of the chain
        ({"stage": "exploration"}, "capability", 0),
        ({"investment": 50e6}, "capital", 50),  # half the firm's minimum
        ({"investment": 1000e6}, "capital", 50),  # twice its maximum
        ({"region": SINDH}, "region", 0),
    ],
)
def test_each_factor_falls_as_the_project_fits_less(change, factor, expected):
    assert one(SMELTER, SAINDAK | change)[factor] == expected


@pytest.mark.parametrize(
    ("change", "factor", "expected"),
    [
        ({"capital_min": 0.0, "capital_max": np.inf}, "capital", 50),  # no range given
        ({"regions": ()}, "region", 50),  # no preference
        ({"years": 5, "track": ()}, "track_record", 12),  # a quarter of the experience half
        ({"liked": (COPPER, GOLD)}, "feedback", 100),
        ({"disliked": (GOLD,)}, "feedback", 25),
        ({"verified": 0.5}, "verification", 50),
    ],
)
def test_each_factor_follows_the_firm(change, factor, expected):
    assert one(SMELTER | change, SAINDAK)[factor] == expected


def random_columns(seed: int, n_firms: int, n_projects: int, words: int = 2):
    rng = np.random.default_rng(seed)

    def bits(n):
        return rng.integers(0, 2**62, (n, words), dtype=np.int64).astype(np.uint64) & (
            rng.integers(0, 2**62, (n, words), dtype=np.int64).astype(np.uint64)
        )

    firm_columns = scoring.FirmColumns(
        ids=np.arange(n_firms),
        countries=rng.choice(["CN", "PK"], n_firms),
        minerals=bits(n_firms),
        capabilities=rng.integers(0, 128, n_firms),
        regions=np.where(rng.random(n_firms) < 0.3, 0, rng.integers(1, 256, n_firms)),
        capital_min=rng.choice([0.0, 1e6, 1e8], n_firms),
        capital_max=rng.choice([np.inf, 2e8, 1e9], n_firms),
        years=rng.integers(0, 40, n_firms).astype(float),
        track=bits(n_firms),
        liked=bits(n_firms),
        disliked=bits(n_firms),
        present_in_pakistan=rng.random(n_firms) < 0.5,
        verified=np.ones(n_firms),
    )
    project_columns = scoring.ProjectColumns(
        ids=np.arange(n_projects),
        minerals=bits(n_projects),
        stages=rng.integers(0, len(scoring.STAGES), n_projects),
        regions=rng.integers(0, 8, n_projects),
        investment=rng.uniform(1e6, 2e9, n_projects),
    )
    return firm_columns, project_columns


def test_block_scores_equal_the_sum_of_the_factors():
    """The fast path (tables, bit counts, buffers) and the definitions agree on every pair."""
    firm_columns, project_columns = random_columns(7, 60, 90)
    block = scoring.score_block(firm_columns, project_columns)
    rows, columns = np.meshgrid(np.arange(60), np.arange(90), indexing="ij")
    pairs = scoring.breakdown(firm_columns, project_columns, rows.ravel(), columns.ravel())
    assert np.abs(block.ravel() - pairs["score"]).max() <= 0.5  # the stored score is rounded


def test_top_matches_are_the_best_of_a_full_sort(monkeypatch):
    monkeypatch.setattr(scoring, "PROJECT_BLOCK", 16)  # several blocks, a partial last one
    firm_columns, project_columns = random_columns(11, 40, 70)
    top = scoring.top_matches(firm_columns, project_columns, limit=5)
    scores = scoring.score_block(firm_columns, project_columns).copy()
    for firm in range(40):
        expected = np.sort(scores[firm])[::-1][:5]
        assert np.allclose(scores[firm, top.firm_projects[firm]], expected)
    for project in range(70):
        expected = np.sort(scores[:, project])[::-1][:5]
        assert np.allclose(scores[top.project_firms[project], project], expected)


def test_a_chinese_smelter_and_a_pakistani_miner_are_partners():
    chinese = firms(
        {"minerals": (COPPER, GOLD), "stages": ("smelting", "refining"), "regions": (BALOCHISTAN,)}
        | {"capital_min": 100e6, "capital_max": 300e6}
    )
    pakistani = firms(
        {"minerals": (COPPER,), "stages": ("mining",), "regions": (BALOCHISTAN,), "present": True}
        | {"country": "PK", "capital_min": 100e6, "capital_max": 100e6},
        {"minerals": (COAL,), "stages": ("smelting",), "regions": (SINDH,), "country": "PK"},
    )
    result = scoring.partner_breakdown(chinese, pakistani, [0, 0], [0, 1])
    # Miner: three stages in all, none shared; downstream meets upstream.
    assert result["complementarity"].tolist() == [100, 25]  # smelting shared, refining not
    assert result["minerals"].tolist() == [50, 0]
    assert result["regions"].tolist() == [100, 0]
    assert result["size"].tolist() == [50, 50]  # middles 200 M and 100 M; unknown
    assert result["score"][0] > result["score"][1]
    block = scoring.partner_scores(chinese, pakistani)
    assert np.abs(block[0] - result["score"]).max() <= 0.5
