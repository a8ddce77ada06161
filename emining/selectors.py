from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .key_figures import KeyFigure
from .models import Agency


def core_key_figures() -> list[KeyFigure]:
    return [KeyFigure(_("Government agencies on the platform"), Agency.objects.count(), order=90)]
