#!/bin/sh
# Makes a self-signed CA and a serving certificate for the webhook's Service with openssl, and prints the
# caBundle to paste into the MutatingWebhookConfiguration.
#   make-certs.sh DIR [SERVICE] [NAMESPACE]
# Writes DIR/ca.crt, DIR/ca.key, DIR/tls.crt, DIR/tls.key (the names a kubernetes.io/tls Secret uses).
# Run it again into the same DIR to rotate: the webhook picks up the new tls.crt/tls.key on the next handshake.
set -eu
dir=${1:?usage: make-certs.sh DIR [SERVICE] [NAMESPACE]}
service=${2:-tandem-webhook}
namespace=${3:-tandem-system}
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=$service-ca" -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj "/CN=$service.$namespace.svc" -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
cat > "$work/ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:$service,DNS:$service.$namespace,DNS:$service.$namespace.svc,DNS:$service.$namespace.svc.cluster.local,DNS:localhost,IP:127.0.0.1,IP:::1
EXT
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
    -days 365 -extfile "$work/ext" -out "$work/tls.crt" 2>/dev/null

# Key first, then certificate, each renamed into place, so a reader never sees a half-written file.
for name in ca.key ca.crt tls.key tls.crt; do
    cp "$work/$name" "$dir/.$name.new"
    mv -f "$dir/.$name.new" "$dir/$name"
done
chmod 600 "$dir/ca.key" "$dir/tls.key"
echo "caBundle: $(base64 -w0 < "$dir/ca.crt")"
