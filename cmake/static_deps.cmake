# Static linking of small third-party libraries and of the C++ runtime into
# the stepguard binary. Why: a dynamically linked C++ program resolves
# thousands of symbols across shared objects at every start (ld.so's
# relocation and lookup work was ~1 ms of `stepguard exec -- /bin/true`,
# i.e. a quarter of it; bench/sandbox.sh). libc stays shared (NSS, dlopen of
# libcurl/libgit2). Turn off with -DSTEPGUARD_STATIC_DEPS=OFF.
include_guard(GLOBAL)

option(STEPGUARD_STATIC_DEPS
       "Link yaml-cpp, libseccomp and libstdc++/libgcc statically into stepguard" ON)

# sg_static_or(OUT ARCHIVE FALLBACK): the static archive ARCHIVE (e.g.
# libyaml-cpp.a) when STEPGUARD_STATIC_DEPS is on and the system has it,
# else FALLBACK (the shared library's imported target).
function(sg_static_or out archive fallback)
  set(result ${fallback})
  if(STEPGUARD_STATIC_DEPS)
    find_library(sg_archive NAMES ${archive} NO_CACHE)
    if(sg_archive)
      set(result ${sg_archive})
    endif()
  endif()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# sg_static_cxx_runtime(TARGET): libstdc++ and libgcc linked into TARGET.
function(sg_static_cxx_runtime target)
  if(STEPGUARD_STATIC_DEPS AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()
