// rill-bench nexmark: see nexmark.hpp.
#include "bench/nexmark.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <functional>
#include <mutex>
#include <stdexcept>

#include "bench/measure.hpp"
#include "bench/rss_probe.hpp"
#include "bench/workloads.hpp"
#include "examples/nexmark/queries.hpp"
#include "examples/nexmark/reference.hpp"
#include "io/nexmark/source.hpp"

namespace rill::bench {
namespace {

using namespace rill::examples::nexmark;
using io::nexmark::EventGenerator;
using io::nexmark::GeneratedEvents;
using io::nexmark::PaceClock;

// ---- Latency: a log-linear histogram of microseconds (64 sub-buckets per power of two, so
// a percentile is exact to within 1/64 of its value), fixed size whatever the event count.
class LatencyHistogram {
 public:
  void add(int64_t us) {
    const uint64_t v = us < 0 ? 0 : static_cast<uint64_t>(us);
    ++counts_[index(v)];
    ++n_;
    max_ = std::max(max_, v);
  }
  void merge(const LatencyHistogram& o) {
    for (size_t k = 0; k < counts_.size(); ++k) counts_[k] += o.counts_[k];
    n_ += o.n_;
    max_ = std::max(max_, o.max_);
  }
  uint64_t count() const { return n_; }
  double max_ms() const { return static_cast<double>(max_) / 1000.0; }
  // The value below which a fraction q of the samples lie, in ms (the bucket's upper end).
  double quantile_ms(double q) const {
    const uint64_t rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(n_)));
    uint64_t seen = 0;
    for (size_t k = 0; k < counts_.size(); ++k) {
      seen += counts_[k];
      if (seen >= std::max<uint64_t>(rank, 1))
        return static_cast<double>(std::min(upper(k), max_)) / 1000.0;
    }
    return max_ms();
  }

 private:
  static size_t index(uint64_t v) {
    if (v < 128) return static_cast<size_t>(v);
    const int msb = 63 - std::countl_zero(v);  // >= 7
    const int group = msb - 6;
    return static_cast<size_t>(group) * 64 + static_cast<size_t>(v >> group);
  }
  static uint64_t upper(size_t k) {  // the largest value of bucket k
    if (k < 128) return k;
    const size_t group = k / 64 - 1, sub = k % 64 + 64;
    return ((sub + 1) << group) - 1;
  }
  std::vector<uint64_t> counts_ = std::vector<uint64_t>(64 * 64, 0);
  uint64_t n_ = 0, max_ = 0;
};

// ---- Result digests, the same on the rill side (in the sink) and in the hand loop.
// Cheap on purpose (one multiply per field, one mix at the end): the sink hashes every result,
// and this is the benchmark's own cost, not rill's. Digest::add mixes the result again.
uint64_t str_hash(const std::string& s) {
  return s.empty() ? 0x5BD1E995ULL : hash_bytes(s.data(), s.size());
}
uint64_t h(std::initializer_list<uint64_t> xs) {
  uint64_t acc = 0x243F6A8885A308D3ULL;
  for (uint64_t x : xs) acc = (std::rotl(acc, 23) ^ x) * 0x9E3779B97F4A7C15ULL;
  return mix64(acc);
}
uint64_t u(int64_t x) {
  return static_cast<uint64_t>(x);
}

uint64_t hash_of(const Bid& b) {
  return h({u(b.auction), u(b.bidder), u(b.price), u(b.date_time), str_hash(b.extra)});
}
uint64_t hash_of(const Person& p) {
  return h({u(p.id), str_hash(p.name), str_hash(p.email), str_hash(p.credit_card), str_hash(p.city),
            str_hash(p.state), u(p.date_time), str_hash(p.extra)});
}
uint64_t hash_of(const Auction& a) {
  return h({u(a.id), str_hash(a.item_name), str_hash(a.description), u(a.initial_bid), u(a.reserve),
            u(a.date_time), u(a.expires), u(a.seller), u(a.category), str_hash(a.extra)});
}
uint64_t hash_of(const Event& e) {
  return std::visit([](const auto& x) { return hash_of(x); }, e.v) ^ e.v.index();
}
uint64_t hash_of(const AuctionPrice& r) {
  return h({u(r.auction), u(r.price)});
}
uint64_t hash_of(const NameCityStateId& r) {
  return h({str_hash(r.name), str_hash(r.city), str_hash(r.state), u(r.id)});
}
uint64_t hash_of(const CategoryPrice& r) {
  return h({u(r.category), u(r.price)});
}
uint64_t hash_of(const AuctionCount& r) {
  return h({u(r.auction), u(r.count)});
}
uint64_t hash_of(const NewUser& r) {
  return h({u(r.person), str_hash(r.name), u(r.auction), u(r.reserve)});
}
uint64_t hash_of(const BidsPerSession& r) {
  return h({u(r.bidder), u(r.bids)});
}

// One result (with its window) into the digest.
struct HashFold {
  template <class T>
  void operator()(Digest& d, const T& value, const Window& w) const {
    d.add(h({hash_of(value), u(w.start), u(w.end)}));
  }
};

// Q12: panes depend on wall time, their per-bidder sums do not. Each pane adds bids x (two
// hashes of the bidder), so the digest is a fingerprint of the per-bidder totals.
struct BidderTotalsFold {
  void operator()(Digest& d, const BidsPerSession& r, const Window&) const {
    const uint64_t n = u(r.bids), k = u(r.bidder);
    d.count += n;
    d.sum_a += n * mix64(k);
    d.sum_b += n * mix64(k ^ 0xD6E8FEB86659FD93ULL);
  }
};

// ---- The sink: digest and latency per partition, merged when the partition ends. Fused
// into its producer's stage (NodeKind::kElementwise), like DigestSink.
struct SinkStore {
  std::mutex mu;
  Digest digest;
  LatencyHistogram latency;
  int64_t results = 0;
  void merge(const Digest& d, const LatencyHistogram& l, int64_t n) {
    std::lock_guard lock(mu);
    digest.merge(d);
    latency.merge(l);
    results += n;
  }
};

// What the sink needs to know to turn a result's timestamp into its event's due time.
struct LatencySetup {
  bool enabled = false;
  std::shared_ptr<PaceClock> clock;
  std::shared_ptr<const EventGenerator> gen;
  double ns_per_event = 0;
  Timestamp last_time = 0;  // the last event's nominal time; later stamps have no latency
};

template <class T, class Fold>
class NexmarkSinkOp final : public OperatorBase, public Consumer<T> {
 public:
  NexmarkSinkOp(std::string step, Fold fold, LatencySetup lat, std::shared_ptr<SinkStore> store)
      : OperatorBase(std::move(step)),
        fold_(fold),
        lat_(std::move(lat)),
        store_(std::move(store)) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return nullptr; }
  void consume(Batch<T>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    n_ += static_cast<int64_t>(batch.size());
    for (const auto& e : batch) fold_(digest_, e.value, e.window);
    if (!lat_.enabled) return;
    const int64_t now = PaceClock::now_ns(), epoch = lat_.clock->epoch_ns();
    const auto& cfg = lat_.gen->config();
    // Consecutive results mostly share a millisecond stamp (10 events per ms by default), so
    // the due time is worked out once per stamp.
    Timestamp stamp = kMinTimestamp;
    int64_t latency_us = 0;
    for (const auto& e : batch) {
      if (e.timestamp > lat_.last_time || e.timestamp < cfg.base_time) continue;
      if (e.timestamp != stamp) {
        stamp = e.timestamp;
        // The first event whose nominal time is the result's timestamp.
        const uint64_t i = static_cast<uint64_t>((e.timestamp - cfg.base_time) * 1000 +
                                                 cfg.inter_event_delay_us - 1) /
                           static_cast<uint64_t>(cfg.inter_event_delay_us);
        const double due = static_cast<double>(epoch) + static_cast<double>(i) * lat_.ns_per_event;
        latency_us = static_cast<int64_t>((static_cast<double>(now) - due) / 1000.0);
      }
      latency_.add(latency_us);
    }
  }
  // Checkpoints: the digest and count so far; latencies measured before a restart are
  // dropped (a restored run has its own timing).
  void snapshot(cereal::BinaryOutputArchive& ar) const override {
    ar(digest_.count, digest_.sum_a, digest_.sum_b, n_);
  }
  void restore(cereal::BinaryInputArchive& ar) override {
    ar(digest_.count, digest_.sum_a, digest_.sum_b, n_);
  }
  // At the end of the input, not in teardown() (see DigestOp::finish).
  void finish() override { store_->merge(digest_, latency_, n_); }

 private:
  Fold fold_;
  LatencySetup lat_;
  std::shared_ptr<SinkStore> store_;
  Digest digest_;
  LatencyHistogram latency_;
  int64_t n_ = 0;
};

template <class T, class Fold>
std::shared_ptr<SinkStore> attach_sink(const PCollection<T>& in, Fold fold,
                                       const LatencySetup& lat) {
  auto store = std::make_shared<SinkStore>();
  NodeDef n;
  n.name = "Sink";
  n.label = "NexmarkSink";
  n.kind = NodeKind::kElementwise;
  n.inputs = {in.id()};
  n.make_op = [store, fold, lat](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
    return std::make_unique<NexmarkSinkOp<T, Fold>>(ctx.step, fold, lat, store);
  };
  in.graph().add_node(std::move(n));
  return store;
}

// ---- The queries: the pipeline with its sink, and the plain loop with the same fold.
struct QuerySpec {
  std::function<std::shared_ptr<SinkStore>(const PCollection<Event>&, const LatencySetup&)> attach;
  std::function<Digest(const EventGenerator&, uint64_t)> hand;
  bool has_latency = true;
};

template <class Query, class Ref, class Fold = HashFold>
QuerySpec spec(Query query, Ref ref, Fold fold = {}, bool has_latency = true) {
  return {[=](const PCollection<Event>& events, const LatencySetup& lat) {
            return attach_sink(query(events), fold, lat);
          },
          [=](const EventGenerator& gen, uint64_t n) {
            Digest d;
            ref(GeneratedEvents(gen, n), [&](const auto& v, const Window& w) { fold(d, v, w); });
            return d;
          },
          has_latency};
}

QuerySpec query_spec(const std::string& q) {
  namespace ref = examples::nexmark::reference;
  const QueryConfig c;
  using Events = const PCollection<Event>&;
  if (q == "Q0")
    return spec([](Events e) { return q0_pass_through(e); },
                [](const auto& ev, auto&& out) { ref::q0(ev, out); });
  if (q == "Q1")
    return spec([](Events e) { return q1_currency_conversion(e); },
                [](const auto& ev, auto&& out) { ref::q1(ev, out); });
  if (q == "Q2")
    return spec([c](Events e) { return q2_selection(e, c); },
                [c](const auto& ev, auto&& out) { ref::q2(ev, c, out); });
  if (q == "Q3")
    return spec([c](Events e) { return q3_local_item_suggestion(e, c); },
                [](const auto& ev, auto&& out) { ref::q3(ev, out); });
  if (q == "Q4")
    return spec([c](Events e) { return q4_average_price_for_category(e, c); },
                [c](const auto& ev, auto&& out) { ref::q4(ev, c, out); });
  if (q == "Q5")
    return spec([c](Events e) { return q5_hot_items(e, c); },
                [c](const auto& ev, auto&& out) { ref::q5(ev, c, out); });
  if (q == "Q7")
    return spec([c](Events e) { return q7_highest_bid(e, c); },
                [c](const auto& ev, auto&& out) { ref::q7(ev, c, out); });
  if (q == "Q8")
    return spec([c](Events e) { return q8_new_users(e, c); },
                [c](const auto& ev, auto&& out) { ref::q8(ev, c, out); });
  if (q == "Q11")
    return spec([c](Events e) { return q11_user_sessions(e, c); },
                [c](const auto& ev, auto&& out) { ref::q11(ev, c, out); });
  if (q == "Q12")
    return spec([c](Events e) { return q12_processing_time_windows(e, c); },
                [](const auto& ev, auto&& out) { ref::q12_totals(ev, out); }, BidderTotalsFold{},
                /*has_latency=*/false);
  throw std::invalid_argument("nexmark: unknown query '" + q +
                              "' (Q0, Q1, Q2, Q3, Q4, Q5, Q7, Q8, Q11 or Q12)");
}

}  // namespace

Workload nexmark_workload(const BenchArgs& args) {
  if (args.query.empty()) throw std::invalid_argument("nexmark: --query=Qn is required");
  if (args.events <= 0) throw std::invalid_argument("nexmark: --events=N is required");
  if (args.rate > 0)
    throw std::invalid_argument("nexmark: --rate and --processes exclude each other");
  const QuerySpec q = query_spec(args.query);
  const uint64_t n = static_cast<uint64_t>(args.events);
  io::nexmark::SourceOptions source;
  source.events = n;
  Workload w;
  w.hand = [q, source, n] {
    const EventGenerator gen(source.generator);
    const Stopwatch clock;
    const Digest d = q.hand(gen, n);
    return Outcome{static_cast<int64_t>(n), clock.seconds(), d, -1, {}};
  };
  w.rill = [q, source, n, options = args.options, summary = args.summary] {
    Pipeline p{options};
    auto events = p | io::nexmark::GenerateEvents("Events", source);
    auto sink = q.attach(events, LatencySetup{});
    const TimedRun run = timed_run(p, summary);
    return Outcome{static_cast<int64_t>(n), run.seconds, sink->digest, run.steal_pct, run.ckpt};
  };
  return w;
}

// A soak run (--rss-every=M): the query alone, no hand loop (the plain loops keep every
// event's trace: their memory is not the point), on N events or unbounded, printing the
// current RSS every M events (rss_probe.hpp) and one closing line.
int nexmark_soak(const BenchArgs& args) {
  const QuerySpec q = query_spec(args.query);
  io::nexmark::SourceOptions source;
  source.events = static_cast<uint64_t>(std::max<int64_t>(args.events, 0));  // 0: unbounded
  source.rate = args.rate;
  auto log = std::make_shared<RssLog>();
  log->query = args.query;
  log->every = static_cast<uint64_t>(args.rss_every);
  Pipeline p{args.options};
  auto events = p | io::nexmark::GenerateEvents("Events", source);
  auto sink = q.attach(probe_rss(events, log), LatencySetup{});
  const TimedRun run = timed_run(p, args.summary);
  const uint64_t n = log->seen.load();
  std::printf(
      "{\"workload\":\"nexmark-soak\",\"query\":\"%s\",\"events\":%llu,\"results\":%lld,"
      "\"seconds\":%.4f,\"events_per_s\":%.0f,\"rss_mb\":%.1f,\"peak_rss_mb\":%.1f,"
      "\"rate\":%s,\"host_steal_pct\":%s}\n",
      args.query.c_str(), static_cast<unsigned long long>(n), static_cast<long long>(sink->results),
      run.seconds, run.seconds > 0 ? static_cast<double>(n) / run.seconds : 0, current_rss_mb(),
      peak_rss_mb(), json_number(args.rate, args.rate > 0, "%.0f").c_str(),
      json_number(run.steal_pct, run.steal_pct >= 0, "%.1f").c_str());
  return 0;
}

int nexmark_main(const BenchArgs& args) {
  if (args.query.empty()) throw std::invalid_argument("nexmark: --query=Qn is required");
  if (args.rss_every > 0) return nexmark_soak(args);
  if (args.events <= 0) throw std::invalid_argument("nexmark: --events=N is required");
  const QuerySpec q = query_spec(args.query);
  const uint64_t n = static_cast<uint64_t>(args.events);
  io::nexmark::SourceOptions source;
  source.events = n;
  source.rate = args.rate;
  const auto gen = std::make_shared<const EventGenerator>(source.generator);
  const bool paced = args.rate > 0;

  // The hand loop first, in a child process (before any thread exists; see measure.hpp).
  const Outcome hand = run_in_child([&] {
    return best_of(
        [&] {
          const Stopwatch clock;
          const Digest d = q.hand(*gen, n);
          return Outcome{args.events, clock.seconds(), d, -1, {}};
        },
        paced ? 1 : args.repeat);
  });

  std::shared_ptr<SinkStore> last;
  const Outcome rill = best_of(
      [&] {
        Pipeline p{args.options};
        io::nexmark::SourceOptions src = source;
        LatencySetup lat;
        if (paced) {
          src.clock = std::make_shared<PaceClock>();
          lat = {q.has_latency, src.clock, gen, 1e9 / args.rate, gen->nominal_time(n - 1)};
        }
        auto events = p | io::nexmark::GenerateEvents("Events", src);
        last = q.attach(with_injected_failure(events, args.fail_at), lat);
        const TimedRun run = timed_run(p, args.summary);
        return Outcome{args.events, run.seconds, last->digest, run.steal_pct, run.ckpt};
      },
      paced ? 1 : args.repeat);

  const double eps = rill.seconds > 0 ? static_cast<double>(n) / rill.seconds : 0;
  const double hand_eps = hand.seconds > 0 ? static_cast<double>(n) / hand.seconds : 0;
  const bool lat = paced && q.has_latency && last->latency.count() > 0;
  std::printf(
      "{\"workload\":\"nexmark\",\"query\":\"%s\",\"events\":%lld,\"results\":%lld,"
      "\"seconds\":%.4f,\"events_per_s\":%.0f,\"peak_rss_mb\":%.1f,\"hand_eps\":%s,"
      "\"ratio\":%s,\"rate\":%s,\"latency_p50_ms\":%s,\"latency_p99_ms\":%s,"
      "\"latency_max_ms\":%s,\"host_steal_pct\":%s%s}\n",
      args.query.c_str(), static_cast<long long>(n), static_cast<long long>(last->results),
      rill.seconds, eps, peak_rss_mb(), json_number(hand_eps, !paced, "%.0f").c_str(),
      json_number(hand_eps > 0 ? eps / hand_eps : 0, !paced, "%.4f").c_str(),
      json_number(args.rate, paced, "%.0f").c_str(),
      json_number(lat ? last->latency.quantile_ms(0.5) : 0, lat).c_str(),
      json_number(lat ? last->latency.quantile_ms(0.99) : 0, lat).c_str(),
      json_number(lat ? last->latency.max_ms() : 0, lat).c_str(), json_steal(rill).c_str(),
      json_checkpoints(rill.ckpt).c_str());
  if (!(rill.digest == hand.digest)) {
    std::fprintf(stderr,
                 "rill-bench: MISMATCH: rill produced %llu results, the hand loop %llu "
                 "(or their contents differ)\n",
                 static_cast<unsigned long long>(rill.digest.count),
                 static_cast<unsigned long long>(hand.digest.count));
    return 1;
  }
  return 0;
}

}  // namespace rill::bench
