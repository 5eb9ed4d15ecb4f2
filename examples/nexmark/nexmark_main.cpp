// nexmark: runs one Nexmark query on generated events and prints the run summary, or its
// plan (the fused stages) with --plan, or Graphviz DOT with --dot.
//   nexmark --query=Q5 [--events=N] [--rate=EVENTS_PER_S] [--parallelism=P] [--workers=T]
//           [--print=K] [--plan | --dot]
// --print=K prints the first K results (one per line, with their window) after the run.
// Exit status: 0 done, 1 the job failed, 2 bad usage.
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include "examples/nexmark/queries.hpp"
#include "io/collect.hpp"
#include "io/nexmark/source.hpp"

namespace {

using namespace rill;
using namespace rill::examples::nexmark;

const char* kUsage =
    "usage: nexmark --query=Qn [--events=N] [--rate=EVENTS_PER_S] [--parallelism=P] "
    "[--workers=T] [--print=K] [--plan | --dot]\n"
    "queries: Q0 Q1 Q2 Q3 Q4 Q5 Q7 Q8 Q11 Q12 (see examples/nexmark/queries.hpp)\n";

int64_t positive(const std::string& flag, const std::string& v) {
  size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || n <= 0)
    throw std::invalid_argument("--" + flag + " must be a positive integer, got '" + v + "'");
  return n;
}

std::ostream& operator<<(std::ostream& os, const Bid& b) {
  return os << "Bid{auction=" << b.auction << " bidder=" << b.bidder << " price=" << b.price
            << " time=" << b.date_time << "}";
}
std::ostream& operator<<(std::ostream& os, const Event& e) {
  if (e.is_bid()) return os << e.bid();
  if (e.is_person())
    return os << "Person{id=" << e.person().id << " name=" << e.person().name
              << " state=" << e.person().state << " time=" << e.person().date_time << "}";
  return os << "Auction{id=" << e.auction().id << " seller=" << e.auction().seller
            << " category=" << e.auction().category << " reserve=" << e.auction().reserve
            << " time=" << e.auction().date_time << " expires=" << e.auction().expires << "}";
}
std::ostream& operator<<(std::ostream& os, const AuctionPrice& r) {
  return os << "AuctionPrice{auction=" << r.auction << " price=" << r.price << "}";
}
std::ostream& operator<<(std::ostream& os, const NameCityStateId& r) {
  return os << "NameCityStateId{" << r.name << ", " << r.city << ", " << r.state
            << ", auction=" << r.id << "}";
}
std::ostream& operator<<(std::ostream& os, const CategoryPrice& r) {
  return os << "CategoryPrice{category=" << r.category << " average=" << r.price << "}";
}
std::ostream& operator<<(std::ostream& os, const AuctionCount& r) {
  return os << "AuctionCount{auction=" << r.auction << " bids=" << r.count << "}";
}
std::ostream& operator<<(std::ostream& os, const NewUser& r) {
  return os << "NewUser{person=" << r.person << " name=" << r.name << " auction=" << r.auction
            << " reserve=" << r.reserve << "}";
}
std::ostream& operator<<(std::ostream& os, const BidsPerSession& r) {
  return os << "BidsPerSession{bidder=" << r.bidder << " bids=" << r.bids << "}";
}

// Keeps the first `k` results (any order) as text.
template <class T>
std::shared_ptr<std::vector<std::string>> keep_first(const PCollection<T>& results, int64_t k) {
  auto kept = std::make_shared<std::vector<std::string>>();
  auto mu = std::make_shared<std::mutex>();
  results | FlatMap<int>("Print", [kept, mu, k](const T& v, Emitter<int>& out) {
    std::lock_guard lock(*mu);
    if (static_cast<int64_t>(kept->size()) >= k) return;
    std::ostringstream os;
    const Window& w = out.window();
    if (!w.is_global()) os << "[" << w.start << ", " << w.end << ") ";
    os << v;
    kept->push_back(os.str());
  });
  return kept;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "--help") {
        std::fputs(kUsage, stdout);
        return 0;
      }
      if (a == "--plan" || a == "--dot") {
        flags[a.substr(2)] = "1";
        continue;
      }
      const size_t eq = a.find('=');
      if (a.rfind("--", 0) != 0 || eq == std::string::npos)
        throw std::invalid_argument("unexpected argument '" + a + "'");
      const std::string name = a.substr(2, eq - 2);
      if (name != "query" && name != "events" && name != "rate" && name != "parallelism" &&
          name != "workers" && name != "print")
        throw std::invalid_argument("unknown flag --" + name);
      flags[name] = a.substr(eq + 1);
    }
    if (!flags.count("query")) throw std::invalid_argument("--query is required");

    PipelineOptions options;
    if (flags.count("parallelism"))
      options.parallelism = static_cast<int>(positive("parallelism", flags["parallelism"]));
    if (flags.count("workers"))
      options.workers = static_cast<int>(positive("workers", flags["workers"]));
    io::nexmark::SourceOptions source;
    source.events = static_cast<uint64_t>(
        flags.count("events") ? positive("events", flags["events"]) : 100'000);
    if (flags.count("rate")) source.rate = static_cast<double>(positive("rate", flags["rate"]));
    const int64_t print = flags.count("print") ? positive("print", flags["print"]) : 0;

    Pipeline p{options};
    auto events = p | io::nexmark::GenerateEvents("Events", source);
    auto kept = std::make_shared<std::vector<std::string>>();
    auto sink = [&](const auto& results) {
      if (print > 0) kept = keep_first(results, print);
    };
    const QueryConfig c;
    std::string q = flags["query"];
    if (!q.empty() && (q[0] == 'q' || q[0] == 'Q')) q = q.substr(1);
    if (q == "0") {
      sink(q0_pass_through(events));
    } else if (q == "1") {
      sink(q1_currency_conversion(events));
    } else if (q == "2") {
      sink(q2_selection(events, c));
    } else if (q == "3") {
      sink(q3_local_item_suggestion(events, c));
    } else if (q == "4") {
      sink(q4_average_price_for_category(events, c));
    } else if (q == "5") {
      sink(q5_hot_items(events, c));
    } else if (q == "7") {
      sink(q7_highest_bid(events, c));
    } else if (q == "8") {
      sink(q8_new_users(events, c));
    } else if (q == "11") {
      sink(q11_user_sessions(events, c));
    } else if (q == "12") {
      sink(q12_processing_time_windows(events, c));
    } else {
      throw std::invalid_argument("unknown query '" + flags["query"] + "'");
    }
    if (flags.count("plan")) {
      std::cout << p.explain();
      return 0;
    }
    if (flags.count("dot")) {
      std::cout << p.to_dot();
      return 0;
    }
    const PipelineResult result = p.run();
    std::cout << result.summary();
    for (const auto& line : *kept) std::cout << line << "\n";
    return result.ok() ? 0 : 1;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "nexmark: %s\n%s", e.what(), kUsage);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nexmark: %s\n", e.what());
    return 1;
  }
}
