"""`{% load firm_display %}`: a firm's status badge and capital range, as the directory's
cards write them (`firms.display`)."""

from django import template

from firms import display

register = template.Library()


@register.filter
def status_badge(firm):
    return display.status_badge(firm.verification_status)


@register.filter
def capital_range(firm):
    return display.capital_range(firm.capital_usd_min, firm.capital_usd_max)
