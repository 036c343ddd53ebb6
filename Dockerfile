# Foundation-risk service: serves the committed demo dataset and model (or PostGIS via DATABASE_URL).
FROM node:20-bookworm-slim
WORKDIR /app
ENV PORT=8080
COPY package.json package-lock.json .npmrc ./
# tsx and esbuild are needed at start-up (TypeScript sources, viewer bundle), so dev dependencies stay.
RUN npm ci --include=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY service ./service
COPY viewer ./viewer
COPY seeds ./seeds
COPY models ./models
COPY training ./training
RUN npm run build:viewer
ENV NODE_ENV=production
EXPOSE 8080
USER node
CMD ["npx", "tsx", "service/server.ts"]
