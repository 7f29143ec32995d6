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
# Liveness, never readiness: a container is restarted when this fails, and a restart does not
# cure a database or broker outage. docker-compose.yml gives each service its own port's probe.
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.COMMAND_PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/match-command/src/main.js"]
