# Sourced by ./haven and .ci/run: finds, installs or starts what the tests need besides Node
# (Chromium for the browser tests, coturn for the video test, PostgreSQL for DATABASE_CLIENT=postgres, Redis for CI). On Debian
# as root it installs the missing Debian packages with apt-get; otherwise it says, in one line, what
# to install. Functions only: nothing runs when the file is sourced.

HAVEN_PG_URL="${TEST_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
HAVEN_CHROMIUM_DEFAULT=/usr/bin/chromium
HAVEN_APT_UPDATED=0

# Whether this shell may install Debian packages itself (root on a machine with apt-get).
can_apt_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_install() { # apt_install PACKAGE...
  export DEBIAN_FRONTEND=noninteractive
  if [ "$HAVEN_APT_UPDATED" = 0 ]; then
    echo "+ apt-get update"
    timeout 600 apt-get -o DPkg::Lock::Timeout=300 update -q || return 1
    HAVEN_APT_UPDATED=1
  fi
  echo "+ apt-get install -y $*"
  timeout 1200 apt-get -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    install -y -q "$@"
}

wait_for() { # wait_for SECONDS CHECK
  local deadline=$((SECONDS + $1))
  until "$2"; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 1
  done
}

# ---------------------------------------------------------------------------------------------
# Chromium (browser tests): CHROMIUM_PATH when set, else /usr/bin/chromium, else `chromium` on PATH.
# ---------------------------------------------------------------------------------------------
chromium_found() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    [ -x "$CHROMIUM_PATH" ]
    return
  fi
  [ -x "$HAVEN_CHROMIUM_DEFAULT" ] && return 0
  local name found
  for name in chromium chromium-browser; do
    # `command -v` also names a file that is not executable: check.
    found="$(command -v "$name" 2>/dev/null || true)"
    if [ -n "$found" ] && [ -x "$found" ]; then
      export CHROMIUM_PATH="$found" # the tests read it (tests/helpers/browser.ts)
      return 0
    fi
  done
  return 1
}

ensure_chromium() {
  if chromium_found; then return 0; fi
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    echo "✖ CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file: point it at Chromium, or unset it to use $HAVEN_CHROMIUM_DEFAULT." >&2
    return 1
  fi
  if can_apt_install; then
    echo "▶ Chromium is missing (the browser tests drive it): installing Debian's chromium"
    apt_install chromium || { echo "✖ apt-get could not install chromium (see above)." >&2; return 1; }
    if chromium_found; then return 0; fi
    echo "✖ apt-get finished, but $HAVEN_CHROMIUM_DEFAULT is still missing." >&2
    return 1
  fi
  echo "✖ The browser tests need Chromium at $HAVEN_CHROMIUM_DEFAULT: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary, then run this again." >&2
  return 1
}

# coturn: the TURN server the video browser test starts as a child process (tests/helpers/coturn.ts).
# Only the program is needed: Debian's package also installs a service, which the tests never use.
coturn_found() { [ -x "${TURNSERVER_PATH:-/usr/bin/turnserver}" ]; }

ensure_coturn() {
  if coturn_found; then return 0; fi
  if can_apt_install; then
    echo "▶ coturn is missing (the video browser test relays a call through it): installing Debian's coturn"
    apt_install coturn || { echo "✖ apt-get could not install coturn (see above)." >&2; return 1; }
    coturn_found && return 0
  fi
  echo "✖ The video browser test needs coturn's turnserver at ${TURNSERVER_PATH:-/usr/bin/turnserver}: install it (Debian/Ubuntu: sudo apt-get install coturn) or set TURNSERVER_PATH, then run this again." >&2
  return 1
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL and Redis
# ---------------------------------------------------------------------------------------------
pg_ready() { timeout 10 pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }
pg_ok() { PGCONNECT_TIMEOUT=5 timeout 10 psql -w "$HAVEN_PG_URL" -Atqc 'select 1' >/dev/null 2>&1; }
redis_ok() {
  timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/6379 && printf "PING\r\n" >&3 && IFS= read -r line <&3 && [[ "$line" == +PONG* ]]' \
    >/dev/null 2>&1
}

pg_start_clusters() {
  local version
  for version in $(ls /etc/postgresql 2>/dev/null); do
    # Exits 2 when the cluster already runs: that is fine.
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
}

pg_trust_local_tcp() {
  # Let user postgres connect over 127.0.0.1 and ::1 without a password (CI machines only).
  local hba
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    [[ -f "$hba" ]] || continue
    echo "+ trusting local TCP connections in $hba"
    sed -i -E 's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+(127\.0\.0\.1/32|::1/128)[[:space:]]+).*$#\1trust#' "$hba"
    grep -Eq '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba" ||
      printf 'host all all 127.0.0.1/32 trust\n' >>"$hba"
    grep -Eq '^host[[:space:]]+all[[:space:]]+all[[:space:]]+::1/128[[:space:]]+trust' "$hba" ||
      printf 'host all all ::1/128 trust\n' >>"$hba"
  done
}

# The Debian packages missing for PostgreSQL (none when it already answers).
postgres_packages() {
  pg_ok && return 0
  compgen -G '/etc/postgresql/*/main' >/dev/null || echo postgresql
  command -v psql >/dev/null || echo postgresql-client
}

# Starts the installed PostgreSQL when it does not answer; with `trust`, also lets postgres in over
# local TCP without a password (CI machines only: it edits pg_hba.conf).
start_postgres() { # start_postgres [trust]
  pg_ok && return 0
  echo "+ starting PostgreSQL"
  pg_start_clusters
  wait_for 60 pg_ready || { echo "✖ PostgreSQL does not listen on 127.0.0.1:5432" >&2; return 1; }
  if ! pg_ok && [ "${1:-}" = trust ]; then
    pg_trust_local_tcp
    local version
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main reload || pg_ctlcluster --skip-systemctl-redirect "$version" main restart || true
    done
    wait_for 30 pg_ok || { echo "✖ PostgreSQL does not accept postgres@127.0.0.1:5432 without a password" >&2; return 1; }
  fi
  pg_ok
}

# For DATABASE_CLIENT=postgres on a developer's machine: use PostgreSQL if it answers, start it if it
# is installed, install it (as root on Debian) if it is not. pg_hba.conf is edited only for a cluster
# installed here and now; an existing server's authentication is its owner's to choose.
ensure_postgres() {
  pg_ok && return 0
  if can_apt_install; then
    local missing trust=
    missing="$(postgres_packages)"
    if [ -n "$missing" ]; then
      apt_install $missing || return 1
      if grep -qx postgresql <<<"$missing"; then trust=trust; fi
    fi
    start_postgres $trust && return 0
  fi
  echo "✖ The PostgreSQL tests need a server that lets user postgres in without a password at $HAVEN_PG_URL: install and start one (Debian: sudo apt-get install postgresql), or set TEST_PG_ADMIN_URL to one that does." >&2
  return 1
}

start_redis() {
  redis_ok && return 0
  echo "+ starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_for 15 redis_ok || { echo "✖ Redis did not start" >&2; return 1; }
}
