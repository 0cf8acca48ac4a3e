#!/usr/bin/env bash
# Installs center-node as a systemd service: the `interflow` system user, /etc/interflow (config and
# keys), /var/lib/interflow (data), the binaries in /usr/local/bin, the unit, and this node's CURVE
# key pair. Safe to run again: what exists is kept (keys, data, the config unless --config is
# given) and only owners and modes are set again. It never starts the service.
#
#   sudo Deploy/systemd/install.sh [--bin-dir DIR] [--config FILE] [--key-name NAME]
#   Deploy/systemd/install.sh --root DIR ...     # stage into DIR instead of /, for tests
#
# Checked by Tests/DeployTests/SystemdUnitTests.swift (with --root).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repository="$(cd "$here/../.." && pwd)"

usage() {
    cat <<EOF
Usage: $0 [--root DIR] [--bin-dir DIR] [--config FILE] [--key-name NAME]

Installs center-node as a systemd service (user interflow, /etc/interflow, /var/lib/interflow,
/usr/local/bin/center-node and clusterctl, /etc/systemd/system/center-node.service) and makes this
node's CURVE key pair in /etc/interflow/keys unless one is there. Never starts the service.

  --bin-dir DIR   where center-node and clusterctl are (default: $repository/.build/release)
  --config FILE   install FILE as /etc/interflow/node.json, after \`center-node --check-config\`
                  accepts it in its new place (relative paths in it are from /etc/interflow)
  --key-name NAME the key files' name: keys/NAME.pub and keys/NAME.key (default: node)
  --root DIR      install under DIR instead of / (for tests and packaging). Then it does not
                  need root and changes nothing outside DIR: no useradd or groupadd, no chown
                  (files keep the invoking user), no runuser; and, as always, no systemctl.
EOF
}

root=""
bin_dir="$repository/.build/release"
config=""
key_name="node"
while (($# > 0)); do
    case "$1" in
    --root) root="${2:?--root needs a directory}"; shift 2 ;;
    --bin-dir) bin_dir="${2:?--bin-dir needs a directory}"; shift 2 ;;
    --config) config="${2:?--config needs a file}"; shift 2 ;;
    --key-name) key_name="${2:?--key-name needs a name}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown argument $1" >&2; usage >&2; exit 64 ;;
    esac
done

fail() {
    echo "error: $*" >&2
    exit 1
}

staging=false
if [[ -n "$root" ]]; then
    staging=true
    mkdir -p "$root"
    root="$(cd "$root" && pwd)"
elif ((EUID != 0)); then
    fail "install.sh must run as root: it creates the system user interflow, /etc/interflow and /var/lib/interflow (try sudo, or --root DIR to stage into a directory)"
fi

[[ "$key_name" != */* && "$key_name" != "." && "$key_name" != ".." ]] || fail "--key-name must be a file name, not $key_name"
for tool in center-node clusterctl; do
    [[ -x "$bin_dir/$tool" ]] || fail "$bin_dir/$tool is missing or not executable (build with \`swift build -c release\`, or give --bin-dir)"
done
[[ -z "$config" || -f "$config" ]] || fail "--config $config: no such file"

# Directories are created 0755 unless set below; the sensitive ones get explicit modes, whatever
# the caller's umask.
umask 0022

user=interflow
etc="$root/etc/interflow"
keys="$etc/keys"
data="$root/var/lib/interflow"
bin="$root/usr/local/bin"
units="$root/etc/systemd/system"
doc="$root/usr/local/share/doc/interflow"

# Owner and group as given, on the real system only: staged files keep the invoking user.
own() {
    local owner="$1"
    shift
    $staging || chown "$owner" "$@"
}

# A directory with exactly this mode and owner, made if missing, corrected if not.
directory() {
    local mode="$1" owner="$2" path="$3"
    mkdir -p "$path"
    chmod "$mode" "$path"
    own "$owner" "$path"
}

if $staging; then
    echo "staging into $root: no user is created, no owner is changed (chown), no command runs as interflow (runuser)"
else
    # The service account: a system user with its own group, no login shell, and no home made for
    # it (its home is the data directory, which is made below with its own mode).
    nologin="$(command -v nologin || echo /usr/sbin/nologin)"
    getent group "$user" >/dev/null || groupadd --system "$user"
    if ! getent passwd "$user" >/dev/null; then
        useradd --system --gid "$user" --no-create-home --home-dir /var/lib/interflow \
            --shell "$nologin" --comment "Interflow center-node" "$user"
        echo "created system user $user"
    fi
fi

# Config and keys: root writes them, the service's group reads them, nobody else sees them.
directory 0750 "root:$user" "$etc"
directory 0750 "root:$user" "$keys"
# The node's data (the Raft log, the state, snapshots): its own alone. The unit's
# StateDirectory=interflow keeps the same owner and mode at every start.
directory 0700 "$user:$user" "$data"
# System directories are made if missing (a staging root), never re-owned or re-moded.
mkdir -p "$bin" "$units"
directory 0755 root:root "$doc"

# `install` unlinks the old file before copying, so a running node keeps its binary until it restarts.
for tool in center-node clusterctl; do
    install -m 0755 "$bin_dir/$tool" "$bin/$tool"
    own root:root "$bin/$tool"
done
install -m 0644 "$here/center-node.service" "$units/center-node.service"
own root:root "$units/center-node.service"
# The unit's Documentation= points here.
install -m 0644 "$repository/Deploy/README.md" "$doc/README.md"
own root:root "$doc/README.md"

# This node's key pair. An existing pair is kept (a new key is a new identity for the cluster);
# half a pair is an error for an operator to settle.
public_key="$keys/$key_name.pub"
secret_key="$keys/$key_name.key"
if [[ -e "$public_key" && -e "$secret_key" ]]; then
    echo "keeping the key pair $public_key, $secret_key"
elif [[ -e "$public_key" || -e "$secret_key" ]]; then
    fail "only half a key pair in $keys: $([[ -e "$public_key" ]] && echo "$public_key without $secret_key" || echo "$secret_key without $public_key"); restore the missing file, or remove the other to make a new pair"
else
    "$bin/clusterctl" keys generate --out-dir "$keys" --name "$key_name" >/dev/null
    echo "made the key pair $public_key, $secret_key"
fi
# The secret key is the service user's, read-only (center-node refuses one that group or others
# may read); the public key is for anyone who may enter /etc/interflow/keys.
chmod 0400 "$secret_key"
own "$user:$user" "$secret_key"
chmod 0644 "$public_key"
own root:root "$public_key"

# The node's configuration: checked in its final directory (its relative key paths are from
# there) under a temporary name, as the service user on a real system, then renamed into place.
if [[ -n "$config" ]]; then
    candidate="$etc/.node.json.new-$$"
    trap 'rm -f "$candidate"' EXIT
    install -m 0640 "$config" "$candidate"
    own "root:$user" "$candidate"
    check=("$bin/center-node" --check-config "$candidate")
    if ! $staging && command -v runuser >/dev/null; then check=(runuser -u "$user" -- "${check[@]}"); fi
    if ! summary="$("${check[@]}" 2>&1)"; then
        echo "$summary" >&2
        fail "$config was not installed: center-node --check-config refused it (the other members' public keys and the client and admin keys it names must be in $keys first)"
    fi
    mv -f "$candidate" "$etc/node.json"
    trap - EXIT
    echo "installed ${summary//"$candidate"/"$etc/node.json"}"
    # The unit makes everything read-only but /var/lib/interflow: a data directory elsewhere fails
    # at the node's first write. Best effort: the value is read from the JSON text as written.
    data_directory="$(sed -n 's/.*"dataDirectory"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$etc/node.json" | head -n 1)"
    [[ "$data_directory" == /* ]] || data_directory="/etc/interflow/$data_directory"
    case "$data_directory" in
    /var/lib/interflow | /var/lib/interflow/*) ;;
    *) echo "warning: dataDirectory resolves to $data_directory; under the unit only /var/lib/interflow is writable" >&2 ;;
    esac
elif [[ -e "$etc/node.json" ]]; then
    echo "keeping $etc/node.json"
fi
if [[ -e "$etc/node.json" ]]; then
    chmod 0640 "$etc/node.json"
    own "root:$user" "$etc/node.json"
fi

cat <<EOF

installed under ${root:-/}. Next steps:
  1. Give this node's public key, $public_key, to the other nodes (their /etc/interflow/keys), and
     put theirs, and the clients' and admins' public keys, in $keys.
  2. Write /etc/interflow/node.json (Deploy/examples/node-1.json; dataDirectory /var/lib/interflow,
     keys.publicKey keys/$key_name.pub, keys.secretKey keys/$key_name.key), or run this again with --config FILE.
  3. systemctl daemon-reload && systemctl enable --now center-node
     (after an upgrade of the binaries: systemctl restart center-node; logs: journalctl -u center-node)
EOF
