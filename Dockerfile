# The image `terway-sim sweep k8s-job` runs (docs/sweeps.md): the seven packages built and packed
# as `npm pack` ships them (the form tools/publish.test.ts installs and checks), installed into
# /opt/terway-sim and run by plain Node. No sources and no dev tools reach the final stage.
#   docker build -t REGISTRY/terway-sim:0.1.0 .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
COPY packages ./packages
COPY tools ./tools
RUN npm ci --no-audit --no-fund \
 && npm run build \
 && mkdir /packs \
 && npm pack --pack-destination /packs ./packages/sim-base ./packages/cloud-emulator \
      ./packages/kernel-shim ./packages/kube-sim ./packages/terway-core ./packages/world \
      ./packages/scenarios

FROM node:20-bookworm-slim
WORKDIR /opt/terway-sim
COPY --from=build /packs /tmp/packs
RUN npm init -y >/dev/null \
 && npm install --omit=dev --no-audit --no-fund /tmp/packs/*.tgz \
 && rm -rf /tmp/packs /root/.npm \
 && ln -s /opt/terway-sim/node_modules/.bin/terway-sim /usr/local/bin/terway-sim
USER node
CMD ["terway-sim", "--help"]
