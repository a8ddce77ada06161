"""Urdu as the portal writes it: day month year with Urdu month names, 24-hour clock."""

from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "j F Y"  # 3 دسمبر 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"  # 3 دسمبر 2026، 15:00 (the Urdu comma)
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y، H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# Pakistan's investment documents count in millions and billions of dollars, as in English.
AMOUNT_UNITS = (
    (10**9, _("USD %(amount)s billion")),
    (10**6, _("USD %(amount)s million")),
    (1, _("USD %(amount)s")),
)
