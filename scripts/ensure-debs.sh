#!/usr/bin/env bash
# Debian packages the tests need (real servers and tools started on loopback by the tests).
# Each feature lists its own in scripts/debs/<feature>.txt, one package per line, '#' comments.
# Installs only what is missing; nothing is started (packages start no daemons here).
set -euo pipefail
cd "$(dirname "$0")"
mapfile -t wanted < <(cat debs/*.txt | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}; run 'sudo apt-get install -y ${missing[*]}'." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
