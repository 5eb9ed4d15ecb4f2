#include "ops/web_ui.hpp"

namespace rill {

namespace {
// web_ui_page.inc is ops/web_ui.html as a raw string literal, written by
// ops/CMakeLists.txt when it configures.
constexpr std::string_view kPage =
#include "web_ui_page.inc"
    ;
}  // namespace

std::string_view web_ui_page() {
  return kPage;
}

}  // namespace rill
