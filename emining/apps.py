from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EminingConfig(AppConfig):
    name = "emining"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        # checks: deployment checks; signals: the audit of sign-in and out.
        from . import checks, key_figures, signals  # noqa: F401
        from .selectors import core_key_figures

        key_figures.register(core_key_figures)
