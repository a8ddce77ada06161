from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    """Match scores, recommendations, MoUs, the investment-lead pipeline and B2B meetings."""

    name = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self) -> None:
        from emining import demo
        from firms.signals import firm_changed
        from projects.signals import project_changed

        from . import notifications, opendata, receivers
        from .demo import seed_leads, seed_matches, seed_meetings, seed_mous

        demo.register(seed_mous, order=40)
        demo.register(seed_leads, order=45)
        demo.register(seed_meetings, order=50)
        demo.register(seed_matches, order=90)  # after every firm and project
        opendata.register()
        notifications.register_kinds()
        project_changed.connect(receivers.project_changed, dispatch_uid="matchmaking-project")
        firm_changed.connect(receivers.firm_changed, dispatch_uid="matchmaking-firm")
