# syntax=docker/dockerfile:1

# Lurus Flow image: one image, two processes.
#   API (default):  npx tsx api/main.ts
#   Worker:         npx tsx workers/core-worker.ts   (set as `command:` in docker-compose.yml)
#
# Build:  docker build -t lurus-flow .

ARG NODE_IMAGE=node:20-bookworm-slim

########################################################################################
# base: shared settings for every stage
########################################################################################
FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

########################################################################################
# deps: install exactly what package-lock.json says (cached until the lockfile changes)
########################################################################################
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci

########################################################################################
# build: Prisma client, web UI bundle, Temporal workflow bundle
########################################################################################
FROM deps AS build
COPY . .
# `prisma generate` reads prisma/schema.prisma via prisma.config.ts and never connects to a
# database; the schema still needs DATABASE_URL to be *set*, so give it a placeholder.
RUN DATABASE_URL="postgresql://build:build@localhost:5432/build" npx prisma generate
# web/dist (served by the API) and dist/workflow-bundle.js (loaded by the worker).
RUN npm run build:web \
 && npm run build:workflows
# Drop devDependencies (vite, vitest, react, typescript, ...) from the runtime image.
# Build with `--build-arg PRUNE_DEV_DEPS=false` if a runtime import ever needs one.
ARG PRUNE_DEV_DEPS=true
RUN if [ "$PRUNE_DEV_DEPS" = "true" ]; then npm prune --omit=dev; fi

########################################################################################
# runtime
########################################################################################
FROM base AS runtime
# tini: PID 1 that forwards SIGTERM to the Node process tree (npx -> tsx -> node), so the
# worker can finish in-flight activities before `docker compose stop` kills it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    LURUS_DATA_DIR=/data \
    LOG_LEVEL=info

# node_modules, sources, prisma/generated, web/dist and dist/ from the build stage.
# Owned by root and read-only for the `node` user: the app only writes to $LURUS_DATA_DIR.
COPY --from=build /app /app

# Data directory (admin API key, local state). A named volume mounted here inherits this
# ownership on first use, so the non-root user can write to it.
RUN mkdir -p /data && chown node:node /data

USER node
EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npx", "tsx", "api/main.ts"]
