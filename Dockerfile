# syntax=docker/dockerfile:1
# Foundation-risk service, production image: the esbuild bundle (dist/), the built viewer, the committed
# demo dataset and model, and production dependencies only. Serves the embedded demo, or PostGIS when
# DATABASE_URL is set; the same image runs the database CLIs (node dist/db-migrate.js, node dist/db-load.js).
#   docker build -t funderingsrisico .
#   docker run -p 8080:8080 funderingsrisico
ARG NODE_IMAGE=node:22-bookworm-slim

# 1. Build: all dependencies (tsx, esbuild, maplibre-gl), then `npm run build` → dist/ and viewer/dist/.
#    --ignore-scripts: no install script is needed (esbuild's binary comes as a package), and
#    onnxruntime-node's would try to download CUDA libraries on linux/x64.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY service ./service
COPY viewer ./viewer
RUN npm run build

# 2. Production dependencies only, with onnxruntime-node's binaries for other platforms removed
#    (≈ 245 MB of darwin, win32 and linux/arm64 libraries; ONNX_PLATFORM=linux/arm64 for an arm64 image).
FROM ${NODE_IMAGE} AS deps
ARG ONNX_PLATFORM=linux/x64
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && find node_modules/onnxruntime-node/bin/napi-v6 -mindepth 2 -maxdepth 2 -type d ! -path "*/napi-v6/${ONNX_PLATFORM}" -exec rm -rf {} + \
 && test -d "node_modules/onnxruntime-node/bin/napi-v6/${ONNX_PLATFORM}" \
 && npm cache clean --force

# 3. Runtime: no npm step, no compiler, files owned by root and read-only for the unprivileged user.
FROM ${NODE_IMAGE} AS runtime
# glibc malloc: 2 arenas instead of up to 8 per core (the libuv and V8 worker threads each took one),
# see docs/operations.md "Memory". Also fine for the database CLIs run from this image.
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/viewer/dist ./viewer/dist
COPY models ./models
COPY seeds/demo ./seeds/demo
USER node
EXPOSE 8080
# Liveness: /healthz answers 200 from the moment the port is open (readiness is /readyz).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (exec form, no npm/npx/sh in between), so SIGTERM from `docker stop` reaches the
# server, which drains in-flight requests within SHUTDOWN_GRACE_MS (10 s, Docker's default stop timeout).
# The heap cap keeps RSS flat (V8 otherwise lets garbage grow towards a limit sized from the host's
# memory, not the container's); it is on the server's command line only, so the loader is not capped.
STOPSIGNAL SIGTERM
CMD ["node", "--max-old-space-size=512", "dist/server.js"]
