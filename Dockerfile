# syntax=docker/dockerfile:1
# Treaty broker image.
#
#   docker build -t treaty .
#   docker run -p 9292:9292 -v treaty-data:/data treaty                          # embedded database in /data
#   docker run -p 9292:9292 -e DATABASE_URL=postgresql://... -e TREATY_ADMIN_TOKEN=... treaty
#
# Node 24 LTS. The broker runs compiled JavaScript (broker/dist/main.js, built by scripts/build.mjs in
# the root postinstall) with plain node: no TypeScript loader at run time. The image holds the
# production node_modules, the compiled broker and migration runner, the files they read at run time
# (the GraphQL schema beside the sources, prisma/migrations), the generated Prisma client
# (prisma/generated) and the built web UI (web/dist). See docs/production.md.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: full install; the root postinstall generates prisma/generated, builds web/dist and compiles broker/dist ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund

# ---- prod-deps: production dependencies only ----
# --ignore-scripts: the root postinstall needs dev tools (the prisma CLI, vite, esbuild); its outputs
# come from the build stage instead.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY . .
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=9292 TREATY_DATA_DIR=/data
WORKDIR /app
RUN groupadd --system --gid 10001 treaty \
 && useradd --system --uid 10001 --gid treaty --home-dir /app --no-create-home --shell /usr/sbin/nologin treaty \
 && mkdir -p /data \
 && chown treaty:treaty /data
# Production node_modules (root and per-workspace, with the workspace links) and the sources' run-time
# files; owned by root and read-only for the treaty user.
COPY --from=prod-deps /app /app
COPY --from=build /app/prisma/generated /app/prisma/generated
COPY --from=build /app/web/dist /app/web/dist
COPY --from=build /app/broker/dist /app/broker/dist
COPY --from=build /app/prisma/dist /app/prisma/dist
USER 10001:10001
VOLUME /data
EXPOSE 9292
# Liveness only (no database round trip); slim images have no curl, so use Node's fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 9292) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and receives SIGTERM itself; the broker closes the server and the database on it.
# --max-semi-space-size=4: a 4 MB young generation instead of 16 MB costs no throughput here and keeps the
# broker's memory at rest under 200 MB; --heap-growing-percent=100: the old generation grows to at most twice what
# survived the last full collection (V8 allows up to 4x under fast allocation), which keeps the peak under load
# near 165 MB instead of 260 MB. Not a cap (README, Performance).
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=100", "broker/dist/main.js"]
