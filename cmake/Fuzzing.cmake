# The fuzz build (OPENCLAW_FUZZ=ON): a separate build tree compiled with clang (>= 16) in
# which every library of ours is instrumented for libFuzzer and built with AddressSanitizer
# and UndefinedBehaviorSanitizer, so the fuzz targets in tests/fuzz/ exercise the real code.
# scripts/fuzz.sh configures it (build/fuzz) and runs the lane.
#
# Included from the top-level CMakeLists.txt before any target is declared, because the
# flags must reach every library, not only the fuzz executables.

if(NOT OPENCLAW_FUZZ)
  return()
endif()

if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "OPENCLAW_FUZZ needs clang (libFuzzer); configure with "
                      "-DCMAKE_CXX_COMPILER=clang++-16 (scripts/fuzz.sh does)")
endif()
if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
  # clang 14/15 cannot parse libstdc++ 12's <expected>, which every module uses.
  message(FATAL_ERROR "OPENCLAW_FUZZ needs clang 16 or newer (found ${CMAKE_CXX_COMPILER_VERSION})")
endif()

# libstdc++ 12 only declares std::expected when __cpp_concepts >= 202002L (P0848,
# conditionally trivial special members), but clang 16 still reports 201907L although it
# implements what <expected> needs. Without help clang sees no std::expected at all
# ("no template named 'expected' in namespace 'std'"), so when a test compile of <expected>
# fails we redefine the macro; -U first, so redefining a predefined macro draws no
# -Wbuiltin-macro-redefined warning. Checked with clang 16.0.6 and libstdc++ 12.2: the
# whole tree then builds and runs under the sanitizers. A compiler that reports 202002L
# itself passes the test compile and gets no redefinition.
include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_FLAGS "-std=c++2b")
check_cxx_source_compiles("#include <expected>
  int main() { std::expected<int, int> value = 1; return *value - 1; }" OPENCLAW_EXPECTED_COMPILES)
if(NOT OPENCLAW_EXPECTED_COMPILES)
  set(CMAKE_REQUIRED_FLAGS "-std=c++2b -U__cpp_concepts -D__cpp_concepts=202002L")
  check_cxx_source_compiles("#include <expected>
    int main() { std::expected<int, int> value = 1; return *value - 1; }"
    OPENCLAW_EXPECTED_COMPILES_WITH_CONCEPTS_DEFINE)
  if(NOT OPENCLAW_EXPECTED_COMPILES_WITH_CONCEPTS_DEFINE)
    message(FATAL_ERROR "${CMAKE_CXX_COMPILER} cannot compile <expected>, even with "
                        "__cpp_concepts=202002L")
  endif()
  add_compile_options(-U__cpp_concepts -D__cpp_concepts=202002L)
endif()
unset(CMAKE_REQUIRED_FLAGS)

# fuzzer-no-link: coverage instrumentation for libFuzzer on every object; the fuzz
# executables add -fsanitize=fuzzer (libFuzzer's main) in tests/fuzz/CMakeLists.txt.
# -fno-sanitize-recover: an undefined-behaviour report aborts, so libFuzzer records the
# input as a crash instead of printing and carrying on.
# -O1 with line tables: fast enough to fuzz, still symbolized stacks; asserts stay on
# (no NDEBUG), so a failed assert is a finding too.
add_compile_options(
  -fsanitize=fuzzer-no-link,address,undefined
  -fno-sanitize-recover=undefined
  -fno-omit-frame-pointer
  -O1 -gline-tables-only)
add_link_options(-fsanitize=address,undefined)
