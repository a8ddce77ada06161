"""The documents a project publishes: public, or restricted to officials and verified firms."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emining.i18n import LocalizedTextMixin
from emining.uploads import type_label

from .projects import Project


def document_upload_path(instance: ProjectDocument, filename: str) -> str:
    """Unguessable stored names: the original name is kept in the row, never in the path."""
    return f"projects/documents/{secrets.token_urlsafe(24)}"


class ProjectDocument(LocalizedTextMixin, models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        RESTRICTED = "restricted", _("Restricted")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    title_zh = models.CharField(_("title in Chinese"), max_length=200, blank=True)
    title_ur = models.CharField(_("title in Urdu"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ["project", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "projects:document-download",
            kwargs={"reference": self.project.reference, "pk": self.pk},
        )

    @property
    def type_label(self) -> str:
        """The readable name of the detected type ("PDF document", "Excel spreadsheet")."""
        return type_label(self.content_type)
