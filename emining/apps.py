from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EminingConfig(AppConfig):
    name = "emining"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        # checks: deployment checks; signals: the audit of sign-in and out; audit_chain: the
        # link function SQLite's trigger calls, registered on each connection.
        from . import audit_chain, checks, key_figures, signals  # noqa: F401
        from .selectors import core_key_figures

        key_figures.register(core_key_figures)
        _register_audit_head()


def _register_audit_head() -> None:
    from .opendata import Download, register_download

    register_download(
        Download(
            name="audit-head",
            title=_("Audit trail head"),
            description=_(
                "The latest hash of the portal's audit trail, with the number of events and "
                "the time. Every recorded change is chained to the one before it: save this "
                "file, and an auditor can later prove that no earlier event was altered or "
                "removed."
            ),
            url_name="opendata-audit-head",
            format_label="JSON",
            order=90,
        )
    )
