"""English as the portal writes it: day month year, 24-hour clock (never 02/01/2027)."""

from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "j F Y"  # 3 December 2026
TIME_FORMAT = "H:i"  # 15:00
DATETIME_FORMAT = "j F Y, H:i"  # 3 December 2026, 15:00
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"  # 3 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# Amounts in US dollars as people say them, largest unit first: (unit, pattern).
AMOUNT_UNITS = (
    (10**9, _("USD %(amount)s billion")),
    (10**6, _("USD %(amount)s million")),
    (1, _("USD %(amount)s")),
)
