#!/usr/bin/env bash
# Installs the Debian packages the tests need, unless they are there already:
# chromium + chromium-driver (headless browser tests, kaleido chart images), redis-server, and
# poppler-utils (pdftoppm: the report test renders the PDF's pages).
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v chromedriver >/dev/null 2>&1 || needed+=(chromium-driver)
command -v redis-server >/dev/null 2>&1 || needed+=(redis-server)
command -v pdftoppm >/dev/null 2>&1 || needed+=(poppler-utils)  # the report test looks at its pages
[ ${#needed[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${needed[*]}; install them with: sudo apt-get install -y ${needed[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${needed[@]}"
