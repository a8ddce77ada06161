from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EminingConfig(AppConfig):
    name = "emining"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from . import key_figures, signals  # noqa: F401  (signals: audit of sign-in and out)
        from .selectors import core_key_figures

        key_figures.register(core_key_figures)
