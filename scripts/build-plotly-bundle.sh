#!/usr/bin/env bash
# Builds assets/vendor/plotly-react-<version>.min.js: plotly.js with only the trace types
# dashboard/charts.py draws (scatter, bar, heatmap, pie), from the npm registry.
#
# Why not plotly.js's own cartesian dist: it carries eight trace types no chart uses, and its
# bundle took ~750 ms to evaluate in Chromium on this project's machines against ~180 ms for this
# one (bench/RESULTS.md, session 7). Run it again after upgrading dash (the version must be the
# plotly.js that plotly.py bundles: tests/test_front_end.py checks the banner).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${1:-$(.venv/bin/python -c 'from plotly.offline import get_plotlyjs_version as v; print(v())')}"
ESBUILD=0.28.2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# scatter comes with plotly.js's core; these are the other types dashboard/charts.py draws. The
# banner names them all, and tests/test_front_end.py reads the banner.
REGISTERED=(bar heatmap pie)
TRACES=$(printf '%s\n' "${REGISTERED[@]}" scatter | sort | paste -sd, - | sed 's/,/, /g')
requires=$(printf "require('plotly.js/lib/%s'), " "${REGISTERED[@]}")
cat > "$work/index.js" <<JS
'use strict';
var Plotly = require('plotly.js/lib/core');
Plotly.register([${requires%, }]);
module.exports = Plotly;
JS
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "plotly.js@$VERSION" "esbuild@$ESBUILD")
out="assets/vendor/plotly-react-$VERSION.min.js"
# plotly.js's sources use node's `global`; dcc.Graph finds the bundle as window.Plotly. The one CSS
# file the sources require is maplibre's, for map traces this bundle has not: left out.
"$work/node_modules/.bin/esbuild" "$work/index.js" --bundle --minify --format=iife --global-name=Plotly \
  --target=es2018 --define:global=window --loader:.css=empty --legal-comments=none --log-level=warning \
  --banner:js="/*! plotly.js ($TRACES - minified) v$VERSION | MIT, Copyright 2012-2026 Plotly, Inc. | built by scripts/build-plotly-bundle.sh with esbuild $ESBUILD */" \
  --outfile="$out"
cp "$work/node_modules/plotly.js/LICENSE" "assets/vendor/plotly-react-$VERSION.LICENSE"
echo "$out: $(wc -c < "$out") bytes"
