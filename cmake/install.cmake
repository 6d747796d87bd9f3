# `cmake --install`: the CLI and its LibTorch plugin, the C++ libraries with their headers under
# include/imcnas/, exported CMake targets (find_package(imcnas)), a pkg-config file, and the
# Python module. Included from the top-level CMakeLists.txt.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS imcnas RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(IMCNAS_WITH_TORCH)
  # cli/torch_plugin.cpp looks next to the executable, then here (IMCNAS_PLUGIN_RELDIR).
  install(TARGETS imcnas_torch LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/imcnas)
endif()
if(IMCNAS_PYTHON)
  set(IMCNAS_PYTHON_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/python3/dist-packages"
      CACHE STRING "where cmake --install puts the Python module, relative to the prefix")
  install(TARGETS imcnas_python LIBRARY DESTINATION ${IMCNAS_PYTHON_INSTALL_DIR})
endif()

# The libraries a C++ program maps and simulates with: imcnas::systemc pulls in the rest.
set(imcnas_libraries imc_config imc_workloads imc_mapping imc_traces imc_crossbar_math imc_noc imc_systemc)
foreach(lib IN LISTS imcnas_libraries)
  string(REPLACE "imc_" "" export_name ${lib})
  set_target_properties(${lib} PROPERTIES EXPORT_NAME ${export_name})
endforeach()
install(TARGETS ${imcnas_libraries} EXPORT imcnasTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
foreach(dir configs workloads mapping traces systemc_models)
  # Headers, and the .def tables some of them include.
  file(GLOB_RECURSE headers RELATIVE "${PROJECT_SOURCE_DIR}" CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/${dir}/*.h"
       "${PROJECT_SOURCE_DIR}/${dir}/*.def")
  foreach(header IN LISTS headers)
    get_filename_component(header_dir ${header} DIRECTORY)
    install(FILES ${header} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/imcnas/${header_dir})
  endforeach()
endforeach()

set(imcnas_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/imcnas)
install(EXPORT imcnasTargets NAMESPACE imcnas:: DESTINATION ${imcnas_cmake_dir})
configure_package_config_file(cmake/imcnasConfig.cmake.in "${PROJECT_BINARY_DIR}/imcnasConfig.cmake"
                              INSTALL_DESTINATION ${imcnas_cmake_dir})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/imcnasConfigVersion.cmake" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/imcnasConfig.cmake" "${PROJECT_BINARY_DIR}/imcnasConfigVersion.cmake"
        DESTINATION ${imcnas_cmake_dir})

# The prefix is found from the .pc file's own place, so `cmake --install --prefix` works too.
file(RELATIVE_PATH IMCNAS_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
configure_file(cmake/imcnas.pc.in "${PROJECT_BINARY_DIR}/imcnas.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/imcnas.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
