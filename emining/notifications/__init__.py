"""Notifications: an outbox of in-app notices and emails, used by every app.

Apps register their kinds in `AppConfig.ready()` (`registry.register_kind`) and write
notifications with one call, `services.notify(kind, recipients, context=..., url=...)`, inside
the transaction of the event that causes them. The core imports no domain app.
"""
