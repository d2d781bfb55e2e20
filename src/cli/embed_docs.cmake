# Generates a C++ source holding docs/rules/*.md as raw string literals.
# Inputs: DOCS_DIR, OUT.
file(GLOB docs "${DOCS_DIR}/*.md")
list(SORT docs)
set(body "// Generated from docs/rules by embed_docs.cmake. Do not edit.\n#include \"cli/rule_docs.h\"\n\nnamespace sg::cli {\nnamespace {\nstruct Doc { std::string_view id; std::string_view text; };\nconstexpr Doc kDocs[] = {\n")
foreach(doc ${docs})
  get_filename_component(id "${doc}" NAME_WE)
  file(READ "${doc}" text)
  string(APPEND body "  {\"${id}\", R\"sgdoc(${text})sgdoc\"},\n")
endforeach()
string(APPEND body "  {\"\", \"\"},\n};\n}  // namespace\n\nstd::string_view RuleDoc(std::string_view id) {\n  for (const Doc& d : kDocs)\n    if (!d.id.empty() && d.id == id) return d.text;\n  return {};\n}\n\nstd::vector<std::string_view> DocumentedRules() {\n  std::vector<std::string_view> out;\n  for (const Doc& d : kDocs)\n    if (!d.id.empty()) out.push_back(d.id);\n  return out;\n}\n\n}  // namespace sg::cli\n")
file(WRITE "${OUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
