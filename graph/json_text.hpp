#pragma once
// JSON text that is valid whatever the bytes: the dead letters' lines and io/formats' JSON.
#include <string>
#include <string_view>

namespace rill {

bool valid_utf8(std::string_view s);

// Appends `s` as a JSON string, escaped as JSON requires; a byte that is not part of valid
// UTF-8 becomes U+FFFD, so the text is valid JSON whatever the bytes.
void append_json_string(std::string& out, std::string_view s);

}  // namespace rill
