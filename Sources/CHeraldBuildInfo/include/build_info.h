#ifndef HERALD_BUILD_INFO_H
#define HERALD_BUILD_INFO_H

/// The contents of the repository's VERSION file, embedded when this file is compiled (trailing newline included).
const char *herald_build_version(void);

/// The git commit the binary was built from, written by `make dist` into herald_commit.h; empty otherwise, so
/// ordinary builds stay byte-identical from commit to commit.
const char *herald_build_commit(void);

#endif
