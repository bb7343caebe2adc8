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
