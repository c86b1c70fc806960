# The API image for docker-compose.yml: build with the dev toolchain, run on plain node.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm install
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# A larger young generation: projecting creates many short-lived objects per batch (see docs/benchmarks.md#the-read-side).
ENV NODE_OPTIONS=--max-semi-space-size=32
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The data directory belongs to the user the processes run as, and to nobody else; the anchors'
# directory may be read by its group, who ship it elsewhere (a named volume mounted here starts
# with this owner and mode).
RUN mkdir -p /data /anchors && chown node:node /data /anchors && chmod 700 /data && chmod 750 /anchors
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
