# CS_FUZZ_CXX: a clang++ that links a libFuzzer target with ASan and UBSan,
# or "" when this machine has none (the fuzz tests are then left out).  The
# probe compiles and links a one-line target; a success is cached.
if(NOT CS_FUZZ_CXX)
  find_program(CS_FUZZ_CLANG NAMES clang++-14 clang++)
  set(found "")
  if(CS_FUZZ_CLANG)
    set(dir ${CMAKE_BINARY_DIR}/CMakeFiles/fuzz_probe)
    file(WRITE ${dir}/probe.cpp
      "#include <cstddef>\n#include <cstdint>\n"
      "extern \"C\" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n")
    execute_process(
      COMMAND ${CS_FUZZ_CLANG} -fsanitize=fuzzer,address,undefined ${dir}/probe.cpp -o ${dir}/probe
      RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(rc EQUAL 0)
      set(found ${CS_FUZZ_CLANG})
    endif()
  endif()
  if(found)
    set(CS_FUZZ_CXX ${found} CACHE FILEPATH "clang++ for the libFuzzer targets" FORCE)
  else()
    message(STATUS "fuzz tests left out: no clang++ that links -fsanitize=fuzzer")
  endif()
endif()
