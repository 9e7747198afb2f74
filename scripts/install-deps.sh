#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian 12 machine, as root.
# Safe to run again: packages already present are skipped by apt, and the static
# prometheus-cpp build is redone only when its install stamp is missing.
#
#   --build-only   only what building the product binaries needs (the container image's build
#                  stage): no test frameworks, Python or Node
set -euo pipefail

PROMETHEUS_PREFIX="${PROMETHEUS_PREFIX:-/opt/prometheus-cpp-static}"
build_only=false
case "${1:-}" in
  --build-only) build_only=true ;;
  "") ;;
  *) echo "install-deps: unknown argument '$1' (the only option is --build-only)" >&2; exit 2 ;;
esac

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates dpkg-dev
  libboost1.81-dev libboost-url1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev
  nlohmann-json3-dev libyaml-cpp-dev libssl-dev zlib1g-dev
)
if ! $build_only; then
  packages+=(libgtest-dev libgmock-dev
             python3 python3-websockets python3-cryptography python3-yaml iproute2 util-linux curl)
  # Packaging checks (tests/packaging/cloud_init_schema_test.py): the cloud-init schema, the
  # scripts through shellcheck, the syscall filter under strace, the firewall rules through nft.
  packages+=(cloud-init shellcheck strace nftables)
  # Compose and proxy checks (tests/packaging/compose_files_test.py, proxy_path_test.py):
  # `docker-compose config` validates compose/, caddy stands in for Traefik on loopback.
  packages+=(docker-compose caddy)
  # The OpenAI-compatible API is tested with the official `openai` npm client; Debian's Node
  # only when the machine has no npm of its own (a NodeSource nodejs already bundles npm, and
  # Debian's npm package would conflict with it).
  if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: must run as root (it installs Debian packages)" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# cloud-init is installed for its schema check only: if this script brings it, it must never
# run at this machine's next boot.
if [[ " ${missing[*]:-} " == *" cloud-init "* ]]; then
  mkdir -p /etc/cloud && touch /etc/cloud/cloud-init.disabled
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "install-deps: apt-get failed (full log: $log)" >&2
    exit 1
  fi
  rm -f "$log"
  # caddy is a test tool here (each test starts its own on loopback); Debian's package
  # enables a caddy.service on :80, which this machine must not get.
  if [[ " ${missing[*]} " == *" caddy "* ]] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now caddy.service >/dev/null 2>&1 || true
  fi
fi

# prometheus-cpp: Debian ships only shared libraries, so build the core statically
# from Debian's own source package.
if [ ! -f "$PROMETHEUS_PREFIX/.installed" ]; then
  src_list=/etc/apt/sources.list.d/openclaw-deb-src.sources
  if ! apt-cache showsrc prometheus-cpp >/dev/null 2>&1 || [ -z "$(apt-cache showsrc prometheus-cpp 2>/dev/null)" ]; then
    cat >"$src_list" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt-get update -qq
  fi
  work=$(mktemp -d)
  chmod 755 "$work"  # apt-get source downloads as the _apt user
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get source -qq --download-only prometheus-cpp >/dev/null && dpkg-source -x --no-check prometheus-cpp_*.dsc src >/dev/null)
  cmake -S "$work/src" -B "$work/build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PROMETHEUS_PREFIX" \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DBUILD_SHARED_LIBS=OFF \
    -DENABLE_PULL=OFF -DENABLE_PUSH=OFF -DENABLE_COMPRESSION=OFF -DENABLE_TESTING=OFF \
    -DUSE_THIRDPARTY_LIBRARIES=OFF -DGENERATE_PKGCONFIG=OFF >/dev/null
  cmake --build "$work/build" >/dev/null
  cmake --install "$work/build" >/dev/null
  touch "$PROMETHEUS_PREFIX/.installed"
  echo "install-deps: prometheus-cpp core installed statically in $PROMETHEUS_PREFIX"
fi
echo "install-deps: ok"
