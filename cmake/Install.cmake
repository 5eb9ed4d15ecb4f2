# Installing rill and packaging it (README: "Using rill from your own project").
#   cmake --install build --prefix P   headers in P/include/rill/ (the layered tree), static
#                                      libraries, the CMake package P/lib/cmake/rill/ and
#                                      P/lib/pkgconfig/rill.pc, and the `rill` CLI in P/bin/
#   cd build && cpack -G DEB           rill_VERSION_ARCH.deb (component runtime: the CLI) and
#                                      rill-dev_VERSION_ARCH.deb (component dev: the rest)
# A project then needs only find_package(rill REQUIRED) and rill::rill (or `pkg-config rill`);
# the dependencies (CAF, cereal, spdlog, OpenSSL, zlib, ...) come transitively.
include(CMakePackageConfigHelpers)

# The libraries a program built on rill links, bottom up; installed as rill::<EXPORT_NAME>.
set(RILL_INSTALLED_LIBRARIES
  rill_windowing rill_exec_prebuilt rill_graph rill_options rill_exec rill_io_text rill_io rill_io_formats
  rill_nexmark rill_ops rill_actors rill_cli)
foreach(lib IN LISTS RILL_INSTALLED_LIBRARIES)
  string(REGEX REPLACE "^rill_" "" name ${lib})
  # The layers put the source root on their include path (`PUBLIC ${PROJECT_SOURCE_DIR}`): that
  # holds in the build tree only (the installed path is set by install() below).
  get_target_property(dirs ${lib} INTERFACE_INCLUDE_DIRECTORIES)
  set(build_dirs)
  foreach(d IN LISTS dirs)
    cmake_path(IS_PREFIX PROJECT_SOURCE_DIR "${d}" in_source)
    cmake_path(IS_PREFIX PROJECT_BINARY_DIR "${d}" in_build)
    if(in_source OR in_build)
      set(d "$<BUILD_INTERFACE:${d}>")
    endif()
    list(APPEND build_dirs "${d}")
  endforeach()
  set(dirs "${build_dirs}")
  set_target_properties(${lib} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${dirs}")
  set_target_properties(${lib} PROPERTIES EXPORT_NAME ${name})
  get_target_property(features ${lib} INTERFACE_COMPILE_FEATURES)
  if(NOT "cxx_std_20" IN_LIST features)
    target_compile_features(${lib} PUBLIC cxx_std_20)
  endif()
  if(NOT TARGET rill::${name})
    add_library(rill::${name} ALIAS ${lib})
  endif()
endforeach()

# rill::rill: everything needed to build and run a pipeline (<rill/rill.hpp>): the model, the
# engine, the connectors, the runner (Pipeline::run is defined in actors/), the options parser
# and cli_main for a program's own templates.
add_library(rill_rill INTERFACE)
set_target_properties(rill_rill PROPERTIES EXPORT_NAME rill)
target_link_libraries(rill_rill INTERFACE rill_actors rill_io rill_io_formats rill_cli)
add_library(rill::rill ALIAS rill_rill)

# The layered header tree goes to include/rill/. Both include/ (for <rill/graph/pipeline.hpp>)
# and include/rill/ (for the headers' own "graph/pipeline.hpp") are on the installed targets'
# include path.
install(FILES rill.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rill COMPONENT dev)
install(DIRECTORY windowing graph options exec io ops actors cli
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rill COMPONENT dev
        FILES_MATCHING PATTERN "*.hpp"
        PATTERN "builtin_templates.hpp" EXCLUDE)  # the `rill` executable's, not rill_cli's
install(TARGETS ${RILL_INSTALLED_LIBRARIES} rill_rill EXPORT rillTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} ${CMAKE_INSTALL_INCLUDEDIR}/rill)
install(TARGETS rill RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)

# What the installed libraries link, each mapped to how rillConfig.cmake finds it, its
# pkg-config module (or flags) for rill.pc, and its Debian -dev package for rill-dev. A
# dependency added to an installed library must be added here: configuring fails otherwise.
set(rill_dep_targets)
foreach(lib IN LISTS RILL_INSTALLED_LIBRARIES)
  get_target_property(links ${lib} INTERFACE_LINK_LIBRARIES)
  foreach(l IN LISTS links)
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" l "${l}")
    if(l AND NOT l IN_LIST RILL_INSTALLED_LIBRARIES)
      list(APPEND rill_dep_targets ${l})
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES rill_dep_targets)

set(RILL_CONFIG_FIND_DEPENDENCIES "")
set(RILL_PC_REQUIRES "")
set(RILL_PC_LIBS "")
set(RILL_PC_CFLAGS "")
set(RILL_DEB_DEPENDS "")
function(rill_dep find pc deb)
  set(RILL_CONFIG_FIND_DEPENDENCIES "${RILL_CONFIG_FIND_DEPENDENCIES}${find}\n" PARENT_SCOPE)
  if(NOT "${pc}" STREQUAL "")
    set(RILL_PC_REQUIRES ${RILL_PC_REQUIRES} ${pc} PARENT_SCOPE)
  endif()
  if(NOT "${deb}" STREQUAL "")
    set(RILL_DEB_DEPENDS ${RILL_DEB_DEPENDS} "${deb}" PARENT_SCOPE)
  endif()
endfunction()
set(rill_deps_done)
foreach(t IN LISTS rill_dep_targets)
  if(t MATCHES "^caf::")
    set(key caf)
  elseif(t MATCHES "^OpenSSL::")
    set(key openssl)
  else()
    set(key ${t})
  endif()
  if(key IN_LIST rill_deps_done)
    continue()
  endif()
  list(APPEND rill_deps_done ${key})
  if(key STREQUAL "Threads::Threads")
    rill_dep("find_dependency(Threads)" "" "")
  elseif(key STREQUAL "ZLIB::ZLIB")
    rill_dep("find_dependency(ZLIB)" zlib zlib1g-dev)
  elseif(key STREQUAL "openssl")
    rill_dep("find_dependency(OpenSSL)" openssl libssl-dev)
  elseif(key STREQUAL "cereal::cereal")
    rill_dep("find_dependency(cereal)" "" libcereal-dev)  # header-only, no .pc in Debian
  elseif(key STREQUAL "spdlog::spdlog")
    rill_dep("find_dependency(spdlog)" spdlog libspdlog-dev)
  elseif(key STREQUAL "nlohmann_json::nlohmann_json")
    rill_dep("find_dependency(nlohmann_json)" nlohmann_json nlohmann-json3-dev)
  elseif(key STREQUAL "yaml-cpp")
    rill_dep("find_dependency(yaml-cpp)" yaml-cpp libyaml-cpp-dev)
  elseif(key STREQUAL "PkgConfig::HTTPLIB")
    rill_dep("find_dependency(PkgConfig)\nif(NOT TARGET PkgConfig::HTTPLIB)\n  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)\nendif()"
             cpp-httplib "libcpp-httplib-dev, pkgconf | pkg-config")
  elseif(key STREQUAL "PkgConfig::RE2")
    rill_dep("find_dependency(PkgConfig)\nif(NOT TARGET PkgConfig::RE2)\n  pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)\nendif()"
             re2 libre2-dev)
  elseif(key STREQUAL "caf")
    # No CMake config and no .pc: rillCAF.cmake makes the targets, rill.pc names the libraries.
    rill_dep("include(\"\${CMAKE_CURRENT_LIST_DIR}/rillCAF.cmake\")" "" libcaf-dev)
    get_filename_component(caf_libdir "${CAF_core_LIBRARY}" DIRECTORY)
    if(NOT caf_libdir IN_LIST CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES)
      string(APPEND RILL_PC_LIBS " -L${caf_libdir}")
    endif()
    string(APPEND RILL_PC_LIBS " -lcaf_openssl -lcaf_io -lcaf_core")
    if(NOT CAF_INCLUDE_DIR IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
      string(APPEND RILL_PC_CFLAGS " -I${CAF_INCLUDE_DIR}")
    endif()
  else()
    message(FATAL_ERROR "an installed rill library links ${t}, which cmake/Install.cmake does "
                        "not know how to find in rillConfig.cmake, rill.pc and rill-dev: add it")
  endif()
endforeach()
# Threads last on the link line (CAF needs it too).
string(APPEND RILL_PC_LIBS " -pthread")
list(JOIN RILL_PC_REQUIRES " " RILL_PC_REQUIRES)
list(JOIN RILL_DEB_DEPENDS ", " RILL_DEB_DEPENDS)

# The libraries for rill.pc, each after the ones it uses (static linking).
set(RILL_PC_RILL_LIBS "")
foreach(lib IN LISTS RILL_INSTALLED_LIBRARIES)
  if(NOT lib STREQUAL "rill_nexmark")  # not part of rill::rill
    string(PREPEND RILL_PC_RILL_LIBS " -l${lib}")
  endif()
endforeach()
string(STRIP "${RILL_PC_RILL_LIBS}" RILL_PC_RILL_LIBS)

set(RILL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rill)
configure_package_config_file(cmake/rillConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/rillConfig.cmake INSTALL_DESTINATION ${RILL_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/rillConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(EXPORT rillTargets NAMESPACE rill:: DESTINATION ${RILL_CMAKE_DIR} COMPONENT dev)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/rillConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/rillConfigVersion.cmake cmake/rillCAF.cmake
        DESTINATION ${RILL_CMAKE_DIR} COMPONENT dev)

# rill.pc names the install prefix, which is known only when installing (cmake --install
# --prefix, or /usr under cpack): the template is completed then.
set(RILL_PC_PREFIX "@RILL_PC_PREFIX@")
configure_file(cmake/rill.pc.in ${CMAKE_CURRENT_BINARY_DIR}/rill.pc.in @ONLY)
install(CODE "
  set(RILL_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(pc \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig/rill.pc\")
  message(STATUS \"Installing: \${pc}\")
  configure_file(\"${CMAKE_CURRENT_BINARY_DIR}/rill.pc.in\" \"\${pc}\" @ONLY)
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${pc}\")" COMPONENT dev)

# Debian packages: rill (the CLI) and rill-dev (headers, static libraries, CMake and pkg-config
# files, and the -dev packages of the dependencies).
set(CPACK_PACKAGE_NAME rill)
set(CPACK_PACKAGE_VENDOR "rill")
set(CPACK_PACKAGE_CONTACT "rill developers <rill@localhost>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://localhost/rill")
set(CPACK_GENERATOR DEB)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME rill)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
# A description's first line is the package's synopsis.
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "rill, a runtime for the Apache Beam model on CAF: the command line
The rill command runs rill's pipeline templates, locally or on a cluster.")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME rill-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "${RILL_DEB_DEPENDS}")
set(CPACK_DEBIAN_DEV_DESCRIPTION "rill, a runtime for the Apache Beam model on CAF: development files
Headers (<rill/rill.hpp>), static libraries, a CMake package (find_package(rill), rill::rill) and rill.pc.")
include(CPack)
