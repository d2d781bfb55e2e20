#ifndef STEPGUARD_CLI_APP_H_
#define STEPGUARD_CLI_APP_H_

namespace sg::cli {

// Parses argv, runs the chosen command, returns the process exit code.
int Run(int argc, char** argv);

}  // namespace sg::cli

#endif  // STEPGUARD_CLI_APP_H_
