# Renders every man/man8/*.8 with all groff warnings enabled; any warning fails.
file(GLOB pages ${MAN_DIR}/*.8)
if(NOT pages)
  message(FATAL_ERROR "no man pages in ${MAN_DIR}")
endif()
foreach(page ${pages})
  execute_process(COMMAND groff -man -Tutf8 -ww -z ${page}
    RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
    message(FATAL_ERROR "${page}: groff warnings:\n${err}")
  endif()
  message(STATUS "${page}: clean")
endforeach()
