# CAF 0.17.6 ships neither a CMake config nor a pkg-config file: its imported targets
# caf::core, caf::io and caf::openssl, made by hand. Used by the build (Dependencies.cmake) and
# installed beside rillConfig.cmake for projects that use an installed rill. Set CAF_ROOT (or
# CMAKE_PREFIX_PATH) to find a CAF that is not in the system's paths.
if(NOT TARGET caf::core)
  find_package(Threads REQUIRED)
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
endif()
