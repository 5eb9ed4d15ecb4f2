# Every dependency comes from Debian's packages (see scripts/setup.sh).
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED)

# CAF 0.17.6 ships neither a CMake config nor a pkg-config file: see rillCAF.cmake.
include(${CMAKE_CURRENT_LIST_DIR}/rillCAF.cmake)

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
