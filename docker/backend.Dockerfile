# syntax=docker/dockerfile:1
#
# Backend image: the FastAPI app served by uvicorn.
#
# Build it from the backend's source folder (the build context), with BuildKit, so that
# backend.Dockerfile.dockerignore beside this file is applied (see docker/README.md):
#   DOCKER_BUILDKIT=1 docker build -f <this repo>/docker/backend.Dockerfile -t todo-backend:1.0.0 <backend source>
#
# Slim (Debian, glibc) rather than Alpine: psycopg2-binary's wheels need glibc; on musl it would compile.
# Must agree with the chart (test/docker.test.ts checks it): USER = the Deployment's runAsUser/runAsGroup
# (1001), EXPOSE and --port = its containerPort (8000), and /app/uploads (the uploads volume) owned by that user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /app

# A numeric user and group (1001): Kubernetes can check `runAsNonRoot` only against a numeric USER.
RUN groupadd --system --gid 1001 app \
 && useradd --system --uid 1001 --gid 1001 --no-create-home --home-dir /app --shell /usr/sbin/nologin app

# Dependencies before the code, so that a code change reuses the installed-packages layer.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# The code stays owned by root (read-only to the app); only the uploads directory is the app's.
COPY . .
RUN mkdir -p /app/uploads \
 && chown 1001:1001 /app/uploads

USER 1001:1001
EXPOSE 8000
# The ASGI app is src.main:app (src/main.py, whose router has src/api/health.py); if it lives elsewhere,
# change the module here: exec form cannot expand a build ARG.
# No --proxy-headers: uvicorn reads X-Forwarded-* by default, but only from FORWARDED_ALLOW_IPS (default
# 127.0.0.1), and no request reaches this pod from there; see docker/README.md before trusting more.
CMD ["uvicorn", "src.main:app", "--host", "0.0.0.0", "--port", "8000"]
