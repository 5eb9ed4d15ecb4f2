# Every dependency comes from Debian's packages (see scripts/setup.sh).
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED)

# CAF 0.17.6 ships neither a CMake config nor a pkg-config file.
find_path(CAF_INCLUDE_DIR caf/all.hpp REQUIRED)
foreach(comp core io openssl)
  find_library(CAF_${comp}_LIBRARY caf_${comp} REQUIRED)
  add_library(caf::${comp} SHARED IMPORTED)
  set_target_properties(caf::${comp} PROPERTIES
    IMPORTED_LOCATION "${CAF_${comp}_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CAF_INCLUDE_DIR}")
endforeach()
set_property(TARGET caf::core PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads)
set_property(TARGET caf::io PROPERTY INTERFACE_LINK_LIBRARIES caf::core)
set_property(TARGET caf::openssl PROPERTY INTERFACE_LINK_LIBRARIES caf::io)

find_package(cereal REQUIRED)
find_package(spdlog REQUIRED)
find_package(doctest REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(yaml-cpp REQUIRED)
# RE2 (no CMake config in Debian 12): the conformance runner's `error:` regexes.
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
# cpp-httplib (the REST API, ops/): Debian builds it as a library with OpenSSL, zlib, brotli.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
