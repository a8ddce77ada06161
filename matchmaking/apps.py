from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    """Match scores, recommendations, MoUs and the investment-lead pipeline."""

    name = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self) -> None:
        from emining import demo

        from .demo import seed_leads, seed_mous

        demo.register(seed_mous, order=40)
        demo.register(seed_leads, order=45)
