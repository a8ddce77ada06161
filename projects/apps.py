from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Mineral projects, their documents, clarifications and sealed bids (later issues)."""

    name = "projects"
    verbose_name = _("Projects")
