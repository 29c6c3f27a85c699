#!/usr/bin/env bash
# Runs the fuzz targets with seed corpora made from the project's own
# material: scenario scripts (ours and, when beside us, ../shared's), the
# seeds' command lines, OPATH filters found in them, an export document,
# and sample API bodies. Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# EXRBAC_FUZZ_RUNS=N also stops each target after N executions (whichever
# comes first); EXRBAC_FUZZ_SANITIZER picks cargo-fuzz's sanitizer
# (default address; `none` runs several times faster, for the long runs, and
# then uses mimalloc); EXRBAC_FUZZ_MAX_LEN caps the input length (the long
# `scenario` run uses 1024: short scripts are what make millions affordable).
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pwsh_parse opath scenario import http_bodies)
corpus="${EXRBAC_FUZZ_CORPUS:-${TMPDIR:-/tmp}/exrbac-fuzz-corpus}"
mkdir -p "$corpus"/{pwsh_parse,opath,scenario,import,http_bodies}

scripts=(../tests/scenarios/*.ps1 ../examples/*.ps1)
ls ../../shared/scenarios/*.ps1 >/dev/null 2>&1 && scripts+=(../../shared/scenarios/*.ps1)
n=0
for f in "${scripts[@]}"; do
  n=$((n + 1))
  cp "$f" "$corpus/scenario/s$n.ps1"
  cp "$f" "$corpus/pwsh_parse/s$n.ps1"
  # Four command lines at a time for the scenario runner, which opens
  # contoso.com itself: a short input runs in well under a millisecond.
  grep -v '^\s*$' "$f" | grep -v '^# ' | grep -v '^#@ org' | split -l 4 - "$corpus/scenario/c$n-" || true
  # One command line per seed, too: small inputs mutate well.
  grep -v '^\s*#' "$f" | grep -v '^\s*$' | head -200 | split -l 1 - "$corpus/pwsh_parse/l$n-" || true
  # Filters: the text inside {…} after a -…Filter parameter.
  grep -oE -- '-[A-Za-z]*Filter \{[^}]*\}' "$f" | sed -E 's/^[^{]*\{(.*)\}$/\1/' \
    | split -l 1 - "$corpus/opath/f$n-" || true
done
printf '%s' "Department -eq 'Sales' -and (City -like 'Sea*' -or -not (Title -ne \$null))" > "$corpus/opath/hand1"
printf '%s' "MemberOfGroup -eq 'CN=DL1,CN=Users,DC=contoso,DC=com'" > "$corpus/opath/hand2"
printf '%s' '{"cmdlet":"Set-User","parameters":["Identity","Office"],"target":"Administrator"}' > "$corpus/http_bodies/check"
printf '\001%s' '{"checks":[{"cmdlet":"Get-Mailbox"},{"cmdlet":"Set-User","target":"organization"}]}' > "$corpus/http_bodies/batch"
printf '\004%s' '{"cmdlet":"Set-Mailbox","parameters":["Identity"],"target":"Administrator","limit":1}' > "$corpus/http_bodies/whocan"
printf '\005%s' '{"script":"Get-ManagementRole | Select-Object -First 2"}' > "$corpus/http_bodies/invoke"
printf '\006%s' 'after=3&wait_ms=10' > "$corpus/http_bodies/changes"
if [ ! -s "$corpus/import/doc.json" ]; then
  cargo +stable run --quiet --manifest-path ../Cargo.toml --bin exrbac -- gen --recipients 100 --out - > "$corpus/import/doc.json" 2>/dev/null
fi

failed=0
for t in "${targets[@]}"; do
  echo "== $t: $secs s"
  log="$corpus/$t.log"
  sanitizer="${EXRBAC_FUZZ_SANITIZER:-address}"
  features=()
  [ "$sanitizer" = none ] && features=(--features fast-alloc)
  if ! cargo +nightly fuzz run -s "$sanitizer" "${features[@]}" "$t" "$corpus/$t" -- \
      -max_total_time="$secs" ${EXRBAC_FUZZ_RUNS:+-runs="$EXRBAC_FUZZ_RUNS"} \
      ${EXRBAC_FUZZ_MAX_LEN:+-max_len="$EXRBAC_FUZZ_MAX_LEN"} \
      -rss_limit_mb=4096 -timeout=20 -print_final_stats=1 >"$log" 2>&1; then
    failed=1
    echo "!! $t FAILED (crash, hang or OOM): see $log and fuzz/artifacts/$t/"
  fi
  grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|SUMMARY|^==[0-9]+== ERROR|Done [0-9]+ runs" "$log" || true
done
exit "$failed"
