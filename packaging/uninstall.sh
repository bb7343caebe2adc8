#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Removes what packaging/install.sh installed. Configuration and data stay unless --purge.
set -euo pipefail
SCRIPT_TAG=uninstall
# shellcheck source=lib/layout.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/layout.sh"

usage() {
  cat <<EOF
Usage: packaging/uninstall.sh [options]

Stops and disables the service (when systemd runs), then removes the program folder and the units.
Keeps /etc/sd-supervised (configuration), $PAM_SERVICE_FILE and $STATE_DIR (jobs, outputs,
models) unless --purge.

Options:
  --prefix DIR     program folder given to install.sh (default $DEFAULT_PREFIX; also PREFIX=)
  --destdir DIR    staging root given to install.sh (also DESTDIR=)
  --unit-dir DIR   unit folder given to install.sh (default $DEFAULT_UNIT_DIR; also UNIT_DIR=)
  --purge          also delete the configuration (the PAM service too), ALL data under
                   $STATE_DIR (models included) and the system user '$SERVICE_USER'
  -h, --help       this text
EOF
}

prefix="${PREFIX:-$DEFAULT_PREFIX}"
destdir="${DESTDIR:-}"
unit_dir="${UNIT_DIR:-$DEFAULT_UNIT_DIR}"
purge=false

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) need_value "$@"; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    --destdir) need_value "$@"; destdir="$2"; shift 2 ;;
    --destdir=*) destdir="${1#*=}"; shift ;;
    --unit-dir) need_value "$@"; unit_dir="$2"; shift 2 ;;
    --unit-dir=*) unit_dir="${1#*=}"; shift ;;
    --purge) purge=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

check_prefix "$prefix"
prefix="${prefix%/}"
if [ -n "$destdir" ]; then
  [ -d "$destdir" ] || die "--destdir $destdir does not exist"
  destdir="$(cd "$destdir" && pwd)"
  [ "$destdir" != / ] || destdir=""
fi
live=false
[ -n "$destdir" ] || live=true

if $live; then
  [ "$(id -u)" -eq 0 ] || die "uninstalling from the system needs root (sudo)"
  if command -v dpkg-query >/dev/null 2>&1 &&
    [ "$(dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null || true)" = "install ok installed" ]; then
    die "$PACKAGE is installed as a Debian package; remove it with 'apt remove $PACKAGE' (or 'apt purge')"
  fi
fi

# --- 1. stop and disable ----------------------------------------------------------------------

if $live && command -v systemctl >/dev/null 2>&1; then
  if systemd_running; then
    systemctl stop "${UNITS[@]}" 2>/dev/null || true
    log "stopped ${UNITS[*]}"
  fi
  # Works without a running systemd too: it only removes the [Install] symlinks.
  if systemctl is-enabled --quiet "$PACKAGE.service" 2>/dev/null; then
    systemctl disable "$PACKAGE.service" >/dev/null 2>&1 || true
    log "disabled $PACKAGE.service"
  fi
fi

# --- 2. program and units ---------------------------------------------------------------------

target="$destdir$prefix"
if [ -f "$target/$INSTALL_MARKER" ]; then
  rm -rf "$target"
  log "removed the program $target"
elif [ -e "$target" ]; then
  warn "$target has no $INSTALL_MARKER: not an install.sh install, left alone"
else
  log "no program at $target"
fi

for unit in "${UNITS[@]}"; do
  if [ -e "$destdir$unit_dir/$unit" ]; then
    rm -f "$destdir$unit_dir/$unit"
    log "removed unit $destdir$unit_dir/$unit"
  fi
done
if [ -f "$destdir$DROPIN_DIR/$DOTNET_ROOT_DROPIN" ]; then
  rm -f "$destdir$DROPIN_DIR/$DOTNET_ROOT_DROPIN"
  rmdir "$destdir$DROPIN_DIR" 2>/dev/null || true
  log "removed $destdir$DROPIN_DIR/$DOTNET_ROOT_DROPIN"
fi
if [ -d "$destdir$DROPIN_DIR" ]; then
  log "kept your drop-ins in $destdir$DROPIN_DIR"
fi

if $live && systemd_running; then
  systemctl daemon-reload
  systemctl reset-failed "${UNITS[@]}" 2>/dev/null || true
  log "systemctl daemon-reload done"
fi

# --- 3. configuration, data, user -------------------------------------------------------------

if ! $purge; then
  for kept in "$destdir$CONF_DIR" "$destdir$PAM_SERVICE_FILE" "$destdir$STATE_DIR"; do
    [ -e "$kept" ] && log "kept $kept (--purge deletes it)"
  done
  exit 0
fi

for gone in "$destdir$CONF_DIR" "$destdir$PAM_SERVICE_FILE" "$destdir$STATE_DIR"; do
  if [ -e "$gone" ]; then
    rm -rf "$gone"
    log "purged $gone"
  fi
done
if $live && getent passwd "$SERVICE_USER" >/dev/null; then
  if command -v userdel >/dev/null 2>&1; then
    userdel "$SERVICE_USER"
    log "removed user $SERVICE_USER"
  elif command -v deluser >/dev/null 2>&1; then
    deluser --system --quiet "$SERVICE_USER"
    log "removed user $SERVICE_USER"
  else
    warn "cannot remove the user $SERVICE_USER: no userdel or deluser"
  fi
fi
if $live && getent group "$SERVICE_USER" >/dev/null && command -v groupdel >/dev/null 2>&1; then
  groupdel "$SERVICE_USER" && log "removed group $SERVICE_USER"
fi
