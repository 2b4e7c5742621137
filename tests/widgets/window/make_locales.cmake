# Generates the locales the locale tests run under into OUT (glibc reads them through LOCPATH), so that the
# tests need neither root nor a locale generated system-wide. Needs localedef and the locale sources (the
# `locales` package, installed by installer/quickstart.sh test).
find_program(LOCALEDEF localedef REQUIRED)
foreach(name IN ITEMS de_DE fr_FR)
  set(target "${OUT}/${name}.UTF-8")
  if(NOT EXISTS "${target}/LC_NUMERIC")
    file(MAKE_DIRECTORY "${OUT}")
    # localedef exits 1 on mere warnings about the sources; the generated files are what counts.
    execute_process(COMMAND ${LOCALEDEF} -i ${name} -f UTF-8 "${target}" RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT EXISTS "${target}/LC_NUMERIC")
      message(FATAL_ERROR "localedef -i ${name} -f UTF-8 failed (${rc}): ${err}")
    endif()
  endif()
endforeach()
