#include "cli/app.h"

int main(int argc, char** argv) { return sg::cli::Run(argc, argv); }
