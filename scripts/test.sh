#!/usr/bin/env bash
# The README's test command: sets up a fresh machine, then lint (code and workflows),
# typecheck, dist freshness, pins of this repository's actions, and every test against the real registry, buildah, skopeo and kubectl.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm lint
pnpm lint:workflows
pnpm typecheck
pnpm check-dist
pnpm check-pins
pnpm test
