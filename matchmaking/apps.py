from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    """Match scores, recommendations, MoUs and the investment-lead pipeline (later issues)."""

    name = "matchmaking"
    verbose_name = _("Matchmaking")
