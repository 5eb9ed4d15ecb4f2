#include "examples/patterns/price_list.hpp"

#include <fstream>
#include <stdexcept>

#include "examples/patterns/csv_fields.hpp"

namespace rill::examples::patterns {

std::unordered_map<std::string, int64_t> load_price_list(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open the price list '" + path + "'");
  std::unordered_map<std::string, int64_t> prices;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (csv::trim(line).empty()) continue;
    try {
      const auto f = csv::split_fields(line, "sku,unit_price_cents");
      std::string sku = csv::text_field("sku", f[0]);
      const int64_t cents = csv::integer_field("unit_price_cents", f[1], 0, kMaxUnitPriceCents);
      if (!prices.emplace(sku, cents).second)
        throw std::invalid_argument("sku '" + sku + "' is listed twice");
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error("price list '" + path + "' line " + std::to_string(number) + ": " +
                               e.what());
    }
  }
  if (in.bad()) throw std::runtime_error("cannot read the price list '" + path + "'");
  return prices;
}

PriceOrdersFn::PriceOrdersFn(std::string price_list_path, std::string step,
                             std::shared_ptr<LifecycleCounts> counts)
    : path_(std::move(price_list_path)), step_(std::move(step)), counts_(std::move(counts)) {}

void PriceOrdersFn::setup() {
  ++counts_->setups;  // counted before loading: an instance whose setup throws is torn down too
  prices_ = load_price_list(path_);
}

void PriceOrdersFn::process(Order&& order, Emitter<PricedOrder>& out,
                            Emitter<DeadLetter>& unpriced) {
  const auto it = prices_.find(order.sku);
  if (it == prices_.end()) {
    unpriced.emit(
        DeadLetter{step_, "sku '" + order.sku + "' is not in the price list", to_csv(order)});
    return;
  }
  out.emit(PricedOrder{std::move(order.order_id), order.quantity, it->second,
                       order.quantity * it->second});
}

void PriceOrdersFn::teardown() {
  prices_.clear();
  ++counts_->teardowns;
}

}  // namespace rill::examples::patterns
