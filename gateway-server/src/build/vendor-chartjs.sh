#!/bin/sh
# Vendors Chart.js into the jar at build time, from the npm registry through npm itself (which
# checks the package's integrity hash). Nothing fetched is committed: it lands in target/ only.
# Usage: vendor-chartjs.sh VERSION TARGET_DIR
set -eu
version="$1"
target="$2"
dest="$target/classes/dev/llmgateway/server/dashboard"
if [ -f "$dest/chart.umd.js" ] && head -c 200 "$dest/chart.umd.js" | grep -q "Chart.js v$version"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to vendor Chart.js $version into the dashboard (Debian: apt-get install npm)" >&2
  exit 1
fi
mkdir -p "$target/npm" "$dest"
cd "$target/npm"
npm pack "chart.js@$version" --prefer-offline --silent >/dev/null
tar -xzf "chart.js-$version.tgz" package/dist/chart.umd.min.js package/LICENSE.md
cp package/dist/chart.umd.min.js "$dest/chart.umd.js"
cp package/LICENSE.md "$dest/chart.js-LICENSE.md"
