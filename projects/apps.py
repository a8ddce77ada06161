from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Mineral projects")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from emining import demo, key_figures
        from minerals import related_projects
        from minerals.models import Mineral

        from .catalogue_links import CatalogueProjects
        from .demo import seed_projects
        from .search import refresh_vectors_of_mineral
        from .selectors import projects_key_figures

        key_figures.register(projects_key_figures)
        related_projects.register(CatalogueProjects())
        # Mineral names are part of each project's stored search vector.
        post_save.connect(
            refresh_vectors_of_mineral, sender=Mineral, dispatch_uid="projects_mineral_renamed"
        )
        demo.register(seed_projects, order=30)

        from .opendata import datasets as opendata_datasets

        opendata_datasets.register()

        from .notifications import register_kinds

        register_kinds()
