#!/usr/bin/env bash
# The whole-process benchmark in one command (docs/benchmarks.md): builds the sample host and the benchmarks in
# Release, then starts the host and the seed-style Node relay as processes and loads both, e.g.
#   bash benchmarks/whole-process.sh --calls 200 --seconds 30 --rounds 2
# Options: --calls N, --seconds S (measured window), --warmup S, --rounds R (targets alternate),
# --targets host-json,node-json,host-binary,host-phone,host-live, --modes browser,phone,live (browser, phone and GPT-Live calls in one table),
# --host-env NAME=VALUE (repeatable), --smoke.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet build samples/VoiceContacts.Host/VoiceContacts.Host.csproj -c Release -nologo -v q -p:SkipFrontendBuild=true
dotnet build benchmarks/RealtimeVoiceAgent.Benchmarks/RealtimeVoiceAgent.Benchmarks.csproj -c Release -nologo -v q
exec dotnet benchmarks/RealtimeVoiceAgent.Benchmarks/bin/Release/net10.0/RealtimeVoiceAgent.Benchmarks.dll whole-process "$@"
