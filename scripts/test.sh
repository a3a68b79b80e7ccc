#!/usr/bin/env bash
# Runs every test suite of the repository on a fresh machine and ends with one line:
#   N passed, N failed[, N skipped]
# It installs what it needs: NuGet packages (dotnet restore), the frontend's npm packages (npm ci),
# and, for the browser tests, Debian's chromium, espeak-ng and sox (apt-get) when they are missing.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/.test-output"
rm -rf "$out"
mkdir -p "$out"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

passed=0 failed=0 skipped=0 broken=0

add_counts() { passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + $3)); }

step() { printf '\n=== %s\n' "$*"; }

ensure_debian_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
  command -v sox >/dev/null 2>&1 || missing+=(sox)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# ---- .NET -------------------------------------------------------------------------------------
step "dotnet restore + build"
# The frontend is built below by npm itself, so the host's "build the frontend when missing" step is skipped here.
if ! dotnet build VoiceContacts.sln -c Release -nologo -v q -p:SkipFrontendBuild=true; then
  echo "build failed"
  broken=1
fi

if [ $broken -eq 0 ]; then
  for proj in tests/*/*.csproj; do
    name="$(basename "$proj" .csproj)"
    step "dotnet test $name"
    dotnet test "$proj" -c Release --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$out" \
      --logger "console;verbosity=normal" || true
    trx="$out/$name.trx"
    if [ -f "$trx" ]; then
      counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
      get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
      total=$(get total); p=$(get passed); f=$(get failed); e=$(get error)
      s=$(( ${total:-0} - ${p:-0} - ${f:-0} - ${e:-0} ))
      add_counts "${p:-0}" "$(( ${f:-0} + ${e:-0} ))" "$s"
      # Say why tests were skipped (e.g. the MongoDB contract suite without VOICECONTACTS_TEST_MONGODB_URI).
      if [ "$s" -gt 0 ]; then
        awk '/<UnitTestResult /{skip = ($0 ~ /outcome="NotExecuted"/)}
             skip && match($0, /<Message>[^<]*<\/Message>/) {print substr($0, RSTART + 9, RLENGTH - 19); skip = 0}' "$trx" |
          sort | uniq -c | sed 's/^ */  skipped: /'
      fi
    else
      echo "no test results for $name (the test host crashed?)"
      broken=1
    fi
  done
fi

# ---- whole-process benchmark harness ----------------------------------------------------------
# A smoke run (about 30 s): the sample host and the seed-style Node relay (npm ci on first use) each relay two browser
# calls, and the host two phone calls (Twilio Media Streams; one more host start, about 8 s); it checks that every measured piece produced figures (calls held, marked audio timed both ways, /proc read) and
# asserts nothing about speed. Counted as one test.
if [ $broken -eq 0 ]; then
  step "whole-process benchmark smoke"
  if dotnet benchmarks/RealtimeVoiceAgent.Benchmarks/bin/Release/net10.0/RealtimeVoiceAgent.Benchmarks.dll whole-process --smoke --modes browser,phone,live; then
    add_counts 1 0 0
  else
    add_counts 0 1 0
  fi
fi

# ---- soak harness ------------------------------------------------------------------------------
# A smoke run (about 25 s): the sample host holds 4 browser calls for 15 s, each lasting 2-5 s before it hangs up and
# the next is dialled, read from /proc every second; it checks that calls came and went without failing and that every
# reading was taken, and asserts nothing about flatness (the real soak is benchmarks/soak.sh). Counted as one test.
if [ $broken -eq 0 ]; then
  step "soak smoke"
  if dotnet benchmarks/RealtimeVoiceAgent.Benchmarks/bin/Release/net10.0/RealtimeVoiceAgent.Benchmarks.dll soak --smoke; then
    add_counts 1 0 0
  else
    add_counts 0 1 0
  fi
fi

# ---- frontend ---------------------------------------------------------------------------------
if [ -f frontend/package.json ]; then
  step "npm ci (frontend)"
  if (cd frontend && npm ci --no-audit --no-fund --loglevel=error); then
    step "frontend unit tests (vitest)"
    (cd frontend && npx vitest run --reporter=default --reporter=json --outputFile="$out/vitest-unit.json") || true
    if [ -f "$out/vitest-unit.json" ]; then
      read -r p f s < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests,r.numFailedTests,r.numPendingTests+r.numTodoTests)' "$out/vitest-unit.json")
      add_counts "$p" "$f" "$s"
    else
      broken=1
    fi

    if [ -f frontend/e2e/vitest.config.ts ]; then
      ensure_debian_packages
      step "frontend build + browser end-to-end tests (Chromium)"
      if (cd frontend && npm run build --silent); then
        (cd frontend && npx vitest run --config e2e/vitest.config.ts --reporter=default --reporter=json --outputFile="$out/vitest-e2e.json") || true
        if [ -f "$out/vitest-e2e.json" ]; then
          read -r p f s < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests,r.numFailedTests,r.numPendingTests+r.numTodoTests)' "$out/vitest-e2e.json")
          add_counts "$p" "$f" "$s"
        else
          broken=1
        fi
      else
        echo "frontend build failed"
        broken=1
      fi
    fi
  else
    echo "npm ci failed"
    broken=1
  fi
fi

echo
[ $broken -eq 0 ] || echo "some suites could not run (see above)"
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
