# The dataset library (jevons/dataset.h): topic schemas, the validating CSV loader, import merging and the
# price trend fit. Plain C++20 with no Qt and no engine dependency, so the dashboard, the tests and a
# libFuzzer target can link it on its own. Included from compute/CMakeLists.txt.
add_library(jevons_dataset STATIC
  ${CMAKE_CURRENT_LIST_DIR}/src/dataset.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dataset_topics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dataset_fit.cpp)
target_include_directories(jevons_dataset PUBLIC ${CMAKE_CURRENT_LIST_DIR}/include)
target_compile_features(jevons_dataset PUBLIC cxx_std_20)
target_compile_options(jevons_dataset PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
set_target_properties(jevons_dataset PROPERTIES POSITION_INDEPENDENT_CODE ON)
