#pragma once
// SmallVector<T, N>: a vector that keeps up to N elements inline and only allocates beyond that.
// Restricted to trivially copyable T (windows, timestamps, trigger state words), which keeps it
// short: elements are copied with memcpy and never need destructors.
#include <algorithm>
#include <cstddef>
#include <cstdint>
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
      release();
      steal(std::move(o));
    }
    return *this;
  }
  ~SmallVector() { release(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return capacity_; }
  // True while the elements live in the inline buffer (no heap allocation so far).
  bool is_inline() const { return capacity_ == N; }  // a heap buffer is always larger

  T* data() { return is_inline() ? u_.inline_ : u_.heap_; }
  const T* data() const { return is_inline() ? u_.inline_ : u_.heap_; }
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
    if (size_ == capacity_) grow(2 * static_cast<size_t>(capacity_));
    data()[size_++] = v;
  }
  void pop_back() { --size_; }
  void assign(size_t n, const T& v) {
    size_ = 0;
    reserve(n);
    for (size_t i = 0; i < n; ++i) data()[i] = v;
    size_ = static_cast<uint32_t>(n);
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
  // Elements live inline while capacity_ == N, else in heap_ (the union keeps the object at
  // N elements plus 8 bytes of counts: 32 bytes for three 64-bit words).
  void grow(size_t cap) {  // cap > capacity_ >= size_
    T* fresh = std::allocator<T>{}.allocate(cap);
    const size_t n = std::min<size_t>(size_, cap);  // == size_; tells GCC the copy fits
    if (n > 0) std::memcpy(static_cast<void*>(fresh), data(), n * sizeof(T));
    release();
    u_.heap_ = fresh;
    capacity_ = static_cast<uint32_t>(cap);
  }
  void release() {
    if (!is_inline()) std::allocator<T>{}.deallocate(u_.heap_, capacity_);
    capacity_ = N;
  }
  void copy_from(const SmallVector& o) {
    reserve(o.size_);
    if (o.size_ > 0) std::memcpy(static_cast<void*>(data()), o.data(), o.size_ * sizeof(T));
    size_ = o.size_;
  }
  // Requires this to be inline (released).
  void steal(SmallVector&& o) {
    if (!o.is_inline()) {
      u_.heap_ = o.u_.heap_;
      capacity_ = o.capacity_;
    } else if (o.size_ > 0) {
      std::memcpy(static_cast<void*>(u_.inline_), o.u_.inline_, o.size_ * sizeof(T));
    }
    size_ = o.size_;
    o.size_ = 0;
    o.capacity_ = N;
  }

  // T may have default member initializers (Window): the union gets its own constructor.
  union Storage {
    Storage() {}
    T inline_[N];
    T* heap_;
  } u_;
  uint32_t size_ = 0;
  uint32_t capacity_ = N;
};

}  // namespace rill
