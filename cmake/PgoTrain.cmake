# The training run of profile-guided optimisation (cmake/Pgo.cmake), as `cmake -P`: the instrumented
# treatykg on what it is built for. A corpus from bench/extract's generator over the bundled samples
# (a seed of its own, not the benchmark's), exported as N-Triples with one and two threads and
# extracted; the samples exported in every format.
foreach(var TREATYKG CORPUS_GEN SOURCE_DIR PROFILE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "PgoTrain.cmake: -D${var}=... is required")
  endif()
endforeach()

file(MAKE_DIRECTORY ${WORK_DIR})
set(corpus ${WORK_DIR}/train.jsonl)
# Only treatykg's runs count: the generator's (it links the text library) is dropped, and so is the
# last training's profile, which libgcov would otherwise merge into (or complain of, if the sources
# changed).
file(REMOVE_RECURSE ${PROFILE_DIR})
execute_process(COMMAND ${CORPUS_GEN} --samples ${SOURCE_DIR}/samples/articles --mb 4 --seed 7
                OUTPUT_FILE ${corpus} COMMAND_ERROR_IS_FATAL ANY)
file(REMOVE_RECURSE ${PROFILE_DIR})
file(MAKE_DIRECTORY ${PROFILE_DIR})

function(train)
  execute_process(COMMAND ${TREATYKG} ${ARGN} WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    string(REPLACE ";" " " shown "${ARGN}")
    message(FATAL_ERROR "PGO training run failed (exit ${status}): treatykg ${shown}\n"
                        "Build with -DTREATYKG_PGO=OFF (or a Debug build) to debug it.")
  endif()
endfunction()
train(export --no-progress -q -f ntriples --threads 2 ${corpus} -o ${WORK_DIR}/out.nt)
train(export --no-progress -q -f ntriples --threads 1 ${corpus} -o ${WORK_DIR}/out.nt)
train(extract --no-progress -q --threads 2 ${corpus} -o ${WORK_DIR}/out.jsonl)
train(export --no-progress -q samples/articles -o ${WORK_DIR}/out.ttl)
train(export --no-progress -q -f trig samples/articles -o ${WORK_DIR}/out.trig)
train(export --no-progress -q -f nquads samples/articles -o ${WORK_DIR}/out.nq)
file(REMOVE ${WORK_DIR}/out.nt ${WORK_DIR}/out.jsonl ${WORK_DIR}/out.ttl ${WORK_DIR}/out.trig ${WORK_DIR}/out.nq)
