# Image for the worker and the API (and the one-shot migration): see docker-compose.yml.

# The pages (web/) are built with the development dependencies (Vite, React, Ant Design), then only web/dist is kept.
FROM node:20-bookworm-slim AS pages
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund || npm install --no-save --no-audit --no-fund
COPY web ./web
COPY shared ./shared
COPY scripts/build-web.ts ./scripts/
RUN npx tsx scripts/build-web.ts

FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/tmp/credit-cases

# Dependencies first, so a code change does not reinstall them.
COPY --chown=node:node package.json package-lock.json ./
# The lock file lacks other platforms' optional binaries (the registry it was written against does not serve
# them), which `npm ci` refuses; `npm install` from the same lock file then installs what this platform needs.
RUN (npm ci --omit=dev --no-audit --no-fund || npm install --omit=dev --no-save --no-audit --no-fund) \
    && npm cache clean --force

COPY --chown=node:node . .
COPY --from=pages --chown=node:node /build/web/dist ./web/dist
USER node

# docker-compose.yml chooses the command: `npm run worker`, `npm run api` or `npm run migrate`.
CMD ["npm", "run", "api"]
