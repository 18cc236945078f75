# syntax=docker/dockerfile:1
#
# Frontend image: the Next.js app's standalone server (next.config: `output: 'standalone'`).
#
# Build it from the frontend's source folder (the build context), with BuildKit, so that
# frontend.Dockerfile.dockerignore beside this file is applied (see docker/README.md):
#   DOCKER_BUILDKIT=1 docker build -f <this repo>/docker/frontend.Dockerfile -t todo-frontend:1.0.0 <frontend source>
#
# Node.js 24 (LTS, supported until 2028-04-30), not the research document's node:20-alpine: Node.js 20 reached
# its end of life on 2026-04-30 and gets no security fixes. Still Alpine, the seed's reason (smallest image).
#
# Must agree with the chart (test/docker.test.ts checks it): USER = the Deployment's runAsUser/runAsGroup
# (1001), EXPOSE and PORT = its containerPort (3000), and /app/.next/cache (an emptyDir in the pod, whose
# root filesystem is read-only) owned by that user.

# 1. Dependencies, exactly as the lockfile pins them.
FROM node:24-alpine AS deps
# Next.js's own native parts ship musl builds. If a dependency needs glibc shims on Alpine, add them here
# (`RUN apk add --no-cache libc6-compat`, as in Next.js's with-docker example).
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. Build: `next build` writes .next/standalone (server.js and the node_modules it needs) and .next/static.
FROM node:24-alpine AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# public/ is optional in a Next.js app; create it so that the runtime stage's COPY always finds it.
RUN mkdir -p public && npm run build

# 3. Runtime: only the standalone server, the static assets and public/; no npm, no dev dependencies.
FROM node:24-alpine AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
# A numeric user and group (1001): Kubernetes can check `runAsNonRoot` only against a numeric USER.
RUN addgroup -S -g 1001 nextjs \
 && adduser -S -D -H -u 1001 -G nextjs -h /app -s /sbin/nologin nextjs
COPY --from=build /app/public ./public
COPY --from=build --chown=1001:1001 /app/.next/standalone ./
COPY --from=build --chown=1001:1001 /app/.next/static ./.next/static
# Next.js writes its image and fetch cache here (the pod mounts an emptyDir over it).
RUN mkdir -p /app/.next/cache \
 && chown 1001:1001 /app/.next /app/.next/cache
USER 1001:1001
EXPOSE 3000
CMD ["node", "server.js"]
