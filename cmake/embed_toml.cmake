# Writes OUT: a C++ file that embeds every DIR/*.toml as a string, for built-in names
# (networks, hardware presets). Called as a script:
#   cmake -DDIR=... -DOUT=... -DHEADER=workloads/builtin_nets.h -DNAMESPACE=imc::workloads
#         -DTYPE=imc::config::BuiltinToml -DFUNCTION=builtin_nets -P cmake/embed_toml.cmake
# (cmake/embed_toml_function.cmake wraps it as imcnas_embed_toml).
file(GLOB files "${DIR}/*.toml")
list(SORT files)
set(body "")
foreach(path IN LISTS files)
  get_filename_component(name "${path}" NAME_WE)
  file(READ "${path}" text)
  string(APPEND body "      {\"${name}\", R\"IMCNAS_TOML(${text})IMCNAS_TOML\"},\n")
endforeach()
file(WRITE "${OUT}.tmp"
"// Generated from ${DIR}/*.toml by cmake/embed_toml.cmake. Do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {

const std::vector<${TYPE}>& ${FUNCTION}() {
  static const std::vector<${TYPE}> items{
${body}  };
  return items;
}

}  // namespace ${NAMESPACE}
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
