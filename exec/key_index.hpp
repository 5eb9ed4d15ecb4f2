#pragma once
// KeyIndex: a flat hash index from a key to a small integer id, for operators that keep their
// per-key state in a slab (a vector indexed by id) and the keys themselves in that slab.
// Open addressing with linear probing over a power-of-two table of (hash, id) cells: a lookup
// hashes once, probes adjacent cells and compares the full 64-bit hash before asking the
// caller to compare keys. No allocation per key; the table doubles at half full and never
// shrinks. Erasure shifts the following cells back (no tombstones).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rill::detail {

class KeyIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The id stored for hash h whose key satisfies same(id), or kNone.
  template <class Same>
  uint32_t find(uint64_t h, Same&& same) const {
    if (cells_.empty()) return kNone;
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Cell& c = cells_[i];
      if (c.id == kNone) return kNone;
      if (c.hash == h && same(c.id)) return c.id;
    }
  }

  // Hints for a lookup of h a little later: start loading its first cell, or name the id in
  // that cell (kNone if empty) so that the caller can start loading its entry.
  void prefetch(uint64_t h) const {
    if (!cells_.empty()) __builtin_prefetch(&cells_[h & mask_]);
  }
  uint32_t first_id(uint64_t h) const { return cells_.empty() ? kNone : cells_[h & mask_].id; }

  // Adds (h, id); the key must not be present.
  void insert(uint64_t h, uint32_t id) {
    if (2 * (size_ + 1) > cells_.size()) grow();
    size_t i = h & mask_;
    while (cells_[i].id != kNone) i = (i + 1) & mask_;
    cells_[i] = Cell{h, id};
    ++size_;
  }

  // Removes the cell of `id` (stored under hash h).
  void erase(uint64_t h, uint32_t id) {
    size_t i = h & mask_;
    while (cells_[i].id != id) i = (i + 1) & mask_;
    // Backward-shift deletion: move later cells of the probe run into the hole when their
    // home position does not lie cyclically in (hole, cell].
    for (size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
      const Cell& c = cells_[j];
      if (c.id == kNone) break;
      const size_t home = c.hash & mask_;
      const bool stays = (i <= j) ? (i < home && home <= j) : (i < home || home <= j);
      if (stays) continue;
      cells_[i] = c;
      i = j;
    }
    cells_[i] = Cell{};
    --size_;
  }

  size_t size() const { return size_; }

 private:
  struct Cell {
    uint64_t hash = 0;
    uint32_t id = kNone;
  };

  void grow() {
    std::vector<Cell> old = std::move(cells_);
    cells_.assign(old.empty() ? 16 : 2 * old.size(), Cell{});
    mask_ = cells_.size() - 1;
    for (const Cell& c : old) {
      if (c.id == kNone) continue;
      size_t i = c.hash & mask_;
      while (cells_[i].id != kNone) i = (i + 1) & mask_;
      cells_[i] = c;
    }
  }

  std::vector<Cell> cells_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace rill::detail
