# One image for every service (Node 22 LTS); docker-compose.yml picks the entry point per service.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The on-call CLI from the built output (no build tools here): `docker compose exec query ops status`.
RUN chmod 0755 dist/apps/ops/src/main.js && ln -s /app/dist/apps/ops/src/main.js /usr/local/bin/ops
USER node
CMD ["node", "dist/apps/match-command/src/main.js"]
