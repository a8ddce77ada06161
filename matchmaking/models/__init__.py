"""Matchmaking models: one module per domain noun, re-exported here."""

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
    "MoU",
    "MoUDocument",
    "MoUMilestone",
    "MoUParty",
    "MoUReferenceSequence",
    "MoUStage",
    "MoUTransition",
]
