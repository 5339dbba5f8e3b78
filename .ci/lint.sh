#!/usr/bin/env bash
# Lint the addon: ruff (check + format), OCA's mandatory pylint-odoo checks,
# oca-checks-odoo-module, and XML that parses. The tools live in their own
# virtualenv (CLINIC_LINT_VENV), created from .ci/lint-requirements.txt when
# missing or out of date.
#   .ci/lint.sh [ruff|pylint|oca|xml|all]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${CLINIC_LINT_VENV:-/opt/clinic-lint-venv}
REQS=.ci/lint-requirements.txt
STAMP=$VENV/.clinic-lint-stamp
want=$(sha256sum "$REQS" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
    echo "Installing lint tools into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q -r "$REQS"
    echo "$want" > "$STAMP"
fi
ADDON=clinic_dispensary
step=${1:-all}
failed=()

run() {
    local name=$1
    shift
    echo "== lint: $name"
    "$@" || failed+=("$name")
}

xml_check() {
    "$VENV/bin/python" - "$ADDON" <<'PY'
import pathlib, sys
from lxml import etree
bad = 0
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.xml")):
    try:
        etree.parse(str(path))
    except etree.XMLSyntaxError as error:
        print(f"{path}: {error}")
        bad += 1
sys.exit(1 if bad else 0)
PY
}

oca_check() {
    local out
    out=$("$VENV/bin/oca-checks-odoo-module" "$ADDON" 2>&1) || { echo "$out"; return 1; }
    # Some versions print findings and still exit 0.
    [ -z "$(echo "$out" | grep -v '^\s*$')" ] || { echo "$out"; return 1; }
}

case $step in
    ruff | all)
        run "ruff check" "$VENV/bin/ruff" check --no-fix "$ADDON" scripts
        run "ruff format" "$VENV/bin/ruff" format --check "$ADDON" scripts
        ;;&
    pylint | all)
        run "pylint-odoo (mandatory)" "$VENV/bin/pylint" --rcfile=.pylintrc-mandatory \
            --output-format=text "$ADDON"
        ;;&
    oca | all)
        run "oca-checks-odoo-module" oca_check
        ;;&
    xml | all)
        run "xml parses" xml_check
        ;;
    ruff | pylint | oca) ;;
    *)
        echo "usage: $0 [ruff|pylint|oca|xml|all]" >&2
        exit 2
        ;;
esac

if [ ${#failed[@]} -gt 0 ]; then
    echo "Lint failed: ${failed[*]}"
    exit 1
fi
echo "Lint: clean."
