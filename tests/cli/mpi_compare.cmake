# Runs one command on a single process and under `MPIEXEC -n 2`, and requires byte-identical output files.
# cmake -DJEVONS=... -DMPIEXEC=... -DWORK=dir -DARGS="sweep;FILE" -P mpi_compare.cmake
# (the command's own --out FILE is appended). OpenMPI refuses root and more ranks than cores unless told;
# CI runs as root on a 2-core machine, so those flags are added where the launcher is OpenMPI.
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${MPIEXEC} --version OUTPUT_VARIABLE version ERROR_VARIABLE version)
set(flags)
if(version MATCHES "Open MPI|OpenRTE")
  set(flags --allow-run-as-root --oversubscribe)
endif()
execute_process(COMMAND ${JEVONS} ${ARGS} --out ${WORK}/single.out RESULT_VARIABLE single_rc)
if(NOT single_rc EQUAL 0)
  message(FATAL_ERROR "single process: exit ${single_rc}")
endif()
execute_process(COMMAND ${MPIEXEC} ${flags} -n 2 ${JEVONS} ${ARGS} --out ${WORK}/mpi.out RESULT_VARIABLE mpi_rc)
if(NOT mpi_rc EQUAL 0)
  message(FATAL_ERROR "${MPIEXEC} -n 2: exit ${mpi_rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/single.out ${WORK}/mpi.out RESULT_VARIABLE differ)
if(NOT differ EQUAL 0)
  message(FATAL_ERROR "the outputs of 1 and 2 ranks differ: ${WORK}/single.out ${WORK}/mpi.out")
endif()
message(STATUS "1 and 2 ranks: identical (${WORK}/single.out)")
