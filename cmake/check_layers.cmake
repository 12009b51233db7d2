# Fails configuration when a file of a common/ layer includes a header of a
# layer it does not depend on (cs_layer(... DEPS ...) in common/CMakeLists.txt).
# Linking catches calls up the stack; this catches header-only ones.
foreach(layer ${CORESCOPE_LAYERS})
  set(allowed ${layer} ${CS_LAYER_DEPS_${layer}})
  file(GLOB files ${PROJECT_SOURCE_DIR}/common/${layer}/*.h ${PROJECT_SOURCE_DIR}/common/${layer}/*.cpp)
  foreach(f ${files})
    file(STRINGS ${f} incs REGEX "^#include \"common/[a-z_]+/")
    foreach(inc ${incs})
      string(REGEX REPLACE "^#include \"common/([a-z_]+)/.*" "\\1" used "${inc}")
      if(NOT used IN_LIST allowed)
        file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${f})
        message(FATAL_ERROR "${rel}: layer '${layer}' may not include common/${used}/ "
          "(it depends on: ${CS_LAYER_DEPS_${layer}}); see common/CMakeLists.txt")
      endif()
    endforeach()
  endforeach()
endforeach()
