#!/usr/bin/env bash
# The soak test in one command (docs/benchmarks.md, "Soak"): builds the sample host and the benchmarks in Release, then
# starts the host as a process and holds calls against it, calls ending and new ones starting, e.g.
#   bash benchmarks/soak.sh --calls 100 --minutes 30
# Options: --calls N (held at once), --minutes M, --min-call S and --max-call S (each call's random length),
# --sample S (seconds between readings), --host-dll PATH, --smoke (4 calls, 15 s; what scripts/test.sh runs).
# Exit code 0 when RSS, open handles, threads and the GC heap stayed flat, 1 when one grew.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet build samples/VoiceContacts.Host/VoiceContacts.Host.csproj -c Release -nologo -v q -p:SkipFrontendBuild=true
dotnet build benchmarks/RealtimeVoiceAgent.Benchmarks/RealtimeVoiceAgent.Benchmarks.csproj -c Release -nologo -v q
exec dotnet benchmarks/RealtimeVoiceAgent.Benchmarks/bin/Release/net10.0/RealtimeVoiceAgent.Benchmarks.dll soak "$@"
