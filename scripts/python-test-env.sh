#!/bin/sh
# Creates .build/python-test-env, the virtual environment of the Snowflake proof (fakesnow, sqlfluff and
# snowflake-connector-python at the versions pinned in scripts/python-test-requirements.txt), from PyPI.
# Idempotent and quick when nothing changed: a stamp records the hash of the requirements and the Python
# version; any difference rebuilds the environment from scratch. Usage: scripts/python-test-env.sh
# (PYTHON=python3.11 chooses the interpreter; `make test-deps` runs it).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
environment="$root/.build/python-test-env"
requirements="$root/scripts/python-test-requirements.txt"
stamp="$environment/.starsink-requirements"
python=${PYTHON:-python3}
want="$(sha256sum "$requirements" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0])')"
if [ -x "$environment/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi
echo "creating $environment (fakesnow, sqlfluff; takes about a minute)"
rm -rf "$environment"
mkdir -p "$root/.build"
"$python" -m venv "$environment"
"$environment/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$requirements"
"$environment/bin/python" -c 'import fakesnow, sqlfluff, snowflake.connector'
echo "$want" > "$stamp"
