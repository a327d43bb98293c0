#!/usr/bin/env bash
# The README's first command: on a fresh Debian/Ubuntu machine, install what the local run
# needs (the registry, buildah, skopeo; pnpm; the workspace with Node 24), then run the whole
# flow locally: build -> deploy dev -> promote -> release + lock -> deploy production -> a
# release that cannot be pulled, diagnosed and rolled back. Exits 0 when the flow behaved.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec pnpm --silent local-run "$@"
