#!/usr/bin/env bash
# Makes the CURVE keys of the Kubernetes deployment and the two objects that carry them:
#   Secret    center-node-secret-keys  node-1.key .. node-N.key (each node's secret key)
#   ConfigMap center-node-public-keys  node-1.pub .. node-N.pub, client.pub, admin.pub
# (the shapes of keys.placeholder.yaml). It also makes a key pair for API clients and one for admins,
# whose secret halves stay in DIR, never in the cluster.
#
#   Deploy/kubernetes/make-secrets.sh --out DIR [--apply] [--force] [--nodes N] [--namespace NS]
#
# DIR (new or empty) receives keys/NAME.pub and keys/NAME.key (Z85 text and a newline; secret keys
# mode 0600) and center-node-keys.yaml, the two objects to apply. --apply applies that file with
# kubectl; it refuses to replace an existing Secret unless --force is given (new keys for running
# nodes: every pod must then restart at once).
#
# Keys come from `clusterctl keys generate` ($CLUSTERCTL, clusterctl on PATH, or this repository's
# .build/release or .build/debug), or else from libzmq's zmq_curve_keypair through pyzmq.
set -euo pipefail

usage() {
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit "${1:-2}"
}

out=""
apply=false
force=false
nodes=8
namespace=interflow
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="${2:?--out needs a directory}"; shift 2 ;;
        --apply) apply=true; shift ;;
        --force) force=true; shift ;;
        --nodes) nodes="${2:?--nodes needs a number}"; shift 2 ;;
        --namespace) namespace="${2:?--namespace needs a name}"; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "make-secrets.sh: unknown argument '$1'" >&2; usage ;;
    esac
done
[ -n "$out" ] || { echo "make-secrets.sh: --out DIR is required" >&2; usage; }
case "$nodes" in
    ''|*[!0-9]*|0) echo "make-secrets.sh: --nodes must be a positive number, not '$nodes'" >&2; exit 2 ;;
esac
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
    echo "make-secrets.sh: $out is not empty; refusing to overwrite keys" >&2
    exit 1
fi

# The key maker: the project's own command when there is one, pyzmq otherwise.
repository="$(cd "$(dirname "$0")/../.." && pwd)"
clusterctl=""
for candidate in "${CLUSTERCTL:-}" "$(command -v clusterctl || true)" \
    "$repository/.build/release/clusterctl" "$repository/.build/debug/clusterctl"; do
    # An older clusterctl answers `keys generate --help` with its general help: look for the option.
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" keys generate --help 2>&1 | grep -q -- '--out-dir'; then
        clusterctl="$candidate"
        break
    fi
done
if [ -z "$clusterctl" ] && ! python3 -c 'import zmq, sys; sys.exit(0 if zmq.has("curve") else 1)' 2>/dev/null; then
    echo "make-secrets.sh: needs clusterctl (swift build -c release --product clusterctl) or python3 with pyzmq" >&2
    exit 1
fi
if $apply; then
    command -v kubectl >/dev/null || { echo "make-secrets.sh: --apply needs kubectl on PATH" >&2; exit 1; }
    if kubectl -n "$namespace" get secret center-node-secret-keys >/dev/null 2>&1 && ! $force; then
        echo "make-secrets.sh: secret $namespace/center-node-secret-keys exists; the running nodes use its keys." >&2
        echo "  Replacing it means restarting every pod at once; pass --force to do so." >&2
        exit 1
    fi
fi

umask 077
mkdir -p "$out/keys"
chmod 0700 "$out" "$out/keys"
keys="$out/keys"

generate() {
    if [ -n "$clusterctl" ]; then
        "$clusterctl" keys generate --out-dir "$keys" --name "$1" >/dev/null
    else
        python3 - "$keys" "$1" <<'PYTHON'
import os, sys
import zmq
keys, name = sys.argv[1], sys.argv[2]
public, secret = zmq.curve_keypair()
for suffix, key, mode in ((".key", secret, 0o600), (".pub", public, 0o644)):
    path = os.path.join(keys, name + suffix)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    os.write(fd, key + b"\n")
    os.fchmod(fd, mode)
    os.fsync(fd)
    os.close(fd)
PYTHON
    fi
}

names=()
for k in $(seq 1 "$nodes"); do names+=("node-$k"); done
names+=(client admin)
for name in "${names[@]}"; do generate "$name"; done

metadata() {
    printf 'metadata:\n  name: %s\n  namespace: %s\n' "$1" "$namespace"
    printf '  labels:\n    app.kubernetes.io/name: center-node\n    app.kubernetes.io/part-of: interflow\n'
}
{
    echo "# Made by Deploy/kubernetes/make-secrets.sh: holds secret keys, do not commit."
    printf 'apiVersion: v1\nkind: Secret\n'
    metadata center-node-secret-keys
    printf 'type: Opaque\ndata:\n'
    for k in $(seq 1 "$nodes"); do
        printf '  node-%s.key: %s\n' "$k" "$(base64 < "$keys/node-$k.key" | tr -d '\n')"
    done
    printf -- '---\napiVersion: v1\nkind: ConfigMap\n'
    metadata center-node-public-keys
    printf 'data:\n'
    for name in "${names[@]}"; do
        # Z85 has neither '"' nor '\', so a double-quoted scalar holds any key as it is.
        printf '  %s.pub: "%s\\n"\n' "$name" "$(tr -d '\n' < "$keys/$name.pub")"
    done
} > "$out/center-node-keys.yaml"

echo "keys:     $keys (node-1..node-$nodes, client, admin; *.key are secret), made by ${clusterctl:-pyzmq}"
echo "objects:  $out/center-node-keys.yaml (Secret center-node-secret-keys, ConfigMap center-node-public-keys)"
if $apply; then
    kubectl apply -f "$out/center-node-keys.yaml"
else
    echo "apply:    kubectl apply -f $out/center-node-keys.yaml"
fi
echo "Keep $keys/client.key and admin.key in your secret store (clients and admins need them), then delete $out."
