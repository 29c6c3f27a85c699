#!/usr/bin/env bash
# Validates the OpenAPI document and runs a schema-driven fuzz (schemathesis)
# against a throwaway `exrbac serve` on loopback: no answer may be a 5xx or
# break the documented schema. Usage: scripts/api-fuzz.sh [MAX_EXAMPLES]
# Needs python3 with venv; installs the two tools from PyPI into a venv.
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-30}"
venv="${EXRBAC_FUZZ_VENV:-${TMPDIR:-/tmp}/exrbac-api-fuzz-venv}"
if [ ! -x "$venv/bin/schemathesis" ] || [ ! -x "$venv/bin/openapi-spec-validator" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet schemathesis openapi-spec-validator
fi
"$venv/bin/openapi-spec-validator" crates/server/openapi.json

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --quiet --bin exrbac
bin="${CARGO_TARGET_DIR:-target}/debug/exrbac"
db="$work/fuzz.db"
"$bin" --db "$db" run - >/dev/null <<'PS'
New-Mailbox -Name Sales1 -UserPrincipalName sales1@contoso.com
New-Mailbox -Name Helpy -UserPrincipalName helpy@contoso.com
Add-RoleGroupMember "Help Desk" -Member Helpy
PS
admin="$("$bin" --db "$db" token create --as Administrator 2>/dev/null | tail -1)"
helpy="$("$bin" --db "$db" token create --as Helpy 2>/dev/null | tail -1)"

"$bin" --db "$db" serve --listen 127.0.0.1:0 --rate-limit 0 --timeout 3 >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$work/out" 2>/dev/null && break
  sleep 0.1
done
url="$(sed -n 's/^exrbac: listening on //p' "$work/out")"
[ -n "$url" ] || { echo "the server didn't start:"; cat "$work/log"; exit 1; }

for tok in "$admin" "$helpy"; do
  "$venv/bin/schemathesis" run "$url/v1/openapi.json" \
    --header "Authorization: Bearer $tok" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --max-examples "$examples" \
    --request-timeout 20 \
    --exclude-path /v1/changes
done
# The long poll is fuzzed with short waits only.
"$venv/bin/schemathesis" run "$url/v1/openapi.json" \
  --header "Authorization: Bearer $admin" \
  --include-path /v1/changes --checks not_a_server_error \
  --max-examples "$examples" --request-timeout 40
echo "api fuzz: no server errors"
