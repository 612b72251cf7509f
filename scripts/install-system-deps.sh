#!/usr/bin/env bash
# Debian packages the tests need: headless Chromium (the map is opened in a real
# browser) and raptor2-utils (rapper, an independent RDF parser).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rapper >/dev/null 2>&1 || missing+=(raptor2-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian packages: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
