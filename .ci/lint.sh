#!/usr/bin/env bash
# Lint the addons (ADDONS) with pinned tools from their own virtualenv (outside the repo):
#   ruff    ruff check + ruff format --check (.ruff.toml)
#   pylint  pylint-odoo, OCA's mandatory checks (.pylintrc-mandatory)
#   oca     oca-checks-odoo-module, and oca-checks-po on i18n/*.po(t)
#   xml     every *.xml parses with lxml
#   i18n    Babel (Odoo's extractor) reads the translatable strings of every
#           Python file: a file it cannot parse silently drops out of the .pot
# Usage: .ci/lint.sh [ruff|pylint|oca|xml|all]   (default: all)
# The virtualenv (CLINIC_LINT_VENV, default /opt/clinic-lint-venv) is made from
# .ci/lint-requirements.txt when missing or when that file has changed.
set -euo pipefail
cd "$(dirname "$0")/.."

# The project's addons, each linted as a module of its own.
ADDONS=(clinic_dispensary clinic_dispensary_dashboard)
VENV=${CLINIC_LINT_VENV:-/opt/clinic-lint-venv}
PY=${CLINIC_LINT_PYTHON:-/root/.pyenv/versions/3.11.7/bin/python}
[ -x "$PY" ] || PY=python3
REQS=.ci/lint-requirements.txt
STAMP=$VENV/.lint-requirements.sha256

step=${1:-all}
case $step in
    ruff | pylint | oca | xml | i18n | all) ;;
    *)
        echo "usage: $0 [ruff|pylint|oca|xml|i18n|all]" >&2
        exit 2
        ;;
esac

want=$(sha256sum "$REQS" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
    echo "== lint: installing $REQS into $VENV"
    if ! "$PY" -m venv "$VENV" || ! "$VENV/bin/python" -m pip install -q -r "$REQS"; then
        echo "lint FAILED step: install lint tools" >&2
        exit 1
    fi
    echo "$want" >"$STAMP"
fi
B=$VENV/bin

xml_check() {
    "$B/python" - "${ADDONS[@]}" <<'PY'
import pathlib, sys
from lxml import etree
bad = 0
for path in sorted(p for addon in sys.argv[1:] for p in pathlib.Path(addon).rglob("*.xml")):
    try:
        etree.parse(str(path))
    except etree.XMLSyntaxError as error:
        print(f"{path}: {error}")
        bad += 1
sys.exit(1 if bad else 0)
PY
}

i18n_check() {
    "$B/python" - "${ADDONS[@]}" <<'PY'
import pathlib, sys
from babel.messages import extract
bad = 0
for path in sorted(p for addon in sys.argv[1:] for p in pathlib.Path(addon).rglob("*.py")):
    with open(path, "rb") as source:
        try:
            list(extract.extract("python", source, keywords={"_": None, "_lt": None}))
        except Exception as error:  # what Odoo's export logs and skips
            print(f"{path}: strings not extractable: {error}")
            bad += 1
sys.exit(1 if bad else 0)
PY
}

po_check() {
    local files
    mapfile -t files < <(find "${ADDONS[@]}" -name '*.po' -o -name '*.pot')
    [ ${#files[@]} -eq 0 ] || "$B/oca-checks-po" --disable=po-pretty-format "${files[@]}"
}

failed=()
run() {
    local name=$1
    shift
    echo "== lint: $name"
    "$@" || failed+=("$name")
}

if [ "$step" = ruff ] || [ "$step" = all ]; then
    run "ruff check" "$B/ruff" check --no-fix "${ADDONS[@]}"
    run "ruff format" "$B/ruff" format --check "${ADDONS[@]}"
fi
if [ "$step" = pylint ] || [ "$step" = all ]; then
    run "pylint-odoo (OCA mandatory)" "$B/pylint" --rcfile=.pylintrc-mandatory \
        --output-format=text "${ADDONS[@]}"
fi
if [ "$step" = oca ] || [ "$step" = all ]; then
    for addon in "${ADDONS[@]}"; do
        run "oca-checks-odoo-module $addon" "$B/oca-checks-odoo-module" "$addon"
    done
    run "oca-checks-po" po_check
fi
if [ "$step" = i18n ] || [ "$step" = all ]; then
    run "i18n strings extractable (Babel)" i18n_check
fi
if [ "$step" = xml ] || [ "$step" = all ]; then
    run "xml well-formed" xml_check
fi

if [ ${#failed[@]} -gt 0 ]; then
    printf 'lint FAILED step: %s\n' "${failed[@]}"
    exit 1
fi
echo "lint ($step): all passed"
