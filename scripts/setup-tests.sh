#!/usr/bin/env bash
# Installs everything the test suite needs, idempotently, on a fresh Debian machine (run as root or with sudo):
#   - Debian: chromium + chromium-driver (browser tests), a Java runtime (Nu HTML checker)
#   - .venv: newsgen in editable mode with its test extras
#   - .tools/node: the Nu HTML checker jar (vnu-jar, without its postinstall download) and axe-core, from npm
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

pkgs=(chromium chromium-driver)
command -v java >/dev/null 2>&1 || pkgs+=(default-jre-headless)
python3 -m venv --help >/dev/null 2>&1 || pkgs+=(python3-venv)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'

NODE_PACKAGES=(vnu-jar@26.9.27 axe-core@4.14.1)
if [ ! -f .tools/node/node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f .tools/node/node_modules/axe-core/axe.min.js ]; then
  mkdir -p .tools/node
  # --ignore-scripts: vnu-jar's postinstall would download a JDK; Debian's Java runs the jar.
  (cd .tools/node && npm install --ignore-scripts --no-audit --no-fund --loglevel=error --prefix . "${NODE_PACKAGES[@]}")
fi
echo "test setup done"
