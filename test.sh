#!/usr/bin/env bash
# Runs every test of the repository: the README's test command.
#
# On a fresh Debian machine with only the .NET SDK it installs what the tests need (as root, through apt-get),
# runs `dotnet test Router.sln` with TRX results in artifacts/test-results, and ends with one line:
#   tests: N passed, N failed, N skipped
# It exits non-zero when the build or any test fails, or when no test results were produced.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

readonly RESULTS_DIR=artifacts/test-results
readonly HANG_TIMEOUT="${ROUTER_TEST_HANG_TIMEOUT:-5m}"

log() { printf '==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# --- prerequisites ---------------------------------------------------------------------------------------------
# One ensure_* function per prerequisite; each checks first and installs only what is missing.

apt_updated=false
apt_install() {
    is_root || die "cannot install $* without root; install it and run ./test.sh again."
    if [ "$apt_updated" = false ]; then
        apt-get update
        apt_updated=true
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

ensure_dotnet() {
    command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH; install the SDK that global.json names."
}

have_postgres_binaries() {
    if [ -n "${ROUTER_PG_BIN:-}" ]; then
        [ -x "$ROUTER_PG_BIN/initdb" ]
        return
    fi
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && return 0
    command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]
}

# The tests start throwaway PostgreSQL clusters with initdb and pg_ctl. PostgreSQL refuses to run as root, so as
# root the tests run it as the 'postgres' system user, which the Debian package creates.
ensure_postgres() {
    if have_postgres_binaries && { ! is_root || id -u postgres >/dev/null 2>&1; }; then
        return
    fi
    if ! is_root; then
        die "PostgreSQL server binaries (initdb, pg_ctl) are missing. Install them (sudo apt-get install postgresql) or point ROUTER_PG_BIN at their bin directory, then run ./test.sh again."
    fi
    log "Installing PostgreSQL"
    apt_install postgresql
    have_postgres_binaries || die "PostgreSQL was installed but initdb is still not found under /usr/lib/postgresql/*/bin."
}

# The MCP peer tests run real servers and clients from npm (test/peers: package.json and its lock file pin them).
# Debian's nodejs and npm packages are enough (the pinned packages need Node 18 or later). `npm ci` installs exactly
# the lock file; a stamp holding the lock file's hash skips it while node_modules is up to date.
readonly PEERS_DIR=test/peers
readonly PEERS_STAMP="$PEERS_DIR/node_modules/.router-lock.sha256"

ensure_node() {
    local missing=()
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    if [ "${#missing[@]}" -ne 0 ]; then
        is_root || die "${missing[*]} missing: install Node.js 18 or later with npm (sudo apt-get install nodejs npm), then run ./test.sh again."
        log "Installing ${missing[*]}"
        apt_install "${missing[@]}"
    fi
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 18 ] || die "Node.js $(node --version) is too old for the MCP peers in $PEERS_DIR; install Node.js 18 or later."
}

ensure_node_packages() {
    ensure_node
    if [ ! -f "$PEERS_DIR/package-lock.json" ]; then
        # Only when someone deleted the lock file to re-pin: npm install writes a new one, to be committed.
        log "Installing npm packages in $PEERS_DIR (npm install: no package-lock.json)"
        (cd "$PEERS_DIR" && npm install --no-audit --no-fund) || die "npm install in $PEERS_DIR failed."
    else
        local lock_hash
        lock_hash=$(sha256sum "$PEERS_DIR/package-lock.json" | cut -d' ' -f1)
        if [ -f "$PEERS_STAMP" ] && [ "$(cat "$PEERS_STAMP")" = "$lock_hash" ]; then
            return
        fi
        log "Installing npm packages in $PEERS_DIR (npm ci)"
        (cd "$PEERS_DIR" && npm ci --no-audit --no-fund) || die "npm ci in $PEERS_DIR failed."
    fi
    sha256sum "$PEERS_DIR/package-lock.json" | cut -d' ' -f1 >"$PEERS_STAMP"
}

ensure_prerequisites() {
    ensure_dotnet
    ensure_postgres
    ensure_node_packages
}

# --- tests -----------------------------------------------------------------------------------------------------

# Prints "passed failed skipped", summed over the <Counters> element of every TRX file. Failed includes errors,
# timeouts and aborted runs; skipped is what TRX calls notExecuted.
sum_trx_counters() {
    local files=("$RESULTS_DIR"/*.trx)
    if [ ! -e "${files[0]}" ]; then
        echo "0 0 0"
        return
    fi
    grep -ho '<Counters [^>]*>' "${files[@]}" | awk '
        {
            for (i = 1; i <= NF; i++) {
                if (match($i, /^[A-Za-z]+="[0-9]+"/)) {
                    name = $i; sub(/=.*/, "", name)
                    value = $i; gsub(/[^0-9]/, "", value)
                    count[name] += value
                }
            }
        }
        END {
            printf "%d %d %d\n", count["passed"], count["failed"] + count["error"] + count["timeout"] + count["aborted"], count["notExecuted"]
        }'
}

run_tests() {
    rm -rf "$RESULTS_DIR"
    mkdir -p "$RESULTS_DIR"

    # A test that hangs must fail the run, not stall it: after HANG_TIMEOUT without progress the test host is
    # terminated (no dump) and the run reports which test was running.
    log "dotnet test Router.sln"
    local status=0
    set +e
    dotnet test Router.sln --logger "trx" --results-directory "$RESULTS_DIR" \
        --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none
    status=$?
    set -e

    local trx_count passed failed skipped
    trx_count=$(find "$RESULTS_DIR" -maxdepth 1 -name '*.trx' | wc -l)
    read -r passed failed skipped < <(sum_trx_counters)

    if [ "$status" -ne 0 ]; then
        printf 'test.sh: dotnet test exited with code %d\n' "$status" >&2
    fi
    if [ "$trx_count" -eq 0 ]; then
        printf 'test.sh: no test results (*.trx) in %s\n' "$RESULTS_DIR" >&2
    fi
    printf 'tests: %d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"

    if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$trx_count" -eq 0 ]; then
        return 1
    fi
}

ensure_prerequisites
run_tests
