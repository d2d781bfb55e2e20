// The parse-only floor for `stepguard lint`: walk the same folder, read every
// *.yml / *.yaml file and parse it with yaml-cpp (YAML::Load), nothing else.
// stepguard cannot be faster than this while it uses yaml-cpp.
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: yaml_floor DIR\n";
    return 2;
  }
  size_t files = 0, nodes = 0, errors = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (!e.is_regular_file()) continue;
    auto ext = e.path().extension();
    if (ext != ".yml" && ext != ".yaml") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    ++files;
    try {
      YAML::Node n = YAML::Load(ss.str());
      nodes += n.size();
    } catch (const YAML::Exception&) {
      ++errors;
    }
  }
  std::cout << files << " files, " << errors << " parse errors, " << nodes
            << " top-level keys\n";
  return 0;
}
