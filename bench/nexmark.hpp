#pragma once
// rill-bench nexmark: one Nexmark query (examples/nexmark/) on generated events.
//   rill-bench nexmark --query=Q5 --events=N [--rate=R] [--workers=T] [--parallelism=P]
//
// Prints one JSON line:
//   {"workload":"nexmark","query":"Q5","events":N,"results":..,"seconds":..,"events_per_s":..,
//    "peak_rss_mb":..,"hand_eps":..,"ratio":..,"rate":..,"latency_p50_ms":..,
//    "latency_p99_ms":..,"latency_max_ms":..,"host_steal_pct":..}
// - events_per_s: N / the wall time of Pipeline::run().
// - hand_eps, ratio: the query's plain loop (examples/nexmark/reference.hpp, single-threaded,
//   in a forked child, on the same generated events) and rill's speed over it. Both sides fold
//   their results (with their windows) into a digest; a difference exits with status 1.
//   Paced runs (--rate) still compare the digests but report no hand speed (null).
// - With --rate=R the source is paced at R events/s (io/nexmark/source.hpp) and the sink
//   measures each result's latency: its arrival time minus the time its event was due,
//   epoch + i / R, where i is the first event whose event time is the result's timestamp
//   (results of a window are stamped with its end - 1: their latency runs from the moment the
//   window's last event was due). Measuring from the schedule, not from when the event was
//   actually made, counts the time an overloaded source falls behind (no coordinated
//   omission). Q12's results (stamped at the end of the global window) have no latency.
// - peak_rss_mb: the rill run's peak (the hand loop runs in a child process).
// - host_steal_pct: the machine's CPU time taken by the hypervisor during the rill run
//   (StealMeter, bench/measure.hpp). On a shared VM it comes in bursts of up to 40 % that
//   leave a paced run without the cores it needs; read a latency figure beside it.
#include "bench/args.hpp"
#include "bench/workloads.hpp"

namespace rill::bench {

// Runs the nexmark workload; returns the exit status.
int nexmark_main(const BenchArgs& args);
// Throughput only (no pacing): for --processes, whose workers run just the rill side.
Workload nexmark_workload(const BenchArgs& args);

}  // namespace rill::bench
