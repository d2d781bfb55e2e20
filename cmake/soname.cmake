# sg_soname(OUT LIBRARY_FILE): the SONAME recorded in a shared library (e.g.
# libgit2.so.1.5). Modules that load a library with dlopen ask for the SONAME,
# which the runtime package ships; the unversioned .so symlink exists only
# with the -dev package.
include_guard(GLOBAL)

function(sg_soname out lib)
  get_filename_component(real "${lib}" REALPATH)
  execute_process(COMMAND ${CMAKE_OBJDUMP} -p "${real}"
                  OUTPUT_VARIABLE dump ERROR_QUIET)
  string(REGEX MATCH "SONAME[ \t]+([^ \t\r\n]+)" unused "${dump}")
  if(NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "sg_soname: no SONAME found in ${real} (objdump: '${CMAKE_OBJDUMP}')")
  endif()
  set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()
