"""Matchmaking models: one module per domain noun, re-exported here."""

from .leads import Lead, LeadActivity, LeadReferenceSequence, LeadStageChange
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
    "Lead",
    "LeadActivity",
    "LeadReferenceSequence",
    "LeadStageChange",
    "MoU",
    "MoUDocument",
    "MoUMilestone",
    "MoUParty",
    "MoUReferenceSequence",
    "MoUStage",
    "MoUTransition",
]
