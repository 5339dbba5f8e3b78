# Shared by scripts/test and scripts/demo: find Odoo 18 and PostgreSQL.
# Sourced, not run. Sets ODOO_PY (a Python that imports Odoo 18),
# ODOO_CMD (how to start Odoo with it) and ADDONS_PATH.
# The project never downloads or builds Odoo: it only looks for one.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEFAULT_ODOO_SRC=/opt/odoo-18.0
DEFAULT_ODOO_PYTHON=/opt/odoo-18.0-venv/bin/python

die() {
    echo "ERROR: $*" >&2
    exit 2
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
                "set ODOO_PYTHON to the Python of Odoo's virtualenv."
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
    die "Odoo 18.0 not found. Point the project at it with ODOO_SRC=/path/to/odoo" \
        "(a source tree with odoo-bin; ODOO_PYTHON=/path/to/its/venv/bin/python" \
        "if its requirements live in a virtualenv), or make 'odoo' importable" \
        "by python3. Default place looked at: $DEFAULT_ODOO_SRC with" \
        "$DEFAULT_ODOO_PYTHON."
}

check_postgres() {
    "$ODOO_PY" - <<'PY' || die "PostgreSQL cannot be reached with the libpq defaults" \
        "(PGHOST=${PGHOST:-<socket>}, PGPORT=${PGPORT:-5432}, PGUSER=${PGUSER:-$USER})." \
        "Start it, or set PGHOST/PGPORT/PGUSER/PGPASSWORD to a role that may create databases."
import psycopg2
conn = psycopg2.connect(dbname="postgres")
with conn.cursor() as cr:
    cr.execute("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")
    assert cr.fetchone()[0], "this role cannot create databases"
conn.close()
PY
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
