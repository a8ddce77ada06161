from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MineralsConfig(AppConfig):
    name = "minerals"
    verbose_name = _("Minerals and regions")

    def ready(self) -> None:
        from emining import key_figures

        from .selectors import catalogue_key_figures

        key_figures.register(catalogue_key_figures)
