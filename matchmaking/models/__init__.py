"""Matchmaking models: one module per domain noun, re-exported here."""

from .matches import MatchFeedback, PartnerMatch, ProjectMatch
from .mous import (
    MoU,
    MoUDocument,
    MoUMilestone,
    MoUParty,
    MoUReferenceSequence,
    MoUStage,
    MoUTransition,
)

__all__ = [
    "MatchFeedback",
    "MoU",
    "MoUDocument",
    "MoUMilestone",
    "MoUParty",
    "MoUReferenceSequence",
    "MoUStage",
    "MoUTransition",
    "PartnerMatch",
    "ProjectMatch",
]
