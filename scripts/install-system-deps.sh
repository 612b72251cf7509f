#!/usr/bin/env bash
# Debian packages the tests need: headless Chromium (the map is opened in a real
# browser), raptor2-utils (rapper, an independent RDF parser) and Virtuoso open source
# (a second SPARQL server for the remote-store tests). Of Virtuoso only the binaries
# package (virtuoso-t, isql-vt) is installed: the tests start their own server, and the
# full virtuoso-opensource package would ask for a dba password through debconf and
# start a system service.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rapper >/dev/null 2>&1 || missing+=(raptor2-utils)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource-7-bin)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian packages: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
