#!/usr/bin/env bash
# The real servers the test suite starts on 127.0.0.1 (tests/harness/servers.ts): MariaDB, Redis, Ceph's RADOS
# Gateway, openssl, and a Docker registry (Debian `docker-registry`) for the image-existence checks. Run by
# `npm test` before the tests. It installs nothing that is already there; otherwise it installs the Debian packages
# with apt-get when running as root or with password-less sudo, and else prints one line naming them (the tests
# that need them are then skipped, each saying why). An apt-get that fails is a failure, not a skip.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

packages=()
have mariadbd && have mariadb-install-db || packages+=(mariadb-server mariadb-client)
have redis-server || packages+=(redis-server redis-tools)
{ have radosgw && have ceph-mon && have ceph-osd && have ceph && have ceph-authtool && have monmaptool && have radosgw-admin; } ||
    packages+=(ceph-mon ceph-osd radosgw ceph-common)
have openssl || packages+=(openssl)
have docker-registry || packages+=(docker-registry)

[ "${#packages[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
else
    echo "test servers: not installed, and no root or password-less sudo to install them: apt-get install ${packages[*]}" >&2
    exit 0
fi

echo "test servers: installing ${packages[*]} (apt-get)" >&2
start=$SECONDS
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "test servers: installed in $((SECONDS - start)) s" >&2
