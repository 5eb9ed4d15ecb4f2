#pragma once
// Generated inputs of the patterns example and, computed from what the generator knows (never
// by re-parsing the files, and with plain loops, not rill), what each pattern must output.
#include <cstdint>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/examples/dead_letter_checks.hpp"
#include "tests/examples/gaming_reference.hpp"

namespace patterns_test {

using gaming_test::sorted;

struct OrderRow {
  std::string order_id, category, sku;
  int64_t quantity = 0;
  std::string csv() const {
    return order_id + "," + category + "," + sku + "," + std::to_string(quantity);
  }
};

struct StockRow {
  std::string warehouse;
  int64_t stock = 0;
};

// For PriceOrders the record is the order as the rule reads it; for parse steps the raw line.
using Bad = model_test::ExpectedDeadLetter;

struct PatternsFiles {
  std::string orders, categories, inventory, prices;  // file contents
  std::vector<OrderRow> valid_orders;
  std::set<std::string> listed;               // the reference categories
  std::map<std::string, StockRow> stock;      // by sku
  std::map<std::string, int64_t> unit_cents;  // by sku
  std::vector<Bad> dead_letters;
};

inline std::vector<Bad> malformed_order_lines() {
  return {
      {"ParseOrder", "", "empty line"},
      {"ParseOrder", "o-x,cat1,sku1", "expected 4 comma-separated fields"},
      {"ParseOrder", "o-x,cat1,sku1,2,extra", "expected 4 comma-separated fields"},
      {"ParseOrder", " ,cat1,sku1,2", "order_id is empty"},
      {"ParseOrder", "o-x,,sku1,2", "category is empty"},
      {"ParseOrder", "o-x,cat1,\t,2", "sku is empty"},
      {"ParseOrder", "o-x,cat1,sku1,0", "quantity '0' is not a decimal integer in [1, 1000000]"},
      {"ParseOrder", "o-x,cat1,sku1,1000001", "quantity '1000001' is not"},
      {"ParseOrder", "o-x,cat1,sku1,-3", "quantity '-3' is not"},
      {"ParseOrder", "o-x,cat1,sku1,two", "quantity 'two' is not"},
      {"ParseOrder", "o-x,cat1,sku1,", "quantity is empty"},
      {"ParseOrder", "\"o\\x\",cat1", "expected 4"},  // JSON escaping of the record
  };
}

inline std::vector<Bad> malformed_inventory_lines() {
  return {
      {"ParseInventory", "sku1,wh0", "expected 3 comma-separated fields (sku,warehouse,stock)"},
      {"ParseInventory", "sku1,wh0,-1", "stock '-1' is not"},
      {"ParseInventory", ",wh0,5", "sku is empty"},
      {"ParseInventory", "", "empty line"},
  };
}

// The same rounds and mixing as the example, written out again.
inline std::string fingerprint_hex(const std::string& id, int rounds) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : id) h = (h ^ c) * 0x100000001b3ULL;
  for (int r = 0; r < rounds; ++r) {
    uint64_t z = h + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    h = z ^ (z >> 31);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

inline PatternsFiles generate_patterns_files(int orders, uint32_t seed) {
  std::mt19937 rng(seed);
  PatternsFiles f;
  const std::vector<std::string> pads = {"", "", " ", "\t"};
  auto pad = [&](const std::string& s) {
    return pads[rng() % pads.size()] + s + pads[rng() % pads.size()];
  };
  // Inventory: sku0..sku34 (sku35..sku39 are unknown); prices: sku0..sku36 (37..39 unpriced).
  for (int k = 0; k < 35; ++k) {
    const std::string sku = "sku" + std::to_string(k);
    f.stock[sku] = {"wh" + std::to_string(k % 3), static_cast<int64_t>(rng() % 40)};
    f.inventory += pad(sku) + "," + pad(f.stock[sku].warehouse) + "," +
                   pad(std::to_string(f.stock[sku].stock)) + "\n";
  }
  for (const auto& bad : malformed_inventory_lines()) {
    f.inventory += bad.record + "\n";
    f.dead_letters.push_back(bad);
  }
  for (int k = 0; k < 37; ++k) {
    const std::string sku = "sku" + std::to_string(k);
    f.unit_cents[sku] = static_cast<int64_t>(rng() % 5000);
    f.prices += sku + "," + std::to_string(f.unit_cents[sku]) + "\n" + (k % 10 == 0 ? "\n" : "");
  }
  f.listed = {"cat1", "cat3", "cat4", "cat6"};
  f.categories = "cat1\n  cat3\t\n\ncat4\ncat6\ncat1\n";  // padding, a blank line, a repeat

  std::vector<std::string> lines;
  for (int i = 0; i < orders; ++i) {
    OrderRow o{"o" + std::to_string(i), "cat" + std::to_string(rng() % 8),
               "sku" + std::to_string(rng() % 40), 1 + static_cast<int64_t>(rng() % 25)};
    if (i % 500 == 7) o.quantity = 1'000'000;
    f.valid_orders.push_back(o);
    const std::string quantity = (rng() % 8 == 0 ? "0" : "") + std::to_string(o.quantity);
    lines.push_back(pad(o.order_id) + "," + pad(o.category) + "," + pad(o.sku) + "," +
                    pad(quantity));
    if (!f.unit_cents.count(o.sku))
      f.dead_letters.push_back(
          {"PriceOrders", o.csv(), "sku '" + o.sku + "' is not in the price list"});
  }
  for (const auto& bad : malformed_order_lines()) {
    lines.push_back(bad.record);
    f.dead_letters.push_back(bad);
  }
  std::shuffle(lines.begin(), lines.end(), rng);
  for (const auto& l : lines) f.orders += l + "\n";
  return f;
}

// ---- What each pattern must output (sorted lines) ------------------------------------------

inline std::vector<std::string> expected_fingerprints(const PatternsFiles& f, int rounds) {
  std::vector<std::string> out;
  for (const auto& o : f.valid_orders)
    out.push_back(o.order_id + "," + fingerprint_hex(o.order_id, rounds));
  return sorted(out);
}

inline std::vector<std::string> expected_category_counts(const PatternsFiles& f) {
  std::map<std::string, int> n;
  for (const auto& o : f.valid_orders) ++n[o.category];
  std::vector<std::string> out;
  for (const auto& [category, count] : n) out.push_back(category + "," + std::to_string(count));
  return sorted(out);
}

inline std::vector<std::string> expected_invoices(const PatternsFiles& f) {
  std::vector<std::string> out;
  for (const auto& o : f.valid_orders) {
    if (!f.unit_cents.count(o.sku)) continue;
    const int64_t gross = o.quantity * f.unit_cents.at(o.sku);
    const int64_t discount = o.quantity >= 10 ? gross / 10 : 0;
    out.push_back(o.order_id + "," + std::to_string(gross) + "," + std::to_string(discount) + "," +
                  std::to_string(gross - discount));
  }
  return sorted(out);
}

inline std::vector<std::string> expected_shares(const PatternsFiles& f) {
  int64_t total = 0;
  for (const auto& o : f.valid_orders) total += o.quantity;
  std::vector<std::string> out;
  for (const auto& o : f.valid_orders) {
    const long long hundredths = o.quantity * 10'000 / total;
    char percent[32];
    std::snprintf(percent, sizeof percent, "%lld.%02lld", hundredths / 100, hundredths % 100);
    out.push_back(o.order_id + "," + std::to_string(o.quantity) + "," + percent);
  }
  return sorted(out);
}

inline std::vector<std::string> expected_listed(const PatternsFiles& f) {
  std::vector<std::string> out;
  for (const auto& o : f.valid_orders)
    if (f.listed.count(o.category)) out.push_back(o.csv());
  return sorted(out);
}

inline std::vector<std::string> expected_enriched(const PatternsFiles& f) {
  std::vector<std::string> out;
  for (const auto& o : f.valid_orders) {
    std::string line = o.order_id + "," + o.sku + "," + std::to_string(o.quantity) + ",";
    const auto it = f.stock.find(o.sku);
    if (it == f.stock.end()) {
      line += ",0,unknown_sku";
    } else {
      line += it->second.warehouse + "," + std::to_string(it->second.stock) + "," +
              (o.quantity <= it->second.stock ? "in_stock" : "short");
    }
    out.push_back(line);
  }
  return sorted(out);
}

}  // namespace patterns_test
