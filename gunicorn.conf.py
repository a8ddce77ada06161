"""gunicorn settings for the portal (the Dockerfile, docker-compose.yml and `make bench` use
them). Every value can be overridden from the environment.

- gthread workers: a request waiting on a slow dependency holds one thread, not a whole
  process, so health probes and other pages keep being answered.
- Workers are recycled after `max_requests` (with jitter, so they do not restart together):
  whatever a long-lived process accumulates is bounded.
- `timeout` kills a worker stuck longer than that; `graceful_timeout` lets requests finish.
- A new worker builds the listing index (projects/listing_index.py) before it accepts its
  first request, so that no visitor waits for it after a start or a recycle.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
backlog = int(os.environ.get("GUNICORN_BACKLOG", "1024"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"


def post_worker_init(worker):
    from firms import directory_index
    from projects import listing_index

    listing_index.warm_up()
    directory_index.warm_up()
