import ArgumentParser
struct Generate: ParsableCommand {}
