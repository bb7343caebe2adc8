#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds sd-supervised_VERSION_ARCH.deb from the same staging tree install.sh produces.
set -euo pipefail
SCRIPT_TAG=build-deb
# shellcheck source=lib/layout.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/layout.sh"

usage() {
  cat <<EOF
Usage: packaging/build-deb.sh [options]

Runs install.sh into a temporary staging root, adds the Debian control files and maintainer
scripts from packaging/deb/, and builds the package with dpkg-deb.

Options:
  --version V           package version (default: the newest git tag vX.Y.Z, else 0.1.0)
  --out DIR             where the .deb goes (default artifacts/)
  --maintainer TEXT     Maintainer field (default \$DEB_MAINTAINER or "$PACKAGE maintainers <root@localhost>")
  --self-contained      bundle the .NET runtime: no dependency on aspnetcore-runtime-10.0
  --rid RID             runtime identifier (default: this machine's); sets the Architecture
  --no-build, --publish-dir DIR, --artifacts-path DIR
                        passed to install.sh (reuse a publish; where publishing happens)
  -h, --help            this text
EOF
}

version=""
out="$REPO_ROOT/artifacts"
maintainer="${DEB_MAINTAINER:-$PACKAGE maintainers <root@localhost>}"
self_contained=false
rid=""
install_args=()

while [ $# -gt 0 ]; do
  case "$1" in
    --version) need_value "$@"; version="$2"; shift 2 ;;
    --version=*) version="${1#*=}"; shift ;;
    --out) need_value "$@"; out="$2"; shift 2 ;;
    --out=*) out="${1#*=}"; shift ;;
    --maintainer) need_value "$@"; maintainer="$2"; shift 2 ;;
    --maintainer=*) maintainer="${1#*=}"; shift ;;
    --self-contained) self_contained=true; shift ;;
    --rid) need_value "$@"; rid="$2"; shift 2 ;;
    --rid=*) rid="${1#*=}"; shift ;;
    --no-build) install_args+=(--no-build); shift ;;
    --publish-dir | --artifacts-path) need_value "$@"; install_args+=("$1" "$2"); shift 2 ;;
    --publish-dir=* | --artifacts-path=*) install_args+=("$1"); shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb not found (it comes with dpkg, on Debian and Ubuntu)"

if [ -z "$version" ]; then
  # v1.2.0 -> 1.2.0; v1.2.0-3-gabc1234 (3 commits later) -> 1.2.0+3.gabc1234, which sorts after 1.2.0.
  if tag="$(git -C "$REPO_ROOT" describe --tags --match 'v[0-9]*' 2>/dev/null)"; then
    version="$(sed -E 's/^v//; s/-([0-9]+)-(g[0-9a-f]+)$/+\1.\2/' <<<"$tag")"
  else
    version=0.1.0
  fi
fi
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || die "'$version' is not a Debian version (it must start with a digit)"

rid="${rid:-$(host_rid)}"
arch="$(deb_arch_for_rid "$rid")"
if $self_contained; then
  install_args+=(--self-contained)
  # What the bundled runtime itself links against (globalization is invariant: no ICU).
  depends="adduser, libc6, libgcc-s1, libstdc++6"
else
  # The supervisor is an ASP.NET Core app: the shared framework Microsoft.AspNetCore.App comes in
  # aspnetcore-runtime-10.0 (the name in Microsoft's repository and in Ubuntu's archive), which
  # pulls in dotnet-runtime-10.0. dotnet-runtime-10.0 alone would run the worker but not the API.
  depends="adduser, aspnetcore-runtime-10.0"
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/root"

"$PACKAGING_DIR/install.sh" --destdir "$root" --prefix "$DEFAULT_PREFIX" --rid "$rid" "${install_args[@]}"
# dpkg owns these files now; the marker is install.sh's way to recognise its own folder.
rm -f "$root$DEFAULT_PREFIX/$INSTALL_MARKER"

mkdir -p "$root/DEBIAN"
installed_size="$(du -sk "$root" | cut -f1)"
cat >"$root/DEBIAN/control" <<EOF
Package: $PACKAGE
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Suggests: nvidia-smi, nvidia-modprobe
Section: graphics
Priority: optional
Description: REST server for stable-diffusion.cpp image generation, one worker per GPU
 sd-supervised serves a REST API and a durable job queue for image generation
 with stable-diffusion.cpp. The native library runs in one supervised worker
 process per GPU: when a worker crashes (CUDA errors, GGML_ASSERT aborts,
 segfaults) or hangs, it is restarted and the interrupted job runs again.
 .
 Runs as the systemd service sd-supervised (user sd-supervised). Configuration:
 /etc/sd-supervised/appsettings.json. Data and models: /var/lib/sd-supervised.
 The PAM service of --auth pam: /etc/pam.d/sd-supervised.
EOF
install -m 0644 "$PACKAGING_DIR/deb/conffiles" "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  install -m 0755 "$PACKAGING_DIR/deb/$script" "$root/DEBIAN/$script"
done
# Conffiles are left out, as dh_md5sums does: dpkg keeps their checksums itself.
(cd "$root" && find . \( -path ./DEBIAN -o -path ./etc \) -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"

deb="$out/${PACKAGE}_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
log "built $deb ($(du -h "$deb" | cut -f1), $([ "$self_contained" = true ] && echo self-contained || echo "needs aspnetcore-runtime-10.0"))"
echo "$deb"
