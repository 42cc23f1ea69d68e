// Entry point: parses the command line and maps failures to exit codes (1 findings, 2 usage).

import ArgumentParser

Logs.bootstrap()
await SharegraphCommand.mainWithUsageExitCode()
