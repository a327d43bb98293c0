#!/usr/bin/env bash
# Installs what the tests and the local run need on a fresh Debian machine: the real
# registry, builder and client (Debian packages), pnpm, and the workspace's dependencies,
# which bring Node 24 itself (the `node` devDependency). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(docker-registry buildah skopeo git unzip openssl ca-certificates time)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$pnpm_version" ]; then
  npm install -g "pnpm@$pnpm_version" >/dev/null
fi
pnpm install --frozen-lockfile >/dev/null
echo "setup: $(pnpm exec node --version), pnpm $(pnpm --version), $(docker-registry --version 2>&1 | head -1)"
