from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Mineral projects")

    def ready(self) -> None:
        from emining import demo, key_figures

        from .demo import seed_projects
        from .selectors import projects_key_figures

        key_figures.register(projects_key_figures)
        demo.register(seed_projects, order=30)
