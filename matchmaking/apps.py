from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    """Match scores, recommendations, MoUs and the investment-lead pipeline."""

    name = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self) -> None:
        from emining import demo

        from . import opendata
        from .demo import seed_mous

        demo.register(seed_mous, order=40)
        opendata.register()
