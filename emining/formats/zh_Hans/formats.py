"""Simplified Chinese: 2026年12月3日 15:00; amounts in 万 (10⁴) and 亿 (10⁸) of US dollars."""

DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# Chinese counts large amounts in 亿 and 万, not in millions: 3.8 亿美元, 6,500 万美元. These
# units exist only in Chinese, so the patterns live here rather than in the message catalogue.
AMOUNT_UNITS = (
    (10**8, "%(amount)s 亿美元"),
    (10**4, "%(amount)s 万美元"),
    (1, "%(amount)s 美元"),
)
