#!/bin/sh
# Installs the Debian packages starsink builds, runs and tests with, when they are missing.
# Usage: scripts/install-deps.sh [runtime|test]   (test adds the PostgreSQL server, systemd-nspawn,
# python3-venv, which scripts/python-test-env.sh needs for the Snowflake emulator's environment, and
# chromium, whose headless mode renders the HTML report page in the end-to-end tests)
set -eu
packages="librdkafka-dev unixodbc-dev libsystemd-dev odbc-postgresql libsqliteodbc"
if [ "${1:-runtime}" = "test" ]; then
    packages="$packages postgresql systemd-container python3-venv chromium"
fi
missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
