# Production image: PostgreSQL and Redis come from the environment (DATABASE_URL, REDIS_URL).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY intents ./intents
COPY matching ./matching
COPY content ./content
RUN pip install . && useradd --system --home /app laborbot && chown -R laborbot /app
USER laborbot

ENV ENV=production START_FAKE_WECHAT=false SIMULATOR_ENABLED=false HOST=0.0.0.0 PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request;urllib.request.urlopen('http://127.0.0.1:8000/readyz')"

# Migrations run once per release (`docker run … laborbot db upgrade`), not in every worker.
CMD ["sh", "-c", "uvicorn bot.app:asgi --factory --host $HOST --port $PORT --workers ${WORKERS:-4} --proxy-headers --no-access-log"]
