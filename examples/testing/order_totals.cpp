#include "examples/testing/order_totals.hpp"

#include <charconv>
#include <stdexcept>
#include <vector>

namespace rill::examples::testing {
namespace {

template <class Int>
Int number(std::string_view field, std::string_view line) {
  Int v{};
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (ec != std::errc{} || end != field.data() + field.size() || field.empty())
    throw std::invalid_argument("not a number: '" + std::string(field) + "' in '" +
                                std::string(line) + "'");
  return v;
}

// The window of a total is only known through the emitter: a DoFn, not a Map.
struct FormatTotal : DoFn<KV<std::string, int64_t>, std::string> {
  void process(const KV<std::string, int64_t>& total, Emitter<std::string>& out) {
    out.emit(std::to_string(out.window().start) + "," + total.key + "," +
             std::to_string(total.value));
  }
};

}  // namespace

Order parse_order(std::string_view line) {
  std::vector<std::string_view> f;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    f.push_back(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (f.size() != 4 || f[1].empty())
    throw std::invalid_argument("not 'id,customer,amount_cents,timestamp_ms': '" +
                                std::string(line) + "'");
  return Order{number<uint64_t>(f[0], line), std::string(f[1]), number<int64_t>(f[2], line),
               number<int64_t>(f[3], line)};
}

OrderTotals order_totals(const PCollection<std::string>& lines) {
  auto orders = lines | Map("Parse", [](const std::string& l) { return parse_order(l); });
  auto totals = orders | WithTimestamps("Stamp", [](const Order& o) { return o.timestamp_ms; }) |
                Map("Key",
                    [](Order o) {
                      return KV<std::string, int64_t>{std::move(o.customer), o.amount_cents};
                    }) |
                WindowInto("Minute", FixedWindows(60'000)) |
                CombinePerKey("Sum", combine::Sum<int64_t>{}) | ParDo("Format", FormatTotal{});
  return {orders, totals};
}

}  // namespace rill::examples::testing
