#!/usr/bin/env bash
# benchmarks/e2e/run.sh [N] [RUNS]: the route-server pipeline for the wire, BIRD, OpenBGPD, FRR, GoBGP and
# javabgp, side by side (see RouteServerBenchmark); rewrites the end-to-end section of
# docs/performance.md and docs/performance-e2e.svg. Run from anywhere; needs root, gcc, bird2, openbgpd, frr, gobgpd.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cd "$root"
exec "$java_home/bin/java" benchmarks/src/main/java/dev/javabgp/benchmarks/e2e/RouteServerBenchmark.java "$@"
