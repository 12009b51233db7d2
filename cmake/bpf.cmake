# add_bpf_tool(<tool> [ALIASES name...])
#
# Builds bpf/<tool>.bpf.c into a stripped BPF object (clang, then
# `bpftool gen object`, which drops DWARF), generates <tool>.skel.h from it and
# compiles tools/<tool>.cpp once against the skeleton (<tool>_obj), which
# both build/bin/<tool> and the multi-call binary (multicall.cmake) link.
# ALIASES link the same binary under further names (the frontend looks at argv[0]).

find_program(CLANG NAMES clang-14 clang REQUIRED)
find_program(BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin REQUIRED)

set(BPF_INCLUDE_DIRS
  ${PROJECT_SOURCE_DIR}/vmlinux/x86
  ${PROJECT_SOURCE_DIR}/bpf/include
  ${PROJECT_SOURCE_DIR}/bpf)
set(BPF_CFLAGS -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Wno-unused-function)
file(GLOB BPF_COMMON_HEADERS CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/bpf/include/*.h ${PROJECT_SOURCE_DIR}/vmlinux/x86/vmlinux.h)
set(SKEL_DIR ${CMAKE_BINARY_DIR}/skel)
set(CORESCOPE_TOOLS "" CACHE INTERNAL "all tool names, aliases included")
set(CORESCOPE_TOOL_TARGETS "" CACHE INTERNAL "all tool targets")

# main() of every one-tool binary, compiled once.
add_library(cs_single_main OBJECT ${PROJECT_SOURCE_DIR}/tools/main/single.cpp)
target_link_libraries(cs_single_main PRIVATE corescope_common)

# The definition of done, at the place a tool is registered: its man page,
# its live test and its README row (CONTRIBUTING.md, "Adding a tool").
function(_cs_require_tool_parts name)
  foreach(part man/man8/${name}.8 tests/live/test_${name}.cpp)
    if(NOT EXISTS ${PROJECT_SOURCE_DIR}/${part})
      message(FATAL_ERROR "add_bpf_tool(${name}): ${part} is missing (CONTRIBUTING.md: adding a tool)")
    endif()
  endforeach()
  file(STRINGS ${PROJECT_SOURCE_DIR}/README.md row REGEX "^\\| ([a-z0-9, ]*[ ,])?${name}([ ,][a-z0-9, ]*)? \\|")
  if(NOT row)
    message(FATAL_ERROR "add_bpf_tool(${name}): README.md has no row for it in the tools table")
  endif()
endfunction()

# cs_bpf_skeleton(<name> <src.bpf.c> [deps...]): <SKEL_DIR>/<name>.skel.h
# (skeleton type <name>_bpf) from one BPF source, in the variable <name>_SKEL.
function(cs_bpf_skeleton name src)
  set(tmp_obj ${SKEL_DIR}/${name}.tmp.bpf.o)
  set(obj ${SKEL_DIR}/${name}.bpf.o)
  set(skel ${SKEL_DIR}/${name}.skel.h)
  set(incs "")
  foreach(d ${BPF_INCLUDE_DIRS})
    list(APPEND incs -I${d})
  endforeach()
  add_custom_command(
    OUTPUT ${skel} ${obj}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${SKEL_DIR}
    COMMAND ${CLANG} ${BPF_CFLAGS} ${incs} -c ${src} -o ${tmp_obj}
    COMMAND ${BPFTOOL} gen object ${obj} ${tmp_obj}
    COMMAND ${BPFTOOL} gen skeleton ${obj} name ${name}_bpf > ${skel}
    DEPENDS ${src} ${BPF_COMMON_HEADERS} ${ARGN}
    COMMENT "BPF ${name}"
    VERBATIM)
  set(${name}_SKEL ${skel} PARENT_SCOPE)
endfunction()

function(add_bpf_tool tool)
  cmake_parse_arguments(T "" "" "ALIASES" ${ARGN})
  foreach(name ${tool} ${T_ALIASES})
    _cs_require_tool_parts(${name})
  endforeach()
  cs_bpf_skeleton(${tool} ${PROJECT_SOURCE_DIR}/bpf/${tool}.bpf.c ${PROJECT_SOURCE_DIR}/bpf/${tool}.h)
  set(skel ${${tool}_SKEL})
  add_custom_target(${tool}_skel DEPENDS ${skel})

  # CS_TOOL_MAIN registers the body under these names (tool_registry.h).
  add_library(${tool}_obj OBJECT ${PROJECT_SOURCE_DIR}/tools/${tool}.cpp ${skel})
  target_include_directories(${tool}_obj PRIVATE ${SKEL_DIR} ${PROJECT_SOURCE_DIR}/bpf)
  target_link_libraries(${tool}_obj PRIVATE corescope_common)
  string(REPLACE ";" "," aliases "${T_ALIASES}")
  target_compile_definitions(${tool}_obj PRIVATE CS_TOOL_NAME="${tool}" CS_TOOL_ALIASES="${aliases}")

  add_executable(${tool} $<TARGET_OBJECTS:${tool}_obj> $<TARGET_OBJECTS:cs_single_main>)
  target_link_libraries(${tool} PRIVATE corescope_common)
  foreach(alias ${T_ALIASES})
    add_custom_command(TARGET ${tool} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -E create_symlink ${tool} ${CMAKE_BINARY_DIR}/bin/${alias})
  endforeach()
  set(CORESCOPE_TOOLS ${CORESCOPE_TOOLS} ${tool} ${T_ALIASES} CACHE INTERNAL "")
  set(CORESCOPE_TOOL_TARGETS ${CORESCOPE_TOOL_TARGETS} ${tool} CACHE INTERNAL "")
endfunction()
