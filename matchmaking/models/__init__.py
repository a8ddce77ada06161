"""Matchmaking models: one module per domain noun, re-exported here."""

from .leads import Lead, LeadActivity, LeadReferenceSequence, LeadStageChange
from .matches import BidInvitation, MatchFeedback, PartnerMatch, ProjectMatch
from .meetings import MeetingBooking, MeetingRequest, MeetingSlot
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
    "BidInvitation",
    "Lead",
    "LeadActivity",
    "LeadReferenceSequence",
    "LeadStageChange",
    "MatchFeedback",
    "MeetingBooking",
    "MeetingRequest",
    "MeetingSlot",
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
