#!/usr/bin/env bash
# Installs everything rill needs from Debian's packages. Idempotent; run as root.
set -euo pipefail
pkgs=(build-essential cmake ccache pkg-config libcaf-dev libssl-dev libcereal-dev libspdlog-dev
      doctest-dev nlohmann-json3-dev libyaml-cpp-dev libre2-dev zlib1g-dev openssl iproute2
      libcpp-httplib-dev chromium  # the REST API; the web UI test (headless)
      clang-14 libclang-rt-14-dev)  # clang and libFuzzer for scripts/fuzz.sh
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
