#include "audit/checkout_exec.h"

#include <cctype>

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

namespace {

struct Gadget {
  std::string_view command;  // matched as whole words at a command start
  std::string_view why;
};

// Commands that read build files, lock files or scripts from the working
// directory and run code from them.
constexpr Gadget kGadgets[] = {
    {"npm install", "runs package.json lifecycle scripts"},
    {"npm ci", "runs package.json lifecycle scripts"},
    {"npm i", "runs package.json lifecycle scripts"},
    {"npm run", "runs a package.json script"},
    {"npm test", "runs a package.json script"},
    {"npm start", "runs a package.json script"},
    {"npm publish", "runs package.json lifecycle scripts"},
    {"npx", "runs a package the checkout can define"},
    {"yarn", "runs package.json scripts"},
    {"pnpm", "runs package.json scripts"},
    {"bun install", "runs package.json scripts"},
    {"bun run", "runs a package.json script"},
    {"pip install", "runs setup.py / build backends from the checkout"},
    {"pip3 install", "runs setup.py / build backends from the checkout"},
    {"python setup.py", "runs setup.py"},
    {"python -m pip install",
     "runs setup.py / build backends from the checkout"},
    {"poetry install", "runs build backends from the checkout"},
    {"pytest", "imports conftest.py and tests from the checkout"},
    {"tox", "runs tox.ini commands"},
    {"nox", "runs noxfile.py"},
    {"make", "runs the Makefile"},
    {"cmake", "runs CMakeLists.txt"},
    {"ninja", "runs build rules"},
    {"mvn", "runs Maven plugins from pom.xml"},
    {"./mvnw", "runs the Maven wrapper from the checkout"},
    {"gradle", "runs build.gradle"},
    {"./gradlew", "runs the Gradle wrapper from the checkout"},
    {"cargo build", "runs build.rs"},
    {"cargo test", "runs build.rs and tests"},
    {"cargo run", "runs code from the checkout"},
    {"go generate", "runs go:generate commands"},
    {"go run", "runs code from the checkout"},
    {"go test", "runs tests from the checkout"},
    {"bundle install", "evaluates the Gemfile"},
    {"bundle exec", "runs code from the checkout"},
    {"rake", "runs the Rakefile"},
    {"composer install", "runs composer.json scripts"},
    {"dotnet build", "runs MSBuild targets from the checkout"},
    {"dotnet test", "runs MSBuild targets and tests"},
    {"dotnet restore", "runs MSBuild targets from the checkout"},
    {"msbuild", "runs MSBuild targets from the checkout"},
    {"docker build", "runs the Dockerfile's RUN instructions"},
    {"docker compose", "runs services defined in the checkout"},
    {"pre-commit run", "runs hooks defined in the checkout"},
    {"bash ./", "runs a script from the checkout"},
    {"sh ./", "runs a script from the checkout"},
    {"source ./", "runs a script from the checkout"},
    {"./", "runs a program from the checkout"},
    {"node ", "runs JavaScript from the checkout"},
    {"python ", "runs Python from the checkout"},
    {"python3 ", "runs Python from the checkout"},
};

// Actions that build or run what the checkout contains.
constexpr Gadget kActionGadgets[] = {
    {"docker/build-push-action", "runs the Dockerfile's RUN instructions"},
    {"gradle/gradle-build-action", "runs build.gradle"},
    {"gradle/actions/setup-gradle", "runs build.gradle"},
    {"pre-commit/action", "runs hooks defined in the checkout"},
    {"github/codeql-action/autobuild", "runs the project's build"},
    {"cypress-io/github-action", "installs and runs package.json scripts"},
    {"bahmutov/npm-install", "runs package.json lifecycle scripts"},
    {"borales/actions-yarn", "runs package.json scripts"},
    {"goreleaser/goreleaser-action", "runs hooks from .goreleaser.yml"},
    {"pypa/cibuildwheel", "builds the package from the checkout"},
    {"jfrog/frogbot", "installs the project's dependencies to scan them"},
    {"ruby/setup-ruby", "runs bundle install when bundler-cache is set"},
};

bool CommandStart(std::string_view s, size_t at) {
  size_t k = at;
  while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t')) --k;
  if (k == 0) return true;
  char c = s[k - 1];
  return c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == '`';
}

}  // namespace

size_t FindExecCommand(std::string_view script, size_t* length,
                       std::string* why) {
  size_t best = std::string_view::npos;
  for (const Gadget& g : kGadgets) {
    for (size_t at = script.find(g.command); at != std::string_view::npos;
         at = script.find(g.command, at + 1)) {
      if (!CommandStart(script, at)) continue;
      const size_t end = at + g.command.size();
      // Whole word (commands ending in ' ' or '/' already are).
      if (g.command.back() != ' ' && g.command.back() != '/' &&
          end < script.size() &&
          (std::isalnum(static_cast<unsigned char>(script[end])) ||
           script[end] == '-' || script[end] == '_' || script[end] == '.'))
        continue;
      if (at < best) {
        best = at;
        if (length) *length = g.command.size();
        if (why)
          *why = "`" + std::string(Trim(g.command)) + "` " + std::string(g.why);
      }
      break;
    }
  }
  return best;
}

std::string ExecutesWorkspaceCode(const model::Step& step) {
  if (step.uses.present()) {
    UsesRef ref = ParseUses(step.uses.value);
    if (ref.kind == UsesRef::Kind::kLocal)
      return "a local action from the checkout runs";
    if (ref.kind == UsesRef::Kind::kRepository) {
      std::string full = ToLower(ref.slug());
      if (!ref.subpath.empty()) full += "/" + ToLower(ref.subpath);
      for (const Gadget& g : kActionGadgets) {
        if (full != g.command) continue;
        if (g.command == "ruby/setup-ruby") {
          const model::KeyValue* kv = step.With("bundler-cache");
          if (!kv || ToLower(kv->value.value) != "true") continue;
        }
        return "`" + std::string(g.command) + "` " + std::string(g.why);
      }
    }
  }
  if (step.run.present()) {
    std::string why;
    size_t len = 0;
    if (FindExecCommand(step.run.value, &len, &why) != std::string_view::npos)
      return why;
  }
  return "";
}

}  // namespace sg::audit
