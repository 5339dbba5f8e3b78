# Shared by scripts/test, scripts/demo and the other scripts: find (or set up)
# Odoo 18 and PostgreSQL. Sourced, not run. find_odoo sets ODOO_PY (a Python
# that imports Odoo 18), ODOO_CMD (how to start Odoo with it) and ADDONS_PATH.
# Odoo itself is never part of the project: scripts/setup fetches it from
# Odoo's git repository into a place outside the project.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Everything set up for the project lives under CLINIC_PREFIX (default /opt),
# never inside the repository: a throwaway prefix gives a fresh machine.
CLINIC_PREFIX=${CLINIC_PREFIX:-/opt}
DEFAULT_ODOO_SRC=$CLINIC_PREFIX/odoo-18.0
DEFAULT_ODOO_VENV=$CLINIC_PREFIX/odoo-18.0-venv
DEFAULT_ODOO_PYTHON=$DEFAULT_ODOO_VENV/bin/python
# The private PostgreSQL cluster started when none is reachable.
CLINIC_PG_DIR=${CLINIC_PG_DIR:-$CLINIC_PREFIX/clinic-dispensary-pg}

die() {
    echo "ERROR: $*" >&2
    exit 2
}

step() {
    echo "[setup] $*"
}

odoo_version_of() {
    # $1: python, $2: source tree or empty (importable odoo)
    local pythonpath=${PYTHONPATH:-}
    [ -n "$2" ] && pythonpath="$2${pythonpath:+:$pythonpath}"
    PYTHONPATH="$pythonpath" "$1" -c \
        'import odoo.release as r; print(r.version_info[0])' 2>/dev/null
}

find_odoo() {
    local py src
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo-bin" ] ||
            die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo-bin there)."
        src=$ODOO_SRC
        py=${ODOO_PYTHON:-}
        if [ -z "$py" ]; then
            for py in python3 "$DEFAULT_ODOO_PYTHON"; do
                [ "$(odoo_version_of "$py" "$src")" = 18 ] && break
            done
        fi
        [ "$(odoo_version_of "$py" "$src")" = 18 ] ||
            die "Odoo in ODOO_SRC=$ODOO_SRC does not start with Python '$py'" \
                "(not Odoo 18.0, or its requirements are not installed):" \
                "set ODOO_PYTHON to the Python of Odoo's virtualenv," \
                "or unset ODOO_SRC and let scripts/setup install Odoo."
        ODOO_PY=$py
        ODOO_PYTHONPATH=$src
        ODOO_CMD=("$py" "$src/odoo-bin")
        ADDONS_PATH="$src/addons,$src/odoo/addons,$REPO_ROOT"
        return
    fi
    py=${ODOO_PYTHON:-python3}
    if [ "$(odoo_version_of "$py" "")" = 18 ]; then
        ODOO_PY=$py
        ODOO_PYTHONPATH=
        ODOO_CMD=("$py" -m odoo)
        local base
        base=$("$py" -c 'import odoo, os; print(os.path.dirname(odoo.__file__))')
        ADDONS_PATH="$base/addons,$REPO_ROOT"
        [ -d "$base/../addons" ] && ADDONS_PATH="$base/../addons,$ADDONS_PATH"
        return
    fi
    if [ -f "$DEFAULT_ODOO_SRC/odoo-bin" ] && [ -x "$DEFAULT_ODOO_PYTHON" ]; then
        ODOO_SRC=$DEFAULT_ODOO_SRC ODOO_PYTHON=$DEFAULT_ODOO_PYTHON find_odoo
        return
    fi
    die "Odoo 18.0 not found. Run scripts/setup (scripts/test and scripts/demo" \
        "run it for you) to install it in $DEFAULT_ODOO_SRC, or point the" \
        "project at an existing one with ODOO_SRC=/path/to/odoo (and" \
        "ODOO_PYTHON=/path/to/its/venv/bin/python)."
}

postgres_ok() {
    # Exit 0 when the libpq defaults reach a PostgreSQL where this role may
    # create databases.
    "$1" - <<'PY' 2>/dev/null
import psycopg2
conn = psycopg2.connect(dbname="postgres", connect_timeout=5)
with conn.cursor() as cr:
    cr.execute("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")
    assert cr.fetchone()[0], "this role cannot create databases"
conn.close()
PY
}

use_private_postgres() {
    # The private cluster, when scripts/setup started one: its socket and port.
    if [ -z "${PGHOST:-}" ] && [ -f "$CLINIC_PG_DIR/env" ]; then
        # shellcheck disable=SC1091
        source "$CLINIC_PG_DIR/env"
    fi
}

check_postgres() {
    use_private_postgres
    postgres_ok "$ODOO_PY" || die "PostgreSQL cannot be reached with the libpq" \
        "defaults (PGHOST=${PGHOST:-<socket>}, PGPORT=${PGPORT:-5432}," \
        "PGUSER=${PGUSER:-$USER}) by a role that may create databases. Run" \
        "scripts/setup to start a private one, or set PGHOST/PGPORT/PGUSER/PGPASSWORD."
}

db_args() {
    # Odoo reads the libpq variables only through its own options.
    local args=()
    [ -n "${PGHOST:-}" ] && args+=(--db_host "$PGHOST")
    [ -n "${PGPORT:-}" ] && args+=(--db_port "$PGPORT")
    [ -n "${PGUSER:-}" ] && args+=(--db_user "$PGUSER")
    [ -n "${PGPASSWORD:-}" ] && args+=(--db_password "$PGPASSWORD")
    echo "${args[@]}"
}
