# treatykg_add_test(NAME name SOURCES a.cpp... LIBS treatykg::x... LABELS unit [ARGS ...])
# One GoogleTest binary per call, registered as one ctest test with the given labels.
find_package(GTest REQUIRED)

function(treatykg_add_test)
  cmake_parse_arguments(T "OWN_MAIN" "NAME" "SOURCES;LIBS;LABELS;ARGS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest $<IF:$<BOOL:${T_OWN_MAIN}>,,GTest::gtest_main>)
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  target_compile_definitions(${T_NAME} PRIVATE
    TREATYKG_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    TREATYKG_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests")
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} ${T_ARGS})
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
endfunction()
