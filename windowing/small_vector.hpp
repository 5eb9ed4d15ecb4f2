#pragma once
// SmallVector<T, N>: a vector that keeps up to N elements inline and only allocates beyond that.
// Restricted to trivially copyable T (windows, timestamps, trigger state words), which keeps it
// short: elements are copied with memcpy and never need destructors.
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <type_traits>
#include <utility>

namespace rill {

template <class T, size_t N>
class SmallVector {
  static_assert(std::is_trivially_copyable_v<T>, "SmallVector holds trivially copyable types");
  static_assert(N > 0);

 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  SmallVector() = default;
  SmallVector(std::initializer_list<T> init) {
    for (const T& v : init) push_back(v);
  }
  SmallVector(size_t n, const T& v) { assign(n, v); }
  SmallVector(const SmallVector& o) { copy_from(o); }
  SmallVector(SmallVector&& o) noexcept { steal(std::move(o)); }
  SmallVector& operator=(const SmallVector& o) {
    if (this != &o) {
      size_ = 0;
      copy_from(o);
    }
    return *this;
  }
  SmallVector& operator=(SmallVector&& o) noexcept {
    if (this != &o) {
      heap_.reset();
      capacity_ = N;
      steal(std::move(o));
    }
    return *this;
  }
  ~SmallVector() = default;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return capacity_; }
  // True while the elements live in the inline buffer (no heap allocation so far).
  bool is_inline() const { return heap_ == nullptr; }

  T* data() { return heap_ ? heap_.get() : inline_; }
  const T* data() const { return heap_ ? heap_.get() : inline_; }
  T* begin() { return data(); }
  T* end() { return data() + size_; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }
  T& operator[](size_t i) { return data()[i]; }
  const T& operator[](size_t i) const { return data()[i]; }
  T& front() { return data()[0]; }
  T& back() { return data()[size_ - 1]; }
  const T& front() const { return data()[0]; }
  const T& back() const { return data()[size_ - 1]; }

  void clear() { size_ = 0; }
  void push_back(const T& v) {
    if (size_ == capacity_) grow(capacity_ * 2);
    data()[size_++] = v;
  }
  void pop_back() { --size_; }
  void assign(size_t n, const T& v) {
    size_ = 0;
    reserve(n);
    for (size_t i = 0; i < n; ++i) data()[i] = v;
    size_ = n;
  }
  void reserve(size_t n) {
    if (n > capacity_) grow(n);
  }

  friend bool operator==(const SmallVector& a, const SmallVector& b) {
    if (a.size_ != b.size_) return false;
    for (size_t i = 0; i < a.size_; ++i)
      if (!(a[i] == b[i])) return false;
    return true;
  }

 private:
  void grow(size_t cap) {
    auto fresh = std::make_unique_for_overwrite<T[]>(cap);
    if (size_ > 0) std::memcpy(static_cast<void*>(fresh.get()), data(), size_ * sizeof(T));
    heap_ = std::move(fresh);
    capacity_ = cap;
  }
  void copy_from(const SmallVector& o) {
    reserve(o.size_);
    if (o.size_ > 0) std::memcpy(static_cast<void*>(data()), o.data(), o.size_ * sizeof(T));
    size_ = o.size_;
  }
  void steal(SmallVector&& o) {
    if (o.heap_) {
      heap_ = std::move(o.heap_);
      capacity_ = o.capacity_;
    } else if (o.size_ > 0) {
      std::memcpy(static_cast<void*>(inline_), o.inline_, o.size_ * sizeof(T));
    }
    size_ = o.size_;
    o.size_ = 0;
    o.capacity_ = N;
  }

  T inline_[N];
  std::unique_ptr<T[]> heap_;
  size_t size_ = 0;
  size_t capacity_ = N;
};

}  // namespace rill
