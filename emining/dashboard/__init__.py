"""The transparency dashboards (public and internal) and `/api/v1/stats/`: figures from every
app, so this package sits above them all, as `emining/urls.py` and `emining/api.py` do."""
