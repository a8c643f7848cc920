# Image for the worker and the API (and the one-shot migration): see docker-compose.yml.
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/tmp/credit-cases

# Dependencies first, so a code change does not reinstall them.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY --chown=node:node . .
USER node

# docker-compose.yml chooses the command: `npm run worker`, `npm run api` or `npm run migrate`.
CMD ["npm", "run", "api"]
