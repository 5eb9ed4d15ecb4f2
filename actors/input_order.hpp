#pragma once
// InputOrder: the order in which a partition processes what arrived on its input channels.
// Plain C++ (the payload is the actor's), so the rule is tested without actors.
//
// Within a channel, order is kept: its batches, watermarks and end-of-stream are handled as
// they were sent. Across channels, the batch taken next is the one whose channel is furthest
// behind in event time (lowest applied watermark; ties by arrival): a k-way merge. Why:
// parallel upstream partitions (a source's readers) reach a partition interleaved as the
// scheduler ran them, one reader often seconds of event time ahead of another. Processed in
// arrival order, that drift shows downstream as disorder: with two readers 10 s apart, one
// element in three landed before its key's newest session and cost a search and a merge.
//
// Waiting rule: a batch waits while another open channel is behind its channel and has
// nothing pending (that channel's next batch is probably earlier). A channel that runs ahead
// is thus slowed by its own credits: its batches stay here and their credit is not returned
// until the others catch up, which bounds how far ahead (in batches) one sender can get.
// Why it cannot deadlock: the sender furthest behind is never held (a batch waits only for a
// channel behind it), and its watermarks reach every receiver behind its data, so the
// channels it holds others for move on. A channel that delivers nothing at all (an idle
// reader) would hold the others forever: the partition marks the channels it waits for
// quiet when nothing moved for a while (mark_waited_quiet), and a quiet channel is not
// waited for until it delivers again (Flink's idle inputs).
//
// Checkpoint barriers (aligned, as Flink's): a channel whose next item is a barrier is held
// (nothing behind the barrier is taken) until every open channel has its barrier next or has
// ended; next() then says kAligned, and take_barrier() removes the barriers and returns the
// checkpoint's id. The partition snapshots at that point: all it took came before the
// barrier on every channel, nothing after it. A held channel's batches keep their credit, so
// its sender slows down; the others flow on, and their barriers come behind their data. An
// ended channel counts as aligned (its sender finished before the checkpoint).
//
// Bound: batches are bounded by the senders' credits; consecutive watermarks of a channel
// are collapsed into one, so markers are at most two per pending batch plus two (plus one
// barrier per checkpoint in flight).
#include <algorithm>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "windowing/timestamp.hpp"

namespace rill {

template <class Payload>
class InputOrder {
 public:
  enum class Kind : uint8_t { kBatch, kWatermark, kEnd, kBarrier };
  struct Item {
    Kind kind = Kind::kBatch;
    Timestamp wm = kMinTimestamp;  // kWatermark
    Payload payload{};             // kBatch
    uint64_t seq = 0;              // arrival order
    uint64_t barrier = 0;          // kBarrier: the checkpoint's id
  };
  // next() when every open channel has a barrier next: call take_barrier().
  static constexpr int kAligned = -2;

  // `open[c]`: channel c can deliver anything (inactive channels never do).
  explicit InputOrder(const std::vector<bool>& open) : channels_(open.size()) {
    for (size_t c = 0; c < open.size(); ++c) channels_[c].ended = !open[c];
  }

  void push_batch(uint32_t c, Payload p) {
    channels_.at(c).quiet = false;
    channels_[c].items.push_back(Item{Kind::kBatch, kMinTimestamp, std::move(p), seq_++});
    ++batches_;
  }
  void push_watermark(uint32_t c, Timestamp wm) {
    if (wm > channels_.at(c).pos) channels_[c].quiet = false;  // it moves again
    auto& items = channels_[c].items;
    if (!items.empty() && items.back().kind == Kind::kWatermark) {
      items.back().wm = std::max(items.back().wm, wm);
      return;
    }
    items.push_back(Item{Kind::kWatermark, wm, Payload{}, seq_++});
  }
  void push_end(uint32_t c) { channels_.at(c).items.push_back(Item{Kind::kEnd, {}, {}, seq_++}); }
  void push_barrier(uint32_t c, uint64_t id) {
    channels_.at(c).items.push_back(Item{Kind::kBarrier, {}, {}, seq_++, id});
  }

  // The channel whose head goes next, kAligned when a checkpoint's barriers are aligned, or
  // -1 for none (nothing pending, or waiting).
  int next() const {
    const int c = head();
    if (c < 0) return aligned() ? kAligned : -1;
    if (channels_[static_cast<size_t>(c)].items.front().kind != Kind::kBatch) return c;
    return blocked(channels_[static_cast<size_t>(c)].pos) ? -1 : c;
  }

  // After next() == kAligned: removes the barrier at the head of every channel that has one
  // and returns its checkpoint id.
  uint64_t take_barrier() {
    uint64_t id = 0;
    for (Channel& ch : channels_)
      if (!ch.items.empty() && ch.items.front().kind == Kind::kBarrier) {
        id = ch.items.front().barrier;
        ch.items.pop_front();
      }
    return id;
  }

  // Pending batches that wait for a channel behind them (next() is -1).
  bool waiting() const { return batches_ > 0 && next() < 0; }

  // Marks the channels that the next batch waits for as quiet; returns how many.
  size_t mark_waited_quiet() {
    const int c = head();
    if (c < 0) return 0;
    const Timestamp pos = channels_[static_cast<size_t>(c)].pos;
    size_t n = 0;
    for (Channel& ch : channels_)
      if (waited_for(ch, pos)) {
        ch.quiet = true;
        ++n;
      }
    return n;
  }

  // Removes and returns the head of channel c, applying a marker to c's position.
  Item pop(uint32_t c) {
    Channel& ch = channels_.at(c);
    Item it = std::move(ch.items.front());
    ch.items.pop_front();
    if (it.kind == Kind::kBatch) --batches_;
    if (it.kind == Kind::kWatermark) ch.pos = std::max(ch.pos, it.wm);
    if (it.kind == Kind::kEnd) {
      ch.ended = true;
      ch.pos = kMaxTimestamp;
    }
    return it;
  }

  size_t pending_batches() const { return batches_; }
  Timestamp pos(uint32_t c) const { return channels_.at(c).pos; }  // its last watermark taken
  size_t pending(uint32_t c) const { return channels_.at(c).items.size(); }
  bool empty() const {
    for (const Channel& ch : channels_)
      if (!ch.items.empty()) return false;
    return true;
  }
  // Drops everything pending (the partition stopped).
  void clear() {
    for (Channel& ch : channels_) ch.items.clear();
    batches_ = 0;
  }

 private:
  struct Channel {
    std::deque<Item> items;
    Timestamp pos = kMinTimestamp;  // the last watermark taken from this channel
    bool ended = false;             // inactive, or its end was taken
    bool quiet = false;             // delivered nothing for a while: not waited for
  };
  // The head taken next unless it must wait: a marker first (markers cost nothing and move
  // their channel's position), else the batch of the channel furthest behind. A channel held
  // at a barrier gives nothing.
  int head() const {
    int best = -1;
    for (size_t c = 0; c < channels_.size(); ++c) {
      const Channel& ch = channels_[c];
      if (ch.items.empty() || ch.items.front().kind == Kind::kBarrier) continue;
      if (ch.items.front().kind != Kind::kBatch) return static_cast<int>(c);
      if (best < 0 || before(ch, channels_[static_cast<size_t>(best)])) best = static_cast<int>(c);
    }
    return best;
  }
  // Some channel holds a barrier, and every other has one next too or has ended.
  bool aligned() const {
    bool any = false;
    for (const Channel& ch : channels_) {
      if (!ch.items.empty() && ch.items.front().kind == Kind::kBarrier) {
        any = true;
        continue;
      }
      if (!ch.ended) return false;
    }
    return any;
  }
  bool blocked(Timestamp pos) const {
    for (const Channel& ch : channels_)
      if (waited_for(ch, pos)) return true;
    return false;
  }
  // A batch of a channel at `pos` waits for ch: open, behind it, nothing pending, not quiet.
  static bool waited_for(const Channel& ch, Timestamp pos) {
    return !ch.ended && !ch.quiet && ch.items.empty() && ch.pos < pos;
  }
  static bool before(const Channel& a, const Channel& b) {
    return a.pos != b.pos ? a.pos < b.pos : a.items.front().seq < b.items.front().seq;
  }

  std::vector<Channel> channels_;
  uint64_t seq_ = 0;
  size_t batches_ = 0;
};

}  // namespace rill
