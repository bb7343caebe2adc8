#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Publishes sd-supervised (supervisor + worker) and installs it as a systemd service, or into a
# staging root (--destdir) for packaging. Safe to run again: an upgrade is the same command.
set -euo pipefail
SCRIPT_TAG=install
# shellcheck source=lib/layout.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/layout.sh"
# shellcheck source=../scripts/lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"

usage() {
  cat <<EOF
Usage: packaging/install.sh [options]

Publishes the supervisor and its worker with 'dotnet publish' and installs:
  PREFIX/                              the program (PREFIX/worker/ holds the worker)
  /etc/sd-supervised/appsettings.json  the configuration; an existing one is never overwritten
                                       (the new default goes beside it as appsettings.json.dist)
  /etc/pam.d/sd-supervised             the PAM service of --auth pam; an edited one is kept
  UNIT_DIR/sd-supervised.service       the systemd unit (and sd-supervised-nvidia.service)
Installing into the live system (no DESTDIR) also creates the system user '$SERVICE_USER',
$STATE_DIR and $MODELS_DIR, and runs 'systemctl daemon-reload' when systemd is running.
It never starts the service: 'systemctl enable --now $PACKAGE' does.

Options:
  --prefix DIR          program folder (default $DEFAULT_PREFIX; also PREFIX=)
  --destdir DIR         staging root: everything goes under DIR, nothing else on the machine is
                        touched (no user, no systemctl) (also DESTDIR=)
  --unit-dir DIR        where the units go (default $DEFAULT_UNIT_DIR; also UNIT_DIR=)
  --self-contained      bundle the .NET runtime (no runtime needed on the target)
  --rid RID             runtime identifier to publish for (default: this machine's, e.g. linux-x64)
  --no-build            reuse the previous publish instead of running 'dotnet publish'
  --publish-dir DIR     where 'dotnet publish' writes (default artifacts/packaging/publish/RID-MODE)
  --artifacts-path DIR  build intermediates for 'dotnet publish' (default artifacts/packaging/build),
                        kept apart from bin/ and obj/ so a parallel build is never disturbed
  -h, --help            this text

Examples:
  sudo packaging/install.sh                      # build, install, then: sudo systemctl enable --now $PACKAGE
  packaging/install.sh --destdir /tmp/stage      # a staging tree, as build-deb.sh uses
EOF
}

prefix="${PREFIX:-$DEFAULT_PREFIX}"
destdir="${DESTDIR:-}"
unit_dir="${UNIT_DIR:-$DEFAULT_UNIT_DIR}"
self_contained=false
rid=""
no_build=false
publish_dir=""
artifacts_path=""

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) need_value "$@"; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    --destdir) need_value "$@"; destdir="$2"; shift 2 ;;
    --destdir=*) destdir="${1#*=}"; shift ;;
    --unit-dir) need_value "$@"; unit_dir="$2"; shift 2 ;;
    --unit-dir=*) unit_dir="${1#*=}"; shift ;;
    --self-contained) self_contained=true; shift ;;
    --rid) need_value "$@"; rid="$2"; shift 2 ;;
    --rid=*) rid="${1#*=}"; shift ;;
    --no-build) no_build=true; shift ;;
    --publish-dir) need_value "$@"; publish_dir="$2"; shift 2 ;;
    --publish-dir=*) publish_dir="${1#*=}"; shift ;;
    --artifacts-path) need_value "$@"; artifacts_path="$2"; shift 2 ;;
    --artifacts-path=*) artifacts_path="${1#*=}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

check_prefix "$prefix"
prefix="${prefix%/}"
if [ -n "$destdir" ]; then
  mkdir -p "$destdir"
  destdir="$(cd "$destdir" && pwd)"
  [ "$destdir" != / ] || destdir=""
fi
live=false
[ -n "$destdir" ] || live=true
rid="${rid:-$(host_rid)}"
mode=framework-dependent
$self_contained && mode=self-contained
publish_dir="$(realpath -m "${publish_dir:-$REPO_ROOT/artifacts/packaging/publish/$rid-$mode}")"
artifacts_path="$(realpath -m "${artifacts_path:-$REPO_ROOT/artifacts/packaging/build}")"
publish_stamp="rid=$rid mode=$mode"

if $live; then
  [ "$(id -u)" -eq 0 ] || die "installing into the system needs root (sudo), or use --destdir DIR for a staging tree"
  if command -v dpkg-query >/dev/null 2>&1 &&
    [ "$(dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null || true)" = "install ok installed" ]; then
    die "$PACKAGE is installed as a Debian package; upgrade it with 'dpkg -i' (or 'apt remove $PACKAGE' first)"
  fi
fi

# --- 1. publish -------------------------------------------------------------------------------

# Replaces a folder only if it is missing, empty, or carries our marker: never someone else's files.
replaceable() { [ ! -e "$1" ] || [ -f "$1/$2" ] || [ -z "$(ls -A "$1" 2>/dev/null)" ]; }

publish() {
  require_dotnet
  replaceable "$publish_dir" "$PUBLISH_MARKER" ||
    die "--publish-dir $publish_dir holds files that are not an earlier publish; choose an empty folder"
  # Under sudo, build as the user who called it: no root-owned files left in their checkout, and
  # their NuGet cache. Only the copy into the system needs root.
  local as_builder=()
  if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] &&
    sudo -u "$SUDO_USER" test -w "$REPO_ROOT" 2>/dev/null &&
    { [ ! -e "$publish_dir" ] || sudo -u "$SUDO_USER" test -w "$publish_dir"; }; then
    as_builder=(sudo -u "$SUDO_USER" -H env "PATH=$PATH" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1)
  fi
  "${as_builder[@]}" rm -rf "$publish_dir"
  "${as_builder[@]}" mkdir -p "$publish_dir"
  local log; log="$(mktemp)"
  local common=(-c Release -r "$rid" --self-contained "$self_contained" -p:UseAppHost=true
    --artifacts-path "$artifacts_path" -nodeReuse:false --nologo -v q -clp:ErrorsOnly)
  log "publishing the supervisor and the worker ($mode, $rid) into $publish_dir${as_builder[*]:+ as $SUDO_USER} ..."
  # The supervisor's CopyWorkerBesideSupervisor target feeds bin/ only, not the publish folder, so
  # the worker is published on its own into worker/, with its own deps.json and runtimeconfig.
  if ! "${as_builder[@]}" dotnet publish "$REPO_ROOT/Supervisor/Supervisor.csproj" -o "$publish_dir" "${common[@]}" >"$log" 2>&1 ||
    ! "${as_builder[@]}" dotnet publish "$REPO_ROOT/Worker/Worker.csproj" -o "$publish_dir/worker" "${common[@]}" >>"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    die "dotnet publish failed (output above)"
  fi
  rm -f "$log"
  # The web UI ships built, as ui/ beside the program (where the supervisor looks first); built here only when its sources changed.
  # shellcheck disable=SC2016  # $1 is the inner shell's, on purpose
  "${as_builder[@]}" bash -c 'source "$1/scripts/lib/common.sh" && ensure_web_ui' build-web-ui "$REPO_ROOT" ||
    die "the web UI build failed (output above)"
  if [ -f "$REPO_ROOT/Supervisor/WebUi/dist/index.html" ]; then
    "${as_builder[@]}" cp -R "$REPO_ROOT/Supervisor/WebUi/dist" "$publish_dir/ui"
    "${as_builder[@]}" rm -f "$publish_dir/ui/.build-stamp"
  else
    warn "the web UI is not built (node/npm missing): this install serves the API only, and /ui/ says so"
  fi
  if [ ! -x "$publish_dir/sd-supervised" ] || [ ! -x "$publish_dir/worker/sds-worker" ]; then
    die "the publish lacks sd-supervised or worker/sds-worker in $publish_dir"
  fi
  echo "$publish_stamp" | "${as_builder[@]}" tee "$publish_dir/$PUBLISH_MARKER" >/dev/null
}

if $no_build; then
  [ -f "$publish_dir/$PUBLISH_MARKER" ] ||
    die "--no-build: no earlier publish in $publish_dir; run once without --no-build"
  [ "$(cat "$publish_dir/$PUBLISH_MARKER")" = "$publish_stamp" ] ||
    die "--no-build: $publish_dir holds '$(cat "$publish_dir/$PUBLISH_MARKER")', not '$publish_stamp'"
  log "reusing the publish in $publish_dir ($mode, $rid)"
else
  publish
fi

# --- 2. the service user (live installs only) -------------------------------------------------

nologin_shell() {
  local s
  for s in /usr/sbin/nologin /sbin/nologin /bin/false; do [ -x "$s" ] && { echo "$s"; return; }; done
  echo /bin/false
}

ensure_user() {
  if getent passwd "$SERVICE_USER" >/dev/null; then
    log "user $SERVICE_USER exists"
  elif command -v useradd >/dev/null 2>&1; then
    getent group "$SERVICE_USER" >/dev/null || groupadd --system "$SERVICE_USER"
    useradd --system --gid "$SERVICE_USER" --home-dir "$STATE_DIR" --no-create-home \
      --shell "$(nologin_shell)" --comment "sd-supervised service" "$SERVICE_USER"
    log "created system user $SERVICE_USER"
  elif command -v adduser >/dev/null 2>&1 && adduser --help 2>&1 | grep -q -- '--system'; then
    adduser --system --group --home "$STATE_DIR" --no-create-home --quiet "$SERVICE_USER"
    log "created system user $SERVICE_USER"
  else
    warn "neither useradd nor adduser --system is available: create the system user '$SERVICE_USER' yourself"
    return
  fi
  # The unit lists both in SupplementaryGroups=, and systemd refuses to start a unit naming a
  # missing group. systemd's own sysusers create them; a minimal system may not have 'render'.
  local group
  for group in video render; do
    if ! getent group "$group" >/dev/null && command -v groupadd >/dev/null 2>&1; then
      groupadd --system "$group"
      log "created system group $group (the unit's SupplementaryGroups= needs it)"
    fi
    if getent group "$group" >/dev/null && ! id -nG "$SERVICE_USER" | tr ' ' '\n' | grep -qx "$group"; then
      usermod -a -G "$group" "$SERVICE_USER"
      log "added $SERVICE_USER to group $group"
    fi
  done
}

if $live; then ensure_user; fi

# --- 3. the program ---------------------------------------------------------------------------

target="$destdir$prefix"
replaceable "$target" "$INSTALL_MARKER" ||
  die "$target exists and is not an earlier sd-supervised install; refusing to replace it (choose --prefix)"
# Copied beside the target, then swapped in: a running service never sees a half-copied folder.
staging="$target.new.$$"
old="$target.old.$$"
trap 'rm -rf "$staging" "$old"' EXIT
mkdir -p "$(dirname "$target")"
rm -rf "$staging"
# No -p: the files become the installer's (root's on a live install), not whoever ran the build.
cp -R "$publish_dir" "$staging"
rm -f "$staging/$PUBLISH_MARKER"
printf 'sd-supervised %s %s\nThis folder is replaced by packaging/install.sh and removed by packaging/uninstall.sh.\n' \
  "$mode" "$rid" >"$staging/$INSTALL_MARKER"
find "$staging" -type d -exec chmod 0755 {} +
find "$staging" -type f -exec chmod 0644 {} +
chmod 0755 "$staging/sd-supervised" "$staging/worker/sds-worker"
if [ -e "$target" ]; then mv "$target" "$old"; fi
mv "$staging" "$target"
rm -rf "$old"
log "installed the program into $target ($mode, $rid)"

# --- 4. configuration -------------------------------------------------------------------------

conf="$destdir$CONF_DIR/appsettings.json"
default_conf="$PACKAGING_DIR/config/appsettings.json"
install -d -m 0755 "$destdir$CONF_DIR"
if [ ! -e "$conf" ]; then
  if $live && getent group "$SERVICE_USER" >/dev/null; then
    # Readable by the service, not by every local user: keys and paths may go in later.
    install -m 0640 -g "$SERVICE_USER" "$default_conf" "$conf"
  else
    install -m 0644 "$default_conf" "$conf"
  fi
  log "installed the default configuration $conf"
elif cmp -s "$default_conf" "$conf"; then
  rm -f "$conf.dist"
  log "configuration $conf is the default already; left as is"
else
  install -m 0644 "$default_conf" "$conf.dist"
  log "kept your edited $conf; the new default is $conf.dist (compare: diff $conf $conf.dist)"
fi

# --- 4b. the PAM service of --auth pam ---------------------------------------------------------

pam_file="$destdir$PAM_SERVICE_FILE"
default_pam="$PACKAGING_DIR/pam/$PACKAGE"
install -d -m 0755 "$(dirname "$pam_file")"
if [ ! -e "$pam_file" ]; then
  install -m 0644 "$default_pam" "$pam_file"
  log "installed the PAM service $pam_file (for --auth pam)"
elif cmp -s "$default_pam" "$pam_file"; then
  log "PAM service $pam_file is the default already; left as is"
else
  # No .dist beside it: every file in /etc/pam.d is a PAM service of that name.
  log "kept your edited PAM service $pam_file (the default is $default_pam)"
fi
if $live && [ ! -e /etc/pam.d/common-auth ]; then
  warn "$PAM_SERVICE_FILE includes Debian's common-auth and common-account, which this system lacks; edit it before using --auth pam"
fi

# --- 5. systemd units -------------------------------------------------------------------------

install -d -m 0755 "$destdir$unit_dir"
for unit in "${UNITS[@]}"; do
  rendered="$(mktemp)"
  sed "s|$DEFAULT_PREFIX|$prefix|g" "$PACKAGING_DIR/systemd/$unit" >"$rendered"
  if cmp -s "$rendered" "$destdir$unit_dir/$unit"; then
    log "unit $destdir$unit_dir/$unit unchanged"
  else
    install -m 0644 "$rendered" "$destdir$unit_dir/$unit"
    log "installed unit $destdir$unit_dir/$unit"
  fi
  rm -f "$rendered"
done

if ! $live; then
  log "staging tree ready under $destdir (no user, directories or systemctl: those belong to the target)"
  exit 0
fi

# --- 6. data, runtime and systemd (live installs only) ----------------------------------------

if getent passwd "$SERVICE_USER" >/dev/null; then
  install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$STATE_DIR" "$MODELS_DIR"
  log "data in $STATE_DIR, models in $MODELS_DIR (owned by $SERVICE_USER)"
fi

# The apphost must find the .NET runtime with the environment systemd gives it. Try exactly that;
# if only the runtime behind this shell's 'dotnet' works, pin it with a DOTNET_ROOT drop-in.
service_env=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
dropin="$DROPIN_DIR/$DOTNET_ROOT_DROPIN"
if "${service_env[@]}" "$target/sd-supervised" --help >/dev/null 2>&1; then
  if [ -f "$dropin" ]; then rm -f "$dropin"; rmdir "$DROPIN_DIR" 2>/dev/null || true; log "removed $dropin (no longer needed)"; fi
  $self_contained || log ".NET runtime: the apphost finds it on its own"
else
  dotnet_root=""
  command -v dotnet >/dev/null 2>&1 && dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  if [ -n "$dotnet_root" ] && "${service_env[@]}" DOTNET_ROOT="$dotnet_root" "$target/sd-supervised" --help >/dev/null 2>&1; then
    install -d -m 0755 "$DROPIN_DIR"
    printf '# Written by packaging/install.sh (removed by uninstall.sh): the .NET runtime is not where\n# the apphost looks by default.\n[Service]\nEnvironment=DOTNET_ROOT=%s\n' \
      "$dotnet_root" >"$dropin"
    log ".NET runtime: $dotnet_root, set as DOTNET_ROOT in $dropin"
    case "$dotnet_root" in
      /home/* | /root/* | /run/user/*) warn "the service cannot see $dotnet_root (ProtectHome=yes); install aspnetcore-runtime-10.0 system-wide or use --self-contained" ;;
      /tmp/* | /var/tmp/*) warn "the service cannot see $dotnet_root (PrivateTmp=yes); install aspnetcore-runtime-10.0 system-wide or use --self-contained" ;;
    esac
  else
    warn "$target/sd-supervised does not start (no ASP.NET Core 10 runtime found); install aspnetcore-runtime-10.0 or use --self-contained"
  fi
fi

if systemd_running; then
  systemctl daemon-reload
  log "systemctl daemon-reload done"
  if systemctl is-active --quiet "$PACKAGE.service"; then
    log "the running service still uses the old program: sudo systemctl restart $PACKAGE"
  elif ! systemctl is-enabled --quiet "$PACKAGE.service" 2>/dev/null; then
    log "next: edit $CONF_DIR/appsettings.json, put models in $MODELS_DIR, then: sudo systemctl enable --now $PACKAGE"
  fi
else
  log "systemd is not running here: skipped daemon-reload; the unit takes effect on a systemd boot"
fi
