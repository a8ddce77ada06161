"""Writes of the stored matches: full recompute, one project, one firm, and firms' feedback.

Each write replaces its rows in one transaction, so a reader sees the old set or the new one,
never a half-written mix. Scores come from `matchmaking.scoring` over columns loaded by
`matchmaking.match_data`; nothing here scores pair by pair.

A pair is stored when it is among the firm's best `MATCHES_KEPT` projects (`for_firm`) or the
project's best `MATCHES_KEPT` firms (`for_project`). Rescoring one project (or firm) computes
its scores against every firm (or open project), replaces its own list, and enters the lists
of the firms (or projects) whose worst kept score it beats, each of those lists then cut back
to `MATCHES_KEPT` by one statement.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from firms.models import Firm
from projects.models import Project
from projects.permissions import may_manage_project

from .. import match_data, notifications, scoring
from ..models import BidInvitation, MatchFeedback, PartnerMatch, ProjectMatch

BATCH = 5000


@dataclass(frozen=True)
class RecomputeReport:
    firms: int
    projects: int
    project_matches: int
    partner_matches: int


def _kept() -> int:
    return int(settings.MATCHES_KEPT)


def _match_columns(firms, projects, firm_positions, project_positions, for_firm, for_project):
    """The rows to store, as columns (NumPy arrays), in `ProjectMatch`'s field names."""
    factors = scoring.breakdown(firms, projects, firm_positions, project_positions)
    return {
        "firm_id": firms.ids[firm_positions],
        "project_id": projects.ids[project_positions],
        "score": factors["score"],
        "for_firm": np.asarray(for_firm, dtype=bool),
        "for_project": np.asarray(for_project, dtype=bool),
        **{name: factors[name] for name in ProjectMatch.FACTORS},
    }


def _insert(model, columns: dict[str, np.ndarray], now) -> int:
    """Write rows given as columns: PostgreSQL's COPY (a million rows in seconds, no model
    instances), else `bulk_create`."""
    names = list(columns)
    count = len(next(iter(columns.values()))) if columns else 0
    if not count:
        return 0
    if connection.vendor != "postgresql":
        values = [column.tolist() for column in columns.values()]
        model.objects.bulk_create(
            (
                model(computed_at=now, **dict(zip(names, row, strict=True)))
                for row in zip(*values, strict=True)
            ),
            batch_size=BATCH,
        )
        return count
    table = connection.ops.quote_name(model._meta.db_table)
    fields = ", ".join(connection.ops.quote_name(name) for name in [*names, "computed_at"])
    stamp = now.isoformat()
    # Booleans as 0/1 and every other column an integer: the text lines are built per column.
    text_columns = [np.asarray(column).astype(np.int64).astype(str) for column in columns.values()]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({fields}) FROM STDIN") as copy,
    ):
        for start in range(0, count, 50_000):
            block = [column[start : start + 50_000] for column in text_columns]
            rows = zip(*block, strict=True)
            copy.write("".join("\t".join(row) + "\t" + stamp + "\n" for row in rows))
    return count


def _pairs_of(top: scoring.TopMatches):
    """The stored pairs of a full recompute: (firm, project) positions with their two flags."""
    n_firms, kept = top.firm_projects.shape
    firm_side = np.stack([np.repeat(np.arange(n_firms), kept), top.firm_projects.ravel()], axis=1)
    n_projects, kept_firms = top.project_firms.shape
    project_side = np.stack(
        [top.project_firms.ravel(), np.repeat(np.arange(n_projects), kept_firms)], axis=1
    )
    firm_side = firm_side[firm_side[:, 1] >= 0]
    project_side = project_side[project_side[:, 0] >= 0]
    every = np.concatenate([firm_side, project_side])
    pairs, where = np.unique(every, axis=0, return_inverse=True)
    where = where.ravel()
    for_firm = np.zeros(len(pairs), dtype=bool)
    for_project = np.zeros(len(pairs), dtype=bool)
    for_firm[where[: len(firm_side)]] = True
    for_project[where[len(firm_side) :]] = True
    return pairs[:, 0], pairs[:, 1], for_firm, for_project


def recompute_all_matches(*, projects: QuerySet[Project] | None = None) -> RecomputeReport:
    """Every verified firm against every open project (or `projects`: the benchmark scores
    them all), and every China-Pakistan pair: the nightly job. The old rows give way to the
    new ones in one transaction."""
    positions = match_data.Positions.load()
    firms = match_data.load_firms(positions=positions)
    projects = match_data.load_projects(projects, positions=positions)
    now = timezone.now()
    top = scoring.top_matches(firms, projects, limit=_kept())
    rows = _match_columns(firms, projects, *_pairs_of(top))
    partners = _partner_columns(firms)
    with transaction.atomic():
        ProjectMatch.objects.all().delete()
        written = _insert(ProjectMatch, rows, now)
        PartnerMatch.objects.all().delete()
        partners_written = _insert(PartnerMatch, partners, now)
    return RecomputeReport(len(firms), len(projects), written, partners_written)


def _partner_columns(firms: scoring.FirmColumns) -> dict[str, np.ndarray]:
    """Each firm's best partners of the other country, as columns of `PartnerMatch`."""
    chinese = np.flatnonzero(firms.countries == Firm.Country.CHINA)
    pakistani = np.flatnonzero(firms.countries == Firm.Country.PAKISTAN)
    if not len(chinese) or not len(pakistani):
        return {}
    kept = int(settings.PARTNERS_KEPT)
    scores = scoring.partner_scores(firms.take(chinese), firms.take(pakistani))
    sides = []
    for own, other, matrix in ((chinese, pakistani, scores), (pakistani, chinese, scores.T)):
        best = scoring.best_of_each_row(np.ascontiguousarray(matrix), kept)
        sides.append(
            (
                np.repeat(own, best.shape[1]),
                other[best.ravel()],
                np.tile(np.arange(1, best.shape[1] + 1), len(own)),
            )
        )
    firm_positions, partner_positions, ranks = (
        np.concatenate(parts) for parts in zip(*sides, strict=True)
    )
    factors = scoring.partner_breakdown(firms, firms, firm_positions, partner_positions)
    return {
        "firm_id": firms.ids[firm_positions],
        "partner_id": firms.ids[partner_positions],
        "score": factors["score"],
        "rank": ranks,
        **{name: factors[name] for name in PartnerMatch.FACTORS},
    }


# --- One project, one firm --------------------------------------------------------------------


def _floors(side: str, exclude: dict) -> dict[int, tuple[int, int]]:
    """For each firm (or project) with a list: (rows kept, lowest kept score), leaving out the
    pair being rescored."""
    key = "firm_id" if side == "firm" else "project_id"
    rows = (
        ProjectMatch.objects.filter(**{f"for_{side}": True})
        .exclude(**exclude)
        .values(key)
        .annotate(kept=Count("pk"), lowest=Min("score"))
        .values_list(key, "kept", "lowest")
    )
    return {owner: (kept, lowest) for owner, kept, lowest in rows}


def _cut_lists(side: str, owners: list[int]) -> None:
    """Keep the best `MATCHES_KEPT` of each owner's list; drop rows left in no list."""
    if not owners:
        return
    key = "firm_id" if side == "firm" else "project_id"
    other = "project_id" if side == "firm" else "firm_id"
    table = ProjectMatch._meta.db_table
    flag = f"for_{side}"
    placeholders = ", ".join(["%s"] * len(owners))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} SET {flag} = %s WHERE id IN (
                SELECT id FROM (
                    SELECT id, ROW_NUMBER() OVER (
                        PARTITION BY {key} ORDER BY score DESC, {other}
                    ) AS place
                    FROM {table} WHERE {flag} AND {key} IN ({placeholders})
                ) AS ranked WHERE place > %s
            )
            """,  # noqa: S608 (names are the model's own; values are parameters)
            [False, *owners, _kept()],
        )
    ProjectMatch.objects.filter(for_firm=False, for_project=False).delete()


def _rescore(
    side: str,
    owner_id: int,
    *,
    announce: bool = False,
    candidates: QuerySet[Project] | None = None,
) -> int:
    """Rescore one project (`side` "project") against every verified firm, or one firm
    (`side` "firm") against every open project. Returns the number of rows written.
    `announce`: a newly published project is notified to the firms it suits."""
    positions = match_data.Positions.load()
    candidates = match_data.open_projects() if candidates is None else candidates
    if side == "project":
        firms = match_data.load_firms(positions=positions)
        projects = match_data.load_projects(candidates.filter(pk=owner_id), positions)
        single, others = projects, firms
    else:
        firms = match_data.load_firms(match_data.scored_firms().filter(pk=owner_id), positions)
        projects = match_data.load_projects(candidates, positions)
        single, others = firms, projects
    other_side = "firm" if side == "project" else "project"
    with transaction.atomic():
        ProjectMatch.objects.filter(**{f"{side}_id": owner_id}).delete()
        if not len(single) or not len(others):
            return 0  # closed, withdrawn or no longer verified: no list
        scores = scoring.score_block(firms, projects).copy().ravel()
        kept = _kept()
        best = np.argsort(-scores, kind="stable")[:kept]
        in_own_list = np.zeros(len(scores), dtype=bool)
        in_own_list[best] = True
        floors = _floors(other_side, {f"{side}_id": owner_id})
        counts = np.array([floors.get(int(pk), (0, 0))[0] for pk in others.ids])
        lowest = np.array([floors.get(int(pk), (0, 0))[1] for pk in others.ids])
        rounded = np.rint(scores)
        in_their_list = (counts < kept) | (rounded > lowest)
        chosen = np.flatnonzero(in_own_list | in_their_list)
        zeros = np.zeros(len(chosen), dtype=np.int64)
        firm_positions, project_positions = (
            (chosen, zeros) if side == "project" else (zeros, chosen)
        )
        flags = {side: in_own_list[chosen], other_side: in_their_list[chosen]}
        rows = _match_columns(
            firms, projects, firm_positions, project_positions, flags["firm"], flags["project"]
        )
        written = _insert(ProjectMatch, rows, timezone.now())
        full = [int(pk) for pk in others.ids[in_their_list & (counts >= kept)]]
        _cut_lists(other_side, full)
        if announce and side == "project":
            notifications.project_matched(
                project=Project.objects.get(pk=owner_id),
                scores=dict(zip(others.ids.tolist(), rounded.astype(int).tolist(), strict=True)),
            )
    return written


def rescore_project(
    project_id: int, *, announce: bool = False, projects: QuerySet[Project] | None = None
) -> int:
    """After a project is published or amended: its likeliest firms, and its place in every
    firm's recommendations. `announce` (on publication): tell the firms it suits.
    `projects`: the candidate projects (open ones by default; the benchmark takes all)."""
    return _rescore("project", project_id, announce=announce, candidates=projects)


def rescore_firm(firm_id: int, *, projects: QuerySet[Project] | None = None) -> int:
    """After a firm's profile changes: its recommended projects, and its place among every
    project's likely investors. Its partner suggestions follow at the nightly recompute."""
    return _rescore("firm", firm_id, candidates=projects)


# --- Feedback ---------------------------------------------------------------------------------


@transaction.atomic
def record_feedback(*, firm: Firm, project: Project, verdict: str, by: User) -> MatchFeedback:
    """A firm marks a recommended project interesting or dismisses it. Dismissed projects
    leave its list at once; both verdicts weigh in its next scores."""
    if verdict not in MatchFeedback.Verdict.values:
        raise DomainError({"verdict": [_("Choose interested or dismissed.")]})
    feedback, _created = MatchFeedback.objects.update_or_create(
        firm=firm, project=project, defaults={"verdict": verdict, "by": by, "at": timezone.now()}
    )
    record_event(
        action=f"match.{verdict}",
        actor=by,
        target=project,
        data={"firm": firm.pk},
    )
    return feedback


# --- Invitations to bid -----------------------------------------------------------------------


@transaction.atomic
def invite_to_bid(*, project: Project, firm: Firm, by: User) -> BidInvitation:
    """An official of the owning agency invites a verified firm to bid on an open project; the
    firm's members are told once (inviting again changes nothing)."""
    if not may_manage_project(by, project):
        raise PermissionDenied(_("Only officials of the owning agency may invite firms to bid."))
    if not project.is_open_for_bids or project.bidding_deadline_passed:
        raise DomainError(_("The project no longer takes bids."))
    if firm.verification_status != Firm.VerificationStatus.VERIFIED:
        raise DomainError(_("Only verified firms may bid."))
    invitation, created = BidInvitation.objects.get_or_create(
        project=project, firm=firm, defaults={"by": by}
    )
    if created:
        record_event(
            action="match.invited_to_bid", actor=by, target=project, data={"firm": firm.pk}
        )
        notifications.invited_to_bid(project=project, firm=firm)
    return invitation
