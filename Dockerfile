# Mirrors the README: npm >= 11.16 (it honours package.json's allowScripts, which denies
# onnxruntime-node's GPU download), `npm ci` (no downloads outside the npm registry), build, run on
# the embedded default knowledge pack and model. Multi-stage, glibc-based (onnxruntime-node ships a
# glibc binary), non-root, with a health check. Keys in the image:
# node dist/src/http/auth/key-command.js create|list|revoke.

FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    API_KEYS_FILE=/var/lib/combo-cost-cds/api-keys.json
WORKDIR /app
RUN groupadd --system app && useradd --system --gid app --home /app app \
    && mkdir -p /var/lib/combo-cost-cds && chown app:app /var/lib/combo-cost-cds
COPY --from=build --chown=app:app /app/node_modules ./node_modules
COPY --from=build --chown=app:app /app/dist ./dist
COPY --chown=app:app package.json ./
COPY --chown=app:app openapi ./openapi
COPY --chown=app:app rules ./rules
COPY --chown=app:app models ./models
COPY --chown=app:app mdt ./mdt
USER app
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
