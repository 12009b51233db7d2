# The multi-call binary build/bin/corescope: every tool's objects (<tool>_obj,
# from add_bpf_tool) and one main() that picks the tool by argv.  It is what
# `make install` and the packages install, with a link per tool and alias,
# the bash completion it writes of itself, and the man pages.
set(mc_objects "")
foreach(t ${CORESCOPE_TOOL_TARGETS})
  list(APPEND mc_objects $<TARGET_OBJECTS:${t}_obj>)
endforeach()
add_executable(corescope ${PROJECT_SOURCE_DIR}/tools/main/corescope.cpp ${mc_objects})
target_link_libraries(corescope PRIVATE corescope_common)

set(CORESCOPE_COMPLETION ${CMAKE_BINARY_DIR}/completion/corescope CACHE INTERNAL
  "bash completion of corescope and every tool")
add_custom_command(OUTPUT ${CORESCOPE_COMPLETION}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/completion
  COMMAND $<TARGET_FILE:corescope> --bash-completion > ${CORESCOPE_COMPLETION}
  DEPENDS corescope
  COMMENT "bash completion"
  VERBATIM)
add_custom_target(corescope_completion ALL DEPENDS ${CORESCOPE_COMPLETION})

include(GNUInstallDirs)
set(completions ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(TARGETS corescope RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})
install(FILES ${CORESCOPE_COMPLETION} DESTINATION ${completions})
file(GLOB man_pages ${PROJECT_SOURCE_DIR}/man/man8/*.8)
install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
# bash-completion loads completions/<command> when <command> is first completed.
foreach(name ${CORESCOPE_TOOLS})
  foreach(dir ${CMAKE_INSTALL_SBINDIR} ${completions})
    install(CODE "file(CREATE_LINK corescope \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${dir}/${name}\" SYMBOLIC)")
  endforeach()
endforeach()
