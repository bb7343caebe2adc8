# shellcheck shell=bash disable=SC2034  # the variables are for the scripts that source this
# Shared by install.sh, uninstall.sh and build-deb.sh: where things go. Sourced, not executed.
# The .deb's maintainer scripts (packaging/deb/) are plain sh and repeat the few names they need.

PACKAGE=sd-supervised
SERVICE_USER=sd-supervised
DEFAULT_PREFIX=/opt/sd-supervised
CONF_DIR=/etc/sd-supervised
# The PAM service of --auth pam (Sds:Auth:Pam service name sd-supervised); a configuration file like appsettings.json.
PAM_SERVICE_FILE=/etc/pam.d/sd-supervised
STATE_DIR=/var/lib/sd-supervised
MODELS_DIR=/var/lib/sd-supervised/models
DEFAULT_UNIT_DIR=/lib/systemd/system
UNITS=(sd-supervised.service sd-supervised-nvidia.service)
# Written by install.sh when the apphost cannot find the .NET runtime on its own; removed by uninstall.sh.
DROPIN_DIR=/etc/systemd/system/sd-supervised.service.d
DOTNET_ROOT_DROPIN=10-dotnet-root.conf
# Marks a program folder as ours: install.sh replaces, and uninstall.sh removes, only a folder that has it.
INSTALL_MARKER=.sd-supervised-install
PUBLISH_MARKER=.sd-supervised-publish

PACKAGING_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$PACKAGING_DIR/.." && pwd)"

log() { printf '%s: %s\n' "$SCRIPT_TAG" "$*"; }
warn() { printf '%s: warning: %s\n' "$SCRIPT_TAG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$SCRIPT_TAG" "$*" >&2; exit 1; }
# need_value OPTION [VALUE]: an option that takes a value must have one.
need_value() { if [ $# -lt 2 ] || [ -z "$2" ]; then die "option '$1' needs a value"; fi; }

# True when systemd is the running init (not merely installed, as in a container or a chroot).
systemd_running() { [ -d /run/systemd/system ]; }

# The RID this machine would run: the default for publishing.
host_rid() {
  case "$(uname -m)" in
    x86_64 | amd64) echo linux-x64 ;;
    aarch64 | arm64) echo linux-arm64 ;;
    armv7l | armhf) echo linux-arm ;;
    *) die "unknown machine $(uname -m); pass --rid" ;;
  esac
}

# Debian architecture for a RID.
deb_arch_for_rid() {
  case "$1" in
    linux-x64) echo amd64 ;;
    linux-arm64) echo arm64 ;;
    linux-arm) echo armhf ;;
    *) die "no Debian architecture known for RID '$1'" ;;
  esac
}

# A prefix that is absolute, not the root, and free of characters that would break the unit's ExecStart.
check_prefix() {
  case "$1" in
    /) die "--prefix / is not allowed: the program needs a folder of its own" ;;
    /*) ;;
    *) die "--prefix must be an absolute path (got '$1')" ;;
  esac
  case "$1" in
    *[!A-Za-z0-9_./+-]*) die "--prefix '$1' has characters the systemd unit cannot take unquoted" ;;
  esac
}
