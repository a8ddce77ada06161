from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirmsConfig(AppConfig):
    """Chinese and Pakistani firms, their members and verification (built in a later issue)."""

    name = "firms"
    verbose_name = _("Firms")
