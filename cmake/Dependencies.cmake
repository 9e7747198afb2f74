# Every dependency comes from Debian's packages, except prometheus-cpp's core, which
# scripts/install-deps.sh builds statically from Debian's own source package.

list(APPEND CMAKE_PREFIX_PATH /opt/prometheus-cpp-static)

find_package(nlohmann_json 3.11 REQUIRED)

# The static archives serve both kinds of build: a fully static release needs them,
# and the other builds lose nothing by using them.
set(OPENSSL_USE_STATIC_LIBS TRUE)
find_package(OpenSSL 3.0 REQUIRED)

find_package(prometheus-cpp CONFIG REQUIRED)

# Debian's yaml-cpp CMake target points at the shared library; pick the archive by name.
find_library(OPENCLAW_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a REQUIRED)
find_path(OPENCLAW_YAML_CPP_INCLUDE yaml-cpp/yaml.h REQUIRED)
add_library(openclaw::yaml_cpp STATIC IMPORTED)
set_target_properties(openclaw::yaml_cpp PROPERTIES
  IMPORTED_LOCATION ${OPENCLAW_YAML_CPP_ARCHIVE}
  INTERFACE_INCLUDE_DIRECTORIES ${OPENCLAW_YAML_CPP_INCLUDE})


# Asio and Beast are header-only.
find_package(Boost 1.81 EXACT REQUIRED)

set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)
