from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirmsConfig(AppConfig):
    """Chinese and Pakistani firms: the registry, its members and verification."""

    name = "firms"
    verbose_name = _("Firms")

    def ready(self) -> None:
        from emining import demo

        from .demo import seed_firms

        demo.register(seed_firms, order=20)

        from . import opendata

        opendata.register()

        from .notifications import register_kinds

        register_kinds()
