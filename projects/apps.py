from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Mineral projects")

    def ready(self) -> None:
        from emining import demo, key_figures
        from minerals import related_projects

        from . import listing_cache, signals
        from .catalogue_links import CatalogueProjects
        from .demo import seed_projects
        from .selectors import projects_key_figures

        key_figures.register(projects_key_figures)
        related_projects.register(CatalogueProjects())
        demo.register(seed_projects, order=30)
        signals.project_changed.connect(
            listing_cache.on_project_changed, dispatch_uid="projects_listing_cache"
        )
