# imcnas_embed_toml(OUT DIR HEADER NAMESPACE FUNCTION): generates OUT, a C++ file defining
# `const std::vector<config::BuiltinToml>& NAMESPACE::FUNCTION()` with every DIR/*.toml.
function(imcnas_embed_toml out dir header namespace function)
  file(GLOB files CONFIGURE_DEPENDS "${dir}/*.toml")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DDIR=${dir} -DOUT=${out} -DHEADER=${header} -DNAMESPACE=${namespace}
            -DTYPE=imc::config::BuiltinToml -DFUNCTION=${function} -P ${PROJECT_SOURCE_DIR}/cmake/embed_toml.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed_toml.cmake
    COMMENT "Embedding ${dir}/*.toml")
endfunction()
