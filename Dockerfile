FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs settings to import; the real key comes from the environment at run time.
RUN SECRET_KEY=build-only DEBUG=0 python manage.py compilemessages --ignore=.venv \
    && SECRET_KEY=build-only DEBUG=0 python manage.py collectstatic --noinput
# The media volume takes this folder's owner when first mounted: uploads must be writable.
RUN useradd --create-home emining && mkdir -p /app/media && chown -R emining /app
USER emining
EXPOSE 8000
# gthread workers, recycled with jitter, timeouts: see gunicorn.conf.py.
CMD ["gunicorn", "emining.wsgi:application", "--config", "gunicorn.conf.py"]
