# Writes OUT: a C++ file that embeds every workloads/nets/*.toml as a string.
file(GLOB nets "${NETS_DIR}/*.toml")
list(SORT nets)
set(body "")
foreach(path IN LISTS nets)
  get_filename_component(name "${path}" NAME_WE)
  file(READ "${path}" text)
  string(APPEND body "      {\"${name}\", R\"IMCNAS_TOML(${text})IMCNAS_TOML\"},\n")
endforeach()
file(WRITE "${OUT}.tmp"
"// Generated from workloads/nets/*.toml by workloads/embed_nets.cmake. Do not edit.
#include \"workloads/builtin_nets.h\"

namespace imc::workloads {

const std::vector<BuiltinNet>& builtin_nets() {
  static const std::vector<BuiltinNet> nets{
${body}  };
  return nets;
}

}  // namespace imc::workloads
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
