"""What a bid offers, and the rules an offer must keep before it is sealed.

The checks run before anything is written or stored, so a refused offer changes nothing; the
messages are keyed by field for forms and the API.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _

from emining.services import DomainError
from minerals.models import ValueChainStage
from projects.models import Project

# Generous bounds that still catch a slipped digit: USD 1 trillion, 50 years.
MAX_OFFER_USD = 1_000_000_000_000
MAX_TIMELINE_MONTHS = 600
MAX_PEOPLE = 10_000_000
MAX_PLAN_LENGTH = 10_000


@dataclass(frozen=True)
class Offer:
    offered_investment_usd: int
    investment_model: str
    timeline_months: int
    local_jobs: int
    trainees: int
    technology_transfer: str
    value_addition_stage: str

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> Offer:
        """An offer from form or API values, checked (raises DomainError keyed by field)."""
        errors: dict[str, list[str]] = {}

        def whole_number(name: str, *, minimum: int, maximum: int) -> int:
            value = values.get(name)
            if value is None or value == "":
                errors.setdefault(name, []).append(_("This field is required."))
                return 0
            try:
                number = int(value)
            except (TypeError, ValueError):
                errors.setdefault(name, []).append(_("Enter a whole number."))
                return 0
            if isinstance(value, float) and value != number:
                errors.setdefault(name, []).append(_("Enter a whole number."))
            elif not minimum <= number <= maximum:
                errors.setdefault(name, []).append(
                    _("Enter a number from %(minimum)s to %(maximum)s.")
                    % {"minimum": f"{minimum:,}", "maximum": f"{maximum:,}"}
                )
            return number

        def choice(name: str, choices: type) -> str:
            value = values.get(name) or ""
            if value not in choices.values:
                errors.setdefault(name, []).append(
                    _("Choose one of the options.") if value else _("This field is required.")
                )
            return str(value)

        def plan(name: str) -> str:
            text = str(values.get(name) or "").replace("\r\n", "\n").strip()
            if not text:
                errors.setdefault(name, []).append(_("This field is required."))
            elif len(text) > MAX_PLAN_LENGTH:
                errors.setdefault(name, []).append(
                    _("At most %(limit)s characters.") % {"limit": f"{MAX_PLAN_LENGTH:,}"}
                )
            elif "\x00" in text:
                errors.setdefault(name, []).append(_("The text holds characters not allowed."))
            return text

        offer = cls(
            offered_investment_usd=whole_number(
                "offered_investment_usd", minimum=1, maximum=MAX_OFFER_USD
            ),
            investment_model=choice("investment_model", Project.InvestmentModel),
            timeline_months=whole_number("timeline_months", minimum=1, maximum=MAX_TIMELINE_MONTHS),
            local_jobs=whole_number("local_jobs", minimum=0, maximum=MAX_PEOPLE),
            trainees=whole_number("trainees", minimum=0, maximum=MAX_PEOPLE),
            technology_transfer=plan("technology_transfer"),
            value_addition_stage=choice("value_addition_stage", ValueChainStage),
        )
        if errors:
            raise DomainError(errors)
        return offer

    def as_json(self) -> dict[str, Any]:
        return asdict(self)
