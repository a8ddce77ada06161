"""Events other apps subscribe to (matchmaking rescoring, notifications), sent after commit.

Receivers get ids, not instances: they load what they need, as Celery tasks do.
"""

from django.dispatch import Signal

# project_id: a project became public.
project_published = Signal()
# project_id, event ("created", "updated", "published", "closed", "amended", ...).
project_changed = Signal()
