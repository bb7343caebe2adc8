# Shared by scripts/run, scripts/test and scripts/bench. Sourced, not executed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK (dotnet) is not on PATH. Install it (e.g. the 'dotnet-sdk-10.0' package) and retry." >&2
    exit 1
  fi
}

# build CONFIGURATION PROJECT...: incremental, quiet unless it fails.
build() {
  local configuration="$1"; shift
  local log; log="$(mktemp)"
  for project in "$@"; do
    if ! dotnet build "$project" -c "$configuration" --nologo -v q -clp:ErrorsOnly >"$log" 2>&1; then
      cat "$log" >&2; rm -f "$log"
      echo "error: build of $project failed (output above)." >&2
      exit 1
    fi
  done
  rm -f "$log"
}

# Debian tools some tests use (systemd-analyze verifies the unit, shellcheck lints the packaging scripts, chromium runs the web UI;
# the unix and pam auth tests make throwaway accounts with passwd's tools and check them through libpam,
# pam_unix and a nologin shell).
# Installed when missing and we can (root with apt-get); otherwise those tests are skipped with a reason.
ensure_test_tools() {
  local missing=()
  command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg)
  { [ -x /usr/sbin/useradd ] && [ -x /usr/sbin/chpasswd ] && [ -x /usr/bin/chage ]; } || missing+=(passwd)
  [ -x /usr/sbin/nologin ] || missing+=(login)
  # The web UI's browser tests drive Debian's chromium (never a downloaded browser).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  /sbin/ldconfig -p 2>/dev/null | grep -q 'libpam\.so\.0 ' || missing+=(libpam0g)
  compgen -G '/usr/lib/*/security/pam_unix.so' >/dev/null || compgen -G '/lib/*/security/pam_unix.so' >/dev/null ||
    missing+=(libpam-modules)
  # promtool checks packaging/prometheus's alerting rules; Debian ships it in the prometheus package.
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  # Video jobs are encoded to H.264 MP4 by Debian's ffmpeg; the video tests read the result back with its ffprobe.
  { command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; } || missing+=(ffmpeg)
  # The job store's contract suite and the cluster tests start a throwaway PostgreSQL server (initdb into a temp dir).
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "note: ${missing[*]} not installed and cannot install them here; the tests that need them will be skipped." >&2
    return 0
  fi
  echo "installing test tools: ${missing[*]}"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; }; then
    echo "note: could not install ${missing[*]}; the tests that need them will be skipped." >&2
  fi
}

# The web UI (Supervisor/WebUi, React + Vite) built into Supervisor/WebUi/dist, which the supervisor serves at /ui/.
# Rebuilt only when its sources or lockfile changed: their hash is stamped in dist/.build-stamp. Without node/npm the
# server still runs and /ui/ says the UI is not built, so a missing toolchain is a note, not an error.
WEB_UI_DIR="$ROOT/Supervisor/WebUi"
web_ui_sources_hash() {
  (cd "$WEB_UI_DIR" && find package.json package-lock.json index.html vite.config.ts tsconfig.json src public -type f \
    -not -name '*.test.ts' | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -d' ' -f1
}
ensure_web_ui() {
  local dist="$WEB_UI_DIR/dist" hash
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "note: node/npm not found: the web UI is not built; the API runs, /ui/ says the UI is missing (install nodejs and npm to build it)." >&2
    return 0
  fi
  hash="$(web_ui_sources_hash)"
  if [ -f "$dist/.build-stamp" ] && [ "$(cat "$dist/.build-stamp")" = "$hash" ]; then
    return 0
  fi
  echo "building the web UI (npm ci, npm run build) ..."
  local log; log="$(mktemp)"
  if ! { (cd "$WEB_UI_DIR" && npm ci --no-audit --no-fund && npm run build) >"$log" 2>&1; }; then
    cat "$log" >&2; rm -f "$log"
    echo "error: the web UI build failed (output above)." >&2
    exit 1
  fi
  grep -E 'gzip' "$log" | tail -3 || true
  rm -f "$log"
  echo "$hash" >"$dist/.build-stamp"
}

# The web UI's unit tests (Vitest: mask rasterisation, parameter-form logic); skipped with a note without node.
test_web_ui() {
  if ! command -v npm >/dev/null 2>&1 || [ ! -d "$WEB_UI_DIR/node_modules" ]; then
    echo "note: node/npm or the web UI's node_modules missing: the web UI's unit tests did not run." >&2
    return 0
  fi
  (cd "$WEB_UI_DIR" && npx vitest run)
}
